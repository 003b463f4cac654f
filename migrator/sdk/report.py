"""What lowering says about every legacy construct: TODOs in the code and MIGRATION.md rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

Status = Literal["translated", "todo", "not-applicable"]
STATUSES: tuple[Status, ...] = ("translated", "todo", "not-applicable")


@dataclass(frozen=True)
class SourceRef:
    """A legacy place: file, line and the key path as the author spelled it."""

    file: str
    line: int
    key_path: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.key_path}" if self.key_path else where


@dataclass(frozen=True)
class Todo:
    """Work left for the porter, placed at the exact spot in the generated code."""

    text: str
    source: SourceRef | None = None
    code: tuple[str, ...] = ()  # legacy code quoted under the TODO, one line each (bounded)

    def marker(self) -> str:
        """The text of its `TODO(migrate)` comment, in any language's comment syntax."""
        where = f" (legacy: {self.source})" if self.source else ""
        return f"TODO(migrate): {self.text}{where}"


@dataclass(frozen=True)
class MigrationRow:
    """One legacy construct and where it went (or why it no longer applies)."""

    construct: str  # e.g. "interface `main`", "health check `web-ui`"
    status: Status
    destination: str  # generated file/construct, or "" when not applicable
    note: str
    source: SourceRef | None = None


def status_counts(rows: "Iterable[MigrationRow]") -> dict[str, int]:
    """How many rows have each status, in STATUSES order (MIGRATION.md's head, summaries)."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts
