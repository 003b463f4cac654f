"""Config rules in the new package (mapping.md §5, §9): own rules validate the config
action, dependency rules become tasks where a partial input can express them, and every
other rule is compiled into a check the porter wires by hand (a TODO block)."""

from __future__ import annotations

import json

from migrator.ir.rulefile import RuleEntry, RuleFile, SetSuggestion
from migrator.lower.context import Lowering, source_of
from migrator.lower.rule_keys import unknown_keys
from migrator.rules import ast
from migrator.sdk.runtime import DependencyRuleTodo, DependencyTask


def plain_path(reference) -> tuple[str, ...] | None:
    """The keys of a relative path made of names only (`a.b.c`), else None."""
    path = getattr(reference, "path", reference)
    if not isinstance(path, ast.Path) or path.package is not None:
        return None
    if not isinstance(path.head, ast.NameKey):
        return None
    keys = [path.head.name]
    for seg in path.segments:
        if not isinstance(seg, ast.NameSegment):
            return None
        keys.append(seg.name)
    return tuple(keys)


def task_partial(entry: RuleEntry) -> dict | None:
    """`{a: {b: value}}` when every suggestion is `SET <plain path> to-value`, else None."""
    if not entry.suggestions or entry.rule.parsed is None:
        return None
    partial: dict = {}
    for s in entry.suggestions:
        if not isinstance(s, SetSuggestion) or not s.has_to_value or s.guard is not None:
            return None
        keys = plain_path(s.var.parsed.expr) if s.var.parsed is not None else None
        if keys is None:
            return None
        node = partial
        for key in keys[:-1]:
            child = node.setdefault(key, {})
            if not isinstance(child, dict):
                return None
            node = child
        node[keys[-1]] = s.to_value
    return partial


def _suggestion_text(s) -> str:
    guard = f"if {s.guard.text}: " if s.guard else ""
    if s.verb == "SET":
        if s.to is not None:
            value = s.to.text
        elif s.has_to_value:
            value = json.dumps(s.to_value)
        else:
            e = s.to_entropy
            value = (f"random {e.length} chars of {e.charset.text if e.charset else '!-~'}"
                     if e else "random")
        return f"{guard}SET {s.var.text} = {value}"
    if s.verb == "PUSH":
        return f"{guard}PUSH {json.dumps(s.value)} onto {s.to.text}"
    return f"{guard}DELETE {s.spec.text}"


def lower_dependency_rules(lw: Lowering, dep_id: str, rules: RuleFile | None
                           ) -> tuple[list[DependencyTask], list[DependencyRuleTodo]]:
    tasks, todos = [], []
    for entry in (rules.entries if rules else ()):
        construct = f"rule `{entry.rule.text}`"
        partial = task_partial(entry)
        if partial is not None:
            tasks.append(DependencyTask(dep_id, entry.description, partial, entry.rule.text,
                                        source_of(entry.origin)))
            lw.row(construct, "translated", "startos/dependencies.ts",
                   f"task on `{dep_id}`'s config action: \"{entry.description}\"",
                   entry.origin)
            continue
        why = ("it does not parse" if entry.rule.parsed is None else
               "its suggestions cannot be a partial input (PUSH, DELETE, to-entropy, `to:` "
               "expressions, guards or quantified paths)")
        todos.append(DependencyRuleTodo(
            dep_id, entry.description, entry.rule.text,
            tuple(_suggestion_text(s) for s in entry.suggestions), entry.rule.parsed,
            source_of(entry.origin)))
        lw.todo(f"dependency rule on `{dep_id}` (\"{entry.description}\"): {why}; the check "
                "is compiled in startos/rules.ts", entry.origin, construct=construct,
                destination="startos/dependencies.ts, startos/rules.ts", code="L653")
    return tasks, todos


def check_rule_keys(lw: Lowering, text_node, what: str) -> None:
    """D309: a path naming a key the config spec does not have (always null in 0.3)."""
    spec = lw.pkg.config_spec
    if spec is None or text_node is None or text_node.parsed is None:
        return
    for key, reading in unknown_keys(text_node.parsed.expr, spec):
        lw.diags.warning("D309", f"{what} names `{key}`, which the config spec does not have; "
                         f"the legacy OS read it as {reading}", text_node.origin.loc,
                         text_node.origin.path)
