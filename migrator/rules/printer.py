"""Canonical printing of rule ASTs.

to_source(node): DSL text that re-parses to an equal AST (spans aside), with single spaces
around binary operators and the fewest parentheses the precedence needs. A boolean
`ValueExpr` is printed inside parentheses, the only form the legacy ordered `Value`
choice accepts (Q3), so printed values are valid for the legacy OS too.

dump(node): an explicit S-expression used by the data-file tests and debugging.
"""

from __future__ import annotations

from migrator.rules import ast

# Binding strength; atoms (literals, variables, !( … )) bind tightest.
_BOOL_PREC = {"OR": 1, "XOR": 2, "AND": 3}
_CMP_PREC = 4
_ARITH_PREC = {"+": 5, "-": 5, "*": 6, "/": 6, "^": 7}
_ATOM_PREC = 8
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}

Printable = (
    ast.Expr
    | ast.Path
    | ast.Key
    | ast.Segment
    | ast.Rule
    | ast.Reference
    | ast.ValueExpr
    | ast.DeleteSpec
)


def to_source(node: Printable) -> str:
    if isinstance(node, ast.Rule | ast.Reference):
        return to_source(node.expr)
    if isinstance(node, ast.ValueExpr):
        text = to_source(node.expr)
        if node.expr.type == "bool" and not isinstance(node.expr, ast.Not):
            return f"({text})"
        return text
    if isinstance(node, ast.DeleteSpec):
        return (
            f"FROM {path_source(node.source.path)} AS {key_source(node.binder)} "
            f"WHERE {to_source(node.predicate)}"
        )
    if isinstance(node, ast.Path):
        return path_source(node)
    if isinstance(node, ast.NameKey | ast.ComputedKey):
        return key_source(node)
    if isinstance(node, ast.EXPR_CLASSES):
        return _expr(node)[0]
    return segment_source(node)


def string_source(value: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"'


def _expr(node: ast.Expr) -> tuple[str, int]:
    """(text, binding strength of its top-level operator)."""
    if isinstance(node, ast.Number):
        return node.text, _ATOM_PREC
    if isinstance(node, ast.String):
        return string_source(node.value), _ATOM_PREC
    if isinstance(node, ast.BoolVar):
        return path_source(node.path) + "?", _ATOM_PREC
    if isinstance(node, ast.NumVar):
        return "#" + path_source(node.path), _ATOM_PREC
    if isinstance(node, ast.StrVar):
        return "'" + path_source(node.path), _ATOM_PREC
    if isinstance(node, ast.AnyVar):
        return path_source(node.path), _ATOM_PREC
    if isinstance(node, ast.Not):
        return f"!({_expr(node.expr)[0]})", _ATOM_PREC
    if isinstance(node, ast.BoolOp):
        return _binary(node.op, node.left, node.right, _BOOL_PREC[node.op]), _BOOL_PREC[node.op]
    if isinstance(node, ast.Compare):
        # one comparison per term: both operands must bind tighter than a comparison
        return _binary(node.op, node.left, node.right, _CMP_PREC, left_min=_CMP_PREC + 1), _CMP_PREC
    if isinstance(node, ast.Concat):
        return _binary("+", node.left, node.right, _ARITH_PREC["+"]), _ARITH_PREC["+"]
    if isinstance(node, ast.Arith):
        prec = _ARITH_PREC[node.op]
        if node.op == "^":  # right-associative, and its left operand must be an atom
            return (
                _binary("^", node.left, node.right, prec, left_min=_ATOM_PREC, right_min=prec),
                prec,
            )
        return _binary(node.op, node.left, node.right, prec), prec
    raise TypeError(f"not a rule expression: {node!r}")


def _binary(
    op: str,
    left: ast.Expr,
    right: ast.Expr,
    prec: int,
    *,
    left_min: int | None = None,
    right_min: int | None = None,
) -> str:
    """Left-associative by default: the left operand may share the operator's strength."""
    return (
        f"{_operand(left, prec if left_min is None else left_min)} {op} "
        f"{_operand(right, prec + 1 if right_min is None else right_min)}"
    )


def _operand(node: ast.Expr, minimum: int) -> str:
    text, prec = _expr(node)
    return text if prec >= minimum else f"({text})"


def path_source(path: ast.Path) -> str:
    parts = [] if path.package is None else [f"[{key_source(path.package)}]"]
    parts.append(key_source(path.head))
    parts.extend(segment_source(s) for s in path.segments)
    return ".".join(parts)


def key_source(key: ast.Key) -> str:
    if isinstance(key, ast.NameKey):
        return key.name
    return f"[{_expr(key.expr)[0]}]"


def segment_source(seg: ast.Segment) -> str:
    if isinstance(seg, ast.NameSegment):
        return seg.name
    if isinstance(seg, ast.IndexSegment):
        return str(seg.index)
    if isinstance(seg, ast.AnySegment):
        return "*"
    if isinstance(seg, ast.AllSegment):
        return "&"
    if isinstance(seg, ast.ComputedKeySegment | ast.ComputedIndexSegment):
        return f"[{_expr(seg.expr)[0]}]"
    if isinstance(seg, ast.ListFnSegment):
        return f"[{seg.fn}({key_source(seg.binder)} => {_expr(seg.predicate)[0]})]"
    raise TypeError(f"not a path segment: {seg!r}")


# ------------------------------------------------------------------ dump


def dump(node: Printable) -> str:
    """Explicit S-expression, e.g. `(OR (? rpc.enable) (not (=str (' a) "x")))`."""
    if isinstance(node, ast.Rule | ast.Reference | ast.ValueExpr):
        return dump(node.expr)
    if isinstance(node, ast.DeleteSpec):
        return (
            f"(delete {_dump_path(node.source.path)} {_dump_key(node.binder)} "
            f"{dump(node.predicate)})"
        )
    if isinstance(node, ast.Number):
        return node.text
    if isinstance(node, ast.String):
        return string_source(node.value)
    if isinstance(node, ast.BoolVar | ast.NumVar | ast.StrVar | ast.AnyVar):
        sigil = {ast.BoolVar: "?", ast.NumVar: "#", ast.StrVar: "'", ast.AnyVar: "any"}
        return f"({sigil[type(node)]} {_dump_path(node.path)})"
    if isinstance(node, ast.Not):
        return f"(not {dump(node.expr)})"
    if isinstance(node, ast.BoolOp | ast.Arith):
        return f"({node.op} {dump(node.left)} {dump(node.right)})"
    if isinstance(node, ast.Compare):
        return f"({node.op}{node.kind} {dump(node.left)} {dump(node.right)})"
    if isinstance(node, ast.Concat):
        return f"(concat {dump(node.left)} {dump(node.right)})"
    if isinstance(node, ast.Path):
        return _dump_path(node)
    raise TypeError(f"cannot dump {node!r}")


def _dump_key(key: ast.Key) -> str:
    return key.name if isinstance(key, ast.NameKey) else f"[key {dump(key.expr)}]"


def _dump_path(path: ast.Path) -> str:
    out = "" if path.package is None else f"[pkg {_dump_key(path.package)}]."
    out += _dump_key(path.head)
    for seg in path.segments:
        if isinstance(seg, ast.ComputedKeySegment):
            out += f".[key {dump(seg.expr)}]"
        elif isinstance(seg, ast.ComputedIndexSegment):
            out += f".[index {dump(seg.expr)}]"
        elif isinstance(seg, ast.ListFnSegment):
            out += f".[{seg.fn} {_dump_key(seg.binder)} {dump(seg.predicate)}]"
        else:
            out += "." + segment_source(seg)
    return out
