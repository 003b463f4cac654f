"""Config rules (legacy-formats.md §5) as readable Python over `startos_sdk.rules`.

The Python backend of the rule compiler, from the same IR as the TypeScript one
(migrator.rules.compile). A rule becomes ONE function a reviewer can hold next to the
legacy text:

    # legacy rule:
    #   rpc.enable? OR !('advanced.pruning.mode = "manual")
    def own_rule_1(config: Any, table: RuleTable) -> bool:
        return truthy(path(config, ["rpc", "enable"])) or not cmp_str(
            "=", path(config, ["advanced", "pruning", "mode"]), "manual"
        )

Paths, coercions and comparisons are calls of the runtime helpers (which carry the legacy
evaluator's semantics: fan-outs, substring "comparisons", the 0.3 `#` crash); the
connectives are Python's own: AND → `and`, OR → `or` (both short-circuit like the legacy
evaluator, which guards such as `!(x?) OR #x > 0` rely on), XOR → `!=` on the two
booleans. This module only decides precedence and parentheses; black lays the text out.
Every string (keys, literals, rule texts) goes through `py_string`.
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass, field

import black

from migrator.emit.python.literals import py_string
from migrator.rules import ast
from migrator.rules import compile as ir
from migrator.sdk.package import SdkPackage

CONFIG, TABLE = "config", "table"
PARAMS = f"{CONFIG}: Any, {TABLE}: RuleTable"
RUNTIME = "startos_sdk.rules"

# Every runtime name a compiled rule can call; a binder must not shadow any of them.
HELPERS = frozenset({
    "RuleTable", "path", "ANY", "ALL", "first", "last", "any_where", "all_where", "key_of",
    "index_of", "truthy", "num", "string", "cmp_num", "cmp_str", "arith", "concat", "single",
})
_RESERVED = HELPERS | {CONFIG, TABLE, "Any", "RuleCheck", "own_rule", "not_migrated"}
_STEP_HELPERS = {"first": "first", "last": "last", "any": "any_where", "all": "all_where"}

# Python precedence of what a rule prints: `or` < `and` < `not` < `!=` < a call or literal.
_OR, _AND, _NOT, _CMP, _ATOM = range(5)


@dataclass(frozen=True)
class CompiledRule:
    """A Python expression over `config` and `table`, and the helpers it calls."""

    expr: str
    helpers: frozenset[str]
    returns: str = "bool"  # a `SET to:` value returns Any

    def function(self, name: str) -> str:
        """`def <name>(config: Any, table: RuleTable) -> bool: return <expr>` (before
        black)."""
        return f"def {name}({PARAMS}) -> {self.returns}:\n    return {self.expr}\n"


def compile_rule(rule: ast.Rule | ast.Expr) -> CompiledRule:
    """`rule:`, `condition:`, `if:` → a boolean expression."""
    out = _Compiler()
    text, _ = out.expr(ir.lower(rule))
    return CompiledRule(text, out.used())


def compile_value(value: ast.ValueExpr | ast.Expr) -> CompiledRule:
    """`SET to:` → the JSON value SET writes: a boolean, or through `single` (a fan-out
    and an absent string are None, a non-finite number raises)."""
    node = ir.lower(value)
    out = _Compiler()
    text, _ = out.expr(node)
    if isinstance(node, ir.Coerce) and node.to in ("num", "str"):
        text = out.call("num" if node.to == "num" else "string", text)
    literal = isinstance(node, ir.Lit) and (isinstance(node.value, str)
                                            or math.isfinite(node.value))
    if not _is_bool(node) and not literal:
        text = out.call("single", text)
    return CompiledRule(text, out.used(), "Any")


def comment(text: str) -> list[str]:
    """`# ` lines showing a legacy text: one per line of it, every character that could end
    the comment or hide in the file (controls, separators, surrogates, bidi marks)
    escaped; the exact text is in the generated string literals."""
    lines = text.replace("\r\n", "\n").split("\n")
    return [f"#   {_visible(line)}".rstrip() for line in lines]


def _visible(line: str) -> str:
    return "".join(ch if ch.isprintable() else py_string(ch)[1:-1] for ch in line)


def _is_bool(node: ir.Node) -> bool:
    return isinstance(node, ir.Logic | ir.Not | ir.Compare) or (
        isinstance(node, ir.Coerce) and node.to == "bool")


def _literal(value: float | str) -> str:
    if isinstance(value, str):
        return py_string(value)
    if math.isinf(value):  # `1e999` is a legal DSL number
        return 'float("inf")' if value > 0 else '-float("inf")'
    if value.is_integer() and abs(value) < 2**53 and math.copysign(1, value) > 0:
        return str(int(value))  # `#x > 0` reads better than `0.0`; num() makes it a float
    return repr(value)


def _binder_name(binder: str) -> str:
    """A lambda parameter for a binder: `item` stays, `my-item` becomes `my_item`; a name
    that is a keyword or would shadow a helper or a parameter gets a `_` suffix; a computed
    binder (`["x"]`), which no path can name, is `item`."""
    name = binder.replace("-", "_")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        return "item"
    while name in _RESERVED or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


@dataclass
class _Compiler:
    """Compiles one rule; records the helpers it calls. `element` names the parameter of
    the innermost predicate lambda (None outside predicates)."""

    helpers: set[str] = field(default_factory=set)
    element: str | None = None

    def used(self) -> frozenset[str]:
        return frozenset(self.helpers)

    def call(self, helper: str, *args: str) -> str:
        self.helpers.add(helper)
        return f"{helper}({', '.join(args)})"

    # -------------------------------------------------------------- expressions

    def expr(self, n: ir.Node) -> tuple[str, int]:
        """The text of `n` and its precedence."""
        if isinstance(n, ir.Lit):
            text = _literal(n.value)
            return text, _ATOM if not text.startswith("-") else _CMP
        if isinstance(n, ir.Coerce):
            # `#` and `'` operands are coerced by the helper that takes them
            read = self.access(n.access)
            return (self.call("truthy", read) if n.to == "bool" else read), _ATOM
        if isinstance(n, ir.Logic):
            return self.logic(n)
        if isinstance(n, ir.Not):
            operand, prec = self.expr(n.operand)
            bare = prec in (_NOT, _ATOM)  # `not a != b` is legal but reads ambiguously
            return f"not {operand if bare else f'({operand})'}", _NOT
        if isinstance(n, ir.Compare):
            helper = "cmp_num" if n.kind == "num" else "cmp_str"
            return self.call(helper, py_string(n.op), *self.operands(n)), _ATOM
        if isinstance(n, ir.Arith):
            return self.call("arith", py_string(n.op), *self.operands(n)), _ATOM
        if isinstance(n, ir.Concat):
            return self.call("concat", *self.operands(n)), _ATOM
        raise TypeError(f"not a rule IR node: {n!r}")

    def logic(self, n: ir.Logic) -> tuple[str, int]:
        left, lp = self.expr(n.left)
        right, rp = self.expr(n.right)
        if n.op == "XOR":  # `!=` would chain with a comparison: only atoms go bare
            return f"{_wrap(left, lp, _ATOM)} != {_wrap(right, rp, _ATOM)}", _CMP
        prec, word = (_AND, "and") if n.op == "AND" else (_OR, "or")
        # `a and (b and c)` is `a and b and c` (same order, same short-circuit); an `and`
        # under an `or` keeps its parentheses for the reader, as prettier does in TS
        same = {prec} if n.op == "AND" else {_OR}
        left = left if lp in same or lp > _AND else f"({left})"
        right = right if rp in same or rp > _AND else f"({right})"
        return f"{left} {word} {right}", prec

    def operands(self, n: ir.Compare | ir.Arith | ir.Concat) -> tuple[str, str]:
        """The legacy evaluator reached the right operand only for a leaf of the left one:
        where the left can be an empty fan-out and the right can raise, the right is
        passed as a thunk (`lambda: …`) so it is skipped too."""
        left, _ = self.expr(n.left)
        right, _ = self.expr(n.right)
        if ir.may_fan_out(n.left) and ir.may_throw(n.right):
            right = f"lambda: {right}"
        return left, right

    # -------------------------------------------------------------- paths

    def access(self, a: ir.Access) -> str:
        if a.root == "none":
            return "None"  # a relative path where the current config has no members
        if a.root == "element":
            assert self.element is not None
            if not a.steps:
                return self.element
            return self.call("path", self.element, self.steps(a.steps))
        return self.call("path", CONFIG if a.root == "config" else TABLE, self.steps(a.steps))

    def steps(self, steps: tuple[ir.Step, ...]) -> str:
        return "[" + ", ".join(self.step(s) for s in steps) + "]"

    def step(self, s: ir.Step) -> str:
        if isinstance(s, ir.Name):
            return py_string(s.name)
        if isinstance(s, ir.Index):
            return str(s.index)
        if isinstance(s, ir.KeyOf | ir.IndexOf):
            # evaluated only on an object / array, as the legacy evaluator did
            value, _ = self.expr(s.expr)
            return self.call("key_of" if isinstance(s, ir.KeyOf) else "index_of",
                             f"lambda: {value}")
        if isinstance(s, ir.Each):
            self.helpers.add("ANY" if s.quantifier == "any" else "ALL")
            return "ANY" if s.quantifier == "any" else "ALL"
        if isinstance(s, ir.Where):
            name = _binder_name(s.binder)
            body, _ = _Compiler(self.helpers, name).expr(s.predicate)
            return self.call(_STEP_HELPERS[s.fn], f"lambda {name}: {body}")
        raise TypeError(f"not a path step: {s!r}")


def _wrap(text: str, prec: int, needed: int) -> str:
    return text if prec >= needed else f"({text})"


def module_source(functions: list[tuple[str, CompiledRule]], docstring: str) -> str:
    """A module defining each compiled rule as a function (before black): what tests use."""
    used = sorted(set().union(*(r.helpers for _, r in functions)) | {"RuleTable"})
    head = [f'"""{docstring}"""', "", "from typing import Any", "",
            f"from {RUNTIME} import {', '.join(used)}", ""]
    return "\n".join(head) + "".join(f"\n\n{r.function(n)}" for n, r in functions)


# ------------------------------------------------------------------ the project's rules.py

_MODULE_DOC = """Legacy config rules (config_rules.yaml) compiled to Python by startos-migrate.

