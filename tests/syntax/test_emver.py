"""emver versions and ranges (spec §3.1): constructs, errors, semantics, properties."""

from __future__ import annotations


import pytest
from hypothesis import given, settings, strategies as st

from migrator.syntax.emver import (
    AnyRange,
    Anchor,
    Caret,
    Conj,
    Disj,
    Hyphen,
    Interval,
    Tilde,
    Version,
    VersionRange,
    Wildcard,
    interval_contains,
    parse_range,
    parse_version,
    range_contains,
    range_to_intervals,
    range_to_str,
)
from migrator.syntax.errors import GrammarError

V = Version.of


def error_of(fn, text):
    with pytest.raises(GrammarError) as info:
        fn(text)
    return info.value


# --- versions -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1", (1, 0, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("1.2.3", (1, 2, 3, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("01.002", (1, 2, 0, 0)),
        ("24.02.2.1", (24, 2, 2, 1)),
        ("18446744073709551615", (2**64 - 1, 0, 0, 0)),
        ("0" * 30 + "7.1", (7, 1, 0, 0)),
    ],
)
def test_version_components(text, expected):
    v = parse_version(text)
    assert v.as_tuple() == expected and v.text == text and v.warnings == ()


def test_version_display_omits_a_zero_revision():
    assert str(parse_version("1.2.3.0")) == "1.2.3"
    assert str(parse_version("1.2.3.4")) == "1.2.3.4"
    assert str(parse_version("1")) == "1.0.0"


def test_version_order_and_equality_ignore_text():
    assert parse_version("1.2") == parse_version("1.2.0.0")
    assert hash(parse_version("1.2")) == hash(V(1, 2, 0, 0))
    assert parse_version("1.2.3") < parse_version("1.2.3.1") < parse_version("1.10")
    assert sorted([V(2), V(1, 9, 9, 9), V(1, 10)]) == [V(1, 9, 9, 9), V(1, 10), V(2)]
    assert V(1, 2).text == "1.2" and V(1, 2).components == 2
    assert Version(1, 2, 0, 0).text == "1.2.0"


@pytest.mark.parametrize(
    "text, dropped, offset",
    [
        ("1.2.3-rc1", "-rc1", 5),
        ("1.2.", ".", 3),
        ("0.3.5~1", "~1", 5),
        ("1.2.3+build", "+build", 5),
    ],
)
def test_version_trailing_text_is_dropped_with_a_warning(text, dropped, offset):
    v = parse_version(text)
    (warning,) = v.warnings
    assert warning.code == "S202" and warning.severity == "warning"
    assert warning.offset == offset and repr(dropped) in warning.message
    assert v.text == text[:offset]


def test_version_trailing_whitespace_is_silent():
    assert parse_version("1.2.3 ").warnings == ()


@pytest.mark.parametrize(
    "text, code, offset, hint",
    [
        ("v1.2.3", "S201", 0, "remove the 'v' prefix: 1.2.3"),
        ("", "S201", 0, "write a version like 1.2.3"),
        (" 1.2", "S201", 0, "remove the leading whitespace"),
        ("x.1", "S201", 0, None),
        (">=1.2", "S201", 0, "this is a version, not a range: write it without an operator"),
        ("1.2.3.4.5", "S208", 0, "emver is major.minor.patch.revision"),
        ("1.18446744073709551616", "S201", 2, None),
        ("1." + "9" * 5000, "S201", 2, None),  # would trip Python's int() digit limit
    ],
)
def test_version_errors(text, code, offset, hint):
    err = error_of(parse_version, text)
    assert (err.code, err.offset, err.issue.hint) == (code, offset, hint)


def test_version_error_messages():
    assert "5 components" in error_of(parse_version, "1.2.3.4.5").issue.message
    assert (
        "does not fit in 64 bits" in error_of(parse_version, "18446744073709551616").issue.message
    )


