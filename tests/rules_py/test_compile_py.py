"""The Python backend of the rule compiler: what it prints, the data-file cases of the
evaluator run compiled, and the generated `rules.py` of every fixture (and corpus
snapshot) black-stable and `mypy --strict` clean in ONE mypy run.

(The wide agreement test is the Python column of tests/rules_ts/test_differential.py.)"""

from __future__ import annotations

import ast as pyast
import json
import subprocess
import sys
from pathlib import Path

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator.convert import build
from migrator.corpus import corpus_dir, snapshot_dirs, spec_override
from migrator.emit.python import rules as P
from migrator.rules import parse_rule, parse_value
from migrator.sdk.package import OwnRule
from startos_sdk.rules import RuleCheck, RuleNotMigrated, failed_rules, not_migrated_rules
from tests import rules_py
from tests.rules import test_corpus_rules as corpus_rules
from tests.rules import test_divergences as divergences
from tests.rules.test_evaluate import REAL
from tests.rules_ts.test_compile_ts import GRAMMAR_CASES

REPO = Path(__file__).resolve().parents[2]


def py(rule: str) -> str:
    return P.compile_rule(parse_rule(rule)).expr


def value(text: str) -> str:
    return P.compile_value(parse_value(text)).expr


# ------------------------------------------------------------------ what it prints


def test_brief_example_reads_like_the_rule():
    assert py("rpc.enable? OR !('advanced.pruning.mode = \"manual\")") == (
        'truthy(path(config, ["rpc", "enable"])) or '
        'not cmp_str("=", path(config, ["advanced", "pruning", "mode"]), "manual")')


def test_guards_stay_first_and_short_circuit():
    assert py("!(max-chan-size?) OR #max-chan-size > 0") == (
        'not truthy(path(config, ["max-chan-size"])) or '
        'cmp_num(">", path(config, ["max-chan-size"]), 0)')


def test_connectives_are_parenthesised_where_python_needs_it():
    assert py("a? XOR b? XOR c?") == (
        '(truthy(path(config, ["a"])) != truthy(path(config, ["b"]))) '
        '!= truthy(path(config, ["c"]))')  # `!=` would chain
    assert py("!(a? XOR b?)") == 'not (truthy(path(config, ["a"])) != truthy(path(config, ["b"])))'
    assert py("(a? OR b?) AND c?").startswith("(truthy")
    assert py("a? OR b? AND c?") == (
        'truthy(path(config, ["a"])) or '
        '(truthy(path(config, ["b"])) and truthy(path(config, ["c"])))')
    assert py("!(!(a?))") == 'not not truthy(path(config, ["a"]))'


def test_predicates_bind_the_element_and_tables_read_table():
    assert py("'users.[first(u => 'u.name = \"x\")].pw = \"y\"") == (
        'cmp_str("=", path(config, ["users", first(lambda u: '
        'cmp_str("=", path(u, ["name"]), "x")), "pw"]), "y")')
    assert py("[bitcoind].txindex?") == 'truthy(path(table, ["bitcoind", "txindex"]))'
    assert py("a.[any(x => x?)].b?") == (
        'truthy(path(config, ["a", any_where(lambda x: truthy(x)), "b"]))')


def test_binder_names_are_python_identifiers_shadowing_nothing():
    for binder, name in [("my-item", "my_item"), ("class", "class_"), ("path", "path_"),
                         ("config", "config_"), ("match", "match_"), ("table", "table_")]:
        assert f"lambda {name}: truthy({name})" in py(f"a.[any({binder} => {binder}?)].b?")
    assert "lambda item: truthy(None)" in py('a.[any(["x"] => x?)].b?')


def test_thunk_only_where_an_empty_fan_out_could_skip_a_crash():
    assert py("#a.*.b > #c") == (
        'cmp_num(">", path(config, ["a", ANY, "b"]), lambda: path(config, ["c"]))')
    assert py("#a.b > #c") == 'cmp_num(">", path(config, ["a", "b"]), path(config, ["c"]))'


