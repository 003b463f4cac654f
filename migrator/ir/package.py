"""The whole legacy package as the IR stage hands it to lowering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from migrator.ir.manifest import Manifest
from migrator.ir.rulefile import DependencyConditions, RuleFile
from migrator.ir.spec import ConfigSpec
from migrator.read.buildfiles import BackupScript, BuildFacts
from migrator.read.scripts import ScriptFacts
from migrator.read.wrapper import CopiedFile


@dataclass(frozen=True)
class LegacyPackage:
    wrapper_dir: str
    manifest_file: str
    manifest_format: Literal["yaml", "toml", "json"]
    manifest: Manifest
    config_spec: ConfigSpec | None = None
    config_spec_file: str | None = None
    config_spec_source: str | None = None  # explicit | config_spec.yaml | compat | getConfig.ts
    own_rules: RuleFile | None = None
    dependency_rules: tuple[RuleFile, ...] = ()
    dependency_conditions: DependencyConditions | None = None
    inventory: tuple[str, ...] = ()
    copied: tuple[CopiedFile, ...] = ()  # wrapper files carried into the output
    # What the legacy code did beyond the manifest, as the read stage found it.
    scripts: ScriptFacts | None = None
    build: BuildFacts | None = None
    backup_scripts: tuple[BackupScript, ...] = ()

    def file(self, relpath: str) -> CopiedFile | None:
        return next((f for f in self.copied if f.relpath == relpath), None)

    @property
    def era(self) -> str:
        return self.manifest.era

    def rules_for(self, dependency_id: str) -> RuleFile | None:
        """Dependency rules: the 0.3 rules file or the 0.2 inline list."""
        found = next((r for r in self.dependency_rules if r.dependency_id == dependency_id), None)
        if found is not None:
            return found
        dep = self.manifest.dependency(dependency_id)
        return dep.inline_rules if dep is not None else None
