"""The whole package: `setup_package` joins what the project's modules build into the one
model (`SdkPackage`) the migrator emits TypeScript from and `dump` prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from migrator.sdk.manifest import SdkManifest, VersionGraph
from migrator.sdk.package import CarriedFile, ConfigModel, SdkPackage
from migrator.sdk.report import MigrationRow, Todo
from migrator.sdk.runtime import (
    Action, Backups, DependencyRequirement, DependencyRuleTodo, DependencyTask, Host,
    Instructions, MainSpec,
)


def setup_package(*, manifest: SdkManifest, versions: VersionGraph, hosts: Sequence[Host],
                  main: MainSpec, actions: Sequence[Action],
                  dependencies: Sequence[DependencyRequirement], backups: Backups,
                  instructions: Instructions, config: ConfigModel | None = None,
                  dependency_tasks: Sequence[DependencyTask] = (),
                  dependency_todos: Sequence[DependencyRuleTodo] = (),
                  migration: Sequence[MigrationRow] = (), carried: Sequence[CarriedFile] = (),
                  legacy_source: str = "", legacy_sha256: str = "",
                  extra: Mapping[str, Any] | None = None,
                  actions_todos: Sequence[Todo] = ()) -> SdkPackage:
    """The package: what `sdk.setupManifest`, `setupMain`, `setupInterfaces`, `Actions.of`,
    `setupDependencies`, `setupBackups` and `setupInit` of the TypeScript project hold."""
    return SdkPackage(manifest, versions, tuple(hosts), main, tuple(actions),
                      tuple(dependencies), backups, instructions, config,
                      tuple(dependency_tasks), tuple(dependency_todos), tuple(migration),
                      tuple(carried), legacy_source, legacy_sha256, dict(extra or {}),
                      tuple(actions_todos))


def carried_file(root: Path, *, path: str, stored_at: str | None = None,
                 executable: bool = False, source: str = "") -> CarriedFile:
    """A wrapper file the project carries (Dockerfile, scripts, assets): read from the
    project directory `root` (at `stored_at`, when it had to move aside from a generated
    file), written at `path` in the TypeScript project."""
    content = (root / (stored_at or path)).read_bytes()
    return CarriedFile(path, content, executable, source)
