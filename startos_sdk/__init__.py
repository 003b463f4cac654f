"""The typed Python rendition of the start-sdk 2.0.9 builder surface (startos-migrate).

Snake_case builders named after their TypeScript counterparts (`setup_manifest` ↔
`sdk.setupManifest`, `Value.text` ↔ `Value.text`, ...). They construct the migrator's SDK
model objects (migrator.sdk), the one model the TypeScript emitter renders and whose JSON the
node dump of the TypeScript project prints, so a package held in Python is the same package.
docs/python-target.md lists every builder with its TypeScript counterpart.
"""

from startos_sdk.inputspec import InputSpec, List, Value, Variants, pattern, random_string
from startos_sdk.manifest import (
    VersionGraph, VersionInfo, build_arg, device_filter, image, manifest_dependency,
    setup_manifest,
)
from startos_sdk.package import carried_file, setup_package
from startos_sdk.report import migration_row, source, todo
from startos_sdk.rule_text import rule
from startos_sdk.runtime import (
    Action, Backups, Daemons, FileModel, Mounts, MultiHost, create_interface, create_task,
    dependency, health_check, setup_dependencies,
)

__all__ = [
    "Action", "Backups", "Daemons", "FileModel", "InputSpec", "List", "Mounts", "MultiHost",
    "Value", "Variants", "VersionGraph", "VersionInfo", "build_arg", "carried_file",
    "create_interface", "create_task", "dependency", "device_filter", "health_check", "image",
    "manifest_dependency", "migration_row", "pattern", "random_string", "rule",
    "setup_dependencies", "setup_manifest", "setup_package", "source", "todo",
]
