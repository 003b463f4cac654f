"""Runtime of legacy config rules compiled to Python by startos-migrate.

A project's `rules.py` holds each rule of `config_rules.yaml` as a function
`(config, table) -> bool` over the helpers below, the Python twins of the TypeScript
helpers in the generated `startos/utils.ts` (`path` ↔ `path`, `cmp_num` ↔ `cmpNum`, …).
They reproduce the StartOS 0.3 rule evaluator: `config` is the legacy-shaped config
relative paths start from, `table` maps package ids to configs for `[pkg].` paths.

* A path past `*`, `&`, `[any(…)]` or `[all(…)]` reads a `Fanout` (∃ / ∀ over the items);
  coercions and operators map over its leaves, and a comparison or `?` collapses it.
* `#` of something that is not a number raises `RuleError`, where the 0.3 OS crashed; a
  rule that raises does not hold (`holds`).
* `'` renders numbers as serde_json did: integers exactly, floats through the shortest
  round-trip digits (`5.0` → "5.0", `1e-7` → "1e-7").

Coercions and operators are the legacy evaluator's own (`migrator.rules.coerce`, in the same
wheel; `startos_sdk` already needs the migrator for its model).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Literal, Mapping, Sequence

from migrator.rules import coerce

RuleTable = Mapping[str, Any]
Rule = Callable[[Any, RuleTable], bool]
Quantifier = Literal["any", "all"]
CmpOp = Literal["<", "<=", "=", "!=", ">", ">="]
ArithOp = Literal["+", "-", "*", "/", "^"]


class RuleError(Exception):
    """The rule failed where the 0.3 evaluator crashed (`#` of a value that is no number,
    or `SET to:` a number JSON cannot hold)."""


@dataclass(frozen=True)
class Fanout:
    """What a path yields past `*`, `&`, `[any(…)]`, `[all(…)]`: ∃ / ∀ over the items
    (each a value or a nested Fanout)."""

    quantifier: Quantifier
    items: tuple[Any, ...]


# ------------------------------------------------------------------ path steps


@dataclass(frozen=True)
class Range:
    """A step over the elements (array items or object member values) of a collection."""

    kind: Literal["any", "all", "first", "last"]
    where: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Computed:
    """A computed step, evaluated (like 0.3) only on an object (key) / array (index)."""

    kind: Literal["key", "index"]
    value: Callable[[], Any]


Step = str | int | Range | Computed

ANY = Range("any")  # `*`: any element
ALL = Range("all")  # `&`: all elements


def first(where: Callable[[Any], bool]) -> Range:
    """`[first(x => P)]`: the first element for which P holds, else null."""
    return Range("first", where)


def last(where: Callable[[Any], bool]) -> Range:
    """`[last(x => P)]`: the last element for which P holds, else null."""
    return Range("last", where)


def any_where(where: Callable[[Any], bool]) -> Range:
    """`[any(x => P)]`: any of the elements for which P holds."""
    return Range("any", where)


def all_where(where: Callable[[Any], bool]) -> Range:
    """`[all(x => P)]`: all of the elements for which P holds."""
    return Range("all", where)


def key_of(key: Callable[[], Any]) -> Computed:
    """`.["k" + 'x]`: a key computed by a string expression."""
    return Computed("key", key)


def index_of(index: Callable[[], Any]) -> Computed:
    """`.[#i + 1]`: an index computed by a number expression."""
    return Computed("index", index)


def path(root: Any, steps: Sequence[Step]) -> Any:
    """`a.b.0.*`, `[pkg].a`: what is missing, or not the container a step needs, is None."""
    return _walk(root, steps, 0)


def _walk(value: Any, steps: Sequence[Step], i: int) -> Any:
    if i == len(steps):
        return value
    step = steps[i]

    def rest(v: Any) -> Any:
        return _walk(v, steps, i + 1)

    if isinstance(step, Computed):
        if not isinstance(value, dict if step.kind == "key" else list):
            return rest(None)
        key = string(step.value()) if step.kind == "key" else num(step.value())
        return _map(key, lambda k: rest(_lookup(value, k)))
    if not isinstance(step, Range):
        return rest(_lookup(value, step))
    items = _elements(value)
    if items is None:
        return rest(None)
    where = step.where or (lambda _: True)
    if step.kind == "first":
        return rest(next((x for x in items if where(x)), None))
    if step.kind == "last":
        return rest(next((x for x in reversed(items) if where(x)), None))
    return Fanout(step.kind, tuple(rest(x) for x in items if where(x)))


def _elements(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return None


def _lookup(value: Any, key: Any) -> Any:
    """A member of an object, or an element of an array (a float index cast like Rust's
    saturating `f64 as usize`: NaN and negatives are 0, fractions truncated)."""
    if isinstance(key, str):
        return value.get(key) if isinstance(value, dict) else None
    if isinstance(key, bool) or not isinstance(key, int | float) or not isinstance(value, list):
        return None
    index = 0 if math.isnan(key) or key <= 0 else key
    return value[int(index)] if index < len(value) else None


# ------------------------------------------------------------------ fan-outs


def _map(v: Any, f: Callable[[Any], Any]) -> Any:
    """`v` with `f` applied to every leaf (`f` may fan out again: it nests)."""
    if not isinstance(v, Fanout):
        return f(v)
    return Fanout(v.quantifier, tuple(_map(x, f) for x in v.items))


def _force(v: Any) -> Any:
    """An operand as written, or a thunk (`lambda: …`) evaluated when first needed."""
    return v() if callable(v) else v


def _map2(coerce: Callable[[Any], Any], a: Any, b: Any, f: Callable[[Any, Any], Any]) -> Any:
    """A binary operator over two coerced operands, the left's quantifiers outside the
    right's. Like 0.3, the right operand is only evaluated for a leaf of the left (never
    over an empty fan-out): where that matters the migrator passes it as a thunk."""
    right: list[Any] = []

    def per_leaf(x: Any) -> Any:
        if not right:
            right.append(coerce(_force(b)))
        return _map(right[0], lambda y: f(x, y))

    return _map(coerce(_force(a)), per_leaf)


def _collapse(v: Any) -> bool:
    """A fan-out of booleans: any → ∃ (empty: false), all → ∀ (empty: true)."""
    if not isinstance(v, Fanout):
        return bool(v)
    if v.quantifier == "any":
        return any(_collapse(x) for x in v.items)
    return all(_collapse(x) for x in v.items)


# ------------------------------------------------------------------ coercions


def truthy(v: Any) -> bool:
    """`path?`: false only for false and null/missing (0, "", [] and {} are true)."""
    return _collapse(_map(v, lambda x: x is not None and x is not False))


def num(v: Any) -> Any:
    """`#path`: numbers, bools as 1/0, numeric strings (Rust's syntax); else 0.3 crashed."""
    return _map(v, _number)


def _number(x: Any) -> float:
    value = coerce.number_of(x)
    if value is None:
        what = ("null" if x is None else type(x).__name__ if isinstance(x, list | dict)
                else repr(x))
        raise RuleError(f"legacy rule: {what[:60]} is not a number (0.3 crashed here)")
    return value


def string(v: Any) -> Any:
    """`'path`: strings, numbers as serde_json printed them, bools; else None (absent)."""
    return _map(v, coerce.string_of)


# ------------------------------------------------------------------ operators
# The value semantics are the legacy evaluator's own (migrator.rules.coerce): compiled
# rules and the evaluator they are tested against share one definition.


def cmp_num(op: CmpOp, a: Any, b: Any) -> bool:
    """`#a < #b`: IEEE comparison (of every pair of a fan-out), collapsed."""
    return _collapse(_map2(num, a, b, coerce.NUM_COMPARE[op]))


def cmp_str(op: CmpOp, a: Any, b: Any) -> bool:
    """`'a < 'b`, NOT lexicographic: `=`/`!=` compare (absent equals absent); `<` is "a is
    a proper substring of b", `<=` "b contains a", `>`/`>=` the converse; with an absent
    side `<`/`<=` are false and `>`/`>=` true."""
    return _collapse(_map2(string, a, b, lambda x, y: coerce.compare_str(op, x, y)))


def arith(op: ArithOp, a: Any, b: Any) -> Any:
    """`#a + 1`, `- * /`, `^`: f64 arithmetic that never raises (x/0 is ±inf or NaN)."""
    return _map2(num, a, b, lambda x, y: coerce.arith(op, x, y))


def concat(a: Any, b: Any) -> Any:
    """`'a + "b"`: string concatenation, absent (None) if either side is absent."""
    return _map2(string, a, b, coerce.concat)


def single(v: Any) -> Any:
    """What `SET to:` writes: a fan-out is null; a non-finite number has no JSON form and
    the legacy SET failed on it (`to: 1 / 0`), so it raises."""
    if isinstance(v, Fanout):
        return None
    if isinstance(v, float) and not math.isfinite(v):
        raise RuleError(f"legacy rule: SET to {v} (not a finite number) failed")
    return v


# ------------------------------------------------------------------ checks


class RuleNotMigrated(Exception):
    """The rule's legacy text did not parse, so nothing enforces it (a TODO(migrate))."""


@dataclass(frozen=True)
class RuleCheck:
    """One rule of `config_rules.yaml`: the legacy text, the description the legacy OS
    showed when the rule failed, and the compiled check over the legacy-shaped config.
    `todo` says why a rule is not enforced (its text did not parse); its check raises
    RuleNotMigrated."""

    rule_text: str
    description: str
    check: Callable[[Any], bool]
    todo: str | None = None


def own_rule(package_id: str, rule: Rule) -> Callable[[Any], bool]:
    """An own rule over one config: `[<package_id>].` paths read that same config, any
    other package reads null (the legacy `config set` gave own rules that table)."""
    return lambda config: rule(config, {package_id: config})


def not_migrated(config: Any) -> bool:
    """The check of a rule that did not parse."""
    raise RuleNotMigrated("this legacy rule was not migrated (TODO(migrate))")


def holds(rule: RuleCheck, config: Any) -> bool:
    """Whether a rule holds; a rule that raises RuleError (0.3 crashed on `#`) does not.
    RuleNotMigrated propagates: nothing can say whether such a rule holds."""
    try:
        return rule.check(config)
    except RuleError:
        return False


def failed_rules(rules: Sequence[RuleCheck], config: Any) -> list[str]:
    """The descriptions of the rules `config` violates, in order (the legacy `config set`
    refused a config while any rule was violated). Rules not migrated are skipped."""
    return [r.description for r in rules if r.todo is None and not holds(r, config)]


def not_migrated_rules(rules: Sequence[RuleCheck]) -> list[RuleCheck]:
    """The rules nothing enforces (their legacy text did not parse)."""
    return [r for r in rules if r.todo is not None]
