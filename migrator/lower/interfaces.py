"""Interfaces → hosts, bindings and service interfaces (mapping.md §4).

The host id stays the legacy interface id: the OS carries onion keys over by
(package id, host id), so the installed service keeps its Tor address."""

from __future__ import annotations

from migrator.ir.manifest import Interface
from migrator.lower.context import Lowering, source_of
from migrator.sdk.runtime import BindOptions, Binding, Host, ServiceInterface

PEER_PROTOCOLS = {"p2p", "lightning", "bitcoin", "peer"}
WEB_PROTOCOLS = {"http", "https", "ws", "wss"}


def _external_ports(iface: Interface, internal: int) -> tuple[int | None, int | None, bool]:
    """(lan external, tor external, lan ssl) for one internal port."""
    lan = next((p for p in iface.lan_ports or () if p.internal == internal), None)
    tor = next((p for p in iface.tor_ports or () if p.internal == internal), None)
    return (lan.external if lan else None, tor.external if tor else None,
            bool(lan and lan.ssl))


def own_tls(protocols: set[str], lan_ext: int | None, tor_ext: int | None,
            lan_ssl: bool) -> bool:
    """Does the service itself speak TLS on this port? Legacy `ssl: true` meant the OS
    terminated TLS in front of a plain port, so only these say yes: the protocols name
    https/wss and no plain variant; the port is reached as 443 over Tor (Tor adds no TLS)
    or as 443 on the LAN without the OS's TLS."""
    if {"https", "wss"} & protocols and not {"http", "ws"} & protocols:
        return True
    if lan_ssl:
        return False
    return tor_ext == 443 or lan_ext == 443


def bind_options(iface: Interface, internal: int) -> BindOptions:
    """mapping.md §4: the protocol from the legacy `protocols`, `ssl` and ports."""
    lan_ext, tor_ext, lan_ssl = _external_ports(iface, internal)
    protocols = {p.lower() for p in iface.protocols}
    tls = own_tls(protocols, lan_ext, tor_ext, lan_ssl)
    os_tls_port = lan_ext if lan_ssl else None  # the OS added TLS at this LAN port
    if "grpc" in protocols:
        # gRPC is HTTP/2: raw TCP so the OS does not treat it as HTTP/1; TLS either the
        # service's own (https named beside it) or the OS's, offering h2.
        secure = True if tls or "https" in protocols else None
        add_ssl = os_tls_port if secure is None else None
        return BindOptions(None, lan_ext or tor_ext or internal, add_ssl, secure,
                           ("h2",) if add_ssl else None)
    if WEB_PROTOCOLS & protocols or (lan_ext == 443 and lan_ssl):
        if tls:
            protocol = "wss" if "wss" in protocols and "https" not in protocols else "https"
            return BindOptions(protocol, lan_ext or tor_ext or 443)
        protocol = "ws" if "ws" in protocols and "http" not in protocols else "http"
        add_ssl = os_tls_port if os_tls_port not in (None, 443) else None
        if lan_ext is not None and not lan_ssl:
            preferred = lan_ext
        else:
            preferred = tor_ext if tor_ext not in (None, 443, add_ssl) else 80
        return BindOptions(protocol, preferred, add_ssl)
    external = lan_ext or tor_ext or internal
    if PEER_PROTOCOLS & protocols:
        # peer protocols carry their own encryption or none; the OS must not wrap them
        return BindOptions(None, external, os_tls_port, False)
    return BindOptions(None, external, os_tls_port, True if tls else None)


def describe(options: BindOptions) -> str:
    if options.protocol is not None:
        return options.protocol + (f", TLS added at {options.add_ssl_port}"
                                   if options.add_ssl_port else "")
    tls = {True: "the service's TLS", False: "secure without TLS", None: "plain"}
    return f"raw TCP, {tls[options.secure_ssl]}" + (
        f", TLS added at {options.add_ssl_port}" if options.add_ssl_port else "")


def interface_type(iface: Interface, options: BindOptions) -> str:
    if iface.ui and options.protocol in ("http", "https"):
        return "ui"
    if PEER_PROTOCOLS & {p.lower() for p in iface.protocols} and options.protocol is None:
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
               + ", ".join(f"{b.internal_port} ({describe(b.options)})" for b in bindings),
               iface.origin)
        if iface.tor_ports is not None or iface.lan_ports is not None:
            lw.gone(f"interface `{iface.id}` tor-config/lan-config",
                    "0.4 provides Tor, LAN and TLS itself; only internal ports are bound",
                    iface.origin)
    return tuple(hosts)
