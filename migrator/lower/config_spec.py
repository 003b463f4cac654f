"""Lowering of a legacy config spec onto the SDK form model (mapping.md §5, the table).

`lower_config_spec(spec, diags)` gives the `InputSpec` of the `config` action, a located note
for everything that is not carried over one to one (for MIGRATION.md and TODO comments), the
pointers (not form fields: computed at run time, and they make dependencies conditional),
and the `ShapeMap` that converts values between the legacy file and the form.

Deliberate differences from the two peers (legacy-formats.md §6.1-6.2), whose bugs we do not
copy: range bounds of 0 are kept, `textarea` is honoured (a masked one is a masked one-line
field: secrecy first), lists of unions are kept, a union keeps its own name/description/
warning, enum labels fall back to the value, `default: ""` and `default: 0` stay defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.ir.origin import Origin
from migrator.ir.spec import (
    BooleanSpec, ConfigSpec, EntropyDefault, EnumSpec, ListSpec, NumberSpec, ObjectSpec,
    PointerSpec, StringSpec, TsExpr, UnionSpec, UnknownSpec, ValueSpec,
)
from migrator.lower import config_lists
from migrator.lower.config_numbers import default_fits, number_limits, number_text, tidy
from migrator.lower.context import source_of
from migrator.sdk.config_shape import (
    PLAIN, ObjectShape, OpaqueShape, PointerShape, Shape, ShapeMap, UnionShape, is_plain_map,
)
from migrator.sdk.report import Todo
from migrator.sdk.inputspec import (
    InputSpec, NumberValue, ObjectValue, Pattern, RandomString, SelectValue, TextareaValue,
    TextValue, ToggleValue, UnionValue, Value, Variant,
)

NoteKind = Literal["translated", "todo", "not-applicable"]
# A path to a value in the config: keys, and None for "every item of this list".
ConfigPath = tuple["str | None", ...]
DEFAULT_CHARSET = "!-~"  # the legacy default for `{len}` without a charset: printable ASCII
# Keys start-sdk 2.0.9 cannot hold: InputSpec.build, Variants and zod objects copy keys by
# assignment into `{}`, where `__proto__` sets the prototype instead of a property, so the
# field, the variant or the union tag silently disappears from the form and the file.
SDK_UNSAFE_KEYS = frozenset({"__proto__"})


@dataclass(frozen=True)
class SpecNote:
    """One construct that was not carried over one to one, where the author wrote it."""

    key_path: KeyPath  # legacy key path as spelled in the file (nodes.spec.variants.lnd...)
    origin: Origin  # the IR origin: file:line:col (and the same key path)
    kind: NoteKind
    message: str
    # A `todo` note's TODO: the one object behind its MIGRATION.md row and its comment in
    # the form (pointers: None, their TODO stands in withPointers and is made there).
    todo: Todo | None = None

    @property
    def location(self) -> Location:
        return self.origin.loc

    def __str__(self) -> str:
        where = f"{self.location} ({self.key_path})" if self.key_path else str(self.location)
        return f"{where}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class VariantScope:
    """The union at `union_path` (tag key `tag_id`) must have `variant` selected."""

    union_path: ConfigPath
    tag_id: str
    variant: str


@dataclass(frozen=True)
class PointerField:
    """A pointer value of the config file: not in the form, computed at run time."""

    path: ConfigPath  # where its value sits in the legacy config
    pointer: PointerSpec
    variants: tuple[VariantScope, ...]  # all must hold, outermost first; () = always present

    @property
    def in_list(self) -> bool:
        return None in self.path

    @property
    def variant(self) -> tuple[ConfigPath, str, str] | None:
        """The innermost condition as (union_path, tag_id, variant), for callers that handle
        one level (nested unions: see `variants`)."""
        if not self.variants:
            return None
        scope = self.variants[-1]
        return scope.union_path, scope.tag_id, scope.variant


@dataclass(frozen=True)
class LoweredSpec:
    input_spec: InputSpec
    notes: tuple[SpecNote, ...]
    pointers: tuple[PointerField, ...]
    shape: ShapeMap


@dataclass(frozen=True)
class Where:
    """Where a value spec sits in the config value (for pointers and their conditions)."""

    path: ConfigPath = ()
    variants: tuple[VariantScope, ...] = ()

    def child(self, key: str) -> Where:
        return Where(self.path + (key,), self.variants)

    def item(self) -> Where:
        return Where(self.path + (None,), self.variants)

    def variant(self, tag_id: str, key: str) -> Where:
        return Where(self.path, self.variants + (VariantScope(self.path, tag_id, key),))


@dataclass
class Lowerer:
    diags: Diagnostics
    notes: list[SpecNote] = field(default_factory=list)
    pointers: list[PointerField] = field(default_factory=list)
    # TODOs not placed in the form yet: `spec` places those raised while lowering a field
    # above that field; what is left (a spec-level note) goes to the caller's spot.
    pending: list[Todo] = field(default_factory=list)

    # -- reporting ------------------------------------------------------------------------------
    def note(self, origin: Origin, kind: NoteKind, message: str) -> None:
        todo = Todo(message, source_of(origin)) if kind == "todo" else None
        self.notes.append(SpecNote(origin.path, origin, kind, message, todo))
        if todo is not None:
            self.pending.append(todo)

    def take_pending(self, mark: int) -> tuple[Todo, ...]:
        """The TODOs raised since `mark` (len(pending) before), now placed by the caller."""
        taken = tuple(self.pending[mark:])
        del self.pending[mark:]
        return taken

    def warn(self, code: str, origin: Origin, message: str, hint: str | None = None) -> None:
        self.diags.warning(code, message, at=origin.loc, path=origin.path, hint=hint)

    def info(self, code: str, origin: Origin, message: str) -> None:
        self.diags.note(code, message, at=origin.loc, path=origin.path)

    def sdk_unsafe(self, origin: Origin, what: str, loss: str) -> None:
        """A legacy key the SDK cannot hold: a TODO (row, warning, comment), never a field
        that vanishes at run time."""
        message = (f"{what} `__proto__` cannot be carried by start-sdk 2.0.9 (its InputSpec "
                   f"and zod file models drop that key): {loss}; rename the key in the "
                   "image's config and in start9/config.yaml")
        self.note(origin, "todo", message)
        self.warn("L690", origin, message)

    def ts_default(self, spec: ValueSpec, fallback: str) -> None:
        expr = spec.default  # type: ignore[union-attr]
        message = f"default is the TypeScript expression `{expr.source[:80]}`; {fallback}"
        self.note(expr.origin, "todo", message)
        self.warn("L602", expr.origin, message, hint="set the default by hand in the action")

    def drop_default(self, spec: ValueSpec, message: str) -> None:
        self.note(spec.origin, "todo", message)
        self.warn("L607", spec.origin, message)

    # -- containers -----------------------------------------------------------------------------
    def spec(self, spec: ConfigSpec, where: Where) -> tuple[InputSpec, ShapeMap]:
        if spec.ts_expr is not None:
            message = (f"the spec is the TypeScript expression `{spec.ts_expr.source[:80]}`: "
                       "no form fields were generated")
            self.note(spec.ts_expr.origin, "todo", message)
            self.warn("L612", spec.ts_expr.origin, message)
        fields: list[tuple[str, Value]] = []
        shapes: list[tuple[str, Shape]] = []
        todos: list[tuple[int, Todo]] = []
        for value in spec.fields:
            mark = len(self.pending)
            if value.key in SDK_UNSAFE_KEYS:
                self.sdk_unsafe(value.origin, "config key", "no form field, and its value is "
                                "lost from start9/config.yaml on the first save")
                todos += [(len(fields), t) for t in self.take_pending(mark)]
                continue
            lowered, shape = self.field(value, where.child(value.key))
            self.unknown_keys(value)
            # Above the field; a field the form lacks: where it would stand (InputSpec.todos).
            todos += [(len(fields), t) for t in self.take_pending(mark)]
            if lowered is not None:
                fields.append((value.key, lowered))
            shapes.append((value.key, shape))
        return InputSpec(tuple(fields), tuple(todos)), tuple(shapes)

    def unknown_keys(self, value: ValueSpec) -> None:
        for unknown in getattr(value, "unknown", ()):
            self.note(unknown.origin, "not-applicable",
                      f"key `{unknown.key}` was ignored by the legacy OS; it has no 0.4 form")

    def field(self, spec: ValueSpec, where: Where) -> tuple[Value | None, Shape]:
        if isinstance(spec, BooleanSpec):
            return self.boolean(spec), PLAIN
        if isinstance(spec, StringSpec):
            return self.string(spec), PLAIN
        if isinstance(spec, NumberSpec):
            return self.number(spec), PLAIN
        if isinstance(spec, EnumSpec):
            return self.enum(spec)
        if isinstance(spec, ObjectSpec):
            return self.object(spec, where)
        if isinstance(spec, UnionSpec):
            return self.union(spec, where)
        if isinstance(spec, ListSpec):
            return config_lists.lower_list(self, spec, where)
        if isinstance(spec, PointerSpec):
            return None, self.pointer(spec, where)
        return None, self.unknown(spec)

    @staticmethod
    def name(spec: ValueSpec) -> str:
        # Top-level specs must have a name (the IR reported C502 otherwise); the key stands in.
        return spec.common.name if spec.common.name is not None else spec.key

    # -- scalars --------------------------------------------------------------------------------
    def boolean(self, spec: BooleanSpec) -> ToggleValue:
        default = spec.default
        if isinstance(default, TsExpr):
            self.ts_default(spec, "the toggle defaults to false")
            default = False
        return ToggleValue(self.name(spec), default, spec.common.description,
                           spec.common.warning)

    def patterns(self, spec: StringSpec) -> tuple[Pattern, ...]:
        if spec.pattern is None:
            if spec.pattern_description is not None:
                self.note(spec.origin, "not-applicable",
                          "pattern-description without a pattern has nothing to describe")
            return ()
        description = spec.pattern_description
        if description is None:
            description = f"Must match {spec.pattern}"
            self.note(spec.origin, "todo", "pattern has no pattern-description; the form "
                      "shows the regular expression instead")
        return (Pattern(spec.pattern, description),)

    def text_default(self, spec: StringSpec) -> str | RandomString | None:
        default = spec.default
        if isinstance(default, TsExpr):
            self.ts_default(spec, "the field gets no default")
            return None
        if isinstance(default, EntropyDefault):
            charset = default.charset.text if default.charset is not None else DEFAULT_CHARSET
            return RandomString(charset, default.length)
        return default

    def string(self, spec: StringSpec) -> TextValue | TextareaValue:
        if spec.copyable:
            self.note(spec.origin, "not-applicable", "copyable has no 0.4 form")
        default = self.text_default(spec)
        patterns = self.patterns(spec)
        common = dict(name=self.name(spec), required=not spec.nullable,
                      description=spec.common.description, warning=spec.common.warning,
                      placeholder=spec.placeholder, patterns=patterns)
        if spec.textarea and spec.masked:
            # Value.textarea of start-sdk 2.0.9 has no `masked`: secrecy wins over lines.
            message = ("masked textarea becomes a masked one-line text field (a 0.4 textarea "
                       "cannot be masked, and a secret must not be shown in clear)")
            self.note(spec.origin, "translated", message)
            self.info("L613", spec.origin, message)
            return TextValue(default=default, masked=True, **common)
        if spec.textarea and not isinstance(default, RandomString):
            return TextareaValue(default=default, **common)
        if spec.textarea:
            self.note(spec.origin, "translated", "textarea with a generated default stays a "
                      "one-line text field (a 0.4 textarea takes no generated default)")
        return TextValue(default=default, masked=spec.masked, **common)

    def number(self, spec: NumberSpec) -> NumberValue:
        limits = number_limits(spec.range, spec.integral)
        for reason in limits.inexact:
            self.note(spec.origin, "translated", reason)
            self.info("L608", spec.origin, reason)
        for reason in limits.infinite:
            self.note(spec.origin, "translated", reason)
            self.info("L609", spec.origin, reason)
        default = spec.default
        if isinstance(default, TsExpr):
            self.ts_default(spec, "the field gets no default")
            default = None
        elif default is not None:
            problem = default_fits(default, spec.range, spec.integral)
            if problem is not None:
                self.note(spec.origin, "todo", f"{problem}; the field gets no default")
                self.warn("L603", spec.origin, f"{problem}: the field gets no default")
                default = None
        placeholder = spec.placeholder
        if placeholder is not None and not isinstance(placeholder, str):
            placeholder = number_text(placeholder)  # the SDK types placeholder as a string
            if placeholder is None:
                self.note(spec.origin, "not-applicable",
                          f"placeholder {spec.placeholder!r} is not a number; dropped")
        return NumberValue(
            self.name(spec), required=not spec.nullable,
            default=tidy(default) if default is not None else None, integer=spec.integral,
            description=spec.common.description, warning=spec.common.warning,
            min=limits.min, max=limits.max, units=spec.units, placeholder=placeholder)

    def enum(self, spec: EnumSpec) -> tuple[SelectValue | None, Shape]:
        if not spec.values:
            return None, self.empty_choice(spec, "enum has no values")
        default = spec.default
        first = spec.values[0]
        if isinstance(default, TsExpr):
            self.ts_default(spec, f"the select defaults to its first value `{first}`")
            default = first
        elif default not in spec.values:
            message = f"default `{default}` is not one of the values; `{first}` is used"
            self.note(spec.origin, "translated", message)
            self.warn("L604", spec.origin, message)
            default = first
        return SelectValue(self.name(spec), spec.value_names, default,
                           spec.common.description, spec.common.warning), PLAIN

    def empty_choice(self, spec: ValueSpec, why: str) -> Shape:
        message = f"{why}: no form field (the SDK needs at least one choice for its default)"
        self.note(spec.origin, "todo", message)
        self.warn("L606", spec.origin, message)
        return OpaqueShape(why)

    # -- structures -----------------------------------------------------------------------------
    def outside_list(self, spec: ObjectSpec | UnionSpec) -> None:
        """display-as / unique-by only mean something on list items."""
        for key, present in (("display-as", spec.display_as), ("unique-by", spec.unique_by)):
            if present is not None:
                self.note(spec.origin, "not-applicable",
                          f"{key} only applies to list items; ignored here as by the legacy OS")

    def object(self, spec: ObjectSpec, where: Where) -> tuple[ObjectValue, Shape]:
        if spec.common.warning is not None:
            self.note(spec.origin, "not-applicable",
                      "an object's warning has no 0.4 form (Value.object takes none)")
        if spec.nullable or spec.null_by_default:
            self.note(spec.origin, "not-applicable",
                      "0.2 nullable objects: a 0.4 object is always present")
        self.outside_list(spec)
        inner, shape = self.spec(spec.spec, where)
        value = ObjectValue(self.name(spec), inner, spec.common.description)
        return value, (PLAIN if is_plain_map(shape) else ObjectShape(shape))

    def union_value(self, spec: UnionSpec, where: Where, name: str, description: str | None,
                    warning: str | None) -> tuple[UnionValue | None, Shape]:
        """The Value.union of a union spec (also the item of a list of unions)."""
        if not spec.variants:
            return None, self.empty_choice(spec, "union has no variants")
        labels = dict(spec.tag.variant_names)
        if spec.tag.id in SDK_UNSAFE_KEYS:
            self.sdk_unsafe(spec.tag.origin, "union tag", "the form works, but which variant "
                            "is selected is not kept in start9/config.yaml")
        variants, shapes = [], []
        for key, variant_spec in spec.variants:
            if key in SDK_UNSAFE_KEYS:  # its TODO is placed with the union's field
                self.sdk_unsafe(variant_spec.origin, "variant", "the form does not offer it")
                continue
            mark = len(self.pending)
            inner, shape = self.spec(variant_spec, where.variant(spec.tag.id, key))
            variants.append(Variant(key, labels.get(key, key), inner, self.take_pending(mark)))
            shapes.append((key, shape))
        keys = [key for key, _ in spec.variants if key not in SDK_UNSAFE_KEYS]
        if not keys:
            return None, self.empty_choice(spec, "union has no variant 0.4 can hold")
        default = spec.default
        if isinstance(default, TsExpr):
            self.ts_default(spec, f"the union defaults to its first variant `{keys[0]}`")
            default = keys[0]
        elif default not in keys:
            message = f"default `{default}` is not a variant; `{keys[0]}` is used"
            self.note(spec.origin, "translated", message)
            self.warn("L605", spec.origin, message)
            default = keys[0]
        value = UnionValue(name, default, tuple(variants), description, warning)
        return value, UnionShape(spec.tag.id, tuple(shapes))

    def union(self, spec: UnionSpec, where: Where) -> tuple[UnionValue | None, Shape]:
        self.outside_list(spec)
        description = spec.common.description
        tag = spec.tag
        if tag.description is not None and tag.description != description:
            if description is None:
                description = tag.description
                self.note(tag.origin, "translated", "the tag's description becomes the "
                          "union's (the union has none of its own)")
            else:
                self.note(tag.origin, "not-applicable", "the tag's description has no 0.4 "
                          "place; the union's own description is shown")
        if not tag.old_form and tag.name != self.name(spec):
            self.note(tag.origin, "not-applicable", f"the tag's name `{tag.name}` has no 0.4 "
                      "place; the union's own name labels the field")
        return self.union_value(spec, where, self.name(spec), description, spec.common.warning)

    # -- not form fields ------------------------------------------------------------------------
    def pointer(self, spec: PointerSpec, where: Where) -> Shape:
        self.pointers.append(PointerField(where.path, spec, where.variants))
        target = spec.target or "?"
        if spec.subtype in ("package", "app") and target in ("tor-address", "lan-address"):
            kind: NoteKind = "translated"
            what = (f"the {target} of interface `{spec.interface}` of package "
                    f"`{spec.package_id}`, read at run time")
        elif target == "config":
            kind = "todo"
            what = (f"a value of the config of `{spec.package_id}` "
                    f"(selector `{spec.selector or spec.index}`)")
        else:
            kind = "todo"
            what = f"a `{spec.subtype}` pointer to `{target}` that 0.4 does not provide"
        # Not `note`: a pointer is no form field; its TODO (if 0.4 cannot compute it) is
        # made with the row and placed in withPointers.
        self.notes.append(SpecNote(spec.origin.path, spec.origin, kind,
                                   f"pointer computed at run time, not a form field: {what}"))
        return PointerShape(spec)

    def unknown(self, spec: UnknownSpec) -> Shape:
        message = f"{spec.reason}: no form field; the value in the config file is kept as is"
        self.note(spec.origin, "todo", message)
        self.warn("L601", spec.origin, f"`{spec.key}`: {message}",
                  hint="write the form field for this value by hand")
        return OpaqueShape(spec.reason)


def lower_config_spec(spec: ConfigSpec, diags: Diagnostics) -> LoweredSpec:
    lowerer = Lowerer(diags)
    input_spec, shape = lowerer.spec(spec, Where())
    if lowerer.pending:  # the spec as a whole (a TypeScript expression): in the empty form
        end = len(input_spec.fields)
        input_spec = InputSpec(input_spec.fields, input_spec.todos
                               + tuple((end, t) for t in lowerer.take_pending(0)))
    return LoweredSpec(input_spec, tuple(lowerer.notes), tuple(lowerer.pointers), shape)


def shape_map(spec: ConfigSpec) -> ShapeMap:
    """The ShapeMap alone (the same lowering, its notes and diagnostics discarded)."""
    return lower_config_spec(spec, Diagnostics()).shape
