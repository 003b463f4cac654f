"""Legacy `dependency auto-configure` (legacy-formats.md §5.6)."""

from __future__ import annotations

import copy
import random
import string
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from migrator.corpus import corpus_dir
from migrator.rules import RuleEvaluationError, RuleSyntaxError, auto_configure, evaluate

CORPUS = corpus_dir() or Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PRINTABLE = "".join(chr(c) for c in range(ord("!"), ord("~") + 1))


def load(text: str) -> list:
    return YAML(typ="safe").load(text)


def rule(text: str, *suggestions: dict, description: str = "broken") -> dict:
    return {"rule": text, "description": description, "suggestions": list(suggestions)}


def SET(var: str, **kind) -> dict:
    return {"SET": {"var": var, **{k.replace("_", "-"): v for k, v in kind.items()}}}


def PUSH(to: str, value) -> dict:
    return {"PUSH": {"to": to, "value": value}}


def DELETE(spec: str) -> dict:
    return {"DELETE": spec}


# ------------------------------------------------------------------ the lnd btc-rpc-proxy file

METHODS = [
    "getinfo", "getbestblockhash", "gettxout", "getblockchaininfo", "sendrawtransaction",
    "getblockhash", "getblock", "getblockheader", "estimatesmartfee", "getnetworkinfo",
    "uptime", "getrawtransaction", "getpeerinfo", "getmempoolinfo",
]  # fmt: skip

LND_PROXY_RULES = (
    """\
- rule: '''users.*.name = "lnd"'
  description: 'Must have an RPC user named "lnd"'
  suggestions:
    - PUSH:
        to: "users"
        value:
          name: lnd
          allowed-calls: []
    - SET:
        var: 'users.[first(item => ''item.name = "lnd")].password'
        to-entropy:
          charset: "a-z,A-Z,0-9"
          len: 22
"""
    + "".join(f"""\
- rule: '''users.[first(item => ''item.name = "lnd")].allowed-calls.* = "{m}"'
  description: 'RPC user "lnd" must have "{m}" enabled'
  suggestions:
    - PUSH:
        to: 'users.[first(item => ''item.name = "lnd")].allowed-calls'
        value: "{m}"
""" for m in METHODS)
    + """\
- rule: 'users.[first(item => ''item.name = "lnd")].fetch-blocks?'
  description: 'RPC user "lnd" must have "Fetch Blocks" enabled'
  suggestions:
    - SET:
        var: 'users.[first(item => ''item.name = "lnd")].fetch-blocks'
        to-value: true
"""
)


def test_lnd_proxy_rules_from_an_empty_user_list() -> None:
    rules = load(LND_PROXY_RULES)
    start = {"users": []}
    config, failures = auto_configure(rules, start, rng=7, dep_id="btc-rpc-proxy")
    assert failures == []
    assert start == {"users": []}
    (user,) = config["users"]
    assert user["name"] == "lnd" and user["fetch-blocks"] is True
    assert user["allowed-calls"] == METHODS
    assert len(user["password"]) == 22
    assert set(user["password"]) <= set(string.ascii_letters + string.digits)
    assert all(evaluate(r["rule"], config) for r in rules)
    # once satisfied, a second run changes nothing
    assert auto_configure(rules, config, rng=8) == (config, [])


def test_lnd_proxy_rules_keep_other_users_and_fill_in_the_existing_one() -> None:
    rules = load(LND_PROXY_RULES)
    start = {"users": [{"name": "other", "allowed-calls": ["getinfo"]},
                       {"name": "lnd", "password": "keep", "allowed-calls": ["uptime"]}]}  # fmt: skip
    config, failures = auto_configure(rules, start, rng=1)
    assert failures == []
    assert config["users"][0] == start["users"][0]
    lnd = config["users"][1]
    assert lnd["password"] == "keep"  # the user existed: its SET was never reached
    assert lnd["allowed-calls"][0] == "uptime" and sorted(lnd["allowed-calls"]) == sorted(METHODS)


def test_entropy_is_deterministic_for_a_seed() -> None:
    rules = load(LND_PROXY_RULES)[:1]
    one = auto_configure(rules, {"users": []}, rng=42)[0]
    assert one == auto_configure(rules, {"users": []}, rng=random.Random(42))[0]
    other = auto_configure(rules, {"users": []}, rng=43)[0]
    assert one["users"][0]["password"] != other["users"][0]["password"]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not found")
def test_every_corpus_proxy_rule_file_configures_an_empty_proxy() -> None:
    files = sorted(p for p in CORPUS.rglob("*.yaml") if "rpc-proxy" in p.name and "rules" in p.name)
    assert len(files) >= 5
    for path in files:
        rules = load(path.read_text(encoding="utf-8"))
        config, failures = auto_configure(rules, {"users": []}, rng=0, dep_id="btc-rpc-proxy")
        assert failures == [], path
        assert all(evaluate(r["rule"], config) for r in rules), path


# ------------------------------------------------------------------ SET


def test_set_to_value_expression() -> None:
    rules = [rule('\'a = "x-y"', SET("a", to='"x-" + \'b'))]
    assert auto_configure(rules, {"b": "y"}) == ({"a": "x-y", "b": "y"}, [])


def test_set_to_fan_out_writes_null() -> None:
    rules = [rule("a?", SET("a", to="'xs.*"))]
    config, failures = auto_configure(rules, {"xs": ["v"]})
    assert config == {"xs": ["v"], "a": None} and failures == ["broken"]


def test_set_to_reads_the_config_before_walking_the_target() -> None:
    # the walk creates `a: null`; the value `a` was read before that
    rules = [rule("b?", SET("b", to="a"))]
    assert auto_configure(rules, {"a": {"k": 1}})[0] == {"a": {"k": 1}, "b": {"k": 1}}


def test_set_to_plain_yaml_scalars() -> None:
    # the legacy read `to: true` as the rule text "true": the path named true → null
    config, failures = auto_configure([rule("a?", SET("a", to=True))], {})
    assert config == {"a": None} and failures == ["broken"]
    assert auto_configure([rule("a?", SET("a", to=5))], {})[0] == {"a": 5.0}


def test_set_to_value_copies_the_literal() -> None:
    literal = {"k": [1]}
    rules = [rule("never?", SET("a", to_value=literal), SET("b", to_value=literal))]
    config, _ = auto_configure(rules, {})
    config["a"]["k"].append(2)
    assert literal == {"k": [1]} and config["b"] == {"k": [1]}


def test_set_to_entropy_default_charset() -> None:
    rules = [rule("p?", SET("p", to_entropy={"len": 200}))]
    config, failures = auto_configure(rules, {}, rng=3)
    assert failures == [] and len(config["p"]) == 200 and set(config["p"]) <= set(PRINTABLE)
    assert len(set(config["p"])) > 40  # draws from the whole range, not a few characters


def test_set_to_entropy_charset() -> None:
    rules = [rule("p?", SET("p", to_entropy={"charset": "a-c,Z", "len": 50}))]
    assert set(auto_configure(rules, {}, rng=3)[0]["p"]) == set("abcZ")