def test_literals_and_values():
    assert py("#a > 1e999") == 'cmp_num(">", path(config, ["a"]), float("inf"))'
    assert py("#a > 0.5") == 'cmp_num(">", path(config, ["a"]), 0.5)'
    assert value("3") == "3"
    assert value("#a") == 'single(num(path(config, ["a"])))'
    assert value("'a + \"x\"") == 'single(concat(path(config, ["a"]), "x"))'
    assert value("1 / 0") == 'single(arith("/", 1, 0))'
    assert value("(a? OR b?)") == 'truthy(path(config, ["a"])) or truthy(path(config, ["b"]))'


def test_hostile_keys_and_strings_stay_inside_their_literals():
    rule = 'a.["\\"\\n)\\\\ or True #"]? OR \'b = "{x}\\0\'"'
    text = py(rule)
    assert text.isascii() and text.isprintable()
    strings = {n.value for n in pyast.walk(pyast.parse(text, mode="eval"))
               if isinstance(n, pyast.Constant) and isinstance(n.value, str)}
    assert {'"\n)\\ or True #', "{x}\0'", "a", "b"} <= strings


# ------------------------------------------------------------------ the evaluator's data files


def _checks():
    """(rule or value text, kind, config, table, expected) of real_rules.txt (0.3 lines)
    and of divergences.txt's rule/value cases."""
    out = []
    for case in REAL:
        for era, want, config, table in case.checks:
            if era == "0.3":
                out.append((case.rule, "rule", config, table, want))
    for case in divergences.ALL:
        if case.kind not in ("rule", "value"):
            continue
        for key, rest in case.checks:
            if key in ("gives", "writes"):
                want, _, config = rest.partition(" <- ")
                out.append((case.text, case.kind, json.loads(config), {}, ("gives", want)))
            else:
                out.append((case.text, case.kind, json.loads(rest), {}, key))
    return out


def test_data_file_cases_compiled():
    checks = _checks()
    texts = sorted({(kind, text) for text, kind, *_ in checks})
    names = {t: f"subject{i}" for i, t in enumerate(texts)}
    module = rules_py.load(rules_py.rules_source([
        (names[(kind, text)], P.compile_rule(parse_rule(text)) if kind == "rule"
         else P.compile_value(parse_value(text))) for kind, text in texts]))
    assert len(checks) >= 150
    for text, kind, config, table, want in checks:
        got = rules_py.run(module, names[(kind, text)], config, table)
        if isinstance(want, tuple):
            expected = json.loads(want[1])
            assert got == {"ok": expected} and type(got["ok"]) is type(expected), (text, config)
        elif want == "error":
            assert got == {"error": "RuleError"}, (text, config, got)
        else:
            assert got == {"ok": want == "true"}, (text, config, table, got)


# ------------------------------------------------------------------ generated rules.py


def _own(text: str, description: str = "d") -> OwnRule:
    try:
        parsed = parse_rule(text)
    except Exception:
        parsed = None
    return OwnRule(text, description, parsed)


class _Pkg:
    """The two things own_rules_module reads of an SdkPackage."""

    def __init__(self, package_id: str, rules: tuple[OwnRule, ...]):
        self.manifest = type("M", (), {"id": package_id})()
        self.config = type("C", (), {"own_rules": rules})()


def _project_rules(source: str) -> tuple[RuleCheck, ...]:
    return rules_py.load(source).OWN_RULES


def test_own_rules_module_checks_own_table_and_keeps_untranslated_rules_as_todos():
    rules = (_own("#max > #min", "max must exceed min"),
             _own("[my-app].on? AND !([other].on?)", "table"),
             _own("this is not a rule", "cannot parse"))
    source = P.own_rules_module(_Pkg("my-app", rules))
    assert source is not None and black.format_str(source, mode=black.Mode()) == source
    assert "# TODO(migrate): the legacy rule below (\"cannot parse\") does not parse" in source
    own = _project_rules(source)
    assert [r.rule_text for r in own] == [r.rule_text for r in rules]
    assert failed_rules(own, {"max": 1, "min": 2}) == ["max must exceed min", "table"]
    assert failed_rules(own, {"max": 3, "min": 2, "on": True}) == []
    assert failed_rules(own, {"min": 2, "on": True}) == ["max must exceed min"]  # 0.3 crash
    assert [r.description for r in not_migrated_rules(own)] == ["cannot parse"]
    with pytest.raises(RuleNotMigrated):
        own[2].check({})
    assert P.own_rules_module(_Pkg("x", ())) is None


