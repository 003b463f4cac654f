"""Manifest, images, volumes and versions (mapping.md §2, §3, §8)."""

from __future__ import annotations

import math

from migrator.ir.manifest import DockerProcedure
from migrator.lower.buildargs import lower_build_args
from migrator.lower.context import Lowering, source_of
from migrator.lower.versions import exver, is_exver, next_revision, upgrades_from
from migrator.sdk.manifest import (
    ALL_ARCHES, DeviceFilter, Image, ManifestDependency, SdkManifest, VersionGraph, VersionNode,
)

SPDX = ("0BSD", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "BSD-2-Clause",
        "BSD-3-Clause", "BSL-1.0", "CC0-1.0", "EPL-2.0", "GPL-2.0", "GPL-2.0-only",
        "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "ISC",
        "LGPL-2.1", "LGPL-2.1-only", "LGPL-3.0", "LGPL-3.0-only", "MIT", "MPL-2.0", "Unlicense",
        "Zlib")
LICENSE_ALIASES = {"apache": "Apache-2.0", "apache2": "Apache-2.0", "apache 2.0": "Apache-2.0",
                   "apache-2": "Apache-2.0", "gplv3": "GPL-3.0", "gpl3": "GPL-3.0",
                   "agplv3": "AGPL-3.0", "mit license": "MIT", "bsd-3": "BSD-3-Clause"}
# Well-known dependencies: 0.4 manifests need {title, icon} or `s9pk: null`.
KNOWN_PACKAGES = {
    "bitcoind": ("Bitcoin Core", "bitcoin-core-startos"),
    "lnd": ("LND", "lnd-startos"),
    "btcpayserver": ("BTCPay Server", "btcpayserver-startos"),
    "nextcloud": ("Nextcloud", "nextcloud-startos"),
    "filebrowser": ("File Browser", "filebrowser-startos"),
}
ICON_URL = "https://raw.githubusercontent.com/Start9Labs/{repo}/master/icon.svg"


def lower_license(lw: Lowering) -> str:
    text = lw.manifest.license.strip()
    folded = {s.lower(): s for s in SPDX}
    spdx = folded.get(text.lower()) or LICENSE_ALIASES.get(text.lower())
    if spdx:
        if spdx != text:
            lw.row("license", "translated", "manifest `license`", f"`{text}` → `{spdx}` (SPDX)",
                   lw.manifest.origin)
        return spdx
    lw.diags.warning("L640", f"license `{text}` is not a recognised SPDX identifier; kept as is",
                     lw.manifest.origin.loc, lw.manifest.origin.path / "license")
    return text or "UNLICENSED"


def arches(lw: Lowering) -> tuple[str, ...]:
    arch = lw.manifest.hardware_requirements.arch
    if arch:
        return tuple(a for a in ("x86_64", "aarch64", "riscv64") if a in arch) or ALL_ARCHES
    return ALL_ARCHES


def lower_images(lw: Lowering) -> tuple[Image, ...]:
    main = lw.manifest.main
    image_id = main.image if isinstance(main, DockerProcedure) and main.image else "main"
    has_dockerfile = lw.pkg.file("Dockerfile") is not None
    todo = None
    if not has_dockerfile:
        todo = lw.todo("no Dockerfile in the wrapper: set the image's dockerTag (or add a "
                       "Dockerfile and use dockerBuild)",
                       main.origin if main else lw.manifest.origin,
                       construct=f"image `{image_id}`", destination="startos/manifest/index.ts",
                       code="L644")
    arch = arches(lw)
    build_args = lower_build_args(lw, arch) if has_dockerfile else ()
    return (Image(image_id, arch, "./Dockerfile" if has_dockerfile else None,
                  None if has_dockerfile else f"start9/{lw.manifest.id}/{image_id}:latest",
                  build_args=build_args, source_todo=todo),)


def lower_volumes(lw: Lowering) -> tuple[str, ...]:
    data = [v.id for v in lw.manifest.volumes if v.type == "data"]
    # `main` is kept even when unused: the 0.3.5 → 0.4 migration reads start9/ from it.
    if "main" not in data:
        data.insert(0, "main")
    return tuple(data)


SHORT_MAX, LONG_MAX = 80, 500  # start-sdk 2.0.9's documented limits for the store


def check_description(lw: Lowering) -> None:
    d = lw.manifest.description
    for key, text, limit in (("short", d.short, SHORT_MAX), ("long", d.long, LONG_MAX)):
        if len(text) > limit:
            lw.diags.warning("L656", f"description.{key} has {len(text)} characters; the 0.4 "
                             f"store shows at most {limit}", d.origin.loc, d.origin.path / key,
                             hint="shorten it in startos/manifest/i18n.ts")


def lower_manifest(lw: Lowering, dependencies: tuple[ManifestDependency, ...]) -> SdkManifest:
    m = lw.manifest
    check_description(lw)
    hw = m.hardware_requirements
    devices = tuple(DeviceFilter(d.device_class, d.pattern,
                                 f"{d.device_class} matching {d.pattern}") for d in hw.device)
    ram_mb = math.ceil(hw.ram / (1024 * 1024)) if hw.ram else None
    gpu = isinstance(m.main, DockerProcedure) and m.main.gpu_acceleration
    return SdkManifest(
        id=m.id, title=m.title, license=lower_license(lw),
        package_repo=m.wrapper_repo or "", upstream_repo=m.upstream_repo or "",
        marketing_url=m.marketing_site or m.upstream_repo or "", donation_url=m.donation_url,
        description_short=m.description.short, description_long=m.description.long,
        images=lower_images(lw), volumes=lower_volumes(lw), dependencies=dependencies,
        devices=devices, ram_mb=ram_mb, hardware_acceleration=bool(gpu))


def manifest_dependency(dep) -> ManifestDependency:
    known = KNOWN_PACKAGES.get(dep.id)
    return ManifestDependency(
        dep.id, dep.description, dep.requirement.type != "required",
        known[0] if known else None, ICON_URL.format(repo=known[1]) if known else None,
        source_of(dep.origin))


def lower_versions(lw: Lowering, override: str | None) -> VersionGraph:
    m = lw.manifest
    if m.version is None:
        lw.diags.warning("L642", "the legacy version did not parse; 0.0.0:1 is used",
                         m.origin.loc, m.origin.path / "version")
        legacy, current = None, "0.0.0:1"
    else:
        legacy = exver(m.version)
        current = next_revision(m.version)
    if override is not None:
        if not is_exver(override):
            lw.diags.error("L641", f"--version {override!r} is not an ExVer version "
                           "(e.g. 1.2.3:1)", None)
        else:
            current = override
    notes = m.release_notes
    current_node = VersionNode(current, notes, "migration", export_name="current")
    if legacy is not None:
        if not upgrades_from(legacy, current):
            lw.diags.warning("L643", f"the new version `{current}` does not come after the "
                             f"last legacy version `{legacy}`: installs of it cannot upgrade",
                             m.origin.loc, m.origin.path / "version")
        lw.row("version", "translated", "startos/versions/",
               f"the new version `{current}` upgrades from every older version (every "
               f"legacy version up to `{m.version_text}`, ExVer `{legacy}`); its `up` "
               "migration keeps start9/config.yaml", m.origin)
    return VersionGraph(current_node, legacy)
