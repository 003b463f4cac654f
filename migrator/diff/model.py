"""What `diff` found between two conversions: changed files, MIGRATION rows, diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from migrator.diagnostics import Diagnostic
from migrator.sdk.report import MigrationRow

FileStatus = Literal["added", "removed", "modified", "mode"]
# A row kind is the status the construct has now ("translated", "todo", "not-applicable"),
# "changed" (same status, another note or destination) or "gone" (no longer produced).
RowKind = Literal["translated", "todo", "not-applicable", "changed", "gone"]
ROW_KINDS: tuple[RowKind, ...] = ("translated", "todo", "not-applicable", "changed", "gone")


@dataclass(frozen=True)
class DiffOptions:
    """`config_spec` is relative to each side's wrapper directory (read from that side);
    `version` is the new package version both sides are converted with."""

    config_spec: str | None = None
    version: str | None = None
    base_label: str = "base"
    head_label: str = "head"
    context: int = 3


@dataclass(frozen=True)
class FileChange:
    path: str
    status: FileStatus
    binary: bool
    added: int  # lines
    removed: int
    diff: str  # the unified diff with its ---/+++ header ("" for a binary file)
    old_mode: int | None = None
    new_mode: int | None = None
    # Every changed line differs only by the legacy manifest's sha256 that generated files
    # carry as provenance: any manifest edit touches them all, so a review shows them as one
    # line instead of one section each.
    provenance_only: bool = False


@dataclass(frozen=True)
class RowChange:
    kind: RowKind
    before: MigrationRow | None
    after: MigrationRow | None

    @property
    def row(self) -> MigrationRow:
        return self.after if self.after is not None else self.before  # type: ignore[return-value]


@dataclass(frozen=True)
class DiffResult:
    base_label: str
    head_label: str
    files: tuple[FileChange, ...] = ()
    rows: tuple[RowChange, ...] = ()
    diagnostics_added: tuple[Diagnostic, ...] = ()
    diagnostics_removed: tuple[Diagnostic, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.files or self.rows or self.diagnostics_added
                    or self.diagnostics_removed)

    def row_counts(self) -> dict[str, int]:
        return {kind: sum(1 for r in self.rows if r.kind == kind) for kind in ROW_KINDS}

    def line_counts(self) -> tuple[int, int]:
        return sum(f.added for f in self.files), sum(f.removed for f in self.files)


@dataclass
class SideUnreadable(Exception):
    """One side does not convert: `side` is "base" or "head", `label` says what it is."""

    side: str
    label: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return f"the {self.side} side ({self.label}) does not convert"
