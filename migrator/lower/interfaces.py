"""Interfaces → hosts, bindings and service interfaces (mapping.md §4).

The host id stays the legacy interface id: the OS carries onion keys over by
(package id, host id), so the installed service keeps its Tor address."""

from __future__ import annotations

from migrator.ir.manifest import Interface
from migrator.lower.context import Lowering, source_of
from migrator.sdk.runtime import BindOptions, Binding, Host, ServiceInterface

PEER_PROTOCOLS = {"p2p", "lightning", "bitcoin", "peer"}


def _external_ports(iface: Interface, internal: int) -> tuple[int | None, int | None, bool]:
    """(lan external, tor external, lan ssl) for one internal port."""
    lan = next((p for p in iface.lan_ports or () if p.internal == internal), None)
    tor = next((p for p in iface.tor_ports or () if p.internal == internal), None)
    return (lan.external if lan else None, tor.external if tor else None,
            bool(lan and lan.ssl))


def bind_options(iface: Interface, internal: int) -> BindOptions:
    lan_ext, tor_ext, lan_ssl = _external_ports(iface, internal)
    protocols = set(iface.protocols)
    web = {"http", "https", "ws", "wss"} & protocols or (lan_ext == 443 and lan_ssl)
    if web:
        # The service's own TLS: `https` without `http` (likewise wss).
        if "https" in protocols and "http" not in protocols:
            protocol = "https"
        elif "wss" in protocols and "ws" not in protocols and "http" not in protocols:
            protocol = "wss"
        elif "ws" in protocols and "http" not in protocols:
            protocol = "ws"
        else:
            protocol = "http"
        preferred = lan_ext if lan_ext not in (None, 443) else (tor_ext or 80)
        if preferred == 443 and protocol in ("http", "ws"):
            preferred = 80  # the OS adds TLS on 443 itself
        return BindOptions(protocol, preferred)
    external = lan_ext or tor_ext or internal
    secure = "grpc" in protocols and lan_ssl or lan_ssl
    return BindOptions(None, external, add_ssl_port=lan_ext if lan_ssl else None,
                       secure_ssl=bool(secure) if secure else False)


def interface_type(iface: Interface, options: BindOptions) -> str:
    if iface.ui and options.protocol in ("http", "https"):
        return "ui"
    if PEER_PROTOCOLS & set(iface.protocols):
        return "p2p"
    return "api"


def lower_interfaces(lw: Lowering) -> tuple[Host, ...]:
    hosts = []
    seen_ids: set[str] = set()
    for iface in lw.manifest.interfaces:
        ports = iface.internal_ports
        if not ports:
            lw.diags.warning("L649", f"interface `{iface.id}` has no port; it is not exported",
                             iface.origin.loc, iface.origin.path)
            lw.gone(f"interface `{iface.id}`", "no tor-config or lan-config port to bind",
                    iface.origin)
            continue
        bindings = []
        for port in ports:
            options = bind_options(iface, port)
            service_id = iface.id if len(ports) == 1 else f"{iface.id}-{port}"
            if service_id in seen_ids:
                lw.diags.error("L650", f"interface id `{service_id}` is produced twice",
                               iface.origin.loc, iface.origin.path)
            seen_ids.add(service_id)
            name = iface.name if len(ports) == 1 else f"{iface.name} ({port})"
            bindings.append(Binding(port, options, (ServiceInterface(
                service_id, name, iface.description, interface_type(iface, options)),)))
        hosts.append(Host(iface.id, tuple(bindings), source_of(iface.origin)))
        lw.row(f"interface `{iface.id}`", "translated", "startos/interfaces.ts",
               f"host `{iface.id}` (keeps the onion address), port(s) "
               + ", ".join(str(p) for p in ports), iface.origin)
        if iface.tor_ports is not None or iface.lan_ports is not None:
            lw.gone(f"interface `{iface.id}` tor-config/lan-config",
                    "0.4 provides Tor, LAN and TLS itself; only internal ports are bound",
                    iface.origin)
    return tuple(hosts)
