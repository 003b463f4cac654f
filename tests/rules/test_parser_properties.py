"""Property tests: the parser never crashes, and printing/parsing round-trips."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.rules import (
    RuleSyntaxError,
    parse_delete,
    parse_reference,
    parse_rule,
    parse_value,
    to_source,
)
from migrator.rules import ast
from migrator.rules.printer import string_source

PARSERS = (parse_rule, parse_reference, parse_value, parse_delete)
# Generating typed trees dominates the run time; 100 examples keep the module at a few
# seconds while still exercising every node kind many times.
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT_SETTINGS = settings(max_examples=500, deadline=None)

# ------------------------------------------------------------------ (1) no crash on any text

# Pieces of the DSL, so random concatenations reach deep parser states, not just the
# first character.
TOKENS = [
    "a",
    "b-c",
    "first",
    "any",
    "x1",
    "?",
    "#",
    "'",
    ".",
    "[",
    "]",
    "(",
    ")",
    "!(",
    "!",
    " ",
    "\t",
    "\n",
    "\r",
    "AND",
    "OR",
    "XOR",
    "=",
    "<",
    "<=",
    ">=",
    "!=",
    ">",
    '"s"',
    '"\\q"',
    '"',
    "\\",
    "1",
    "-2",
    "1.",
    "1e5",
    ".5",
    "+",
    "-",
    "*",
    "/",
    "^",
    "&",
    "=>",
    "FROM ",
    " AS ",
    " WHERE ",
    "_",
    "0",
    "é",
    "\x00",
]


@TEXT_SETTINGS
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)))
def test_any_text_raises_only_rule_syntax_errors(text: str) -> None:
    for parse in PARSERS:
        for strict in (False, True):
            try:
                result = parse(text, strict=strict)
            except RuleSyntaxError as err:
                assert 0 <= err.offset <= len(text)
                assert err.line >= 1 and err.column >= 1
                assert err.issue.severity == "error" and err.issue.message
            else:
                assert result.text == text
                if strict:
                    assert all(w.code == "D308" for w in result.warnings)


# ------------------------------------------------------------------ AST strategies

names = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,5}", fullmatch=True)
number_texts = st.from_regex(
    r"[+-]?[0-9]{1,5}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,2})?", fullmatch=True
)
numbers = number_texts.map(lambda t: ast.Number(float(t), t))
strings = st.text(max_size=8).map(ast.String)


def keys(depth: int) -> st.SearchStrategy:
    names_only = names.map(ast.NameKey)
    if depth <= 0:
        return names_only
    return st.one_of(names_only, str_exprs(depth - 1).map(ast.ComputedKey))


def segments(depth: int) -> st.SearchStrategy:
    simple = st.one_of(
        names.map(ast.NameSegment),
        st.integers(0, 999).map(ast.IndexSegment),
        st.just(ast.AnySegment()),
        st.just(ast.AllSegment()),
    )
    if depth <= 0:
        return simple
    return st.one_of(
        simple,
        str_exprs(depth - 1).map(ast.ComputedKeySegment),
        num_exprs(depth - 1).map(ast.ComputedIndexSegment),
        st.builds(
            ast.ListFnSegment,
            st.sampled_from(["first", "last", "any", "all"]),
            keys(depth - 1),
            bool_exprs(depth - 1),
        ),
    )


def paths(depth: int) -> st.SearchStrategy:
    segs = st.lists(segments(depth), max_size=3).map(tuple)
    local = st.builds(ast.Path, st.none(), names.map(ast.NameKey), segs)
    if depth <= 0:
        return local
    foreign = st.builds(ast.Path, keys(depth - 1), keys(depth - 1), segs)
    # a computed first key (`["a"].b`, Q9): looked up by its raw text
    computed = st.builds(ast.Path, st.none(), str_exprs(depth - 1).map(ast.ComputedKey), segs)
    return st.one_of(local, foreign, computed)


def immutable(path: ast.Path) -> bool:
    """A write target the legacy loader rejected (D311)."""
    return path.package is not None or any(
        isinstance(s, ast.AnySegment | ast.AllSegment)
        or (isinstance(s, ast.ListFnSegment) and s.fn in ("any", "all"))
        for s in path.segments
    )


def num_exprs(depth: int) -> st.SearchStrategy:
    leaves = st.one_of(numbers, paths(depth - 1).map(ast.NumVar) if depth > 0 else numbers)
    if depth <= 0:
        return leaves
    sub = num_exprs(depth - 1)
    return st.one_of(
        leaves, st.builds(ast.Arith, st.sampled_from(["+", "-", "*", "/", "^"]), sub, sub)
    )


def str_exprs(depth: int) -> st.SearchStrategy:
    leaves = st.one_of(strings, paths(depth - 1).map(ast.StrVar) if depth > 0 else strings)
    if depth <= 0:
        return leaves
    sub = str_exprs(depth - 1)
    return st.one_of(leaves, st.builds(ast.Concat, sub, sub))


def bool_exprs(depth: int) -> st.SearchStrategy:
    var = paths(max(depth - 1, 0)).map(ast.BoolVar)
    if depth <= 0:
        return var
    sub = bool_exprs(depth - 1)
    ops = st.sampled_from(["<", "<=", "=", "!=", ">", ">="])
    return st.one_of(
        var,
        sub.map(ast.Not),
        st.builds(ast.BoolOp, st.sampled_from(["AND", "OR", "XOR"]), sub, sub),
        st.builds(ast.Compare, ops, num_exprs(depth - 1), num_exprs(depth - 1), st.just("num")),
        st.builds(ast.Compare, ops, str_exprs(depth - 1), str_exprs(depth - 1), st.just("str")),
    )


DEPTH = 3
values = st.one_of(
    paths(DEPTH - 1).map(ast.AnyVar), str_exprs(DEPTH), num_exprs(DEPTH), bool_exprs(DEPTH)
)


# ------------------------------------------------------------------ (2) print → parse = same AST


@SETTINGS
@given(bool_exprs(DEPTH))
def test_rule_round_trip(expr: ast.Expr) -> None:
    assert parse_rule(to_source(expr)).expr == expr


@SETTINGS
@given(values)
def test_value_round_trip(expr: ast.Expr) -> None:
    source = to_source(ast.ValueExpr("", expr))
    parsed = parse_value(source)
    assert parsed.expr == expr
    # printed values are valid for the legacy ordered choice (Q3) too
    assert not [w for w in parsed.warnings if w.code == "D304"], source


@SETTINGS
@given(paths(DEPTH - 1))
def test_reference_round_trip(path: ast.Path) -> None:
    if immutable(path):
        with pytest.raises(RuleSyntaxError) as info:
            parse_reference(to_source(path))
        assert info.value.code == "D311"
        return
    assert parse_reference(to_source(path)).path == path


@SETTINGS
@given(paths(1), keys(1), bool_exprs(2))
def test_delete_round_trip(source: ast.Path, binder: ast.Key, predicate: ast.Expr) -> None:
    spec = ast.DeleteSpec("", ast.AnyVar(source), binder, predicate)
    if immutable(source):
        with pytest.raises(RuleSyntaxError) as info:
            parse_delete(to_source(spec))
        assert info.value.code == "D311"
        return
    parsed = parse_delete(to_source(spec))
    assert (parsed.source.path, parsed.binder, parsed.predicate) == (source, binder, predicate)


# ------------------------------------------------------------------ (3) noisy text → canonical


def noisy(expr: ast.Expr, data: st.DataObject) -> str:
    """Equivalent source with random redundant parentheses and spacing."""
    text = _noisy(expr, data)
    return (
        data.draw(st.sampled_from(["", " ", "\t"])) + text + data.draw(st.sampled_from(["", "  "]))
    )


def _space(data: st.DataObject) -> str:
    return data.draw(st.sampled_from([" ", "  ", "\t", " \t "]))


def _noisy(expr: ast.Expr, data: st.DataObject) -> str:
    if isinstance(expr, ast.Not):
        text = f"!({_space(data)}{_noisy(expr.expr, data)}{_space(data)})"
    elif isinstance(expr, ast.BoolOp | ast.Compare | ast.Arith | ast.Concat):
        op = "+" if isinstance(expr, ast.Concat) else expr.op
        # operands always parenthesised: precedence is covered by the canonical tests
        text = (
            f"({_noisy(expr.left, data)}){_space(data)}{op}{_space(data)}"
            f"({_noisy(expr.right, data)})"
        )
    else:  # literals and variables are tight: print them canonically
        text = to_source(expr)
    if data.draw(st.booleans()):
        text = f"({_space(data)}{text}{_space(data)})"
    return text


@SETTINGS
@given(bool_exprs(DEPTH), st.data())
def test_noisy_source_parses_to_the_same_tree(expr: ast.Expr, data: st.DataObject) -> None:
    text = noisy(expr, data)
    parsed = parse_rule(text)
    assert parsed.expr == expr
    assert not [w for w in parsed.warnings if w.code not in ("D303",)]


@SETTINGS
@given(bool_exprs(DEPTH), st.data())
def test_printing_is_idempotent(expr: ast.Expr, data: st.DataObject) -> None:
    once = to_source(parse_rule(noisy(expr, data)))
    assert to_source(parse_rule(once)) == once
    assert once == to_source(expr)


@SETTINGS
@given(st.text(max_size=20))
def test_string_literals_round_trip(value: str) -> None:
    rule = parse_rule(f"'a = {string_source(value)}", strict=True)
    assert rule.expr.right.value == value
