"""Rule paths against the config spec: a key the spec does not have (D309).

In the legacy OS such a path read null: `x?` was false, `'x` was absent, `#x` made the
0.3 checker fail (0.2: NaN). A typo in a rule therefore silently changed its meaning;
the porter should know before the rule is compiled into the new package."""

from __future__ import annotations

import dataclasses

from migrator.ir.spec import ConfigSpec, ListSpec, ObjectSpec, UnionSpec
from migrator.rules import ast

READS = {ast.BoolVar: "false (`?` on a missing key)", ast.StrVar: "absent (`'` on a missing key)",
         ast.NumVar: "an evaluation error in 0.3 (`#` on a missing key)",
         ast.AnyVar: "null"}


def _children(node):
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, tuple):
                yield from (v for v in value if dataclasses.is_dataclass(v))
            elif dataclasses.is_dataclass(value):
                yield value


def variables(node, bound: frozenset = frozenset()):
    """(var node, bound binder names) for every typed path reference in an expression."""
    if isinstance(node, (ast.BoolVar, ast.NumVar, ast.StrVar, ast.AnyVar)):
        yield node, bound
        for seg in node.path.segments:
            if isinstance(seg, ast.ListFnSegment) and isinstance(seg.binder, ast.NameKey):
                yield from variables(seg.predicate, frozenset({seg.binder.name}))
        return
    for child in _children(node):
        yield from variables(child, bound)


def _fields(spec) -> list[ConfigSpec]:
    """The specs a value's children may come from (all variants of a union)."""
    if isinstance(spec, ObjectSpec):
        return [spec.spec]
    if isinstance(spec, UnionSpec):
        return [s for _, s in spec.variants]
    return []


def missing_key(path: ast.Path, spec: ConfigSpec) -> str | None:
    """The first named key of a relative path that the spec cannot have, if any."""
    if path.package is not None or not isinstance(path.head, ast.NameKey):
        return None
    current = spec.get(path.head.name)
    if current is None:
        return path.head.name
    for seg in path.segments:
        if isinstance(current, ListSpec):
            if isinstance(seg, (ast.AnySegment, ast.AllSegment, ast.IndexSegment,
                                ast.ListFnSegment, ast.ComputedIndexSegment)):
                current = current.item
                continue
            return None
        if not isinstance(seg, ast.NameSegment):
            return None
        if isinstance(current, UnionSpec):
            tag = current.tag.id
            if seg.name == tag:
                return None
        children = _fields(current)
        if not children:
            return None  # a scalar, a pointer or an unknown value: nothing to check
        found = [c.get(seg.name) for c in children if c.get(seg.name) is not None]
        if not found:
            return seg.name
        current = found[0]
    return None


def unknown_keys(expr, spec: ConfigSpec):
    """(key, what the legacy OS read) for every path naming a key `spec` does not have."""
    for var, bound in variables(expr):
        if isinstance(var.path.head, ast.NameKey) and var.path.head.name in bound:
            continue  # inside [first(x => …)]: paths start at the bound element
        key = missing_key(var.path, spec)
        if key is not None:
            yield key, READS[type(var)]
