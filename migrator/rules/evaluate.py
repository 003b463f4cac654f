"""Reference evaluator of the legacy config-rule DSL (legacy-formats.md §5.2–§5.5, §5.7 Q8).

    evaluate(rule, config, table=None, *, era="0.3") -> bool
    evaluate_value(value, config, table=None, *, era="0.3") -> JSON value | None

`config` is the current config (where relative paths start), `table` maps package ids to
configs for `[pkg].` references. Both are only read. The result is the one the legacy OS
computed; where the 0.3 OS panicked (`#` of null, an array, an object or a non-numeric
string) RuleEvaluationError is raised — the rule failed as an error. era="0.2" gives NaN
there instead, as 0.2 did. Mutation (auto-configure) lives in migrator.rules.autoconfig,
the result tree in migrator.rules.fanout, coercions and operators in migrator.rules.coerce.

Decisions where the spec leaves room (each reproduces the legacy Rust as we understand it):

* Short-circuit: `AND` / `OR` do not evaluate their right operand when the left decides
  (Rust `&&` / `||`); real rules rely on it to guard `#` against null
  (`!(max-chan-size?) OR … #max-chan-size …`). `XOR` evaluates both.
* Binary numeric/string operators and comparisons put the left operand's quantifiers
  outside the right's (`left.and_then(|l| right.map(…))`) and reach the right operand only
  for a left leaf: over an empty left fan-out a panicking right side is never evaluated.
* Raw text: the first key of a path, a `[pkg]` key and a list-function / DELETE binder are
  used by their raw text (pest `as_str()`), so a computed key there (`[pkg].["a"].b`) is
  looked up literally as `["a"]`. The text is taken from the parsed source when we have it,
  else from the canonical printing (identical for anything the legacy parser accepted).
* Computed keys and indexes (`.["k"]`, `.[n]`) are evaluated with an empty current config
  and the full table, and only when the value they index is an object / array. Their
  result may itself fan out, and the lookup then fans out with it. A computed index is
  cast like Rust's `f64 as usize` (NaN, negatives → 0; fractions truncated).
* `first`/`last`/`any`/`all` and `*`/`&` over an object use its values in insertion order
  (the order the config was read in); `last` tests elements from the end.
* Rust parses numeric strings with `f64::from_str` of Rust ≥ 1.55: "1e3", "+1", ".5", "1.",
  "inf", "Infinity", "NaN" (any case) are numbers; " 1", "1_0", "0x1", "" are not.
* `'` renders numbers like serde_json's Display: integers (within i64/u64) exactly,
  floats through ryu (5.0 → "5.0", 1e-7 → "1e-7", 1e21 → "1e21"); see coerce.serde_float.
  The generated TypeScript prints integral values as integers (docs/rules.md).
* String comparisons with an absent operand: `=`/`!=` compare absence like a value,
  `<`/`<=` are false, `>`/`>=` are true.
* String literals: the parser decodes the escapes (`\\n \\r \\t \\\\ \\0 \\" \\'`)
  correctly. We do not reproduce any quirk of the legacy unescaping: no rule in the
  examined wrappers has a backslash in a string literal, so none can depend on it.
* A Python RecursionError (an absurdly deep expression) becomes RuleEvaluationError.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any, Literal, Mapping

from migrator.rules import ast
from migrator.rules.coerce import (
    NUM_COMPARE,
    arith,
    as_usize,
    compare_str,
    concat,
    number_of,
    string_of,
    truthy,
)
from migrator.rules.fanout import AllOf, AnyOf, Exactly, Tree, bind, combine, fmap, resolve, single
from migrator.rules.parser import parse_rule, parse_value
from migrator.rules.printer import key_source

Era = Literal["0.2", "0.3"]
ERAS: tuple[Era, ...] = ("0.2", "0.3")


class RuleEvaluationError(Exception):
    """Where the legacy evaluator failed: the rule failed as an error.

    `span` is the (start, end) offsets of the failing sub-expression in the rule text,
    when the expression came from parsed text."""

    def __init__(self, message: str, span: ast.Span | None = None):
        super().__init__(message)
        self.message = message
        self.span = span


@dataclass(frozen=True, slots=True)
class Env:
    """What stays the same while one expression is evaluated."""

    table: Mapping[str, Any]
    era: Era
    source: str | None = None  # the text the AST spans index into, if known

    def raw(self, key: ast.Key) -> str:
        """The raw text of a key used as a name (see the module docstring)."""
        if isinstance(key, ast.NameKey):
            return key.name
        start, end = key.span
        if self.source is not None and 0 <= start < end <= len(self.source):
            return self.source[start:end]
        return key_source(key)


def make_env(table: Mapping[str, Any] | None, era: str, source: str | None = None) -> Env:
    if era not in ERAS:
        raise ValueError(f"era must be one of {ERAS}, not {era!r}")
    return Env({} if table is None else table, era, source)  # type: ignore[arg-type]


# ------------------------------------------------------------------ public API


def evaluate(
    rule: str | ast.Rule | ast.Expr,
    config: Any,
    table: Mapping[str, Any] | None = None,
    *,
    era: str = "0.3",
) -> bool:
    """Does the rule hold? Rule text is parsed with parse_rule (RuleSyntaxError)."""
    if isinstance(rule, str):
        rule = parse_rule(rule)
    source = None
    if isinstance(rule, ast.Rule):
        rule, source = rule.expr, rule.text
    if not isinstance(rule, ast.EXPR_CLASSES) or rule.type != "bool":
        raise TypeError(f"evaluate() needs a boolean rule, not {rule!r}")
    env = make_env(table, era, source)
    return guarded(lambda: eval_bool(rule, config, env))


def evaluate_value(
    value: str | ast.ValueExpr | ast.Expr,
    config: Any,
    table: Mapping[str, Any] | None = None,
    *,
    era: str = "0.3",
) -> Any:
    """The value a `SET to:` expression writes; a fan-out result is None (null)."""
    if isinstance(value, str):
        value = parse_value(value)
    source = None
    if isinstance(value, ast.ValueExpr):
        value, source = value.expr, value.text
    if not isinstance(value, ast.EXPR_CLASSES):
        raise TypeError(f"evaluate_value() needs a value expression, not {value!r}")
    env = make_env(table, era, source)
    return guarded(lambda: value_of(value, config, env))


def guarded(run):
    try:
        return run()
    except RecursionError:
        raise RuleEvaluationError("expression nested too deeply to evaluate") from None


def value_of(expr: ast.Expr, config: Any, env: Env) -> Any:
    """The JSON value of a `Value` expression (what `SET to:` writes)."""
    if expr.type == "bool":
        return eval_bool(expr, config, env)
    if expr.type == "num":
        n = single(eval_num(expr, config, env))
        if n is not None and not math.isfinite(n):
            # serde_json has no inf/NaN: the legacy SET failed here (`to: 1 / 0`) instead
            # of writing anything; a fan-out (None) still writes null.
            raise RuleEvaluationError(
                f"the value is {n} (not a finite number): the legacy SET failed", expr.span
            )
        return n
    if expr.type == "str":
        return single(eval_str(expr, config, env))
    return copy.deepcopy(single(read(expr.path, config, env)))


# ------------------------------------------------------------------ expressions


def eval_bool(expr: ast.Expr, config: Any, env: Env) -> bool:
    if isinstance(expr, ast.BoolVar):
        return resolve(fmap(read(expr.path, config, env), truthy))
    if isinstance(expr, ast.Not):
        return not eval_bool(expr.expr, config, env)
    if isinstance(expr, ast.BoolOp):
        left = eval_bool(expr.left, config, env)
        if expr.op == "AND":
            return left and eval_bool(expr.right, config, env)
        if expr.op == "OR":
            return left or eval_bool(expr.right, config, env)
        return left != eval_bool(expr.right, config, env)  # XOR: no short-circuit
    if isinstance(expr, ast.Compare):
        return _compare(expr, config, env)
    raise TypeError(f"not a boolean expression: {expr!r}")


def _compare(expr: ast.Compare, config: Any, env: Env) -> bool:
    if expr.kind == "num":
        left = eval_num(expr.left, config, env)
        num_op = NUM_COMPARE[expr.op]
        return resolve(combine(left, lambda: eval_num(expr.right, config, env), num_op))
    left = eval_str(expr.left, config, env)
    op = expr.op
    right = lambda: eval_str(expr.right, config, env)  # noqa: E731
    return resolve(combine(left, right, lambda a, b: compare_str(op, a, b)))


def eval_num(expr: ast.Expr, config: Any, env: Env) -> Tree:
    """A tree of floats."""
    if isinstance(expr, ast.Number):
        return Exactly(float(expr.value))
    if isinstance(expr, ast.NumVar):
        return fmap(read(expr.path, config, env), lambda v: _to_number(v, expr, env))
    if isinstance(expr, ast.Arith):
        left = eval_num(expr.left, config, env)
        op = expr.op
        right = lambda: eval_num(expr.right, config, env)  # noqa: E731
        return combine(left, right, lambda a, b: arith(op, a, b))
    raise TypeError(f"not a numeric expression: {expr!r}")


def _to_number(value: Any, expr: ast.NumVar, env: Env) -> float:
    n = number_of(value)
    if n is not None:
        return n
    if env.era == "0.2":
        return math.nan
    raise RuleEvaluationError(
        f"cannot read {_describe(value)} as a number (the 0.3 rule checker panicked on "
        "this: guard the variable, e.g. `!(x?) OR …`)",
        expr.span,
    )


def _describe(value: Any) -> str:
    if value is None:
        return "null (or a missing value)"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return f"the non-numeric string {value[:40]!r}"
    return f"the value {value!r}"


def eval_str(expr: ast.Expr, config: Any, env: Env) -> Tree:
    """A tree of `str | None` (None: absent)."""
    if isinstance(expr, ast.String):
        return Exactly(expr.value)
    if isinstance(expr, ast.StrVar):
        return fmap(read(expr.path, config, env), string_of)
    if isinstance(expr, ast.Concat):
        left = eval_str(expr.left, config, env)
        return combine(left, lambda: eval_str(expr.right, config, env), concat)
    raise TypeError(f"not a string expression: {expr!r}")


# ------------------------------------------------------------------ paths (read side, §5.4)


def read(path: ast.Path, config: Any, env: Env) -> Tree:
    """The raw JSON values a path designates, as a fan-out tree (None: null or missing)."""
    if path.package is not None:
        package = env.raw(path.package)
        if package not in env.table:
            return Exactly(None)
        config = env.table[package]
    tree: Tree = Exactly(member(config, env.raw(path.head)))
    for segment in path.segments:
        tree = bind(tree, lambda value, seg=segment: step(seg, value, env))
    return tree


def member(value: Any, name: Any) -> Any:
    return value.get(name) if isinstance(value, dict) and isinstance(name, str) else None


def element(value: Any, index: int) -> Any:
    return value[index] if isinstance(value, list) and index < len(value) else None


def elements(value: Any) -> list[Any] | None:
    """What a quantifier or list function ranges over: array elements or object values."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return None


