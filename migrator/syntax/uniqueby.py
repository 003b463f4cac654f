"""`unique-by` (0.2: `uniqueBy`) of list/object/union specs (spec §4.10).

It is already JSON/YAML, so a small validator replaces a grammar. The legacy serde visitor:
null => NotUnique, string => Exactly, map => the first key named "any"/"all" wins (its value
must be a list of UniqueBy); a map without such a key is an error."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Union

from migrator.syntax.errors import GrammarError, SyntaxIssue, issue_at

MAX_DEPTH = 64  # YAML can nest arbitrarily; the legacy rules nest once or twice


@dataclass(frozen=True)
class NotUnique:
    """Items never compare equal (duplicates allowed). The default."""


@dataclass(frozen=True)
class Exactly:
    key: str  # items are equal iff item[key] == other[key]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[UniqueBy, ...]  # equal iff any sub-rule says equal


@dataclass(frozen=True)
class AllOf:
    items: tuple[UniqueBy, ...]  # equal iff every sub-rule says equal


UniqueBy = Union[NotUnique, Exactly, AnyOf, AllOf]


@dataclass(frozen=True)
class UniqueByResult:
    """parse_unique_by_with_warnings() result: the rule and its S211/S212 warnings."""

    rule: UniqueBy
    warnings: tuple[SyntaxIssue, ...]


def _show(value: object) -> str:
    try:
        return json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def _error(root: object, path: str, message: str, hint: str | None = None) -> GrammarError:
    text = _show(root)
    return GrammarError(issue_at(text, 0, "S207", f"{path}: {message}", hint=hint), text)


def _parse(
    value: object, root: object, path: str, depth: int, warnings: list[SyntaxIssue]
) -> UniqueBy:
    if depth > MAX_DEPTH:
        raise _error(root, path, f"nested deeper than {MAX_DEPTH}")
    if value is None:
        return NotUnique()
    if isinstance(value, str):
        return Exactly(value)
    if not isinstance(value, dict):
        raise _error(
            root,
            path,
            f"expected null, a key name or {{any|all: [...]}}, got {_show(value)[:40]}",
            "write a key name like 'name', or {any: [..]} / {all: [..]}",
        )
    keys = list(value)
    chosen = next((k for k in keys if k in ("any", "all")), None)
    if chosen is None:
        raise _error(
            root,
            path,
            f"unknown unique-by form {_show(keys)[:40]}: expected a key 'any' or 'all'",
            "use {any: [...]} or {all: [...]}",
        )
    others = [k for k in keys if k != chosen]
    if others:  # serde stopped at the first any/all: later keys were never read
        text = _show(root)
        warnings.append(
            issue_at(
                text,
                0,
                "S211",
                f"{path}: only {chosen!r} is used; other keys "
                f"{_show(others)[:60]} were ignored by the legacy OS",
                "warning",
            )
        )
    items = value[chosen]
    if not isinstance(items, list):
        raise _error(root, f"{path}.{chosen}", f"expected a list, got {_show(items)[:40]}")
    if not items:
        effect = (
            "items never count as equal" if chosen == "any" else "every two items count as equal"
        )
        warnings.append(
            issue_at(_show(root), 0, "S212", f"{path}.{chosen} is empty: {effect}", "warning")
        )
    rules = tuple(
        _parse(item, root, f"{path}.{chosen}[{i}]", depth + 1, warnings)
        for i, item in enumerate(items)
    )
    return AnyOf(rules) if chosen == "any" else AllOf(rules)


def parse_unique_by_with_warnings(value: object) -> UniqueByResult:
    warnings: list[SyntaxIssue] = []
    rule = _parse(value, value, "unique-by", 0, warnings)
    return UniqueByResult(rule, tuple(warnings))


def parse_unique_by(value: object) -> UniqueBy:
    """The rule from an already-loaded JSON/YAML value; raises GrammarError (S207, offset 0).
    Warnings (S211 extra keys, S212 empty list) need parse_unique_by_with_warnings()."""
    return parse_unique_by_with_warnings(value).rule


def unique_by_to_json(rule: UniqueBy) -> object:
    """The legacy JSON form of a rule (inverse of parse_unique_by)."""
    if isinstance(rule, NotUnique):
        return None
    if isinstance(rule, Exactly):
        return rule.key
    return {"any" if isinstance(rule, AnyOf) else "all": [unique_by_to_json(r) for r in rule.items]}
