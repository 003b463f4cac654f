"""`check-config`: is a legacy `start9/config.yaml` value one the service would accept?

    check_config(package, own_rules, config) -> list[str]

validates the value against the package's config model (its form spec, read in the legacy
file's shape through the ShapeMap) and against its own rules (`config_rules.yaml`), and
returns EVERY problem, [] when the config is valid. It refuses what the legacy OS's
`config set` (ValueSpec `matches`, then the rules) or the 0.4 config form would refuse:

* types (a boolean is a bool, a number is a number and not a bool, a string a string, an
  object or a flat union an object, a list a list); `null` only where the spec is
  nullable (a missing key is read as null, as the legacy OS did);
* number ranges (the form's min/max) and `integral`; string patterns (unanchored, like
  Rust's `is_match` and JavaScript's `test`) and min/max length; select / multiselect
  values; list lengths; the union tag and its variant;
* list items pairwise unequal where the legacy spec said so: string, number and enum
  lists always, object lists through their `unique-by`.

Not validated: pointers (computed by the OS, never entered) and values the migrator could
not read (opaque); keys the spec does not name are reported as warnings only, since the
legacy OS ignored them. Where the lowering had to widen a legacy bound (an exclusive
non-integer bound, the item range of a number list) the check follows the model, as the
0.4 form does. A pattern Python's `re` cannot compile is not checked (a warning says so).
Rules whose text did not parse are not enforced (a warning lists them: TODO(migrate)).

Messages name the key path as the legacy file spells it (`rpc.users.0.name`) and hold no
control characters, so a CLI can print them as they are.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from migrator.sdk.config_shape import (
    PLAIN,
    ListUnionShape,
    NumberListShape,
    ObjectListShape,
    ObjectShape,
    OpaqueShape,
    PointerShape,
    Shape,
    ShapeMap,
    UnionShape,
)
from migrator.sdk.inputspec import (
    InputSpec,
    ListValue,
    MultiselectValue,
    NumberValue,
    ObjectListSpec,
    ObjectValue,
    Pattern,
    SelectValue,
    TextareaValue,
    TextListSpec,
    TextValue,
    ToggleValue,
    UnionValue,
    Value,
)
from migrator.sdk.package import SdkPackage
from migrator.syntax.uniqueby import AllOf, AnyOf, Exactly, NotUnique, UniqueBy
from startos_sdk.rules import RuleCheck, failed_rules, not_migrated_rules

Where = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigReport:
    """`failures`: why the config would be refused; `warnings`: what was not checked or is
    ignored (unknown keys, patterns, rules not migrated)."""

    failures: tuple[str, ...]
    warnings: tuple[str, ...]


def check_config(package: SdkPackage, own_rules: Sequence[RuleCheck], config: object) -> list[str]:
    """Every reason the config would be refused (spec violations, then failed own rules by
    their description), [] when it is valid. A package without a config model accepts
    anything."""
    return list(config_report(package, own_rules, config).failures)


def config_report(package: SdkPackage, own_rules: Sequence[RuleCheck],
                  config: object) -> ConfigReport:
    if package.config is None:
        return ConfigReport((), ())
    checker = _Checker()
    if isinstance(config, dict):
        checker.spec(package.config.input_spec, package.config.shape, config, ())
    else:
        checker.fail((), f"Invalid Type: expected object, actual {_kind(config)}")
    failures = checker.failures + [safe_text(d) for d in failed_rules(own_rules, config)]
    warnings = checker.warnings + [f"rule not checked (TODO(migrate): its text does not "
                                   f"parse): {safe_text(r.rule_text)}"
                                   for r in not_migrated_rules(own_rules)]
    return ConfigReport(tuple(failures), tuple(warnings))


def safe_text(text: str) -> str:
    """`text` with every character that is not printable escaped (`\\n`, `\\x00`, …)."""
    return "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] if ord(ch) < 0x80
                   else f"\\u{ord(ch):04x}" for ch in text)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _range(low: float | int | None, high: float | int | None) -> str:
    return f"[{'*' if low is None else low},{'*' if high is None else high}]"


@dataclass
class _Checker:
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, where: Where, message: str) -> None:
        self.failures.append(f"{_path(where)}: {message}")

    # -------------------------------------------------------------- objects

    def spec(self, spec: InputSpec, shape: ShapeMap, value: dict[Any, Any], where: Where,
             tag: str | None = None) -> None:
        """A legacy object against a form spec: every field (missing = null), then the
        keys nobody asked for."""
        shapes = dict(shape)
        for key, field_spec in spec.fields:
            self.value(field_spec, shapes.get(key, PLAIN), value.get(key), (*where, key))
        known = set(spec.keys()) | set(shapes) | ({tag} if tag is not None else set())
        for key in value:
            if key not in known:
                self.warnings.append(f"{_path((*where, str(key)))}: unknown key (the legacy "
                                     "OS ignored it)")

    def value(self, spec: Value, shape: Shape, value: object, where: Where) -> None:
        if isinstance(shape, PointerShape | OpaqueShape):
            return  # computed by the OS / not readable: never validated
        if isinstance(spec, ToggleValue):
            self.typed(value, bool, "boolean", where)
        elif isinstance(spec, TextValue | TextareaValue):
            if value is None and not spec.required:
                return
            if self.typed(value, str, "string", where):
                assert isinstance(value, str)
                self.text(value, spec.patterns, spec.min_length, spec.max_length, where)
        elif isinstance(spec, NumberValue):
            if value is None and not spec.required:
                return
            self.number(value, spec.integer, spec.min, spec.max, where)
        elif isinstance(spec, SelectValue):
            self.choice(value, [k for k, _ in spec.values], where)
        elif isinstance(spec, MultiselectValue):
            self.choices(spec, value, where)
        elif isinstance(spec, ObjectValue):
            if self.typed(value, dict, "object", where):
                assert isinstance(value, dict)
                fields = shape.fields if isinstance(shape, ObjectShape) else ()
                self.spec(spec.spec, fields, value, where)
        elif isinstance(spec, UnionValue):
            if isinstance(shape, UnionShape):
                self.union(spec, shape, value, where)
        elif isinstance(spec, ListValue):
            self.list_value(spec, shape, value, where)

    def typed(self, value: object, kind: type, name: str, where: Where) -> bool:
        ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        if not ok:
            self.fail(where, "Field Is Not Nullable" if value is None else
                      f"Invalid Type: expected {name}, actual {_kind(value)}")
        return ok

    # -------------------------------------------------------------- scalars

    def text(self, value: str, patterns: tuple[Pattern, ...], low: int | None,
             high: int | None, where: Where) -> None:
        for pattern in patterns:
            try:
                compiled = re.compile(pattern.regex)
            except (re.error, RecursionError, OverflowError):
                self.warnings.append(f"{_path(where)}: pattern {_show(pattern.regex)} not "
                                     "checked (Python cannot compile it)")
                continue
            if not compiled.search(value):
                self.fail(where, f"String {_show(value)} Does Not Match Pattern "
                          f"{_show(pattern.regex)}: {safe_text(pattern.description)}")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            self.fail(where, f"Length Mismatch: expected {_range(low, high)}, actual: "
                      f"{len(value)}")

    def number(self, value: object, integral: bool, low: float | None, high: float | None,
               where: Where) -> None:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            self.typed(value, float, "number", where)
            return
        if integral and not (isinstance(value, int) or
                             (math.isfinite(value) and value == math.floor(value))):
            self.fail(where, f"Number Is Not Integral: {_show(value)}")
        if (low is not None and not value >= low) or (high is not None and not value <= high):
            self.fail(where, f"Number Out Of Range: expected {_range(low, high)}, actual: "
                      f"{_show(value)}")

    def choice(self, value: object, values: list[str], where: Where) -> None:
        if self.typed(value, str, "string", where) and value not in values:
            self.fail(where, f"String {_show(value)} Is Not In Enum {_show(values)}")

    def choices(self, spec: MultiselectValue, value: object, where: Where) -> None:
        if not self.typed(value, list, "list", where):
            return
        assert isinstance(value, list)
        keys = [k for k, _ in spec.values]
        for i, item in enumerate(value):
            self.choice(item, keys, (*where, i))
        self.length(value, spec.min_length, spec.max_length, where)
        self.distinct(value, where)

    # -------------------------------------------------------------- unions and lists

    def union(self, spec: UnionValue, shape: UnionShape, value: object, where: Where) -> None:
        if not self.typed(value, dict, "object", where):
            return
        assert isinstance(value, dict)
        if shape.tag_id not in value:
            self.fail(where, f"Variant Is Missing Tag {_show(shape.tag_id)}")
            return
        selection = value[shape.tag_id]
        variant = next((v for v in spec.variants if v.key == selection), None)
        if variant is None:
            self.fail(where, f"Variant {_show(selection)} Is Not In Union "
                      f"{_show([v.key for v in spec.variants])}")
            return
        rest = {k: v for k, v in value.items() if k != shape.tag_id}
        self.spec(variant.spec, shape.variant(selection), rest, where, tag=shape.tag_id)

    def list_value(self, spec: ListValue, shape: Shape, value: object, where: Where) -> None:
        if not self.typed(value, list, "list", where):
            return
        assert isinstance(value, list)
        item = spec.item
        for i, element in enumerate(value):
            at = (*where, i)
            if isinstance(shape, NumberListShape):
                self.number(element, shape.integral, None, None, at)
            elif isinstance(item, TextListSpec):
                if self.typed(element, str, "string", at):
                    assert isinstance(element, str)
                    self.text(element, item.patterns, item.min_length, item.max_length, at)
            elif isinstance(shape, ListUnionShape):
                union = item.spec.fields[0][1]
                if isinstance(union, UnionValue):
                    self.union(union, shape.union, element, at)
            elif self.typed(element, dict, "object", at):
                assert isinstance(element, dict)
                fields = shape.item if isinstance(shape, ObjectListShape) else ()
                self.spec(item.spec, fields, element, at)
        self.length(value, spec.min_length, spec.max_length, where)
        if isinstance(item, ObjectListSpec):
            rule = item.unique_by
            if not isinstance(rule, NotUnique) and any(
                    _equal_by(rule, a, b) for i, a in enumerate(value) for b in value[i + 1:]):
                self.fail(where, "Value In List Is Not Unique")
        else:
            self.distinct(value, where)

    def length(self, value: list[Any], low: int | None, high: int | None,
               where: Where) -> None:
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            self.fail(where, f"Length Mismatch: expected {_range(low, high)}, actual: "
                      f"{len(value)}")

    def distinct(self, items: list[Any], where: Where) -> None:
        """String, number and enum lists: items pairwise unequal (by value)."""
        if len({_canonical(item) for item in items}) < len(items):
            self.fail(where, "Value In List Is Not Unique")


def _canonical(value: object) -> str:
    """A text equal for equal JSON values, as serde_json compares them: 1 is not 1.0 nor
    true, object members in any order."""
    try:
        return repr(_tagged(value))
    except RecursionError:  # too deep to compare: count it as unlike anything else
        return f"<deep {id(value)}>"


def _tagged(value: object) -> object:
    if isinstance(value, dict):
        return ("object", sorted((repr(k), _tagged(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", [_tagged(v) for v in value])
    return (type(value).__name__, value)


def _same(a: object, b: object) -> bool:
    return _canonical(a) == _canonical(b)


def _equal_by(rule: UniqueBy, a: object, b: object) -> bool:
    """Whether two object items count as equal under `unique-by` (never, by default)."""
    if isinstance(rule, NotUnique) or not isinstance(a, dict) or not isinstance(b, dict):
        return False
    if isinstance(rule, Exactly):
        return rule.key in a and rule.key in b and _same(a[rule.key], b[rule.key])
    if isinstance(rule, AnyOf):
        return any(_equal_by(r, a, b) for r in rule.items)
    if isinstance(rule, AllOf):
        return all(_equal_by(r, a, b) for r in rule.items)
    return False


def _path(where: Where) -> str:
    return ".".join(safe_text(str(step)) for step in where) if where else "config"
