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
