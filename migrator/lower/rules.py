"""Config rules in the new package (mapping.md §5, §9): own rules validate the config
action. Dependency rules are looked up, key by key on their parsed paths, in the table of
the real 0.4 packages (dep04): a key 0.4 keeps on is dropped with a MIGRATION.md row, a key
an action carries becomes a share of ONE task per (dependency, action), and everything else
is compiled into a check the porter wires by hand (a TODO block) — never a guessed action."""

from __future__ import annotations

import json

from dataclasses import dataclass

from migrator.ir.rulefile import RuleEntry, RuleFile
from migrator.lower import dep04
from migrator.lower.context import Lowering, source_of
from migrator.lower.rule_keys import key_text, requirements, unknown_keys
from migrator.sdk.runtime import DependencyRuleTodo, DependencyTask


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


@dataclass(frozen=True)
class TaskPart:
    """One rule's share of a task: merged with the others on the same (dependency, action)."""

    dependency_id: str  # the 0.4 dependency (btc-rpc-proxy rules target bitcoind)
    action_id: str
    set: dict
    accept: tuple[dict, ...]
    severity: str
    description: str
    rule_text: str
    construct: str
    origin: object
    drops: tuple[str, ...] = ()


def _rule_todo(lw: Lowering, dep_id: str, entry: RuleEntry, why: str, code: str,
               hint: str | None = None) -> DependencyRuleTodo:
    lw.todo(f"dependency rule on `{dep_id}` (\"{entry.description}\"): {why}; the check is "
            "compiled in startos/rules.ts", entry.origin, construct=f"rule `{entry.rule.text}`",
            destination="startos/dependencies.ts, startos/rules.ts", code=code)
    return DependencyRuleTodo(dep_id, entry.description, entry.rule.text,
                              tuple(_suggestion_text(s) for s in entry.suggestions),
                              entry.rule.parsed, source_of(entry.origin), hint)


def _lower_entry(lw: Lowering, dep_id: str, pkg04, entry: RuleEntry
                 ) -> TaskPart | DependencyRuleTodo | None:
    if pkg04 is None or pkg04.status == "none":
        why = (f"`{dep_id}` is not in the 0.4 dependency table ({dep04.source()}), so no 0.4 "
               "action is known to carry it" if pkg04 is None else
               f"`{dep_id}` has no 0.4 port ({pkg04.why})")
        return _rule_todo(lw, dep_id, entry, why, "L668")
    reqs = requirements(entry)
    if reqs is None:
        return _rule_todo(lw, dep_id, entry, "it is not a plain requirement on keys of the "
                          "dependency (`key?`, `'key = \"v\"`, `SET key to-value`), so the 0.4 "
                          "table cannot map it", "L653")
    found = [(key, value, pkg04.rule_for(key, value)) for key, value in reqs]
    unknown = [f"`{key_text(k)}` = {json.dumps(v)}" for k, v, m in found if m is None]
    if unknown:
        return _rule_todo(lw, dep_id, entry, f"{', '.join(unknown)} is not in the 0.4 table of "
                          f"`{dep_id}` ({dep04.source()}); no 0.4 action is known for it", "L668")
    todos = [(v, m) for _, v, m in found if m.kind == "todo"]
    if todos:
        hint = "; ".join(m.why.replace("$value", str(v)) for v, m in todos)
        return _rule_todo(lw, dep_id, entry, "no automatic 0.4 equivalent", "L668", hint)
    drops = tuple(m.why for _, _, m in found if m.kind == "drop")
    tasks = [(v, m) for _, v, m in found if m.kind == "task"]
    if not tasks:
        lw.gone(f"rule `{entry.rule.text}`", f"on `{dep_id}`: " + "; ".join(drops)
                + f" ({dep04.source()})", entry.origin)
        return None
    actions = {m.action for _, m in tasks}
    if len(actions) > 1:
        return _rule_todo(lw, dep_id, entry, "its keys map onto several 0.4 actions ("
                          + ", ".join(sorted(actions)) + ")", "L668")
    merged_set, merged_accept = {}, ({},)
    for value, mapping in tasks:
        set_, accept = mapping.partials(value)
        merged_set = deep_merge(merged_set, set_)
        merged_accept = cross_merge(merged_accept, accept)
    if merged_set is None or not merged_accept:
        return _rule_todo(lw, dep_id, entry, "its keys ask for contradicting 0.4 values", "L668")
    severity = max((m.severity for _, m in tasks), key=SEVERITY.index)
    return TaskPart(dep04.target_of(dep_id), actions.pop(), merged_set, merged_accept, severity,
                    entry.description, entry.rule.text, f"rule `{entry.rule.text}`",
                    entry.origin, drops)


