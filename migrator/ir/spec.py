"""The typed model of a legacy config spec (0.3 kebab-case and 0.2 camelCase alike)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Union

from migrator.ir.origin import Origin, UnknownKey
from migrator.syntax.charset import CharSet
from migrator.syntax.numrange import NumRange
from migrator.syntax.uniqueby import UniqueBy


@dataclass(frozen=True)
class TsExpr:
    """A non-literal TypeScript expression found where a value was expected (unknown)."""

    source: str
    origin: Origin


@dataclass(frozen=True)
class EntropyDefault:
    """A generated default: `{charset, len}` (charset None = legacy printable ASCII)."""

    charset: CharSet | None
    length: int
    origin: Origin


@dataclass(frozen=True)
class Common:
    """Keys every value spec shares (the legacy `WithDescription` wrapper)."""

    name: str | None  # required at top level; list item specs have none
    description: str | None
    warning: str | None  # 0.3 `warning`, 0.2 `changeWarning`, docs' `change-warning`


@dataclass(frozen=True)
class BooleanSpec:
    key: str
    common: Common
    default: bool | TsExpr
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["boolean"] = "boolean"


@dataclass(frozen=True)
class EnumSpec:
    key: str
    common: Common
    values: tuple[str, ...]
    value_names: tuple[tuple[str, str], ...]  # every value has a label (filled with itself)
    default: str | TsExpr | None
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["enum"] = "enum"


@dataclass(frozen=True)
class NumberSpec:
    key: str
    common: Common
    nullable: bool
    default: float | int | TsExpr | None
    range: NumRange | None
    integral: bool
    units: str | None
    placeholder: Any
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["number"] = "number"


@dataclass(frozen=True)
class StringSpec:
    key: str
    common: Common
    nullable: bool
    default: str | EntropyDefault | TsExpr | None
    pattern: str | None
    pattern_description: str | None
    textarea: bool
    copyable: bool
    masked: bool
    placeholder: str | None
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["string"] = "string"


@dataclass(frozen=True)
class ObjectSpec:
    key: str
    common: Common
    spec: "ConfigSpec"
    display_as: str | None
    unique_by: UniqueBy | None
    origin: Origin
    nullable: bool = False  # 0.2 only
    null_by_default: bool = False  # 0.2 only
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["object"] = "object"


@dataclass(frozen=True)
class UnionTag:
    id: str
    name: str
    description: str | None
    variant_names: tuple[tuple[str, str], ...]  # every variant has a label
    old_form: bool  # `tag: <id>` (name := id, labels := keys)
    origin: Origin


@dataclass(frozen=True)
class UnionSpec:
    key: str
    common: Common
    tag: UnionTag
    variants: tuple[tuple[str, "ConfigSpec"], ...]
    default: str | TsExpr | None
    display_as: str | None
    unique_by: UniqueBy | None
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["union"] = "union"

    def variant(self, key: str) -> "ConfigSpec | None":
        return next((spec for k, spec in self.variants if k == key), None)


@dataclass(frozen=True)
class PointerSpec:
    key: str
    common: Common
    subtype: str  # "package" | "system" | 0.2 "app"
    target: str | None  # tor-address | lan-address | tor-key | config | host-ip
    package_id: str | None  # 0.3 package-id, 0.2 app-id
    interface: str | None
    selector: str | None  # 0.3 JSONPath for target config
    multi: bool
    index: str | None  # 0.2 rule-DSL value expression for target config
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["pointer"] = "pointer"


@dataclass(frozen=True)
class ListSpec:
    key: str
    common: Common
    subtype: Literal["string", "number", "enum", "object", "union"]
    range: NumRange | None
    default: Any  # plain list (entropy items stay dicts)
    item: "ValueSpec"  # the item spec, with key "" and no name
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    type: Literal["list"] = "list"


@dataclass(frozen=True)
class UnknownSpec:
    """A value the migrator cannot read: a non-literal TS expression or an unknown type."""

    key: str
    common: Common
    reason: str
    source: Any  # the raw value (e.g. {"__ts_expr__": "..."})
    origin: Origin
    type: Literal["unknown"] = "unknown"


ValueSpec = Union[
    BooleanSpec, EnumSpec, NumberSpec, StringSpec, ObjectSpec, UnionSpec, PointerSpec, ListSpec,
    UnknownSpec,
]


@dataclass(frozen=True)
class ConfigSpec:
    fields: tuple[ValueSpec, ...]
    origin: Origin
    # The whole spec was a TypeScript expression (e.g. `cond ? {} : undefined`): unknown.
    ts_expr: TsExpr | None = None

    def get(self, key: str) -> ValueSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def walk(self):
        """Every value spec, depth first, with nested object/union/list specs."""
        for value in self.fields:
            yield from _walk(value)


def _walk(value: ValueSpec):
    yield value
    if isinstance(value, ObjectSpec):
        yield from value.spec.walk()
    elif isinstance(value, UnionSpec):
        for _, spec in value.variants:
            yield from spec.walk()
    elif isinstance(value, ListSpec):
        yield from _walk(value.item)