@pytest.mark.parametrize(
    "var, start, end",
    [
        ("a", {}, {"a": 1}),
        ("a.b", {"a": {}}, {"a": {"b": 1}}),
        ("a.b.c", {}, {"a": None}),  # created as null, then `b` on null stops the walk
        ("a.b.c", {"a": {}}, {"a": {"b": None}}),
        ("a.b", {"a": "s"}, {"a": "s"}),
        ("xs.1", {"xs": [0, 0]}, {"xs": [0, 1]}),
        ("xs.2", {"xs": [0, 0]}, {"xs": [0, 0, 1]}),  # index == length appends
        ("xs.3", {"xs": [0, 0]}, {"xs": [0, 0]}),  # larger index: no-op
        ("xs.0", {"xs": {"0": 0}}, {"xs": {"0": 0}}),
        ('a.["my_key"]', {"a": {}}, {"a": {"my_key": 1}}),
        ("a.['[p].k]", {"a": {}}, {"a": {"from-table": 1}}),
        ("a.['[p].ks.*]", {"a": {}}, {"a": {}}),  # a fan-out key is not writable
        ("xs.[0 + 1]", {"xs": [0, 0]}, {"xs": [0, 1]}),
        ("xs.[#[p].i]", {"xs": [0, 0, 0]}, {"xs": [0, 0, 1]}),
        ("xs.[first(x => #x.n > 1)].v", {"xs": [{"n": 1}, {"n": 2}, {"n": 3}]},
         {"xs": [{"n": 1}, {"n": 2, "v": 1}, {"n": 3}]}),
        ("xs.[last(x => #x.n > 1)].v", {"xs": [{"n": 1}, {"n": 2}, {"n": 3}]},
         {"xs": [{"n": 1}, {"n": 2}, {"n": 3, "v": 1}]}),
        ("xs.[first(x => #x.n > 5)].v", {"xs": [{"n": 1}]}, {"xs": [{"n": 1}]}),
        ("xs.[first(x => x?)]", {"xs": {"a": False, "b": True}}, {"xs": {"a": False, "b": 1}}),
    ],
)  # fmt: skip
def test_mutation_paths(var: str, start: dict, end: dict) -> None:
    table = {"p": {"k": "from-table", "ks": ["x", "y"], "i": 2}}
    config, _ = auto_configure([rule("never?", SET(var, to_value=1))], start, table)
    assert config == end


@pytest.mark.parametrize(
    "suggestion, message",
    [
        ({"SET": {"var": "a"}}, "exactly one of to, to-value, to-entropy"),
        ({"SET": {"var": "a", "to": "1", "to-value": 1}}, "exactly one"),
        ({"PUSH": {"to": "a"}}, "PUSH needs"),
        ({"PUSH": {"to": "a", "value": 1}, "SET": {"var": "a", "to-value": 1}}, "exactly one"),
        ({"MOVE": {}}, "exactly one"),
        (SET("a", to_entropy={"charset": "a-z"}), "len"),
    ],
)
def test_illegal_suggestions_reject_the_whole_file(suggestion: dict, message: str) -> None:
    # the first rule would apply; nothing happens because the file does not compile
    rules = [rule("a?", SET("a", to_value=True)), rule("b?", suggestion)]
    with pytest.raises(RuleEvaluationError, match=message):
        auto_configure(rules, {})


@pytest.mark.parametrize(
    "suggestion, message",
    [
        (SET("[p].a", to_value=1), "Can only assign to relative path"),
        (SET("users.*.a", to_value=1), "Any and All are immutable"),
        (SET("users.&", to_value=1), "Any and All are immutable"),
        (PUSH("users.[any(u => u?)].calls", 1), "Any and All are immutable"),
        (PUSH("users.[all(u => u?)].calls", 1), "Any and All are immutable"),
        (PUSH("[p].xs", 1), "Can only assign to relative path"),
        (DELETE("FROM [p].xs AS x WHERE x?"), "Can only assign to relative path"),
        (DELETE("FROM xs.* AS x WHERE x?"), "Any and All are immutable"),
    ],
)  # fmt: skip
def test_immutable_targets_are_load_time_syntax_errors(suggestion: dict, message: str) -> None:
    # the legacy loader (compile_var_mut) rejected these when it read the file: a syntax
    # error of the whole file in both modes (D311), not a failure when applied
    rules = [rule("a?", SET("a", to_value=True)), rule("b?", suggestion)]
    for strict in (True, False):
        with pytest.raises(RuleSyntaxError, match=message) as info:
            auto_configure(rules, {}, strict=strict)
        assert info.value.code == "D311"


