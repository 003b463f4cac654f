"""Lowering of legacy `list` value specs (mapping.md §5): the SDK has text lists, object lists
and multiselects only, so number lists become text lists and union lists object lists.

`lw` is the `config_spec.Lowerer` doing the whole spec (passed in, not imported, to keep the
two modules free of an import cycle)."""

from __future__ import annotations

import re
from typing import Any

from migrator.ir.spec import EnumSpec, ListSpec, NumberSpec, ObjectSpec, StringSpec, UnionSpec
from migrator.lower.config_numbers import length_limits, number_pattern, number_text
from migrator.sdk.config_shape import (
    PLAIN, ListUnionShape, NumberListShape, ObjectListShape, Shape, UnionShape,
    is_plain_map,
)
from migrator.sdk.inputspec import (
    InputSpec, ListValue, MultiselectValue, ObjectListSpec, TextListSpec, Value,
)
from migrator.syntax.uniqueby import NotUnique, unique_by_to_json


def lower_list(lw, spec: ListSpec, where) -> tuple[Value | None, Shape]:
    low, high = length_limits(spec.range)
    head = dict(name=lw.name(spec), description=spec.common.description,
                warning=spec.common.warning, min_length=low, max_length=high)
    defaults = _default_list(lw, spec)
    item = spec.item
    lw.unknown_keys(item)
    if isinstance(item, StringSpec):
        return _strings(lw, spec, item, head, defaults), PLAIN
    if isinstance(item, NumberSpec):
        return _numbers(lw, spec, item, head, defaults), NumberListShape(item.integral)
    if isinstance(item, EnumSpec):
        return _choices(lw, spec, item, head, defaults), PLAIN
    if isinstance(item, ObjectSpec):
        return _objects(lw, spec, item, head, defaults, where)
    if isinstance(item, UnionSpec):
        return _unions(lw, spec, item, head, defaults, where)
    # build_spec makes an UnknownSpec of the whole list when its item is unreadable.
    raise TypeError(f"list `{spec.key}` has an item of kind {type(item).__name__}")


def _default_list(lw, spec: ListSpec) -> list[Any]:
    if isinstance(spec.default, list):
        return spec.default
    lw.drop_default(spec, f"default {spec.default!r} is not a list; the list starts empty")
    return []


def _drop_items(lw, spec: ListSpec, dropped: list[Any], why: str) -> None:
    if dropped:
        lw.drop_default(spec, f"default items {dropped!r} dropped: {why}")


def _strings(lw, spec: ListSpec, item: StringSpec, head: dict, defaults: list) -> ListValue:
    if item.textarea:
        lw.note(item.origin, "not-applicable", "list items are one-line text in 0.4 "
                "(textarea ignored)")
    if item.copyable:
        lw.note(item.origin, "not-applicable", "copyable has no 0.4 form")
    kept, dropped = [], []
    for value in defaults:
        text = value if isinstance(value, str) else number_text(value)
        (kept if text is not None else dropped).append(text if text is not None else value)
    _drop_items(lw, spec, dropped, "a 0.4 text list default holds plain strings only")
    text_item = TextListSpec(masked=item.masked, placeholder=item.placeholder,
                             patterns=lw.patterns(item))
    return ListValue(item=text_item, default=tuple(kept), **head)


def _numbers(lw, spec: ListSpec, item: NumberSpec, head: dict, defaults: list) -> ListValue:
    kind = "whole numbers" if item.integral else "numbers"
    lw.note(spec.origin, "translated", f"number list becomes text with a numeric pattern "
            f"({kind}); the config file keeps numbers")
    if item.range is not None:
        lw.note(item.origin, "todo", f"the item range {item.range} is not checked by the "
                "form (a text list has no numeric bounds)")
    if item.units is not None:
        lw.note(item.origin, "not-applicable", f"units `{item.units}` are not shown on list "
                "items")
    kept, dropped = [], []
    for value in defaults:
        text = number_text(value)
        (kept if text is not None else dropped).append(text if text is not None else value)
    _drop_items(lw, spec, dropped, "not numbers")
    placeholder = item.placeholder
    if placeholder is not None and not isinstance(placeholder, str):
        placeholder = number_text(placeholder)
    text_item = TextListSpec(placeholder=placeholder, patterns=(number_pattern(item.integral),))
    return ListValue(item=text_item, default=tuple(kept), **head)


