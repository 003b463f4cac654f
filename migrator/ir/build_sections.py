"""Manifest sections of the 0.3 model: volumes, interfaces, health checks, actions, …"""

from __future__ import annotations

from typing import Callable, TypeVar

from migrator.diagnostics import Diagnostics
from migrator.ir.access import Fields, origin_of
from migrator.ir.build_procedures import (
    build_procedure, check_id, duration_field, require_io_format,
)
from migrator.ir.manifest import (
    Action, Dependency, DependencyConfig, DependencyRequirement, HealthCheck, Interface, LanPort,
    Migrations, TorPort, Volume,
)
from migrator.read.located import LMap, LNode, LScalar, type_name

T = TypeVar("T")
VOLUME_TYPES = ("data", "assets", "pointer", "certificate", "backup")


def each_entry(node: LMap | None, diags: Diagnostics, what: str,
               build: Callable[[str, LMap], T | None], *, check_ids: bool = True) -> tuple[T, ...]:
    """Build every `id: {...}` entry of a map section, in the author's order."""
    if node is None:
        return ()
    out = []
    for key, value in node.items():
        entry = node.entry(key)
        if check_ids:
            check_id(key, value, diags, f"{what} id")
        if not isinstance(value, LMap):
            diags.error("M402", f"{what} `{key}` must be a mapping, not {type_name(value)}",
                        entry.key_loc if entry else value.loc, value.path)
            continue
        built = build(key, value)
        if built is not None:
            out.append(built)
    return tuple(out)


def build_volume(volume_id: str, node: LMap, diags: Diagnostics) -> Volume | None:
    f = Fields(node, diags, what=f"volume `{volume_id}`")
    vtype = f.str("type", required=True)
    if vtype not in VOLUME_TYPES:
        if vtype is not None:
            t = node.get("type")
            diags.error("M413", f"volume `{volume_id}` has unknown type `{vtype}` (expected "
                        "data, assets, pointer or certificate)", t.loc, t.path)  # type: ignore
        return None
    if vtype == "backup":
        diags.error("M413", f"volume `{volume_id}`: type `backup` cannot be declared (\"Invalid "
                    "volume type\"); mount the reserved `BACKUP` id instead", node.loc, node.path)
    if volume_id == "BACKUP":
        diags.error("M413", "`BACKUP` is reserved for mounts and cannot be declared", node.loc,
                    node.path)
    kwargs = {}
    if vtype == "pointer":
        kwargs = dict(package_id=f.str("package-id", required=True),
                      volume_id=f.str("volume-id", required=True),
                      path=f.str("path", required=True),
                      readonly=bool(f.bool("readonly", required=True)))
    elif vtype == "certificate":
        kwargs = dict(interface_id=f.str("interface-id", required=True))
    elif vtype == "data":
        f.bool("readonly")  # serde(skip) in 0.3, but seen in wrappers
    return Volume(volume_id, vtype, origin_of(node), unknown=f.unknown(), **kwargs)  # type: ignore


def _port(node: LNode | None, diags: Diagnostics, what: str, raw_key: str | None = None) -> int | None:
    """`Port` is number-permissive: a number or a numeric string, 0..65535 (map keys too)."""
    value = raw_key if raw_key is not None else (node.value if isinstance(node, LScalar) else None)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        digits = value.strip().lstrip("0") or "0"
        value = int(digits) if len(digits) <= 6 else 65536  # u16: longer is out of range anyway
    if isinstance(value, bool) or not isinstance(value, int):
        if node is not None:
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:30] + "…"
            diags.error("M411", f"{what} must be a port number, not {shown}", node.loc, node.path)
        return None
    if not 0 < value <= 65535:
        if node is not None:
            diags.error("M411", f"{what} {value} is out of range 1-65535", node.loc, node.path)
        return None
    return value


