"""Shared state of one lowering run: the IR, diagnostics, and the MIGRATION.md ledger."""

from __future__ import annotations

import dataclasses
import os
from contextlib import contextmanager
from functools import cache
from dataclasses import dataclass, field
from typing import Any

from migrator.diagnostics import Diagnostics, Location
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


def relative_locations(value: Any, _memo: dict[int, Any] | None = None) -> Any:
    """`value` with every Location's file relative to the wrapper (IR nodes the model keeps,
    such as pointer specs, name it as given on the command line). Unchanged parts stay the
    very same objects, so what the model shares stays shared."""
    memo = {} if _memo is None else _memo
    if id(value) in memo:
        return memo[id(value)]
    out = value
    kind = type(value)
    if kind is Location:
        file = relative_file(value.file)
        out = value if file == value.file else dataclasses.replace(value, file=file)
    elif kind is tuple or kind is list:
        items = [v if type(v) in _LEAVES else relative_locations(v, memo) for v in value]
        if any(a is not b for a, b in zip(items, value)):
            out = kind(items)
    elif kind is dict:
        items = {k: v if type(v) in _LEAVES else relative_locations(v, memo)
                 for k, v in value.items()}
        if any(items[k] is not v for k, v in value.items()):
            out = items
    elif kind not in _LEAVES:
        changes = {}
        for name in _init_fields(kind):  # empty unless a dataclass
            old = getattr(value, name)
            if type(old) not in _LEAVES:
                new = relative_locations(old, memo)
                if new is not old:
                    changes[name] = new
        out = dataclasses.replace(value, **changes) if changes else value
    memo[id(value)] = out
    return out


# What a model holds that cannot hold a Location: not looked into (most of a model).
_LEAVES = frozenset((str, int, float, bool, bytes, type(None)))


@cache
def _init_fields(kind: type) -> tuple[str, ...]:
    if not dataclasses.is_dataclass(kind):
        return ()
    return tuple(f.name for f in dataclasses.fields(kind) if f.init)


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
