"""Typing pass: Lark parse tree of the unified grammar → typed AST.

The Lark grammar (grammars/rules.lark) is deliberately untyped; this pass rejects what
the typed legacy PEG cannot derive (D302), enforces the PEG's whitespace-free ("tight")
productions from token positions (D301), and reports the superset constructs Q1 (D303)
and bracket-interior whitespace (D310).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Union

from lark import Token, Tree

from migrator.rules import ast
from migrator.rules.errors import Reporter

Node = Union[Tree, Token]

_TYPE_NAMES = {"bool": "a boolean", "num": "a number", "str": "a string", "any": "a raw value"}
_ESCAPE_VALUES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "0": "\0", '"': '"', "'": "'"}
_SIGIL_NAMES = {"#": "number", "'": "string"}
_OPERATORS = frozenset({"binop", "compare", "boolop"})  # trees of more than one term


def start_of(node: Node) -> int:
    return node.start_pos if isinstance(node, Token) else node.meta.start_pos


def end_of(node: Node) -> int:
    return node.end_pos if isinstance(node, Token) else node.meta.end_pos


def decode_string(literal: str) -> str:
    """Value of a STRING token (the lexer already guarantees only valid escapes)."""
    body = literal[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\":
            out.append(_ESCAPE_VALUES[body[i + 1]])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


class Builder:
    """Builds AST nodes from the Lark tree of one parse, reporting through `rep`."""

    def __init__(self, rep: Reporter, text: str):
        self.rep = rep
        self.text = text  # the normalised text (same length as rep.text)

    # -------------------------------------------------------------- expressions

    def expr(self, t: Node, *, allow_any: bool = False) -> ast.Expr:
        kind = t.data
        if kind == "number":
            tok = t.children[0]
            return ast.Number(float(tok), str(tok), (tok.start_pos, tok.end_pos))
        if kind == "string":
            tok = t.children[0]
            return ast.String(decode_string(str(tok)), (tok.start_pos, tok.end_pos))
        if kind == "boolvar":
            path_tree, qmark = t.children
            path = self.path(path_tree)
            self.tight(path_tree, qmark, 'whitespace is not allowed before "?"')
            return ast.BoolVar(path, (path.span[0], qmark.end_pos))
        if kind in ("numvar", "strvar"):
            sigil, path_tree = t.children
            self.tight(
                sigil,
                path_tree,
                f'whitespace is not allowed between the "{sigil}" '
                f"({_SIGIL_NAMES[str(sigil)]}) sigil and its path",
            )
            path = self.path(path_tree)
            cls = ast.NumVar if kind == "numvar" else ast.StrVar
            return cls(path, (sigil.start_pos, path.span[1]))
        if kind == "anyvar":
            path = self.path(t.children[0])
            if not allow_any:
                self.untyped_path(path)
            return ast.AnyVar(path, path.span)
        if kind == "paren":
            lpar, inner, rpar = t.children
            return replace(self.expr(inner), span=(lpar.start_pos, rpar.end_pos))
        if kind == "not_":
            lpar, inner, rpar = t.children
            operand = self.expect(self.expr(inner), "bool", "!( … ) needs")
            return ast.Not(operand, (lpar.start_pos, rpar.end_pos))
        if kind == "boolop":
            return self.boolop(t)
        if kind == "compare":
            return self.compare(t)
        if kind == "binop":
            return self.binop(t)
        raise AssertionError(f"unknown rule tree {kind!r}")  # grammar and builder disagree

    def boolop(self, t: Tree) -> ast.Expr:
        left_t, op, right_t = t.children
        what = f"{op} needs"
        left = self.expect(self.expr(left_t), "bool", what)
        right = self.expect(self.expr(right_t), "bool", what)
        return ast.BoolOp(str(op), left, right, (left.span[0], right.span[1]))

    def compare(self, t: Tree) -> ast.Expr:
        left_t, op, right_t = t.children
        left, right = self.expr(left_t), self.expr(right_t)
        for side in (left, right):
            if side.type == "bool":
                self.rep.error(
                    side.span[0],
                    "D302",
                    f'cannot compare booleans with "{op}"',
                    hint="combine booleans with AND/OR/XOR and negate with !( … )",
                )
        if left.type != right.type:
            self.rep.error(
                right.span[0],
                "D302",
                f"cannot compare {_TYPE_NAMES[left.type]} with "
                f'{_TYPE_NAMES[right.type]} using "{op}"',
            )
        if op in ("<=", ">="):
            strict_op = "<" if op == ">=" else ">"
            self.rep.warn(
                op.start_pos,
                "D303",
                f'the legacy OS could not parse "{op}" (it tries "{op[0]}" first and '
                "never backtracks); this rule failed at run time",
                hint=f"write !(a {strict_op} b) for a {op} b" if left.type == "num" else None,
            )
        return ast.Compare(str(op), left, right, left.type, (left.span[0], right.span[1]))

    def binop(self, t: Tree) -> ast.Expr:
        left_t, op, right_t = t.children
        left, right = self.expr(left_t), self.expr(right_t)
        span = (left.span[0], right.span[1])
        if op == "+":
            for side in (left, right):
                if side.type not in ("num", "str"):
                    self.wrong_type(side, '"+" needs numbers or strings')
            if left.type != right.type:
                self.rep.error(
                    op.start_pos,
                    "D302",
                    f'"+" needs two numbers or two strings, found '
                    f"{_TYPE_NAMES[left.type]} and {_TYPE_NAMES[right.type]}",
                )
            if left.type == "str":
                return ast.Concat(left, right, span)
            return ast.Arith("+", left, right, span)
        what = f'"{op}" needs'
        self.expect(left, "num", what)
        self.expect(right, "num", what)
        return ast.Arith(str(op), left, right, span)

    # -------------------------------------------------------------- type checks

    def expect(self, node: ast.Expr, wanted: str, what: str) -> ast.Expr:
        if node.type != wanted:
            self.wrong_type(node, f"{what} {_TYPE_NAMES[wanted]}")
        return node

    def wrong_type(self, node: ast.Expr, what: str) -> None:
        hint = None
        if node.type == "num":
            hint = "compare it, e.g. #x > 0"
        elif node.type == "str":
            hint = 'compare it, e.g. \'x = "value"'
        self.rep.error(node.span[0], "D302", f"{what}, found {_TYPE_NAMES[node.type]}", hint)

    def untyped_path(self, path: ast.Path) -> None:
        src = self.text[path.span[0] : path.span[1]]
        self.rep.error(
            path.span[0],
            "D302",
            f'path "{src}" has no type sigil (a raw path is only allowed as a '
            "whole SET value, a reference or a DELETE source)",
            hint=f"write {src}? (boolean), #{src} (number) or '{src} (string)",
        )

    # -------------------------------------------------------------- tightness

    def tight(self, before: Node, after: Node, message: str) -> None:
        """The legacy PEG allows no whitespace between these two tokens."""
        if end_of(before) != start_of(after):
            self.rep.error(end_of(before), "D301", message)

    def bracket(
        self, lsqb: Token, first: Node, last: Node, rsqb: Token, *, computed: bool = False
    ) -> None:
        """Whitespace just inside "[ … ]" in a path: the PEG's bracket forms are atomic.

        Except after a computed key or index that is ONE term (`.["x" ]`, `.[1 ]`,
        `.[(#a + 1) ]`): the expression rule `term ~ (op ~ term)*` is not atomic, and
        pest's implicit whitespace between `term` and the repetition is consumed even
        when the repetition matches nothing, so the legacy parser accepted it. After a
        later term (`.["a" + "b" ]`) the failed repetition gives the whitespace back and
        "]" does not match: still D310."""
        one_term = computed and isinstance(first, Tree) and first.data not in _OPERATORS
        gaps = [(lsqb.end_pos, start_of(first))]
        if not one_term:
            gaps.append((end_of(last), rsqb.start_pos))
        for gap_start, gap_end in gaps:
            if gap_start != gap_end:
                self.rep.warn(
                    gap_start,
                    "D310",
                    "whitespace inside a path bracket: the legacy parser rejects it",
                    hint="remove the spaces right after '[' and before ']'",
                )

    # -------------------------------------------------------------- paths

    def path(self, t: Tree) -> ast.Path:
        children = t.children
        if t.data == "pkg_path":
            lsqb, pkg_t, rsqb, dot, head_t = children[:5]
            self.bracket(lsqb, pkg_t, pkg_t, rsqb)
            self.tight(rsqb, dot, 'whitespace is not allowed around "." in a path')
            self.tight(dot, head_t, 'whitespace is not allowed around "." in a path')
            package: ast.Key | None = self.key(pkg_t)
            head = self.key(head_t)
            rest = children[5:]
            last = head_t
        elif t.data == "head_path":  # `["a"].b`: a computed first key (Q9)
            lsqb, expr_t, rsqb = children[:3]
            self.bracket(lsqb, expr_t, expr_t, rsqb, computed=True)
            expr = self.expect(self.expr(expr_t), "str", "a computed key needs")
            package, head = None, ast.ComputedKey(expr, (lsqb.start_pos, rsqb.end_pos))
            rest = children[3:]
            last = rsqb
        else:
            package, head = None, ast.NameKey(str(children[0]), _tok_span(children[0]))
            rest = children[1:]
            last = children[0]
        segments = []
        for dot, seg_t in zip(rest[::2], rest[1::2]):
            self.tight(last, dot, 'whitespace is not allowed around "." in a path')
            self.tight(dot, seg_t, 'whitespace is not allowed around "." in a path')
            segments.append(self.segment(seg_t))
            last = seg_t
        return ast.Path(package, head, tuple(segments), (start_of(t), end_of(t)))

    def key(self, t: Tree) -> ast.Key:
        span = (start_of(t), end_of(t))
        if t.data == "name_key":
            return ast.NameKey(str(t.children[0]), span)
        lsqb, expr_t, rsqb = t.children
        self.bracket(lsqb, expr_t, expr_t, rsqb, computed=True)
        expr = self.expect(self.expr(expr_t), "str", "a computed key needs")
        return ast.ComputedKey(expr, span)

    def segment(self, t: Tree) -> ast.Segment:
        span = (start_of(t), end_of(t))
        kind = t.data
        if kind == "name_seg":
            return ast.NameSegment(str(t.children[0]), span)
        if kind == "index_seg":
            digits = str(t.children[0])
            if len(digits) > 20:  # far beyond any array; also keeps int() cheap
                self.rep.error(span[0], "D301", f"array index {digits[:20]}... is too large")
            return ast.IndexSegment(int(digits), span)
        if kind == "any_seg":
            return ast.AnySegment(span)
        if kind == "all_seg":
            return ast.AllSegment(span)
        if kind == "computed_seg":
            lsqb, expr_t, rsqb = t.children
            self.bracket(lsqb, expr_t, expr_t, rsqb, computed=True)
            expr = self.expr(expr_t)
            if expr.type == "str":
                return ast.ComputedKeySegment(expr, span)
            if expr.type == "num":
                return ast.ComputedIndexSegment(expr, span)
            self.wrong_type(expr, "a computed segment needs a string (key) or a number (index)")
        # listfn_seg: "[" list_fn "(" key "=>" expr ")" "]"
        lsqb, fn_t, _lpar, key_t, _arrow, pred_t, rpar, rsqb = t.children
        self.bracket(lsqb, fn_t, rpar, rsqb)
        fn = str(fn_t.children[0])
        binder = self.key(key_t)
        predicate = self.expect(self.expr(pred_t), "bool", f"the predicate of {fn}( … ) needs")
        return ast.ListFnSegment(fn, binder, predicate, span)


def _tok_span(tok: Token) -> ast.Span:
    return (tok.start_pos, tok.end_pos)
