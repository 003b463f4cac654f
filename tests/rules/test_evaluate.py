"""Unit tests of the legacy rule evaluator (legacy-formats.md §5.4, §5.5, §5.7 Q8, §5.8)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from migrator.rules import RuleEvaluationError, evaluate, evaluate_value, parse_rule
from migrator.rules.ast import Not
from migrator.rules.coerce import parse_rust_f64, serde_float, string_of
from tests.rules.test_corpus_rules import UNIQUE

CORPUS_RULES = UNIQUE  # (entry point, text) → where, for every rule string of the corpus
MISSING = object()  # the key is absent from the config

# One value of every JSON type the sigils distinguish.
VALUES: dict[str, Any] = {
    "null": None,
    "missing": MISSING,
    "true": True,
    "false": False,
    "int": 5,
    "zero": 0,
    "float": 1.5,
    "integral float": 1.0,
    "numeric string": "42",
    "exponent string": "1e3",
    "non-numeric string": "abc",
    "empty string": "",
    "empty array": [],
    "array": [1],
    "empty object": {},
    "object": {"a": 1},
}


def cfg(name: str) -> dict:
    value = VALUES[name]
    return {} if value is MISSING else {"x": value}


def outcome(rule: str, config: Any, table: dict | None = None, era: str = "0.3") -> Any:
    try:
        return evaluate(rule, config, table, era=era)
    except RuleEvaluationError:
        return "error"


# ------------------------------------------------------------------ sigils on every type

BOOL_CAST = {name: not (v is None or v is False or v is MISSING) for name, v in VALUES.items()}
NUM_CAST = {
    "true": 1.0,
    "false": 0.0,
    "int": 5.0,
    "zero": 0.0,
    "float": 1.5,
    "integral float": 1.0,
    "numeric string": 42.0,
    "exponent string": 1000.0,
}
STR_CAST = {
    "true": "true",
    "false": "false",
    "int": "5",
    "zero": "0",
    "float": "1.5",
    "integral float": "1.0",
    "numeric string": "42",
    "exponent string": "1e3",
    "non-numeric string": "abc",
    "empty string": "",
}


@pytest.mark.parametrize("era", ["0.2", "0.3"])
@pytest.mark.parametrize("name", list(VALUES))
def test_bool_sigil(name: str, era: str) -> None:
    assert evaluate("x?", cfg(name), era=era) is BOOL_CAST[name]
    assert evaluate("!(x?)", cfg(name), era=era) is not BOOL_CAST[name]


@pytest.mark.parametrize("name", list(VALUES))
def test_num_sigil(name: str) -> None:
    if name in NUM_CAST:
        for era in ("0.2", "0.3"):
            assert evaluate(f"#x = {NUM_CAST[name]!r}", cfg(name), era=era)
            assert evaluate_value("#x", cfg(name), era=era) == NUM_CAST[name]
    else:  # null, missing, non-numeric string, array, object: 0.3 panicked, 0.2 read NaN
        with pytest.raises(RuleEvaluationError, match="as a number"):
            evaluate("#x = 0", cfg(name))
        assert evaluate("#x != #x", cfg(name), era="0.2")  # NaN
        assert not evaluate("#x = #x", cfg(name), era="0.2")


@pytest.mark.parametrize("era", ["0.2", "0.3"])
@pytest.mark.parametrize("name", list(VALUES))
def test_str_sigil(name: str, era: str) -> None:
    expected = STR_CAST.get(name)  # None: absent (null, missing, array, object)
    assert evaluate_value("'x", cfg(name), era=era) == expected
    assert evaluate("'x = 'nothing", cfg(name), era=era) is (expected is None)


def test_null_and_missing_read_the_same() -> None:
    for rule in ("x?", "'x = 'y", '\'x > "a"', "x.y?", "x.*?", "x.&?"):
        assert evaluate(rule, {"x": None}) == evaluate(rule, {})
    for rule in ("#x = 1", "#x.y = 1"):
        assert outcome(rule, {"x": None}) == outcome(rule, {}) == "error"


def test_error_carries_the_span_of_the_cast() -> None:
    with pytest.raises(RuleEvaluationError) as err:
        evaluate("a? OR #bcd > 1", {})
    assert err.value.span == (6, 10)


@pytest.mark.parametrize(
    "text, value",
    [
        ("1e3", 1000.0), ("+1", 1.0), ("-2.5", -2.5), (".5", 0.5), ("1.", 1.0), ("1.e2", 100.0),
        ("1E-2", 0.01), ("inf", math.inf), ("-inf", -math.inf), ("Infinity", math.inf),
        ("007", 7.0), ("1e400", math.inf),
    ],
)  # fmt: skip
def test_rust_f64_parse_accepts(text: str, value: float) -> None:
    assert parse_rust_f64(text) == value


@pytest.mark.parametrize(
    "text",
    [" 1", "1 ", "", ".", "+", "-", "1_0", "0x10", "e5", "1e", "1e+", "١", "ınf", "in f", "1,5"],
)
def test_rust_f64_parse_rejects(text: str) -> None:
    assert parse_rust_f64(text) is None


def test_rust_f64_parse_nan() -> None:
    for text in ("NaN", "nan", "-NAN"):
        assert math.isnan(parse_rust_f64(text))


@pytest.mark.parametrize(
    "value, text",
    [
        (5.0, "5.0"), (1.0, "1.0"), (0.1, "0.1"), (1.5, "1.5"), (1e15, "1000000000000000.0"),
        (1e16, "1e16"), (1e20, "1e20"), (1.2345678901234568e17, "1.2345678901234568e17"),
        (1e-5, "0.00001"), (1.234e-5, "0.00001234"), (1e-6, "1e-6"), (1.5e-7, "1.5e-7"),
        (-0.0, "-0.0"), (0.0, "0.0"), (-2.25, "-2.25"), (math.inf, "inf"),
        (-math.inf, "-inf"), (math.nan, "NaN"), (123456789.125, "123456789.125"),
        (1.7976931348623157e308, "1.7976931348623157e308"), (5e-324, "5e-324"),
    ],
)  # fmt: skip
def test_floats_print_as_serde_json_did(value: float, text: str) -> None:
    # the legacy `'` sigil printed a serde_json Number: ryu for an f64, so a float 5.0
    # is "5.0" (not Rust's f64 Display "5"). Pinned choice, docs/rules.md.
    assert serde_float(value) == text
    assert string_of(value) == text


def test_integers_render_exactly_within_u64_and_as_f64_beyond() -> None:
    assert string_of(2**63) == "9223372036854775808"
    assert string_of(-(2**63)) == "-9223372036854775808"
    assert string_of(2**70) == "1.1805916207174113e21"  # serde_json read it as an f64


# ------------------------------------------------------------------ paths


def test_name_on_non_object_and_index_out_of_range_are_null() -> None:
    assert not evaluate("x.y?", {"x": [1]})
    assert not evaluate("x.y?", {"x": "y"})
    assert not evaluate("x.3?", {"x": [1, 2]})
    assert not evaluate("x.0?", {"x": {"0": True}})  # an index only reads arrays
    assert evaluate("x.1?", {"x": [False, True]})


def test_computed_keys() -> None:
    assert evaluate('\'a.["b" + "c"] = "v"', {"a": {"bc": "v"}})
    assert evaluate('a.["my_key"]?', {"a": {"my_key": True}})
    # evaluated with an EMPTY current config: only [pkg]. references and literals count
    assert not evaluate("a.['k]?", {"k": "b", "a": {"b": True}})
    assert evaluate("a.['[p].k]?", {"a": {"b": True}}, {"p": {"k": "b"}})
    # a fan-out key fans the lookup out
    table = {"p": {"ks": ["x", "y"]}}
    assert evaluate("'a.['[p].ks.*] = \"v\"", {"a": {"y": "v"}}, table)
    assert not evaluate("'a.['[p].ks.&] = \"v\"", {"a": {"y": "v"}}, table)
    # an absent key reads null
    assert not evaluate("a.['[p].none]?", {"a": {"": True}}, table)


def test_computed_indexes() -> None:
    config = {"xs": [10, 20, 30]}
    assert evaluate("#xs.[0 + 1] = 20", config)
    assert evaluate("#xs.[1.9] = 20", config)  # `as usize` truncates
    assert evaluate("#xs.[0 - 5] = 10", config)  # negatives saturate to 0
    assert not evaluate("xs.[3]?", config)
    assert evaluate("#xs.[#[p].i] = 30", config, {"p": {"i": 2}})
    # `#i` reads the empty config: null panics in 0.3, is NaN → index 0 in 0.2
    assert outcome("#xs.[#i] = 10", {"i": 1, **config}) == "error"
    assert evaluate("#xs.[#i] = 10", {"i": 1, **config}, era="0.2")
    # the index expression is only evaluated when the value is an array
    assert not evaluate("xs.[#i]?", {"xs": {"a": 1}})


def test_first_key_of_a_path_is_looked_up_by_its_raw_text() -> None:
    assert evaluate('[p].["k"]?', {}, {"p": {'["k"]': True}})
    assert not evaluate('[p].["k"]?', {}, {"p": {"k": True}})
    # the text as written, not a canonical printing of it
    assert evaluate('[p].["a"+"b"]?', {}, {"p": {'["a"+"b"]': True}})
    assert not evaluate('[p].["a"+"b"]?', {}, {"p": {'["a" + "b"]': True, "ab": True}})
    # the package key too (the same pest `as_str()`)
    assert evaluate('[["p"]].k?', {}, {'["p"]': {"k": True}})
    assert not evaluate('[["p"]].k?', {}, {"p": {"k": True}})


def test_package_references() -> None:
    table = {"p": {"x": True, "s": "v"}}
    assert evaluate("[p].x?", {}, table)
    assert not evaluate("[q].x?", {}, table)
    assert not evaluate("[p].x?", {}, None)
    assert evaluate("'[q].s = 'none", {}, table)  # missing package: null → absent
    assert evaluate('\'[p].s = "v"', {"p": {"s": "w"}}, table)
    assert outcome("#[q].n = 1", {}, table) == "error"


# ------------------------------------------------------------------ quantifiers


@pytest.mark.parametrize(
    "rule, container, expected",
    [
        ('\'xs.* = "a"', [], False),
        ('\'xs.* = "a"', ["b", "a"], True),
        ('\'xs.* = "a"', ["b"], False),
        ('\'xs.* = "a"', {}, False),
        ('\'xs.* = "a"', {"k": "b", "j": "a"}, True),
        ('\'xs.& = "a"', [], True),
        ('\'xs.& = "a"', ["a", "a"], True),
        ('\'xs.& = "a"', ["a", "b"], False),
        ('\'xs.& = "a"', {}, True),
        ('\'xs.& = "a"', {"k": "a", "j": "a"}, True),
        ('\'xs.& = "a"', {"k": "a", "j": "b"}, False),
        ('\'xs.[any(x => x.on?)].v = "a"', [], False),
        ('\'xs.[any(x => x.on?)].v = "a"', [{"on": True, "v": "a"}], True),
        ('\'xs.[any(x => x.on?)].v = "a"', [{"on": False, "v": "a"}], False),
        ('\'xs.[any(x => x.on?)].v = "a"', {"k": {"on": True, "v": "a"}}, True),
        ('\'xs.[all(x => x.on?)].v = "a"', [], True),
        ('\'xs.[all(x => x.on?)].v = "a"', [{"on": False, "v": "b"}], True),
        ('\'xs.[all(x => x.on?)].v = "a"', [{"on": True, "v": "b"}], False),
        ('\'xs.[all(x => x.on?)].v = "a"', {"k": {"on": True, "v": "a"}, "j": {}}, True),
        ('\'xs.[all(x => x.on?)].v = "a"', {}, True),
    ],
)
def test_quantifiers(rule: str, container: Any, expected: bool) -> None:
    assert evaluate(rule, {"xs": container}) is expected


@pytest.mark.parametrize("segment", ["*", "&", "[any(x => x?)]", "[all(x => x?)]",
                                     "[first(x => x?)]", "[last(x => x?)]"])  # fmt: skip
def test_quantifier_on_a_scalar_is_null(segment: str) -> None:
    for scalar in (5, "s", True, None):
        assert not evaluate(f"xs.{segment}?", {"xs": scalar})
        assert evaluate(f"'xs.{segment} = 'none", {"xs": scalar})
        assert outcome(f"#xs.{segment} = 1", {"xs": scalar}) == "error"


USERS = {
    "users": [
        {"name": "a", "allowed-calls": ["x", "y"]},
        {"name": "b", "allowed-calls": ["x"]},
        {"name": "c", "allowed-calls": []},
    ]
}


@pytest.mark.parametrize(
    "rule, expected",
    [
        ('\'users.*.allowed-calls.* = "x"', True),
        ('\'users.*.allowed-calls.* = "z"', False),
        ('\'users.&.allowed-calls.* = "x"', False),  # c has no calls
        ('\'users.*.allowed-calls.& = "x"', True),  # b (and c, vacuously)
        ('\'users.*.allowed-calls.& = "y"', True),  # c, vacuously
        ('\'users.&.allowed-calls.& = "x"', False),
        ('\'users.[all(u => u.allowed-calls.*?)].allowed-calls.* = "x"', True),
        ('\'users.[any(u => \'u.name = "c")].allowed-calls.* = "x"', False),
    ],
)
def test_nested_quantifiers(rule: str, expected: bool) -> None:
    assert evaluate(rule, USERS) is expected


def test_binary_operators_nest_left_quantifiers_outside() -> None:
    config = {"a": [1, 2], "b": [1, 2]}
    assert evaluate("#a.& = #b.*", config)  # ∀a ∃b
    assert not evaluate("#a.* = #b.&", config)  # ∃a ∀b
    assert evaluate("'s.* + 't.* = \"ac\"", {"s": ["a", "b"], "t": ["c", "d"]})


def test_right_operand_is_not_reached_over_an_empty_left_fan_out() -> None:
    assert evaluate("#a.* = #missing", {"a": []}) is False
    assert evaluate("#a.& = #missing", {"a": []}) is True
    assert outcome("#a.* = #missing", {"a": [1]}) == "error"


def test_first_and_last() -> None:
    config = {"xs": [{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "a", "v": 3}]}
    assert evaluate('#xs.[first(x => \'x.k = "a")].v = 1', config)
    assert evaluate('#xs.[last(x => \'x.k = "a")].v = 3', config)
    assert evaluate('#xs.[first(x => \'x.k = "b")].v = 2', {"xs": {"m": config["xs"][1]}})
    # no match → null: `?` false, `'` absent, `#` panics
    assert not evaluate('xs.[first(x => \'x.k = "z")]?', config)
    assert evaluate_value("'xs.[first(x => 'x.k = \"z\")].k", config) is None
    assert evaluate("'xs.[first(x => 'x.k = \"z\")].k = 'none", config)
    assert outcome('#xs.[first(x => \'x.k = "z")].v = 1', config) == "error"
    # last tests elements from the end: an element that would panic is never reached
    assert evaluate("#xs.[last(x => #x.v > 0)].v = 3", {"xs": [{}, {"v": 3}]})
    assert outcome("#xs.[first(x => #x.v > 0)].v = 3", {"xs": [{}, {"v": 3}]}) == "error"


def test_predicates_see_only_the_element_and_the_table() -> None:
    config = {"top": "a", "xs": [{"k": "a"}]}
    assert not evaluate('xs.[first(x => \'top = "a")]?', config)
    assert evaluate("xs.[first(x => 'x.k = '[p].want)]?", config, {"p": {"want": "a"}})
    # a computed binder is bound by its raw text, so plain paths cannot reach it
    assert not evaluate('xs.[first(["x"] => \'x.k = "a")]?', config)


# ------------------------------------------------------------------ string comparisons

# (a, b) → results for = != < > <= >=; None is an absent string
STRING_CASES = [
    ("ab", "abc", [False, True, True, False, True, False]),
    ("abc", "ab", [False, True, False, True, False, True]),
    ("ab", "ab", [True, False, False, False, True, True]),
    ("x", "abc", [False, True, False, False, False, False]),
    ("", "a", [False, True, True, False, True, False]),
    (None, "a", [False, True, False, True, False, True]),
    ("a", None, [False, True, False, True, False, True]),
    (None, None, [True, False, False, True, False, True]),
]


@pytest.mark.parametrize("a, b, expected", STRING_CASES)
def test_string_comparisons_are_containment(a: str | None, b: str | None, expected: list) -> None:
    config = {k: v for k, v in (("a", a), ("b", b)) if v is not None}
    for op, want in zip(["=", "!=", "<", ">", "<=", ">="], expected):
        rule = parse_rule(f"'a {op} 'b")  # <= and >= only parse in the lenient mode (Q1)
        assert evaluate(rule, config) is want, (a, op, b)


def test_string_comparison_is_not_lexicographic() -> None:
    assert not evaluate('\'a < "b"', {"a": "a"})
    assert evaluate('\'a < "bab"', {"a": "a"})


def test_concatenation_with_absent_is_absent() -> None:
    assert evaluate('\'a + "x" = "vx"', {"a": "v"})
    assert evaluate("'missing + \"x\" = 'other", {})
    assert evaluate_value('\'missing + "x"', {}) is None
    assert evaluate_value('"x" + \'n', {"n": 2}) == "x2"
    assert evaluate_value('"x" + \'n', {"n": 2.0}) == "x2.0"  # serde_json printed the f64


# ------------------------------------------------------------------ operators


@pytest.mark.parametrize(
    "rule, bools, expected",
    [
        ("a? OR b? AND c?", (True, False, False), True),  # AND > OR
        ("a? AND b? OR c?", (False, True, True), True),
        ("a? AND b? XOR c?", (False, True, True), True),  # (a AND b) XOR c
        ("a? XOR b? AND c?", (True, True, False), True),  # a XOR (b AND c)
        ("a? OR b? XOR c?", (True, True, True), True),  # a OR (b XOR c)
        ("a? XOR b? OR c?", (True, True, True), True),  # (a XOR b) OR c
        ("a? XOR b? XOR c?", (True, True, True), True),
        ("!(a? OR b?) AND c?", (False, False, True), True),
    ],
)
def test_boolean_precedence(rule: str, bools: tuple, expected: bool) -> None:
    config = dict(zip("abc", bools))
    assert evaluate(rule, config) is expected


@pytest.mark.parametrize(
    "rule",
    [
        "2 ^ 3 ^ 2 = 512",  # right-assoc (left would be 64)
        "2 - 1 - 1 = 0",  # left-assoc (right would be 2)
        "8 / 4 / 2 = 1",
        "1 + 2 * 3 = 7",
        "2 * 3 ^ 2 = 18",
        "(1 + 2) * 3 = 9",
        "1 / 0 > 1000000",
        "0 - 1 / 0 < 0",
        "!(0 / 0 = 0 / 0)",
        "0 / 0 != 0 / 0",
        "!((0 - 8) ^ 0.5 = (0 - 8) ^ 0.5)",
        "10 ^ 400 > 1",
        "(0 - 10) ^ 401 < 0",
        "0 ^ (0 - 1) > 1",
        "1e3 = 1000",
        "1. = 1",
    ],
)
def test_arithmetic(rule: str) -> None:
    assert evaluate(rule, {})


def test_and_or_short_circuit_but_xor_does_not() -> None:
    assert evaluate("!(x?) OR #x > 1", {"x": None})
    assert not evaluate("x? AND #x > 1", {})
    assert outcome("#x > 1 OR x?", {}) == "error"
    assert outcome("x? XOR #x > 1", {}) == "error"


# ------------------------------------------------------------------ values


def test_evaluate_value() -> None:
    config = {"a": {"b": [1, {"c": 2}]}, "s": "v", "t": True, "users": [{"name": "x"}]}
    value = evaluate_value("a.b", config)
    assert value == [1, {"c": 2}]
    value[1]["c"] = 99  # a copy, not a view into the config
    assert config["a"]["b"][1]["c"] == 2
    assert evaluate_value('"x" + \'s', config) == "xv"
    assert evaluate_value("1 + 1", config) == 2.0
    # serde_json has no inf/NaN: the legacy SET failed instead of writing null
    for text in ("1 / 0", "0 / 0", "(0 - 1) / 0"):
        with pytest.raises(RuleEvaluationError, match="not a finite number"):
            evaluate_value(text, config)
    assert evaluate_value("(t? AND s?)", config) is True
    assert evaluate_value("!(t?)", config) is False
    assert evaluate_value("true", config) is None  # the path named true (Q3)
    assert evaluate_value("'users.*.name", config) is None  # a fan-out, even of one value
    assert evaluate_value("users.*", config) is None
    assert evaluate_value("[p].x", config, {"p": {"x": 3}}) == 3


def test_inputs() -> None:
    rule = parse_rule("a?")
    assert evaluate(rule, {"a": 1}) and evaluate(rule.expr, {"a": 1})
    with pytest.raises(TypeError):
        evaluate(parse_rule('\'a = "b"').expr.left, {})
    with pytest.raises(ValueError):
        evaluate("a?", {}, era="0.4")


def test_absurd_nesting_is_an_evaluation_error() -> None:
    expr = parse_rule("a?").expr
    for _ in range(20_000):
        expr = Not(expr)
    with pytest.raises(RuleEvaluationError, match="too deeply"):
        evaluate(expr, {})


def test_inputs_are_not_mutated() -> None:
    config, table = {"a": [{"b": None}]}, {"p": {"x": []}}
    before = json.dumps([config, table])
    evaluate("a.*.b? OR [p].x.&? OR 'a.[first(x => x.b?)].c = 'q", config, table)
    assert json.dumps([config, table]) == before


# ------------------------------------------------------------------ real rules (§5.8)


@dataclass
class RealCase:
    title: str
    rule: str = ""
    checks: list[tuple[str, str, Any, dict]] = field(default_factory=list)  # era, want, cfg, table


def _real_cases() -> list[RealCase]:
    path = Path(__file__).parent / "eval_cases" / "real_rules.txt"
    cases: list[RealCase] = []
    table: dict = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(";;"):
            continue
        if line.startswith("=== "):
            cases.append(RealCase(line[4:]))
            table = {}
            continue
        key, _, rest = line.partition(": ")
        case = cases[-1]
        if key == "rule":
            case.rule = rest
        elif key == "table":
            table = json.loads(rest)
        elif key in ("true", "false", "error"):
            case.checks.append(("0.3", key, json.loads(rest), table))
        elif key == "era02":
            want, _, config = rest.partition(" ")
            case.checks.append(("0.2", want, json.loads(config), table))
        else:
            raise ValueError(f"bad line in real_rules.txt: {line!r}")
    return cases


REAL = _real_cases()


def test_every_real_rule_of_the_spec_is_covered() -> None:
    numbers = {case.title.split()[0].rstrip("abc") for case in REAL}
    assert numbers == {str(n) for n in range(1, 36)}
    for case in REAL:
        wants = {want for _, want, _, _ in case.checks}
        assert {"true", "false"} <= wants, case.title


@pytest.mark.parametrize("case", REAL, ids=[c.title for c in REAL])
def test_real_rule(case: RealCase) -> None:
    parse_rule(case.rule, strict=True)  # as the legacy OS accepted it
    for era, want, config, table in case.checks:
        expected = {"true": True, "false": False, "error": "error"}[want]
        assert outcome(case.rule, config, table, era) == expected, (era, config, table)


# ------------------------------------------------------------------ the whole corpus


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_RULES, reason="corpus not found")
@pytest.mark.parametrize("era", ["0.2", "0.3"])
def test_every_corpus_rule_evaluates_on_an_empty_config(era: str) -> None:
    for (entry, text), where in CORPUS_RULES.items():
        if entry == "rule":
            try:
                assert evaluate(text, {}, era=era) in (True, False), where
            except RuleEvaluationError:
                assert era == "0.3", where
        elif entry == "value":
            evaluate_value(text, {}, era=era)
