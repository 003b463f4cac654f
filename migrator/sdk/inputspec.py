"""Form specs (`InputSpec`) of start-sdk 2.0.9, one frozen class per builder the lowering uses.

Target-independent: no TypeScript here. Each value knows the JSON the SDK builds for the
equivalent builder call, `(await InputSpec.of({...}).build({effects, prefill: null})).spec`:
the builders in start-core `actions/input/builder/{value,list,variants,inputSpec}.js` spread
the caller's options over fixed defaults (`description: null`, `footnote: null`,
`disabled: false`, `immutable: false`, ...), and `to_json()` reproduces the result key for key.
tests/sdk/test_inputspec_json.py checks that against the real SDK.

Invariants the SDK's TypeScript types impose (a select default must be one of its values, a
union default one of its variants, `List.obj` only takes `default: []`) are checked on
construction, so a model that exists can always be emitted as code that type-checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Union

from migrator.sdk.report import Todo
from migrator.syntax.uniqueby import NotUnique, UniqueBy, unique_by_to_json

Json = Any  # None | bool | int | float | str | list[Json] | dict[str, Json]
InputMode = Literal["text", "email", "tel", "url"]


@dataclass(frozen=True)
class Pattern:
    """One entry of `patterns`: the UI tests `regex` and shows `description` on a mismatch."""

    regex: str
    description: str

    def to_json(self) -> Json:
        return {"regex": self.regex, "description": self.description}


@dataclass(frozen=True)
class RandomString:
    """A generated default (`{charset, len}`); `charset` uses the legacy charset syntax,
    which the SDK's `getRandomCharInSet` parses the same way (e.g. `a-z,A-Z,0-9`)."""

    charset: str
    len: int

    def to_json(self) -> Json:
        return {"charset": self.charset, "len": self.len}


def _json(value: Json) -> Json:
    return value.to_json() if hasattr(value, "to_json") else value


def _common(value: Any) -> dict[str, Json]:
    """The keys (almost) every builder puts first; `...a` then overrides them."""
    return {"description": value.description, "warning": value.warning, "footnote": None}


_EDITABLE = {"disabled": False, "immutable": False}


@dataclass(frozen=True)
class ToggleValue:
    name: str
    default: bool
    description: str | None = None
    warning: str | None = None

    def to_json(self) -> Json:
        return {**_common(self), "type": "toggle", **_EDITABLE, "name": self.name,
                "default": self.default}


@dataclass(frozen=True)
class TextValue:
    name: str
    required: bool
    default: str | RandomString | None
    description: str | None = None
    warning: str | None = None
    masked: bool = False
    placeholder: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    patterns: tuple[Pattern, ...] = ()
    inputmode: InputMode = "text"
    generate: RandomString | None = None

    def to_json(self) -> Json:
        return {
            "type": "text", **_common(self), "masked": self.masked,
            "placeholder": self.placeholder, "minLength": self.min_length,
            "maxLength": self.max_length, "patterns": [p.to_json() for p in self.patterns],
            "inputmode": self.inputmode, **_EDITABLE, "generate": _json(self.generate),
            "name": self.name, "required": self.required, "default": _json(self.default),
        }


@dataclass(frozen=True)
class TextareaValue:
    name: str
    required: bool
    default: str | None  # the SDK has no generated default for a textarea
    description: str | None = None
    warning: str | None = None
    placeholder: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    patterns: tuple[Pattern, ...] = ()
    min_rows: int = 3
    max_rows: int = 6

    def to_json(self) -> Json:
        return {
            **_common(self), "minLength": self.min_length, "maxLength": self.max_length,
            "patterns": [p.to_json() for p in self.patterns], "minRows": self.min_rows,
            "maxRows": self.max_rows, "placeholder": self.placeholder, "type": "textarea",
            **_EDITABLE, "name": self.name, "required": self.required, "default": self.default,
        }


@dataclass(frozen=True)
class NumberValue:
    name: str
    required: bool
    default: int | float | None
    integer: bool  # required by the SDK's types
    description: str | None = None
    warning: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    step: int | float | None = None
    units: str | None = None
    placeholder: str | None = None  # the SDK types it `string | null`

    def to_json(self) -> Json:
        return {
            "type": "number", **_common(self), "min": self.min, "max": self.max,
            "step": self.step, "units": self.units, "placeholder": self.placeholder,
            **_EDITABLE, "name": self.name, "required": self.required,
            "default": self.default, "integer": self.integer,
        }


def _check_keys(what: str, keys: list[str]) -> None:
    if len(set(keys)) != len(keys):
        raise ValueError(f"{what} has duplicate keys: {keys}")


@dataclass(frozen=True)
class SelectValue:
    name: str
    values: tuple[tuple[str, str], ...]  # (key, label), in the author's order
    default: str
    description: str | None = None
    warning: str | None = None

    def __post_init__(self) -> None:
        keys = [k for k, _ in self.values]
        _check_keys(f"select {self.name!r}", keys)
        if self.default not in keys:  # `default: keyof values` in the SDK types
            raise ValueError(f"select {self.name!r}: default {self.default!r} is not a value")

    def to_json(self) -> Json:
        return {**_common(self), "type": "select", **_EDITABLE, "name": self.name,
                "default": self.default, "values": dict(self.values)}