Each rule reads the legacy-shaped config (start9/config.yaml); `table` maps package ids
to configs for `[pkg].` paths. The legacy `config set` refused a config while any rule
was violated: `python -m <package> check-config` checks them the same way."""


def own_rules_module(pkg: SdkPackage) -> str | None:
    """The source of the generated project's `rules.py` (black-formatted), defining
    `OWN_RULES: tuple[RuleCheck, ...]`; None when the package has no own rules. A rule
    that did not parse is a RuleCheck with a `todo` (a TODO(migrate) comment stands above
    it), which nothing enforces: the TypeScript project quotes it in a TODO too."""
    rules = pkg.config.own_rules if pkg.config is not None else ()
    if not rules:
        return None
    functions: list[str] = []
    entries: list[str] = []
    helpers: set[str] = {"RuleCheck"}
    for i, rule in enumerate(rules, 1):
        fields = (f"rule_text={py_string(rule.rule_text)}, "
                  f"description={py_string(rule.description)}, ")
        if rule.rule is None:
            helpers.add("not_migrated")
            todo = (f"the legacy rule below (\"{rule.description}\") does not parse; "
                    "enforce it by hand")
            legacy = f" (legacy: {rule.source})" if rule.source else ""
            entries += [f"# TODO(migrate): {_visible(todo + legacy)}", *comment(rule.rule_text),
                        f"RuleCheck({fields}check=not_migrated, todo={py_string(todo)}),"]
            continue
        name = f"own_rule_{i}"
        compiled = compile_rule(rule.rule)
        helpers |= compiled.helpers | {"RuleTable", "own_rule"}
        where = f" ({rule.source})" if rule.source else ""
        functions += ["", f"# legacy rule{_visible(where)}:", *comment(rule.rule_text),
                      compiled.function(name)]
        entries.append(f"RuleCheck({fields}check=own_rule(PACKAGE_ID, {name})),")
    parts = [f'"""{_MODULE_DOC}"""', ""]
    if functions:
        parts += ["from typing import Any", ""]
    parts += [f"from {RUNTIME} import {', '.join(sorted(helpers, key=str.lower))}", "",
              f"PACKAGE_ID = {py_string(pkg.manifest.id)}", "", *functions, "",
              "# config_rules.yaml, in order: every rule must hold before the config is",
              "# written (the legacy `config set` refused it otherwise).",
              "OWN_RULES: tuple[RuleCheck, ...] = (", *entries, ")", ""]
    return black.format_str("\n".join(parts), mode=black.Mode())