def build_interface(interface_id: str, node: LMap, diags: Diagnostics) -> Interface | None:
    f = Fields(node, diags, what=f"interface `{interface_id}`")
    tor = f.map("tor-config")
    lan = f.map("lan-config")
    tor_ports = lan_ports = None
    if tor is not None:
        tf = Fields(tor, diags, what=f"tor-config of interface `{interface_id}`")
        mapping = tf.map("port-mapping", required=True)
        tor_ports = []
        for ext_key, internal in (mapping.items() if mapping else ()):
            ext = _port(internal, diags, "tor external port", ext_key)
            inn = _port(internal, diags, "tor internal port")
            if ext is not None and inn is not None:
                tor_ports.append(TorPort(ext, inn, origin_of(internal)))
        tf.unknown()
        tor_ports = tuple(tor_ports)
    if lan is not None:
        lan_ports = []
        for ext_key, cfg in lan.items():
            ext = _port(cfg, diags, "lan external port", ext_key)
            if not isinstance(cfg, LMap):
                diags.error("M410", f"lan-config `{ext_key}` must be a mapping with ssl and "
                            "internal", cfg.loc, cfg.path)
                continue
            lf = Fields(cfg, diags, what=f"lan-config `{ext_key}`")
            ssl = bool(lf.bool("ssl", required=True))
            inn = _port(lf.raw("internal", "mapping"), diags, "lan internal port")
            if not lf.has("internal", "mapping"):
                lf._missing(("internal",))
            lf.unknown()
            if ext is not None and inn is not None:
                lan_ports.append(LanPort(ext, inn, ssl, origin_of(cfg)))
        lan_ports = tuple(lan_ports)
    protocols = f.str_list("protocols", required=True) or ()
    iface = Interface(
        id=interface_id, name=f.str("name", required=True) or interface_id,
        description=f.str("description", required=True) or "",
        ui=bool(f.bool("ui", required=True)), protocols=protocols, origin=origin_of(node),
        tor_ports=tor_ports, lan_ports=lan_ports, unknown=f.unknown(),
    )
    _validate_interface(iface, diags)
    return iface


def _validate_interface(iface: Interface, diags: Diagnostics) -> None:
    at = (iface.origin.loc, iface.origin.path)
    if iface.tor_ports is not None and "tcp" not in iface.protocols:
        diags.warning("M410", f"interface `{iface.id}` has tor-config but `tcp` is not in its "
                      "protocols (the 0.3 OS required it)", *at)
    if iface.lan_ports is not None and "http" not in iface.protocols:
        diags.warning("M410", f"interface `{iface.id}` has lan-config but `http` is not in its "
                      "protocols (the 0.3 OS required it)", *at)
    if iface.ui and not {"http", "https"} & set(iface.protocols):
        diags.warning("M410", f"interface `{iface.id}` is a UI but has neither http nor https "
                      "in its protocols", *at)
    if not iface.internal_ports:
        diags.warning("M410", f"interface `{iface.id}` binds no port (no tor-config and no "
                      "lan-config)", *at)


def build_health_check(check_id_: str, node: LMap, diags: Diagnostics) -> HealthCheck | None:
    f = Fields(node, diags, what=f"health check `{check_id_}`")
    name = f.str("name", required=True) or check_id_
    success = f.str("success-message")
    description = f.str("description")
    timeout, timeout_ms = duration_field(f, "timeout")
    flattened = ("name", "success-message", "timeout", "description")
    procedure = build_procedure(node, diags, f"health check `{check_id_}`", extra_keys=flattened)
    if procedure is None:
        return None
    return HealthCheck(check_id_, name, procedure, origin_of(node), success, timeout, timeout_ms,
                       description)


