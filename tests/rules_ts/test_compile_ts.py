"""Config rules compiled to TypeScript: readable, complete, type-correct, prettier-clean.

What each group proves:
* exact output for the rules of legacy-formats.md §5.8 a reviewer reads first;
* every construct of the grammar (the parser's case files) and every real rule compiles,
  and the output names every path key and literal of the rule;
* the rule IR's scoping (migrator.rules.compile) and the emitter's choices (parentheses,
  thunks, binder names, literals);
* one tsc run over a module of every compiled rule (corpus included) against the
  generated utils.ts, and one prettier run over it plus random rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from migrator.emit.typescript import expr as e
from migrator.emit.typescript import rules as R
from migrator.emit.typescript.literals import ts_string
from migrator.rules import ast, parse_reference, parse_rule, parse_value
from migrator.rules import compile as ir
from tests import tsharness
from tests.rules import test_corpus_rules as corpus
from tests.rules.test_parser import CASES_DIR, load_cases
from tests.rules.test_parser_properties import bool_exprs, values
from tests.rules_ts import rules_module, utils_source

PARSE = {"rule": parse_rule, "value": parse_value, "reference": parse_reference}


def ts(rule: str) -> str:
    """The printed arrow of a rule, as a module statement would hold it."""
    return e.module([e.statement_const("r", R.compile_rule(parse_rule(rule)).arrow)])


def cases(*files: str):
    """(name, entry, text) of every accepted rule/value/reference case of the files."""
    out = []
    for name in files:
        for case in load_cases(CASES_DIR / name):
            if case.entry in PARSE and not case.expected[0].startswith("error"):
                out.append((case.name, case.entry, case.text))
    return out


GRAMMAR_CASES = cases("grammar.txt", "quirks.txt", "values.txt", "real_rules.txt")
REAL_RULES = [c for c in cases("real_rules.txt") if c[1] == "rule"]


def compile_any(entry: str, text: str):
    parsed = PARSE[entry](text)
    if entry == "rule":
        return R.compile_rule(parsed)
    if entry == "value":
        return R.compile_value(parsed)
    return R.compile_reference(parsed)


# ------------------------------------------------------------------ exact output


def test_brief_examples_print_as_specified():
    assert ts("'users.*.name = \"lnd\"") == (
        "export const r = (config: unknown, table: RuleTable) =>\n"
        "  cmpStr('=', path(config, ['users', ANY, 'name']), 'lnd')\n"
    )
    assert ts("rpc.enable? OR !('advanced.pruning.mode = \"manual\")") == (
        "export const r = (config: unknown, table: RuleTable) =>\n"
        "  truthy(path(config, ['rpc', 'enable'])) ||\n"
        "  !cmpStr('=', path(config, ['advanced', 'pruning', 'mode']), 'manual')\n"
    )


def test_guarded_number_rule_keeps_its_guards_first():
    # rule #4: the guards must short-circuit before `#` can throw
    assert ts("!(max-chan-size?) OR !(min-chan-size?) OR (#max-chan-size > #min-chan-size)") == (
        "export const r = (config: unknown, table: RuleTable) =>\n"
        "  !truthy(path(config, ['max-chan-size'])) ||\n"
        "  !truthy(path(config, ['min-chan-size'])) ||\n"
        "  cmpNum('>', path(config, ['max-chan-size']), path(config, ['min-chan-size']))\n"
    )


def test_first_predicate_binds_the_element():
    # rule #11: inside the predicate `item` is the element, read with path(item, …)
    assert ts("'users.[first(item => 'item.name = \"lnd\")].allowed-calls.* = \"getinfo\"") == (
        "export const r = (config: unknown, table: RuleTable) =>\n"
        "  cmpStr(\n"
        "    '=',\n"
        "    path(config, [\n"
        "      'users',\n"
        "      first((item) => cmpStr('=', path(item, ['name']), 'lnd')),\n"
        "      'allowed-calls',\n"
        "      ANY,\n"
        "    ]),\n"
        "    'getinfo',\n"
        "  )\n"
    )


def test_package_reference_reads_the_table():
    # rule #14
    assert ts("!('[btcpayserver].bitcoin.bitcoind-rpc.type = \"internal\") OR "
              "'[bitcoind].advanced.pruning.mode = \"disabled\"") == (
        "export const r = (config: unknown, table: RuleTable) =>\n"
        "  !cmpStr(\n"
        "    '=',\n"
        "    path(table, ['btcpayserver', 'bitcoin', 'bitcoind-rpc', 'type']),\n"
        "    'internal',\n"
        "  ) ||\n"
        "  cmpStr(\n"
        "    '=',\n"
        "    path(table, ['bitcoind', 'advanced', 'pruning', 'mode']),\n"
        "    'disabled',\n"
        "  )\n"
    )


def test_computed_keys_and_indexes():
    # rules #31/#32: literal keys and a literal index are folded; others stay lazy
    folded = ts('#[my-app].foo.1.["ba" + "r!\\""] = 3')
    assert "path(table, ['my-app', 'foo', 1, 'bar!\"'])" in folded
    assert "indexOf(() => arith('+', 0, 1))" in ts('#[my-app].foo.[0 + 1].["bar!\\""] = 3')
    assert "keyOf(() => path(table, ['pkg', 'key']))" in ts("'a.['[pkg].key] = \"x\"")
    assert "path(config, ['a', 3])" in ts("#a.[3.7] = 1")  # cast like `f64 as usize`


# ------------------------------------------------------------------ every construct compiles


@pytest.mark.parametrize(("name", "entry", "text"), GRAMMAR_CASES,
                         ids=[c[0] for c in GRAMMAR_CASES])
def test_every_grammar_case_compiles(name, entry, text):
    compiled = compile_any(entry, text)
    assert compiled.helpers <= set(R.HELPERS)
    node = compiled.segments if entry == "reference" else compiled.arrow
    printed = e.module([e.ExprStmt(node)])
    for word in re.findall(r"\b[a-z]\w*(?=\()", printed):  # every call is a helper
        assert word in R.HELPERS, f"{word} is not a helper"


@pytest.mark.parametrize(("name", "entry", "text"), REAL_RULES, ids=[c[0] for c in REAL_RULES])
def test_real_rules_name_every_key_and_literal(name, entry, text):
    printed = ts(text)
    for node in _walk_ast(parse_rule(text).expr):
        if isinstance(node, ast.NameKey | ast.NameSegment):
            # a key is a string; a binder (and a path head naming it) the parameter
            as_parameter = re.search(rf"\(\(?{node.name}\b", printed)
            assert ts_string(node.name) in printed or as_parameter, node.name
        elif isinstance(node, ast.String):
            assert ts_string(node.value) in printed, node.value
    connectives = {"AND": "&&", "OR": "||", "XOR": "!=="}
    for word, op in connectives.items():
        assert (f" {word} " in text) == (f" {op}" in printed)
    assert ("?" in text) == ("truthy(" in printed)
    assert " any" not in printed.replace("anyWhere", "")


def _walk_ast(node):
    """Every AST node; a computed key made of literals is one (folded) key."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, ast.ComputedKeySegment) and ir.constant_string(n.expr) is not None:
            continue
        for name in getattr(n, "__dataclass_fields__", {}):
            child = getattr(n, name)
            children = child if isinstance(child, tuple) else (child,)
            stack.extend(c for c in children if hasattr(c, "__dataclass_fields__"))


