"""Shared state of one lowering run: the IR, diagnostics, and the MIGRATION.md ledger."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field

from migrator.diagnostics import Diagnostics
from migrator.ir import LegacyPackage
from migrator.ir.origin import Origin
from migrator.sdk.report import MigrationRow, SourceRef, Status, Todo


_ROOTS: list[str] = []  # wrapper directories of the runs in progress (innermost last)


def relative_file(file: str) -> str:
    """A legacy file as the porter knows it: relative to the wrapper, whatever the cwd was,
    so that converting the same wrapper from anywhere gives the same bytes."""
    for root in reversed(_ROOTS):
        prefix = os.path.join(root, "")
        if file.startswith(prefix):
            return file[len(prefix):]
    return os.path.basename(file) if os.path.isabs(file) else file


def source_of(origin: Origin | None) -> SourceRef | None:
    if origin is None:
        return None
    return SourceRef(relative_file(origin.loc.file), origin.loc.line, str(origin.path))


@dataclass
class Lowering:
    pkg: LegacyPackage
    diags: Diagnostics
    rows: list[MigrationRow] = field(default_factory=list)

    @property
    def manifest(self):
        return self.pkg.manifest

    def row(self, construct: str, status: Status, destination: str, note: str,
            origin: Origin | None = None) -> None:
        self.rows.append(MigrationRow(construct, status, destination, note, source_of(origin)))

    def todo(self, text: str, origin: Origin | None = None, *, construct: str | None = None,
             destination: str = "", code: str | None = None) -> Todo:
        """A TODO in the code, a MIGRATION.md row, and (with `code`) a located warning."""
        todo = Todo(text, source_of(origin))
        if construct is not None:
            self.row(construct, "todo", destination, text, origin)
        if code is not None:
            self.diags.warning(code, text, origin.loc if origin else None,
                               origin.path if origin else None)
        return todo

    def todo_row(self, todo: Todo, construct: str, destination: str) -> Todo:
        """The MIGRATION.md row of a TODO made where its comment is placed: the row and the
        comment show the one object's text and source, so they cannot differ."""
        self.rows.append(MigrationRow(construct, "todo", destination, todo.text, todo.source))
        return todo

    def gone(self, construct: str, note: str, origin: Origin | None = None) -> None:
        self.row(construct, "not-applicable", "", note, origin)


@contextmanager
def wrapper_root(root: str):
    _ROOTS.append(os.path.normpath(root) if root not in ("", ".") else "")
    try:
        yield
    finally:
        _ROOTS.pop()
