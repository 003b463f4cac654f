"""Entropy charsets (spec §4.10), checked against a port of the legacy state machine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from migrator.syntax.charset import DEFAULT_CHARSET, CharRange, CharSet, parse_charset
from migrator.syntax.errors import GrammarError


def legacy_charset(text: str) -> list[tuple[str, str]] | str:
    """The 0.3 CharSet deserializer, character by character; returns ranges or an error name."""
    res, a, b, in_range = [], None, None, False

    def close():
        if not b.isascii():
            return "Invalid Character"
        if a >= b:
            return "Invalid Bounds"
        res.append((a, b))
        return None

    for c in text:
        if c == ",":
            if a is not None and b is not None:
                if err := close():
                    return err
                a, b, in_range = None, None, False
            elif a is not None and not in_range:
                res.append((a, a))
                a = None
            elif a is not None and in_range:
                b = ","
            elif a is None:
                a = ","
        elif c == "-":
            if a is None:
                a = "-"
            elif not in_range:
                in_range = True
            elif b is None:
                b = "-"
            else:
                return "Syntax Error"
        elif a is None:
            a = c
        elif in_range and b is None:
            b = c
        else:
            return "Syntax Error"
    if a is not None and b is not None:
        if err := close():
            return err
    elif a is not None:
        res.append((a, a))
    return res


def test_default_charset_is_printable_ascii():
    assert (
        len(DEFAULT_CHARSET) == 94
        and DEFAULT_CHARSET.chars()[0] == "!"
        and DEFAULT_CHARSET.chars()[-1] == "~"
    )
    assert " " not in DEFAULT_CHARSET and "~" in DEFAULT_CHARSET
    assert DEFAULT_CHARSET == parse_charset("!-~")


@pytest.mark.parametrize(
    "text, ranges, size",
    [
        ("a-z,A-Z,0-9", [("a", "z"), ("A", "Z"), ("0", "9")], 62),
        ("a-f,0-9", [("a", "f"), ("0", "9")], 16),
        ("a-z,2-7", [("a", "z"), ("2", "7")], 32),
        ("a-z,A-Z,0-9,/,=", [("a", "z"), ("A", "Z"), ("0", "9"), ("/", "/"), ("=", "=")], 64),
        ("-,a-z", [("-", "-"), ("a", "z")], 27),
        (",,a", [(",", ","), ("a", "a")], 2),
        ("a,,", [("a", "a"), (",", ",")], 2),
        ("!-,", [("!", ",")], 12),
        ("--a", [("-", "a")], 53),
        ("a-z,", [("a", "z")], 26),
        (",", [(",", ",")], 1),
        ("-", [("-", "-")], 1),
        ("é", [("é", "é")], 1),
        ("a-z,a-c", [("a", "z"), ("a", "c")], 26),
    ],
)
def test_charsets(text, ranges, size):
    charset = parse_charset(text)
    assert [(r.start, r.end) for r in charset.ranges] == ranges
    assert len(charset) == size and charset.text == text and charset.warnings == ()


def test_chars_are_ordered_and_deduplicated():
    charset = parse_charset("x-z,a-c,b,y")
    assert charset.chars() == "xyzabc"
    assert "b" in charset and "d" not in charset and "ab" not in charset and 3 not in charset


def test_trailing_dash_is_dropped_with_a_warning():
    charset = parse_charset("0-9,a-")
    assert [(r.start, r.end) for r in charset.ranges] == [("0", "9"), ("a", "a")]
    (warning,) = charset.warnings
    assert (warning.code, warning.offset, warning.severity) == ("S213", 5, "warning")
    assert warning.hint == "to include '-' write 0-9,a,-"


@pytest.mark.parametrize(
    "text, offset, message_part, hint_part",
    [
        ("", 0, "empty charset", "omit `charset`"),
        ("a-z, A-Z", 5, "unexpected 'A'", "whitespace is a literal"),
        ("a-z ", 3, "unexpected ' '", "whitespace is a literal"),
        ("ab", 1, "unexpected 'b'", "separate items with ','"),
        ("a,,b", 3, "unexpected 'b'", "separate items"),
        ("a-b-c", 3, "unexpected '-'", "one '-'"),
        ("z-a", 0, "range z-a is empty", "write a-z"),
        ("a-a", 0, "range a-a is empty", "single character 'a'"),
        ("a-é", 2, "not an ASCII character", None),
        ("é-z", 0, "is empty", None),
    ],
)
def test_errors(text, offset, message_part, hint_part):
    with pytest.raises(GrammarError) as info:
        parse_charset(text)
    err = info.value
    assert (err.code, err.offset) == ("S206", offset) and message_part in err.issue.message
    assert (err.issue.hint is None) if hint_part is None else (hint_part in err.issue.hint)


CHARSET_ALPHABET = "ab,-z Aé!~"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(CHARSET_ALPHABET, max_size=12), st.text(max_size=12)))
def test_agrees_with_the_legacy_state_machine(text):
    legacy = legacy_charset(text)
    try:
        charset = parse_charset(text)
    except GrammarError as err:
        assert err.code == "S206" and 0 <= err.offset <= len(text)
        assert isinstance(legacy, str) or legacy == []  # the legacy accepted '' (we refuse it)
        return
    assert [(r.start, r.end) for r in charset.ranges] == legacy
    allowed = set(text) | {chr(c) for a, b in legacy for c in range(ord(a), ord(b) + 1)}
    assert set(charset.chars()) <= allowed and len(set(charset.chars())) == len(charset)


@settings(max_examples=200, deadline=None)
@given(st.text(CHARSET_ALPHABET, min_size=1, max_size=12))
def test_display_round_trips(text):
    try:
        charset = parse_charset(text)
    except GrammarError:
        return
    assert parse_charset(str(charset)).ranges == charset.ranges


def test_char_range_constructor():
    assert CharSet((CharRange("a", "c"), CharRange("x", "x")), "a-c,x").chars() == "abcx"
