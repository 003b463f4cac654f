"""What the read stage hands to the IR stage: every input file of a wrapper, located."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from migrator.read.located import LNode

SpecSource = Literal["explicit", "config_spec.yaml", "compat", "getConfig.ts"]


@dataclass(frozen=True)
class SourceDoc:
    """One file read into located values. `display` is the path shown in diagnostics."""

    display: str
    format: str  # yaml | toml | json | ts
    root: LNode | None  # None when the file could not be read (diagnostics say why)
    relpath: str = ""  # path relative to the wrapper directory ("" if outside it)


@dataclass(frozen=True)
class CopiedFile:
    """A wrapper file the output carries over (icon, LICENSE, Dockerfile, scripts, …)."""

    relpath: str  # posix, relative to the wrapper
    content: bytes
    executable: bool = False


@dataclass(frozen=True)
class WrapperFiles:
    root: str  # the wrapper directory as the user named it
    manifest: SourceDoc | None
    config_spec: SourceDoc | None = None
    config_spec_source: SpecSource | None = None
    own_rules: SourceDoc | None = None
    dependency_rules: tuple[tuple[str, SourceDoc], ...] = ()  # (dependency id, file)
    dependencies_yaml: SourceDoc | None = None
    # Files and directories of the wrapper that lowering copies or mentions (relative paths).
    inventory: tuple[str, ...] = field(default=())
    # Every other file of the wrapper, read once here so no later stage touches the disk.
    copied: tuple[CopiedFile, ...] = field(default=())
    skipped: tuple[str, ...] = field(default=())  # files left out (too large, or build output)
    # What the legacy code does beyond the manifest (migrator.read.scripts / .buildfiles).
    scripts: Any = None  # ScriptFacts | None
    build: Any = None  # BuildFacts | None
    backup_scripts: tuple[Any, ...] = ()  # BackupScript

    def has(self, relpath: str) -> bool:
        return relpath in self.inventory

    def file(self, relpath: str) -> CopiedFile | None:
        return next((f for f in self.copied if f.relpath == relpath), None)
