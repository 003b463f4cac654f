"""Where an IR node came from: its file position and key path as the user spelled it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from migrator.diagnostics import KeyPath, Location


@dataclass(frozen=True, slots=True)
class Origin:
    loc: Location
    path: KeyPath

    def __str__(self) -> str:
        return f"{self.loc} ({self.path})" if self.path else str(self.loc)


NOWHERE = Origin(Location("<generated>"), KeyPath())


@dataclass(frozen=True, slots=True)
class UnknownKey:
    """A key the legacy OS ignored; kept so lowering can list it in MIGRATION.md."""

    key: str
    value: Any  # plain value
    origin: Origin
