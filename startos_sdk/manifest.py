"""`setupManifest` and the version graph (`VersionInfo.of`, `VersionGraph.of`) of start-sdk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from migrator.sdk import manifest as m
from migrator.sdk.report import SourceRef, Todo


def setup_manifest(*, id: str, title: str, license: str, package_repo: str,  # noqa: A002
                   upstream_repo: str, marketing_url: str, donation_url: str | None,
                   description_short: str, description_long: str, images: Sequence[m.Image],
                   volumes: Sequence[str], dependencies: Sequence[m.ManifestDependency],
                   devices: Sequence[m.DeviceFilter] = (), ram_mb: int | None = None,
                   hardware_acceleration: bool = False) -> m.SdkManifest:
    """`sdk.setupManifest({id, title, license, packageRepo, upstreamRepo, marketingUrl,
    donationUrl, description: {short, long}, images, volumes, dependencies,
    hardwareRequirements: {device, ram}, hardwareAcceleration})`."""
    return m.SdkManifest(id, title, license, package_repo, upstream_repo, marketing_url,
                         donation_url, description_short, description_long, tuple(images),
                         tuple(volumes), tuple(dependencies), tuple(devices), ram_mb,
                         hardware_acceleration)


def image(*, id: str, arch: Sequence[str], dockerfile: str | None,  # noqa: A002
          docker_tag: str | None, workdir: str = ".", build_args: Sequence[m.BuildArg] = (),
          source_todo: Todo | None = None) -> m.Image:
    """One entry of the manifest's `images`: `{source: {dockerBuild: {dockerfile, workdir,
    buildArgs}}}` with a Dockerfile, else `{source: {dockerTag}}`; `arch`."""
    return m.Image(id, tuple(arch), dockerfile, docker_tag, workdir, tuple(build_args),
                   source_todo)


def build_arg(*, name: str, value: str | None = None, env: str | None = None,
              todo: Todo | None = None) -> m.BuildArg:
    """One `buildArgs` entry: a literal, or `{env}` read from start-cli's environment."""
    return m.BuildArg(name, value, env, todo)


def manifest_dependency(*, id: str, description: str | None, optional: bool,  # noqa: A002
                        title: str | None, icon: str | None,
                        source: SourceRef | None = None) -> m.ManifestDependency:
    """One entry of the manifest's `dependencies`: `{description, optional, metadata:
    {title, icon}}` for a package the SDK table knows, else `{..., s9pk: null}`."""
    return m.ManifestDependency(id, description, optional, title, icon, source)


def device_filter(*, device_class: str, product: str | None, description: str,
                  vendor: str | None = None) -> m.DeviceFilter:
    """One `hardwareRequirements.device` entry: `{class, product, vendor, description}`."""
    return m.DeviceFilter(device_class, product, description, vendor)


class VersionInfo:
    @staticmethod
    def of(*, version: str, release_notes: str, up: Literal["impossible", "migration"],
           down: Literal["impossible"] = "impossible",
           export_name: str = "current") -> m.VersionNode:
        """`VersionInfo.of({version, releaseNotes, migrations: {up, down}})`."""
        return m.VersionNode(version, release_notes, up, down, export_name)


class VersionGraph:
    @staticmethod
    def of(*, current: m.VersionNode, legacy: str | None) -> m.VersionGraph:
        """`VersionGraph.of({current, other: []})`; `legacy` is the last legacy version, for
        notes only (not a node)."""
        return m.VersionGraph(current, legacy)