# ------------------------------------------------------------------ the rule IR


def test_ir_predicate_scope():
    node = ir.lower(parse_rule("a.[first(x => x.b? AND y.c? AND [p].d?)].e?"))
    where = node.access.steps[1]
    assert isinstance(where, ir.Where) and where.binder == "x"
    accesses = [n for n in ir.walk(where.predicate) if isinstance(n, ir.Access)]
    # the element, nothing (`y` is not `x`), the table
    assert [a.root for a in accesses] == ["table", "none", "element"]


def test_ir_outer_binder_is_not_visible_in_a_nested_predicate():
    node = ir.lower(parse_rule("a.[any(x => x.b.[any(y => x.c? OR y.d?)].e?)].f?"))
    inner = next(n for n in ir.walk(node) if isinstance(n, ir.Where) and n.binder == "y")
    roots = sorted(a.root for a in ir.walk(inner.predicate) if isinstance(a, ir.Access))
    assert roots == ["element", "none"]


def test_ir_computed_key_sees_an_empty_config():
    node = ir.lower(parse_rule("'a.['b + '[p].c] = \"x\""))
    key = node.left.access.steps[1]
    assert isinstance(key, ir.KeyOf)
    assert [a.root for a in ir.walk(key.expr) if isinstance(a, ir.Access)] == ["table", "none"]


