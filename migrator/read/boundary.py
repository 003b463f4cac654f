"""The read boundary: every file the migrator reads lies inside the wrapper directory.

`batch` and `diff` run on repositories nobody here wrote. A wrapper could name
`/etc/passwd` as its manifest through a symbolic link, or point `assets: {assets: /abs}`
anywhere; the outside file would be compiled into the output and echoed in diagnostics.
`WrapperBoundary.path` is the one place a wrapper-relative path becomes a path on disk: it
refuses absolute paths, `..` and any symbolic link on the way whose target leaves the
wrapper (R124, at the link), and never follows them. It also holds the per-wrapper budgets
(bytes and values read), so a wrapper cannot multiply the per-file caps by splitting its
input over several files.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from migrator.diagnostics import Diagnostics, Location

MAX_WRAPPER_BYTES = 8 * 1024 * 1024  # all structured inputs together; real ones are < 64 KB
# Values (estimated from separators, see estimate_values) over all inputs; the largest real
# wrapper has ~1 500: 25 000 keeps every reader (tomlkit is the slowest) within seconds.
MAX_WRAPPER_VALUES = 25_000


class WrapperBoundary:
    def __init__(self, root: Path, root_arg: str, diags: Diagnostics) -> None:
        self.root = root
        self.root_arg = root_arg
        self.diags = diags
        self.real_root = root.resolve()
        self.bytes_left = MAX_WRAPPER_BYTES
        self.values_left = MAX_WRAPPER_VALUES
        self._reported: set[str] = set()

    def display(self, relpath: str) -> str:
        return os.path.join(self.root_arg, relpath) if self.root_arg not in ("", ".") else relpath

    def path(self, relpath: str, named_at: Location | None = None,
             what: str = "file", severity: str = "error") -> Path | None:
        """The on-disk path of `relpath`, or None (after R124) when it would leave the
        wrapper. A path that does not exist is returned as is (callers test existence)."""
        norm = posixpath.normpath(relpath) if relpath else "."
        if posixpath.isabs(relpath) or norm == ".." or norm.startswith("../"):
            self._refuse(relpath, named_at or Location(self.display(relpath)),
                         f"the {what} `{_short(relpath)}` lies outside the wrapper directory; "
                         "the migrator reads only files inside it", severity=severity)
            return None
        current = self.root
        for part in Path(norm).parts:
            current = current / part
            if not current.is_symlink():
                continue
            target = _resolve(current)
            if target is None:  # a loop: nothing to read, and not outside either
                link = current.relative_to(self.root).as_posix()
                self._refuse(link, Location(self.display(link)),
                             f"`{link}` is a symbolic link that loops; the {what} "
                             f"`{_short(norm)}` is not read", named_at, severity, code="R114")
                return None
            if not target.is_relative_to(self.real_root):
                link = current.relative_to(self.root).as_posix()
                self._refuse(link, Location(self.display(link)),
                             f"`{link}` is a symbolic link to a place outside the wrapper "
                             f"directory; it is not followed, so the {what} "
                             f"`{_short(norm)}` is not read",
                             named_at, severity)
                return None
        return self.root / norm

    def exists(self, relpath: str, *, kind: str = "file") -> bool:
        """Whether `relpath` is a file (or dir) inside the boundary; a link leaving it is
        reported (R124) and counts as absent."""
        if not os.path.lexists(self.root / relpath):
            return False
        path = self.path(relpath, what=kind)
        if path is None:
            return False
        return path.is_dir() if kind == "directory" else path.is_file()

    def take_bytes(self, size: int, display: str) -> bool:
        if size > self.bytes_left:
            self.diags.error(
                "R125", f"{display} would bring the wrapper's input files over "
                f"{MAX_WRAPPER_BYTES} bytes together; it is not read", at=Location(display),
                hint="legacy manifests, config specs and rules are a few KB each")
            return False  # its bytes are not spent: a smaller file read later may still fit
        self.bytes_left -= size
        return True

    def take_values(self, text: str, display: str) -> bool:
        estimate = estimate_values(text, self.values_left)
        if estimate > self.values_left:
            self.diags.error(
                "R126", f"{display} would bring the wrapper's input files over "
                f"{MAX_WRAPPER_VALUES} values together; it is not read", at=Location(display),
                hint="real config specs and rule files hold a few thousand values at most")
            return False
        self.values_left -= estimate
        return True

    def note_link(self, path: Path) -> None:
        """Warn (R124) about a symbolic link the carried-files walk meets that leaves the
        wrapper: it is skipped, and the user should know which ones were left behind."""
        target = _resolve(path)
        if target is None or target.is_relative_to(self.real_root):
            return  # a loop (reported where it is read, if it is), or a link inside
        link = path.relative_to(self.root).as_posix()
        self._refuse(link, Location(self.display(link)),
                     f"`{link}` is a symbolic link to a place outside the wrapper "
                     "directory; it is not followed, and not carried into the output",
                     severity="warning")

    def _refuse(self, key: str, at: Location, message: str,
                named_at: Location | None = None, severity: str = "error",
                code: str = "R124") -> None:
        if key in self._reported:
            return
        self._reported.add(key)
        hint = f"named at {named_at}" if named_at is not None and named_at != at else None
        getattr(self.diags, severity)(
            code, message, at=at, hint=hint or "copy the file into the wrapper instead of "
            "linking it")


def _resolve(path: Path) -> Path | None:
    """Where a link leads, or None for a loop (pathlib raises RuntimeError on 3.11, OSError
    ELOOP on later versions)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def estimate_values(text: str, limit: int) -> int:
    """An upper-bound-ish count of the values in a YAML/JSON/TOML/TS text, in C speed: every
    value needs a line, a comma or an opening bracket of its own (flow maps count one per
    pair, which is close enough for a cap 60 times the largest real wrapper)."""
    count = text.count(",")
    if count > limit:
        return count
    return count + text.count("\n") + text.count("[") + text.count("{")


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:60] + f"…({len(text)} characters)"