# --- range constructs -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expr",
    [
        ("*", AnyRange()),
        ("=1.2", Anchor("=", V(1, 2))),
        (">=1", Anchor(">=", V(1))),
        ("<=1.2.3.4", Anchor("<=", V(1, 2, 3, 4))),
        (">0", Anchor(">", V(0))),
        ("<2", Anchor("<", V(2))),
        ("!=1.0.0", Anchor("!=", V(1))),
        ("^0.1.0", Caret(V(0, 1, 0))),
        ("~1.2", Tilde(V(1, 2))),
        ("1.x", Wildcard((1,))),
        ("1.2.x", Wildcard((1, 2))),
        ("1.2.3.x", Wildcard((1, 2, 3))),
        ("1.0 - 2.0", Hyphen(V(1), V(2))),
        ("1.0-2.0", Hyphen(V(1), V(2))),
        ("1 -\t2", Hyphen(V(1), V(2))),
        (">=0.3.2.1 <0.4.0", Conj((Anchor(">=", V(0, 3, 2, 1)), Anchor("<", V(0, 4))))),
        (">=1  <2", Conj((Anchor(">=", V(1)), Anchor("<", V(2))))),
        ("^1||^2", Disj((Caret(V(1)), Caret(V(2))))),
        (
            ">=1 <2 || >=3",
            Disj((Conj((Anchor(">=", V(1)), Anchor("<", V(2)))), Anchor(">=", V(3)))),
        ),
        (
            "(>=1 || <0.5) !=0.7",
            Conj((Disj((Anchor(">=", V(1)), Anchor("<", V(0, 5)))), Anchor("!=", V(0, 7)))),
        ),
        ("( =1 )", Anchor("=", V(1))),
        ("(*)", AnyRange()),
        ("(*) =1", Conj((AnyRange(), Anchor("=", V(1))))),
    ],
)
def test_range_constructs(text, expr):
    rng = parse_range(text)
    assert rng.expr == expr and rng.text == text and rng.warnings == ()


def test_tilde_keeps_the_number_of_components():
    assert parse_range("~1").expr.components == 1
    assert parse_range("~1.0.0").expr.components == 3
    assert parse_range("~1").expr != parse_range("~1.0.0").expr


def test_spans_point_into_the_text():
    rng = parse_range(">=1.0 <2 || ^3")
    conj, caret = rng.expr.items
    assert rng.expr.span == (0, 14) and conj.span == (0, 8)
    assert [item.span for item in conj.items] == [(0, 5), (6, 8)]
    assert caret.span == (12, 14)


# --- legacy prefix parsing (S204) ----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expr, offset, hint_part",
    [
        (">=1<2", Anchor(">=", V(1)), 3, "need a space between them: >=1 <2"),
        ("* || =1", AnyRange(), 1, "'*' matches every version"),
        ("* >=1", AnyRange(), 1, "'*' matches every version"),
        (">=1.2.3-rc1", Anchor(">=", V(1, 2, 3)), 7, "pre-release"),
        (">=1.2.x", Anchor(">=", V(1, 2)), 5, "stands alone (1.2.x)"),
        ("~1.x", Tilde(V(1)), 2, "stands alone (1.2.x)"),
        (">=1 && <2", Anchor(">=", V(1)), 3, "no '&&'"),
        (">=1 ||", Anchor(">=", V(1)), 3, "ignored"),
        ("1.x.x", Wildcard((1,)), 3, "single '.x'"),
        ("(=1) foo", Anchor("=", V(1)), 4, "ignored"),
    ],
)
def test_trailing_text_follows_the_legacy_reading(text, expr, offset, hint_part):
    rng = parse_range(text)
    assert rng.expr == expr
    (warning,) = rng.warnings
    assert (warning.code, warning.severity, warning.offset) == ("S204", "warning", offset)
    assert hint_part in warning.hint


def test_trailing_whitespace_is_silent():
    assert parse_range(">=1 <2 ").warnings == ()


# --- range errors ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, code, offset, hint_part",
    [
        ("1.2.3", "S203", 5, "use =1.2.3"),
        (">= 1.0", "S203", 2, "write >=1.0"),
        ("^ 1", "S203", 1, "write ^1"),
        ("", "S203", 0, "use '*'"),
        (" >=1", "S203", 0, "leading whitespace"),
        ("1.X", "S203", 1, "lowercase 'x'"),
        ("!1", "S203", 0, "no '!' operator"),
        ("v1", "S203", 0, "'v' prefix"),
        ("(* || =1)", "S203", 2, "whole range"),
        ("==1", "S203", 1, None),
        ("(>=1", "S203", 4, None),
        ("|| >=1", "S203", 0, None),
        (">=1.2.3.4.5", "S208", 2, "major.minor.patch.revision"),
        (">=18446744073709551616", "S203", 2, None),
        ("(" * 65 + "*" + ")" * 65, "S203", 64, None),
    ],
)
def test_range_errors(text, code, offset, hint_part):
    err = error_of(parse_range, text)
    assert (err.code, err.offset) == (code, offset)
    if hint_part is None:
        assert err.issue.hint is None
    else:
        assert hint_part in err.issue.hint


