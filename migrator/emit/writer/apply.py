"""Writing: a fresh project through a staging directory, an update through the journal.

Neither path leaves anything of its own behind: a staging directory is removed on any
failure or signal, and the next run removes one left by a process that was killed; an
update's temporary files all live in its transaction directory (see `journal`)."""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import signal
import stat
from pathlib import Path
from typing import Sequence

from migrator.emit.writer.fsutil import (
    fsync_dir, fsync_file, link_or_copy, mkdir_mode, sync_filesystem, write_durable,
)
from migrator.emit.writer.journal import Journal, Op, Txn, poison, rollback
from migrator.emit.writer.lock import DeferredSignals, Interrupted
from migrator.emit.writer.model import (
    DIR_MODE, FILE_MODE, MANIFEST_PATH, ROLLBACK_FAILED, STATE_DIR, TXN_PREFIX, WRITE_FAILED,
    InterruptedWrite, OutputError, ancestors, sha256,
)
from migrator.emit.writer.plan import Plan, Step

_STAGING_TAG = "startos-migrate-staging"


# --- a fresh project -----------------------------------------------------------------------


def _staging_name(out: Path, pid: int, token: str) -> str:
    return f".{out.name[:120]}.{_STAGING_TAG}.{pid}.{token}"


_STAGING = re.compile(r"\..{0,120}\." + re.escape(_STAGING_TAG) + r"\.(\d+)\.[0-9a-f]{16}", re.S)
_SWEPT: set[Path] = set()  # the parent directories this process has swept


def sweep_staging(out: Path) -> None:
    """Remove the staging directories beside OUT whose process is gone (killed mid-build),
    whatever project they were for. Once per directory and process: a batch writes its
    projects side by side, and listing that directory before each was quadratic."""
    if out.parent in _SWEPT:
        return
    try:
        names = os.listdir(out.parent)
    except OSError:
        return
    _SWEPT.add(out.parent)
    for name in names:
        match = _STAGING.fullmatch(name)
        path = out.parent / name
        if match and not _alive(int(match.group(1))):
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, belongs to someone else
    return True


def build_fresh(out: Path, steps: Sequence[Step], signals: DeferredSignals) -> None:
    staging = out.parent / _staging_name(out, os.getpid(), secrets.token_hex(8))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(staging)
    except OSError as exc:
        raise OutputError(WRITE_FAILED, f"cannot create {out}: {exc}", str(out)) from exc
    try:
        # Paths as strings: pathlib's objects were a third of writing a batch's files.
        root = str(staging)
        made = {""}  # the directories made, relative to staging ("": staging itself)
        for step in steps:
            signals.check()
            folder = step.file.path.rpartition("/")[0]
            if folder not in made:  # a mkdir per file was a syscall per file
                os.makedirs(os.path.join(root, folder), exist_ok=True)
                made.update(ancestors(step.file.path))
            write_durable(os.path.join(root, step.file.path), step.file.content,
                          step.file.mode, sync=False)
        directories = [staging / folder for folder in sorted(made)]
        for directory in directories:
            os.chmod(directory, DIR_MODE)  # the umask must not leak in
        # Everything staged is durable before the rename publishes it: one syncfs for the
        # whole tree where Linux has it (a fresh project is ~30 files; an fsync each was most
        # of a batch's time), else an fsync per file and directory.
        if not sync_filesystem(staging):
            for step in steps:
                fsync_file(staging / step.file.path)
            for directory in directories:
                fsync_dir(directory)
        signals.check()
        _rename_onto(staging, out)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, Interrupted):
            raise _interrupted(out, exc, "nothing was written") from None
        if isinstance(exc, OSError):
            raise OutputError(WRITE_FAILED, f"writing {out} failed, nothing was changed: "
                                            f"{exc}", str(out)) from exc
        raise
    fsync_dir(out.parent)


def _rename_onto(staging: Path, out: Path) -> None:
    try:
        os.rename(staging, out)  # POSIX replaces an empty directory atomically
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY) or not out.is_dir():
            raise
        # Platforms that refuse to rename onto a directory: rmdir only succeeds while OUT is
        # still empty, and an empty OUT is restored if the second rename fails too.
        mode = stat.S_IMODE(os.lstat(out).st_mode)
        os.rmdir(out)
        try:
            os.rename(staging, out)
        except BaseException:
            os.mkdir(out, mode)
            raise


def _interrupted(out: Path, exc: Interrupted, what: str) -> InterruptedWrite:
    name = signal.Signals(exc.signum).name
    return InterruptedWrite(exc.signum, f"writing {out} was interrupted by {name}; {what}",
                            str(out))


# --- an update ------------------------------------------------------------------------------


