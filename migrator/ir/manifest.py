"""The typed model of a legacy manifest (0.3 shape; 0.2 manifests are normalised into it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Union

from migrator.ir.origin import Origin, UnknownKey
from migrator.syntax.emver import Version, VersionRange

IoFormat = Literal["json", "json-pretty", "yaml", "cbor", "toml", "toml-pretty"]


@dataclass(frozen=True)
class DockerProcedure:
    image: str
    entrypoint: str | None  # None: 0.2 manifests run the image's own entrypoint
    args: tuple[str, ...]
    origin: Origin
    system: bool = False
    inject: bool = False
    mounts: tuple[tuple[str, str], ...] = ()  # (volume id or "BACKUP", mount path), in order
    io_format: IoFormat | None = None
    sigterm_timeout: str | None = None
    sigterm_timeout_ms: int | None = None
    shm_size_mb: int | None = None
    gpu_acceleration: bool = False
    unknown: tuple[UnknownKey, ...] = ()
    kind: Literal["docker"] = "docker"

    @property
    def compat_command(self) -> tuple[str, ...] | None:
        """`compat config get …` style invocations of the system compat image."""
        if self.system and self.image == "compat":
            return self.args
        return None


@dataclass(frozen=True)
class ScriptProcedure:
    args: tuple[Any, ...]
    origin: Origin
    unknown: tuple[UnknownKey, ...] = ()
    kind: Literal["script"] = "script"


Procedure = Union[DockerProcedure, ScriptProcedure]


@dataclass(frozen=True)
class Description:
    short: str
    long: str
    origin: Origin


@dataclass(frozen=True)
class Assets:
    license: str | None = None
    instructions: str | None = None
    icon: str | None = None
    docker_images: str | None = None
    assets: str | None = None
    scripts: str | None = None
    origin: Origin | None = None

    DEFAULTS = {
        "license": "LICENSE.md",
        "instructions": "INSTRUCTIONS.md",
        "icon": "icon.png",
        "docker_images": "docker-images",
        "assets": "assets",
        "scripts": "scripts",
    }

    def path(self, name: str) -> str:
        return getattr(self, name) or self.DEFAULTS[name]


@dataclass(frozen=True)
class Alert:
    kind: Literal["install", "uninstall", "restore", "start", "stop"]
    text: str
    origin: Origin


@dataclass(frozen=True)
class HealthCheck:
    id: str
    name: str
    procedure: Procedure
    origin: Origin
    success_message: str | None = None
    timeout: str | None = None
    timeout_ms: int | None = None
    description: str | None = None  # not in the 0.3 model; some wrappers write it anyway


@dataclass(frozen=True)
class ConfigProcedures:
    get: Procedure
    set: Procedure
    origin: Origin


@dataclass(frozen=True)
class Volume:
    id: str
    type: Literal["data", "assets", "pointer", "certificate", "backup"]
    origin: Origin
    package_id: str | None = None  # pointer
    volume_id: str | None = None  # pointer
    path: str | None = None  # pointer
    readonly: bool = False  # pointer
    interface_id: str | None = None  # certificate
    unknown: tuple[UnknownKey, ...] = ()


@dataclass(frozen=True)
class LanPort:
    external: int
    internal: int
    ssl: bool
    origin: Origin


@dataclass(frozen=True)
class TorPort:
    external: int
    internal: int
    origin: Origin


@dataclass(frozen=True)
class Interface:
    id: str
    name: str
    description: str
    ui: bool
    protocols: tuple[str, ...]
    origin: Origin
    tor_ports: tuple[TorPort, ...] | None = None  # None: no tor-config
    lan_ports: tuple[LanPort, ...] | None = None  # None: no lan-config
    unknown: tuple[UnknownKey, ...] = ()

    @property
    def internal_ports(self) -> tuple[int, ...]:
        """Union of tor and lan internal ports in first-seen order (mapping.md §4)."""
        seen: dict[int, None] = {}
        for port in (*(self.tor_ports or ()), *(self.lan_ports or ())):
            seen.setdefault(port.internal, None)
        return tuple(seen)


@dataclass(frozen=True)
class DependencyRequirement:
    type: Literal["opt-in", "opt-out", "required"]
    how: str | None
    origin: Origin


@dataclass(frozen=True)
class DependencyConfig:
    check: Procedure
    auto_configure: Procedure
    origin: Origin


@dataclass(frozen=True)
class Dependency:
    id: str
    version: VersionRange | None  # None when the range did not parse (error reported)
    version_text: str
    requirement: DependencyRequirement
    origin: Origin
    description: str | None = None
    config: DependencyConfig | None = None
    # 0.2: rules written inline under dependencies.<id>.config
    inline_rules: Any = None  # migrator.ir.rulefile.RuleFile | None
    mount_public: bool = False  # 0.2
    mount_shared: bool = False  # 0.2
    unknown: tuple[UnknownKey, ...] = ()


@dataclass(frozen=True)
class Action:
    id: str
    name: str
    description: str
    allowed_statuses: tuple[Literal["running", "stopped"], ...]
    implementation: Procedure
    origin: Origin
    warning: str | None = None
    input_spec: Any = None  # migrator.ir.spec.ConfigSpec | None
    unknown: tuple[UnknownKey, ...] = ()


@dataclass(frozen=True)
class Migrations:
    from_: tuple[tuple[str, VersionRange | None, Procedure], ...]  # (range text, range, procedure)
    to: tuple[tuple[str, VersionRange | None, Procedure], ...]
    origin: Origin


@dataclass(frozen=True)
class DeviceRequirement:
    device_class: str
    pattern: str
    origin: Origin


@dataclass(frozen=True)
class HardwareRequirements:
    device: tuple[DeviceRequirement, ...] = ()
    ram: int | None = None  # bytes
    arch: tuple[str, ...] | None = None
    origin: Origin | None = None


@dataclass(frozen=True)
class Port02:
    """A 0.2 `ports` entry, kept verbatim next to the normalised interface."""

    internal: int
    tor: int
    lan: Literal["standard", "none"] | int  # int = {custom: {port}}
    origin: Origin


@dataclass(frozen=True)
class Legacy02:
    """0.2-only facts that have no 0.3 field (kept for MIGRATION.md)."""

    mount: str
    public: str | None
    shared: str | None
    has_instructions: bool
    hidden_service_version: str
    os_version_required: str | None
    os_version_recommended: str | None
    ports: tuple[Port02, ...]
    asset_copies: tuple[tuple[str, str, bool], ...]  # (src, dst, overwrite)
    image_type: str


@dataclass(frozen=True)
class Manifest:
    era: Literal["0.2", "0.3"]
    id: str
    title: str
    version: Version | None
    version_text: str
    description: Description
    release_notes: str
    license: str
    wrapper_repo: str | None
    upstream_repo: str | None
    origin: Origin
    support_site: str | None = None
    marketing_site: str | None = None
    donation_url: str | None = None
    eos_version: str | None = None
    min_os_version: str | None = None
    git_hash: str | None = None
    build: tuple[str, ...] | None = None
    assets: Assets = field(default_factory=Assets)
    alerts: tuple[Alert, ...] = ()
    main: Procedure | None = None
    health_checks: tuple[HealthCheck, ...] = ()
    config: ConfigProcedures | None = None
    properties: Procedure | None = None
    volumes: tuple[Volume, ...] = ()
    interfaces: tuple[Interface, ...] = ()
    backup_create: Procedure | None = None
    backup_restore: Procedure | None = None
    migrations: Migrations | None = None
    actions: tuple[Action, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    containers: Any = None
    replaces: tuple[str, ...] = ()
    hardware_requirements: HardwareRequirements = field(default_factory=HardwareRequirements)
    legacy02: Legacy02 | None = None
    unknown: tuple[UnknownKey, ...] = ()

    def volume(self, volume_id: str) -> Volume | None:
        return next((v for v in self.volumes if v.id == volume_id), None)

    def interface(self, interface_id: str) -> Interface | None:
        return next((i for i in self.interfaces if i.id == interface_id), None)

    def dependency(self, package_id: str) -> Dependency | None:
        return next((d for d in self.dependencies if d.id == package_id), None)