def test_range_error_message_names_what_was_expected():
    message = error_of(parse_range, ">= 1.0").issue.message
    assert message == "invalid emver range: unexpected ' 1.0', expected a version"


def test_long_inputs_parse():
    assert len(parse_range(">=1 " * 2000).expr.items) == 2000
    assert parse_range(">=1 " * 2000 + "junk").warnings[0].offset == 4 * 2000 - 1
    with pytest.raises(GrammarError):
        parse_range("1." * 20000)


# --- semantics -----------------------------------------------------------------------------------
def contains(text, *parts):
    return range_contains(parse_range(text), V(*parts))


@pytest.mark.parametrize(
    "text, inside, outside",
    [
        ("^1.2.3", [(1, 2, 3), (1, 9), (1, 99, 0, 5)], [(1, 2, 2, 9), (2,)]),
        ("^0.2.3", [(0, 2, 3), (0, 2, 99)], [(0, 3), (0, 2, 2)]),
        ("^0.0.3", [(0, 0, 3), (0, 0, 3, 7)], [(0, 0, 4), (0, 0, 2)]),
        ("^0.0.0.4", [(0, 0, 0, 4)], [(0, 0, 0, 5), (0, 0, 0, 3), (0, 0, 1)]),
        ("~1", [(1,), (1, 9, 9, 9)], [(2,), (0, 9)]),
        ("~1.2", [(1, 2), (1, 2, 9)], [(1, 3), (1, 1, 9)]),
        ("~1.2.3", [(1, 2, 3), (1, 2, 99)], [(1, 3), (1, 2, 2)]),
        ("~1.2.3.4", [(1, 2, 3, 4), (1, 2, 3, 99)], [(1, 2, 4), (1, 2, 3, 3)]),
        ("1.x", [(1,), (1, 99)], [(2,), (0, 9)]),
        ("1.2.x", [(1, 2), (1, 2, 9, 9)], [(1, 3), (1, 1)]),
        ("1.2.3.x", [(1, 2, 3), (1, 2, 3, 9)], [(1, 2, 4), (1, 2, 2)]),
        ("1.0 - 2.0", [(1,), (1, 5), (2,)], [(2, 0, 0, 1), (0, 9, 9, 9)]),
        ("!=1.2", [(1, 2, 0, 1), (1, 1)], [(1, 2)]),
        (">1", [(1, 0, 0, 1)], [(1,)]),
        ("<=1", [(1,), (0, 5)], [(1, 0, 0, 1)]),
        (">=1 <2 || >=3", [(1,), (1, 9), (3,), (9,)], [(2,), (2, 5), (0, 5)]),
        ("(>=1 || <0.5) !=0.2", [(0, 1), (1,)], [(0, 2), (0, 5)]),
        ("*", [(0,), (99, 99, 99, 99)], []),
    ],
)
def test_range_contains(text, inside, outside):
    assert all(contains(text, *v) for v in inside)
    assert not any(contains(text, *v) for v in outside)


def test_range_contains_accepts_expr_or_range():
    rng = parse_range(">=1")
    assert range_contains(rng.expr, V(1)) and range_contains(rng, V(1))


# --- intervals -----------------------------------------------------------------------------------
def iv(lo, lo_inc, hi, hi_inc):
    return Interval(lo, lo_inc, hi, hi_inc)


@pytest.mark.parametrize(
    "text, intervals",
    [
        ("*", [iv(None, False, None, False)]),
        (">=0", [iv(None, False, None, False)]),
        (
            ">=1 <2 || >=3",
            [iv((1, 0, 0, 0), True, (2, 0, 0, 0), False), iv((3, 0, 0, 0), True, None, False)],
        ),
        ("!=1", [iv(None, False, (1, 0, 0, 0), False), iv((1, 0, 0, 0), False, None, False)]),
        (">=1 <2 || >=2 <3", [iv((1, 0, 0, 0), True, (3, 0, 0, 0), False)]),
        ("<=1 || >1", [iv(None, False, None, False)]),
        ("<=1.2.3.4 || >=1.2.3.5", [iv(None, False, None, False)]),  # discrete: adjacent merges
        ("^0.0.0.5", [iv((0, 0, 0, 5), True, (0, 0, 0, 5), True)]),
        ("^0.2", [iv((0, 2, 0, 0), True, (0, 3, 0, 0), False)]),
        (">2 <1", []),
        (">1 <1.0.0.1", []),
        ("1 - 2 >1.5", [iv((1, 5, 0, 0), False, (2, 0, 0, 0), True)]),
        ("(*) <1", [iv(None, False, (1, 0, 0, 0), False)]),
    ],
)
def test_range_to_intervals(text, intervals):
    assert range_to_intervals(parse_range(text)) == intervals


