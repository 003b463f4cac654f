"""Every class of the migrator's SDK model, under one name, for what the builders leave out.

The builders (startos_sdk.inputspec, .manifest, .runtime, ...) cover the start-sdk surface;
the model also holds what only the migrator needs to carry (where a value came from, the
legacy config file's schema and shape map, pointer specs): generated projects write those
with these classes directly, so the Python project holds the whole package. These ARE the
migrator's classes (`startos_sdk.model.Todo is migrator.sdk.report.Todo`), not copies.
"""

from __future__ import annotations

from migrator.diagnostics.record import KeyPath, Location
from migrator.ir.origin import Origin, UnknownKey
from migrator.ir.spec import (
    BooleanSpec, Common, ConfigSpec, EntropyDefault, EnumSpec, ListSpec, NumberSpec, ObjectSpec,
    PointerSpec, StringSpec, TsExpr, UnionSpec, UnionTag, UnknownSpec,
)
from migrator.lower.config_spec import PointerField, VariantScope
from migrator.sdk.config_file import Choice, Entropy, FlatUnion, Items, Opaque, Record_, Scalar
from migrator.sdk.config_shape import (
    ListUnionShape, NumberListShape, ObjectListShape, ObjectShape, OpaqueShape, PointerShape,
    UnionShape,
)
from migrator.sdk.inputspec import (
    InputSpec, ListValue, MultiselectValue, NumberValue, ObjectListSpec, ObjectValue, Pattern,
    RandomString, SelectValue, TextareaValue, TextListSpec, TextValue, ToggleValue, UnionValue,
    Variant,
)
from migrator.sdk.manifest import (
    BuildArg, DeviceFilter, Image, ManifestDependency, SdkManifest, VersionGraph, VersionNode,
)
from migrator.sdk.package import CarriedFile, ConfigModel, OwnRule, SdkPackage
from migrator.sdk.report import MigrationRow, SourceRef, Todo
from migrator.sdk.runtime import (
    Action, ActionMetadata, Backups, BindOptions, Binding, CertificateWriter, ConfigFile,
    ConfigWrite, Daemon, DependencyCondition, DependencyRequirement, DependencyRuleTodo,
    DependencyTask, DockerRun, HealthCheck, Host, Instructions, MainSpec, Mount,
    NeedsConfigTask, Probe, PropertiesFile, RestoreHook, ServiceInterface,
)
from migrator.syntax.numrange import Bound, NumRange
from migrator.syntax.uniqueby import AllOf, AnyOf, Exactly, NotUnique

__all__ = [
    "Action", "ActionMetadata", "AllOf", "AnyOf", "Backups", "BindOptions", "Binding",
    "BooleanSpec", "Bound", "BuildArg", "CarriedFile", "CertificateWriter", "Choice", "Common",
    "ConfigFile", "ConfigModel", "ConfigSpec", "ConfigWrite", "Daemon", "DependencyCondition",
    "DependencyRequirement", "DependencyRuleTodo", "DependencyTask", "DeviceFilter",
    "DockerRun", "Entropy", "EntropyDefault", "EnumSpec", "Exactly", "FlatUnion", "HealthCheck",
    "Host", "Image", "InputSpec", "Instructions", "Items", "KeyPath", "ListSpec",
    "ListUnionShape", "ListValue", "Location", "MainSpec", "ManifestDependency",
    "MigrationRow", "Mount", "MultiselectValue", "NeedsConfigTask", "NotUnique",
    "NumRange", "NumberListShape", "NumberSpec", "NumberValue", "ObjectListShape",
    "ObjectListSpec", "ObjectShape", "ObjectSpec", "ObjectValue", "Opaque", "OpaqueShape",
    "Origin", "OwnRule", "Pattern", "PointerField", "PointerShape", "PointerSpec", "Probe",
    "PropertiesFile", "RandomString", "Record_", "RestoreHook", "Scalar", "SdkManifest",
    "SdkPackage", "SelectValue", "ServiceInterface", "SourceRef", "StringSpec",
    "TextListSpec", "TextValue", "TextareaValue", "Todo", "ToggleValue", "TsExpr",
    "UnionShape", "UnionSpec", "UnionTag", "UnionValue", "UnknownKey", "UnknownSpec",
    "Variant", "VariantScope", "VersionGraph", "VersionNode",
]
