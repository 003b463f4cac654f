"""YAML reader: values, positions, key paths, merge keys, bounds, errors."""

from __future__ import annotations

import io
import math
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from migrator.diagnostics import Diagnostics, KeyPath, Location, Severity
from migrator.read.located import LScalar, LSeq, to_plain
from migrator.read.yaml_reader import parse_yaml


def read(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    return parse_yaml(text, "m.yaml", diags), diags


def loc(line: int, col: int) -> Location:
    return Location("m.yaml", line, col)


def test_scalar_types_follow_the_yaml_12_core_schema():
    text = (
        "i: 42\nneg: -7\nhex: 0x1F\noct: 0o17\nunder: 1_000\nlead0: 012\n"
        "f: 1.5\nexp: 1e3\ninf: .inf\nninf: -.Inf\n"
        "t: true\nT: True\nyes: yes\nnul: null\ntilde: ~\nempty:\n"
        "date: 2001-12-14\nbin: !!binary aGVsbG8=\nver: 0.3.5.1\nquoted: '42'\n"
    )
    node, diags = read(text)
    assert not diags.items
    plain = to_plain(node)
    assert plain["i"] == 42 and plain["neg"] == -7 and plain["hex"] == 31
    assert plain["oct"] == 15 and plain["under"] == 1000 and plain["lead0"] == 12
    assert plain["f"] == 1.5 and plain["exp"] == 1000.0 and isinstance(plain["exp"], float)
    assert plain["inf"] == math.inf and plain["ninf"] == -math.inf
    assert plain["t"] is True and plain["T"] is True and plain["yes"] == "yes"
    assert plain["nul"] is None and plain["tilde"] is None and plain["empty"] is None
    assert plain["date"] == "2001-12-14" and plain["bin"] == "aGVsbG8="
    assert plain["ver"] == "0.3.5.1" and plain["quoted"] == "42"
    nan, _ = read("x: .nan\n")
    assert math.isnan(nan.get("x").value)


def test_positions_of_keys_and_values():
    text = "id: hello\ninterfaces:\n  main:\n    tor-config:\n      port-mapping:\n        8080: \"8080\"\n"
    node, _ = read(text)
    assert node.loc == loc(1, 1)
    assert node.entry("id").key_loc == loc(1, 1)
    assert node.get("id").loc == loc(1, 5)
    mapping = node.get("interfaces").get("main").get("tor-config").get("port-mapping")
    entry = mapping.entry("8080")
    assert entry.key_loc == loc(6, 9)
    assert entry.key_raw == 8080
    assert entry.value.loc == loc(6, 15)
    assert entry.value.raw == '"8080"' and entry.value.style == '"'
    assert entry.value.path == KeyPath(("interfaces", "main", "tor-config", "port-mapping", "8080"))


def test_sequence_paths_and_flow_positions():
    node, _ = read("args:\n  - a\n  - [x, {k: v}]\n")
    seq = node.get("args")
    assert isinstance(seq, LSeq) and seq.loc == loc(2, 3)
    inner = seq.items[1]
    assert inner.loc == loc(3, 5)
    deep = inner.items[1].get("k")
    assert deep.path == KeyPath(("args", 1, 1, "k")) and deep.loc == loc(3, 13)


def test_non_string_keys_keep_their_source_text():
    node, _ = read("0x10: a\n8080: b\ntrue: c\n1.50: d\n")
    assert node.keys() == ["0x10", "8080", "true", "1.50"]
    assert [e.key_raw for e in node.entries] == [16, 8080, True, 1.5]


def test_block_scalar_raw_and_style():
    node, _ = read("d: |\n  one\n  two\nn: 1\n")
    d = node.get("d")
    assert d.value == "one\ntwo\n" and d.style == "|" and d.raw.startswith("|\n  one")


def test_merge_keys_explicit_wins_and_order():
    text = ("base: &b\n  user: u\n  port: 1\nother: &o\n  port: 2\n  extra: e\n"
            "svc:\n  name: n\n  <<: [*b, *o]\n  port: 3\n")
    node, diags = read(text)
    assert not diags.items
    svc = node.get("svc")
    assert svc.keys() == ["name", "user", "extra", "port"]
    assert to_plain(svc) == {"name": "n", "user": "u", "extra": "e", "port": 3}
    # merged values are re-pathed under the mapping that merges them
    assert svc.get("user").path == KeyPath(("svc", "user"))
    assert svc.get("user").loc == loc(2, 9)


def test_merge_of_a_single_mapping_and_earlier_source_wins():
    node, _ = read("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n")
    assert to_plain(node.get("c")) == {"k": 1, "j": 3}
    node, _ = read("a: &a {k: 1}\nc:\n  <<: *a\n")
    assert to_plain(node.get("c")) == {"k": 1}


def test_merge_of_a_scalar_is_an_error():
    node, diags = read("c:\n  <<: 5\n  k: 1\n")
    assert to_plain(node) == {"c": {"k": 1}}
    assert [d.code for d in diags] == ["R115"]


def test_duplicate_keys_warn_at_the_later_key():
    node, diags = read("a: 1\nb: 2\na: 3\n")
    assert node.get("a").value == 3
    (d,) = diags.items
    assert d.code == "R109" and d.severity is Severity.WARNING
    assert d.location == loc(3, 1)
    assert d.message == "duplicate key `a` (first at line 1, column 1); the later value wins"


def test_alias_bomb_stops_at_the_bound():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join(f"*a{i - 1}" for _ in range(9))
        lines.append(f"a{i}: &a{i} [{refs}]")
    node, diags = read("\n".join(lines) + "\n")
    assert node is None
    assert [d.code for d in diags] == ["R110"]
    assert diags.items[0].location.line > 0


def test_recursive_alias_is_refused():
    node, diags = read("a: &a [*a]\n")
    assert node is None and [d.code for d in diags] == ["R110"]


def test_deep_nesting():
    node, diags = read("[" * 201 + "]" * 201)
    assert node is None and [d.code for d in diags] == ["R111"]
    node, diags = read("[" * 200 + "]" * 200)
    assert node is not None and not diags.items
    block = "".join("  " * i + f"k{i}:\n" for i in range(205)) + "  " * 205 + "v\n"
    node, diags = read(block)
    assert node is None and [d.code for d in diags] == ["R111"]
    assert diags.items[0].location.line == 201


def test_aliases_can_nest_deeper_than_the_text():
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 250)]
    node, diags = read("\n".join(lines) + "\n")
    assert node is None and [d.code for d in diags] == ["R111"]


