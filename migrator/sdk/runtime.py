"""Target-independent model of what a 0.4 package does at run time: interfaces, main,
health checks, actions, dependencies, backups, init. Emitters render it; nothing here is
shaped like TypeScript or Python."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from migrator.sdk.report import SourceRef, Todo

# --- interfaces ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BindOptions:
    protocol: Literal["http", "https", "ws", "wss"] | None
    preferred_external_port: int
    add_ssl_port: int | None = None  # raw TCP with TLS added by the OS at this external port
    secure_ssl: bool | None = None  # raw TCP: the service itself speaks TLS (None: plain)
    alpn: tuple[str, ...] | None = None  # raw TCP with addSsl: ALPN the OS offers (grpc: h2)


@dataclass(frozen=True)
class ServiceInterface:
    id: str
    name: str
    description: str
    type: Literal["ui", "api", "p2p"]


@dataclass(frozen=True)
class Binding:
    internal_port: int
    options: BindOptions
    interfaces: tuple[ServiceInterface, ...]


@dataclass(frozen=True)
class Host:
    id: str  # = the legacy interface id, so the OS carries the onion key over
    bindings: tuple[Binding, ...]
    source: SourceRef | None = None


# --- mounts, main, health ------------------------------------------------------------------


@dataclass(frozen=True)
class Mount:
    kind: Literal["volume", "assets", "dependency"]
    mountpoint: str
    volume_id: str | None = None  # volume / dependency volume
    subpath: str | None = None
    readonly: bool = False
    dependency_id: str | None = None
    todo: Todo | None = None  # dependency mounts whose 0.4 layout differs (dependencies-0.4)


@dataclass(frozen=True)
class Probe:
    """How a readiness/health check decides. `kind`:
    script   — run `command` in the subcontainer; exit codes 59/60/61 keep their legacy meaning
    port     — the internal `port` (one the interfaces bind) is listening
    disabled — no evidence of what to probe: reports `disabled` next to its TODO"""

    kind: Literal["script", "port", "disabled"]
    command: tuple[str, ...] = ()
    port: int | None = None
    success_message: str | None = None
    todo: Todo | None = None
    evidence: str | None = None  # where the port or script came from (a wrapper file, …)


@dataclass(frozen=True)
class HealthCheck:
    id: str
    display: str
    probe: Probe
    source: SourceRef | None = None


@dataclass(frozen=True)
class CertificateWriter:
    """A legacy `certificate` volume: a oneshot writes the interface's cert and key."""

    volume_id: str
    interface_id: str
    mountpoint: str


@dataclass(frozen=True)
class Daemon:
    id: str
    image_id: str
    command: tuple[str, ...] | None  # None: the image's own entrypoint (sdk.useEntrypoint())
    mounts: tuple[Mount, ...]
    sigterm_timeout_ms: int | None
    ready: HealthCheck | None  # None: no legacy check; readiness = the main port listening
    ready_port: int | None = None
    todos: tuple[Todo, ...] = ()


@dataclass(frozen=True)
class MainSpec:
    daemon: Daemon
    health_checks: tuple[HealthCheck, ...]
    certificates: tuple[CertificateWriter, ...] = ()
    certificate_oneshot: str | None = None  # id of the oneshot that writes them


# --- actions --------------------------------------------------------------------------------

AllowedStatuses = Literal["any", "only-running", "only-stopped"]


@dataclass(frozen=True)
class ActionMetadata:
    name: str
    description: str
    warning: str | None
    allowed_statuses: AllowedStatuses
    group: str | None = None
    visibility: Literal["enabled", "hidden"] = "enabled"

    def to_json(self, has_input: bool) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "warning": self.warning,
                "allowedStatuses": self.allowed_statuses, "group": self.group,
                "visibility": self.visibility, "hasInput": has_input}


@dataclass(frozen=True)
class DockerRun:
    """Run a legacy docker procedure once, in a temporary subcontainer."""

    image_id: str
    command: tuple[str, ...]
    mounts: tuple[Mount, ...]
    io_format: str | None
    # `inject: true` (or a 0.2 action on the running service): the legacy command ran inside
    # the running main container; here it runs with the main daemon's image and mounts.
    inject: bool = False


