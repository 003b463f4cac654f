"""emver data model: versions and the version-range AST (spec §3.1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import total_ordering
from typing import Union

from migrator.syntax.errors import SyntaxIssue

USIZE_MAX = 2**64 - 1
MAX_GROUP_DEPTH = 64  # the AST builder recurses; real ranges nest at most once or twice
Span = tuple[int, int]
VersionTuple = tuple[int, int, int, int]


@total_ordering
@dataclass(frozen=True, eq=False)
class Version:
    major: int
    minor: int
    patch: int
    revision: int
    text: str = ""  # the text as written ("" => the legacy display form)
    warnings: tuple[SyntaxIssue, ...] = ()

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", str(self))

    @classmethod
    def of(cls, *parts: int) -> Version:
        """Version.of(1, 2) is what "1.2" parses to (text "1.2")."""
        padded = (tuple(parts) + (0, 0, 0, 0))[:4]
        return cls(*padded, text=".".join(map(str, parts)))

    def as_tuple(self) -> VersionTuple:
        return (self.major, self.minor, self.patch, self.revision)

    @property
    def components(self) -> int:
        """How many components the text spells out (matters for `~`)."""
        return self.text.count(".") + 1

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Version):
            return self.as_tuple() == other.as_tuple()
        return NotImplemented

    def __lt__(self, other: Version) -> bool:
        if isinstance(other, Version):
            return self.as_tuple() < other.as_tuple()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __str__(self) -> str:
        shown = self.as_tuple() if self.revision else self.as_tuple()[:3]
        return ".".join(map(str, shown))


# --- range AST (spans are offsets in the range text; they never take part in equality) ---
def _span() -> Span:
    return field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class AnyRange:
    span: Span = _span()


@dataclass(frozen=True)
class Anchor:
    op: str  # '=' | '>=' | '<=' | '>' | '<' | '!='
    version: Version
    span: Span = _span()


@dataclass(frozen=True)
class Caret:
    version: Version
    span: Span = _span()


@dataclass(frozen=True)
class Tilde:
    version: Version
    span: Span = _span()
    components: int = 0  # 1..4 as written; 0 => taken from version.text

    def __post_init__(self) -> None:
        if not self.components:
            object.__setattr__(self, "components", min(4, self.version.components))


@dataclass(frozen=True)
class Wildcard:
    parts: tuple[int, ...]  # 1..3 numbers before ".x"
    span: Span = _span()


@dataclass(frozen=True)
class Hyphen:
    low: Version
    high: Version
    span: Span = _span()


@dataclass(frozen=True)
class Conj:
    items: tuple[RangeExpr, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Disj:
    items: tuple[RangeExpr, ...]
    span: Span = _span()


RangeExpr = Union[AnyRange, Anchor, Caret, Tilde, Wildcard, Hyphen, Conj, Disj]


@dataclass(frozen=True)
class VersionRange:
    expr: RangeExpr
    text: str
    warnings: tuple[SyntaxIssue, ...] = ()
