"""What the writer works with: generated files, the FILES manifest, reports and errors.

Everything here is pure (no file system access) so each other part of the writer can be
read against it: `plan` decides, `journal` records and undoes, `apply` writes, `lock`
keeps two runs apart."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Sequence

from migrator.diagnostics.record import Diagnostic, Diagnostics, Location, Severity
from migrator.textsafe import file_name_problem

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
LOCKED = "L680"
OUT_IN_WRAPPER = "L681"
RECOVERED = "L682"
BAD_JOURNAL = "L683"
INTERRUPTED = "L684"
RECOVERY_PENDING = "L685"

MANIFEST_PATH = ".startos-migrate/FILES"
MANIFEST_HEADER = "# startos-migrate FILES v1"
BACKUP_SUFFIX = ".orig"
FILE_MODE = 0o644
EXEC_MODE = 0o755
DIR_MODE = 0o755

STATE_DIR = ".startos-migrate"
# Everything private to a run lives in `.startos-migrate/.txn-*` directories: releases
# before the journal already treat such directories as their own debris (never a user file,
# swept after an update), so an older migrator neither reports nor trips over them.
TXN_PREFIX = ".txn-"
LOCK_DIR = f"{STATE_DIR}/{TXN_PREFIX}lock"

_SHA_HEX = frozenset("0123456789abcdef")


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
    # How an interrupted earlier update was settled before this run: "" (there was none),
    # "rolled back" or "completed".
    recovered: str = ""

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


class InterruptedWrite(OutputError):
    """SIGINT, SIGTERM or SIGHUP arrived during a write; the partial work was rolled back."""

    def __init__(self, signum: int, message: str, path: str | None = None) -> None:
        super().__init__(INTERRUPTED, message, path)
        self.signum = signum


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_manifest(files: Sequence[GeneratedFile]) -> bytes:
    lines = [MANIFEST_HEADER]
    lines += [f"{sha256(f.content)}  {f.path}" for f in sorted(files, key=lambda f: f.path)]
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
        if lines[0].startswith(MANIFEST_HEADER):
            raise bad("it marks an interrupted update whose journal is gone; restore the "
                      "project from version control")
        raise bad(f"first line is not {MANIFEST_HEADER!r}")
    if lines[-1] != "":
        raise bad("missing final newline")
    entries: dict[str, str] = {}
    for number, line in enumerate(lines[1:-1], start=2):
        digest, sep, path = line[:64], line[64:66], line[66:]
        if sep != "  " or len(digest) != 64 or not set(digest) <= _SHA_HEX:
            raise bad(f"line {number} is not '<sha256>  <path>'")
        # A tampered manifest must not let a stale-file removal reach outside OUT.
        if path_problem(path) or path in entries:
            raise bad(f"line {number} names an invalid or repeated path {path!r}")
        entries[path] = digest
    return entries


def path_problem(path: object) -> str | None:
    if not isinstance(path, str) or not path:
        return "is empty or not a string"
    problem = file_name_problem(path)
    if problem is not None:
        return problem
    if path.startswith("/"):
        return "is absolute"
    if any(part in ("", ".", "..") for part in path.split("/")):
        return "is not a normalised relative path (empty, '.' or '..' part)"
    return None


def ancestors(path: str) -> list[str]:
    """'a/b/c' -> ['a', 'a/b'] (shallowest first)."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def validate(files: Sequence[GeneratedFile]) -> list[GeneratedFile]:
    seen: set[str] = set()
    for f in files:
        problem = path_problem(f.path)
        if problem is None and (f.path == STATE_DIR or f.path.startswith(STATE_DIR + "/")):
            problem = f"is inside {STATE_DIR}/, which startos-migrate reserves"
        if problem is None and f.path in seen:
            problem = "is generated twice"
        if problem is None and not isinstance(f.content, bytes):
            problem = "has content that is not bytes"
        if problem:
            raise OutputError(BAD_PATH, f"generated path {f.path!r} {problem}")
        seen.add(f.path)
    for f in files:
        for parent in ancestors(f.path):
            if parent in seen:
                raise OutputError(BAD_PATH, f"generated path {parent!r} is both a file and "
                                            f"the directory of {f.path!r}")
    return sorted(files, key=lambda f: f.path)