def build_action(action_id: str, node: LMap, diags: Diagnostics, build_spec) -> Action | None:
    f = Fields(node, diags, what=f"action `{action_id}`")
    statuses = f.str_list("allowed-statuses", required=True) or ()
    kept = []
    for status in statuses:
        if status in ("running", "stopped"):
            if status not in kept:
                kept.append(status)
        else:
            n = node.get("allowed-statuses")
            diags.error("M407", f"allowed status `{status}` of action `{action_id}` is not "
                        "running or stopped", n.loc, n.path)  # type: ignore[union-attr]
    impl = build_procedure(f.raw("implementation"), diags, f"implementation of action `{action_id}`")
    if impl is None:
        if not f.has("implementation"):
            f._missing(("implementation",))
        return None
    require_io_format(impl, diags, f"implementation of action `{action_id}`")
    spec_node = f.raw("input-spec")
    input_spec = build_spec(spec_node) if spec_node is not None else None
    return Action(action_id, f.str("name", required=True) or action_id,
                  f.str("description", required=True) or "", tuple(kept), impl,
                  origin_of(node), f.str("warning"), input_spec, f.unknown())


def build_dependency(dep_id: str, node: LMap, diags: Diagnostics, parse_range) -> Dependency:
    f = Fields(node, diags, what=f"dependency `{dep_id}`")
    version_text, version = dependency_range(f, diags, parse_range)
    req_node = f.map("requirement")
    requirement = DependencyRequirement("required", None, origin_of(node))
    if not f.has("requirement"):
        diags.warning("M401", f"dependency `{dep_id}` has no `requirement` (the 0.3 OS could not "
                      "load this manifest); it is read as required", node.loc, node.path,
                      hint="add `requirement: {type: required}` (or opt-in/opt-out with `how`)")
    if req_node is not None:
        rf = Fields(req_node, diags, what=f"requirement of dependency `{dep_id}`")
        rtype = rf.str("type", required=True)
        if rtype not in ("opt-in", "opt-out", "required"):
            if rtype is not None:
                t = req_node.get("type")
                diags.error("M407", f"requirement type `{rtype}` is not opt-in, opt-out or "
                            "required", t.loc, t.path)  # type: ignore[union-attr]
            rtype = "required"
        how = rf.str("how", required=rtype != "required")
        requirement = DependencyRequirement(rtype, how, origin_of(req_node))
        rf.unknown()
    config = None
    cfg = f.map("config")
    if cfg is not None:
        cf = Fields(cfg, diags, what=f"config of dependency `{dep_id}`")
        check = build_procedure(cf.raw("check"), diags, f"config check of `{dep_id}`")
        auto = build_procedure(cf.raw("auto-configure"), diags, f"auto-configure of `{dep_id}`")
        for key in ("check", "auto-configure"):
            if not cf.has(key):
                cf._missing((key,))
        cf.unknown()
        if check is not None and auto is not None:
            config = DependencyConfig(check, auto, origin_of(cfg))
    # `critical` and `requires-runtime-config` are 0.2/early-0.3 leftovers the 0.3 OS ignored.
    return Dependency(dep_id, version, version_text or "*", requirement, origin_of(node),
                      f.str("description"), config, unknown=f.unknown())


def dependency_range(f: Fields, diags: Diagnostics, parse_range):
    from migrator.ir.build_versions import located_range

    node = f.raw("version")
    if node is None:
        f._missing(("version",))
        return None, None
    return located_range(node, diags, parse_range)


def build_migrations(node: LMap, diags: Diagnostics, parse_range) -> Migrations:
    from migrator.ir.build_versions import located_range_key

    f = Fields(node, diags, what="migrations")
    sides = {}
    for side in ("from", "to"):
        m = f.map(side, required=True)
        entries = []
        for key, value in (m.items() if m else ()):
            rng = located_range_key(m.entry(key), diags, parse_range)  # type: ignore[union-attr]
            proc = build_procedure(value, diags, f"migration {side} `{key}`")
            require_io_format(proc, diags, f"migration {side} `{key}`")
            if proc is not None:
                entries.append((key, rng, proc))
        sides[side] = tuple(entries)
    f.unknown()
    return Migrations(sides["from"], sides["to"], origin_of(node))

