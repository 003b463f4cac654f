"""AST of the legacy config-rule DSL (legacy-formats.md §5.3).

One expression tree: every node is a frozen, slotted dataclass with a `span` (start, end)
offset pair into the parsed text. Spans are excluded from equality and hashing, so two
trees parsed from differently spaced texts compare equal. Parentheses are not nodes: a
parenthesised expression is its inner node with the span widened over the parentheses.

Every expression node has a class-level `type`: 'bool' | 'num' | 'str' | 'any' ('any' is
a raw JSON value, legal only as a whole `SET to:` value, a reference or a DELETE source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal, TypeAlias, Union

from migrator.syntax.errors import SyntaxIssue

Span: TypeAlias = tuple[int, int]
ExprType: TypeAlias = Literal["bool", "num", "str", "any"]
ListFnName: TypeAlias = Literal["first", "last", "any", "all"]
BoolOpName: TypeAlias = Literal["AND", "OR", "XOR"]
CmpOpName: TypeAlias = Literal["<", "<=", "=", "!=", ">", ">="]
ArithOpName: TypeAlias = Literal["+", "-", "*", "/", "^"]


def _span() -> Span:
    return field(default=(0, 0), compare=False)


# ------------------------------------------------------------------ literals


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    text: str  # the literal as written (`1.`, `2e3`): printed back verbatim
    span: Span = _span()
    type: ClassVar[ExprType] = "num"


@dataclass(frozen=True, slots=True)
class String:
    value: str  # escapes decoded
    span: Span = _span()
    type: ClassVar[ExprType] = "str"


# ------------------------------------------------------------------ paths


@dataclass(frozen=True, slots=True)
class NameKey:
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ComputedKey:
    """`[StrExpr]` as a key: evaluated with an empty current config (spec §5.4)."""

    expr: Expr
    span: Span = _span()


Key: TypeAlias = Union[NameKey, ComputedKey]


@dataclass(frozen=True, slots=True)
class NameSegment:
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ComputedKeySegment:
    expr: Expr  # a str expression
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IndexSegment:
    index: int
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ComputedIndexSegment:
    expr: Expr  # a num expression
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AnySegment:
    """`*`: fan out, existential."""

    span: Span = _span()


@dataclass(frozen=True, slots=True)
class AllSegment:
    """`&`: fan out, universal."""

    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ListFnSegment:
    """`[first(x => P)]` and friends; P sees `{x: element}` as its current config."""

    fn: ListFnName
    binder: Key
    predicate: Expr  # a bool expression
    span: Span = _span()


Segment: TypeAlias = Union[
    NameSegment,
    ComputedKeySegment,
    IndexSegment,
    ComputedIndexSegment,
    AnySegment,
    AllSegment,
    ListFnSegment,
]


@dataclass(frozen=True, slots=True)
class Path:
    package: Key | None  # `[pkg].` prefix: another package's config
    head: Key  # a ComputedKey is looked up by its raw text (`["a"].b`, Q9)
    segments: tuple[Segment, ...] = ()
    span: Span = _span()


# ------------------------------------------------------------------ typed variables


@dataclass(frozen=True, slots=True)
class BoolVar:
    """`path?`"""

    path: Path
    span: Span = _span()
    type: ClassVar[ExprType] = "bool"


@dataclass(frozen=True, slots=True)
class NumVar:
    """`#path`"""

    path: Path
    span: Span = _span()
    type: ClassVar[ExprType] = "num"


@dataclass(frozen=True, slots=True)
class StrVar:
    """`'path`"""

    path: Path
    span: Span = _span()
    type: ClassVar[ExprType] = "str"


@dataclass(frozen=True, slots=True)
class AnyVar:
    """A bare path: the raw JSON value."""

    path: Path
    span: Span = _span()
    type: ClassVar[ExprType] = "any"


# ------------------------------------------------------------------ operators


@dataclass(frozen=True, slots=True)
class Not:
    expr: Expr
    span: Span = _span()
    type: ClassVar[ExprType] = "bool"


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: BoolOpName
    left: Expr
    right: Expr
    span: Span = _span()
    type: ClassVar[ExprType] = "bool"


@dataclass(frozen=True, slots=True)
class Compare:
    """String comparisons are substring tests, not lexicographic (spec §5.5)."""

    op: CmpOpName
    left: Expr
    right: Expr
    kind: Literal["num", "str"]
    span: Span = _span()
    type: ClassVar[ExprType] = "bool"


@dataclass(frozen=True, slots=True)
class Arith:
    op: ArithOpName
    left: Expr
    right: Expr
    span: Span = _span()
    type: ClassVar[ExprType] = "num"


@dataclass(frozen=True, slots=True)
class Concat:
    left: Expr
    right: Expr
    span: Span = _span()
    type: ClassVar[ExprType] = "str"


Expr: TypeAlias = Union[
    Number, String, BoolVar, NumVar, StrVar, AnyVar, Not, BoolOp, Compare, Arith, Concat
]
EXPR_CLASSES = (
    Number,
    String,
    BoolVar,
    NumVar,
    StrVar,
    AnyVar,
    Not,
    BoolOp,
    Compare,
    Arith,
    Concat,
)


def type_of(node: Expr) -> ExprType:
    return node.type


# ------------------------------------------------------------------ entry-point results


@dataclass(frozen=True, slots=True)
class Rule:
    """A boolean expression: `rule:`, `condition:`, `if:`."""

    text: str
    expr: Expr
    warnings: tuple[SyntaxIssue, ...] = ()


@dataclass(frozen=True, slots=True)
class Reference:
    """A bare path: `SET var:`, `PUSH to:`."""

    text: str
    expr: AnyVar
    warnings: tuple[SyntaxIssue, ...] = ()

    @property
    def path(self) -> Path:
        return self.expr.path


@dataclass(frozen=True, slots=True)
class ValueExpr:
    """`SET to:`: a bare path (AnyVar) or a string, number or boolean expression."""

    text: str
    expr: Expr
    warnings: tuple[SyntaxIssue, ...] = ()

    @property
    def type(self) -> ExprType:
        return self.expr.type


@dataclass(frozen=True, slots=True)
class DeleteSpec:
    """`FROM <source> AS <binder> WHERE <predicate>`."""

    text: str
    source: AnyVar
    binder: Key
    predicate: Expr
    warnings: tuple[SyntaxIssue, ...] = ()
    span: Span = _span()
