"""Entry points of the config-rule DSL front end (legacy-formats.md §5).

    parse_rule       `rule:`, `condition:`, `if:`      → Rule (boolean expression)
    parse_reference  `SET var:`, `PUSH to:`            → Reference (bare path)
    parse_value      `SET to:`                         → ValueExpr
    parse_delete     `DELETE: "FROM p AS x WHERE P"`   → DeleteSpec

Each raises RuleSyntaxError (and nothing else) for any string it rejects. In the default
non-strict mode a few constructs the legacy parser rejected but whose meaning is clear
(Q1 `<=`/`>=`, Q3 value ordering, Q6 newlines, whitespace inside path brackets) are
accepted with a warning; strict=True rejects them like the legacy OS did.
"""

from __future__ import annotations

from lark import Lark, Tree
from lark.exceptions import LarkError

from migrator.rules import ast
from migrator.rules.errors import Reporter, raise_lark_error
from migrator.rules.typecheck import Builder, end_of, start_of
from migrator.syntax.lark_cache import lark_parser

# Deeper parse trees are rejected: the typing pass and the printers recurse once per level,
# and no real rule comes near this (the deepest in the corpus has fewer than 15 levels).
MAX_DEPTH = 200
# A flat boolean chain (`a? AND b? AND …`) is one level of nesting, but each link is one
# recursion of the typing pass, the evaluator and the printers (up to ~3 Python frames a
# link): the whole tree depth, links included, stays within Python's limit. Arithmetic
# chains count as nesting, twice in the tree depth: they compile to nested helper calls
# (`arith('+', arith(…))`) that the TypeScript printer recurses through at ~5 frames each.
MAX_TREE_DEPTH = 300
_CHAINS = frozenset({"boolop"})
_STARTS = ("rule", "reference", "value", "delete")
_LITERAL_LOOKALIKES = {"true", "false", "null"}


def _lark() -> Lark:
    return lark_parser("rules.lark", start=_STARTS, lexer="contextual", propagate_positions=True)


def parse_rule(text: str, *, strict: bool = False) -> ast.Rule:
    rep, build, tree = _parse(text, strict, "rule")
    expr = build.expr(tree)
    if expr.type != "bool":
        build.wrong_type(expr, "a rule must be a boolean expression")
    return ast.Rule(text, expr, tuple(rep.warnings))


def parse_reference(text: str, *, strict: bool = False) -> ast.Reference:
    rep, build, tree = _parse(text, strict, "reference")
    path = build.path(tree)
    _check_mutable(rep, path, "this target")
    return ast.Reference(text, ast.AnyVar(path, path.span), tuple(rep.warnings))


def parse_value(text: str, *, strict: bool = False) -> ast.ValueExpr:
    rep, build, tree = _parse(text, strict, "value")
    expr = build.expr(tree, allow_any=True)
    _check_ordered_choice(rep, build.text, tree)
    if (
        isinstance(expr, ast.AnyVar)
        and expr.path.package is None
        and not expr.path.segments
        and isinstance(expr.path.head, ast.NameKey)
        and expr.path.head.name.lower() in _LITERAL_LOOKALIKES
    ):
        name = expr.path.head.name
        rep.warn(
            expr.span[0],
            "D308",
            f'"{name}" is read as the path named {name} (usually missing, so the value '
            "is null), not as a literal; the legacy DSL has no boolean or null literals",
            hint=f"use to-value: {name.lower()}",
        )
    return ast.ValueExpr(text, expr, tuple(rep.warnings))


def parse_delete(text: str, *, strict: bool = False) -> ast.DeleteSpec:
    rep, build, tree = _parse(text, strict, "delete")
    _from, path_t, _as, key_t, _where, pred_t = tree.children
    path = build.path(path_t)
    _check_mutable(rep, path, "a DELETE source")
    binder = build.key(key_t)
    predicate = build.expect(build.expr(pred_t), "bool", "the WHERE clause needs")
    return ast.DeleteSpec(
        text,
        ast.AnyVar(path, path.span),
        binder,
        predicate,
        tuple(rep.warnings),
        (start_of(tree), end_of(tree)),
    )


# ------------------------------------------------------------------ mutation targets


def _check_mutable(rep: Reporter, path: ast.Path, what: str) -> None:
    """SET var, PUSH to and DELETE FROM are compiled by the legacy loader's
    `compile_var_mut`, which rejects a `[pkg].` prefix ("Can only assign to relative
    path") and the fan-outs `*`, `&`, `[any()]`, `[all()]` ("Any and All are
    immutable") when it reads the rules file: the whole file then fails to load. So
    these are load-time errors in both modes (D311), never something that only fails
    when a suggestion is applied."""
    if path.package is not None:
        rep.error(
            path.span[0],
            "D311",
            f"{what} writes into another package's config: the legacy loader rejected "
            "the rules file (\"Can only assign to relative path\")",
            hint="a suggestion can only change the config the rule file is about",
        )
    for seg in path.segments:
        if isinstance(seg, ast.AnySegment | ast.AllSegment) or (
            isinstance(seg, ast.ListFnSegment) and seg.fn in ("any", "all")
        ):
            rep.error(
                seg.span[0],
                "D311",
                f"{what} goes through a fan-out (*, &, any(), all()): the legacy loader "
                "rejected the rules file (\"Any and All are immutable\")",
                hint="select one element with [first(x => …)] or [last(x => …)]",
            )


