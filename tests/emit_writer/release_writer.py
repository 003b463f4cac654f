"""FROZEN COPY of migrator/emit/writer.py as released before the journal (commit 44574ff),
without its docstring. Not used by the migrator: the crash tests run it on a directory left
by an interrupted update, to prove that a migrator which does not know the journal does no
harm there (it refuses, or produces a consistent project; never spurious .orig files).
Do not edit."""

from __future__ import annotations

import errno
import hashlib
import os
import posixpath
import secrets
import shutil
import stat
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

from migrator.diagnostics.record import Diagnostic, Diagnostics, Location, Severity

NOT_EMPTY = "L630"
COLLISION = "L631"
BACKUP_EXISTS = "L632"
BAD_MANIFEST = "L633"
BAD_PATH = "L634"
SYMLINK = "L635"
NOT_A_DIRECTORY = "L636"
WRITE_FAILED = "L637"
ROLLBACK_FAILED = "L638"
UNREADABLE = "L639"

MANIFEST_PATH = ".startos-migrate/FILES"
MANIFEST_HEADER = "# startos-migrate FILES v1"
BACKUP_SUFFIX = ".orig"
FILE_MODE = 0o644
EXEC_MODE = 0o755
DIR_MODE = 0o755

_STATE_DIR = posixpath.dirname(MANIFEST_PATH)
_STASH_PREFIX = ".txn-"
_SHA_HEX = frozenset("0123456789abcdef")


# --- public API ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # posix, relative to the output directory
    content: bytes
    executable: bool = False

    @property
    def mode(self) -> int:
        return EXEC_MODE if self.executable else FILE_MODE


@dataclass(frozen=True)
class WriteReport:
    """What a run did (or, for a plan, would do). All tuples are sorted posix paths."""

    written: tuple[str, ...]  # generated files created or changed (content or mode)
    unchanged: tuple[str, ...]  # generated files already exactly right
    removed_stale: tuple[str, ...]  # files we generated before and no longer generate
    kept_user_files: tuple[str, ...]  # files under OUT we do not own, left as they are

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed_stale)


class OutputError(Exception):
    """The output directory cannot be written safely; nothing was changed."""

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.path = path

    def to_diagnostic(self) -> Diagnostic:
        where = Location(self.path) if self.path else None
        return Diagnostic(Severity.ERROR, self.code, self.message, where)

    def report(self, diags: Diagnostics) -> Diagnostic:
        return diags.add(self.to_diagnostic())


def write_project(out_dir: Path, files: Sequence[GeneratedFile], *, force: bool = False,
                  dry_run: bool = False) -> WriteReport:
    """Write `files` (plus the manifest) to `out_dir` under the rules of the module docstring."""
    out = Path(out_dir).absolute()
    try:
        plan = _plan(out, files, force=force)
    except OSError as exc:
        raise OutputError(UNREADABLE, f"cannot inspect {out}: {exc}", str(out)) from exc
    if not dry_run and plan.changed:
        if plan.fresh:
            _build_fresh(out, plan.steps)
        else:
            _apply_update(out, plan)
    return plan.report()


def plan_project(out_dir: Path, files: Sequence[GeneratedFile], *,
                 force: bool = False) -> WriteReport:
    """What `write_project` would do (raising the same errors); writes nothing."""
    return write_project(out_dir, files, force=force, dry_run=True)


def render_manifest(files: Sequence[GeneratedFile]) -> bytes:
    lines = [MANIFEST_HEADER]
    lines += [f"{_sha256(f.content)}  {f.path}" for f in sorted(files, key=lambda f: f.path)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def parse_manifest(data: bytes, where: str = MANIFEST_PATH) -> dict[str, str]:
    """{path: sha256} from a manifest; a manifest we cannot fully trust is an error (L633)."""
    def bad(why: str) -> OutputError:
        return OutputError(BAD_MANIFEST, f"{where} is not a startos-migrate manifest ({why}); "
                                         "fix or remove it", where)

    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise bad("not UTF-8") from None
    if lines[0] != MANIFEST_HEADER:
        raise bad(f"first line is not {MANIFEST_HEADER!r}")
    if lines[-1] != "":
        raise bad("missing final newline")
    entries: dict[str, str] = {}
    for number, line in enumerate(lines[1:-1], start=2):
        digest, sep, path = line[:64], line[64:66], line[66:]
        if sep != "  " or len(digest) != 64 or not set(digest) <= _SHA_HEX:
            raise bad(f"line {number} is not '<sha256>  <path>'")
        # A tampered manifest must not let a stale-file removal reach outside OUT.
        if _path_problem(path) or path in entries:
            raise bad(f"line {number} names an invalid or repeated path {path!r}")
        entries[path] = digest
    return entries


# --- paths ---------------------------------------------------------------------------------


def _path_problem(path: object) -> str | None:
    if not isinstance(path, str) or not path:
        return "is empty or not a string"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path) or "\\" in path:
        return "contains a control character or a backslash"
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode"
    if path.startswith("/"):
        return "is absolute"
    if any(part in ("", ".", "..") for part in path.split("/")):
        return "is not a normalised relative path (empty, '.' or '..' part)"
    return None


