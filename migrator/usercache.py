"""The user's private cache directory: parser tables and compiled templates that outlive one
process (they are what a short `convert` call would otherwise spend most of its time on).

Cached files are code or pickles, so a directory is used only if this user owns it and
nobody else can write to it; anywhere unusual (no home, a foreign or shared directory) the
caller simply works without a cache.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def private_cache_dir(name: str) -> Path | None:
    """`$XDG_CACHE_HOME/startos-migrate/NAME` (default `~/.cache/...`), created 0700."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    directory = Path(base) / "startos-migrate" / name
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path in (directory.parent, directory):
            st = os.lstat(path)
            if not (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
                    and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return None
    except OSError:
        return None
    return directory


def read_private(path: str | os.PathLike[str]) -> bytes | None:
    """The bytes of a cache file this user owns; None when it is missing, unreadable or
    someone else's (its content may be code)."""
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_uid != os.getuid():
                return None
            return fh.read()
    except OSError:
        return None


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace a cache file whole, so a concurrent run reads the old file or the new one,
    never half of one. Failing to write a cache is not an error."""
    import tempfile  # only a run that fills a cache writes one

    try:
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(os.fspath(path)), prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass
