"""The 0.2 manifest (`compat: v0`, appmgr v0.2.17) normalised into the 0.3-shaped `Manifest`.

0.2 had no procedures: one image with its own entrypoint, one data volume mounted at
`mount`, one hidden service for all `ports`, actions as commands, rules inline in
`dependencies.<id>.config`. We express each in the 0.3 vocabulary and keep the 0.2-only
facts in `Legacy02` so nothing is lost.
"""

from __future__ import annotations

from migrator.diagnostics import Diagnostics
from migrator.ir.access import Fields, origin_of
from migrator.ir.build_manifest import build_description, check_url
from migrator.ir.build_procedures import check_id
from migrator.ir.build_sections import _port
from migrator.ir.build_versions import located_range, located_version
from migrator.ir.manifest import (
    Action, Alert, Dependency, DependencyRequirement, DockerProcedure, Interface, LanPort,
    Legacy02, Manifest, Port02, TorPort, Volume,
)
from migrator.ir.origin import Origin
from migrator.read.located import LMap, LScalar, LSeq, type_name
from migrator.read.yaml_reader import U64_MAX

ALERT_KEYS = {"install-alert": "install", "uninstall-alert": "uninstall",
              "restore-alert": "restore", "start-alert": "start"}
STATUS_MAP = {"RUNNING": "running", "STOPPED": "stopped"}
# Keys 0.2 kept in its flattened `extra` map that carry meaning for the migration.
KNOWN_EXTRAS = ("license", "wrapper-repo", "upstream-repo", "support-page", "marketing-page",
                "marketing-site", "support-site", "donation-url", "license-info")


def _ports(node: LSeq | None, diags: Diagnostics) -> tuple[Port02, ...]:
    out = []
    for item in (node or ()):
        if not isinstance(item, LMap):
            diags.error("M402", f"a `ports` entry must be a mapping, not {type_name(item)}",
                        item.loc, item.path)
            continue
        f = Fields(item, diags, what="port")
        internal = _port(f.raw("internal"), diags, "internal port")
        tor = _port(f.raw("tor"), diags, "tor port")
        if not f.has("internal"):
            f._missing(("internal",))
        if not f.has("tor"):
            f._missing(("tor",))
        lan_node = f.raw("lan")
        if "lan" not in item:
            lan = "standard" if tor == 80 else "none"  # appmgr's default
        elif isinstance(lan_node, LScalar) and lan_node.value in (None, "standard"):
            lan = "standard" if lan_node.value == "standard" else "none"
        elif isinstance(lan_node, LMap) and isinstance(lan_node.get("custom"), LMap):
            custom = Fields(lan_node.get("custom"), diags, what="lan custom")  # type: ignore
            lan = custom.int("port", required=True, maximum=65535, width="u16") or 0
        else:
            diags.error("M410", "`lan` must be `standard`, `{custom: {port: N}}` or null",
                        lan_node.loc, lan_node.path)  # type: ignore[union-attr]
            lan = "none"
        f.unknown()
        if internal is not None and tor is not None:
            out.append(Port02(internal, tor, lan, origin_of(item)))  # type: ignore[arg-type]
    return tuple(out)


def _interface(ports: tuple[Port02, ...], origin: Origin) -> Interface | None:
    if not ports:
        return None
    tor = tuple(TorPort(p.tor, p.internal, p.origin) for p in ports)
    lan = []
    for p in ports:
        if p.lan == "standard":
            lan.append(LanPort(443, p.internal, True, p.origin))
        elif isinstance(p.lan, int):
            lan.append(LanPort(p.lan, p.internal, False, p.origin))
    ui = any(p.tor == 80 or p.lan == "standard" for p in ports)
    return Interface("main", "Main", "The service's main interface (converted from 0.2 ports)",
                     ui, ("tcp", "http") if ui else ("tcp",), origin, tor, tuple(lan) or None)


def _actions(node: LSeq | None, diags: Diagnostics, mount: str) -> tuple[Action, ...]:
    out = []
    for item in (node or ()):
        if not isinstance(item, LMap):
            diags.error("M415", "an action must be a mapping", item.loc, item.path)
            continue
        f = Fields(item, diags, what="action")
        action_id = f.str("id", required=True) or ""
        if action_id:
            check_id(action_id, item.get("id"), diags, "action id")  # type: ignore[arg-type]
        statuses = []
        status_nodes = f.seq("allowed-statuses", required=True)
        for status, n in zip(f.str_list("allowed-statuses") or (), status_nodes or ()):
            if status in STATUS_MAP:
                statuses.append(STATUS_MAP[status])
            else:
                diags.warning("M420", f"0.2 status `{status}` has no 0.3/0.4 equivalent and is "
                              "dropped", n.loc, n.path)
        command = f.str_list("command", required=True) or ()
        impl = DockerProcedure(
            image="main", entrypoint=command[0] if command else None, args=tuple(command[1:]),
            origin=origin_of(item), inject=statuses == ["running"], mounts=(("main", mount),))
        out.append(Action(action_id, f.str("name", required=True) or action_id,
                          f.str("description", required=True) or "", tuple(statuses), impl,
                          origin_of(item), f.str("warning"), None, f.unknown()))
    return tuple(out)


