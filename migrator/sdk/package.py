"""The one SDK model of a converted package: what every emitter renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migrator.sdk.manifest import SdkManifest, VersionGraph, built_manifest_json
from migrator.sdk.report import MigrationRow, SourceRef, Todo
from migrator.sdk.runtime import (
    Action, Backups, ConfigFile, ConfigWrite, DependencyRequirement, DependencyRuleTodo, DependencyTask, Host,
    Instructions, MainSpec, NeedsConfigTask,
)


@dataclass(frozen=True)
class OwnRule:
    """A rule of config_rules.yaml: checked before the config action writes anything."""

    rule_text: str
    description: str
    rule: Any  # parsed migrator.rules.Rule, None if it did not parse
    source: SourceRef | None = None


@dataclass(frozen=True)
class ConfigModel:
    """The config action over the legacy `start9/config.yaml` contract (mapping.md §5)."""

    input_spec: Any  # migrator.sdk.inputspec.InputSpec
    shape: Any  # the legacy ⇄ form value-shape map from lower.config_spec
    file: ConfigFile
    pointers: tuple[Any, ...]  # lower.config_spec PointerField
    file_schema: Any = None  # migrator.sdk.config_file.Record_ (legacy shape + defaults)
    own_rules: tuple[OwnRule, ...] = ()
    needs_config: NeedsConfigTask | None = None
    todos: tuple[Todo, ...] = ()
    source: SourceRef | None = None
    writes: tuple[ConfigWrite, ...] = ()  # native config files the legacy setConfig wrote
    # Per pointer (same order as `pointers`): the TODO of one 0.4 does not compute, else None.
    pointer_todos: tuple[Todo | None, ...] = ()


@dataclass(frozen=True)
class CarriedFile:
    """A wrapper file written into the project (path in the project, bytes)."""

    path: str
    content: bytes
    executable: bool = False
    source: str = ""  # path in the wrapper


@dataclass(frozen=True)
class SdkPackage:
    manifest: SdkManifest
    versions: VersionGraph
    hosts: tuple[Host, ...]
    main: MainSpec
    actions: tuple[Action, ...]
    dependencies: tuple[DependencyRequirement, ...]
    backups: Backups
    instructions: Instructions
    config: ConfigModel | None = None
    dependency_tasks: tuple[DependencyTask, ...] = ()
    dependency_todos: tuple[DependencyRuleTodo, ...] = ()
    migration: tuple[MigrationRow, ...] = ()
    carried: tuple[CarriedFile, ...] = ()
    legacy_source: str = ""  # the legacy manifest, for provenance headers
    legacy_sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # TODOs above the action list (startos/actions/index.ts): actions the porter must add
    # (a config action whose spec could not be read).
    actions_todos: tuple[Todo, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """What the dump of the generated project prints (sdk-2.0.9.md §4)."""
        from migrator.sdk.inputspec import build_json  # noqa: PLC0415 - optional model part

        actions = {}
        for action in self.actions:
            spec = build_json(action.input_spec) if action.input_spec is not None else None
            actions[action.id] = {"metadata": action.metadata.to_json(action.has_input),
                                  "spec": spec, "prefill": None}
        return {"manifest": built_manifest_json(self.manifest, self.versions),
                "actions": actions}
