"""Dependencies: manifest entries, setupDependencies requirements and rules (mapping.md §9)."""

from __future__ import annotations

import json

from migrator.ir.manifest import Dependency
from migrator.ir.rulefile import RuleFile
from migrator.lower.context import Lowering, source_of
from migrator.lower.manifest import manifest_dependency
from migrator.lower.versions import exver_range
from migrator.sdk.manifest import ManifestDependency
from migrator.sdk.runtime import DependencyCondition, DependencyRequirement, DependencyRuleTodo


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
    return tuple(out)


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


def rule_todos(lw: Lowering, dep_id: str, rules: RuleFile | None) -> list[DependencyRuleTodo]:
    """Dependency rules reach the output as TODO blocks quoting rule and description."""
    out = []
    for entry in (rules.entries if rules else ()):
        suggestions = tuple(_suggestion_text(s) for s in entry.suggestions)
        out.append(DependencyRuleTodo(dep_id, entry.description, entry.rule.text, suggestions,
                                      entry.rule.parsed, source_of(entry.origin)))
        lw.todo(f"dependency rule on `{dep_id}`: {entry.description}", entry.origin,
                construct=f"rule `{entry.rule.text}`", destination="startos/dependencies.ts")
    return out


def _suggestion_text(s) -> str:
    guard = f"if {s.guard.text}: " if s.guard else ""
    if s.verb == "SET":
        if s.to is not None:
            value = s.to.text
        elif s.has_to_value:
            value = json.dumps(s.to_value)
        else:
            entropy = s.to_entropy
            value = (f"random {entropy.length} chars of "
                     f"{entropy.charset.text if entropy and entropy.charset else 'printable ASCII'}"
                     if entropy else "random")
        return f"{guard}SET {s.var.text} = {value}"
    if s.verb == "PUSH":
        return f"{guard}PUSH {json.dumps(s.value)} onto {s.to.text}"
    return f"{guard}DELETE {s.spec.text}"


def lower_dependencies(lw: Lowering, pointers):
    manifest_deps, requirements, todos = [], [], []
    for dep in lw.manifest.dependencies:
        info, requirement = lower_dependency(lw, dep, pointers)
        manifest_deps.append(info)
        requirements.append(requirement)
        todos += rule_todos(lw, dep.id, lw.pkg.rules_for(dep.id))
        if dep.config is not None and lw.pkg.rules_for(dep.id) is None:
            lw.todo(f"`{dep.id}` had config check/auto-configure procedures without a readable "
                    "rules file; port them as a task on the dependency", dep.config.origin,
                    construct=f"dependency `{dep.id}` config", code="L653",
                    destination="startos/dependencies.ts")
    return tuple(manifest_deps), tuple(requirements), tuple(todos)
