"""Dependencies: manifest entries, setupDependencies requirements and rules (mapping.md §9),
against what the real 0.4 ports expose (dep04: version floors, health-check ids, actions)."""

from __future__ import annotations

import dataclasses

from migrator.ir.manifest import Dependency
from migrator.lower import dep04
from migrator.lower.context import Lowering, source_of
from migrator.lower.manifest import manifest_dependency
from migrator.lower.versions import exver_range
from migrator.sdk.manifest import ManifestDependency
from migrator.lower.rules import check_rule_keys, lower_dependency_rules, merge_tasks
from migrator.sdk.runtime import DependencyCondition, DependencyRequirement


def _legacy_range(lw: Lowering, dep: Dependency) -> str:
    if dep.version is None:
        lw.diags.warning("L651", f"the version range of `{dep.id}` did not parse; `*` is used",
                         dep.origin.loc, dep.origin.path / "version")
        return "*"
    return exver_range(dep.version)


def _conditions(lw: Lowering, dep: Dependency, pointers) -> tuple[DependencyCondition, ...]:
    """When an optional dependency is current: dependencies.yaml conditions and pointers."""
    out = []
    table = lw.pkg.dependency_conditions
    for cond in (table.conditions if table else ()):
        if cond.dependency_id == dep.id:
            check_rule_keys(lw, cond.condition, f"the condition of `{dep.id}`")
            out.append(DependencyCondition("rule", rule=cond.condition.parsed,
                                           rule_text=cond.condition.text))
    for field in pointers:
        if field.pointer.package_id != dep.id or field.pointer.package_id == lw.manifest.id:
            continue
        if field.variant is not None:
            union_path, tag_id, variant = field.variant
            out.append(DependencyCondition("variant", tuple(union_path), tag_id, (variant,)))
        else:
            out.append(DependencyCondition("always"))
    if any(c.kind == "always" for c in out):
        return (DependencyCondition("always"),)
    # Several pointers in one variant give the same condition: keep it once.
    return tuple(dict.fromkeys(out))


def _legacy_health(lw: Lowering, dep: Dependency) -> tuple[str, ...]:
    """The health checks the legacy package required (dependencies.yaml `health_checks`)."""
    table = lw.pkg.dependency_conditions
    found: list[str] = []
    for cond in (table.conditions if table else ()):
        if cond.dependency_id == dep.id:
            found += cond.health_checks
    return tuple(dict.fromkeys(found))


def _facts(lw: Lowering, dep: Dependency, construct: str):
    """(0.4 id, version range, health-check ids, TODOs, note) of one legacy dependency."""
    pkg = dep04.package(dep.id)
    legacy_health = _legacy_health(lw, dep)
    legacy_range = _legacy_range(lw, dep)
    if pkg is None or pkg.status == "none":
        why = (f"`{dep.id}` is not in the 0.4 dependency table ({dep04.source()}): the range is "
               "converted from the legacy emver range and the health-check ids are the legacy "
               "ones; check both against the 0.4 package" if pkg is None else
               f"`{dep.id}` has no 0.4 port ({pkg.why}); the legacy range and health checks "
               "are kept until you replace the dependency")
        todo = lw.todo(why, dep.origin, code="L667")  # the dependency's own row says it
        return dep.id, legacy_range, legacy_health, (todo,), why
    target = dep04.package(dep04.target_of(dep.id))
    health, dropped = dep04.translate_health(dep.id, legacy_health)
    todos = []
    for legacy, why in dropped:
        todos.append(lw.todo(f"health check `{legacy}` of `{dep.id}` is not required any more: "
                             f"{why}", dep.origin, construct=f"{construct} health `{legacy}`",
                             destination="startos/dependencies.ts", code="L670"))
    note = (f"range `{dep.version_text}` → the 0.4 floor `{target.version_range}` "
            f"({target.version_range_source}); healthChecks "
            + (f"{list(legacy_health)} → {list(health)}" if legacy_health else
               f"{list(health)} (the ids 0.4 dependents use)"))
    if pkg.status == "folded":
        note = f"becomes `{target.id}`: {pkg.why}; " + note
    return target.id, target.version_range, health, tuple(todos), note


