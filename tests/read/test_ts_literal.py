"""getConfig.ts: finding compat.getConfig(...) and reading its spec literal."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.diagnostics import Diagnostics, KeyPath, Location, Severity
from migrator.read.located import LMap, LScalar, to_plain
from migrator.read.ts_literal import blank_non_code, extract_get_config, parse_ts_literal

TS = Path(__file__).resolve().parents[1] / "fixtures" / "read" / "ts"


def extract(name: str) -> tuple[object, Diagnostics, str]:
    text = (TS / name).read_text(encoding="utf-8")
    diags = Diagnostics()
    return extract_get_config(text, name, diags), diags, text


def literal(text: str) -> tuple[object, Diagnostics]:
    diags = Diagnostics()
    return parse_ts_literal(text, "f.ts", diags), diags


def test_spec_literal_directly_in_the_call():
    node, diags, _ = extract("direct_call.ts")
    assert not diags.items
    plain = to_plain(node)
    assert list(plain) == ["control-tor-address", "alias", "color", "bitcoind", "advanced"]
    assert plain["color"]["default"] == {"charset": "a-f,0-9", "len": 6}
    assert plain["bitcoind"]["tag"]["variant-names"]["internal-proxy"] == \
        "Bitcoin Proxy (recommended)"
    fee = plain["advanced"]["spec"]["fee-rate"]
    assert fee == {"type": "number", "name": "Fee Rate", "range": "[0,*)", "integral": False,
                   "default": 0.5}
    assert node.loc == Location("direct_call.ts", 4, 72)
    assert node.entry("alias").key_loc == Location("direct_call.ts", 14, 3)
    pattern = node.get("alias").get("pattern")
    assert pattern.loc == Location("direct_call.ts", 19, 16)
    assert pattern.path == KeyPath(("alias", "pattern")) and pattern.style == "ts"


def test_spec_through_a_const_with_type_and_as_const():
    node, diags, _ = extract("via_const.ts")
    assert not diags.items
    plain = to_plain(node)
    assert plain["bitcoin"]["description"] == "RPC settings for Bitcoin Core"  # "a" + "b"
    assert plain["bitcoin"]["spec"]["bitcoind-rpc"]["type"] == "pointer"  # `template`
    height = plain["advanced"]["spec"]["sync-start-height"]
    assert height["default"] == -1 and height["hex"] == 16 and height["big"] == 1000
    assert isinstance(height["big"], int)  # JSON from JavaScript: 1e3 is the integer 1000
    assert node.loc == Location("via_const.ts", 7, 41)
    assert node.get("tor-address").get("description").value == \
        "The Tor address of the network interface"


def test_non_literal_values_become_ts_expr_with_warnings():
    node, diags, text = extract("conditional.ts")
    plain = to_plain(node)
    assert plain["txindex"]["default"] == {"__ts_expr__": "allowUnpruned"}
    pruning = plain["advanced"]["spec"]["pruning"]
    assert pruning["default"] == {"__ts_expr__": 'allowUnpruned ? "disabled" : "automatic"'}
    assert pruning["variants"]["disabled"] == {
        "__ts_expr__": "allowUnpruned ? {} : (undefined as unknown as T.ConfigSpec)"}
    assert pruning["variants"]["automatic"]["size"]["units"] == "MiB"
    assert [d.code for d in diags] == ["R117", "R117", "R117"]
    assert all(d.severity is Severity.WARNING for d in diags)
    assert [(d.location.line, d.location.column) for d in diags] == [(16, 18), (25, 22), (27, 25)]
    opaque = node.get("txindex").get("default")
    assert isinstance(opaque, LMap) and opaque.path == KeyPath(("txindex", "default"))
    assert opaque.get("__ts_expr__").path == KeyPath(("txindex", "default", "__ts_expr__"))
    assert diags.items[0].key_path == KeyPath(("txindex", "default"))


def test_matcher_satisfies_spread_undefined_and_keys():
    node, diags, _ = extract("matcher_satisfies.ts")
    plain = to_plain(node)
    assert plain["plain"] == {"type": "string", "name": "Plain", "nullable": False}
    assert plain["spread"] == {"__ts_expr__": '{ ...base, "default": "x" }'}
    assert plain["list"] == ["a", "b", 3, -4.5, None, None, True]
    assert plain['quoted "key"'] == "it's"
    assert node.entry("42").key_raw == 42
    assert [d.code for d in diags] == ["R117"]


def test_no_call_is_r118():
    diags = Diagnostics()
    text = "// compat.getConfig({}) only in a comment\nconst s = 'compat.getConfig({})';\n"
    assert extract_get_config(text, "g.ts", diags) is None
    (d,) = diags.items
    assert d.code == "R118" and d.severity is Severity.ERROR


def test_undeclared_identifier_is_kept_as_unknown():
    diags = Diagnostics()
    text = 'import { spec } from "./spec.ts";\nexport const getConfig = compat.getConfig(spec);\n'
    node = extract_get_config(text, "g.ts", diags)
    assert to_plain(node) == {"__ts_expr__": "spec"}
    (d,) = diags.items
    assert d.code == "R117" and d.location == Location("g.ts", 2, 43)


def test_whole_argument_not_a_literal():
    diags = Diagnostics()
    node = extract_get_config("compat.getConfig(buildSpec(effects))", "g.ts", diags)
    assert to_plain(node) == {"__ts_expr__": "buildSpec(effects)"}
    assert [d.code for d in diags] == ["R117"]


def test_unbalanced_braces_are_r116():
    diags = Diagnostics()
    text = 'export const getConfig = compat.getConfig({\n  "a": { "type": "string",\n);\n'
    assert extract_get_config(text, "g.ts", diags) is None
    (d,) = diags.items
    assert d.code == "R116" and d.severity is Severity.ERROR and d.location.line > 0


def test_literal_values():
    node, diags = literal("""{
        s: 'single', d: "double", t: `tmpl`, n: -0.25, h: 0xff, e: 2.5e-3, big: 1_000,
        yes: true, no: false, nil: null, gone: undefined, 'k-1': 1, "k 2": 2,
        nested: [[], {}, [1, [2]]], paren: ("x"), cat: "a" + 'b' + `c`,
        typed: [1, 2] as const, sat: {} satisfies Foo<Bar, Baz[]>, // comment
        /* block */ trailing: 1,
    }""")
    assert not diags.items
    assert to_plain(node) == {
        "s": "single", "d": "double", "t": "tmpl", "n": -0.25, "h": 255, "e": 0.0025,
        "big": 1000, "yes": True, "no": False, "nil": None, "k-1": 1, "k 2": 2,
        "nested": [[], {}, [1, [2]]], "paren": "x", "cat": "abc", "typed": [1, 2], "sat": {},
        "trailing": 1,
    }


def test_template_with_substitution_and_mixed_concatenation_are_unknown():
    node, diags = literal("{ a: `x ${y} z`, b: 'a' + 1, c: f(1), d: [1, ...rest], e: 1 }")
    plain = to_plain(node)
    assert plain["a"] == {"__ts_expr__": "`x ${y} z`"}
    assert plain["b"] == {"__ts_expr__": "'a' + 1"}
    assert plain["c"] == {"__ts_expr__": "f(1)"}
    assert plain["d"] == [1, {"__ts_expr__": "...rest"}]
    assert plain["e"] == 1
    assert [d.code for d in diags] == ["R117"] * 4


def test_shorthand_member_makes_the_object_unknown():
    node, diags = literal("{ outer: { a, b: 1 }, ok: 2 }")
    assert to_plain(node) == {"outer": {"__ts_expr__": "{ a, b: 1 }"}, "ok": 2}


def test_duplicate_keys_warn():
    node, diags = literal("{ a: 1,\n  a: 2 }")
    assert node.get("a").value == 2
    (d,) = diags.items
    assert d.code == "R109" and d.location == Location("f.ts", 2, 3)


def test_offset_parses_from_the_middle_of_a_file():
    text = "const x = 1;\nconst spec = { a: [1, 'two'] }; // end\nfoo();\n"
    start = text.index("{")
    diags = Diagnostics()
    node = parse_ts_literal(text, "f.ts", diags, offset=start)
    assert to_plain(node) == {"a": [1, "two"]}
    assert node.loc == Location("f.ts", 2, 14)
    assert node.get("a").items[1].loc == Location("f.ts", 2, 23)


def test_deep_nesting_is_bounded():
    node, diags = literal("[" * 250 + "]" * 250)
    assert node is None and [d.code for d in diags] == ["R120"]


def test_blank_non_code_keeps_positions_and_code():
    text = "a /* x{ */ 'q{' + `t ${ {b: 1} } u` // }\nc"
    blank = blank_non_code(text)
    assert len(blank) == len(text)
    assert blank.count("{") == blank.count("}")
    assert "b: 1" in blank and "q" not in blank and "x" not in blank
    assert blank.endswith("\nc")


def test_top_level_undefined_and_scalar():
    node, _ = literal("undefined")
    assert isinstance(node, LScalar) and node.value is None
    node, _ = literal("'just a string'")
    assert node.value == "just a string"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**50, 2**50) | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=20,
)


def _js(value):
    """What a JavaScript engine would hand over: integral floats are integers."""
    if isinstance(value, dict):
        return {k: _js(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


@settings(max_examples=200, deadline=None)
@given(_JSON, st.sampled_from([None, 2]))
def test_json_is_a_ts_literal(value, indent):
    text = "export const getConfig = compat.getConfig(" + json.dumps(value, indent=indent) + ");"
    diags = Diagnostics()
    node = extract_get_config(text, "g.ts", diags)
    assert not diags.items
    assert to_plain(node) == _js(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises_on_random_text(text):
    diags = Diagnostics()
    extract_get_config("compat.getConfig(" + text, "g.ts", diags)
    parse_ts_literal(text, "g.ts", Diagnostics())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "[", "]", "(", ")", ",", ":", "a", "'s'", '"d"', "`",
                                 "${", "1", "-", "+", "as", "const", "?", "...", "//", "/*",
                                 "*/", "\n", " ", "undefined"]), max_size=30))
def test_never_raises_on_ts_like_noise(parts):
    diags = Diagnostics()
    node = parse_ts_literal("".join(parts), "g.ts", diags)
    if node is None:
        assert any(d.is_error for d in diags)
