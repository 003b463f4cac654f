"""The checks behind the scenario verdicts (tests/runtime/judge.py): what the records must
show against the legacy package (ports, protocols, mounts, dependencies, hostnames, ...)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.runtime import deps04


def host_checks(rec: dict) -> list[str]:
    out = [f"wrote outside the sandbox: {v['op']} {v['path']}" for v in rec.get("violations", [])]
    out += [
        f"tried to run `{c['cmd']} {' '.join(c.get('args', []))[:120]}` on the host"
        for c in rec.get("hostCommands", [])
    ]
    return out


# ---- scenarios ------------------------------------------------------------------------


def protocol_checks(rec: dict, ex: dict) -> list[str]:
    """A port whose legacy interface speaks no HTTP (`protocols` without http/https, e.g.
    tcp + grpc) must not be bound as `http`. (`ssl: true` in a 0.3 lan-config is TLS the OS
    added in front of a plain port, so it says nothing about the service's own TLS.)"""
    out = []
    for iface in rec.get("interfaces", []):
        legacy = next(
            (
                d
                for i, d in (ex.get("interfaceDetails") or {}).items()
                if iface["id"] == i or iface["id"].startswith(f"{i}-")
            ),
            None,
        )
        info = iface.get("addressInfo") or {}
        if legacy is None or info.get("scheme") != "http":
            continue
        protocols = [p.lower() for p in legacy["protocols"]]
        if protocols and not {"http", "https"} & set(protocols):
            out.append(f"interface `{iface['id']}` is bound as http; legacy protocols {protocols}")
    return out


def dependency_checks(rec: dict, ex: dict) -> list[str]:
    """Tasks and required health checks must name what the 0.4 dependency really has."""
    out = []
    for t in rec.get("tasks", []):
        pkg = t.get("packageId")
        known = deps04.action_ids(pkg) if pkg != ex.get("packageId") else None
        if known is not None and t.get("actionId") not in known:
            out.append(
                f"task on `{pkg}` targets action `{t.get('actionId')}`, which the 0.4 "
                f"package does not have ({', '.join(sorted(known))})"
            )
    for d in rec.get("dependencies") or []:
        known = deps04.health_check_ids(d["id"])
        for h in d.get("healthChecks") or []:
            if known is not None and h not in known:
                out.append(
                    f"dependency `{d['id']}` requires health check `{h}`, which the 0.4 "
                    "package does not have"
                )
    return out


def own_addresses(value: Any, ex: dict, what: str, source: Path) -> tuple[list[str], list[str]]:
    """Own tor/lan-address pointers: the image reads them, so they must be computed. One
    the generator could not compute (e.g. its interface binds no port) is a todo when the
    config file model says so at a TODO(migrate) naming the pointer. -> (todos, failures)"""
    try:
        model = (source / "startos" / "fileModels" / "config.yaml.ts").read_text()
    except OSError:
        model = ""
    todos, out = [], []
    for path in ex.get("ownAddressPointers") or []:
        node = value
        for key in path.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, str) or not node:
            msg = f"{what}: own-address pointer `{path}` is not computed ({node!r})"
            marked = any("TODO(migrate)" in ln and f"pointer `{path}`" in ln
                         for ln in model.splitlines())
            (todos if marked else out).append(msg)
    return todos, out


def cert_checks(rec: dict, ex: dict) -> list[str]:
    certs = [
        (vol, path)
        for vol, path in ex.get("mainMounts", [])
        if ex.get("volumeTypes", {}).get(vol) == "certificate"
    ]
    if certs and not rec.get("calls", {}).get("getSslCertificate"):
        return [
            f"certificate volume `{vol}` (mounted at {path} by the legacy main) is never "
            "written: no getSslCertificate"
            for vol, path in certs
        ]
    return []


_GONE = re.compile(r"\b[a-z0-9-]+\.(?:embassy|startos)\b")


def gone_hosts(rec: dict, source: Path) -> tuple[list[str], list[str]]:
    """`<id>.embassy` / `<id>.startos` hostnames in the commands run, or in the copied
    scripts they name: gone in 0.4 unless rewritten; a TODO(migrate) at the line -> todo."""
    marked, gone = [], []
    seen = set()
    for sub in rec.get("subcontainers", []):
        for c in sub["commands"]:
            for arg in c["command"]:
                if _GONE.search(arg) and ("arg", arg) not in seen:
                    seen.add(("arg", arg))
                    gone.append(f"command {c['command'][:4]} uses {_GONE.search(arg).group(0)}")
                name = Path(arg).name
                script = next(
                    (p for p in (source / name, source / "assets" / name) if name and p.is_file()),
                    None,
                )
                if script is None or script in seen:
                    continue
                seen.add(script)
                lines = script.read_text(errors="replace").splitlines()
                for i, line in enumerate(lines):
                    host = _GONE.search(line)
                    if not host or "TODO(migrate)" in line:
                        continue  # the marker line names the old host on purpose
                    # the marker stands above the statement, which may span a few lines
                    near = " ".join(lines[max(0, i - 3) : i + 1])
                    msg = f"{name}:{i + 1} uses {host.group(0)}, a hostname gone in 0.4"
                    (marked if "TODO(migrate)" in near else gone).append(msg)
    return marked, gone


def unique_probes(probes: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in probes:
        key = (p["kind"], p.get("port"), p.get("url"))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def mount_checks(entries: list[dict], ex: dict) -> list[str]:
    daemons = [e for e in entries if e["kind"] == "daemon" and e.get("subcontainer")]
    if not daemons or not ex.get("mainMounts"):
        return []
    main = daemons[0]
    mounts = main["subcontainer"].get("mounts") or []
    if not isinstance(mounts, list):
        return [f"daemon `{main['id']}` mounts: {mounts}"]
    out = []
    for vol, path in ex["mainMounts"]:
        kind = ex.get("volumeTypes", {}).get(vol)
        if kind != "data":
            continue
        if not any(m["mountpoint"] == path and m["options"].get("volumeId") == vol for m in mounts):
            out.append(
                f"daemon `{main['id']}` does not mount volume `{vol}` at {path} "
                "where the legacy main mounted it"
            )
    return out


def action_mounts(acts: list[dict], rec: dict, ex: dict) -> list[str]:
    """A docker action's command runs with the data volumes it had in 0.3: its own mounts,
    or, for `inject: true` (it ran inside the main container), the legacy main's."""
    subs = {s["guid"]: s for s in rec.get("subcontainers", [])}
    types = ex.get("volumeTypes", {})
    out = []
    for legacy in ex.get("actions") or []:
        run = next((a for a in acts if a["id"] == legacy["id"]), None)
        used = [subs[g] for g in (run or {}).get("subs", []) if g in subs and subs[g]["commands"]]
        if not used:
            continue
        needed = ex.get("mainMounts", []) if legacy["inject"] else legacy["mounts"]
        for vol, path in needed:
            if types.get(vol) != "data":
                continue
            source = f"/media/startos/volumes/{vol}/"
            if not any(
                m["mountpoint"] == path and m["source"].startswith(source)
                for s in used
                for m in s["mounts"]
            ):
                how = "injected into the main container" if legacy["inject"] else "its mounts"
                out.append(
                    f"action `{legacy['id']}` runs without volume `{vol}` at {path} "
                    f"(0.3: {how})"
                )
    return out
