"""Config rules (legacy-formats.md §5) as readable TypeScript over the `uses.rules` helpers.

A rule becomes ONE arrow, `(config: unknown, table: RuleTable) => boolean`, that a reviewer
can hold next to the legacy text:

    rpc.enable? OR !('advanced.pruning.mode = "manual")
    (config: unknown, table: RuleTable) =>
      truthy(path(config, ['rpc', 'enable'])) ||
      !cmpStr('=', path(config, ['advanced', 'pruning', 'mode']), 'manual')

Paths, coercions and comparisons are calls of the helpers in templates/typescript/startos/
utils.ts.j2 (section `uses.rules`), which carry the legacy evaluator's semantics (fan-outs,
substring "comparisons", the 0.3 `#` crash); the boolean connectives are JavaScript's own:
AND → `&&`, OR → `||` (both short-circuit like the legacy evaluator, which is what guards
such as `!(x?) OR #x > 0` rely on), XOR → `!==` on the two booleans.

Operators are not nodes of `expr` (the generator never needed them), so this module prints
them itself, following prettier's printBinaryishExpression and needsParens (3.10.1), and
hands the printed document to `expr` as a `Raw` arrow body. Only ever as an arrow body: the
layout of a binary expression depends on its parent, and the arrow is the one parent this
module controls. Everything else (calls, arrays, literals, the arrows of predicates) is made
of `expr` nodes, so strings go through `ts_string` and the layout is prettier's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Union

from migrator.emit.typescript import doc as d
from migrator.emit.typescript import expr as e
from migrator.emit.typescript.literals import is_identifier
from migrator.rules import ast
from migrator.rules import compile as ir

# The parameters of every compiled rule. `RuleTable` is exported by the helpers section.
CONFIG, TABLE = "config", "table"
PARAMS = (f"{CONFIG}: unknown", f"{TABLE}: RuleTable")

# Every name the helpers section exports, and what the legacy DSL construct is. A binder
# (`[first(item => …)]`) must not shadow any of these.
HELPERS = {
    "RuleTable": "the config table type (package id → legacy config)",
    "path": "a path read: `a.b`, `[pkg].a`, `a.0`, with fan-outs",
    "ANY": "the `*` step",
    "ALL": "the `&` step",
    "first": "the `[first(x => P)]` step",
    "last": "the `[last(x => P)]` step",
    "anyWhere": "the `[any(x => P)]` step",
    "allWhere": "the `[all(x => P)]` step",
    "keyOf": "the `.[\"k\" + 'x]` step (computed key)",
    "indexOf": "the `.[#i + 1]` step (computed index)",
    "truthy": "the `path?` coercion, collapsed (ANY → ∃, ALL → ∀)",
    "num": "the `#path` coercion (throws where 0.3 crashed)",
    "str": "the `'path` coercion (undefined = absent)",
    "cmpNum": "a numeric comparison, collapsed",
    "cmpStr": "a string comparison (substring tests), collapsed",
    "arith": "`+ - * / ^` on numbers",
    "concat": "`+` on strings (absent if either side is)",
    "single": "a `SET to:` value: one value, or null for a fan-out",
}
_RESERVED_NAMES = frozenset(HELPERS) | {CONFIG, TABLE, "undefined", "null", "NaN", "Infinity"}
_MAX_INDEX = 2**53
_STEP_HELPERS = {"first": "first", "last": "last", "any": "anyWhere", "all": "allWhere"}


@dataclass(frozen=True)
class CompiledRule:
    """An arrow over (config, table) and the helpers it calls (names to import)."""

    arrow: e.Arrow
    helpers: frozenset[str]


@dataclass(frozen=True)
class CompiledReference:
    """A SET/PUSH target: `segments` is an array expression of path steps over `table`
    (for computed keys), relative to `config`; `read` reads the target's current value.
    `immutable` says why the legacy OS refused to write it (None if it could)."""

    segments: e.Arr
    read: e.Arrow
    immutable: str | None
    helpers: frozenset[str]


# ------------------------------------------------------------------ public API


def compile_rule(rule: ast.Rule | ast.Expr) -> CompiledRule:
    """`rule:`, `condition:`, `if:` → `(config: unknown, table: RuleTable) => boolean`."""
    node = ir.lower(rule)
    out = _Compiler()
    return CompiledRule(out.arrow(PARAMS, out.expr(node)), out.used())


def compile_value(value: ast.ValueExpr | ast.Expr) -> CompiledRule:
    """`SET to:` → an arrow giving the JSON value that SET writes: a boolean, or through
    `single` (a fan-out, an absent string and a non-finite number are null)."""
    node = ir.lower(value)
    out = _Compiler()
    body = out.expr(node)
    if isinstance(node, ir.Coerce) and node.to in ("num", "str"):
        body = out.call(node.to, body)  # a bare `#x` / `'x`: no helper coerces it
    if not _is_bool(node) and not (isinstance(node, ir.Lit) and isinstance(body, e.Str | e.Num)):
        body = out.call("single", body)
    return CompiledRule(out.arrow(PARAMS, body), out.used())


def compile_reference(ref: ast.Reference | ast.Path) -> CompiledReference:
    """`SET var:`, `PUSH to:` → the steps of the target path (and a reader of it)."""
    access = ir.lower_path(ref)
    out = _Compiler()
    read = out.arrow(PARAMS, out.access(access))
    steps = _Compiler()
    segments = steps.segments(access.steps)
    return CompiledReference(segments, read, ir.mutable(access), out.used() | steps.used())


def module_stmts(rules: list[tuple[str, CompiledRule]], utils: str = "./utils") -> list:
    """Statements of a module exporting `const <name> = <arrow>` for each rule, with the
    import of the helpers they use: what tests and the project emitter print."""
    used = sorted(set().union(*(r.helpers for _, r in rules)) | {"RuleTable"})
    stmts: list = [e.Import(tuple(used), utils), e.BLANK]
    for name, rule in rules:
        stmts.append(e.statement_const(name, rule.arrow))
    return stmts


# ------------------------------------------------------------------ operators


@dataclass(frozen=True)
class _Op:
    """A JavaScript binary operator: `&&`, `||` (LogicalExpression), `!==` (Binary)."""

    op: str
    left: "_Node"
    right: "_Node"


@dataclass(frozen=True)
class _Bang:
    operand: "_Node"


_Node = Union[e.Expr, _Op, _Bang]
_ARROW_BODY = object()  # the parent of a root operator
_PRECEDENCE = {"||": 2, "&&": 3, "!==": 7}  # prettier's getPrecedence


def _kind(n) -> str:
    """prettier's node.type, as far as the layout rules distinguish them."""
    if isinstance(n, _Op):
        return "BinaryExpression" if n.op == "!==" else "LogicalExpression"
    if isinstance(n, _Bang):
        return "UnaryExpression"
    return "ArrowFunctionExpression" if n is _ARROW_BODY else "other"


def _should_flatten(parent_op: str, op: str) -> bool:
    """prettier's shouldFlatten, reduced to these operators: `a && b && c` is one chain,
    but equality does not chain (`(a !== b) !== c`)."""
    return _PRECEDENCE[parent_op] == _PRECEDENCE[op] and op != "!=="


def _needs_parens(n, parent, key: str) -> bool:
    """prettier's needsParens for an operator under an operator. prettier also
    parenthesises `&&` inside `||` although precedence would not require it."""
    if not isinstance(n, _Op):
        return False
    if isinstance(parent, _Bang):
        return True
    if not isinstance(parent, _Op):
        return False
    po, no = _PRECEDENCE[parent.op], _PRECEDENCE[n.op]
    if po > no or (po == no and (key == "right" or not _should_flatten(parent.op, n.op))):
        return True
    return _kind(n) == _kind(parent) == "LogicalExpression" and parent.op != n.op


def _print(n: _Node, parent, key: str):
    if isinstance(n, _Op):
        doc = _binaryish(n, parent)
    elif isinstance(n, _Bang):
        doc = ["!", _print(n.operand, n, "argument")]
    else:
        doc = e.to_doc(n)
    return ["(", doc, ")"] if _needs_parens(n, parent, key) else doc


def _binaryish(n: _Op, parent):
    """prettier's printBinaryishExpression."""
    parts = _binaryish_parts(n, parent)
    if isinstance(parent, _Bang):  # `!(\n  a &&\n  b\n)`
        return d.group([d.indent([d.softline, *parts]), d.softline])
    if parent is _ARROW_BODY:  # the arrow already indents its body
        return d.group(parts)
    head = next(i for i, p in enumerate(parts) if isinstance(p, d.Group)) + 1
    return d.group([*parts[:head], d.indent(parts[head:])])


def _binaryish_parts(n: _Op, parent) -> list:
    """prettier's printBinaryishExpressions: operands of one precedence chain side by side."""
    if isinstance(n.left, _Op) and _should_flatten(n.op, n.left.op):
        parts = _binaryish_parts(n.left, n)
    else:
        parts = [d.group(_print(n.left, n, "left"))]
    right = [n.op, d.line, _print(n.right, n, "right")]
    kind = _kind(n)
    grouped = _kind(parent) != kind and _kind(n.left) != kind and _kind(n.right) != kind
    return [*parts, " ", d.group(right) if grouped else right]


def _rebalance(n: _Node) -> _Node:
    """prettier's rebalanceLogicalTree: `a && (b && c)` is re-read as `a && b && c` (the
    same evaluation, left to right), so that is what must be printed."""
    if isinstance(n, _Bang):
        return _Bang(_rebalance(n.operand))
    if not isinstance(n, _Op):
        return n
    left, right = _rebalance(n.left), _rebalance(n.right)
    if n.op in ("&&", "||") and isinstance(right, _Op) and right.op == n.op:
        return _rebalance(_Op(n.op, _Op(n.op, left, right.left), right.right))
    return _Op(n.op, left, right)


def _arrow_body(n: _Node) -> e.Expr:
    if isinstance(n, (_Op, _Bang)):
        return e.Raw(_print(_rebalance(n), _ARROW_BODY, "body"))
    return n


# ------------------------------------------------------------------ IR → TypeScript


def _is_bool(node: ir.Node) -> bool:
    return isinstance(node, (ir.Logic, ir.Not, ir.Compare)) or (
        isinstance(node, ir.Coerce) and node.to == "bool")


@dataclass
class _Compiler:
    """Compiles one rule; records the helpers it calls. `element` is the parameter name of
    the innermost predicate arrow (None outside predicates)."""

    helpers: set[str] = field(default_factory=set)
    element: str | None = None

    def used(self) -> frozenset[str]:
        return frozenset(self.helpers)

    def call(self, helper: str, *args) -> e.Call:
        self.helpers.add(helper)
        return e.call(e.ident(helper), args)

    def ref(self, helper: str) -> e.Ident:
        self.helpers.add(helper)
        return e.ident(helper)

    def arrow(self, params: tuple[str, ...], body: _Node) -> e.Arrow:
        # typed parameters (`config: unknown`) are not identifiers: build the node directly
        return e.Arrow(params, _arrow_body(body))

    # -------------------------------------------------------------- expressions

    def expr(self, n: ir.Node) -> _Node:
        if isinstance(n, ir.Lit):
            return _literal(n.value)
        if isinstance(n, ir.Coerce):
            # `#` and `'` operands are coerced by the helper that takes them (cmpNum,
            # concat, keyOf, …): `cmpStr('=', path(config, ['a']), 'x')`
            read = self.access(n.access)
            return self.call("truthy", read) if n.to == "bool" else read
        if isinstance(n, ir.Logic):
            op = {"AND": "&&", "OR": "||", "XOR": "!=="}[n.op]
            return _Op(op, self.expr(n.left), self.expr(n.right))
        if isinstance(n, ir.Not):
            return _Bang(self.expr(n.operand))
        if isinstance(n, ir.Compare):
            helper = "cmpNum" if n.kind == "num" else "cmpStr"
            return self.call(helper, e.value(n.op), *self.operands(n))
        if isinstance(n, ir.Arith):
            return self.call("arith", e.value(n.op), *self.operands(n))
        if isinstance(n, ir.Concat):
            return self.call("concat", *self.operands(n))
        raise TypeError(f"not a rule IR node: {n!r}")

    def operands(self, n: ir.Compare | ir.Arith | ir.Concat) -> tuple[e.Expr, e.Expr]:
        """The legacy evaluator reached the right operand only for a leaf of the left one:
        where the left can be an empty fan-out and the right can throw, the right is
        passed as a thunk (`() => …`) so it is skipped too. Elsewhere evaluating it
        eagerly is the same, and reads better."""
        left, right = self.value(n.left), self.value(n.right)
        if ir.may_fan_out(n.left) and ir.may_throw(n.right):
            right = e.Arrow((), right)
        return left, right

    def value(self, n: ir.Node) -> e.Expr:
        """An operand of a helper call: never a bare operator (the typing of the DSL puts
        booleans only under boolean operators, so this holds by construction)."""
        out = self.expr(n)
        if isinstance(out, (_Op, _Bang)):
            raise TypeError("a boolean operator as a helper argument")
        return out

    # -------------------------------------------------------------- paths

    def access(self, a: ir.Access) -> e.Expr:
        if a.root == "none":
            return e.Lit("null")  # a relative path where the current config has no members
        if a.root == "element":
            if not a.steps:
                return e.ident(self.element)
            return self.call("path", e.ident(self.element), self.segments(a.steps))
        root = e.ident(CONFIG if a.root == "config" else TABLE)
        return self.call("path", root, self.segments(a.steps))

    def segments(self, steps) -> e.Arr:
        return e.arr([self.step(s) for s in steps])

    def step(self, s: ir.Step) -> e.Expr:
        if isinstance(s, ir.Name):
            return e.value(s.name)
        if isinstance(s, ir.Index):
            # past 2^53 no index is exact in JavaScript, and no array is that long: the
            # step reads null either way
            return e.value(min(s.index, _MAX_INDEX))
        if isinstance(s, (ir.KeyOf, ir.IndexOf)):
            # evaluated only on an object / array, as the legacy evaluator did
            helper = "keyOf" if isinstance(s, ir.KeyOf) else "indexOf"
            return self.call(helper, e.Arrow((), self.value(s.expr)))
        if isinstance(s, ir.Each):
            return self.ref("ANY" if s.quantifier == "any" else "ALL")
        if isinstance(s, ir.Where):
            return self.where(s)
        raise TypeError(f"not a path step: {s!r}")

    def where(self, s: ir.Where) -> e.Call:
        """`[first(item => P)]` → `first((item) => P)`, P reading the element as `item`."""
        name = _param_name(s.binder)
        body = _Compiler(self.helpers, name).expr(s.predicate)
        return self.call(_STEP_HELPERS[s.fn], e.Arrow((name,), _arrow_body(body)))


def _literal(value: float | str) -> e.Expr:
    if isinstance(value, str):
        return e.value(value)
    if math.isinf(value):  # `1e999` is a legal DSL number; TypeScript spells it Infinity
        return e.raw("Infinity" if value > 0 else "-Infinity")
    return e.value(value)  # ts_number: `3`, `0.5`, `-0` (which 1 / -0 tells from 0)


def _param_name(binder: str) -> str:
    """A JavaScript parameter for a binder: `item` stays, `my-item` becomes `myItem`; a
    name that would shadow a helper or a parameter, or is a reserved word, gets a `_`
    suffix; a computed binder (`["x"]`), which no path can name, is `item`."""
    name = re.sub(r"-+([A-Za-z0-9]?)", lambda m: m[1].upper(), binder)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
        return "item"
    while name in _RESERVED_NAMES or not is_identifier(name):
        name += "_"
    return name
