"""The legacy config file's value schema, for the file model that reads and writes it.

The file keeps the legacy shape (unions flat, numbers in number lists) so the unchanged
image still reads it; every key falls back to its legacy default when missing or wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Union


@dataclass(frozen=True)
class Entropy:
    charset: str
    length: int


@dataclass(frozen=True)
class Scalar:
    kind: Literal["boolean", "string", "number"]
    default: Any  # None when the legacy spec had none
    nullable: bool = True
    entropy: Entropy | None = None


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]
    default: str | None


@dataclass(frozen=True)
class Record_:
    fields: tuple[tuple[str, "FileField"], ...]


@dataclass(frozen=True)
class FlatUnion:
    tag: str
    variants: tuple[str, ...]
    default: str | None
    # The whole legacy default, `{<tag>: default, ...that variant's field defaults}`
    # (`Entropy` where the legacy OS generated a string); None when there are no variants.
    value: Any = None


@dataclass(frozen=True)
class Items:
    # Legacy-shaped items: a list of unions holds flat union values, never variant ids.
    default: tuple[Any, ...]


@dataclass(frozen=True)
class Opaque:
    """Pointers and values the migrator could not read: anything, kept as it is, and
    optional (a fresh save has none; pointers are computed when the config is saved)."""

    reason: str


FileField = Union[Scalar, Choice, Record_, FlatUnion, Items, Opaque]