def _ancestors(path: str) -> list[str]:
    """'a/b/c' -> ['a', 'a/b'] (shallowest first)."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _validate(files: Sequence[GeneratedFile]) -> list[GeneratedFile]:
    seen: set[str] = set()
    for f in files:
        problem = _path_problem(f.path)
        if problem is None and (f.path == _STATE_DIR or f.path.startswith(_STATE_DIR + "/")):
            problem = f"is inside {_STATE_DIR}/, which startos-migrate reserves"
        if problem is None and f.path in seen:
            problem = "is generated twice"
        if problem is None and not isinstance(f.content, bytes):
            problem = "has content that is not bytes"
        if problem:
            raise OutputError(BAD_PATH, f"generated path {f.path!r} {problem}")
        seen.add(f.path)
    for f in files:
        for parent in _ancestors(f.path):
            if parent in seen:
                raise OutputError(BAD_PATH, f"generated path {parent!r} is both a file and "
                                            f"the directory of {f.path!r}")
    return sorted(files, key=lambda f: f.path)


# --- looking at the output directory ------------------------------------------------------


@dataclass(frozen=True)
class _Tree:
    """Every entry under OUT, found without following symlinks: {posix path: kind}."""

    kinds: Mapping[str, str]  # kind: "dir" | "file" | "symlink" | "other"

    def under(self, directory: str) -> Iterator[tuple[str, str]]:
        prefix = directory + "/"
        return ((p, k) for p, k in self.kinds.items() if p.startswith(prefix))


def _scan(out: Path) -> _Tree:
    kinds: dict[str, str] = {}

    def walk(directory: Path, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    kinds[rel] = "symlink"
                elif entry.is_dir(follow_symlinks=False):
                    kinds[rel] = "dir"
                    walk(Path(entry.path), rel + "/")
                elif entry.is_file(follow_symlinks=False):
                    kinds[rel] = "file"
                else:
                    kinds[rel] = "other"

    walk(out, "")
    return _Tree(kinds)


def _out_state(out: Path) -> str:
    """'missing', 'empty' or 'full'; anything that is not a real directory is refused."""
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return "missing"
    except NotADirectoryError:
        raise OutputError(NOT_A_DIRECTORY, f"{out} cannot be created: a parent is a file",
                          str(out)) from None
    if stat.S_ISLNK(st.st_mode):
        # Following it could write into a directory the user never named; ask for the target.
        raise OutputError(NOT_A_DIRECTORY, f"{out} is a symbolic link; pass the directory it "
                                           "points to", str(out))
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(NOT_A_DIRECTORY, f"{out} exists and is not a directory", str(out))
    with os.scandir(out) as entries:
        return "full" if any(True for _ in entries) else "empty"


def _read_old_manifest(out: Path, tree: _Tree) -> dict[str, str] | None:
    kind = tree.kinds.get(MANIFEST_PATH)
    if kind is None:
        return None
    where = str(out / MANIFEST_PATH)
    if kind == "symlink":
        raise OutputError(SYMLINK, f"{where} is a symbolic link; it will not be followed", where)
    if kind != "file":
        raise OutputError(BAD_MANIFEST, f"{where} is not a regular file", where)
    return parse_manifest((out / MANIFEST_PATH).read_bytes(), where)


# --- planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    """One generated file and what happens to it: create, replace, chmod or keep."""

    file: GeneratedFile
    action: str
    backup: str | None = None  # where a user-edited copy is kept before replacing it


@dataclass(frozen=True)
class _Plan:
    fresh: bool  # build in a temp dir and rename onto OUT
    steps: tuple[_Step, ...]  # project files sorted, the manifest last (it commits the run)
    removals: tuple[str, ...] = ()
    prune: tuple[str, ...] = ()  # directories to remove, deepest first
    kept: tuple[str, ...] = ()
    debris: tuple[str, ...] = ()  # stash directories an interrupted earlier run left behind

    @property
    def changed(self) -> bool:
        return self.report().changed

    def report(self) -> WriteReport:
        written = sorted(s.file.path for s in self.steps if s.action != "keep")
        unchanged = sorted(s.file.path for s in self.steps if s.action == "keep")
        return WriteReport(tuple(written), tuple(unchanged), tuple(sorted(self.removals)),
                           tuple(sorted(self.kept)))


class _Problems:
    """Collects every refusal of one plan so the user sees them all, then raises once."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.items: list[tuple[str, str, str]] = []

    def add(self, code: str, rel: str, why: str) -> None:
        self.items.append((code, rel, why))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        code = self.items[0][0]
        same = [(rel, why) for c, rel, why in self.items if c == code]
        lines = "; ".join(f"{rel}: {why}" for rel, why in same)
        others = len(self.items) - len(same)
        tail = f" (and {others} other problem{'s' * (others != 1)})" if others else ""
        raise OutputError(code, f"refusing to write {self.out}: {lines}{tail}",
                          str(self.out / same[0][0]))