def test_intervals_are_four_tuples():
    (first,) = range_to_intervals(parse_range(">=1 <2"))
    lo, lo_inclusive, hi, hi_inclusive = first
    assert (lo, lo_inclusive, hi, hi_inclusive) == ((1, 0, 0, 0), True, (2, 0, 0, 0), False)


# --- display ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, shown",
    [
        (">=0.3.2.1 <0.4.0", ">=0.3.2.1 <0.4.0"),
        ("^0.1.0", "^0.1.0"),
        ("*", "*"),
        (">=1.0 <2||>=3", ">=1.0.0 <2.0.0 || >=3.0.0"),
        ("(>=1 || <0.5) =2", "(>=1.0.0 || <0.5.0) =2.0.0"),
        ("(>=1 =2) <3", "(>=1.0.0 =2.0.0) <3.0.0"),
        ("(^1 || ^2) || ^3", "(^1.0.0 || ^2.0.0) || ^3.0.0"),
        ("(*) =1", "(*) =1.0.0"),
        ("~1.0", "~1.0"),
        ("1.2.x", "1.2.x"),
        ("1-2", "1.0.0 - 2.0.0"),
    ],
)
def test_range_to_str(text, shown):
    assert range_to_str(parse_range(text)) == shown


# --- properties ------------------------------------------------------------------------------------
small = st.integers(0, 3)
versions = st.lists(small, min_size=1, max_size=4).map(lambda parts: V(*parts))
atoms = st.one_of(
    st.builds(Anchor, st.sampled_from(["=", ">=", "<=", ">", "<", "!="]), versions),
    st.builds(Caret, versions),
    st.builds(Tilde, versions),
    st.lists(small, min_size=1, max_size=3).map(lambda p: Wildcard(tuple(p))),
    st.builds(Hyphen, versions, versions),
    st.just(AnyRange()),
)
exprs = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda items: Conj(tuple(items))),
        st.lists(inner, min_size=2, max_size=3).map(lambda items: Disj(tuple(items))),
    ),
    max_leaves=8,
)
probe_versions = st.tuples(small, small, small, small).map(lambda t: Version(*t))
RANGE_ALPHABET = "0123456789.x*^~<>=!|-() \tX&v,"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(RANGE_ALPHABET, max_size=40)))
def test_parsers_raise_only_grammar_errors(text):
    for parse in (parse_range, parse_version):
        try:
            result = parse(text)
        except GrammarError as err:
            assert err.code in {"S201", "S203", "S208"} and 0 <= err.offset <= len(text)
        else:
            assert isinstance(result, (VersionRange, Version))


@settings(max_examples=200, deadline=None)
@given(exprs)
def test_display_round_trips_to_the_same_ast(expr):
    reparsed = parse_range(range_to_str(expr))
    assert reparsed.expr == expr and reparsed.warnings == ()


@settings(max_examples=200, deadline=None)
@given(st.text(RANGE_ALPHABET, max_size=30))
def test_display_of_parsed_text_round_trips(text):
    try:
        rng = parse_range(text)
    except GrammarError:
        return
    assert parse_range(range_to_str(rng)).expr == rng.expr


@settings(max_examples=150, deadline=None)
@given(exprs, st.lists(probe_versions, min_size=5, max_size=15))
def test_intervals_agree_with_contains(expr, probes):
    intervals = range_to_intervals(expr)
    for v in probes + [V(0), V(4)]:
        assert range_contains(expr, v) == any(interval_contains(i, v) for i in intervals)
    for before, after in zip(intervals, intervals[1:]):  # sorted, disjoint, not adjacent
        assert before.hi is not None and after.lo is not None
        end = before.hi[:3] + (before.hi[3] + 1,) if before.hi_inclusive else before.hi
        start = after.lo if after.lo_inclusive else after.lo[:3] + (after.lo[3] + 1,)
        assert end < start
