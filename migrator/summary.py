"""The one-screen summary `check` prints: what the migrator found in a wrapper."""

from __future__ import annotations

from collections import Counter
from typing import Any

from migrator.diagnostics import Diagnostics, Severity
from migrator.ir import LegacyPackage
from migrator.ir.spec import ListSpec


def summarize(pkg: LegacyPackage | None, diags: Diagnostics) -> dict[str, Any]:
    counts = {s.value: diags.count(s) for s in Severity}
    if pkg is None:
        return {"package": None, "diagnostics": counts}
    m = pkg.manifest
    spec_types: Counter[str] = Counter()
    if pkg.config_spec is not None:
        for value in pkg.config_spec.walk():
            if value.key == "" and not isinstance(value, ListSpec):
                continue  # list item specs are counted with their list
            label = f"list/{value.subtype}" if isinstance(value, ListSpec) else value.type
            spec_types[label] += 1
    dep_rules = {}
    for dep in m.dependencies:
        rules = pkg.rules_for(dep.id)
        if rules is not None:
            dep_rules[dep.id] = len(rules.entries)
    return {
        "package": {
            "id": m.id, "title": m.title, "version": m.version_text, "era": m.era,
            "manifest": pkg.manifest_file, "format": pkg.manifest_format,
        },
        "interfaces": [{"id": i.id, "ports": list(i.internal_ports), "ui": i.ui}
                       for i in m.interfaces],
        "health_checks": [h.id for h in m.health_checks],
        "actions": [a.id for a in m.actions],
        "dependencies": [{"id": d.id, "requirement": d.requirement.type,
                          "version": d.version_text} for d in m.dependencies],
        "volumes": [{"id": v.id, "type": v.type} for v in m.volumes],
        "config_spec": None if pkg.config_spec is None else {
            "file": pkg.config_spec_file, "source": pkg.config_spec_source,
            "fields": sum(spec_types.values()), "by_type": dict(sorted(spec_types.items())),
        },
        "rules": {
            "own": len(pkg.own_rules.entries) if pkg.own_rules else 0,
            "dependencies": dep_rules,
            "conditions": len(pkg.dependency_conditions.conditions)
            if pkg.dependency_conditions else 0,
        },
        "diagnostics": counts,
    }


def _names(items: list[str]) -> str:
    return ", ".join(items) if items else "-"


def render_summary(s: dict[str, Any]) -> str:
    counts = s["diagnostics"]
    tail = f"{counts['error']} error(s), {counts['warning']} warning(s)"
    if s["package"] is None:
        return f"no package read; {tail}"
    p = s["package"]
    lines = [f"{p['id']} {p['version']} ({p['title']}): {p['era']} wrapper, "
             f"{p['manifest']} ({p['format']})"]

    def row(label: str, text: str) -> None:
        lines.append(f"  {label:<14}{text}")

    row("interfaces", _names([f"{i['id']} ({', '.join(map(str, i['ports'])) or 'no port'}"
                              f"{', ui' if i['ui'] else ''})" for i in s["interfaces"]]))
    row("health checks", _names(s["health_checks"]))
    row("actions", _names(s["actions"]))
    row("dependencies", _names([f"{d['id']} ({d['requirement']}, {d['version']})"
                                for d in s["dependencies"]]))
    row("volumes", _names([f"{v['id']} ({v['type']})" for v in s["volumes"]]))
    spec = s["config_spec"]
    if spec is None:
        row("config spec", "none")
    else:
        by_type = ", ".join(f"{k} {v}" for k, v in spec["by_type"].items())
        row("config spec", f"{spec['fields']} field(s) from {spec['file']}"
            + (f": {by_type}" if by_type else ""))
    rules = s["rules"]
    dep = ", ".join(f"{k} {v}" for k, v in rules["dependencies"].items())
    row("rules", f"own {rules['own']}" + (f"; dependencies: {dep}" if dep else "")
        + (f"; conditions {rules['conditions']}" if rules["conditions"] else ""))
    row("diagnostics", tail)
    return "\n".join(lines)