def _plan(out: Path, files: Sequence[GeneratedFile], *, force: bool) -> _Plan:
    project = _validate(files)
    outputs = project + [GeneratedFile(MANIFEST_PATH, render_manifest(project))]
    state = _out_state(out)
    if state != "full":
        return _Plan(True, tuple(_Step(f, "create") for f in outputs))
    refusal = OutputError(NOT_EMPTY, f"{out} is not empty; pass --force to update a project "
                                     "startos-migrate generated", str(out))
    tree = _scan(out)
    if force:
        return _plan_update(out, tree, outputs, _read_old_manifest(out, tree))
    if tree.kinds.get(MANIFEST_PATH) != "file":
        raise refusal
    try:
        plan = _plan_update(out, tree, outputs, _read_old_manifest(out, tree))
    except OutputError:
        raise refusal from None
    if plan.changed:
        raise refusal
    return plan


def _plan_update(out: Path, tree: _Tree, outputs: list[GeneratedFile],
                 old: dict[str, str] | None) -> _Plan:
    new_paths = {f.path for f in outputs}
    removals = _stale_removals(out, tree, old or {}, new_paths)
    prune = _prunable_dirs(tree, removals, new_paths)
    problems = _Problems(out)
    steps = [_step_for(out, tree, f, old, removals, set(prune), new_paths, problems)
             for f in outputs]
    problems.raise_if_any()
    backups = [s.backup for s in steps if s and s.backup]
    debris = _debris(tree)
    kept = [p for p, k in tree.kinds.items()
            if k != "dir" and p not in new_paths and p not in removals
            and not any(p.startswith(d + "/") for d in debris)] + backups
    return _Plan(False, tuple(s for s in steps if s), tuple(sorted(removals)), prune,
                 tuple(sorted(kept)), debris)


def _debris(tree: _Tree) -> tuple[str, ...]:
    """Our stash directories left by a crash; they hold only regenerable generated files."""
    prefix = f"{_STATE_DIR}/{_STASH_PREFIX}"
    return tuple(sorted(p for p, k in tree.kinds.items()
                        if k == "dir" and p.startswith(prefix) and "/" not in p[len(prefix):]))


def _stale_removals(out: Path, tree: _Tree, old: Mapping[str, str],
                    new_paths: set[str]) -> frozenset[str]:
    removals = set()
    for path, digest in old.items():
        # Only a regular file reached through real directories can be ours; anything else
        # there now (a symlink, a directory, nothing) was put there by the user or is gone.
        if path in new_paths or tree.kinds.get(path) != "file":
            continue
        # An edited stale file now belongs to the user: keep it.
        if _sha256((out / path).read_bytes()) == digest:
            removals.add(path)
    return frozenset(removals)


def _prunable_dirs(tree: _Tree, removals: frozenset[str], new_paths: set[str]) -> tuple[str, ...]:
    """Directories that hold nothing but stale files we remove, and no generated path."""
    needed = {a for p in new_paths for a in _ancestors(p)}
    touched = {a for p in removals for a in _ancestors(p)} - needed
    roots = {d for d in touched if tree.kinds.get(d) == "dir"
             and all(k == "dir" or p in removals for p, k in tree.under(d))}
    # rmdir needs the empty sub-directories of a pruned directory gone as well.
    every = roots | {p for d in roots for p, k in tree.under(d) if k == "dir"}
    return tuple(sorted(every, key=lambda d: (-d.count("/"), d)))