def step(segment: ast.Segment, value: Any, env: Env) -> Tree:
    if isinstance(segment, ast.NameSegment):
        return Exactly(member(value, segment.name))
    if isinstance(segment, ast.IndexSegment):
        return Exactly(element(value, segment.index))
    if isinstance(segment, ast.ComputedKeySegment):
        if not isinstance(value, dict):
            return Exactly(None)
        return fmap(eval_str(segment.expr, {}, env), lambda key: member(value, key))
    if isinstance(segment, ast.ComputedIndexSegment):
        if not isinstance(value, list):
            return Exactly(None)
        return fmap(eval_num(segment.expr, {}, env), lambda n: element(value, as_usize(n)))
    items = elements(value)
    if items is None:  # a quantifier or list function on a scalar or null
        return Exactly(None)
    if isinstance(segment, ast.AnySegment):
        return AnyOf(tuple(Exactly(item) for item in items))
    if isinstance(segment, ast.AllSegment):
        return AllOf(tuple(Exactly(item) for item in items))
    return _list_fn(segment, items, env)


def _list_fn(segment: ast.ListFnSegment, items: list[Any], env: Env) -> Tree:
    def holds(item: Any) -> bool:
        return binder_holds(segment.binder, segment.predicate, item, env)

    if segment.fn == "first":
        return Exactly(next((item for item in items if holds(item)), None))
    if segment.fn == "last":
        return Exactly(next((item for item in reversed(items) if holds(item)), None))
    chosen = tuple(Exactly(item) for item in items if holds(item))
    return AnyOf(chosen) if segment.fn == "any" else AllOf(chosen)


def binder_holds(binder: ast.Key, predicate: ast.Expr, item: Any, env: Env) -> bool:
    """`P` of `x => P` on one element: `{x: element}` is the current config."""
    return eval_bool(predicate, {env.raw(binder): item}, env)