def _choices(lw, spec: ListSpec, item: EnumSpec, head: dict, defaults: list) -> MultiselectValue:
    values = [key for key, _ in item.value_names]
    kept = [v for v in dict.fromkeys(d for d in defaults if isinstance(d, str)) if v in values]
    _drop_items(lw, spec, [d for d in defaults if d not in kept], "not enum values")
    if len(kept) < sum(1 for d in defaults if d in values):
        lw.note(spec.origin, "translated", "repeated default values kept once")
    return MultiselectValue(values=item.value_names, default=tuple(kept), **head)


def _starts_empty(lw, spec: ListSpec, defaults: list, what: str) -> None:
    if defaults:
        message = (f"default {defaults!r} cannot be a form default (List.obj only takes []): "
                   f"the list of {what} starts empty")
        lw.note(spec.origin, "todo", message)
        lw.warn("L610", spec.origin, message, hint="the config file model can still default "
                "to the legacy value")


def _objects(lw, spec: ListSpec, item: ObjectSpec, head: dict, defaults: list,
             where) -> tuple[ListValue, Shape]:
    _starts_empty(lw, spec, defaults, "objects")
    inner, shape = lw.spec(item.spec, where.item())
    obj = ObjectListSpec(inner, item.display_as, item.unique_by or NotUnique())
    return (ListValue(item=obj, **head),
            PLAIN if is_plain_map(shape) else ObjectListShape(shape))


def _unions(lw, spec: ListSpec, item: UnionSpec, head: dict, defaults: list,
            where) -> tuple[ListValue | None, Shape]:
    tag = item.tag
    union, shape = lw.union_value(item, where.item(), tag.name, tag.description, None)
    if union is None:
        return None, shape  # no variants: reported by union_value
    assert isinstance(shape, UnionShape)
    _starts_empty(lw, spec, defaults, "unions")
    lw.note(spec.origin, "translated", f"list of unions becomes a list of objects whose one "
            f"field `{tag.id}` is the union (items are {{{tag.id}: {{selection, value}}}})")
    display_as = item.display_as
    if display_as is not None:
        display_as = rewrite_display_as(display_as, shape)
        if display_as != item.display_as:
            lw.note(item.origin, "translated", f"display-as `{item.display_as}` rewritten for "
                    f"the 0.4 item shape: `{display_as}`")
    if item.unique_by is not None and not isinstance(item.unique_by, NotUnique):
        message = (f"unique-by {unique_by_to_json(item.unique_by)!r} compares flat legacy "
                   "items; the form cannot express it on {selection, value} items, so it is "
                   "not enforced")
        lw.note(item.origin, "todo", message)
        lw.warn("L611", item.origin, message, hint="check uniqueness in the config action")
    obj = ObjectListSpec(InputSpec(((tag.id, union),)), display_as, NotUnique())
    return ListValue(item=obj, **head), ListUnionShape(shape)


# `{{name}}`, `{{#if name}}`, `{{^name}}`, `{{{name.sub}}}`: the head, then the first path part.
_MUSTACHE = re.compile(
    r"(\{\{\{?~?\s*(?:[#^]\s*(?:if|unless|with|each)\s+|[#^])?\s*)"
    r"([A-Za-z_][\w-]*)(?=[\s.}~])")


def rewrite_display_as(template: str, shape: UnionShape) -> str:
    """A legacy template over a flat union item (`{{name}}`, `{{type}}`) rewritten for the
    `{<tag>: {selection, value}}` item: `{{type.value.name}}`, `{{type.selection}}`.
    Helpers (`else`, `/if`) and names that are no field of any variant stay as they are."""
    tag = shape.tag_id
    fields = {key for _, variant in shape.variants for key, _ in variant}

    def replace(match: re.Match) -> str:
        head, first = match.groups()
        if first == tag:
            return f"{head}{tag}.selection"
        if first in fields:
            return f"{head}{tag}.value.{first}"
        return match.group(0)

    return _MUSTACHE.sub(replace, template)
