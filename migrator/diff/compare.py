"""Convert two wrapper trees in memory and compare what each would generate."""

from __future__ import annotations

import difflib
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from migrator.convert import ConvertResult, build
from migrator.diagnostics import Diagnostic, Diagnostics, Location
from migrator.diff.model import (
    DiffOptions, DiffResult, FileChange, FileStatus, RowChange, SideUnreadable,
)
from migrator.emit.writer import GeneratedFile
from migrator.sdk.report import MigrationRow, SourceRef


def diff_trees(base_dir: str | Path | None, head_dir: str | Path | None,
               options: DiffOptions = DiffOptions()) -> DiffResult:
    """Convert both wrapper directories (nothing is written) and compare the results.
    A side given as None has no wrapper (added or deleted by the change): an empty project.
    Raises SideUnreadable when a side that exists produces no project."""
    base = _convert_side("base", options.base_label, base_dir, options)
    head = _convert_side("head", options.head_label, head_dir, options)
    added, removed = compare_diagnostics(_normalised(base, base_dir), _normalised(head, head_dir))
    return DiffResult(
        base_label=options.base_label, head_label=options.head_label,
        files=compare_files(base.files, head.files, options.context,
                            provenance=(_legacy_sha(base), _legacy_sha(head))),
        rows=compare_rows(base.package.migration if base.package else (),
                          head.package.migration if head.package else ()),
        diagnostics_added=added, diagnostics_removed=removed)


def _legacy_sha(result: ConvertResult) -> str:
    return result.package.legacy_sha256 if result.package else ""


def _convert_side(side: str, label: str, root: str | Path | None,
                  options: DiffOptions) -> ConvertResult:
    if root is None:
        return ConvertResult(Diagnostics())
    spec = None
    if options.config_spec is not None:
        spec = Path(root) / options.config_spec
    result = build(root, config_spec=spec, version=options.version)
    if not result.files:
        raise SideUnreadable(side, label, _normalised(result, root))
    return result


def _normalised(result: ConvertResult, root: str | Path | None) -> list[Diagnostic]:
    """The side's diagnostics with file paths relative to its wrapper directory, so the
    same problem on both sides (in two temporary directories) compares equal."""
    if root is None:
        return []
    prefix = os.path.join(str(root), "")
    absolute = os.path.join(os.path.abspath(root), "")

    def strip(text: str) -> str:
        return text.replace(absolute, "").replace(prefix, "") if text else text

    out = []
    for d in result.diagnostics.sorted():
        loc = d.location
        if loc is not None:
            loc = Location(strip(loc.file) or ".", loc.line, loc.column)
        out.append(replace(d, location=loc, message=strip(d.message),
                           hint=strip(d.hint) if d.hint else d.hint))
    return out


def _diagnostic_key(d: Diagnostic) -> tuple:
    # Not the line or column: an edit above a problem moves it without changing it.
    return (d.severity.value, d.code, str(d.key_path or ""),
            d.location.file if d.location else "", d.message)


def compare_diagnostics(base: list[Diagnostic], head: list[Diagnostic]
                        ) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """(appeared, disappeared), each in the order of its side, compared as multisets."""
    def minus(ours: list[Diagnostic], theirs: list[Diagnostic]) -> tuple[Diagnostic, ...]:
        left = Counter(_diagnostic_key(d) for d in theirs)
        out = []
        for d in ours:
            key = _diagnostic_key(d)
            if left[key]:
                left[key] -= 1
            else:
                out.append(d)
        return tuple(out)

    return minus(head, base), minus(base, head)


def _row_key(row: MigrationRow) -> tuple:
    src = row.source or SourceRef("", 0, "")
    return (row.construct, row.status, row.destination, row.note, src.file, src.key_path)


def _same_construct(a: MigrationRow, b: MigrationRow) -> bool:
    return a.construct == b.construct


def _same_source(a: MigrationRow, b: MigrationRow) -> bool:
    return (a.source is not None and b.source is not None and bool(a.source.key_path)
            and (a.source.file, a.source.key_path) == (b.source.file, b.source.key_path))