@dataclass(frozen=True)
class PropertiesFile:
    """The legacy stats file a `properties` action reads (PropertiesV2/v1 YAML)."""

    volume_id: str = "main"
    subpath: str = "start9/stats.yaml"


@dataclass(frozen=True)
class Action:
    id: str
    metadata: ActionMetadata
    kind: Literal["docker", "script", "config", "properties"]
    input_spec: Any = None  # migrator.sdk.inputspec.InputSpec | None
    docker: DockerRun | None = None
    todos: tuple[Todo, ...] = ()
    source: SourceRef | None = None
    properties: PropertiesFile | None = None  # kind "properties": the file it reads

    @property
    def has_input(self) -> bool:
        return self.input_spec is not None


# --- dependencies, backups, versions, init --------------------------------------------------


@dataclass(frozen=True)
class DependencyCondition:
    """When an optional dependency is current: a compiled rule or a pointer's union variant."""

    kind: Literal["always", "variant", "rule", "unknown"]
    key_path: tuple[str, ...] = ()  # variant: the union's key path in the legacy config
    tag_id: str | None = None
    variants: tuple[str, ...] = ()
    rule: Any = None  # migrator.rules Rule (compiled by the emitter's rule compiler)
    rule_text: str | None = None
    todo: Todo | None = None


@dataclass(frozen=True)
class DependencyRequirement:
    id: str
    version_range: str  # ExVer range text, with explicit parentheses
    conditions: tuple[DependencyCondition, ...]  # empty = always (required deps)
    health_checks: tuple[str, ...] = ()
    source: SourceRef | None = None
    todos: tuple[Todo, ...] = ()  # e.g. a dependency the 0.4 table does not know


@dataclass(frozen=True)
class DependencyTask:
    """Dependency rules lowered onto ONE task on one action of the 0.4 dependency (replay key
    `<dependency>:<action>`): `accept` is the partial it sets, `accepts` every partial that
    satisfies it (empty: just `accept`), `rule_text`/`description` join the merged rules."""

    dependency_id: str
    description: str
    accept: dict[str, Any]  # the partial input the task sets (0.4 action's input shape)
    rule_text: str
    source: SourceRef | None = None
    action_id: str = "config"
    severity: Literal["critical", "important", "optional"] = "important"
    accepts: tuple[dict[str, Any], ...] = ()
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class DependencyRuleTodo:
    dependency_id: str
    description: str
    rule_text: str
    suggestions: tuple[str, ...]
    rule: Any = None
    source: SourceRef | None = None
    hint: str | None = None  # the 0.4 way, when the dependency table knows it


@dataclass(frozen=True)
class RestoreHook:
    """Legacy commands that ran after the data was restored, run again in a subcontainer."""

    image_id: str
    command: tuple[str, ...]
    mounts: tuple[Mount, ...]


@dataclass(frozen=True)
class Backups:
    volumes: tuple[str, ...]
    todos: tuple[Todo, ...] = ()
    excludes: tuple[str, ...] = ()  # rsync patterns, for every volume (withOptions)
    post_restore: RestoreHook | None = None
    restore_todos: tuple[Todo, ...] = ()  # placed in the post-restore hook


@dataclass(frozen=True)
class ConfigFile:
    """The legacy config file kept where the image reads it: volume `main`, start9/config.yaml."""

    volume_id: str = "main"
    subpath: str = "start9/config.yaml"


@dataclass(frozen=True)
class ConfigWrite:
    """A file the legacy setConfig wrote from the config (`effects.writeFile`), written again
    by the config action: literal text and legacy-config key paths, concatenated."""

    volume_id: str
    path: str  # relative to the volume
    parts: tuple[str | tuple[str, ...], ...]
    source: SourceRef | None = None


@dataclass(frozen=True)
class NeedsConfigTask:
    severity: Literal["critical", "important"]
    reason: str


@dataclass(frozen=True)
class Instructions:
    body: str  # the legacy instructions, when the wrapper had them
    alert_sections: tuple[tuple[str, str], ...] = ()  # (heading, text)