def journal_ops(plan: Plan) -> list[Op]:
    """The plan as an ordered list of operations: removals, prunes, new directories, then
    the files (FILES itself is not one: replacing it is the commit)."""
    ops = [Op("remove", p) for p in plan.removals]
    ops += [Op("rmdir", d) for d in plan.prune]
    ops += [Op("mkdir", d) for d in plan.mkdirs]
    for step in plan.steps:
        f = step.file
        if f.path == MANIFEST_PATH or step.action == "keep":
            continue
        if step.action == "chmod":
            ops.append(Op("chmod", f.path, mode=f.mode))
        else:
            ops.append(Op("put", f.path, mode=f.mode, existed=step.action == "replace",
                          backup=step.backup or "", sha=sha256(f.content)))
    return [Op(**{**op.__dict__, "slot": n}) for n, op in enumerate(ops)]


def apply_update(out: Path, plan: Plan, signals: DeferredSignals) -> None:
    state = out / STATE_DIR
    txn = Txn(out, TXN_PREFIX + secrets.token_hex(8))
    journal: Journal | None = None
    try:
        os.mkdir(txn.root)
        journal = _prepare(out, txn, plan, signals)
        signals.check()
        write_durable(txn.root / "FILES.poison", poison(txn.name), FILE_MODE)
        os.replace(txn.root / "FILES.poison", out / MANIFEST_PATH)
        fsync_dir(state)
        touched = {state}
        for op in journal.ops:
            signals.check()
            _do(out, txn, op)
            touched.add((out / op.path).parent)
        signals.check()
        for directory in sorted(touched):
            fsync_dir(directory)
        os.replace(txn.root / "FILES.new", out / MANIFEST_PATH)  # the commit
    except BaseException as exc:
        failures = rollback(out, journal) if journal is not None else []
        txn.remove()
        error = _failed(out, exc, failures)
        if error is exc:
            raise
        raise error from (None if isinstance(exc, Interrupted) else exc)
    fsync_dir(state)
    txn.remove()
    for rel in plan.debris:
        shutil.rmtree(out / rel, ignore_errors=True)


def _prepare(out: Path, txn: Txn, plan: Plan, signals: DeferredSignals) -> Journal:
    """Stage every new content and write the journal; nothing in OUT changes yet."""
    os.mkdir(txn.root / "new")
    os.mkdir(txn.root / "old")
    files = {s.file.path: s.file for s in plan.steps}
    ops = journal_ops(plan)
    for n, op in enumerate(ops):
        signals.check()
        if op.kind == "put":
            write_durable(txn.new(n), files[op.path].content, op.mode)
        elif op.kind == "chmod":
            ops[n] = Op(**{**op.__dict__, "old_mode": stat.S_IMODE(os.lstat(out / op.path).st_mode)})
        elif op.kind == "rmdir":
            ops[n] = Op(**{**op.__dict__, "mode": stat.S_IMODE(os.lstat(out / op.path).st_mode)})
    manifest = files[MANIFEST_PATH].content
    write_durable(txn.root / "FILES.new", manifest, FILE_MODE)
    journal = Journal(txn.name, tuple(ops), plan.old_manifest, sha256(manifest))
    write_durable(txn.root / "JOURNAL.tmp", journal.to_bytes(), FILE_MODE)
    fsync_dir(txn.root / "new")
    os.replace(txn.root / "JOURNAL.tmp", txn.journal)
    fsync_dir(txn.root)
    fsync_dir(out / STATE_DIR)
    return journal


def _do(out: Path, txn: Txn, op: Op) -> None:
    path = out / op.path
    if op.kind == "remove":
        os.rename(path, txn.old(op.slot))
    elif op.kind == "rmdir":
        os.rmdir(path)
    elif op.kind == "mkdir":
        mkdir_mode(path, DIR_MODE)
    elif op.kind == "chmod":
        os.chmod(path, op.mode)
    elif op.kind == "put":
        if op.existed:
            link_or_copy(path, txn.old(op.slot))
        if op.backup:
            link_or_copy(path, out / op.backup)
        os.replace(txn.new(op.slot), path)


def _failed(out: Path, exc: BaseException, failures: list[str]) -> BaseException:
    if failures:
        return OutputError(ROLLBACK_FAILED, f"writing {out} failed ({exc}) and undoing the "
                                            f"partial update failed too: "
                                            f"{'; '.join(failures)}", str(out))
    if isinstance(exc, Interrupted):
        return _interrupted(out, exc, "the partial update was rolled back and the directory "
                                      "is as it was")
    if isinstance(exc, OSError):
        return OutputError(WRITE_FAILED, f"writing {out} failed, nothing was changed: {exc}",
                           str(out))
    return exc
