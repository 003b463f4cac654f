"""IR stage: located values of a wrapper's files → a typed model of the legacy package.

Entry point: `build_ir`. Problems become diagnostics; it returns None only when there is
no manifest to build from.
"""

from __future__ import annotations

from migrator.diagnostics import Diagnostics
from migrator.ir.build_manifest import build_manifest_03
from migrator.ir.build_manifest02 import build_manifest_02
from migrator.ir.build_rules import (
    RuleBudget, build_dependency_conditions, build_rule_file,
)
from migrator.ir.build_spec import SpecBuilder
from migrator.ir.manifest import Manifest, ScriptProcedure
from migrator.ir.package import LegacyPackage
from migrator.read.located import LMap, LScalar, type_name
from migrator.read.wrapper import WrapperFiles

__all__ = ["build_ir", "LegacyPackage"]


def detect_era(node: LMap, diags: Diagnostics) -> str:
    compat = node.get("compat")
    if compat is None:
        return "0.3"
    if isinstance(compat, LScalar) and compat.value == "v0":
        if "ports" in node or "mount" in node or "main" not in node:
            return "0.2"
        diags.warning("M425", "the manifest says `compat: v0` but has 0.3 keys (main, "
                      "interfaces) and no 0.2 `ports`; it is read as a 0.3 manifest",
                      compat.loc, compat.path)
        return "0.3"
    diags.warning("M403", "unknown key `compat` (only `compat: v0` marks a 0.2 manifest)",
                  compat.loc, compat.path)
    return "0.3"


def script_procedures(manifest: Manifest):
    """Every `type: script` procedure, with what it was for."""
    m = manifest
    found = [("main", m.main), ("properties", m.properties), ("backup.create", m.backup_create),
             ("backup.restore", m.backup_restore)]
    if m.config:
        found += [("config.get", m.config.get), ("config.set", m.config.set)]
    found += [(f"health check `{h.id}`", h.procedure) for h in m.health_checks]
    found += [(f"action `{a.id}`", a.implementation) for a in m.actions]
    for dep in m.dependencies:
        if dep.config:
            found += [(f"`{dep.id}` check", dep.config.check),
                      (f"`{dep.id}` auto-configure", dep.config.auto_configure)]
    if m.migrations:
        found += [(f"migration from `{k}`", p) for k, _, p in m.migrations.from_]
        found += [(f"migration to `{k}`", p) for k, _, p in m.migrations.to]
    return [(what, p) for what, p in found if isinstance(p, ScriptProcedure)]


def check_scripts_present(manifest: Manifest, files: WrapperFiles, diags: Diagnostics) -> None:
    scripts_dir = manifest.assets.path("scripts")
    if files.has(scripts_dir) or any(f.relpath.startswith(scripts_dir + "/") for f in files.copied):
        return
    found = script_procedures(manifest)
    if found:
        what, first = found[0]
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        diags.warning("M423", f"{what}{more} run `type: script` procedures, but the wrapper has "
                      f"no {scripts_dir}/ directory; their logic cannot be carried over",
                      first.origin.loc, first.origin.path)


def build_ir(files: WrapperFiles, diags: Diagnostics) -> LegacyPackage | None:
    doc = files.manifest
    if doc is None or doc.root is None:
        return None
    root = doc.root
    if not isinstance(root, LMap):
        diags.error("M426", f"the manifest must be a mapping of keys, not {type_name(root)}",
                    root.loc, root.path)
        return None
    era = detect_era(root, diags)
    spec_builder = SpecBuilder(diags, era)
    rules = RuleBudget()
    if era == "0.2":
        manifest = build_manifest_02(
            root, diags, lambda node, dep_id: build_rule_file(node, diags, doc.display,
                                                              "dependency", dep_id, rules))
    else:
        manifest = build_manifest_03(root, diags, spec_builder.spec)

    check_scripts_present(manifest, files, diags)
    spec = files.config_spec
    own = files.own_rules
    return LegacyPackage(
        wrapper_dir=files.root,
        manifest_file=doc.display,
        manifest_format=doc.format,  # type: ignore[arg-type]
        manifest=manifest,
        config_spec=spec_builder.spec(spec.root) if spec is not None else None,
        config_spec_file=spec.display if spec is not None else None,
        config_spec_source=files.config_spec_source,
        own_rules=build_rule_file(own.root, diags, own.display, "own", budget=rules)
        if own else None,
        dependency_rules=tuple(
            r for r in (build_rule_file(d.root, diags, d.display, "dependency", dep_id, rules)
                        for dep_id, d in files.dependency_rules) if r is not None),
        dependency_conditions=build_dependency_conditions(
            files.dependencies_yaml.root, diags, files.dependencies_yaml.display)
        if files.dependencies_yaml else None,
        inventory=files.inventory,
        copied=files.copied,
        scripts=files.scripts, build=files.build, backup_scripts=files.backup_scripts,
    )
