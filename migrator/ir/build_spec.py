"""Legacy config specs (0.3 kebab-case, 0.2 camelCase, TS-extracted JSON) → `ConfigSpec`."""

from __future__ import annotations

import math

import re
from typing import Any, Callable

from migrator.diagnostics import Diagnostics
from migrator.ir.access import Fields, origin_of
from migrator.ir.build_versions import report_issue
from migrator.ir.spec import (
    BooleanSpec, Common, ConfigSpec, EntropyDefault, EnumSpec, ListSpec, NumberSpec, ObjectSpec,
    PointerSpec, StringSpec, TsExpr, UnionSpec, UnionTag, UnknownSpec, ValueSpec,
)
from migrator.read.located import LMap, LNode, LScalar, to_plain, type_name
from migrator.read.yaml_reader import U64_MAX
from migrator.syntax.charset import parse_charset
from migrator.syntax.errors import GrammarError
from migrator.syntax.numrange import parse_numrange
from migrator.syntax.uniqueby import parse_unique_by

DSL_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
TS_EXPR = "__ts_expr__"
LIST_SUBTYPES = ("string", "number", "enum", "object", "union")


class SpecBuilder:
    """Builds value specs; one instance per spec file so diagnostics share context."""

    def __init__(self, diags: Diagnostics, era: str = "0.3"):
        self.diags = diags
        self.era = era

    # -- entry ----------------------------------------------------------------------------
    def spec(self, node: LNode | None) -> ConfigSpec | None:
        if node is None:
            return None
        if isinstance(node, LScalar) and node.value is None:
            return ConfigSpec((), origin_of(node))
        expr = self.ts_expr(node, "config spec")
        if expr is not None:
            return ConfigSpec((), origin_of(node), expr)
        if not isinstance(node, LMap):
            self.diags.error("C501", f"a config spec must be a mapping of keys to value specs, "
                             f"not {type_name(node)}", node.loc, node.path)
            return None
        fields = []
        for key, value in node.items():
            if not DSL_KEY.match(key):
                entry = node.entry(key)
                self.diags.warning(
                    "C513", f"spec key `{key}` cannot be named in config rules (keys must match "
                    "[A-Za-z][A-Za-z0-9-]*; the 0.2 OS rejected such keys)",
                    entry.key_loc if entry else value.loc, value.path)
            built = self.value(key, value, top_level=True)
            if built is not None:
                fields.append(built)
        return ConfigSpec(tuple(fields), origin_of(node))

    # -- one value spec -----------------------------------------------------------------------
    def value(self, key: str, node: LNode, *, top_level: bool) -> ValueSpec | None:
        if isinstance(node, LMap) and TS_EXPR in node:
            return self._unknown(key, node, None)
        if not isinstance(node, LMap):
            self.diags.error("C503", f"value spec `{key}` must be a mapping, not "
                             f"{type_name(node)}", node.loc, node.path)
            return None
        f = Fields(node, self.diags, what=f"value spec `{key}`", unknown_code="C505",
                   type_code="C503", missing_code="C502")
        vtype = f.str("type", required=True)
        builder: Callable | None = getattr(self, f"_{vtype}", None) if vtype else None
        if builder is None:
            if vtype is not None:
                t = node.get("type")
                self.diags.error("C504", f"value spec `{key}` has unknown type `{vtype}`",
                                 t.loc, t.path)  # type: ignore[union-attr]
            return self._unknown(key, node, f)
        common = Common(f.str("name", required=top_level), f.str("description"),
                        f.str("warning", "changeWarning", "change-warning"))
        return builder(key, node, f, common)

    def ts_expr(self, node: LNode | None, what: str) -> TsExpr | None:
        """`{"__ts_expr__": "<source>"}`: a value that only running the wrapper's TS would give."""
        if not isinstance(node, LMap) or TS_EXPR not in node:
            return None
        source = node.get(TS_EXPR)
        text = str(to_plain(source))
        # The TypeScript reader already reported it (R117) where it found it.
        if not (isinstance(source, LScalar) and source.style == "ts"):
            self.diags.warning("C512", f"{what} is a TypeScript expression the migrator cannot "
                               "evaluate; it becomes a TODO", node.loc, node.path,
                               hint=f"expression: {text[:120]}")
        return TsExpr(text, origin_of(node))

    def _unknown(self, key: str, node: LMap, f: Fields | None) -> UnknownSpec:
        if self.ts_expr(node, f"value spec `{key}`") is not None:
            reason = "non-literal TypeScript expression"
        else:
            reason = "unknown value spec type"
        name = f.str("name") if f else None
        return UnknownSpec(key, Common(name, None, None), reason, to_plain(node), origin_of(node))

    # -- helpers ------------------------------------------------------------------------------
    def _grammar(self, node: LNode | None, parser, what: str, **kwargs) -> Any:
        if node is None or (isinstance(node, LScalar) and node.value is None):
            return None
        if not isinstance(node, LScalar) or not isinstance(node.value, str):
            self.diags.error("C503", f"{what} must be a string, not {type_name(node)}",
                             node.loc, node.path)
            return None
        try:
            result = parser(node.value, **kwargs)
        except GrammarError as err:
            report_issue(node, err.issue, self.diags, what)
            return None
        for warning in getattr(result, "warnings", ()):
            report_issue(node, warning, self.diags, what)
        return result

    def _unique_by(self, f: Fields):
        node = f.raw("unique-by", "uniqueBy")
        if node is None:
            return None
        try:
            return parse_unique_by(to_plain(node))
        except GrammarError as err:
            self.diags.error("S207", f"unique-by: {err.issue.message}", node.loc, node.path)
            return None

    def _pattern(self, f: Fields, key: str) -> tuple[str | None, str | None]:
        pattern = f.str("pattern")
        description = f.str("pattern-description", "patternDescription")
        if (pattern is None) != (description is None):
            self.diags.error("C507", f"`{key}`: pattern and pattern-description must be given "
                             "together", f.node.loc, f.node.path)
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as err:
                p = f.node.get("pattern")
                self.diags.warning("C508", f"`{key}`: pattern does not compile as a regular "
                                   f"expression here ({err})", p.loc, p.path,  # type: ignore
                                   hint="legacy patterns are Rust `regex` syntax")
        return pattern, description

    def _entropy(self, node: LMap, what: str) -> EntropyDefault | None:
        ef = Fields(node, self.diags, what=what, unknown_code="C505", type_code="C503",
                    missing_code="C502")
        charset = self._grammar(ef.raw("charset"), parse_charset, f"{what} charset")
        length = ef.int("len", required=True, maximum=U64_MAX, width="usize")
        ef.unknown()
        return EntropyDefault(charset, length, origin_of(node)) if length is not None else None

    def _string_default(self, f: Fields, key: str):
        node = f.raw("default")
        if node is None or (isinstance(node, LScalar) and node.value is None):
            return None
        expr = self.ts_expr(node, f"default of `{key}`")
        if expr is not None:
            return expr
        if isinstance(node, LMap):
            return self._entropy(node, f"default of `{key}`")
        if isinstance(node, LScalar) and isinstance(node.value, (str, int, float)) \
                and not isinstance(node.value, bool):
            return str(node.value) if not isinstance(node.value, str) else node.value
        self.diags.error("C514", f"default of `{key}` must be a string or {{charset, len}}",
                         node.loc, node.path)
        return None

    def _labels(self, f: Fields, keys: tuple[str, ...], values: tuple[str, ...]):
        node = f.map(*keys)
        given = {}
        for k, v in (node.items() if node else ()):
            if isinstance(v, LScalar) and isinstance(v.value, str):
                given[k] = v.value
        return tuple((v, given.get(v, v)) for v in values)

    # -- types ----------------------------------------------------------------------------------
    def _default(self, f: Fields, key: str) -> TsExpr | None | bool:
        """TsExpr for a TS default; True when `default` is absent and was required."""
        node = f.raw("default")
        if node is None:
            if self.era == "0.2":
                self.diags.warning("C502", f"value spec `{key}` has no `default`; a fallback is "
                                   "used", f.node.loc, f.node.path)
            else:
                f._missing(("default",))
            return True
        return self.ts_expr(node, f"default of `{key}`")

    def _boolean(self, key, node, f, common):
        default = self._default(f, key)
        if default is None:
            default = f.bool("default", default=False)
        elif default is True:
            default = False
        return BooleanSpec(key, common, bool(default), origin_of(node), f.unknown())

    def _enum(self, key, node, f, common, *, item: bool = False):
        values = f.str_list("values", required=True) or ()
        names = self._labels(f, ("value-names", "valueNames"), values)
        default = None if item else self._default(f, key)
        if default is True:
            default = values[0] if values else None
        elif default is None and not item:
            default = f.str("default")
        if isinstance(default, str) and default not in values:
            d = node.get("default")
            self.diags.error("C506", f"default `{default}` of `{key}` is not one of its values",
                             d.loc, d.path)
        return EnumSpec(key, common, values, names, default, origin_of(node), f.unknown())

    def _number(self, key, node, f, common, *, item: bool = False):
        d = f.raw("default")
        default = self.ts_expr(d, f"default of `{key}`")
        if default is None and isinstance(d, LScalar) and d.value is not None:
            if isinstance(d.value, bool) or not isinstance(d.value, (int, float)):
                self.diags.error("C514", f"default of `{key}` must be a number", d.loc, d.path)
            elif not math.isfinite(d.value):
                # The legacy UI received the spec as JSON, which has no inf/NaN (null).
                self.diags.warning("M431", f"default of `{key}` is {d.value}, not a finite "
                                   "number; it is read as no default", d.loc, d.path)
            else:
                default = d.value
        nullable = False if item else self._nullable(f, key)
        rng = self._grammar(f.raw("range"), parse_numrange, f"range of `{key}`")
        return NumberSpec(key, common, nullable, default, rng, bool(f.bool("integral")),
                          f.str("units"), f.plain("placeholder"), origin_of(node), f.unknown())

    def _nullable(self, f: Fields, key: str) -> bool:
        if f.has("nullable"):
            return bool(f.bool("nullable"))
        self.diags.warning("C502", f"`{key}` has no `nullable`; the 0.3 OS required it (read as "
                           "false)", f.node.loc, f.node.path)
        return False

    def _string(self, key, node, f, common, *, item: bool = False):
        nullable = False if item else self._nullable(f, key)
        default = None if item else self._string_default(f, key)
        pattern, pattern_description = self._pattern(f, key)
        return StringSpec(key, common, nullable, default, pattern, pattern_description,
                          bool(f.bool("textarea")), bool(f.bool("copyable")),
                          bool(f.bool("masked")), f.str("placeholder"), origin_of(node),
                          f.unknown())

    def _object(self, key, node, f, common, *, item: bool = False):
        if f.has("spec"):
            spec = self.spec(f.raw("spec"))
        else:
            # Legacy OS: the spec failed to load; we keep the rest and say so.
            self.diags.warning("C502", f"object `{key}` has no `spec` (the legacy OS could not "
                               "load this config spec); it is read as an empty object",
                               node.loc, node.path)
            spec = None
        return ObjectSpec(key, common, spec or ConfigSpec((), origin_of(node)),
                          f.str("display-as", "displayAs"), self._unique_by(f), origin_of(node),
                          bool(f.bool("nullable")), bool(f.bool("null-by-default", "nullByDefault")),
                          f.unknown())

    def _union(self, key, node, f, common, *, item: bool = False):
        variants_node = f.map("variants", required=True)
        variants = []
        for vkey, vnode in (variants_node.items() if variants_node else ()):
            spec = self.spec(vnode)
            if spec is not None:
                variants.append((vkey, spec))
        tag = self._tag(key, node, f, tuple(k for k, _ in variants))
        for vkey, spec in variants:
            if tag and tag.id in spec.keys():
                self.diags.error("C515", f"variant `{vkey}` of `{key}` contains the tag key "
                                 f"`{tag.id}`", spec.origin.loc, spec.origin.path)
        default = self._default(f, key)
        if default is True:
            default = variants[0][0] if variants else None
        elif default is None:
            default = f.str("default")
        if isinstance(default, str) and default not in dict(variants):
            d = node.get("default")
            self.diags.error("C509", f"default `{default}` of `{key}` is not a variant",
                             d.loc, d.path)
        return UnionSpec(key, common, tag, tuple(variants), default,
                         f.str("display-as", "displayAs"), self._unique_by(f), origin_of(node),
                         f.unknown())

    def _tag(self, key, node, f, variant_keys):
        tag = f.raw("tag")
        if isinstance(tag, LScalar) and isinstance(tag.value, str):
            return UnionTag(tag.value, tag.value, None, tuple((k, k) for k in variant_keys),
                            True, origin_of(tag))
        if isinstance(tag, LMap):
            tf = Fields(tag, self.diags, what=f"tag of `{key}`", unknown_code="C505",
                        type_code="C503", missing_code="C502")
            tag_id = tf.str("id", required=True) or "type"
            names = self._labels(tf, ("variant-names", "variantNames"), variant_keys)
            if not tf.has("variant-names", "variantNames"):
                tf._missing(("variant-names",))
            built = UnionTag(tag_id, tf.str("name", required=True) or tag_id,
                             tf.str("description"), names, False, origin_of(tag))
            tf.unknown(("warning",))
            return built
        if tag is None:
            f._missing(("tag",))
        else:
            self.diags.error("C503", f"tag of `{key}` must be a string or a mapping", tag.loc,
                             tag.path)
        return UnionTag("type", "type", None, tuple((k, k) for k in variant_keys), True,
                        origin_of(node))

    def _pointer(self, key, node, f, common):
        subtype = f.str("subtype", required=True) or ""
        target = f.str("target")
        package = f.str("package-id", "app-id")
        if subtype in ("package", "app") and package is None:
            f._missing(("package-id",))
        if subtype not in ("package", "system", "app"):
            self.diags.error("C511", f"pointer `{key}` has unknown subtype `{subtype}`",
                             node.loc, node.path)
        if target not in ("tor-address", "lan-address", "tor-key", "config", "host-ip"):
            self.diags.error("C511", f"pointer `{key}` has unknown target `{target}`",
                             node.loc, node.path)
        selector = f.str("selector")
        multi = bool(f.bool("multi"))
        if target == "config" and subtype == "package" and selector is None:
            f._missing(("selector",))
        return PointerSpec(key, common, subtype, target, package, f.str("interface"), selector,
                           multi, f.str("index"), origin_of(node), f.unknown())

    def _list(self, key, node, f, common):
        subtype = f.str("subtype", required=True)
        rng = self._grammar(f.raw("range"), parse_numrange, f"range of `{key}`", integer=True)
        if not f.has("range"):
            f._missing(("range",))
        default = f.plain("default", default=None)
        if default is None:
            f._missing(("default",)) if not f.has("default") else None
            default = []
        item_node = f.raw("spec")
        item: ValueSpec | None = None
        if subtype not in LIST_SUBTYPES:
            if subtype is not None:
                self.diags.error("C510", f"list `{key}` has unknown subtype `{subtype}`",
                                 node.loc, node.path)
        elif isinstance(item_node, LMap):
            item = self._item(key, subtype, item_node)
        else:
            f._missing(("spec",)) if item_node is None else self.diags.error(
                "C503", f"spec of list `{key}` must be a mapping", item_node.loc, item_node.path)
        if item is None:
            return UnknownSpec(key, common, "list without a readable item spec", to_plain(node),
                               origin_of(node))
        return ListSpec(key, common, subtype, rng, default, item, origin_of(node), f.unknown())

    def _item(self, key: str, subtype: str, node: LMap) -> ValueSpec:
        if subtype == "object" and "spec" not in node and node.items() and all(
                isinstance(v, LMap) and "type" in v for _, v in node.items()):
            # The fields were written directly under `spec` (no inner `spec:`): the legacy
            # OS rejected that; the intent is unambiguous, so read it as the item spec.
            self.diags.warning("C502", f"item spec of list `{key}` puts the fields directly "
                               "under `spec` (the legacy OS expected `spec: {spec: ...}` and "
                               "could not load it); read as the item's fields",
                               node.loc, node.path)
            return ObjectSpec("", Common(None, None, None), self.spec(node) or
                              ConfigSpec((), origin_of(node)), None, None, origin_of(node))
        f = Fields(node, self.diags, what=f"item spec of list `{key}`", unknown_code="C505",
                   type_code="C503", missing_code="C502")
        common = Common(None, None, None)
        if subtype == "union":
            return self._union("", node, f, common, item=True)
        return getattr(self, f"_{subtype}")("", node, f, common, item=True)


def build_config_spec(node: LNode | None, diags: Diagnostics, era: str = "0.3") -> ConfigSpec | None:
    return SpecBuilder(diags, era).spec(node)
