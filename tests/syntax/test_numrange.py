"""Number ranges (spec §4.10): NumRange<f64> and NumRange<usize>."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings, strategies as st

from migrator.syntax.errors import GrammarError
from migrator.syntax.numrange import Bound, NumRange, format_number, parse_numrange


def error_of(text, integer=False):
    with pytest.raises(GrammarError) as info:
        parse_numrange(text, integer=integer)
    return info.value


@pytest.mark.parametrize(
    "text, low, high, shown",
    [
        ("[0,65535]", Bound(0.0, True), Bound(65535.0, True), "[0,65535]"),
        ("(0,*)", Bound(0.0, False), None, "(0,*)"),
        ("[0, *)", Bound(0.0, True), None, "[0,*)"),
        ("[0,.01]", Bound(0.0, True), Bound(0.01, True), "[0,0.01]"),
        ("[0.1, 1]", Bound(0.1, True), Bound(1.0, True), "[0.1,1]"),
        ("[-1,*)", Bound(-1.0, True), None, "[-1,*)"),
        ("[550,1000000)", Bound(550.0, True), Bound(1e6, False), "[550,1000000)"),
        ("(*,5]", None, Bound(5.0, True), "(*,5]"),
        ("(*,*)", None, None, "(*,*)"),
        ("(*", None, None, "(*,*)"),  # no comma: right side unbounded
        ("[3", Bound(3.0, True), None, "[3,*)"),
        ("[ 1 , 2 ]", Bound(1.0, True), Bound(2.0, True), "[1,2]"),
        ("(* , 5)", None, Bound(5.0, False), "(*,5)"),
        ("[1e3,1E4)", Bound(1000.0, True), Bound(10000.0, False), "[1000,10000)"),
    ],
)
def test_f64_ranges(text, low, high, shown):
    rng = parse_numrange(text)
    assert (rng.low, rng.high, rng.integer, rng.text, rng.warnings) == (low, high, False, text, ())
    assert str(rng) == shown


@pytest.mark.parametrize(
    "literal, value",
    [
        (".01", 0.01),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("1E+3", 1000.0),
        ("1.e2", 100.0),
        ("+1", 1.0),
        ("-2.5", -2.5),
        ("007", 7.0),
        ("1e400", math.inf),
    ],
)
def test_rust_f64_literals_are_accepted(literal, value):
    assert parse_numrange(f"[{literal},*)").low.value == value


@pytest.mark.parametrize(
    "literal", [".", "e3", "1e", "0x10", "1_000", "١", "+-1", "1.2.3", "--1", "1 2"]
)
def test_non_rust_literals_are_rejected(literal):
    assert error_of(f"[{literal},*)").code == "S205"


@pytest.mark.parametrize("literal", ["inf", "-infinity", "Infinity", "NaN", "nan", "+INF"])
def test_non_finite_bounds_are_accepted_with_a_warning(literal):
    rng = parse_numrange(f"[{literal},*)")
    (warning,) = rng.warnings
    assert (warning.code, warning.severity, warning.offset) == ("S209", "warning", 1)


def test_nan_matches_nothing():
    rng = parse_numrange("(*,NaN]")
    assert not rng.contains(0) and str(rng) == "(*,NaN]"


def test_outer_whitespace_is_accepted_with_a_warning():
    rng = parse_numrange(" [0,1] ")
    assert rng.high == Bound(1.0, True)
    assert [(w.code, w.offset, w.hint) for w in rng.warnings] == [("S210", 0, "write '[0,1]'")]


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("[0,*)", Bound(0, True), None),
        ("[1, *)", Bound(1, True), None),
        ("[0,10]", Bound(0, True), Bound(10, True)),
        ("[+2,3)", Bound(2, True), Bound(3, False)),
        ("(*,18446744073709551615]", None, Bound(2**64 - 1, True)),
    ],
)
def test_usize_ranges(text, low, high):
    rng = parse_numrange(text, integer=True)
    assert (rng.low, rng.high, rng.integer) == (low, high, True)
    assert all(isinstance(b.value, int) for b in (rng.low, rng.high) if b)


@pytest.mark.parametrize(
    "text, offset, message_part",
    [
        ("[-1,*)", 1, "not a non-negative integer"),
        ("[0.5,*)", 1, "not a non-negative integer"),
        ("[1e3,*)", 1, "not a non-negative integer"),
        ("[0,inf]", 3, "not a non-negative integer"),
        ("[18446744073709551616,*)", 1, "does not fit in 64 bits"),
        ("(0,1)", 1, "is empty"),
    ],
)
def test_usize_errors(text, offset, message_part):
    err = error_of(text, integer=True)
    assert (err.code, err.offset) == ("S205", offset) and message_part in err.issue.message


@pytest.mark.parametrize(
    "text, offset, hint_part",
    [
        ("[*,1]", 1, "'(*'"),
        ("[0,*]", 3, "'*)'"),
        ("(0,*]", 3, "'*)'"),
        ("0,1", 0, "starts with '['"),
        ("", 0, "starts with '['"),
        ("[0,1", 4, "ends with ']'"),
        ("[1,2,3]", 4, "exactly one ','"),
        ("( *,1]", 2, "no space inside"),
        ("[0,* )", 3, "no space inside"),
        ("[2,1]", 1, "smaller bound first"),
        ("[+1.,2.5e-1]", 1, "smaller bound first"),
        ("(1,1]", 1, "[n,n]"),
        ("[1,1)", 1, "[n,n]"),
        ("{0,1}", 0, "starts with '['"),
        ("[1]", 2, None),
    ],
)
def test_f64_errors(text, offset, hint_part):
    err = error_of(text)
    assert (err.code, err.offset) == ("S205", offset)
    assert (err.issue.hint is None) if hint_part is None else (hint_part in err.issue.hint)


def test_error_message_shows_the_unexpected_text():
    assert error_of("[0,*]").issue.message == "invalid number range '[0,*]': unexpected '*]'"


@pytest.mark.parametrize(
    "text, inside, outside",
    [
        ("[0,65535]", [0, 65535, 0.5], [-1, 65536, 65535.01]),
        ("(0,*)", [1e-9, 1e300], [0, -1]),
        ("[0,.01]", [0, 0.01], [0.011]),
        ("(*,5)", [-1e300, 4.99], [5]),
        ("[5,5]", [5], [4.9, 5.1]),
    ],
)
def test_contains(text, inside, outside):
    rng = parse_numrange(text)
    assert all(x in rng for x in inside) and not any(x in rng for x in outside)


@pytest.mark.parametrize(
    "value, shown",
    [
        (0.0, "0"),
        (-0.0, "0"),
        (65535.0, "65535"),
        (0.01, "0.01"),
        (1e-7, "0.0000001"),
        (1.5e20, "150000000000000000000"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "NaN"),
        (7, "7"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_format_number_is_rust_display(value, shown):
    assert format_number(value) == shown


# --- properties --------------------------------------------------------------------------------
NUMRANGE_ALPHABET = "[]()*,.0123456789-+eE infa \t"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.text(NUMRANGE_ALPHABET, max_size=20)), st.booleans())
def test_only_grammar_errors(text, integer):
    try:
        rng = parse_numrange(text, integer=integer)
    except GrammarError as err:
        assert err.code == "S205" and 0 <= err.offset <= len(text)
    else:
        assert isinstance(rng, NumRange)


finite = st.floats(allow_nan=False, allow_infinity=False)


def bounds(values):
    return st.one_of(st.none(), st.builds(Bound, values, st.booleans()))


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.tuples(bounds(finite), bounds(finite), st.just(False)),
        st.tuples(
            bounds(st.integers(0, 2**64 - 1)), bounds(st.integers(0, 2**64 - 1)), st.just(True)
        ),
    ),
    st.lists(finite, max_size=5),
)
def test_display_round_trips(spec, probes):
    low, high, integer = spec
    original = NumRange(low, high, "", integer)
    try:
        reparsed = parse_numrange(str(original), integer=integer)
    except GrammarError as err:
        assert "empty" in err.issue.message  # only empty ranges are refused
        assume(False)
    assert (reparsed.low, reparsed.high) == (low, high)
    for x in probes + [b.value for b in (low, high) if b]:
        assert reparsed.contains(x) == original.contains(x)