def _step_for(out: Path, tree: _Tree, f: GeneratedFile, old: dict[str, str] | None,
              removals: frozenset[str], prune: set[str], new_paths: set[str],
              problems: _Problems) -> _Step | None:
    blocked = _blocked_by(tree, f.path, removals)
    if blocked:
        problems.add(*blocked)
        return None
    kind = tree.kinds.get(f.path)
    if kind is None or (kind == "dir" and f.path in prune):
        return _Step(f, "create")
    if kind == "symlink":
        problems.add(SYMLINK, f.path, "is a symbolic link; it will not be written through")
        return None
    if kind != "file":
        problems.add(COLLISION, f.path, f"is a {kind} startos-migrate did not generate")
        return None
    disk = (out / f.path).read_bytes()
    if disk == f.content:
        same_mode = stat.S_IMODE(os.lstat(out / f.path).st_mode) == f.mode
        return _Step(f, "keep" if same_mode else "chmod")
    if f.path == MANIFEST_PATH:
        return _Step(f, "replace")
    if old is None or f.path not in old:
        problems.add(COLLISION, f.path, "is a file startos-migrate did not generate; "
                                        "it will not be overwritten")
        return None
    if _sha256(disk) == old[f.path]:
        return _Step(f, "replace")
    return _backup_step(tree, f, new_paths, problems)


def _backup_step(tree: _Tree, f: GeneratedFile, new_paths: set[str],
                 problems: _Problems) -> _Step | None:
    """The user edited a file we generated: keep their copy as <path>.orig, never clobbering."""
    backup = f.path + BACKUP_SUFFIX
    if backup in tree.kinds or backup in new_paths:
        problems.add(BACKUP_EXISTS, f.path, f"was edited since it was generated and {backup} "
                                            "already exists; move one of them away")
        return None
    return _Step(f, "replace", backup)


def _blocked_by(tree: _Tree, path: str, removals: frozenset[str]) -> tuple[str, str, str] | None:
    """A problem with a directory on the way to `path`, or None when it can be reached."""
    for parent in _ancestors(path):
        kind = tree.kinds.get(parent)
        if kind is None or (kind == "file" and parent in removals):
            return None  # it and everything below it will be created
        if kind == "symlink":
            return (SYMLINK, path, f"its directory {parent} is a symbolic link; "
                                   "it will not be followed")
        if kind != "dir":
            return (COLLISION, path, f"its directory {parent} is a {kind} "
                                     "startos-migrate will not replace")
    return None


# --- writing: a fresh project ---------------------------------------------------------------


def _build_fresh(out: Path, steps: Sequence[_Step]) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    except OSError as exc:
        raise OutputError(WRITE_FAILED, f"cannot create {out}: {exc}", str(out)) from exc
    try:
        for step in steps:
            _write_new_file(staging, step.file)
        for directory in sorted({staging} | {p.parent for p in staging.rglob("*")}):
            os.chmod(directory, DIR_MODE)  # mkdtemp makes 0o700; the umask must not leak in
            _fsync_dir(directory)
        _rename_onto(staging, out)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(WRITE_FAILED, f"writing {out} failed, nothing was changed: "
                                            f"{exc}", str(out)) from exc
        raise
    _fsync_dir(out.parent)


def _write_new_file(root: Path, f: GeneratedFile) -> None:
    target = root / f.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as fh:
        fh.write(f.content)
        fh.flush()
        os.fchmod(fh.fileno(), f.mode)
        os.fsync(fh.fileno())


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


# --- writing: updating an existing project, journalled ------------------------------------


