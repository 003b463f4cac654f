"""IR stage: located values of a wrapper's files → a typed model of the legacy package.

Entry point: `build_ir`. Problems become diagnostics; it returns None only when there is
no manifest to build from.
"""

from __future__ import annotations

from migrator.diagnostics import Diagnostics
from migrator.ir.build_manifest import build_manifest_03
from migrator.ir.build_manifest02 import build_manifest_02
from migrator.ir.build_rules import build_dependency_conditions, build_rule_file
from migrator.ir.build_spec import SpecBuilder
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
    if era == "0.2":
        manifest = build_manifest_02(
            root, diags, lambda node, dep_id: build_rule_file(node, diags, doc.display,
                                                              "dependency", dep_id))
    else:
        manifest = build_manifest_03(root, diags, spec_builder.spec)

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
        own_rules=build_rule_file(own.root, diags, own.display, "own") if own else None,
        dependency_rules=tuple(
            r for r in (build_rule_file(d.root, diags, d.display, "dependency", dep_id)
                        for dep_id, d in files.dependency_rules) if r is not None),
        dependency_conditions=build_dependency_conditions(
            files.dependencies_yaml.root, diags, files.dependencies_yaml.display)
        if files.dependencies_yaml else None,
        inventory=files.inventory,
        copied=files.copied,
    )
