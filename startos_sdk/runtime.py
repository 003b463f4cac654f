"""What the package does at run time: interfaces (`MultiHost`, `createInterface`), main
(`Daemons`, health checks, mounts), actions, dependencies (`setupDependencies`, `createTask`)
and backups (`Backups.ofVolumes`) of start-sdk 2.0.9, as the migrator's model objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from migrator.sdk import runtime as r
from migrator.sdk.inputspec import InputSpec
from migrator.sdk.report import SourceRef, Todo

Protocol = Literal["http", "https", "ws", "wss"]


def create_interface(*, id: str, name: str, description: str,  # noqa: A002
                     type: Literal["ui", "api", "p2p"]) -> r.ServiceInterface:  # noqa: A002
    """`sdk.createInterface(effects, {id, name, description, type, ...})`."""
    return r.ServiceInterface(id, name, description, type)


class MultiHost:
    @staticmethod
    def of(*, id: str, bindings: Sequence[r.Binding],  # noqa: A002
           source: SourceRef | None = None) -> r.Host:
        """`sdk.MultiHost.of(effects, id)` with its `bindPort` calls (`bindings`)."""
        return r.Host(id, tuple(bindings), source)

    @staticmethod
    def bind_port(*, internal_port: int, options: r.BindOptions,
                  interfaces: Sequence[r.ServiceInterface]) -> r.Binding:
        """`host.bindPort(internalPort, options)` and the interfaces exported on it."""
        return r.Binding(internal_port, options, tuple(interfaces))

    @staticmethod
    def options(*, protocol: Protocol | None, preferred_external_port: int,
                add_ssl_port: int | None = None, secure_ssl: bool | None = None,
                alpn: Sequence[str] | None = None) -> r.BindOptions:
        """The options of `bindPort`: `{protocol, preferredExternalPort, addSsl, secure}`."""
        return r.BindOptions(protocol, preferred_external_port, add_ssl_port, secure_ssl,
                             None if alpn is None else tuple(alpn))


class Mounts:
    """`sdk.Mounts.of().mountVolume(...)/mountAssets(...)/mountDependency(...)`."""

    @staticmethod
    def volume(*, mountpoint: str, volume_id: str, subpath: str | None = None,
               readonly: bool = False) -> r.Mount:
        """`.mountVolume({volumeId, subpath, mountpoint, readonly})`."""
        return r.Mount("volume", mountpoint, volume_id, subpath, readonly)

    @staticmethod
    def assets(*, mountpoint: str, subpath: str | None = None) -> r.Mount:
        """`.mountAssets({subpath, mountpoint})`."""
        return r.Mount("assets", mountpoint, None, subpath)

    @staticmethod
    def dependency(*, mountpoint: str, dependency_id: str, volume_id: str | None = None,
                   subpath: str | None = None, readonly: bool = False,
                   todo: Todo | None = None) -> r.Mount:
        """`.mountDependency({dependencyId, volumeId, subpath, mountpoint, readonly})`."""
        return r.Mount("dependency", mountpoint, volume_id, subpath, readonly, dependency_id,
                       todo)


class health_check:  # noqa: N801 - the SDK's module name
    """`sdk.healthCheck.*`: how a readiness or health check decides."""

    @staticmethod
    def check_port_listening(*, port: int, success_message: str | None = None,
                             todo: Todo | None = None,
                             evidence: str | None = None) -> r.Probe:
        """`sdk.healthCheck.checkPortListening(effects, port, {successMessage, ...})`."""
        return r.Probe("port", (), port, success_message, todo, evidence)

    @staticmethod
    def run_script(*, command: Sequence[str], success_message: str | None = None,
                   todo: Todo | None = None, evidence: str | None = None) -> r.Probe:
        """`sdk.healthCheck.runHealthScript(command, subcontainer)`, with the legacy exit
        codes 59/60/61 keeping their meaning."""
        return r.Probe("script", tuple(command), None, success_message, todo, evidence)

    @staticmethod
    def disabled(*, success_message: str | None = None, todo: Todo | None = None,
                 evidence: str | None = None) -> r.Probe:
        """A check that reports `disabled` (nothing to probe was found) next to its TODO."""
        return r.Probe("disabled", (), None, success_message, todo, evidence)

    @staticmethod
    def of(*, id: str, display: str, probe: r.Probe,  # noqa: A002
           source: SourceRef | None = None) -> r.HealthCheck:
        """`.addHealthCheck(id, {ready: {display, fn}})`."""
        return r.HealthCheck(id, display, probe, source)


class Daemons:
    @staticmethod
    def add_daemon(*, id: str, image_id: str, command: Sequence[str] | None,  # noqa: A002
                   mounts: Sequence[r.Mount], sigterm_timeout_ms: int | None,
                   ready: r.HealthCheck | None, ready_port: int | None = None,
                   todos: Sequence[Todo] = ()) -> r.Daemon:
        """`sdk.Daemons.of(effects).addDaemon(id, {subcontainer, exec: {command}, ready,
        requires})`; `command=None` is `sdk.useEntrypoint()`."""
        return r.Daemon(id, image_id, None if command is None else tuple(command),
                        tuple(mounts), sigterm_timeout_ms, ready, ready_port, tuple(todos))

    @staticmethod
    def of(*, daemon: r.Daemon, health_checks: Sequence[r.HealthCheck],
           certificates: Sequence[r.CertificateWriter] = (),
           certificate_oneshot: str | None = None) -> r.MainSpec:
        """`sdk.setupMain(...)` returning `sdk.Daemons.of(effects)...`: the daemon, its
        health checks and the oneshot writing legacy certificate volumes."""
        return r.MainSpec(daemon, tuple(health_checks), tuple(certificates),
                          certificate_oneshot)


class Action:
    @staticmethod
    def with_input(*, id: str, metadata: r.ActionMetadata,  # noqa: A002
                   kind: Literal["docker", "script", "config", "properties"],
                   input_spec: InputSpec, docker: r.DockerRun | None = None,
                   todos: Sequence[Todo] = (), source: SourceRef | None = None,
                   properties: r.PropertiesFile | None = None) -> r.Action:
        """`sdk.Action.withInput(id, metadata, inputSpec, prefill, run)`."""
        return r.Action(id, metadata, kind, input_spec, docker, tuple(todos), source,
                        properties)

    @staticmethod
    def without_input(*, id: str, metadata: r.ActionMetadata,  # noqa: A002
                      kind: Literal["docker", "script", "config", "properties"],
                      docker: r.DockerRun | None = None, todos: Sequence[Todo] = (),
                      source: SourceRef | None = None,
                      properties: r.PropertiesFile | None = None) -> r.Action:
        """`sdk.Action.withoutInput(id, metadata, run)`."""
        return r.Action(id, metadata, kind, None, docker, tuple(todos), source, properties)

    @staticmethod
    def metadata(*, name: str, description: str, warning: str | None,
                 allowed_statuses: r.AllowedStatuses, group: str | None = None,
                 visibility: Literal["enabled", "hidden"] = "enabled") -> r.ActionMetadata:
        """The metadata of an action: `{name, description, warning, allowedStatuses, group,
        visibility}` (`hasInput` follows from with_input/without_input)."""
        return r.ActionMetadata(name, description, warning, allowed_statuses, group,
                                visibility)


def setup_dependencies(
        requirements: Sequence[r.DependencyRequirement]) -> tuple[r.DependencyRequirement, ...]:
    """`sdk.setupDependencies(async ({effects}) => ({id: {kind, versionRange, healthChecks}}))`."""
    return tuple(requirements)


def dependency(*, id: str, version_range: str,  # noqa: A002
               conditions: Sequence[r.DependencyCondition], health_checks: Sequence[str] = (),
               source: SourceRef | None = None,
               todos: Sequence[Todo] = ()) -> r.DependencyRequirement:
    """One entry of `setupDependencies`: `{kind: 'running', versionRange, healthChecks}`,
    current only while its `conditions` hold (none: always)."""
    return r.DependencyRequirement(id, version_range, tuple(conditions), tuple(health_checks),
                                   source, tuple(todos))


def create_task(*, dependency_id: str, description: str, accept: dict[str, Any],
                rule_text: str, source: SourceRef | None = None, action_id: str = "config",
                severity: Literal["critical", "important", "optional"] = "important",
                accepts: Sequence[dict[str, Any]] = (),
                sources: Sequence[SourceRef] = ()) -> r.DependencyTask:
    """`sdk.action.createTask(effects, dependencyId, action, severity, {input: {kind:
    'partial', value: accept}, reason: description, replayId})`."""
    return r.DependencyTask(dependency_id, description, accept, rule_text, source, action_id,
                            severity, tuple(accepts), tuple(sources))


class Backups:
    @staticmethod
    def of_volumes(*, volumes: Sequence[str], todos: Sequence[Todo] = (),
                   excludes: Sequence[str] = (), post_restore: r.RestoreHook | None = None,
                   restore_todos: Sequence[Todo] = ()) -> r.Backups:
        """`sdk.Backups.ofVolumes(...volumes)` (`.setOptions({exclude})` with `excludes`)."""
        return r.Backups(tuple(volumes), tuple(todos), tuple(excludes), post_restore,
                         tuple(restore_todos))


class FileModel:
    """The file models of the package (`FileHelper.yaml(...)` and the like)."""

    @staticmethod
    def legacy_config(*, volume_id: str = "main",
                      subpath: str = "start9/config.yaml") -> r.ConfigFile:
        """`FileHelper.yaml({volumeId, subpath}, shape)`: the legacy config file, kept where
        the unchanged image reads it."""
        return r.ConfigFile(volume_id, subpath)

    @staticmethod
    def properties(*, volume_id: str = "main",
                   subpath: str = "start9/stats.yaml") -> r.PropertiesFile:
        """The legacy stats file a properties action reads (`FileHelper.yaml`)."""
        return r.PropertiesFile(volume_id, subpath)