def test_ir_raw_text_keys():
    # package key, head key and binder are looked up by their source text
    node = ir.lower(parse_rule('[[ "my" + "-app" ]].["k"].a.[any(["x"] => x?)].b?'))
    assert node.access.steps[:2] == (ir.Name('[ "my" + "-app" ]'), ir.Name('["k"]'))
    where = node.access.steps[3]
    assert where.binder == '["x"]'
    assert [a.root for a in ir.walk(where.predicate) if isinstance(a, ir.Access)] == ["none"]
    # without the source text the canonical printing stands in, like the evaluator
    bare = ir.lower(parse_rule('[["my" + "-app"]].a?').expr)
    assert bare.access.steps[0] == ir.Name('["my" + "-app"]')


def test_ir_fan_out_and_throw_analysis():
    def lower(text):
        return ir.lower(parse_value(text))

    assert ir.may_fan_out(lower("#a.*.b + 1"))
    assert ir.may_fan_out(lower("'a.[any(x => x?)]"))
    assert not ir.may_fan_out(lower("'a.['b.*]"))  # b is read from the empty config: null
    assert not ir.may_fan_out(lower("'a.[first(x => x.*?)]"))
    assert ir.may_fan_out(lower("'a.['[p].b.*]"))  # a fanned-out key fans the lookup out
    assert ir.may_throw(lower("'a.[first(x => #x > 1)]"))
    assert not ir.may_throw(lower("'a + \"b\""))


def _any_path(text: str) -> ast.Path:
    """A path parse_reference would refuse (D311): read it as a raw SET value instead."""
    return parse_value(text).expr.path


def test_ir_mutability_of_references():
    # the parser already rejects immutable targets at load time (D311); the compiler's own
    # check still answers for paths built otherwise
    def why(text):
        return ir.mutable(ir.lower_path(_any_path(text)))

    assert why("a.[first(x => x?)].b.0.[\"k\"]") is None
    assert why("a.*.b") == "Any and All are immutable"
    assert why("a.[all(x => x?)]") == "Any and All are immutable"
    assert why("[pkg].a") == "Can only assign to relative path"


# ------------------------------------------------------------------ emitter choices


def test_xor_and_mixed_connectives_are_parenthesised():
    # legacy precedence OR < XOR < AND; JavaScript: || < && < !==
    body = ts("a? XOR b? AND c? XOR d?").split("=>\n", 1)[1]
    assert body.split() == ("(truthy(path(config, ['a'])) !== (truthy(path(config, ['b'])) && "
                            "truthy(path(config, ['c'])))) !== truthy(path(config, ['d']))").split()
    assert "(truthy(path(config, ['a'])) && truthy(path(config, ['b']))) ||" in ts(
        "a? AND b? OR c?")
    assert "truthy(path(config, ['a'])) !== truthy(path(config, ['b'])) ||" in ts(
        "a? XOR b? OR c?")
    assert "!!truthy(" in ts("!(!(a?))")
    # like prettier, a right-nested chain of one operator is printed flat
    assert ts("a? AND (b? AND c?)") == ts("a? AND b? AND c?")
    assert ts("a? OR (b? OR (c? OR d?))") == ts("a? OR b? OR c? OR d?")


def test_right_operand_is_a_thunk_only_when_an_empty_fan_out_could_skip_a_throw():
    assert "() =>" in ts("#a.*.b > #c")
    assert "() =>" not in ts("#a.b > #c")  # no fan-out: the right side is always reached
    assert "() =>" not in ts("#a.*.b > 3")  # nothing to skip
    assert "() =>" in ts("'a.* = 'b.[first(x => #x > 0)]")


def test_binder_names():
    assert "first((myItem) => truthy(path(myItem, ['b'])))" in ts(
        "a.[first(my-item => my-item.b?)].c?")
    assert "first((path_) => truthy(path_))" in ts("a.[first(path => path?)].c?")
    assert "first((config_) => truthy(config_))" in ts("a.[first(config => config?)].c?")
    assert "anyWhere((item) => truthy(null))" in ts('a.[any(["x"] => x?)].c?')
    assert "first((new_) =>" in ts("a.[first(new => new?)].c?")


