"""The 0.3 manifest (s9pk v1, `Manifest` at v0.3.5.1) → `Manifest`."""

from __future__ import annotations

from urllib.parse import urlparse

from migrator.diagnostics import Diagnostics
from migrator.ir.access import Fields, origin_of
from migrator.ir.build_procedures import build_procedure, check_id, require_io_format
from migrator.ir.build_sections import (
    build_action, build_dependency, build_health_check, build_interface, build_migrations,
    build_volume, each_entry,
)
from migrator.ir.build_versions import located_version
from migrator.ir.manifest import (
    Alert, Assets, ConfigProcedures, Description, DeviceRequirement, DockerProcedure,
    HardwareRequirements, Manifest,
)
from migrator.read.located import LMap, LScalar, LSeq
from migrator.read.yaml_reader import U64_MAX
from migrator.syntax.emver import parse_range

MAX_TITLE_BYTES = 30
ALERT_KINDS = ("install", "uninstall", "restore", "start", "stop")
ASSET_KEYS = {"license": "license", "instructions": "instructions", "icon": "icon",
              "docker-images": "docker_images", "assets": "assets", "scripts": "scripts"}


def check_url(f: Fields, key: str, value: str | None) -> None:
    if value is None:
        return
    parsed = urlparse(value)
    if not parsed.scheme or not (parsed.netloc or parsed.scheme == "mailto"):
        node = f.node.get(key)
        f.diags.warning("M416", f"`{key}` is not a URL: {value!r}", node.loc, node.path)  # type: ignore


def build_description(f: Fields, diags: Diagnostics) -> Description:
    node = f.map("description", required=True)
    if node is None:
        return Description("", "", f.origin)
    df = Fields(node, diags, what="description")
    short = df.str("short", required=True) or ""
    long = df.str("long", required=True) or ""
    for key, text, limit in (("short", short, 160), ("long", long, 5000)):
        if len(text) > limit:
            n = node.get(key)
            diags.warning("M406", f"description.{key} has {len(text)} characters; the 0.3 OS "
                          f"allowed at most {limit}", n.loc, n.path)  # type: ignore[union-attr]
    df.unknown()
    return Description(short, long, origin_of(node))


def build_assets(f: Fields, diags: Diagnostics) -> Assets:
    node = f.map("assets")
    if node is None:
        return Assets()
    af = Fields(node, diags, what="assets")
    values = {attr: af.str(key) for key, attr in ASSET_KEYS.items()}
    af.unknown()
    return Assets(**values, origin=origin_of(node))


def build_alerts(f: Fields, diags: Diagnostics) -> tuple[Alert, ...]:
    node = f.map("alerts")
    if node is None:
        return ()
    af = Fields(node, diags, what="alerts")
    out = []
    for kind in ALERT_KINDS:
        text = af.str(kind)
        if text:
            out.append(Alert(kind, text, origin_of(node.get(kind))))  # type: ignore[arg-type]
    af.unknown()
    return tuple(out)


def build_hardware(f: Fields, diags: Diagnostics) -> HardwareRequirements:
    node = f.map("hardware-requirements")
    if node is None:
        return HardwareRequirements()
    hf = Fields(node, diags, what="hardware-requirements")
    devices = []
    device_node = hf.map("device")
    for cls, pattern in (device_node.items() if device_node else ()):
        if isinstance(pattern, LScalar) and isinstance(pattern.value, str):
            devices.append(DeviceRequirement(cls, pattern.value, origin_of(pattern)))
        else:
            diags.error("M402", f"device `{cls}` must be a regex string", pattern.loc, pattern.path)
    ram = hf.int("ram", maximum=U64_MAX, width="u64 bytes")
    arch = hf.str_list("arch")
    _check_arches(hf, arch)
    hf.unknown()
    return HardwareRequirements(tuple(devices), ram, arch, origin_of(node))


# What the legacy OS and StartOS 0.4 build images for (`uname -m` names).
KNOWN_ARCHES = ("x86_64", "aarch64", "riscv64")