def test_syntax_errors_propagate() -> None:
    with pytest.raises(RuleSyntaxError):
        auto_configure([rule("a? AND", SET("a", to_value=True))], {})


@pytest.mark.parametrize("charset", ["z-a", "a-a", "0-9,b-a"])
def test_a_bad_entropy_charset_is_a_rule_syntax_error(charset: str) -> None:
    # the loader rejected the file; the error is a RuleSyntaxError like every other
    # load-time syntax error (it used to leak the charset parser's bare GrammarError)
    entry = rule("a?", SET("a", to_entropy={"charset": charset, "len": 2}))
    with pytest.raises(RuleSyntaxError) as info:
        auto_configure([entry], {})
    assert info.value.code == "S206" and "is empty" in info.value.issue.message


@pytest.mark.parametrize(
    "value, code",
    [("b? OR c?", "D304"), ("'a = \"x\"", "D304"), ("#a > 1", "D304"), ("(#a <= 1)", "D303")],
)
def test_set_to_values_the_legacy_loader_rejected(value: str, code: str) -> None:
    # quirk Q3: the loader read `b?` as the bare path b and then failed on the rest, so
    # the whole file failed to load; strict (the default) reproduces that
    entry = rule("a?", SET("a", to=value))
    with pytest.raises(RuleSyntaxError) as info:
        auto_configure([entry], {})
    assert info.value.code == code
    # the documented superset accepts them (with a warning at check time)
    auto_configure([entry], {"a": 2, "b": True}, strict=False)


def test_set_to_a_non_finite_number_fails() -> None:
    # serde_json has no inf/NaN: the legacy SET failed rather than writing null
    for value in ("1 / 0", "0 / 0", "#a ^ 1000", "1e999"):
        with pytest.raises(RuleEvaluationError, match="not a finite number"):
            auto_configure([rule("never?", SET("x", to=value))], {"a": 10})
    # a fan-out still writes null
    config, _ = auto_configure([rule("never?", SET("x", to="#xs.* + 1"))], {"xs": [1, 2]})
    assert config["x"] is None


# ------------------------------------------------------------------ PUSH and DELETE


def test_push() -> None:
    rules = [rule("never?", PUSH("xs", {"v": 1}))]
    assert auto_configure(rules, {"xs": [0]})[0]["xs"] == [0, {"v": 1}]
    assert auto_configure(rules, {"xs": "s"})[0]["xs"] == "s"  # not an array: no-op
    assert auto_configure(rules, {})[0] == {"xs": None}  # created as null, not pushed into
    config = auto_configure([rule("never?", PUSH("xs", []), PUSH("xs", []))], {"xs": []})[0]
    config["xs"][0].append(1)
    assert config["xs"] == [[1], []]  # every push is its own copy


def test_delete_from_an_array_and_an_object() -> None:
    rules = [rule("never?", DELETE('FROM users AS u WHERE \'u.name = "bad"'))]
    start = {"users": [{"name": "a"}, {"name": "bad"}, {"name": "b"}, {"name": "bad"}]}
    assert auto_configure(rules, start)[0]["users"] == [{"name": "a"}, {"name": "b"}]
    start = {"users": {"x": {"name": "bad"}, "y": {"name": "ok"}}}
    assert auto_configure(rules, start)[0]["users"] == {"y": {"name": "ok"}}
    assert auto_configure(rules, {"users": "s"})[0]["users"] == "s"
    assert auto_configure(rules, {})[0]["users"] is None


def test_delete_satisfies_a_rule() -> None:
    rules = [rule('!(\'users.*.name = "bad")', DELETE('FROM users AS u WHERE \'u.name = "bad"'))]
    config, failures = auto_configure(rules, {"users": [{"name": "bad"}, {"name": "ok"}]})
    assert failures == [] and config == {"users": [{"name": "ok"}]}


