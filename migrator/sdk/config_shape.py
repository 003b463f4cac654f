"""How a config value changes shape between the legacy file and the 0.4 form (a `ShapeMap`),
and Python reference conversions both ways.

The legacy config file (`start9/config.yaml`, legacy-formats.md §4.11a) keeps its legacy
shape so the unchanged image still reads it; the 0.4 `config` action's form uses the SDK
shape. They differ in four places only:

- a union is flat in the file, `{<tag-id>: <variant>, ...fields}`, and `{selection, value}`
  in the form;
- a list of unions has no SDK form, so each item is wrapped as `{<tag-id>: {selection, value}}`
  (the single field of a `List.obj` item spec);
- a list of numbers is a list of strings in the form (the SDK has no number list);
- pointers (computed by the OS) and values the migrator could not read are not form fields:
  they are left out of the form and come back from the file (pointers are recomputed).

A ShapeMap is pure data derived from the spec by the lowering (`LoweredSpec.shape`); the
TypeScript emitter generates the same two conversions from it. Values that do not have the
expected shape (null, a wrong type) pass through unchanged: validation is the form's job.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal, Union

from migrator.ir.spec import PointerSpec
from migrator.syntax.numrange import format_number

Plain = Literal["plain"]
PLAIN: Plain = "plain"


@dataclass(frozen=True)
class ObjectShape:
    """An object with at least one child that is not plain."""

    fields: ShapeMap


@dataclass(frozen=True)
class UnionShape:
    tag_id: str
    variants: tuple[tuple[str, ShapeMap], ...]  # every variant, plain fields included

    def variant(self, key: object) -> ShapeMap:
        return next((fields for k, fields in self.variants if k == key), ())


@dataclass(frozen=True)
class ObjectListShape:
    """A list of objects whose item has at least one child that is not plain."""

    item: ShapeMap


@dataclass(frozen=True)
class ListUnionShape:
    """A list of unions: each form item is `{<tag-id>: {selection, value}}`."""

    union: UnionShape


@dataclass(frozen=True)
class NumberListShape:
    integral: bool


@dataclass(frozen=True)
class PointerShape:
    """Computed by the OS in 0.3; recomputed at run time in 0.4. Never in the form."""

    pointer: PointerSpec


@dataclass(frozen=True)
class OpaqueShape:
    """A value the migrator could not read (unknown spec): not in the form, kept from the file."""

    reason: str


Shape = Union[Plain, ObjectShape, UnionShape, ObjectListShape, ListUnionShape, NumberListShape,
              PointerShape, OpaqueShape]
ShapeMap = tuple[tuple[str, Shape], ...]

_NOT_IN_FORM = (PointerShape, OpaqueShape)


def is_plain_map(fields: ShapeMap) -> bool:
    return all(shape == PLAIN for _, shape in fields)


# -- legacy file → form -----------------------------------------------------------------------
def legacy_to_form(shape: ShapeMap, value: Any) -> Any:
    """The form value (`{selection, value}` unions, ...) of a legacy config object."""
    if not isinstance(value, dict):
        return value
    shapes = dict(shape)
    out = {}
    for key, item in value.items():
        child = shapes.get(key, PLAIN)
        if not isinstance(child, _NOT_IN_FORM):
            out[key] = _value_to_form(child, item)
    return out


def _value_to_form(shape: Shape, value: Any) -> Any:
    if isinstance(shape, ObjectShape):
        return legacy_to_form(shape.fields, value)
    if isinstance(shape, UnionShape):
        return _union_to_form(shape, value)
    if isinstance(shape, ObjectListShape) and isinstance(value, list):
        return [legacy_to_form(shape.item, item) for item in value]
    if isinstance(shape, ListUnionShape) and isinstance(value, list):
        return [{shape.union.tag_id: _union_to_form(shape.union, item)}
                if isinstance(item, dict) else item for item in value]
    if isinstance(shape, NumberListShape) and isinstance(value, list):
        return [_number_text(item) for item in value]
    return value


def _union_to_form(shape: UnionShape, value: Any) -> Any:
    if not isinstance(value, dict) or shape.tag_id not in value:
        return value
    selection = value[shape.tag_id]
    rest = {k: v for k, v in value.items() if k != shape.tag_id}
    return {"selection": selection, "value": legacy_to_form(shape.variant(selection), rest)}


def _number_text(item: Any) -> Any:
    if isinstance(item, bool) or not isinstance(item, (int, float)):
        return item
    if isinstance(item, float) and not math.isfinite(item):
        return item
    return format_number(item)


# -- form → legacy file -----------------------------------------------------------------------
def form_to_legacy(shape: ShapeMap, value: Any, previous: Any = None) -> Any:
    """The legacy config object of a form value. Keys that are not form fields (pointers,
    unreadable values) are taken from `previous`, the file as it was, when given."""
    if not isinstance(value, dict):
        return value
    before = previous if isinstance(previous, dict) else {}
    shapes = dict(shape)
    out = {}
    for key, item in value.items():
        out[key] = _value_to_legacy(shapes.get(key, PLAIN), item, before.get(key))
    for key, child in shape:
        if isinstance(child, _NOT_IN_FORM) and key in before and key not in out:
            out[key] = before[key]
    return out


def _value_to_legacy(shape: Shape, value: Any, previous: Any) -> Any:
    if isinstance(shape, ObjectShape):
        return form_to_legacy(shape.fields, value, previous)
    if isinstance(shape, UnionShape):
        return _union_to_legacy(shape, value, previous)
    if isinstance(shape, ObjectListShape) and isinstance(value, list):
        return [form_to_legacy(shape.item, item) for item in value]
    if isinstance(shape, ListUnionShape) and isinstance(value, list):
        tag = shape.union.tag_id
        return [_union_to_legacy(shape.union, item[tag], None)
                if isinstance(item, dict) and set(item) == {tag} else item for item in value]
    if isinstance(shape, NumberListShape) and isinstance(value, list):
        return [_text_number(item, shape.integral) for item in value]
    return value


def _union_to_legacy(shape: UnionShape, value: Any, previous: Any) -> Any:
    if not isinstance(value, dict) or "selection" not in value:
        return value
    selection = value["selection"]
    # Hidden values of the selected variant survive only if the file had that variant.
    same = isinstance(previous, dict) and previous.get(shape.tag_id) == selection
    fields = form_to_legacy(shape.variant(selection), value.get("value"),
                            previous if same else None)
    return {shape.tag_id: selection, **(fields if isinstance(fields, dict) else {})}


_INTEGER = re.compile(r"[+-]?[0-9]+")
_SAFE_INTEGER = 2**53  # beyond it the value was a float in the file (JSON numbers are f64)


def _text_number(item: Any, integral: bool) -> Any:
    if not isinstance(item, str):
        return item
    text = item.strip()
    if _INTEGER.fullmatch(text) and abs(int(text)) <= _SAFE_INTEGER:
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return item  # not a number: the form's pattern should have refused it
    if integral and number.is_integer():
        return int(number)
    return number
