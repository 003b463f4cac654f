"""Dependencies: manifest entries, setupDependencies requirements and rules (mapping.md §9)."""

from __future__ import annotations


from migrator.ir.manifest import Dependency
from migrator.lower.context import Lowering, source_of
from migrator.lower.manifest import manifest_dependency
from migrator.lower.versions import exver_range
from migrator.sdk.manifest import ManifestDependency
from migrator.lower.rules import check_rule_keys, lower_dependency_rules
from migrator.sdk.runtime import DependencyCondition, DependencyRequirement


def _version_range(lw: Lowering, dep: Dependency) -> str:
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
    health = ()
    table = lw.pkg.dependency_conditions
    for cond in (table.conditions if table else ()):
        if cond.dependency_id == dep.id:
            health = cond.health_checks
    requirement = DependencyRequirement(dep.id, _version_range(lw, dep), conditions, health,
                                        source_of(dep.origin))
    lw.row(construct, "translated", "startos/manifest/index.ts, startos/dependencies.ts",
           f"{dep.requirement.type}; range `{dep.version_text}` → `{requirement.version_range}`"
           + (f"; how: {dep.requirement.how}" if dep.requirement.how else ""), dep.origin)
    if dep.mount_public or dep.mount_shared:
        lw.gone(f"{construct} mount-public/mount-shared", "0.2 shared folders: use "
                "mountDependency on the dependency's volume instead", dep.origin)
    return manifest_dependency(dep), requirement


def lower_dependencies(lw: Lowering, pointers):
    manifest_deps, requirements, tasks, todos = [], [], [], []
    for dep in lw.manifest.dependencies:
        info, requirement = lower_dependency(lw, dep, pointers)
        manifest_deps.append(info)
        requirements.append(requirement)
        dep_tasks, dep_todos = lower_dependency_rules(lw, dep.id, lw.pkg.rules_for(dep.id))
        tasks += dep_tasks
        todos += dep_todos
        if dep.config is not None and lw.pkg.rules_for(dep.id) is None:
            lw.todo(f"`{dep.id}` had config check/auto-configure procedures without a readable "
                    "rules file; port them as a task on the dependency", dep.config.origin,
                    construct=f"dependency `{dep.id}` config", code="L653",
                    destination="startos/dependencies.ts")
    return tuple(manifest_deps), tuple(requirements), tuple(tasks), tuple(todos)
