"""Which legacy pointers 0.4 can compute, decided once for lowering and emitters.

`dependency-host`: a dependency's tor/lan address → `<package-id>.startos`, the name
services reach each other by in 0.4 (the legacy value was used to connect to it).
`own-mdns`: the package's own lan-address → its mDNS hostname for that interface.
Everything else (config selectors, tor keys, the own tor address now that Tor is a
plugin, pointers inside lists or union variants) waits for a person."""

from __future__ import annotations

from typing import Literal

Computed = Literal["dependency-host", "own-mdns"]
ADDRESS_TARGETS = ("tor-address", "lan-address")


def computed_pointer(field, own_id: str, interfaces_with_ports: set[str]) -> Computed | None:
    p = field.pointer
    if any(part is None for part in field.path) or field.variants:
        return None
    if p.target in ADDRESS_TARGETS and p.package_id and p.package_id != own_id:
        return "dependency-host"
    if p.target == "lan-address" and p.package_id == own_id and p.interface in \
            interfaces_with_ports:
        return "own-mdns"
    return None


def describe(field, how: Computed | None) -> tuple[str, str]:
    """(MIGRATION.md status, note) of a pointer."""
    p = field.pointer
    if how == "dependency-host":
        return "translated", (f"pointer: the {p.target} of `{p.package_id}` becomes "
                              f"`{p.package_id}.startos` (written by writePointers)")
    if how == "own-mdns":
        return "translated", (f"pointer: the mDNS hostname of interface `{p.interface}`, "
                              "written by writePointers")
    what = (f"the config of `{p.package_id}` (selector `{p.selector or p.index}`)"
            if p.target == "config" else f"the {p.target} of `{p.package_id}`")
    return "todo", f"pointer to {what}: computed by the legacy OS; compute it in writePointers"
