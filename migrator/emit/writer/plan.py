"""Deciding what a run does, from a scan of OUT; nothing here writes.

Every check runs here, before the first write, so a refused run leaves OUT byte-for-byte
as it was. The plan is a list of steps the `apply` module turns into a journal."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from migrator.emit.writer.model import (
    BACKUP_EXISTS, BACKUP_SUFFIX, BAD_MANIFEST, COLLISION, LOCK_DIR, MANIFEST_PATH,
    NOT_A_DIRECTORY, NOT_EMPTY, OUT_IN_WRAPPER, STATE_DIR, SYMLINK, TXN_PREFIX, GeneratedFile,
    OutputError, WriteReport, ancestors, parse_manifest, render_manifest, sha256, validate,
)


# --- looking at the output directory ------------------------------------------------------


@dataclass(frozen=True)
class Tree:
    """Every entry under OUT, found without following symlinks: {posix path: kind}."""

    kinds: Mapping[str, str]  # kind: "dir" | "file" | "symlink" | "other"

    def under(self, directory: str) -> Iterator[tuple[str, str]]:
        prefix = directory + "/"
        return ((p, k) for p, k in self.kinds.items() if p.startswith(prefix))


def scan(out: Path) -> Tree:
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
    return Tree(kinds)


def out_state(out: Path) -> str:
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


def refuse_out_in_wrapper(wrapper: Path, out: Path) -> None:
    """OUT inside the wrapper it is generated from would be read back as wrapper files by the
    next run (each old output nested inside the new one): refused (L681). Both paths are
    resolved, so a symlink cannot hide the nesting."""
    source = Path(os.path.realpath(wrapper))
    target = Path(os.path.realpath(out))
    if target == source or source in target.parents:
        raise OutputError(OUT_IN_WRAPPER, f"{out} is inside the wrapper directory {wrapper}; "
                                          "its files would be read back as part of the wrapper "
                                          "on the next run: write the project outside it",
                          str(out))


def read_old_manifest(out: Path, tree: Tree) -> dict[str, str] | None:
    kind = tree.kinds.get(MANIFEST_PATH)
    if kind is None:
        return None
    where = str(out / MANIFEST_PATH)
    if kind == "symlink":
        raise OutputError(SYMLINK, f"{where} is a symbolic link; it will not be followed", where)
    if kind != "file":
        raise OutputError(BAD_MANIFEST, f"{where} is not a regular file", where)
    return parse_manifest((out / MANIFEST_PATH).read_bytes(), where)


def private_dirs(tree: Tree) -> tuple[str, ...]:
    """Our `.startos-migrate/.txn-*` directories (the lock, debris of an interrupted run):
    never user files."""
    prefix = f"{STATE_DIR}/{TXN_PREFIX}"
    return tuple(sorted(p for p, k in tree.kinds.items()
                        if k == "dir" and p.startswith(prefix) and "/" not in p[len(prefix):]))


# --- planning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One generated file and what happens to it: create, replace, chmod or keep."""

    file: GeneratedFile
    action: str
    backup: str | None = None  # where a user-edited copy is kept before replacing it


@dataclass(frozen=True)
class Plan:
    fresh: bool  # build in a staging directory and rename onto OUT
    steps: tuple[Step, ...]  # project files sorted, the manifest last (it commits the run)
    removals: tuple[str, ...] = ()
    prune: tuple[str, ...] = ()  # directories to remove, deepest first
    kept: tuple[str, ...] = ()
    debris: tuple[str, ...] = ()  # private directories an interrupted earlier run left behind
    mkdirs: tuple[str, ...] = ()  # directories to create, shallowest first
    old_manifest: bytes | None = None  # FILES as it was before the run

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


def not_empty(out: Path) -> OutputError:
    return OutputError(NOT_EMPTY, f"{out} is not empty; pass --force to update a project "
                                  "startos-migrate generated", str(out))


def make_plan(out: Path, files: Sequence[GeneratedFile], *, force: bool) -> Plan:
    project = validate(files)
    outputs = project + [GeneratedFile(MANIFEST_PATH, render_manifest(project))]
    if out_state(out) != "full":
        return Plan(True, tuple(Step(f, "create") for f in outputs))
    tree = scan(out)
    if force:
        return _plan_update(out, tree, outputs, read_old_manifest(out, tree))
    if tree.kinds.get(MANIFEST_PATH) != "file":
        raise not_empty(out)
    try:
        plan = _plan_update(out, tree, outputs, read_old_manifest(out, tree))
    except OutputError:
        raise not_empty(out) from None
    if plan.changed:
        raise not_empty(out)
    return plan