# ------------------------------------------------------------------ the driver


def test_if_guards_see_the_partially_patched_config() -> None:
    rules = [
        rule(
            '\'mode = "b"',
            SET("flag", to_value=True),
            {"if": "flag?", "SET": {"var": "mode", "to-value": "b"}},
            {"if": "!(flag?)", "SET": {"var": "mode", "to-value": "never"}},
        )
    ]
    assert auto_configure(rules, {"mode": "a"}) == ({"mode": "b", "flag": True}, [])


def test_rules_that_hold_are_skipped_and_failures_are_rechecked() -> None:
    rules = [
        rule("a?", SET("a", to_value="changed"), description="A"),
        rule("b?", SET("b", to_value=False), description="B"),
        rule("c?", description="C"),
        rule("d?", SET("d", to_value=1), description="D"),
    ]
    config, failures = auto_configure(rules, {"a": "kept"})
    assert config == {"a": "kept", "b": False, "d": 1}
    assert failures == ["B", "C"]


def test_missing_suggestions_and_description() -> None:
    config, failures = auto_configure([{"rule": "a?"}], {})
    assert failures == ["a?"]


def test_table_entry_of_the_dependency_is_refreshed() -> None:
    rule14 = (
        '!(\'[btcpayserver].bitcoin.bitcoind-rpc.type = "internal") OR '
        '\'[bitcoind].advanced.pruning.mode = "disabled"'
    )
    rules = [rule(rule14, SET("advanced.pruning.mode", to_value="disabled"))]
    dep = {"advanced": {"pruning": {"mode": "automatic"}}}
    table = {"btcpayserver": {"bitcoin": {"bitcoind-rpc": {"type": "internal"}}}}
    config, failures = auto_configure(rules, dep, table, dep_id="bitcoind")
    assert failures == [] and config["advanced"]["pruning"]["mode"] == "disabled"
    assert "bitcoind" not in table  # the caller's table is untouched
    # without dep_id the table never sees the change: the re-check still fails
    config, failures = auto_configure(rules, dep, {**table, "bitcoind": dep})
    assert config["advanced"]["pruning"]["mode"] == "disabled" and failures == ["broken"]


def test_table_refresh_happens_after_each_applied_suggestion() -> None:
    rules = [rule('\'s = "xxx"', *[SET("s", to='\'[dep].s + "x"')] * 3)]
    assert auto_configure(rules, {"s": ""}, dep_id="dep") == ({"s": "xxx"}, [])
    skipped = {"if": "!(s?)", "SET": {"var": "s", "to-value": "no"}}
    rules = [rule("'s = \"xx\"", SET("s", to="'[dep].s + \"x\""), skipped,
                  SET("s", to="'[dep].s + \"x\""))]  # fmt: skip
    assert auto_configure(rules, {"s": ""}, dep_id="dep") == ({"s": "xx"}, [])


def test_inputs_are_never_mutated() -> None:
    rules = load(LND_PROXY_RULES) + [rule("never?", DELETE("FROM users AS u WHERE u?"))]
    dep, table = {"users": [{"name": "x", "allowed-calls": []}]}, {"other": {"a": [1]}}
    snapshot = copy.deepcopy((rules, dep, table))
    auto_configure(rules, dep, table, rng=1, dep_id="btc-rpc-proxy")
    assert (rules, dep, table) == snapshot


def test_panics_and_eras() -> None:
    rules = [rule("#n > 1", SET("n", to_value=2))]
    with pytest.raises(RuleEvaluationError, match="as a number"):
        auto_configure(rules, {})
    assert auto_configure(rules, {}, era="0.2") == ({"n": 2}, [])
    with pytest.raises(ValueError):
        auto_configure(rules, {}, era="1.0")
    with pytest.raises(RuleEvaluationError, match="object"):
        auto_configure(rules, [])
