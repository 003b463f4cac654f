"""The 0.4 manifest (`setupManifest`) and the JSON `buildManifest` makes of it at run time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from migrator.sdk.report import SourceRef, Todo

SDK_VERSION = "2.0.9"
OS_VERSION = "0.4.0-beta.10"  # StartSdk.OSVersion of start-sdk 2.0.9
ALL_ARCHES = ("x86_64", "aarch64")

Arch = Literal["x86_64", "aarch64", "riscv64"]


@dataclass(frozen=True)
class BuildArg:
    """A docker `--build-arg`: a literal, or (`env`) a variable start-cli reads from its own
    environment when it builds the image."""

    name: str
    value: str | None = None
    env: str | None = None
    todo: Todo | None = None  # placed on the entry

    def json(self) -> Any:
        return {"env": self.env} if self.env is not None else self.value


@dataclass(frozen=True)
class Image:
    id: str
    arch: tuple[str, ...]
    dockerfile: str | None  # './Dockerfile' when the wrapper has one (dockerBuild)
    docker_tag: str | None  # else a tag the porter must fill in (dockerTag + TODO)
    workdir: str = "."
    build_args: tuple[BuildArg, ...] = ()
    source_todo: Todo | None = None  # no Dockerfile: placed on `source`

    def source_json(self) -> dict[str, Any]:
        if self.dockerfile is not None:
            build: dict[str, Any] = {"dockerfile": self.dockerfile, "workdir": self.workdir}
            if self.build_args:
                build["buildArgs"] = {a.name: a.json() for a in self.build_args}
            return {"dockerBuild": build}
        return {"dockerTag": self.docker_tag or ""}


@dataclass(frozen=True)
class DeviceFilter:
    device_class: str
    product: str | None
    description: str
    vendor: str | None = None


@dataclass(frozen=True)
class ManifestDependency:
    id: str
    description: str | None
    optional: bool
    title: str | None  # metadata {title, icon} for well-known packages, else s9pk: null
    icon: str | None
    source: SourceRef | None = None


@dataclass(frozen=True)
class SdkManifest:
    id: str
    title: str
    license: str
    package_repo: str
    upstream_repo: str
    marketing_url: str
    donation_url: str | None
    description_short: str
    description_long: str
    images: tuple[Image, ...]
    volumes: tuple[str, ...]
    dependencies: tuple[ManifestDependency, ...]
    devices: tuple[DeviceFilter, ...] = ()
    ram_mb: int | None = None
    hardware_acceleration: bool = False

    def arches(self) -> tuple[str, ...]:
        return self.images[0].arch if self.images else ALL_ARCHES


@dataclass(frozen=True)
class VersionNode:
    version: str  # ExVer, e.g. '1.4.2:3'
    release_notes: str
    up: Literal["impossible", "migration"]
    down: Literal["impossible"] = "impossible"
    export_name: str = "current"


@dataclass(frozen=True)
class VersionGraph:
    """One node, the current version, whose `up` migration the SDK reaches from the range
    `<current` (no node below it): every older version, so every legacy version, upgrades."""

    current: VersionNode
    legacy: str | None  # the last legacy version (ExVer), for notes; not a node

    def can_migrate_from(self) -> str:
        # What VersionGraph.canMigrateFrom() prints for this one-node shape (checked in node).
        return f"<={self.current.version}"

    def can_migrate_to(self) -> str:
        return f"={self.current.version}"


def locale(text: str) -> dict[str, str]:
    return {"en_US": text}


def built_manifest_json(m: SdkManifest, versions: VersionGraph) -> dict[str, Any]:
    """`buildManifest(versionGraph, manifest)` of start-sdk 2.0.9, computed without node."""
    images = {}
    for image in m.images:
        arch = list(image.arch)
        images[image.id] = {
            "source": image.source_json(),
            "arch": arch,
            "emulateMissingAs": "x86_64" if "x86_64" in arch else (arch[0] if arch else None),
            "nvidiaContainer": False,
        }
    arch: list[str] | None = None
    for spec in images.values():
        if spec["emulateMissingAs"]:
            continue
        arch = spec["arch"] if arch is None else [a for a in arch if a in spec["arch"]]
    dependencies = {}
    for dep in m.dependencies:
        entry: dict[str, Any] = {"description": locale(dep.description) if dep.description
                                 else None, "optional": dep.optional}
        if dep.title is not None:
            entry["metadata"] = {"title": dep.title, "icon": dep.icon}
        else:
            entry["s9pk"] = None
        dependencies[dep.id] = entry
    hardware: dict[str, Any] = {}
    if m.devices or m.ram_mb is not None:
        hardware = {"device": [_device_json(d) for d in m.devices], "ram": m.ram_mb}
    out: dict[str, Any] = {
        "id": m.id,
        "title": m.title,
        "license": m.license,
        "packageRepo": m.package_repo,
        "upstreamRepo": m.upstream_repo,
        "marketingUrl": m.marketing_url,
        "donationUrl": m.donation_url,
        "description": {"short": locale(m.description_short), "long": locale(m.description_long)},
        "volumes": list(m.volumes),
        "images": images,
        "dependencies": dependencies,
        "gitHash": None,
        "osVersion": OS_VERSION,
        "sdkVersion": SDK_VERSION,
        "version": versions.current.version,
        "releaseNotes": versions.current.release_notes,
        "satisfies": [],
        "canMigrateTo": versions.can_migrate_to(),
        "canMigrateFrom": versions.can_migrate_from(),
        "hardwareRequirements": {
            "device": hardware.get("device", []),
            "ram": hardware.get("ram") or None,
            "arch": arch,
        },
        "hardwareAcceleration": m.hardware_acceleration,
        "userspaceFilesystems": False,
        "virtualNetworking": False,
        "plugins": [],
    }
    # Keys the TypeScript manifest sets itself keep their place in its object (after
    # `images`); buildManifest appends the defaults of the others (key order is part of
    # the dump that the Python target reproduces byte for byte).
    own = ([*(["hardwareRequirements"] if m.devices or m.ram_mb else []),
            *(["hardwareAcceleration"] if m.hardware_acceleration else [])])
    if own:
        keys = [k for k in out if k not in own]
        at = keys.index("images") + 1
        out = {k: out[k] for k in keys[:at] + own + keys[at:]}
    return out


def _device_json(d: DeviceFilter) -> dict[str, Any]:
    return {"class": d.device_class, "product": d.product, "vendor": d.vendor,
            "description": d.description}
