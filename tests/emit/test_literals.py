"""The escaping functions: exact expectations, then node evaluating hostile values."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.emit.typescript.literals import (
    PROTO_KEY,
    is_es5_identifier_name,
    is_identifier,
    normalize_number,
    ts_comment,
    ts_key,
    ts_keys,
    ts_number,
    ts_string,
)
from tests import tsharness


@pytest.mark.parametrize("value, literal", [
    ("plain", "'plain'"),
    ("", "''"),
    ("it's", '"it\'s"'),                       # more ' than " -> double quotes
    ("say \"hi\" it's", "'say \"hi\" it\\'s'"),  # more " than ' -> single quotes
    ("'\"", "'\\'\"'"),                         # a tie keeps single quotes
    ("a\\b", "'a\\\\b'"),
    ("line\nbreak\r\ttab", "'line\\nbreak\\r\\ttab'"),
    ("nul\0bell\a", "'nul\\x00bell\\x07'"),
    ("ls\u2028ps\u2029", "'ls\\u2028ps\\u2029'"),
    ("\ud800lone", "'\\ud800lone'"),
    ("rtl\u202eoverride\u200bzwsp", "'rtl\\u202eoverride\\u200bzwsp'"),
    ("${x} `tick` */", "'${x} `tick` */'"),
    ("emoji 👨\u200d👩\u200d👧 ü", "'emoji 👨\u200d👩\u200d👧 ü'"),
])
def test_ts_string(value, literal):
    assert ts_string(value) == literal


@pytest.mark.parametrize("key, printed", [
    ("name", "name"), ("_x$1", "_x$1"), ("default", "default"), ("ünïcode", "ünïcode"),
    ("a-b", "'a-b'"), ("1", "'1'"), ("1a", "'1a'"), ("", "''"), ("has space", "'has space'"),
    ("it's", '"it\'s"'), ("__proto__", PROTO_KEY),
    ("ⸯ", "'\\u2e2f'"),  # in prettier's ES5 table, but not a JavaScript name character
])
def test_ts_key_unquotes_exactly_the_es5_identifier_names(key, printed):
    assert ts_key(key) == printed


def test_ts_keys_is_per_key_and_rejects_duplicates():
    assert ts_keys(["a", "b-c", "d"]) == ["a", "'b-c'", "d"]
    with pytest.raises(ValueError):
        ts_keys(["a", "a"])


def test_identifiers():
    assert is_es5_identifier_name("$") and is_es5_identifier_name("Ab9")
    assert not is_es5_identifier_name("9a") and not is_es5_identifier_name("a-b")
    assert is_identifier("effects") and not is_identifier("default")


@pytest.mark.parametrize("number, literal", [
    (0, "0"), (-0.0, "-0"), (7, "7"), (-7, "-7"), (1.0, "1"), (0.1, "0.1"), (-2.5, "-2.5"),
    (1e21, "1e21"), (1.5e-7, "1.5e-7"), (123456789.125, "123456789.125"),
    (2**53, "9007199254740992"),
    (2**60, "1152921504606846976"),
])
def test_ts_number(number, literal):
    assert ts_number(number) == literal


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 2**53 + 1, True])
def test_ts_number_refuses_values_without_an_exact_literal(bad):
    with pytest.raises((ValueError, TypeError)):
        ts_number(bad)


@pytest.mark.parametrize("raw, printed", [
    ("1E+10", "1e10"), ("1.50", "1.5"), ("1.0", "1.0"), ("1.", "1"), (".5", "0.5"),
    ("1e-07", "1e-7"), ("2e+00", "2"), ("0.50e10", "0.5e10"),
])
def test_normalize_number_is_prettiers_print_number(raw, printed):
    assert normalize_number(raw) == printed


def test_ts_comment_cannot_end_a_comment_or_line():
    text = ts_comment("evil */ code\nnext\u2028line\r\n\ttab \x00 \\ ")
    assert "*/" not in text and "\n" not in text and "\r" not in text and "\u2028" not in text
    assert text == "evil * / code next line  tab   \\"


_HOSTILE = st.sampled_from(["'", '"', "\\", "`", "${a}", "*/", "/*", "\n", "\r", "\t", "\0",
                            "\u2028", "\u2029", "\ud800", "\udfff", "😀", "👨\u200d👧", "\u202e",
                            "\ufeff", "\x7f", "\x85", "a", " ", "é", "中"])
_STRINGS = st.one_of(st.text(), st.lists(_HOSTILE, max_size=12).map("".join))
_NUMBERS = st.one_of(st.integers(-2**53, 2**53),
                     st.floats(allow_nan=False, allow_infinity=False))
_EVAL = r"""
import fs from 'fs'
const [, input, output] = process.argv.slice(2)
const { strings, numbers, keys } = JSON.parse(fs.readFileSync(input, 'utf8'))
const run = (code) => new Function('return (' + code + ')')()
fs.writeFileSync(output, JSON.stringify({
  strings: strings.map(run),
  numbers: numbers.map((n) => Object.is(run(n), -0) ? '-0' : run(n)),
  keys: keys.map((k) => Object.keys(run('{' + k + ': 1}'))),
}))
"""


def _code_units(s: str) -> bytes:
    return s.encode("utf-16-le", "surrogatepass")


def test_literals_evaluate_to_their_value_in_node():
    tsharness.ensure_toolchain()
    strings, numbers = [], []

    @settings(max_examples=300, deadline=None, database=None,
              derandomize=bool(os.environ.get("CI")), suppress_health_check=list(HealthCheck))
    @given(_STRINGS, _NUMBERS)
    def collect(s, n):
        strings.append(s)
        numbers.append(n)

    collect()
    keys = strings + ["__proto__", "constructor", "1", "01"]
    literals = [ts_string(s) for s in strings]
    answer = tsharness.node_json(_EVAL, {"strings": literals,
                                         "numbers": [ts_number(n) for n in numbers],
                                         "keys": [ts_key(k) for k in keys]})
    bad_strings = [(s, lit, got) for s, lit, got in zip(strings, literals, answer["strings"])
                   if _code_units(got) != _code_units(s)]
    assert bad_strings == []
    negative_zero = lambda n: isinstance(n, float) and n == 0 and str(n).startswith("-")  # noqa
    bad_numbers = [n for n, got in zip(numbers, answer["numbers"])
                   if (got != "-0" if negative_zero(n) else float(got) != float(n))]
    assert bad_numbers == []
    assert [k for k, got in zip(keys, answer["keys"])
            if [_code_units(g) for g in got] != [_code_units(k)]] == []


def test_escape_scans_agree_with_escape_char():
    """ts_string/ts_comment find what to escape with a regex class; it must list exactly
    the characters `_escape_char` escapes (plus the quote), over every code point."""
    from migrator.emit.typescript.literals import _TO_BLANK, _TO_ESCAPE, _escape_char

    chars = "".join(map(chr, range(0x110000)))
    unsafe = {c for c in chars if _escape_char(c) is not None}
    for quote in "'\"":
        assert set(_TO_ESCAPE[quote].findall(chars)) == unsafe | {quote}
    assert set(_TO_BLANK.findall(chars)) == unsafe - {"\\"}
