"""Legacy `dependency auto-configure`: apply rule suggestions to a config (spec §5.6).

    auto_configure(rules, dep_config, table=None, rng=None, dep_id=None, *, era="0.3",
                   strict=True)
        -> (new_config, failures)

`rules` are the entries of a rules YAML file as loaded (dicts with `rule`, `description`,
`suggestions`). Every entry is compiled first, as the legacy OS did when it read the file:
a syntax error (RuleSyntaxError: bad DSL text, a bad `to-entropy` charset, an illegal
mutation target — "Can only assign to relative path", "Any and All are immutable", D311)
or a malformed entry (RuleEvaluationError) rejects the whole file before anything is
applied. Texts are parsed in strict mode by default, as the legacy loader read them: a
`SET to: b? OR c?` (quirk Q3), `<=`, a newline or a space inside a path bracket fail the
load; strict=False accepts the documented superset (grammars/rules.lark). Then, per entry in file
order: if the rule holds it is skipped; otherwise each suggestion whose `if` guard holds
(on the current, partially patched config) is applied, and the rule is checked again —
still false puts its description in `failures`. A 0.3 `#` panic while checking is a
RuleEvaluationError and ends the run, as the crash ended the legacy process.

Mutation targets (`SET var`, `PUSH to`, `DELETE FROM`) follow the legacy `compile_var_mut`:
the first key is created as null if missing (`entry().or_insert(Null)`), a name or
computed key on an object creates a missing member as null, an index equal to the array
length appends a null, `[first(…)]`/`[last(…)]` pick an existing element; anything else
(a larger index, a key on a non-object, no match, a fan-out computed key) stops the walk
and the suggestion does nothing — but the nulls created on the way stay, as they did.

Decisions: the input config and table are never mutated (deep copies); when `dep_id` is
given its table entry starts as a copy of the config and is refreshed after each applied
suggestion, like the legacy driver's table; `SET to` evaluates its value before walking
the target (the Rust borrow order); a missing `suggestions` key is read as [] and a
missing `description` as the rule text (the legacy file parser required both);
`to-entropy` draws each character uniformly from the charset with `rng`.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Mapping, Union

from migrator.rules import ast
from migrator.rules.coerce import as_usize
from migrator.rules.errors import RuleSyntaxError
from migrator.rules.evaluate import (
    Env,
    RuleEvaluationError,
    binder_holds,
    eval_bool,
    eval_num,
    eval_str,
    guarded,
    make_env,
    value_of,
)
from migrator.rules.fanout import single
from migrator.rules.parser import parse_delete, parse_reference, parse_rule, parse_value
from migrator.syntax.charset import DEFAULT_CHARSET, CharSet, parse_charset
from migrator.syntax.errors import GrammarError

# ------------------------------------------------------------------ compiled suggestions


@dataclass(frozen=True, slots=True)
class SetTo:
    var: ast.Reference
    value: ast.ValueExpr


@dataclass(frozen=True, slots=True)
class SetLiteral:
    var: ast.Reference
    value: Any  # the YAML value, copied on every write


@dataclass(frozen=True, slots=True)
class SetEntropy:
    var: ast.Reference
    charset: CharSet
    length: int


@dataclass(frozen=True, slots=True)
class Push:
    target: ast.Reference
    value: Any


@dataclass(frozen=True, slots=True)
class Delete:
    spec: ast.DeleteSpec


Action = Union[SetTo, SetLiteral, SetEntropy, Push, Delete]


@dataclass(frozen=True, slots=True)
class Suggestion:
    action: Action
    guard: ast.Rule | None = None


@dataclass(frozen=True, slots=True)
class RuleEntry:
    rule: ast.Rule
    description: str
    suggestions: tuple[Suggestion, ...] = ()


def compile_rules(entries: Iterable[Any], *, strict: bool = True) -> tuple[RuleEntry, ...]:
    """Parse and check every entry of a rules file (errors as described above)."""
    if not isinstance(entries, Iterable) or isinstance(entries, Mapping | str):
        raise RuleEvaluationError(f"a rules file is a list of entries, not {entries!r:.40}")
    return tuple(_Loader(strict).entry(entry, i) for i, entry in enumerate(entries))


@dataclass(frozen=True, slots=True)
class _Loader:
    """The legacy rules-file loader: every text parsed with the same strictness."""

    strict: bool

    def entry(self, entry: Any, i: int) -> RuleEntry:
        return _entry(entry, i, self)

    def rule(self, text: str) -> ast.Rule:
        return parse_rule(text, strict=self.strict)

    def reference(self, text: str) -> ast.Reference:
        return parse_reference(text, strict=self.strict)

    def value(self, text: str) -> ast.ValueExpr:
        return parse_value(text, strict=self.strict)

    def delete(self, text: str) -> ast.DeleteSpec:
        return parse_delete(text, strict=self.strict)


def _entry(entry: Any, i: int, load: _Loader) -> RuleEntry:
    if isinstance(entry, RuleEntry):
        return entry
    if not isinstance(entry, Mapping) or "rule" not in entry:
        raise RuleEvaluationError(f"rule entry {i}: expected a mapping with a 'rule' key")
    rule = _rule(entry["rule"], f"rule entry {i}: rule", load)
    description = entry.get("description", rule.text)
    suggestions = entry.get("suggestions") or []
    if not isinstance(suggestions, list):
        raise RuleEvaluationError(f"rule entry {i}: suggestions must be a list")
    compiled = tuple(
        _suggestion(s, f"rule entry {i}, suggestion {j}", load) for j, s in enumerate(suggestions)
    )
    return RuleEntry(rule, str(description), compiled)


def _rule(value: Any, where: str, load: _Loader) -> ast.Rule:
    if isinstance(value, ast.Rule):
        return value
    if not isinstance(value, str):
        raise RuleEvaluationError(f"{where}: expected rule text, got {value!r}")
    return load.rule(value)


def _suggestion(raw: Any, where: str, load: _Loader) -> Suggestion:
    if not isinstance(raw, Mapping):
        raise RuleEvaluationError(f"{where}: expected a mapping")
    verbs = [verb for verb in ("SET", "PUSH", "DELETE") if verb in raw]
    if len(verbs) != 1 or set(raw) - {"SET", "PUSH", "DELETE", "if"}:
        raise RuleEvaluationError(
            f"{where}: expected exactly one of SET, PUSH, DELETE (and optionally if), "
            f"got {sorted(map(str, raw))}"
        )
    guard = _rule(raw["if"], f"{where}: if", load) if "if" in raw else None
    verb = verbs[0]
    body = raw[verb]
    if verb == "SET":
        action: Action = _set(body, where, load)
    elif verb == "PUSH":
        if not isinstance(body, Mapping) or "to" not in body or "value" not in body:
            raise RuleEvaluationError(f"{where}: PUSH needs `to` and `value`")
        action = Push(_target(body["to"], where, load), body["value"])
    else:
        if not isinstance(body, str):
            raise RuleEvaluationError(f"{where}: DELETE takes the string FROM … AS … WHERE …")
        action = Delete(load.delete(body))  # the loader rejects an immutable source (D311)
    return Suggestion(action, guard)


def _set(body: Any, where: str, load: _Loader) -> Action:
    kinds = [k for k in ("to", "to-value", "to-entropy") if isinstance(body, Mapping) and k in body]
    if not isinstance(body, Mapping) or "var" not in body or len(kinds) != 1:
        raise RuleEvaluationError(
            f"{where}: SET needs `var` and exactly one of to, to-value, to-entropy"
        )
    var = _target(body["var"], where, load)
    if kinds[0] == "to-value":
        return SetLiteral(var, body["to-value"])
    if kinds[0] == "to":
        return SetTo(var, load.value(_value_text(body["to"], where)))
    entropy = body["to-entropy"]
    length = entropy.get("len") if isinstance(entropy, Mapping) else None
    if not isinstance(length, int) or isinstance(length, bool) or length < 0:
        raise RuleEvaluationError(f"{where}: to-entropy needs a non-negative integer `len`")
    charset = entropy.get("charset")
    if charset is None:
        return SetEntropy(var, DEFAULT_CHARSET, length)
    if not isinstance(charset, str):
        raise RuleEvaluationError(f"{where}: to-entropy charset must be a string")
    try:
        parsed = parse_charset(charset)
    except GrammarError as err:  # a load-time syntax error like any other (S206)
        raise RuleSyntaxError(err.issue, err.text) from None
    return SetEntropy(var, parsed, length)


def _value_text(value: Any, where: str) -> str:
    """The legacy read `to:` as a string even from a plain YAML scalar: `to: true` is the
    rule text "true" (the path named true, so null — quirk Q3), `to: 5` the number 5."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    raise RuleEvaluationError(f"{where}: SET to: must be an expression string, got {value!r}")