@dataclass(frozen=True)
class MultiselectValue:
    name: str
    values: tuple[tuple[str, str], ...]
    default: tuple[str, ...]
    description: str | None = None
    warning: str | None = None
    min_length: int | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        keys = [k for k, _ in self.values]
        _check_keys(f"multiselect {self.name!r}", keys)
        stray = [d for d in self.default if d not in keys]
        if stray:
            raise ValueError(f"multiselect {self.name!r}: defaults {stray} are not values")

    def to_json(self) -> Json:
        return {
            "type": "multiselect", "minLength": self.min_length, "maxLength": self.max_length,
            "warning": self.warning, "description": self.description, "footnote": None,
            **_EDITABLE, "name": self.name, "default": list(self.default),
            "values": dict(self.values),
        }


@dataclass(frozen=True)
class ObjectValue:
    """`Value.object({name, description}, spec)`: the SDK takes no warning for an object."""

    name: str
    spec: InputSpec
    description: str | None = None

    def to_json(self) -> Json:
        return {"type": "object", "description": self.description, "warning": None,
                "name": self.name, "spec": self.spec.to_json()}


@dataclass(frozen=True)
class Variant:
    key: str
    name: str
    spec: InputSpec
    # TODOs about the variant's spec as a whole (e.g. it was a TypeScript expression): the
    # comment stands above its `spec`. Not part of the form, so not compared.
    todos: tuple[Todo, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class UnionValue:
    name: str
    default: str
    variants: tuple[Variant, ...]
    description: str | None = None
    warning: str | None = None

    def __post_init__(self) -> None:
        keys = [v.key for v in self.variants]
        _check_keys(f"union {self.name!r}", keys)
        if self.default not in keys:  # `default: keyof variants` in the SDK types
            raise ValueError(f"union {self.name!r}: default {self.default!r} is not a variant")

    def to_json(self) -> Json:
        variants = {v.key: {"name": v.name, "spec": v.spec.to_json()} for v in self.variants}
        return {"type": "union", "description": self.description, "warning": self.warning,
                "disabled": False, "name": self.name, "default": self.default,
                "variants": variants, "immutable": False}


@dataclass(frozen=True)
class TextListSpec:
    """The item options of `List.text(a, item)`."""

    masked: bool = False
    placeholder: str | None = None
    patterns: tuple[Pattern, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    inputmode: InputMode = "text"
    generate: RandomString | None = None

    def to_json(self) -> Json:
        return {"type": "text", "placeholder": self.placeholder, "minLength": self.min_length,
                "maxLength": self.max_length, "masked": self.masked, "inputmode": self.inputmode,
                "generate": _json(self.generate),
                "patterns": [p.to_json() for p in self.patterns]}


@dataclass(frozen=True)
class ObjectListSpec:
    """The item options of `List.obj(a, {spec, displayAs, uniqueBy})`."""

    spec: InputSpec
    display_as: str | None = None  # a handlebars template over one item
    unique_by: UniqueBy = NotUnique()

    def to_json(self) -> Json:
        return {"type": "object", "displayAs": self.display_as,
                "uniqueBy": unique_by_to_json(self.unique_by), "spec": self.spec.to_json()}


@dataclass(frozen=True)
class ListValue:
    """`Value.list(List.text(...))` or `Value.list(List.obj(...))`."""

    name: str
    item: TextListSpec | ObjectListSpec
    default: tuple[str, ...] = ()
    description: str | None = None
    warning: str | None = None
    min_length: int | None = None
    max_length: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.item, ObjectListSpec) and self.default:
            raise ValueError(f"list {self.name!r}: List.obj only accepts `default: []`")

    def to_json(self) -> Json:
        # List.text/List.obj add no footnote/immutable, unlike the Value builders; their
        # defaults come in different orders, and `...a` appends `name` (key order is part of
        # the dump the Python target reproduces byte for byte).
        if isinstance(self.item, TextListSpec):
            return {"description": self.description, "warning": self.warning,
                    "default": list(self.default), "type": "list",
                    "minLength": self.min_length, "maxLength": self.max_length,
                    "disabled": False, "name": self.name, "spec": self.item.to_json()}
        return {"description": self.description, "warning": self.warning,
                "minLength": self.min_length, "maxLength": self.max_length, "type": "list",
                "disabled": False, "spec": self.item.to_json(), "default": list(self.default),
                "name": self.name}


Value = Union[
    ToggleValue, TextValue, TextareaValue, NumberValue, SelectValue, MultiselectValue,
    ObjectValue, UnionValue, ListValue,
]


@dataclass(frozen=True)
class InputSpec:
    """`InputSpec.of({...})`: fields in the author's order (never sorted)."""

    fields: tuple[tuple[str, Value], ...] = ()
    # TODOs at their spot in the form: (i, todo) stands above fields[i]; i == len(fields)
    # after the last field. A field the form lacks (no 0.4 form for it) gets the index of
    # the next field, i.e. the place it would have. Not part of the form, so not compared.
    todos: tuple[tuple[int, Todo], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        _check_keys("input spec", [k for k, _ in self.fields])
        if any(not 0 <= i <= len(self.fields) for i, _ in self.todos):
            raise ValueError("a TODO of the input spec stands outside its fields")

    def todos_at(self, index: int) -> tuple[Todo, ...]:
        return tuple(t for i, t in self.todos if i == index)

    def keys(self) -> list[str]:
        return [k for k, _ in self.fields]

    def get(self, key: str) -> Value | None:
        return next((v for k, v in self.fields if k == key), None)

    def to_json(self) -> Json:
        return {key: value.to_json() for key, value in self.fields}


def build_json(spec: InputSpec) -> Json:
    """The `spec` of `await InputSpec.of({...}).build({effects, prefill: null})`."""
    return spec.to_json()
