"""unique-by / uniqueBy (spec §4.10), from already-loaded JSON/YAML values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from migrator.syntax.errors import GrammarError
from migrator.syntax.uniqueby import (
    AllOf,
    AnyOf,
    Exactly,
    NotUnique,
    parse_unique_by,
    parse_unique_by_with_warnings,
    unique_by_to_json,
)


@pytest.mark.parametrize(
    "value, rule",
    [
        (None, NotUnique()),
        ("name", Exactly("name")),
        ("connection-settings", Exactly("connection-settings")),
        ({"any": ["name", "url"]}, AnyOf((Exactly("name"), Exactly("url")))),
        (
            {"all": ["host", {"any": ["port", None]}]},
            AllOf((Exactly("host"), AnyOf((Exactly("port"), NotUnique())))),
        ),
    ],
)
def test_forms(value, rule):
    result = parse_unique_by_with_warnings(value)
    assert result.rule == rule == parse_unique_by(value) and result.warnings == ()
    assert unique_by_to_json(rule) == value


def test_first_any_or_all_key_wins_and_other_keys_warn():
    result = parse_unique_by_with_warnings({"note": 1, "all": ["a"], "any": ["b"]})
    assert result.rule == AllOf((Exactly("a"),))
    (warning,) = result.warnings
    assert (warning.code, warning.severity, warning.offset) == ("S211", "warning", 0)
    assert "only 'all' is used" in warning.message and '"note"' in warning.message


@pytest.mark.parametrize(
    "value, effect", [({"any": []}, "never count as equal"), ({"all": []}, "every two items")]
)
def test_empty_lists_warn(value, effect):
    (warning,) = parse_unique_by_with_warnings(value).warnings
    assert warning.code == "S212" and effect in warning.message


@pytest.mark.parametrize(
    "value, message_part",
    [
        (3, "unique-by: expected null, a key name"),
        (True, "unique-by: expected null, a key name"),
        (["name"], "unique-by: expected null, a key name"),
        ({}, "unique-by: unknown unique-by form []"),
        ({"exactly": "name"}, 'unknown unique-by form ["exactly"]'),
        ({"any": "name"}, 'unique-by.any: expected a list, got "name"'),
        ({"all": ["a", {"any": [1]}]}, "unique-by.all[1].any[0]: expected null"),
    ],
)
def test_errors(value, message_part):
    with pytest.raises(GrammarError) as info:
        parse_unique_by(value)
    err = info.value
    assert (err.code, err.offset) == ("S207", 0) and message_part in err.issue.message


def test_deep_and_recursive_values_are_errors_not_crashes():
    deep: object = "name"
    for _ in range(200):
        deep = {"any": [deep]}
    with pytest.raises(GrammarError, match="nested deeper"):
        parse_unique_by(deep)
    loop: dict = {"any": []}
    loop["any"].append(loop)  # YAML anchors can build this
    with pytest.raises(GrammarError, match="nested deeper"):
        parse_unique_by(loop)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(["any", "all", "x"]) | st.text(max_size=3), inner, max_size=3
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_only_grammar_errors_and_round_trip(value):
    try:
        rule = parse_unique_by(value)
    except GrammarError as err:
        assert err.code == "S207"
        return
    assert parse_unique_by(unique_by_to_json(rule)) == rule