def test_very_deep_input_does_not_crash_the_c_composer():
    # 100 000 levels overflow libyaml's recursive composer; run in a child process so a
    # regression shows as a failure instead of killing the test run.
    code = ("from migrator.diagnostics import Diagnostics\n"
            "from migrator.read.yaml_reader import parse_yaml\n"
            "d = Diagnostics()\n"
            "print(parse_yaml('[' * 100000 + ']' * 100000, 'x', d), [i.code for i in d])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "None ['R111']"


def test_several_documents_read_the_first():
    node, diags = read("a: 1\n---\nb: 2\n")
    assert to_plain(node) == {"a": 1}
    (d,) = diags.items
    assert d.code == "R112" and d.location == loc(2, 1)


def test_document_followed_by_garbage_is_a_located_error():
    text = "# comment\n\n{}\n\nwhen\ntype: pointer\n"
    node, diags = read(text)
    assert node is None
    (d,) = diags.items
    assert d.code == "R106" and d.location == loc(5, 1)
    assert "document start" in d.message


def test_empty_and_comment_only_files():
    for text in ("", "   \n", "# just a comment\n"):
        node, diags = read(text)
        assert isinstance(node, LScalar) and node.value is None and not diags.items


def test_syntax_error_location_and_message():
    node, diags = read("id: x\ntitle: \"unclosed\nversion: 1\n")
    assert node is None
    (d,) = diags.items
    assert d.code == "R106" and d.location.line > 0 and d.location.column > 0
    node, diags = read("a:\n\t- b\n")
    assert diags.items[0].code == "R106" and diags.items[0].location == loc(2, 1)


def test_missing_colon_points_at_the_offending_line():
    node, diags = read("id: x\nrelease-notes: first\nBug Fixes\n- one\nports: 1\n")
    (d,) = diags.items
    assert d.location.line == 3


def test_merge_conflict_markers():
    text = "id: x\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> branch\n"
    node, diags = read(text)
    (d,) = diags.items
    assert d.code == "R106" and d.location == loc(2, 1)
    assert "merge conflict" in d.message and "parser stops" in d.hint


def test_control_character_is_located():
    node, diags = read("a: b\nc: x\x07y\n")
    (d,) = diags.items
    assert d.code == "R106" and d.location == loc(2, 5)
    assert "U+0007" in d.message


def test_complex_key_is_an_error_and_unknown_tags_warn():
    node, diags = read("? [a, b]\n: 1\nk: !custom v\nm: !!set {a, b}\n")
    assert [d.code for d in diags] == ["R115", "R115", "R115"]
    assert diags.items[0].severity is Severity.ERROR
    assert to_plain(node) == {"k": "v", "m": {"a": None, "b": None}}


def test_invalid_explicit_tag_value_is_kept_as_a_string():
    node, diags = read("a: !!int abc\nb: !!int '7'\n")
    assert to_plain(node) == {"a": "abc", "b": 7}
    assert [d.code for d in diags] == ["R115"]


def test_aliased_warnings_are_said_once():
    node, diags = read("a: &x {k: !weird v}\nb: *x\nc: *x\n")
    assert [d.code for d in diags] == ["R115"]
    assert to_plain(node) == {"a": {"k": "v"}, "b": {"k": "v"}, "c": {"k": "v"}}


# --- properties ---------------------------------------------------------------------------

_SAFE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(_SAFE)
def test_roundtrip_of_safe_data(value):
    # Block style: ruamel's pure emitter writes some flow-style plain scalars (`{k: 0?}`,
    # `{:0: x}`) that libyaml, or even ruamel itself, reads differently.
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(value, out)
    text = out.getvalue()
    node, diags = read(text)
    expected = YAML(typ="safe", pure=True).load(text)  # ruamel's own reading of its dump
    assert not [d for d in diags if d.is_error]
    assert to_plain(node) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_random_text(text):
    node, diags = read(text)
    if node is None:
        assert any(d.is_error for d in diags)
        assert all(d.location is not None for d in diags)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a: ", "- ", "  ", "\n", "[", "]", "{", "}", ",", "&x ", "*x",
                                 "<<: ", "? ", "'q'", '"d"', "|\n", "#c", "---\n", "!t "]),
                max_size=40))
def test_never_raises_on_yaml_like_noise(parts):
    read("".join(parts))
