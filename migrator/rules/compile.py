"""Target-independent lowering of rule ASTs to a small "rule IR" (legacy-formats.md §5.4).

The AST says what was written; the IR says what is read. The differences are the scoping
rules of the legacy evaluator, decided once here rather than in every code generator (they
follow migrator.rules.evaluate, the reference):

* where a path starts (`Access.root`): the current config, the config table (`[pkg].a` is
  the steps `pkg, a` on the table), the element bound by the innermost list-function
  predicate, or nothing. A predicate `[first(x => P)]` sees the fresh config `{x: element}`:
  inside P a path headed `x` reads the element, any other relative path reads null (outer
  binders are NOT visible), and `[pkg].` paths still read the table. A computed key
  `["…"]` is evaluated with an empty current config: only literals and `[pkg].` paths mean
  something there.
* keys used by their raw text: the legacy evaluator looked up the first key of a path, a
  `[pkg]` key and a binder by their source text (pest `as_str()`), so a computed key in
  those places (`[pkg].["a"].b`) is the literal name `["a"]`, and a computed binder never
  matches a path head (heads are plain names).
* the sigil of a variable becomes an explicit coercion (`Coerce.to`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias, Union

from migrator.rules import ast
from migrator.rules.coerce import as_usize
from migrator.rules.printer import key_source

Root: TypeAlias = Literal["config", "table", "element", "none"]
Quantifier: TypeAlias = Literal["any", "all"]


# ------------------------------------------------------------------ path steps


@dataclass(frozen=True, slots=True)
class Name:
    """An object member (a NAME segment, or the package / head key of a `[pkg].` path)."""

    name: str


@dataclass(frozen=True, slots=True)
class Index:
    index: int


@dataclass(frozen=True, slots=True)
class KeyOf:
    """A computed key: the value of a string expression."""

    expr: Node


@dataclass(frozen=True, slots=True)
class IndexOf:
    """A computed index: the value of a number expression."""

    expr: Node


@dataclass(frozen=True, slots=True)
class Each:
    """`*` (any) and `&` (all)."""

    quantifier: Quantifier


@dataclass(frozen=True, slots=True)
class Where:
    """`[first|last|any|all(x => P)]`; `binder` is the raw text of the bound name."""

    fn: ast.ListFnName
    binder: str
    predicate: Node


Step: TypeAlias = Union[Name, Index, KeyOf, IndexOf, Each, Where]


@dataclass(frozen=True, slots=True)
class Access:
    """A path read: `steps` from the root. For root "element" the steps start after the
    binder name; root "none" reads null whatever the steps."""

    root: Root
    steps: tuple[Step, ...] = ()


# ------------------------------------------------------------------ expressions


@dataclass(frozen=True, slots=True)
class Coerce:
    """A typed variable: `path?` (bool), `#path` (num), `'path` (str), bare path (raw)."""

    to: Literal["bool", "num", "str", "raw"]
    access: Access


@dataclass(frozen=True, slots=True)
class Lit:
    value: float | str


@dataclass(frozen=True, slots=True)
class Compare:
    kind: Literal["num", "str"]
    op: ast.CmpOpName
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Arith:
    op: ast.ArithOpName
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Concat:
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Logic:
    op: ast.BoolOpName
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


Node: TypeAlias = Union[Coerce, Lit, Compare, Arith, Concat, Logic, Not]
_COERCE = {ast.BoolVar: "bool", ast.NumVar: "num", ast.StrVar: "str", ast.AnyVar: "raw"}


# ------------------------------------------------------------------ lowering


def lower(node: ast.Expr | ast.Rule | ast.ValueExpr, source: str | None = None) -> Node:
    """The IR of a rule, a `SET to:` value or any expression, read at the top level.
    `source` is the text the AST's spans index into (taken from a Rule / ValueExpr)."""
    if isinstance(node, ast.Rule | ast.ValueExpr):
        node, source = node.expr, node.text
    return _Lowering(source).expr(node, _TOP)


def lower_path(path: ast.Path | ast.Reference, source: str | None = None) -> Access:
    """The IR of a path read at the top level (`SET var:`, `PUSH to:`)."""
    if isinstance(path, ast.Reference):
        path, source = path.path, path.text
    return _Lowering(source).access(path, _TOP)


# What a relative path head means where it is written: the top-level config, the fresh
# config `{binder: element}` of a predicate, or the empty config of a computed key.
_TOP = ("config", None)
_EMPTY = ("empty", None)


