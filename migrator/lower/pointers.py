"""Which legacy pointers 0.4 can compute, decided once for lowering and emitters.

`dependency-host`: a dependency's tor/lan address → `<package-id>.startos`, the name
services reach each other by in 0.4 (the legacy value was used to connect to it).
`own-address`: the package's own tor-address / lan-address of an interface → read at run
time from the package's own host of that id (the legacy interface id): the onion address
when the host has one (Tor is a plugin in 0.4: a hostname ending in `.onion`), else its
mDNS (`.local`) hostname; a lan-address is always the mDNS hostname. That is what the
0.4 legacy adapter writes for address pointers (sdk-2.0.9.md §3.3); the legacy OS
recomputed them on every config save, so the generated code does too (config action, the
upgrade migration, and init, which refreshes an existing file when an address changes).

Pointers may sit anywhere in the config: in objects, in union variants (written only when
that variant is selected) and in list items (written into every item). Config selectors
(`target: config`) and `tor-key` wait for a person."""

from __future__ import annotations

from typing import Literal

Computed = Literal["dependency-host", "own-address"]
ADDRESS_TARGETS = ("tor-address", "lan-address")


def computed_pointer(field, own_id: str, interfaces_with_ports: set[str]) -> Computed | None:
    p = field.pointer
    if p.target not in ADDRESS_TARGETS or not p.package_id:
        return None
    if p.package_id != own_id:
        return "dependency-host"
    if p.interface in interfaces_with_ports:
        return "own-address"
    return None


def where(field) -> str:
    """The pointer's place in the legacy config, `*` for every list item."""
    return ".".join(str(p) if p is not None else "*" for p in field.path)


def describe(field, how: Computed | None, own_id: str | None = None) -> tuple[str, str]:
    """(MIGRATION.md status, note) of a pointer."""
    p = field.pointer
    scope = _scope(field)
    if how == "dependency-host":
        return "translated", (f"pointer: the {p.target} of `{p.package_id}` becomes "
                              f"`{p.package_id}.startos` (set by withPointers{scope})")
    if how == "own-address":
        what = ("the onion address of host `{i}` when it has one, else its mDNS hostname"
                if p.target == "tor-address" else "the mDNS hostname of host `{i}`")
        return "translated", (f"pointer: own {p.target} of interface `{p.interface}`: "
                              + what.format(i=p.interface)
                              + ", computed by withPointers on every config save, in the "
                              f"upgrade migration and at init{scope}")
    # A TODO names the pointer's place in the config: its marker in withPointers is the
    # one line a porter (and the runtime harness) finds it by.
    if p.target in ADDRESS_TARGETS and p.package_id == own_id:
        return "todo", (f"pointer `{where(field)}` to the {p.target} of own interface "
                        f"`{p.interface}`, which binds no port (no host to read it from); "
                        "compute it in withPointers")
    what = (f"the config of `{p.package_id}` (selector `{p.selector or p.index}`)"
            if p.target == "config" else f"the {p.target} of `{p.package_id}`")
    return "todo", (f"pointer `{where(field)}` to {what}: computed by the legacy OS; compute "
                    "it in withPointers")


def _scope(field) -> str:
    parts = []
    if field.variants:
        parts.append("when " + " and ".join(
            f"`{'.'.join(str(k) if k is not None else '*' for k in v.union_path) or '.'}` is "
            f"`{v.variant}`" for v in field.variants))
    if field.in_list:
        parts.append("in every list item")
    return (", " + ", ".join(parts)) if parts else ""