def compare_rows(base: tuple[MigrationRow, ...], head: tuple[MigrationRow, ...]
                 ) -> tuple[RowChange, ...]:
    """MIGRATION rows that changed, the line of their source left out (it shifts).
    A row gone and a row come for the same construct pair up: same status → "changed",
    another status → the new status (newly translated, a new TODO, …)."""
    base_left = Counter(_row_key(r) for r in base)
    added = []
    for row in head:
        key = _row_key(row)
        if base_left[key]:
            base_left[key] -= 1
        else:
            added.append(row)
    removed = []
    for row in base:
        key = _row_key(row)
        if base_left[key]:
            base_left[key] -= 1
            removed.append(row)
    changes: list[RowChange] = []
    # Pair by construct first, then by the legacy key the row comes from (a config rule's
    # construct is its text: an edited rule is the same rule, at the same index).
    for same in (_same_construct, _same_source):
        for same_status in (True, False):
            for row in list(added):
                match = next((old for old in removed if same(old, row)
                              and (old.status == row.status) == same_status), None)
                if match is not None:
                    removed.remove(match)
                    added.remove(row)
                    changes.append(RowChange("changed" if same_status else row.status,
                                             match, row))
    changes += [RowChange(row.status, None, row) for row in added]
    changes += [RowChange("gone", row, None) for row in removed]
    order = {kind: i for i, kind in enumerate(("translated", "todo", "not-applicable",
                                                "changed", "gone"))}
    return tuple(sorted(changes, key=lambda c: (order[c.kind], c.row.construct)))


def lines_of(text: str) -> list[str]:
    """Lines ending at LF only (str.splitlines would also split at VT, FF, NEL, U+2028 …,
    which are content here, not line ends), each keeping its newline."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _text(content: bytes) -> list[str] | None:
    if b"\0" in content:
        return None
    try:
        return lines_of(content.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _unified(path: str, old: GeneratedFile | None, new: GeneratedFile | None,
             context: int) -> tuple[str, int, int] | None:
    """(diff text, lines added, lines removed), or None for a binary file."""
    old_lines = _text(old.content) if old else []
    new_lines = _text(new.content) if new else []
    if old_lines is None or new_lines is None:
        return None
    lines = []
    for line in difflib.unified_diff(old_lines, new_lines,
                                     "a/" + path if old else "/dev/null",
                                     "b/" + path if new else "/dev/null", n=context):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    plus = sum(1 for ln in lines[2:] if ln.startswith("+"))
    minus = sum(1 for ln in lines[2:] if ln.startswith("-"))
    return "".join(lines), plus, minus


def _without_provenance(content: bytes, sha256: str) -> bytes:
    # Files quote the hash whole (package.json) or by its first 16 digits (headers).
    if len(sha256) < 16:
        return content
    return content.replace(sha256.encode(), b"<sha256>").replace(sha256[:16].encode(),
                                                                   b"<sha256>")


def provenance_only(old: bytes, new: bytes, provenance: tuple[str, str]) -> bool:
    """Whether two versions of a file differ only in the legacy manifest hash they quote."""
    base_sha, head_sha = provenance
    if not base_sha or base_sha == head_sha:
        return False
    return _without_provenance(old, base_sha) == _without_provenance(new, head_sha)


def compare_files(base: list[GeneratedFile], head: list[GeneratedFile],
                  context: int = 3, provenance: tuple[str, str] = ("", "")
                  ) -> tuple[FileChange, ...]:
    """`provenance`: the legacy manifest sha256 of each side, to tell header-only changes."""
    old_by_path = {f.path: f for f in base}
    new_by_path = {f.path: f for f in head}
    changes = []
    for path in sorted(old_by_path.keys() | new_by_path.keys()):
        old, new = old_by_path.get(path), new_by_path.get(path)
        if old is not None and new is not None and old.content == new.content:
            if old.mode != new.mode:
                changes.append(FileChange(path, "mode", False, 0, 0, "", old.mode, new.mode))
            continue
        status: FileStatus = "added" if old is None else "removed" if new is None \
            else "modified"
        unified = _unified(path, old, new, context)
        old_mode, new_mode = (old.mode if old else None), (new.mode if new else None)
        if unified is None:
            changes.append(FileChange(path, status, True, 0, 0, "", old_mode, new_mode))
        else:
            text, plus, minus = unified
            same = (old is not None and new is not None
                    and provenance_only(old.content, new.content, provenance))
            changes.append(FileChange(path, status, False, plus, minus, text,
                                      old_mode, new_mode, provenance_only=same))
    return tuple(changes)
