"""TOML reader: tomlkit values + scanned positions."""

from __future__ import annotations

import datetime as dt

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.read.located import LMap, LSeq, to_plain
from migrator.read.toml_reader import parse_toml

MANIFEST = '''\
# A 0.3 manifest written in TOML
id = "hello-world"   # trailing comment
"quoted key" = 'literal'
description.short = "Short"
description.long = """
Long text
over lines"""
ports = [
  80,  # web
  { internal = 8080, "tor" = { port = 9050 } },
  [1, 2],
]
released = 1979-05-27 07:32:00Z
day = 1979-05-27

[interfaces.main]
name = "Main"
ui = true

[[volumes]]
id = "main"
[[volumes]]
id = "compat"
[volumes.extra]
size = 0x10
[[volumes.mounts]]
path = "/data"
'''


def read(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    return parse_toml(text, "m.toml", diags), diags


def loc(line: int, col: int) -> Location:
    return Location("m.toml", line, col)


def test_values():
    node, diags = read(MANIFEST)
    assert not diags.items
    assert to_plain(node) == {
        "id": "hello-world", "quoted key": "literal",
        "description": {"short": "Short", "long": "Long text\nover lines"},
        "ports": [80, {"internal": 8080, "tor": {"port": 9050}}, [1, 2]],
        "released": "1979-05-27T07:32:00+00:00", "day": "1979-05-27",
        "interfaces": {"main": {"name": "Main", "ui": True}},
        "volumes": [{"id": "main"},
                    {"id": "compat", "extra": {"size": 16}, "mounts": [{"path": "/data"}]}],
    }


def test_positions_of_top_level_and_dotted_keys():
    node, _ = read(MANIFEST)
    assert node.entry("id").key_loc == loc(2, 1)
    assert node.get("id").loc == loc(2, 6)
    assert node.get("id").raw == '"hello-world"'
    assert node.entry("quoted key").key_loc == loc(3, 1)
    assert node.get("quoted key").loc == loc(3, 16)
    desc = node.get("description")
    assert node.entry("description").key_loc == loc(4, 1)
    assert desc.entry("long").key_loc == loc(5, 13)
    assert desc.get("long").loc == loc(5, 20)
    assert desc.get("long").path == KeyPath(("description", "long"))


def test_positions_inside_inline_tables_and_arrays():
    node, _ = read(MANIFEST)
    ports = node.get("ports")
    assert isinstance(ports, LSeq) and ports.loc == loc(8, 9)
    assert ports.items[0].loc == loc(9, 3)
    inline = ports.items[1]
    assert isinstance(inline, LMap) and inline.loc == loc(10, 3)
    assert inline.entry("internal").key_loc == loc(10, 5)
    tor = inline.get("tor")
    assert inline.entry("tor").key_loc == loc(10, 22)
    assert tor.get("port").loc == loc(10, 39)
    assert tor.get("port").path == KeyPath(("ports", 1, "tor", "port"))
    assert ports.items[2].items[1].loc == loc(11, 7)
    assert node.get("released").loc == loc(13, 12)


def test_positions_of_tables_and_arrays_of_tables():
    node, _ = read(MANIFEST)
    main = node.get("interfaces").get("main")
    assert main.loc == loc(16, 1)
    assert node.get("interfaces").entry("main").key_loc == loc(16, 13)
    assert main.get("ui").loc == loc(18, 6)
    volumes = node.get("volumes")
    assert volumes.items[0].loc == loc(20, 1)
    assert volumes.items[1].loc == loc(22, 1)
    assert volumes.items[1].get("id").loc == loc(23, 6)
    assert volumes.items[1].get("extra").get("size").loc == loc(25, 8)
    assert volumes.items[1].get("extra").get("size").raw == "0x10"
    mounts = volumes.items[1].get("mounts")
    assert mounts.items[0].get("path").loc == loc(27, 8)
    assert mounts.items[0].get("path").path == KeyPath(("volumes", 1, "mounts", 0, "path"))


def test_empty_document_is_an_empty_mapping():
    node, diags = read("# nothing\n")
    assert isinstance(node, LMap) and len(node) == 0 and not diags.items


def test_duplicate_key_is_a_syntax_error():
    node, diags = read("a = 1\nb = 2\na = 3\n")
    assert node is None
    (d,) = diags.items
    assert d.code == "R107" and d.location == loc(3, 1)


def test_table_extension_conflict_is_located():
    node, diags = read("[a]\nb = 1\n[a.b]\nc = 1\n")
    (d,) = diags.items
    assert d.code == "R107" and d.location.line == 3 and "b" in d.message


def test_syntax_errors():
    node, diags = read("a = 1\nb = @\n")
    (d,) = diags.items
    assert d.code == "R107" and d.location == loc(2, 5)
    assert "Unexpected character" in d.message and "at line" not in d.message
    node, diags = read('x = "abc')
    (d,) = diags.items
    assert d.code == "R107" and d.location == loc(1, 9)


def test_merge_conflict_marker():
    node, diags = read("a = 1\n<<<<<<< HEAD\nb = 1\n=======\nb = 2\n>>>>>>> x\n")
    (d,) = diags.items
    assert d.code == "R107" and d.location == loc(2, 1) and "merge conflict" in d.message


def test_deep_arrays_are_bounded():
    # tomlkit refuses more than 100 levels itself (a syntax error for it)
    node, diags = read("a = " + "[" * 250 + "]" * 250 + "\n")
    assert node is None
    (d,) = diags.items
    assert d.code == "R107" and "nested" in d.message and d.location.line == 1


_KEYS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8)
_SCALARS = (st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=20)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.datetimes(min_value=dt.datetime(1900, 1, 1)).map(lambda d: d.replace(microsecond=0)))
_TOML = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(_KEYS, inner, max_size=3), max_leaves=15)


def _iso(value):
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value.isoformat() if isinstance(value, dt.datetime) else value


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _TOML, max_size=5))
def test_roundtrip_and_every_value_is_located(value):
    text = tomlkit.dumps(value)
    node, diags = read(text)
    assert not diags.items
    assert to_plain(node) == _iso(value)
    lines = text.split("\n")

    def check(n):
        assert 1 <= n.loc.line <= len(lines)
        if isinstance(n, LMap):
            for e in n.entries:
                check(e.value)
        elif isinstance(n, LSeq):
            for item in n.items:
                check(item)
        elif n.raw is not None:  # a scalar whose source was found: it is where we say
            line = lines[n.loc.line - 1]
            assert line[n.loc.column - 1:].startswith(n.raw.split("\n")[0])
    check(node)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_never_raises_on_random_text(text):
    node, diags = read(text)
    if node is None:
        assert any(d.code in ("R107", "R120") for d in diags)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "[[", "]]", "a", ".", "=", " ", "\n", '"q"', "'l'",
                                 "1", "{", "}", ",", '"""', "#", "x.y"]), max_size=30))
def test_never_raises_on_toml_like_noise(parts):
    read("".join(parts))
