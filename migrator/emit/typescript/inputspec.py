"""InputSpec model → `InputSpec.of({...})` builder code (start-sdk 2.0.9)."""

from __future__ import annotations

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.header import todo_text
from migrator.emit.typescript.render import A, C, O, R, V
from migrator.sdk import inputspec as m
from migrator.syntax.uniqueby import unique_by_to_json


def _common(value) -> list[tuple[str, object]]:
    return [("name", V(value.name)), ("description", V(value.description)),
            ("warning", V(value.warning))]


def _patterns(patterns) -> object:
    return A([O([("regex", V(p.regex)), ("description", V(p.description))])
              for p in patterns])


def _random(value) -> object:
    if isinstance(value, m.RandomString):
        return O([("charset", V(value.charset)), ("len", V(value.len))])
    return V(value)


def value_doc(value: m.Value):
    """The builder call for one form field."""
    if isinstance(value, m.ToggleValue):
        return C("Value.toggle", O(_common(value) + [("default", V(value.default))], True))
    if isinstance(value, m.TextValue):
        return C("Value.text", O(_common(value) + [
            ("required", V(value.required)), ("default", _random(value.default)),
            ("masked", V(value.masked)), ("placeholder", V(value.placeholder)),
            ("minLength", V(value.min_length)), ("maxLength", V(value.max_length)),
            ("patterns", _patterns(value.patterns)), ("inputmode", V(value.inputmode)),
            ("generate", _random(value.generate)),
        ], True))
    if isinstance(value, m.TextareaValue):
        return C("Value.textarea", O(_common(value) + [
            ("required", V(value.required)), ("default", V(value.default)),
            ("placeholder", V(value.placeholder)), ("minLength", V(value.min_length)),
            ("maxLength", V(value.max_length)), ("patterns", _patterns(value.patterns)),
            ("minRows", V(value.min_rows)), ("maxRows", V(value.max_rows)),
        ], True))
    if isinstance(value, m.NumberValue):
        return C("Value.number", O(_common(value) + [
            ("required", V(value.required)), ("default", V(value.default)),
            ("integer", V(value.integer)), ("min", V(value.min)), ("max", V(value.max)),
            ("step", V(value.step)), ("units", V(value.units)),
            ("placeholder", V(value.placeholder)),
        ], True))
    if isinstance(value, m.SelectValue):
        return C("Value.select", O(_common(value) + [
            ("default", V(value.default)), ("values", O([(k, V(v)) for k, v in value.values])),
        ], True))
    if isinstance(value, m.MultiselectValue):
        return C("Value.multiselect", O(_common(value) + [
            ("default", V(list(value.default))),
            ("values", O([(k, V(v)) for k, v in value.values])),
            ("minLength", V(value.min_length)), ("maxLength", V(value.max_length)),
        ], True))
    if isinstance(value, m.ObjectValue):
        return C("Value.object", O([("name", V(value.name)),
                                    ("description", V(value.description))], True),
                 spec_doc(value.spec))
    if isinstance(value, m.UnionValue):
        variants = O([(v.key, O([("name", V(v.name)), e.Prop(
            "spec", spec_doc(v.spec), _comments(v.todos))], True)) for v in value.variants],
            True)
        return C("Value.union", O(_common(value) + [
            ("default", V(value.default)), ("variants", C("Variants.of", variants)),
        ], True))
    if isinstance(value, m.ListValue):
        return C("Value.list", _list_doc(value))
    raise TypeError(f"no TypeScript form for {type(value).__name__}")


def _list_doc(value: m.ListValue):
    outer = O(_common(value) + [
        ("default", V(list(value.default))), ("minLength", V(value.min_length)),
        ("maxLength", V(value.max_length)),
    ], True)
    item = value.item
    if isinstance(item, m.TextListSpec):
        return C("List.text", outer, O([
            ("masked", V(item.masked)), ("placeholder", V(item.placeholder)),
            ("minLength", V(item.min_length)), ("maxLength", V(item.max_length)),
            ("patterns", _patterns(item.patterns)), ("inputmode", V(item.inputmode)),
            ("generate", _random(item.generate)),
        ], True))
    return C("List.obj", outer, O([
        ("spec", spec_doc(item.spec)), ("displayAs", V(item.display_as)),
        ("uniqueBy", V(unique_by_to_json(item.unique_by))),
    ], True))


def _comments(todos) -> tuple[str, ...] | None:
    return tuple(todo_text(t) for t in todos) or None


def spec_doc(spec: m.InputSpec):
    """`InputSpec.of({...})`, each TODO above the field it is about (or where a field the
    form lacks would stand, after the last field when none follows)."""
    end = _comments(spec.todos_at(len(spec.fields))) or ()
    if not spec.fields and not end:
        return R("InputSpec.of({})")
    props = [e.Prop(key, value_doc(v), _comments(spec.todos_at(i)))
             for i, (key, v) in enumerate(spec.fields)]
    return C("InputSpec.of", O(props, True, end))
