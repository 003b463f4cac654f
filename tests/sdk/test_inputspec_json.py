"""The JSON `to_json()` claims the SDK builds, checked against start-sdk 2.0.9 itself."""

from __future__ import annotations

import pytest

from migrator.sdk.inputspec import (
    InputSpec, ListValue, MultiselectValue, NumberValue, ObjectListSpec, ObjectValue, Pattern,
    RandomString, SelectValue, TextareaValue, TextListSpec, TextValue, ToggleValue, UnionValue,
    Variant, build_json,
)
from migrator.syntax.uniqueby import AllOf, AnyOf, Exactly, NotUnique
from tests.sdk.node_check.render_js import build_with_sdk, regex_errors, render_spec

PAT = (Pattern("^[a-z]+$", "lower case letters"), Pattern(".{1,32}", "1 to 32 characters"))
INNER = InputSpec((("host", TextValue("Host", True, "localhost")),
                   ("port", NumberValue("Port", True, 8080, True, min=0, max=65535))))

CASES: dict[str, InputSpec] = {
    "empty": InputSpec(),
    "toggle": InputSpec((("t", ToggleValue("T", True)),
                         ("f", ToggleValue("F", False, description="d", warning="w")))),
    "text-minimal": InputSpec((("a", TextValue("A", False, None)),)),
    "text-full": InputSpec((("a", TextValue(
        "A", True, "dflt", description="desc", warning="warn", masked=True, placeholder="ph",
        min_length=1, max_length=64, patterns=PAT, inputmode="url",
        generate=RandomString("a-z", 8))),)),
    "text-empty-default": InputSpec((("a", TextValue("A", True, "")),)),
    "text-random": InputSpec((("pw", TextValue("Password", True, RandomString("!-~", 22),
                                               masked=True)),
                              ("hex", TextValue("Hex", False, RandomString("a-f,0-9", 64))))),
    "textarea": InputSpec((("a", TextareaValue("A", False, None)),
                           ("b", TextareaValue("B", True, "line1\nline2", description="d",
                                               warning="w", placeholder="p", min_length=0,
                                               max_length=10, patterns=PAT[:1], min_rows=2,
                                               max_rows=12)))),
    "number": InputSpec((
        ("a", NumberValue("A", True, None, True)),
        ("b", NumberValue("B", False, 0, True, min=0, max=0)),
        ("c", NumberValue("C", True, 0.5, False, description="d", warning="w", min=0.01,
                          max=1.5, step=0.01, units="BTC", placeholder="0.5")),
        ("d", NumberValue("D", True, -3, True, min=-10, units="s", placeholder="-3")),
    )),
    "select": InputSpec((("s", SelectValue("S", (("a", "Alpha"), ("b", "b"), ("0", "zero")),
                                           "b", description="d", warning="w")),)),
    "multiselect": InputSpec((
        ("m", MultiselectValue("M", (("x", "X"), ("y", "Y")), ())),
        ("n", MultiselectValue("N", (("x", "X"), ("y", "Y")), ("y", "x"), description="d",
                               warning="w", min_length=1, max_length=2)),
    )),
    "object": InputSpec((("o", ObjectValue("O", INNER, description="about")),
                         ("p", ObjectValue("P", InputSpec())))),
    "union": InputSpec((("u", UnionValue("U", "b", (
        Variant("a", "Variant A", InputSpec()),
        Variant("b", "Variant B", INNER)), description="d", warning="w")),)),
    "text-lists": InputSpec((
        ("l", ListValue("L", TextListSpec())),
        ("m", ListValue("M", TextListSpec(masked=True, placeholder="p", patterns=PAT,
                                          min_length=1, max_length=9, inputmode="email",
                                          generate=RandomString("a-z", 4)),
                        default=("a", "b"), description="d", warning="w", min_length=0,
                        max_length=5)),
        ("n", ListValue("N", TextListSpec(patterns=(Pattern("^-?[0-9]+$", "whole number"),)),
                        default=("9000",))),
    )),
    "object-lists": InputSpec((
        ("plain", ListValue("Plain", ObjectListSpec(INNER))),
        ("exact", ListValue("Exact", ObjectListSpec(INNER, "{{host}}", Exactly("host")),
                            description="d", warning="w", min_length=1, max_length=3)),
        ("any", ListValue("Any", ObjectListSpec(INNER, None, AnyOf((Exactly("host"),
                                                                    Exactly("port")))))),
        ("all", ListValue("All", ObjectListSpec(INNER, None, AllOf((Exactly("host"),
                                                                    AnyOf(()))))))),
    ),
    "list-of-union": InputSpec((("nodes", ListValue("Nodes", ObjectListSpec(
        InputSpec((("type", UnionValue("Type", "lnd", (
            Variant("lnd", "LND", INNER), Variant("cln", "CLN", InputSpec())))),)),
        "{{type.value.host}}", NotUnique()), min_length=1)),)),
    "nested": InputSpec((("outer", ObjectValue("Outer", InputSpec((
        ("u", UnionValue("U", "x", (Variant("x", "X", InputSpec((
            ("inner", ObjectValue("Inner", INNER)),
            ("l", ListValue("L", ObjectListSpec(INNER))))),),))),)))),)),
}


def test_every_case_matches_the_sdk(tmp_path):
    built = build_with_sdk(CASES, tmp_path)
    assert regex_errors(built) == []
    assert set(built) - {"__regex_errors__"} == set(CASES)
    for cid, spec in CASES.items():
        assert "__error__" not in built[cid], (cid, built[cid])
        assert build_json(spec) == built[cid], (cid, render_spec(spec))


def test_the_check_can_fail(tmp_path):
    """A wrong default in the Python JSON is caught (the comparison is not vacuous)."""
    spec = InputSpec((("a", TextValue("A", False, None)),))
    built = build_with_sdk({"a": spec}, tmp_path)["a"]
    wrong = build_json(spec)
    wrong["a"]["inputmode"] = "email"
    assert wrong != built and build_json(spec) == built


def test_regexes_javascript_refuses_are_reported(tmp_path):
    spec = InputSpec((("a", TextValue("A", False, None, patterns=(Pattern("(?P<x>a)", "x"),))),))
    built = build_with_sdk({"py-named-group": spec}, tmp_path)
    assert [row[:2] for row in regex_errors(built)] == [["py-named-group", "(?P<x>a)"]]


def test_order_is_the_authors():
    spec = InputSpec((("z", ToggleValue("Z", True)), ("a", ToggleValue("A", False))))
    assert list(build_json(spec)) == ["z", "a"]
    select = SelectValue("S", (("z", "Z"), ("a", "A")), "a")
    assert list(select.to_json()["values"]) == ["z", "a"]


@pytest.mark.parametrize("make", [
    lambda: SelectValue("S", (("a", "A"),), "b"),
    lambda: SelectValue("S", (("a", "A"), ("a", "B")), "a"),
    lambda: MultiselectValue("M", (("a", "A"),), ("b",)),
    lambda: UnionValue("U", "c", (Variant("a", "A", InputSpec()),)),
    lambda: ListValue("L", ObjectListSpec(InputSpec()), default=("x",)),
    lambda: InputSpec((("a", ToggleValue("A", True)), ("a", ToggleValue("B", True)))),
])
def test_invariants_of_the_sdk_types(make):
    with pytest.raises(ValueError):
        make()