# ------------------------------------------------------------------ shared steps


def _parse(text: str, strict: bool, start: str) -> tuple[Reporter, Builder, Tree]:
    if not isinstance(text, str):
        raise TypeError(f"rule text must be a str, not {type(text).__name__}")
    rep = Reporter(text, strict)
    normalised = _normalise_newlines(rep, text)
    lark = _lark()
    try:
        tree = lark.parse(normalised, start=start)
    except LarkError as exc:
        raise_lark_error(rep, normalised, lark, start, exc)
    _check_depth(rep, tree)
    return rep, Builder(rep, normalised), tree


def _normalise_newlines(rep: Reporter, text: str) -> str:
    """Q6: newlines are not whitespace for the legacy parser.

    Each CR/LF outside a string literal becomes one space (so every offset stays valid in
    the original text); inside a string literal a newline is an ordinary character for
    the PEG too, so it is kept."""
    if "\n" not in text and "\r" not in text:
        return text
    chars = list(text)
    first: int | None = None
    in_string = False
    i = 0
    while i < len(chars):
        c = chars[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            in_string = c != '"'
        elif c == '"':
            in_string = True
        elif c in "\r\n":
            first = i if first is None else first
            chars[i] = " "
        i += 1
    if first is None:
        return text
    read_as = "" if rep.strict else "; read as a space"
    rep.warn(
        first,
        "D305",
        "line break in the rule: the legacy parser only accepts spaces and "
        f"tabs between tokens and rejected this rule{read_as}",
        hint="write the rule on one line (a YAML block scalar keeps the newline)",
    )
    return "".join(chars)


def _check_depth(rep: Reporter, tree: Tree) -> None:
    """Bound the real nesting (parentheses, brackets, operators of different precedence)
    to MAX_DEPTH levels, where a flat chain `a? AND b? OR …` is one level however long
    (its left-deep links, the left operand of a boolean operator, do not count), and the
    whole tree, chain links included and arithmetic counted twice, to MAX_TREE_DEPTH."""
    stack = [(tree, 1, 1)]
    while stack:
        node, depth, total = stack.pop()
        if depth > MAX_DEPTH:
            rep.error(
                start_of(node),
                "D301",
                f"expression is nested too deeply (more than {MAX_DEPTH} levels)",
            )
        if total > MAX_TREE_DEPTH:
            rep.error(
                start_of(node),
                "D301",
                f"expression is too long: more than {MAX_TREE_DEPTH} nested operators "
                "and chained terms",
                hint="split the rule into several rules",
            )
        for i, child in enumerate(node.children):
            if isinstance(child, Tree):
                link = i == 0 and child.data == node.data and node.data in _CHAINS
                cost = 2 if child.data == "binop" else 1  # a nested call in TypeScript
                stack.append((child, depth if link else depth + 1, total + cost))


# ------------------------------------------------------------------ Q3: ordered `Value`


def _check_ordered_choice(rep: Reporter, text: str, tree: Tree) -> None:
    """Q3: the PEG tries AnyVar / StrExpr / NumExpr / BoolExpr and commits to the first
    that matches a prefix; the end-of-input check then fails without backtracking."""
    primary = tree
    while primary.data in ("boolop", "compare", "binop"):
        primary = primary.children[0]
    if primary.data in ("anyvar", "boolvar"):  # BoolVar = PATH "?": AnyVar matches PATH
        if tree.data != "anyvar":
            path_t = primary.children[0]
            _ordering_mismatch(
                rep, end_of(path_t), f'as the bare path "{text[start_of(path_t):end_of(path_t)]}"'
            )
        return
    committed = _committed_kind(primary)
    if committed is None or _pure(tree, committed):
        return
    stop = tree
    while not _pure(stop, committed):
        stop = stop.children[0]
    noun = "string" if committed == "str" else "number"
    _ordering_mismatch(
        rep, end_of(stop), f"as the {noun} expression {text[start_of(stop):end_of(stop)]}"
    )


def _committed_kind(primary: Tree) -> str | None:
    if primary.data in ("string", "strvar"):
        return "str"
    if primary.data in ("number", "numvar"):
        return "num"
    if primary.data == "paren":
        inner = primary.children[1]
        for kind in ("str", "num"):
            if _pure(inner, kind):
                return kind
    return None  # BoolExpr, the last alternative: whatever types as bool is fine


def _pure(t: Tree, kind: str) -> bool:
    """Is `t` derivable from the PEG's StrExpr (kind 'str') or NumExpr (kind 'num')?"""
    data = t.data
    if data == "paren":
        return _pure(t.children[1], kind)
    if data == "binop":
        if kind == "str" and t.children[1] != "+":
            return False
        return _pure(t.children[0], kind) and _pure(t.children[2], kind)
    if kind == "str":
        return data in ("string", "strvar")
    return data in ("number", "numvar")


def _ordering_mismatch(rep: Reporter, offset: int, reading: str) -> None:
    rep.warn(
        offset,
        "D304",
        f"the legacy parser reads this value {reading} (the first alternative of its "
        "ordered choice that matches) and then rejected the rest, so this SET failed",
        hint="wrap the whole value in parentheses: ( … )",
    )
