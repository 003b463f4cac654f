"""The journal of an update, and recovery from an interrupted one.

An update runs inside a private transaction directory `.startos-migrate/.txn-<id>/`:

    new/<n>    the content of operation n, staged and fsynced before anything changes
    old/<n>    what operation n replaced or removed, preserved (hard link or rename)
    JOURNAL    every operation, in order, and the manifest as it was (written atomically
               after the staging, before the first change)

Then `.startos-migrate/FILES` is atomically replaced by a *marker* (`poison`) whose first
line is not a manifest header, the operations run, and the new manifest is renamed onto
FILES last: that rename is the commit. So at any instant:

* FILES is the old manifest: nothing has changed yet (or a rollback has finished);
* FILES is the marker: an update is half done. Every release of startos-migrate, the ones
  before the journal included, refuses a directory whose FILES does not parse (L633), so
  no older version mistakes half-replaced files for user edits (the `.orig` flood);
* FILES is the new manifest: the update is complete; only the cleanup may be missing.

The next run that takes the lock (`recover`) rolls an uncommitted update back, operation by
operation in reverse; each undo checks the disk first, so a rollback interrupted in its turn
is simply run again. Older releases treat `.txn-*` directories as their own debris (never a
user file, swept after an update), so nothing here shows up in their reports either.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from migrator.emit.writer.fsutil import (
    fsync_dir, is_real_dir, is_real_file, mkdir_mode, read_if_file, replace_durable,
    unlink_quietly,
)
from migrator.emit.writer.model import (
    BAD_JOURNAL, FILE_MODE, LOCK_DIR, MANIFEST_HEADER, MANIFEST_PATH, RECOVERY_PENDING,
    ROLLBACK_FAILED, STATE_DIR, TXN_PREFIX, OutputError, ancestors, path_problem, sha256,
)

JOURNAL_NAME = "JOURNAL"
JOURNAL_FORMAT = "startos-migrate journal v1"


@dataclass(frozen=True)
class Op:
    """One change to OUT. `slot` names its staged content (new/<slot>) and its preserved
    original (old/<slot>) in the transaction directory."""

    kind: str  # "remove" | "rmdir" | "mkdir" | "put" | "chmod"
    path: str
    slot: int = -1
    mode: int = 0  # rmdir: the directory's mode; put, chmod: the file's new mode
    old_mode: int = 0  # chmod: the mode to restore
    existed: bool = False  # put: replaces a file we generated
    backup: str = ""  # put: where the user's edited copy is kept first
    sha: str = ""  # put: sha256 of the new content


@dataclass(frozen=True)
class Journal:
    txn: str  # the transaction directory's name under .startos-migrate/
    ops: tuple[Op, ...]
    old_manifest: bytes | None  # FILES before the run (None: there was none)
    new_manifest_sha: str

    def to_bytes(self) -> bytes:
        old = None if self.old_manifest is None else self.old_manifest.decode("utf-8")
        doc = {"format": JOURNAL_FORMAT, "txn": self.txn, "old_manifest": old,
               "new_manifest_sha": self.new_manifest_sha, "ops": [asdict(op) for op in self.ops]}
        return (json.dumps(doc, indent=0, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> "Journal":
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != JOURNAL_FORMAT:
            raise ValueError(f"format is not {JOURNAL_FORMAT!r}")
        old = doc["old_manifest"]
        ops = tuple(Op(**op) for op in doc["ops"])
        for op in ops:
            # A tampered journal must not let a rollback reach outside OUT.
            if op.kind not in ("remove", "rmdir", "mkdir", "put", "chmod") or \
                    path_problem(op.path) or (op.backup and path_problem(op.backup)) or \
                    not isinstance(op.slot, int) or op.path.startswith(STATE_DIR + "/"):
                raise ValueError(f"invalid operation {op}")
        return cls(doc["txn"], ops, None if old is None else old.encode("utf-8"),
                   doc["new_manifest_sha"])

    def committed(self, files_now: bytes | None) -> bool:
        """The new manifest is in place. (When it equals the old one, the update only changed
        modes; rolling that back is as exact as finishing it, and needs no guess.)"""
        return files_now is not None and sha256(files_now) == self.new_manifest_sha \
            and files_now != self.old_manifest


class Txn:
    """Paths inside one transaction directory."""

    def __init__(self, out: Path, name: str) -> None:
        self.out = out
        self.name = name
        self.root = out / STATE_DIR / name

    def new(self, slot: int) -> Path:
        return self.root / "new" / str(slot)

    def old(self, slot: int) -> Path:
        return self.root / "old" / str(slot)

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL_NAME

    def remove(self) -> None:
        """Forget the journal first: a directory without one holds nothing to recover."""
        unlink_quietly(self.journal)
        fsync_dir(self.root)
        shutil.rmtree(self.root, ignore_errors=True)


def poison(txn: str) -> bytes:
    """What FILES holds while an update is half done (see the module docstring)."""
    return (f"{MANIFEST_HEADER} -- UPDATE IN PROGRESS, NOT A MANIFEST\n"
            f"# A `startos-migrate convert --force` was interrupted while updating this\n"
            f"# directory; its journal is {STATE_DIR}/{txn}/{JOURNAL_NAME}. Run startos-migrate\n"
            f"# convert again (a version that knows journals) to roll it back first.\n"
            ).encode("utf-8")


# --- rollback ------------------------------------------------------------------------------


def rollback(out: Path, journal: Journal) -> list[str]:
    """Undo every operation of `journal` that reached the disk, newest first, then restore
    FILES. Returns the failures (empty when OUT is exactly as it was)."""
    txn = Txn(out, journal.txn)
    failures = []
    for op in reversed(journal.ops):
        try:
            _undo(out, txn, op)
        except OSError as exc:
            failures.append(f"{op.path}: {exc}")
    try:
        _restore_manifest(out, txn, journal)
    except OSError as exc:
        failures.append(f"{MANIFEST_PATH}: {exc}")
    for directory in sorted({(out / op.path).parent for op in journal.ops}):
        if is_real_dir(directory):
            fsync_dir(directory)
    return failures


def _undo(out: Path, txn: Txn, op: Op) -> None:
    for rel in [*ancestors(op.path), *ancestors(op.backup or op.path)]:
        if os.path.islink(out / rel):  # planted after the crash: never written through
            raise OSError(f"{rel} became a symbolic link; it will not be followed")
    path = out / op.path
    saved = txn.old(op.slot)
    if op.kind == "chmod":
        if is_real_file(path):
            os.chmod(path, op.old_mode)
    elif op.kind == "put":
        if op.backup and is_real_file(saved):
            _drop_backup(out / op.backup, saved)
        if op.existed:
            if is_real_file(saved):
                os.replace(saved, path)  # a no-op when both are still the same inode
        elif is_real_file(path) and sha256(path.read_bytes()) == op.sha:
            os.unlink(path)
    elif op.kind == "mkdir":
        if is_real_dir(path):
            os.rmdir(path)
    elif op.kind == "rmdir":
        if not os.path.lexists(path):
            mkdir_mode(path, op.mode)
    elif op.kind == "remove":
        if not os.path.lexists(path) and is_real_file(saved):
            os.rename(saved, path)


def _drop_backup(backup: Path, original: Path) -> None:
    """Remove the `.orig` copy made by this update (it is the preserved original: the same
    inode, or the same bytes when the file system has no hard links)."""
    if not is_real_file(backup):
        return
    if os.path.samefile(backup, original) or backup.read_bytes() == original.read_bytes():
        os.unlink(backup)


def _restore_manifest(out: Path, txn: Txn, journal: Journal) -> None:
    manifest = out / MANIFEST_PATH
    now = read_if_file(manifest)
    if journal.old_manifest is None:
        if now is not None:
            os.unlink(manifest)
    elif now != journal.old_manifest:
        replace_durable(manifest, journal.old_manifest, FILE_MODE, txn.root / "FILES.restore")
    fsync_dir(manifest.parent)


# --- recovery ------------------------------------------------------------------------------


def _transactions(out: Path) -> list[Txn]:
    state = out / STATE_DIR
    if not is_real_dir(state):
        return []
    lock = LOCK_DIR.rsplit("/", 1)[1]
    names = sorted(n for n in os.listdir(state) if n.startswith(TXN_PREFIX) and n != lock)
    return [Txn(out, n) for n in names if is_real_dir(state / n)]


def _load(txn: Txn) -> Journal | None:
    if not is_real_file(txn.journal):
        return None
    try:
        journal = Journal.from_bytes(txn.journal.read_bytes())
        if journal.txn != txn.name:
            raise ValueError("it belongs to another transaction directory")
        return journal
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        where = str(txn.journal)
        raise OutputError(BAD_JOURNAL, f"the journal of an interrupted update, {where}, cannot "
                                       f"be read ({exc}); nothing was changed. Restore the "
                                       "project from version control, then remove "
                                       f"{txn.root}", where) from None


def recover(out: Path) -> str:
    """Settle whatever an interrupted run left in OUT (the caller holds the lock): an
    uncommitted update is rolled back, a committed one only cleaned up, and transaction
    directories without a journal (nothing of them reached OUT) are removed.
    Returns "" (nothing to recover), "rolled back" or "completed"."""
    outcome = ""
    for txn in _transactions(out):
        journal = _load(txn)
        if journal is not None:
            if journal.committed(read_if_file(out / MANIFEST_PATH)):
                outcome = outcome or "completed"
            else:
                failures = rollback(out, journal)
                if failures:
                    raise OutputError(ROLLBACK_FAILED, f"an interrupted update of {out} could "
                                                       "not be rolled back: "
                                                       f"{'; '.join(failures)}", str(out))
                outcome = "rolled back"
        txn.remove()
    return outcome


def has_journal(out: Path) -> bool:
    return any(is_real_file(txn.journal) for txn in _transactions(out))


def refuse_if_pending(out: Path) -> None:
    """For a plan (which writes nothing): an uncommitted update must be rolled back by a
    writing run before anything can be planned against OUT."""
    for txn in _transactions(out):
        journal = _load(txn)
        if journal is not None and not journal.committed(read_if_file(out / MANIFEST_PATH)):
            raise OutputError(RECOVERY_PENDING, f"{out} holds an interrupted update "
                                                f"({txn.journal}); run `convert --force` once "
                                                "to roll it back, then plan again", str(out))