class _Journal:
    """Applies changes to OUT and remembers how to undo each one, newest last."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.undo: list[Callable[[], None]] = []
        self.touched_dirs: set[Path] = set()
        self._stash: Path | None = None

    def stash(self) -> Path:
        """A private directory (same filesystem as OUT) holding what we replace or remove."""
        if self._stash is None:
            self.ensure_parents(MANIFEST_PATH)
            self._stash = Path(tempfile.mkdtemp(dir=self.out / _STATE_DIR,
                                                prefix=_STASH_PREFIX))
            self.undo.append(partial(shutil.rmtree, self._stash))
        return self._stash

    def remove(self, rel: str) -> None:
        source, kept = self.out / rel, self.stash() / secrets.token_hex(8)
        os.rename(source, kept)
        self.undo.append(partial(os.rename, kept, source))
        self.touched_dirs.add(source.parent)

    def rmdir(self, rel: str) -> None:
        path = self.out / rel
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        os.rmdir(path)
        self.undo.append(partial(_mkdir_mode, path, mode))
        self.touched_dirs.add(path.parent)

    def ensure_parents(self, rel: str) -> None:
        for parent in _ancestors(rel):
            path = self.out / parent
            if not os.path.lexists(path):
                _mkdir_mode(path, DIR_MODE)
                self.undo.append(partial(os.rmdir, path))
                self.touched_dirs.add(path.parent)

    def chmod(self, rel: str, mode: int) -> None:
        path = self.out / rel
        old = stat.S_IMODE(os.lstat(path).st_mode)
        os.chmod(path, mode)
        self.undo.append(partial(os.chmod, path, old))

    def keep_copy(self, rel: str, copy_rel: str) -> None:
        copy = self.out / copy_rel
        _link_or_copy(self.out / rel, copy)
        self.undo.append(partial(os.unlink, copy))
        self.touched_dirs.add(copy.parent)

    def put(self, f: GeneratedFile, *, existed: bool) -> None:
        target = self.out / f.path
        if existed:
            saved = self.stash() / secrets.token_hex(8)
            _link_or_copy(target, saved)
            self.undo.append(partial(os.replace, saved, target))
        self.ensure_parents(f.path)
        temp = _write_temp(target.parent, target.name, f)
        try:
            os.replace(temp, target)
        except BaseException:
            _unlink_quietly(temp)
            raise
        if not existed:
            self.undo.append(partial(os.unlink, target))
        self.touched_dirs.add(target.parent)

    def rollback(self) -> list[str]:
        failures = []
        for undo in reversed(self.undo):
            try:
                undo()
            except OSError as exc:
                failures.append(str(exc))
        return failures

    def commit(self) -> None:
        for directory in sorted(self.touched_dirs):
            if directory.exists():
                _fsync_dir(directory)
        if self._stash is not None:
            # Only unedited generated files are in here, so a failed cleanup loses nothing;
            # the next update that writes sweeps the leftover (see _debris).
            shutil.rmtree(self._stash, ignore_errors=True)


def _apply_update(out: Path, plan: _Plan) -> None:
    journal = _Journal(out)
    try:
        for rel in plan.removals:
            journal.remove(rel)
        for rel in plan.prune:
            journal.rmdir(rel)
        for step in plan.steps:
            _apply_step(journal, step)
    except BaseException as exc:
        failures = journal.rollback()
        if failures:
            raise OutputError(ROLLBACK_FAILED, f"writing {out} failed ({exc}) and undoing the "
                                               f"partial update failed too: "
                                               f"{'; '.join(failures)}", str(out)) from exc
        if isinstance(exc, OSError):
            raise OutputError(WRITE_FAILED, f"writing {out} failed, nothing was changed: "
                                            f"{exc}", str(out)) from exc
        raise
    journal.commit()
    for rel in plan.debris:
        shutil.rmtree(out / rel, ignore_errors=True)


def _apply_step(journal: _Journal, step: _Step) -> None:
    if step.action == "chmod":
        journal.chmod(step.file.path, step.file.mode)
    elif step.action == "create":
        journal.put(step.file, existed=False)
    elif step.action == "replace":
        if step.backup:
            journal.keep_copy(step.file.path, step.backup)
        journal.put(step.file, existed=True)


# --- small filesystem helpers --------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_temp(directory: Path, name: str, f: GeneratedFile) -> Path:
    """A fsynced temporary copy of `f` in `directory`, ready for an atomic os.replace."""
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(f.content)
            fh.flush()
            os.fchmod(fh.fileno(), f.mode)
            os.fsync(fh.fileno())
    except BaseException:
        _unlink_quietly(Path(temp))
        raise
    return Path(temp)


def _link_or_copy(source: Path, dest: Path) -> None:
    """Preserve `source` at `dest`; both fail rather than overwrite an existing `dest`."""
    try:
        os.link(source, dest)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # filesystems without hard links: fall back to a copy
    with open(source, "rb") as src, open(dest, "xb") as dst:
        shutil.copyfileobj(src, dst)
        os.fchmod(dst.fileno(), stat.S_IMODE(os.fstat(src.fileno()).st_mode))
        os.fsync(dst.fileno())


def _mkdir_mode(path: Path, mode: int) -> None:
    os.mkdir(path)
    os.chmod(path, mode)  # mkdir's mode argument is filtered by the umask


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_dir(path: Path) -> None:
    """Make renames in `path` durable; some filesystems cannot fsync a directory."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
