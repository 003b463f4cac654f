"""Rule paths against the config spec: a key the spec does not have (D309).

In the legacy OS such a path read null: `x?` was false, `'x` was absent, `#x` made the
0.3 checker fail (0.2: NaN). A typo in a rule therefore silently changed its meaning;
the porter should know before the rule is compiled into the new package."""

from __future__ import annotations

import dataclasses

from migrator.ir.spec import ConfigSpec, ListSpec, ObjectSpec, UnionSpec
from migrator.rules import ast
from migrator.rules.printer import key_source

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
    if path.package is not None:
        return None
    # a computed first key (`["a"].b`) was looked up by its raw text, bracket included
    head = path.head.name if isinstance(path.head, ast.NameKey) else key_source(path.head)
    current = spec.get(head)
    if current is None:
        return head
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


# --- requirements: what a dependency rule asks of the dependency, as (key, value) pairs -----

def requirement_key(path) -> tuple[str, ...] | None:
    """A relative path as a table key: names, `*` for `*`/`&`, `[first]` for a list function
    (its predicate is not part of the key). None for computed keys, indexes and `[pkg].`."""
    if not isinstance(path, ast.Path) or path.package is not None \
            or not isinstance(path.head, ast.NameKey):
        return None
    keys = [path.head.name]
    for seg in path.segments:
        if isinstance(seg, ast.NameSegment):
            keys.append(seg.name)
        elif isinstance(seg, (ast.AnySegment, ast.AllSegment)):
            keys.append("*")
        elif isinstance(seg, ast.ListFnSegment):
            keys.append(f"[{seg.fn}]")
        else:
            return None
    return tuple(keys)


def _literal(node):
    if isinstance(node, ast.String):
        return True, node.value
    if isinstance(node, ast.Number):
        v = node.value
        return True, int(v) if float(v).is_integer() else v
    return False, None


def _condition(expr) -> list[tuple[tuple[str, ...], object]] | None:
    """`key?`, `!(key?)`, `'key = "s"`, `#key = n`, `#key >= n`, joined by AND."""
    if isinstance(expr, ast.BoolOp) and expr.op == "AND":
        left, right = _condition(expr.left), _condition(expr.right)
        return None if left is None or right is None else left + right
    if isinstance(expr, ast.BoolVar):
        key = requirement_key(expr.path)
        return None if key is None else [(key, True)]
    if isinstance(expr, ast.Not) and isinstance(expr.expr, ast.BoolVar):
        key = requirement_key(expr.expr.path)
        return None if key is None else [(key, False)]
    if isinstance(expr, ast.Compare) and expr.op in ("=", ">="):
        var, lit = expr.left, expr.right
        if expr.op == "=" and not isinstance(var, (ast.StrVar, ast.NumVar, ast.AnyVar)):
            var, lit = lit, var
        ok, value = _literal(lit)
        if ok and isinstance(var, (ast.StrVar, ast.NumVar, ast.AnyVar)):
            if expr.op == ">=" and not isinstance(var, ast.NumVar):
                return None
            key = requirement_key(var.path)
            return None if key is None else [(key, value)]
    return None


def _suggested(entry) -> list[tuple[tuple[str, ...], object]] | None:
    """The `SET <path> to-value <v>` pairs, when every suggestion is one (no guards)."""
    out = []
    for s in entry.suggestions:
        if s.verb != "SET" or not s.has_to_value or s.guard is not None \
                or s.var.parsed is None:
            return None
        key = requirement_key(s.var.parsed.expr.path)
        if key is None:
            return None
        out.append((key, s.to_value))
    return out or None


def requirements(entry) -> tuple[tuple[tuple[str, ...], object], ...] | None:
    """What a dependency rule asks for, as (key, value) pairs on parsed paths: the values its
    suggestions SET (what legacy auto-configure wrote), else the plain requirements of its
    condition. None when neither reads as such pairs."""
    found = _suggested(entry)
    if found is None and entry.rule.parsed is not None:
        found = _condition(entry.rule.parsed.expr)
    return tuple(found) if found else None


def key_text(key: tuple[str, ...]) -> str:
    return ".".join(key)