HOSTILE = st.lists(st.sampled_from(list('"\'\\{}\0\n\r\u2028\u2029\ud800\u202e#x ') + ['"""']),
                   max_size=10).map("".join)


@settings(max_examples=60, deadline=None, database=None)
@given(HOSTILE, HOSTILE, HOSTILE)
def test_hostile_texts_import_and_round_trip(text, description, package_id):
    rules = (_own(f"'a = \"{text}\"" if '"' not in text and "\\" not in text else text,
                  description), _own(text, description))
    source = P.own_rules_module(_Pkg(package_id, rules))
    assert source is not None and black.format_str(source, mode=black.Mode()) == source
    assert source.isascii() or all(c.isprintable() or c == "\n" for c in source)
    own = _project_rules(source)
    assert [(r.rule_text, r.description) for r in own] == [(r.rule_text, r.description)
                                                           for r in rules]


def _batched_mypy(files: list[Path], cwd: Path) -> subprocess.CompletedProcess:
    runtime = [REPO / "startos_sdk" / "rules.py", REPO / "startos_sdk" / "config_check.py"]
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--no-incremental", *map(str, runtime), *map(str, files)],
        cwd=cwd, capture_output=True, text=True, timeout=600,
        env={"MYPYPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def _write_modules(root: Path, sources: dict[str, str]) -> list[Path]:
    files = []
    for name, source in sources.items():
        path = root / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        files.append(path)
    return files


def test_generated_rules_are_black_stable_and_mypy_strict(converted_fixtures, tmp_path):
    """Every fixture's rules.py, and one module holding every grammar case compiled (a
    rule or a value), in ONE mypy run with the runtime."""
    sources = {}
    for converted in converted_fixtures:
        pkg = converted.result.package
        source = P.own_rules_module(pkg) if pkg is not None else None
        if source is not None:
            sources[f"rules_{len(sources)}"] = source
    assert len(sources) >= 4
    compiled = [(f"case{i}", P.compile_rule(parse_rule(text)) if entry == "rule"
                 else P.compile_value(parse_value(text)))
                for i, (_, entry, text) in enumerate(GRAMMAR_CASES) if entry != "reference"]
    cases = black.format_str(rules_py.rules_source(compiled), mode=black.Mode())
    sources["grammar_cases"] = cases
    for name, source in sources.items():
        assert black.format_str(source, mode=black.Mode()) == source, name
    result = _batched_mypy(_write_modules(tmp_path, sources), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def rule_snapshots() -> list[Path]:
    """Every corpus snapshot with a config_rules.yaml (the `last` ones have none left)."""
    corpus = corpus_dir()
    if corpus is None:
        return []
    return [snap for snap in snapshot_dirs(corpus)
            if (snap / "config_rules.yaml").is_file()
            or (snap / "assets" / "compat" / "config_rules.yaml").is_file()]


@pytest.mark.corpus
@pytest.mark.skipif(not rule_snapshots() or not corpus_rules.UNIQUE, reason="corpus not found")
def test_corpus_rules_modules_are_black_stable_and_mypy_strict(tmp_path):
    sources = {}
    for snap in rule_snapshots():
        pkg = build(snap, config_spec=spec_override(snap)).package
        source = P.own_rules_module(pkg) if pkg is not None else None
        if source is not None:
            assert black.format_str(source, mode=black.Mode()) == source, snap
            sources[f"rules_{len(sources)}"] = source
    assert len(sources) >= 5
    # and every rule / value of the corpus (rule files, dependencies.yaml, 0.2 manifests)
    compiled = [(f"corpus{i}", P.compile_rule(parse_rule(text)) if entry == "rule"
                 else P.compile_value(parse_value(text)))
                for i, (entry, text) in enumerate(sorted(corpus_rules.UNIQUE))
                if entry in ("rule", "value")]
    assert len(compiled) >= 100
    sources["corpus_rules"] = black.format_str(rules_py.rules_source(compiled),
                                               mode=black.Mode())
    result = _batched_mypy(_write_modules(tmp_path, sources), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