def lower_dependency_rules(lw: Lowering, dep_id: str, rules: RuleFile | None
                           ) -> tuple[list[TaskPart], list[DependencyRuleTodo]]:
    """Every rule on `dep_id`: a share of a task, a drop (always on in 0.4) or a TODO."""
    pkg04 = dep04.package(dep_id)
    parts, todos = [], []
    for entry in (rules.entries if rules else ()):
        result = _lower_entry(lw, dep_id, pkg04, entry)
        if isinstance(result, TaskPart):
            parts.append(result)
        elif result is not None:
            todos.append(result)
    return parts, todos


SEVERITY = ("optional", "important", "critical")


def deep_merge(a: dict | None, b: dict) -> dict | None:
    """`a` and `b` merged key by key; None when they set one key to different values."""
    if a is None:
        return None
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
        elif isinstance(out[key], dict) and isinstance(value, dict):
            sub = deep_merge(out[key], value)
            if sub is None:
                return None
            out[key] = sub
        elif out[key] != value or type(out[key]) is not type(value):
            return None
    return out


def cross_merge(left: tuple[dict, ...], right: tuple[dict, ...]) -> tuple[dict, ...]:
    """Every way to satisfy both: each pair merged, contradicting pairs left out."""
    out = []
    for a in left:
        for b in right:
            merged = deep_merge(a, b)
            if merged is not None and merged not in out:
                out.append(merged)
    return tuple(out)


def merge_tasks(lw: Lowering, parts: list[TaskPart]
                ) -> tuple[tuple[DependencyTask, ...], tuple[DependencyRuleTodo, ...]]:
    """ONE task per (dependency, action), so the replay key `<dep>:<action>` stays unique.
    A rule that contradicts the ones before it on the same action becomes a TODO."""
    groups: dict[tuple[str, str], list[TaskPart]] = {}
    todos = []
    for part in parts:
        group = groups.setdefault((part.dependency_id, part.action_id), [])
        trial = group + [part]
        if deep_merge(_merged_set(group), part.set) is None or not _merged_accept(trial):
            lw.todo(f"dependency rule on `{part.dependency_id}` (\"{part.description}\") "
                    f"contradicts another rule on its `{part.action_id}` action",
                    part.origin, construct=part.construct, code="L668",
                    destination="startos/dependencies.ts")
            todos.append(DependencyRuleTodo(part.dependency_id, part.description,
                                            part.rule_text, (), None, source_of(part.origin)))
            continue
        group.append(part)
    tasks = []
    for (dep_id, action_id), group in groups.items():
        task_set = _merged_set(group)
        for part in group:
            note = (f"task on `{dep_id}` action `{action_id}` (one per action), sets "
                    f"{json.dumps(part.set)}: \"{part.description}\"")
            if part.drops:
                note += "; " + "; ".join(part.drops)
            lw.row(part.construct, "translated", "startos/dependencies.ts", note, part.origin)
        tasks.append(DependencyTask(
            dep_id, "; ".join(dict.fromkeys(p.description for p in group)), task_set,
            " ; ".join(p.rule_text for p in group), source_of(group[0].origin), action_id,
            max((p.severity for p in group), key=SEVERITY.index), _merged_accept(group),
            tuple(s for s in (source_of(p.origin) for p in group) if s)))
    return tuple(tasks), tuple(todos)


def _merged_set(group: list[TaskPart]) -> dict | None:
    out: dict | None = {}
    for part in group:
        out = deep_merge(out, part.set)
    return out


def _merged_accept(group: list[TaskPart]) -> tuple[dict, ...]:
    out: tuple[dict, ...] = ({},)
    for part in group:
        out = cross_merge(out, part.accept)
    return out


def check_rule_keys(lw: Lowering, text_node, what: str) -> None:
    """D309: a path naming a key the config spec does not have (always null in 0.3)."""
    spec = lw.pkg.config_spec
    if spec is None or text_node is None or text_node.parsed is None:
        return
    for key, reading in unknown_keys(text_node.parsed.expr, spec):
        lw.diags.warning("D309", f"{what} names `{key}`, which the config spec does not have; "
                         f"the legacy OS read it as {reading}", text_node.origin.loc,
                         text_node.origin.path)