def _dependencies(node: LMap | None, diags: Diagnostics, build_rules) -> tuple[Dependency, ...]:
    out = []
    for dep_id, dep in (node.items() if node else ()):
        check_id(dep_id, dep, diags, "dependency id")
        if not isinstance(dep, LMap):
            diags.error("M412", f"dependency `{dep_id}` must be a mapping", dep.loc, dep.path)
            continue
        f = Fields(dep, diags, what=f"dependency `{dep_id}`")
        text, rng = (located_range(f.raw("version"), diags) if f.has("version")
                     else (f._missing(("version",)), None))
        how = f.str("optional")
        # 0.2 had one kind of optional dependency; opt-in is the closest 0.3 reading.
        requirement = DependencyRequirement("opt-in" if how else "required", how, origin_of(dep))
        rules_node = f.seq("config")
        rules = build_rules(rules_node, dep_id) if rules_node is not None else None
        out.append(Dependency(
            dep_id, rng, text or "*", requirement, origin_of(dep), f.str("description"),
            inline_rules=rules, mount_public=bool(f.bool("mount-public")),
            mount_shared=bool(f.bool("mount-shared")), unknown=f.unknown()))
    return tuple(out)


def build_manifest_02(node: LMap, diags: Diagnostics, build_rules) -> Manifest:
    f = Fields(node, diags, what="the 0.2 manifest")
    f.used.add("compat")
    manifest_id = f.str("id", required=True) or ""
    if manifest_id:
        check_id(manifest_id, node.get("id"), diags, "package id")  # type: ignore[arg-type]
    version_text, version = (located_version(f.raw("version"), diags) if f.has("version")
                             else (f._missing(("version",)), None))
    mount = f.str("mount", required=True) or "/root"
    image = f.map("image", required=True)
    image_type = "tar"
    if image is not None:
        image_f = Fields(image, diags, what="image")
        image_type = image_f.str("type", required=True) or "tar"
        image_f.unknown()
    ports = _ports(f.seq("ports", required=True), diags)
    alerts = tuple(Alert(kind, f.str(key), origin_of(node.get(key)))  # type: ignore[arg-type]
                   for key, kind in ALERT_KEYS.items() if f.str(key))
    assets = []
    for item in (f.seq("assets") or ()):
        if isinstance(item, LMap):
            af = Fields(item, diags, what="asset")
            assets.append((af.str("src", required=True) or "", af.str("dst", required=True) or "",
                           bool(af.bool("overwrite", required=True))))
            af.unknown()
    extras = {key: f.str(key) for key in KNOWN_EXTRAS if key != "license-info"}
    f.used.add("license-info")
    for key in ("wrapper-repo", "upstream-repo", "marketing-page", "support-page"):
        check_url(f, key, extras[key])
    main = DockerProcedure("main", None, (), origin_of(node), mounts=(("main", mount),),
                           shm_size_mb=f.int("shm-size-mb", maximum=U64_MAX, width="usize"))
    legacy = Legacy02(
        mount=mount, public=f.str("public"), shared=f.str("shared"),
        has_instructions=bool(f.bool("has-instructions")),
        hidden_service_version=f.str("hidden-service-version") or "v3",
        os_version_required=f.str("os-version-required"),
        os_version_recommended=f.str("os-version-recommended"), ports=ports,
        asset_copies=tuple(assets), image_type=image_type)
    interface = _interface(ports, origin_of(f.raw("ports") or node))
    return Manifest(
        era="0.2", id=manifest_id, title=f.str("title", required=True) or manifest_id,
        version=version, version_text=version_text or "", description=build_description(f, diags),
        release_notes=f.str("release-notes", required=True) or "",
        license=extras["license"] or "", wrapper_repo=extras["wrapper-repo"],
        upstream_repo=extras["upstream-repo"], origin=origin_of(node),
        support_site=extras["support-page"] or extras["support-site"],
        marketing_site=extras["marketing-page"] or extras["marketing-site"],
        donation_url=extras["donation-url"], min_os_version=f.str("min-os-version"),
        alerts=alerts, main=main,
        volumes=(Volume("main", "data", origin_of(node)),),
        interfaces=(interface,) if interface else (),
        actions=_actions(f.seq("actions"), diags, mount),
        dependencies=_dependencies(f.map("dependencies"), diags, build_rules),
        legacy02=legacy, unknown=f.unknown(),
    )