def _check_arches(hf: Fields, arch: tuple[str, ...] | None) -> None:
    """An arch no image is built for is dropped by the lowering: say so, at the item."""
    seq = hf.raw("arch")
    if not arch or not isinstance(seq, LSeq):
        return
    for item in seq:
        if isinstance(item, LScalar) and isinstance(item.value, str) \
                and item.value not in KNOWN_ARCHES:
            hf.diags.warning("M430", f"unknown arch `{item.value}` is dropped: StartOS builds "
                             f"images for {', '.join(KNOWN_ARCHES)} only", item.loc, item.path)


def build_config(f: Fields, diags: Diagnostics) -> ConfigProcedures | None:
    node = f.map("config")
    if node is None:
        return None
    cf = Fields(node, diags, what="config")
    get = build_procedure(cf.raw("get"), diags, "config.get")
    set_ = build_procedure(cf.raw("set"), diags, "config.set")
    for key, proc in (("get", get), ("set", set_)):
        if not cf.has(key):
            cf._missing((key,))
        require_io_format(proc, diags, f"config.{key}")
    cf.unknown()
    if get is None or set_ is None:
        return None
    return ConfigProcedures(get, set_, origin_of(node))


def build_backup(f: Fields, diags: Diagnostics):
    node = f.map("backup", required=True)
    if node is None:
        return None, None
    bf = Fields(node, diags, what="backup")
    create = build_procedure(bf.raw("create"), diags, "backup.create")
    restore = build_procedure(bf.raw("restore"), diags, "backup.restore")
    for key in ("create", "restore"):
        if not bf.has(key):
            bf._missing((key,))
    bf.unknown()
    return create, restore


def build_manifest_03(node: LMap, diags: Diagnostics, build_spec) -> Manifest:
    f = Fields(node, diags, what="the manifest")
    manifest_id = f.str("id", required=True) or ""
    if manifest_id:
        check_id(manifest_id, node.get("id"), diags, "package id")  # type: ignore[arg-type]
    title = f.str("title", required=True) or manifest_id
    if len(title.encode()) >= MAX_TITLE_BYTES:
        t = node.get("title")
        diags.warning("M405", f"title is {len(title.encode())} bytes; the 0.3 OS required fewer "
                      f"than {MAX_TITLE_BYTES}", t.loc, t.path)  # type: ignore[union-attr]
    version_text, version = None, None
    if f.has("version"):
        version_text, version = located_version(f.raw("version"), diags)  # type: ignore[arg-type]
    else:
        f._missing(("version",))
    urls = {key: f.str(key, required=key in ("wrapper-repo", "upstream-repo"))
            for key in ("wrapper-repo", "upstream-repo", "support-site", "marketing-site",
                        "donation-url")}
    for key, value in urls.items():
        check_url(f, key, value)
    main = build_procedure(f.raw("main"), diags, "main")
    if not f.has("main"):
        f._missing(("main",))
    elif main is not None and not isinstance(main, DockerProcedure):
        diags.error("M408", "`main` must be a docker procedure (the 0.3 OS rejected script main)",
                    main.origin.loc, main.origin.path)
    if f.has("containers"):
        c = node.get("containers")
        diags.warning("M418", "`containers` (the 0.3.3 long-running-container experiment) is "
                      "not supported; it is kept for MIGRATION.md", c.loc, c.path)  # type: ignore
    if f.map("health-checks") is None and not f.has("health-checks"):
        f._missing(("health-checks",))
    for key in ("volumes", "interfaces"):
        if not f.has(key):
            f._missing((key,))
    properties = build_procedure(f.raw("properties"), diags, "properties")
    require_io_format(properties, diags, "properties")
    create, restore = build_backup(f, diags)
    migrations_node = f.map("migrations")
    replaces = f.str_list("replaces") or ()
    if len(replaces) >= 10 or any(len(r.encode()) >= 10 for r in replaces):
        r = node.get("replaces")
        diags.warning("M421", "`replaces` exceeds the 0.3 limits (< 10 entries of < 10 bytes)",
                      r.loc, r.path)  # type: ignore[union-attr]
    manifest = Manifest(
        era="0.3", id=manifest_id, title=title, version=version,
        version_text=version_text or "", description=build_description(f, diags),
        release_notes=f.str("release-notes", required=True) or "",
        license=f.str("license", required=True) or "", wrapper_repo=urls["wrapper-repo"],
        upstream_repo=urls["upstream-repo"], origin=origin_of(node),
        support_site=urls["support-site"], marketing_site=urls["marketing-site"],
        donation_url=urls["donation-url"], eos_version=f.str("eos-version"),
        min_os_version=f.str("min-os-version"), git_hash=f.str("git-hash"),
        build=f.str_list("build"), assets=build_assets(f, diags), alerts=build_alerts(f, diags),
        main=main,
        health_checks=each_entry(f.map("health-checks"), diags, "health check",
                                 lambda k, v: build_health_check(k, v, diags)),
        config=build_config(f, diags), properties=properties,
        volumes=each_entry(f.map("volumes"), diags, "volume",
                           lambda k, v: build_volume(k, v, diags)),
        interfaces=each_entry(f.map("interfaces"), diags, "interface",
                              lambda k, v: build_interface(k, v, diags)),
        backup_create=create, backup_restore=restore,
        migrations=build_migrations(migrations_node, diags, parse_range) if migrations_node else None,
        actions=each_entry(f.map("actions"), diags, "action",
                           lambda k, v: build_action(k, v, diags, build_spec)),
        dependencies=each_entry(f.map("dependencies"), diags, "dependency",
                                lambda k, v: build_dependency(k, v, diags, parse_range)),
        containers=f.plain("containers"), replaces=replaces,
        hardware_requirements=build_hardware(f, diags),
        # `compat: v0` on a 0.3-shaped manifest was reported by detect_era (M425).
        unknown=f.unknown(("compat",) if "compat" in node and _is_v0(node) else ()),
    )
    validate_references(manifest, diags)
    return manifest


