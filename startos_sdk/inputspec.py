"""Form builders: `InputSpec.of`, `Value.*`, `List.*`, `Variants.of` of start-sdk 2.0.9.

Each returns the migrator's model object (migrator.sdk.inputspec), whose `to_json()` is the
JSON the SDK builds for the same TypeScript call, so a Python form dumps to what node prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from migrator.sdk import inputspec as spec
from migrator.sdk.inputspec import InputMode
from migrator.sdk.report import Todo
from migrator.syntax.uniqueby import NotUnique, UniqueBy

FormValue = spec.Value


def pattern(regex: str, description: str) -> spec.Pattern:
    """One entry of `patterns: [{regex, description}]`."""
    return spec.Pattern(regex, description)


def random_string(charset: str, len: int) -> spec.RandomString:  # noqa: A002 - the SDK's name
    """A generated default, `{charset, len}` (legacy charset syntax, e.g. `a-z,0-9`)."""
    return spec.RandomString(charset, len)


class InputSpec:
    @staticmethod
    def of(fields: Mapping[str, FormValue], *,
           todos: Sequence[tuple[int, Todo]] = ()) -> spec.InputSpec:
        """`InputSpec.of({...})`: fields in this order. `todos` are (index, TODO): the TODO
        stands above field `index` (after the last field when index == len(fields))."""
        return spec.InputSpec(tuple(fields.items()), tuple(todos))


class Value:
    """`Value.text(...)`, `Value.number(...)`, ... of start-sdk: one field of a form."""

    @staticmethod
    def text(*, name: str, required: bool, default: str | spec.RandomString | None,
             description: str | None = None, warning: str | None = None, masked: bool = False,
             placeholder: str | None = None, min_length: int | None = None,
             max_length: int | None = None, patterns: Sequence[spec.Pattern] = (),
             inputmode: InputMode = "text",
             generate: spec.RandomString | None = None) -> spec.TextValue:
        """`Value.text({name, required, default, masked, patterns, inputmode, generate, ...})`."""
        return spec.TextValue(name, required, default, description, warning, masked,
                              placeholder, min_length, max_length, tuple(patterns), inputmode,
                              generate)

    @staticmethod
    def textarea(*, name: str, required: bool, default: str | None,
                 description: str | None = None, warning: str | None = None,
                 placeholder: str | None = None, min_length: int | None = None,
                 max_length: int | None = None, patterns: Sequence[spec.Pattern] = (),
                 min_rows: int = 3, max_rows: int = 6) -> spec.TextareaValue:
        """`Value.textarea({name, required, default, minRows, maxRows, ...})`."""
        return spec.TextareaValue(name, required, default, description, warning, placeholder,
                                  min_length, max_length, tuple(patterns), min_rows, max_rows)

    @staticmethod
    def number(*, name: str, required: bool, default: int | float | None, integer: bool,
               description: str | None = None, warning: str | None = None,
               min: int | float | None = None, max: int | float | None = None,  # noqa: A002
               step: int | float | None = None, units: str | None = None,
               placeholder: str | None = None) -> spec.NumberValue:
        """`Value.number({name, required, default, integer, min, max, step, units, ...})`."""
        return spec.NumberValue(name, required, default, integer, description, warning, min,
                                max, step, units, placeholder)

    @staticmethod
    def toggle(*, name: str, default: bool, description: str | None = None,
               warning: str | None = None) -> spec.ToggleValue:
        """`Value.toggle({name, default, ...})`."""
        return spec.ToggleValue(name, default, description, warning)

    @staticmethod
    def select(*, name: str, values: Mapping[str, str], default: str,
               description: str | None = None, warning: str | None = None) -> spec.SelectValue:
        """`Value.select({name, values: {key: label}, default, ...})`."""
        return spec.SelectValue(name, tuple(values.items()), default, description, warning)

    @staticmethod
    def multiselect(*, name: str, values: Mapping[str, str], default: Sequence[str],
                    description: str | None = None, warning: str | None = None,
                    min_length: int | None = None,
                    max_length: int | None = None) -> spec.MultiselectValue:
        """`Value.multiselect({name, values, default, minLength, maxLength, ...})`."""
        return spec.MultiselectValue(name, tuple(values.items()), tuple(default), description,
                                     warning, min_length, max_length)

    @staticmethod
    def object(*, name: str, spec: spec.InputSpec,  # noqa: A003
               description: str | None = None) -> spec.ObjectValue:
        """`Value.object({name, description}, InputSpec.of({...}))`."""
        from migrator.sdk.inputspec import ObjectValue  # noqa: PLC0415 - `spec` is shadowed

        return ObjectValue(name, spec, description)

    @staticmethod
    def union(*, name: str, default: str, variants: Sequence[spec.Variant],
              description: str | None = None, warning: str | None = None) -> spec.UnionValue:
        """`Value.union({name, default, variants: Variants.of({...}), ...})`."""
        return spec.UnionValue(name, default, tuple(variants), description, warning)

    @staticmethod
    def list(*, name: str, item: spec.TextListSpec | spec.ObjectListSpec,  # noqa: A003
             default: Sequence[str] = (), description: str | None = None,
             warning: str | None = None, min_length: int | None = None,
             max_length: int | None = None) -> spec.ListValue:
        """`Value.list(List.text({name, default, ...}, {...item}))` / `Value.list(List.obj(...))`:
        the list's own options here, the item's in `item=List.text(...)`/`List.obj(...)`."""
        return spec.ListValue(name, item, tuple(default), description, warning, min_length,
                              max_length)


class List:
    """The item half of `List.text(a, item)` and `List.obj(a, {spec, displayAs, uniqueBy})`."""

    @staticmethod
    def text(*, masked: bool = False, placeholder: str | None = None,
             patterns: Sequence[spec.Pattern] = (), min_length: int | None = None,
             max_length: int | None = None, inputmode: InputMode = "text",
             generate: spec.RandomString | None = None) -> spec.TextListSpec:
        """`List.text(a, {masked, placeholder, patterns, minLength, maxLength, inputmode,
        generate})`."""
        return spec.TextListSpec(masked, placeholder, tuple(patterns), min_length, max_length,
                                 inputmode, generate)

    @staticmethod
    def obj(*, spec: spec.InputSpec, display_as: str | None = None,
            unique_by: UniqueBy = NotUnique()) -> spec.ObjectListSpec:
        """`List.obj(a, {spec, displayAs, uniqueBy})`."""
        from migrator.sdk.inputspec import ObjectListSpec  # noqa: PLC0415 - `spec` is shadowed

        return ObjectListSpec(spec, display_as, unique_by)


class Variants:
    @staticmethod
    def of(variants: Mapping[str, spec.Variant]) -> tuple[spec.Variant, ...]:
        """`Variants.of({key: {name, spec}})`: each value from `Variants.variant`."""
        return tuple(dataclasses.replace(v, key=key) for key, v in variants.items())

    @staticmethod
    def variant(*, name: str, spec: spec.InputSpec,
                todos: Sequence[Todo] = ()) -> spec.Variant:
        """One `{name, spec}` of `Variants.of`; `todos` stand above its spec."""
        from migrator.sdk.inputspec import Variant  # noqa: PLC0415 - `spec` is shadowed

        return Variant("", name, spec, tuple(todos))
