"""What the migrator says about the package: TODOs, their legacy places, MIGRATION.md rows.

No start-sdk counterpart: these carry the porter's worklist, so a package kept in Python
converts back to the same TypeScript (with the same `TODO(migrate)` comments)."""

from __future__ import annotations

from collections.abc import Sequence

from migrator.sdk.report import MigrationRow, SourceRef, Status, Todo


def source(file: str, line: int, key_path: str = "") -> SourceRef:
    """A legacy place: file, line (0: the whole file) and key path as the author spelled it."""
    return SourceRef(file, line, key_path)


def todo(text: str, *, source: SourceRef | None = None, code: Sequence[str] = ()) -> Todo:
    """Work left for the porter; `code` is the legacy code quoted under it, one line each."""
    return Todo(text, source, tuple(code))


def migration_row(*, construct: str, status: Status, destination: str, note: str,
                  source: SourceRef | None = None) -> MigrationRow:
    """One row of MIGRATION.md: a legacy construct and where it went."""
    return MigrationRow(construct, status, destination, note, source)