def _is_v0(node: LMap) -> bool:
    compat = node.get("compat")
    return isinstance(compat, LScalar) and compat.value == "v0"


def validate_references(manifest: Manifest, diags: Diagnostics) -> None:
    """Cross-references the 0.3 OS checked at pack time: mounts, certificates, dependencies."""
    volume_ids = {v.id for v in manifest.volumes}
    procedures = [("main", manifest.main), ("backup.create", manifest.backup_create),
                  ("backup.restore", manifest.backup_restore), ("properties", manifest.properties)]
    procedures += [(f"health check `{h.id}`", h.procedure) for h in manifest.health_checks]
    procedures += [(f"action `{a.id}`", a.implementation) for a in manifest.actions]
    if manifest.config:
        procedures += [("config.get", manifest.config.get), ("config.set", manifest.config.set)]
    for what, proc in procedures:
        if isinstance(proc, DockerProcedure):
            for volume_id, _ in proc.mounts:
                if volume_id != "BACKUP" and volume_id not in volume_ids:
                    diags.error("M409", f"{what} mounts `{volume_id}`, which is not a declared "
                                "volume", proc.origin.loc, proc.origin.path / "mounts" / volume_id)
    interface_ids = {i.id for i in manifest.interfaces}
    for volume in manifest.volumes:
        if volume.type == "certificate" and volume.interface_id not in interface_ids:
            diags.error("M413", f"certificate volume `{volume.id}` names interface "
                        f"`{volume.interface_id}`, which does not exist", volume.origin.loc,
                        volume.origin.path)
        if volume.type == "pointer" and volume.package_id not in (
                manifest.id, *(d.id for d in manifest.dependencies)):
            diags.warning("M413", f"pointer volume `{volume.id}` points into package "
                          f"`{volume.package_id}`, which is not a dependency", volume.origin.loc,
                          volume.origin.path)
    for dep in manifest.dependencies:
        if dep.id == manifest.id:
            diags.error("M412", f"package `{manifest.id}` depends on itself", dep.origin.loc,
                        dep.origin.path)
