"""Collect the wrapper files a generated project carries over (build context, docs, scripts).

Build outputs and VCS folders are skipped, as are files over the size cap; the total is
bounded too, so a wrapper with a docker image tarball checked in cannot exhaust memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from migrator.diagnostics import Diagnostics, Location
from migrator.read.boundary import WrapperBoundary
from migrator.read.wrapper import CopiedFile

SKIP_DIRS = {".git", "node_modules", "docker-images", ".github", "target", "__pycache__"}
SKIP_SUFFIXES = (".s9pk", ".tar", ".tar.gz", ".tgz")
MAX_FILE = 2 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024


def wrapper_tree(root: Path):
    """The wrapper as the read stage sees it, one directory at a time: `(rel_dir, entries)`
    with `entries` the sorted `(name, path, lstat)` of its files and symbolic links (a link
    to a directory included: os.walk lists it with the directories and never enters it).
    SKIP_DIRS are left out and links are never followed. The carried-files walk and the
    batch's input hash both read the wrapper through this."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        here = Path(dirpath)
        names = set(filenames) | {d for d in dirnames if (here / d).is_symlink()}
        entries = []
        for name in sorted(names):
            try:
                entries.append((name, here / name, (here / name).lstat()))
            except OSError:
                continue
        yield here.relative_to(root).as_posix(), entries


def collect_copied(bound: WrapperBoundary, root_arg: str, diags: Diagnostics
                   ) -> tuple[tuple[CopiedFile, ...], tuple[str, ...]]:
    root = bound.root
    copied: list[CopiedFile] = []
    skipped: list[str] = []
    total = 0
    for _, entries in wrapper_tree(root):
        for name, path, info in entries:
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                bound.note_link(path)
            if not stat.S_ISREG(info.st_mode):
                continue  # symlinks and devices are never followed out of the wrapper
            if name.endswith(SKIP_SUFFIXES) or info.st_size > MAX_FILE \
                    or total + info.st_size > MAX_TOTAL:
                skipped.append(rel)
                continue
            try:
                content = path.read_bytes()
            except OSError as err:
                diags.warning("R114", f"cannot read {rel}: {err.strerror}",
                              Location(os.path.join(root_arg, rel)))
                continue
            total += len(content)
            copied.append(CopiedFile(rel, content, bool(info.st_mode & 0o111)))
    return tuple(copied), tuple(skipped)
