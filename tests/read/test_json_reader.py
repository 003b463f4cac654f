"""JSON reader (Lark grammar): values, positions, duplicates, located syntax errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.diagnostics import Diagnostics, KeyPath, Location, Severity
from migrator.read.json_reader import parse_json
from migrator.read.located import LMap, LScalar, LSeq, to_plain


def read(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    return parse_json(text, "m.json", diags), diags


def loc(line: int, col: int) -> Location:
    return Location("m.json", line, col)


def only_error(diags: Diagnostics):
    (d,) = diags.items
    assert d.code == "R108" and d.severity is Severity.ERROR
    return d


def test_values_and_types():
    node, diags = read('{"s": "x\\u00e9", "i": -12, "f": 1.5e2, "t": true, "n": null, '
                       '"a": [1, "2", [false]], "o": {}}')
    assert not diags.items
    assert to_plain(node) == {"s": "x\u00e9", "i": -12, "f": 150.0, "t": True, "n": None,
                              "a": [1, "2", [False]], "o": {}}
    assert isinstance(node.get("f").value, float) and isinstance(node.get("i").value, int)


def test_positions_paths_and_raw():
    text = '{\n  "interfaces": {\n    "main": {"ports": [80, "x\\ty"]}\n  }\n}\n'
    node, _ = read(text)
    assert isinstance(node, LMap) and node.loc == loc(1, 1)
    main = node.get("interfaces").get("main")
    assert node.entry("interfaces").key_loc == loc(2, 3)
    assert main.loc == loc(3, 13)
    ports = main.get("ports")
    assert isinstance(ports, LSeq) and ports.loc == loc(3, 23)
    second = ports.items[1]
    assert second.loc == loc(3, 28) and second.raw == '"x\\ty"' and second.style == "json"
    assert second.path == KeyPath(("interfaces", "main", "ports", 1))


def test_duplicate_keys_warn_and_later_wins():
    node, diags = read('{"a": 1,\n "a": 2}')
    assert node.get("a").value == 2
    (d,) = diags.items
    assert d.code == "R109" and d.location == loc(2, 2)
    assert "first at line 1, column 2" in d.message


def test_empty_text_is_null():
    node, diags = read("  \n")
    assert isinstance(node, LScalar) and node.value is None and not diags.items


@pytest.mark.parametrize("text, line, col, words", [
    ('{\n  "a": 1,\n}', 3, 1, "trailing comma"),
    ("[1, 2,]", 1, 7, "trailing comma"),
    ('{"a": 1 "b": 2}', 1, 9, "expected `,` or `}`, found a string"),
    ('{"a" 1}', 1, 6, "expected `:`"),
    ('{"a": }', 1, 7, "expected a value"),
    ('{"a": 1}}', 1, 9, "after the end of the JSON value"),
    ('[1, 2', 1, 6, "unexpected end of the file; expected `,` or `]`"),
    ('{"a": "x\ny"}', 1, 9, "line break inside a string"),
    ('{"a": "\\q"}', 1, 8, "invalid escape `\\q`"),
    ('{"a": "\\u12"}', 1, 8, "invalid `\\u` escape"),
    ('{"a": "open', 1, 7, "unterminated string"),
    ("{'a': 1}", 1, 2, "double quotes"),
    ('{"a": 1 // c\n}', 1, 9, "comments"),
    ('{a: 1}', 1, 2, "unexpected `a`"),
    ('{"a": NaN}', 1, 7, "unexpected `NaN`"),
    ('[01]', 1, 3, "expected `,` or `]`"),
])
def test_syntax_errors_are_located(text, line, col, words):
    node, diags = read(text)
    assert node is None
    d = only_error(diags)
    assert d.location == loc(line, col)
    assert words in d.message


def test_trailing_comma_hint_names_the_comma():
    node, diags = read('{\n  "a": 1,\n}')
    assert only_error(diags).hint == "remove the comma at line 2, column 9"


def test_merge_conflict_marker():
    node, diags = read('{\n<<<<<<< HEAD\n  "a": 1\n=======\n  "a": 2\n>>>>>>> x\n}')
    d = only_error(diags)
    assert d.location == loc(2, 1) and "merge conflict" in d.message


def test_deep_nesting_is_bounded():
    node, diags = read("[" * 300 + "]" * 300)
    assert node is None
    (d,) = diags.items
    assert d.code == "R120" and d.location == loc(1, 201)
    node, diags = read("[" * 200 + "]" * 200)
    assert node is not None and not diags.items


def test_a_large_document_reads_whole():
    doc = {f"key-{i}": {"type": "string", "name": f"Name {i}", "default": "x" * 20,
                        "range": "[0,*)", "list": [1, 2, 3]} for i in range(1500)}
    text = json.dumps(doc, indent=2)  # ~230 KB
    node, diags = read(text)
    assert to_plain(node) == doc


# Integers in serde_json's exact range (i64/u64); wider ones are read as f64 like serde_json
# did (tests/hostile/test_numbers.py).
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(_JSON, st.sampled_from([None, 2]), st.booleans())
def test_roundtrip(value, indent, ascii_only):
    node, diags = read(json.dumps(value, indent=indent, ensure_ascii=ascii_only))
    assert not diags.items or value is None
    assert to_plain(node) == value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_never_raises_on_random_text(text):
    node, diags = read(text)
    if node is None:
        assert only_error(diags).location.line > 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['{', '}', '[', ']', ',', ':', '"a"', '1', 'true', ' ', '\n',
                                 '"\\', "'", '-', 'x']), max_size=30))
def test_never_raises_on_json_like_noise(parts):
    node, diags = read("".join(parts))
    if node is None:
        assert any(d.code in ("R108", "R120") for d in diags)
