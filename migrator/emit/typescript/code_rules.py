"""startos/rules.ts: every compiled legacy rule, with the legacy text above it."""

from __future__ import annotations

from dataclasses import dataclass

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.names import Names
from migrator.emit.typescript.render import A, R, V, module
from migrator.emit.typescript.rules import compile_rule
from migrator.sdk.package import SdkPackage


@dataclass(frozen=True)
class RuleNames:
    own: tuple[tuple[str, str], ...]  # (description, const name) of the own rules
    conditions: dict[str, str]  # dependency id → const name of its dependencies.yaml condition
    checks: dict[int, str]  # index in pkg.dependency_todos → const name of the compiled check


def _comment(text: str, source) -> list:
    where = f" ({source})" if source else ""
    return [e.comment(f"legacy rule{where}:"), e.comment(f"  {text}")]


def rules_module(pkg: SdkPackage) -> tuple[str | None, RuleNames]:
    names = Names()
    stmts, helpers = [], {"RuleTable"}
    own, conditions, checks = [], {}, {}

    def add(name_hint: str, rule, text: str, source) -> str:
        compiled = compile_rule(rule)
        helpers.update(compiled.helpers)
        name = names.make(name_hint)
        stmts.extend([*([e.BLANK] if stmts else []), *_comment(text, source),
                      e.statement_const(name, compiled.arrow)])
        return name

    for i, rule in enumerate(pkg.config.own_rules if pkg.config else (), 1):
        if rule.rule is not None:
            own.append((rule.description, add(f"own rule {i}", rule.rule, rule.rule_text,
                                               rule.source)))
    for dep in pkg.dependencies:
        for cond in dep.conditions:
            if cond.kind == "rule" and cond.rule is not None:
                conditions[dep.id] = add(f"{dep.id} condition", cond.rule, cond.rule_text, None)
    for index, todo in enumerate(pkg.dependency_todos):
        if todo.rule is not None:
            checks[index] = add(f"{todo.dependency_id} rule", todo.rule, todo.rule_text,
                                todo.source)
    result = RuleNames(tuple(own), conditions, checks)
    if not stmts:
        return None, result
    own_list = e.statement_const("ownRules", A([A([V(d), R(n)]) for d, n in own]),
                                 type_text="[string, Rule][]")
    body = [e.Import(tuple(sorted(helpers | {"Rule"}, key=str.lower)), "./utils"), e.BLANK,
            e.comment("Legacy config rules compiled to TypeScript by startos-migrate. Each"),
            e.comment("reads the legacy-shaped config; `table` maps package ids to configs."),
            e.BLANK, *stmts, e.BLANK,
            e.comment("config_rules.yaml: every rule must hold before the config is written."),
            own_list]
    return module(body), result