def _target(text: Any, where: str, load: _Loader) -> ast.Reference:
    if not isinstance(text, str):
        raise RuleEvaluationError(f"{where}: expected a reference string, got {text!r}")
    return load.reference(text)  # the loader rejects an immutable target (D311)


# ------------------------------------------------------------------ the driver


def auto_configure(
    rules: Iterable[Any],
    dep_config: Any,
    table: Mapping[str, Any] | None = None,
    rng: random.Random | int | None = None,
    dep_id: str | None = None,
    *,
    era: str = "0.3",
    strict: bool = True,
) -> tuple[Any, list[str]]:
    compiled = compile_rules(rules, strict=strict)
    config = copy.deepcopy(dep_config)
    if not isinstance(config, dict):
        raise RuleEvaluationError("the config to auto-configure must be an object")
    live_table = dict(table or {})  # the caller's table stays as it was
    make_env(live_table, era)  # validates era
    if dep_id is not None:
        live_table[dep_id] = copy.deepcopy(config)
    generator = rng if isinstance(rng, random.Random) else random.Random(rng)

    def env(source: str | None) -> Env:
        return make_env(live_table, era, source)

    def holds(rule: ast.Rule) -> bool:
        return guarded(lambda: eval_bool(rule.expr, config, env(rule.text)))

    failures: list[str] = []
    for entry in compiled:
        if holds(entry.rule):
            continue
        for suggestion in entry.suggestions:
            if suggestion.guard is not None and not holds(suggestion.guard):
                continue
            guarded(lambda: apply(suggestion.action, config, env, generator))
            if dep_id is not None:
                live_table[dep_id] = copy.deepcopy(config)
        if not holds(entry.rule):
            failures.append(entry.description)
    return config, failures