@dataclass(frozen=True)
class _Lowering:
    source: str | None

    def raw(self, key: ast.Key) -> str:
        """The raw text of a key used as a name (exactly as migrator.rules.evaluate)."""
        if isinstance(key, ast.NameKey):
            return key.name
        start, end = key.span
        if self.source is not None and 0 <= start < end <= len(self.source):
            return self.source[start:end]
        return key_source(key)

    def expr(self, node: ast.Expr, scope) -> Node:
        if isinstance(node, ast.Number | ast.String):
            return Lit(node.value)
        if isinstance(node, ast.BoolVar | ast.NumVar | ast.StrVar | ast.AnyVar):
            return Coerce(_COERCE[type(node)], self.access(node.path, scope))
        if isinstance(node, ast.Not):
            return Not(self.expr(node.expr, scope))
        left = self.expr(node.left, scope)
        right = self.expr(node.right, scope)
        if isinstance(node, ast.BoolOp):
            return Logic(node.op, left, right)
        if isinstance(node, ast.Compare):
            return Compare(node.kind, node.op, left, right)
        if isinstance(node, ast.Arith):
            return Arith(node.op, left, right)
        if isinstance(node, ast.Concat):
            return Concat(left, right)
        raise TypeError(f"not a rule expression: {node!r}")

    def access(self, path: ast.Path, scope) -> Access:
        steps = tuple(self.step(s, scope) for s in path.segments)
        head = Name(self.raw(path.head))
        if path.package is not None:
            return Access("table", (Name(self.raw(path.package)), head, *steps))
        kind, binder = scope
        if kind == "config":
            return Access("config", (head, *steps))
        if kind == "binder" and head.name == binder:
            return Access("element", steps)
        return Access("none")  # the current config has no such member: null, whatever follows

    def step(self, seg: ast.Segment, scope) -> Step:
        if isinstance(seg, ast.NameSegment):
            return Name(seg.name)
        if isinstance(seg, ast.IndexSegment):
            return Index(seg.index)
        if isinstance(seg, ast.ComputedKeySegment):
            # a key made of literals only (`.["my_key"]`) is just that key
            folded = constant_string(seg.expr)
            return Name(folded) if folded is not None else KeyOf(self.expr(seg.expr, _EMPTY))
        if isinstance(seg, ast.ComputedIndexSegment):
            if isinstance(seg.expr, ast.Number):  # cast like the evaluator: `f64 as usize`
                return Index(as_usize(seg.expr.value))
            return IndexOf(self.expr(seg.expr, _EMPTY))
        if isinstance(seg, ast.AnySegment):
            return Each("any")
        if isinstance(seg, ast.AllSegment):
            return Each("all")
        if isinstance(seg, ast.ListFnSegment):
            binder = self.raw(seg.binder)
            return Where(seg.fn, binder, self.expr(seg.predicate, ("binder", binder)))
        raise TypeError(f"not a path segment: {seg!r}")


def constant_string(node: ast.Expr) -> str | None:
    """The value of a string expression made of literals only, else None."""
    if isinstance(node, ast.String):
        return node.value
    if isinstance(node, ast.Concat):
        left, right = constant_string(node.left), constant_string(node.right)
        return None if left is None or right is None else left + right
    return None


# ------------------------------------------------------------------ queries


def walk(node: Node | Access | Step):
    """Every IR node below `node` (itself included), predicates and computed keys too."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Coerce):
            stack.append(n.access)
        elif isinstance(n, Access):
            stack.extend(n.steps)
        elif isinstance(n, KeyOf | IndexOf):
            stack.append(n.expr)
        elif isinstance(n, Where):
            stack.append(n.predicate)
        elif isinstance(n, Compare | Arith | Concat | Logic):
            stack.extend((n.left, n.right))
        elif isinstance(n, Not):
            stack.append(n.operand)


def fans_out(access: Access) -> bool:
    """Whether reading `access` can give a fan-out tree rather than one value: it crosses
    `*`, `&`, `[any(…)]`, `[all(…)]`, or a computed key whose value can fan out."""
    if access.root == "none":
        return False
    return any(
        isinstance(s, Each)
        or (isinstance(s, Where) and s.fn in ("any", "all"))
        or (isinstance(s, KeyOf | IndexOf) and may_fan_out(s.expr))
        for s in access.steps
    )


def may_fan_out(node: Node) -> bool:
    """Whether a number, string or raw expression can evaluate to a fan-out tree (a `?`
    and a comparison collapse theirs)."""
    if isinstance(node, Coerce):
        return node.to != "bool" and fans_out(node.access)
    if isinstance(node, Arith | Concat):
        return may_fan_out(node.left) or may_fan_out(node.right)
    return False


def may_throw(node: Node) -> bool:
    """Whether evaluating `node` can fail like the 0.3 OS did: it holds a `#` coercion
    (anywhere, predicates and computed keys included: an over-approximation)."""
    return any(isinstance(n, Coerce) and n.to == "num" for n in walk(node))


def mutable(access: Access) -> str | None:
    """Why a SET/PUSH target cannot be written (legacy-formats.md §5.6), or None."""
    if access.root == "table":
        return "Can only assign to relative path"
    if access.root != "config":
        return "a write target must start from the config"
    if fans_out(access):
        return "Any and All are immutable"
    return None