def test_literals():
    assert "cmpNum('<', path(config, ['a']), Infinity)" in ts("#a < 1e999")
    assert "cmpNum('>', path(config, ['a']), -Infinity)" in ts("#a > -1e999")
    assert "cmpNum('=', path(config, ['a']), 0.5)" in ts("#a = 5e-1")
    assert "cmpStr('=', path(config, ['a']), \"it's\")" in ts("'a = \"it's\"")
    assert "'\\n\\u2028'" in ts("'a = \"\\n\u2028\"")  # through ts_string
    assert "path(config, ['a', 9007199254740992])" in ts("#a.99999999999999999999 = 1")


def test_compile_value_writes_json():
    def value(text):
        return e.module([e.ExprStmt(R.compile_value(parse_value(text)).arrow)])

    assert value("#a + 1").endswith("single(arith('+', path(config, ['a']), 1))\n")
    assert value("'a").endswith("single(str(path(config, ['a'])))\n")
    assert value("#a").endswith("single(num(path(config, ['a'])))\n")
    assert value("a.b").endswith("single(path(config, ['a', 'b']))\n")
    assert value('"x"').endswith("=> 'x'\n")
    assert value("(a? OR b?)").endswith(
        "truthy(path(config, ['a'])) || truthy(path(config, ['b']))\n")


def test_compile_reference():
    ref = R.compile_reference(
        parse_reference("users.[first(item => 'item.name = \"lnd\")].password"))
    assert ref.immutable is None
    assert e.module([e.ExprStmt(ref.segments)]) == (
        ";[\n  'users',\n  first((item) => cmpStr('=', path(item, ['name']), 'lnd')),\n"
        "  'password',\n]\n")
    assert ref.helpers == {"first", "cmpStr", "path"}
    assert R.compile_reference(_any_path("a.*")).immutable == "Any and All are immutable"


# ------------------------------------------------------------------ tsc and prettier

RANDOM = settings(max_examples=150, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))


def _collect_random_rules() -> list[R.CompiledRule]:
    found: list[R.CompiledRule] = []

    @RANDOM
    @given(bool_exprs(3), values)
    def run(rule, value):
        found.append(R.compile_rule(rule))
        found.append(R.compile_value(value))

    run()
    return found


def _all_compiled() -> list[tuple[str, R.CompiledRule]]:
    out = []
    for i, (_, entry, text) in enumerate(GRAMMAR_CASES):
        if entry != "reference":
            out.append((f"grammar{i}", compile_any(entry, text)))
    texts = sorted({text for (entry, text) in corpus.UNIQUE if entry == "rule"})
    out += [(f"corpus{i}", R.compile_rule(parse_rule(t))) for i, t in enumerate(texts)]
    return out


def test_modules_typecheck_and_are_prettier_clean(tmp_path: Path):
    tsharness.ensure_toolchain()
    startos = tmp_path / "project" / "startos"
    startos.mkdir(parents=True)
    (startos / "utils.ts").write_text(utils_source())
    (startos / "rules.ts").write_text(rules_module(_all_compiled()))
    references = [R.compile_reference(parse_reference(t)) for (entry, t) in corpus.UNIQUE
                  if entry == "reference"]
    used = sorted(set().union(*(r.helpers for r in references)) | {"RuleStep"})
    (startos / "references.ts").write_text(e.module([
        e.Import(tuple(used), "./utils"), e.BLANK,
        e.statement_const("references", e.arr([r.segments for r in references]),
                          type_text="RuleStep[][]"),
    ]))
    randoms = []
    for i, compiled in enumerate(_collect_random_rules()):
        randoms.append(startos / f"random{i}.ts")
        randoms[-1].write_text(rules_module([("r", compiled)]))
    errors = tsharness.typecheck([tmp_path / "project"])[(tmp_path / "project").resolve()]
    assert not errors, "\n".join(errors[:20])
    changed = tsharness.prettier_check(sorted(startos.glob("*.ts")))
    assert not changed, f"not prettier-clean: {[p.name for p in changed]}:\n" + (
        changed[0].read_text() if changed else "")
