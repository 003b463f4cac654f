"""Which wrappers a batch converts, with which options, under which output names.

Inputs are a directory of wrapper repositories and/or list files (see `listfile`). A
subdirectory holding a `manifest.*` file is a wrapper; one without a manifest is searched one
level deeper, for the corpus layout `<service>/<commit>/`. Hidden directories and symbolic
links are never entered, so the search stays inside the directory it was given and is
bounded (two levels).

Output names are deterministic: a wrapper's directory name, and for wrappers whose names
collide, the name with as many parent directory names prefixed as it takes to tell them
apart (`service-commit`); if even the full paths agree (the same wrapper listed twice),
`-2`, `-3`, … in input order. `name=` in a list file fixes a name.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from migrator.diagnostics import Diagnostics, Location
from migrator.textsafe import file_name_problem

MANIFEST_NAMES = ("manifest.toml", "manifest.yaml", "manifest.yml", "manifest.json")
# Entries of OUT that are the batch's own: a wrapper may not be named like one of them.
RESERVED_NAMES = frozenset({"report.json", "report.md", "report.html"})


@dataclass(frozen=True)
class WrapperInput:
    """One wrapper of the batch, before it has a name."""

    path: Path  # as given (absolute, or relative to the working directory)
    config_spec: Path | None = None
    name: str | None = None  # fixed by the list file
    origin: Location | None = None  # the list-file line it comes from


@dataclass(frozen=True)
class BatchItem:
    name: str
    path: Path
    config_spec: Path | None = None


def is_wrapper(directory: Path) -> bool:
    """A legacy wrapper (a manifest), or a Python project made by --target py: listed either
    way, so a Python project without --trust-python is a row that says so, not a silent skip."""
    if any(_is_real_file(directory / name) for name in MANIFEST_NAMES):
        return True
    from migrator.python_project import is_python_project

    return _is_real_file(directory / "pyproject.toml") and is_python_project(directory)


def _is_real_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _subdirs(directory: Path) -> list[Path]:
    """Real (not linked), visible subdirectories, sorted by name."""
    found = []
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
            found.append(Path(entry.path))
    return found


def scan_directory(directory: Path, diags: Diagnostics, skip: Path | None = None
                   ) -> list[WrapperInput]:
    """The wrappers below `directory` (see the module docstring); `skip` is the batch's own
    output directory, never searched even when it lies inside `directory`."""
    if not directory.is_dir():
        diags.error("B700", f"{directory} does not exist or is not a directory",
                    Location(str(directory)))
        return []
    if is_wrapper(directory):
        diags.error("B715", f"{directory} is a wrapper itself, not a directory of wrappers",
                    Location(str(directory)), hint="use `startos-migrate convert` for one "
                    "wrapper, or give its parent directory")
        return []
    skip_real = skip.resolve() if skip is not None else None
    found: list[WrapperInput] = []
    for sub in _subdirs(directory):
        if skip_real is not None and sub.resolve() == skip_real:
            continue
        if is_wrapper(sub):
            found.append(WrapperInput(sub))
            continue
        found.extend(WrapperInput(deeper) for deeper in _subdirs(sub) if is_wrapper(deeper))
    return found


def name_problem(name: str) -> str | None:
    if not name or name in (".", "..") or "/" in name:
        return "is not a plain directory name"
    if name.startswith("."):
        return "starts with a dot (names starting with a dot are the batch's own)"
    if name in RESERVED_NAMES:
        return "is the name of a report file"
    return file_name_problem(name)


def assign_names(inputs: list[WrapperInput], diags: Diagnostics) -> list[BatchItem]:
    """Unique, deterministic output names; the items sorted by name."""
    fixed: dict[str, WrapperInput] = {}
    for item in inputs:
        if item.name is None:
            continue
        if item.name in fixed:
            diags.error("B704", f"the output name `{item.name}` is given twice",
                        item.origin, hint=f"first given at {fixed[item.name].origin}")
        else:
            fixed[item.name] = item
    auto = [item for item in inputs if item.name is None]
    names = _auto_names([_parts(item.path) for item in auto], taken=set(fixed))
    items = [BatchItem(item.name, item.path, item.config_spec) for item in fixed.values()]
    items += [BatchItem(name, item.path, item.config_spec) for name, item in zip(names, auto)]
    return sorted(items, key=lambda i: i.name)


def _parts(path: Path) -> list[str]:
    """Directory names from the wrapper upwards, for naming (never empty)."""
    parts = [p for p in reversed(Path(os.path.abspath(path)).parts) if p not in ("/", "")]
    return parts or ["wrapper"]


def _auto_names(paths: list[list[str]], taken: set[str]) -> list[str]:
    depth = [1] * len(paths)

    def name(i: int) -> str:
        return "-".join(reversed(paths[i][:depth[i]]))

    while True:
        groups: dict[str, list[int]] = defaultdict(list)
        for i in range(len(paths)):
            groups[name(i)].append(i)
        grown = False
        for key, members in groups.items():
            # The same path twice is numbered below, not told apart by its parents.
            distinct = len({tuple(paths[i]) for i in members}) > 1
            clash = distinct or key in taken or name_problem(key) is not None
            if not clash:
                continue
            for i in members:
                if depth[i] < len(paths[i]):
                    depth[i] += 1
                    grown = True
        if not grown:
            break
    return _number_duplicates([name(i) for i in range(len(paths))], taken)


def _number_duplicates(names: list[str], taken: set[str]) -> list[str]:
    """Names still equal after every parent was used (the same path twice): `-2`, `-3`, …"""
    used = set(taken)
    out = []
    for name in names:
        base = name if name_problem(name) is None else f"wrapper-{name.lstrip('.')}"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out.append(candidate)
    return out