def apply(action: Action, config: dict, env_for, rng: random.Random) -> None:
    """Apply one suggestion to `config` in place. `env_for(source)` makes the Env."""
    if isinstance(action, Delete):
        _delete(action.spec, config, env_for(action.spec.text))
        return
    if isinstance(action, Push):
        slot = locate(action.target.path, config, env_for(action.target.text))
        if slot is not None and isinstance(slot[0][slot[1]], list):
            slot[0][slot[1]].append(copy.deepcopy(action.value))
        return
    # SET: the value first, then the target walk (the legacy borrow order)
    if isinstance(action, SetTo):
        value = value_of(action.value.expr, config, env_for(action.value.text))
    elif isinstance(action, SetLiteral):
        value = copy.deepcopy(action.value)
    else:
        chars = action.charset.chars()
        value = "".join(rng.choice(chars) for _ in range(action.length)) if chars else ""
    slot = locate(action.var.path, config, env_for(action.var.text))
    if slot is not None:
        slot[0][slot[1]] = value


def _delete(spec: ast.DeleteSpec, config: dict, env: Env) -> None:
    slot = locate(spec.source.path, config, env)
    if slot is None:
        return
    target = slot[0][slot[1]]

    def doomed(item: Any) -> bool:
        return binder_holds(spec.binder, spec.predicate, item, env)

    if isinstance(target, list):
        target[:] = [item for item in target if not doomed(item)]
    elif isinstance(target, dict):
        for key in [key for key, item in target.items() if doomed(item)]:
            del target[key]


# ------------------------------------------------------------------ paths (write side)

Slot = tuple[Any, Any]  # (container, key or index): container[key] is the target


def locate(path: ast.Path, config: dict, env: Env) -> Slot | None:
    """Walk a (checked, relative) mutation path, creating nulls like the legacy OS."""
    head = env.raw(path.head)
    config.setdefault(head, None)
    slot: Slot = (config, head)
    for segment in path.segments:
        found = _step(segment, slot[0][slot[1]], env)
        if found is None:
            return None
        slot = found
    return slot


def _step(segment: ast.Segment, value: Any, env: Env) -> Slot | None:
    if isinstance(segment, ast.NameSegment | ast.ComputedKeySegment):
        if not isinstance(value, dict):
            return None
        if isinstance(segment, ast.NameSegment):
            key = segment.name
        else:
            key = single(eval_str(segment.expr, {}, env))  # only a single key is writable
            if key is None:
                return None
        value.setdefault(key, None)
        return (value, key)
    if isinstance(segment, ast.IndexSegment | ast.ComputedIndexSegment):
        if not isinstance(value, list):
            return None
        if isinstance(segment, ast.IndexSegment):
            index = segment.index
        else:
            n = single(eval_num(segment.expr, {}, env))
            if n is None:
                return None
            index = as_usize(n)
        if index == len(value):
            value.append(None)
        return (value, index) if index < len(value) else None
    if isinstance(segment, ast.ListFnSegment) and segment.fn in ("first", "last"):
        if isinstance(value, list):
            keys: list[Any] = list(range(len(value)))
        elif isinstance(value, dict):
            keys = list(value)
        else:
            return None
        if segment.fn == "last":
            keys.reverse()
        for key in keys:
            if binder_holds(segment.binder, segment.predicate, value[key], env):
                return (value, key)
        return None
    raise RuleEvaluationError("Any and All are immutable", segment.span)