def lower_dependency(lw: Lowering, dep: Dependency, pointers
                     ) -> tuple[ManifestDependency, DependencyRequirement]:
    construct = f"dependency `{dep.id}`"
    conditions: tuple[DependencyCondition, ...] = ()
    if dep.requirement.type != "required":
        conditions = _conditions(lw, dep, pointers)
        if not conditions:
            default_on = dep.requirement.type == "opt-out"
            text = (f"`{dep.id}` is {dep.requirement.type}: the legacy package decided at "
                    f"config time whether it is used (\"{dep.requirement.how or ''}\"); it is "
                    + ("always required here until you add the condition" if default_on
                       else "never required here until you add the condition"))
            todo = lw.todo(text, dep.origin, construct=f"{construct} condition",
                           destination="startos/dependencies.ts", code="L652")
            conditions = (DependencyCondition("always" if default_on else "unknown", todo=todo),)
    dep_id, version_range, health, todos, note = _facts(lw, dep, construct)
    requirement = DependencyRequirement(dep_id, version_range, conditions, health,
                                        source_of(dep.origin), todos)
    unknown = any(t.text == note for t in todos)
    lw.row(construct, "todo" if unknown else "translated",
           "startos/manifest/index.ts, startos/dependencies.ts",
           f"{dep.requirement.type}; "
           + (note or f"range `{dep.version_text}` → `{requirement.version_range}`")
           + (f"; how: {dep.requirement.how}" if dep.requirement.how else ""), dep.origin)
    if dep.mount_public or dep.mount_shared:
        lw.gone(f"{construct} mount-public/mount-shared", "0.2 shared folders: use "
                "mountDependency on the dependency's volume instead", dep.origin)
    info = manifest_dependency(dataclasses.replace(dep, id=dep_id) if dep_id != dep.id else dep)
    return info, requirement


def _fold(manifest_deps, requirements):
    """Two legacy dependencies that are one 0.4 package (btc-rpc-proxy and bitcoind): one
    entry, required if either was, current whenever either was."""
    infos: dict[str, ManifestDependency] = {}
    reqs: dict[str, DependencyRequirement] = {}
    for info, req in zip(manifest_deps, requirements):
        if req.id not in reqs:
            infos[req.id], reqs[req.id] = info, req
            continue
        first = reqs[req.id]
        conditions = () if not first.conditions or not req.conditions else \
            tuple(dict.fromkeys(first.conditions + req.conditions))
        if any(c.kind == "always" for c in conditions):
            conditions = tuple(c for c in conditions if c.kind == "always")[:1]
        # A condition merged away keeps its TODO (its row stays): on the entry instead.
        lost = tuple(c.todo for c in first.conditions + req.conditions
                     if c.todo is not None and c not in conditions)
        reqs[req.id] = dataclasses.replace(
            first, conditions=conditions,
            health_checks=tuple(dict.fromkeys(first.health_checks + req.health_checks)),
            todos=first.todos + req.todos + tuple(dict.fromkeys(lost)))
        infos[req.id] = dataclasses.replace(infos[req.id],
                                            optional=infos[req.id].optional and info.optional)
    return tuple(infos.values()), tuple(reqs.values())


def lower_dependencies(lw: Lowering, pointers):
    manifest_deps, requirements, parts, todos = [], [], [], []
    for dep in lw.manifest.dependencies:
        info, requirement = lower_dependency(lw, dep, pointers)
        dep_parts, dep_todos = lower_dependency_rules(lw, dep.id, lw.pkg.rules_for(dep.id))
        parts += dep_parts
        todos += dep_todos
        if dep.config is not None and lw.pkg.rules_for(dep.id) is None:
            todo = lw.todo(f"`{dep.id}` had config check/auto-configure procedures without a "
                           "readable rules file; port them as a task on the dependency",
                           dep.config.origin, construct=f"dependency `{dep.id}` config",
                           code="L653", destination="startos/dependencies.ts")
            # The spot: the dependency's entry in setupDependencies.
            requirement = dataclasses.replace(requirement, todos=requirement.todos + (todo,))
        manifest_deps.append(info)
        requirements.append(requirement)
    tasks, conflicts = merge_tasks(lw, parts)
    manifest_deps, requirements = _fold(manifest_deps, requirements)
    return manifest_deps, requirements, tasks, tuple(todos) + conflicts