def _plan_update(out: Path, tree: Tree, outputs: list[GeneratedFile],
                 old: dict[str, str] | None) -> Plan:
    new_paths = {f.path for f in outputs}
    removals = _stale_removals(out, tree, old or {}, new_paths)
    prune = _prunable_dirs(tree, removals, new_paths)
    problems = _Problems(out)
    steps = [_step_for(out, tree, f, old, removals, set(prune), new_paths, problems)
             for f in outputs]
    problems.raise_if_any()
    backups = [s.backup for s in steps if s and s.backup]
    private = private_dirs(tree)
    kept = [p for p, k in tree.kinds.items()
            if k != "dir" and p not in new_paths and p not in removals
            and not any(p.startswith(d + "/") for d in private)] + backups
    real = [s for s in steps if s]
    mkdirs = {a for s in real if s.action == "create" for a in ancestors(s.file.path)
              if tree.kinds.get(a) != "dir" or a in prune}
    old_bytes = (out / MANIFEST_PATH).read_bytes() if old is not None else None
    return Plan(False, tuple(real), tuple(sorted(removals)), prune, tuple(sorted(kept)),
                tuple(d for d in private if d != LOCK_DIR),
                tuple(sorted(mkdirs, key=lambda d: (d.count("/"), d))), old_bytes)


def _stale_removals(out: Path, tree: Tree, old: Mapping[str, str],
                    new_paths: set[str]) -> frozenset[str]:
    removals = set()
    for path, digest in old.items():
        # Only a regular file reached through real directories can be ours; anything else
        # there now (a symlink, a directory, nothing) was put there by the user or is gone.
        if path in new_paths or tree.kinds.get(path) != "file":
            continue
        # An edited stale file now belongs to the user: keep it.
        if sha256((out / path).read_bytes()) == digest:
            removals.add(path)
    return frozenset(removals)


def _prunable_dirs(tree: Tree, removals: frozenset[str], new_paths: set[str]) -> tuple[str, ...]:
    """Directories that hold nothing but stale files we remove, and no generated path."""
    needed = {a for p in new_paths for a in ancestors(p)}
    touched = {a for p in removals for a in ancestors(p)} - needed
    roots = {d for d in touched if tree.kinds.get(d) == "dir"
             and all(k == "dir" or p in removals for p, k in tree.under(d))}
    # rmdir needs the empty sub-directories of a pruned directory gone as well.
    every = roots | {p for d in roots for p, k in tree.under(d) if k == "dir"}
    return tuple(sorted(every, key=lambda d: (-d.count("/"), d)))


def _step_for(out: Path, tree: Tree, f: GeneratedFile, old: dict[str, str] | None,
              removals: frozenset[str], prune: set[str], new_paths: set[str],
              problems: _Problems) -> Step | None:
    blocked = _blocked_by(tree, f.path, removals)
    if blocked:
        problems.add(*blocked)
        return None
    kind = tree.kinds.get(f.path)
    if kind is None or (kind == "dir" and f.path in prune):
        return Step(f, "create")
    if kind == "symlink":
        problems.add(SYMLINK, f.path, "is a symbolic link; it will not be written through")
        return None
    if kind != "file":
        problems.add(COLLISION, f.path, f"is a {kind} startos-migrate did not generate")
        return None
    disk = (out / f.path).read_bytes()
    if disk == f.content:
        same_mode = stat.S_IMODE(os.lstat(out / f.path).st_mode) == f.mode
        return Step(f, "keep" if same_mode else "chmod")
    if f.path == MANIFEST_PATH:
        return Step(f, "replace")
    if old is None or f.path not in old:
        problems.add(COLLISION, f.path, "is a file startos-migrate did not generate; "
                                        "it will not be overwritten")
        return None
    if sha256(disk) == old[f.path]:
        return Step(f, "replace")
    return _backup_step(tree, f, new_paths, problems)


def _backup_step(tree: Tree, f: GeneratedFile, new_paths: set[str],
                 problems: _Problems) -> Step | None:
    """The user edited a file we generated: keep their copy as <path>.orig, never clobbering."""
    backup = f.path + BACKUP_SUFFIX
    if backup in tree.kinds or backup in new_paths:
        problems.add(BACKUP_EXISTS, f.path, f"was edited since it was generated and {backup} "
                                            "already exists; move one of them away")
        return None
    return Step(f, "replace", backup)


def _blocked_by(tree: Tree, path: str, removals: frozenset[str]) -> tuple[str, str, str] | None:
    """A problem with a directory on the way to `path`, or None when it can be reached."""
    for parent in ancestors(path):
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
