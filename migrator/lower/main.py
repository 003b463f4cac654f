"""main, mounts and health checks (mapping.md §3, §6).

The ids the OS reports for a running service are its daemon ids and health-check ids, and
dependents name them: the main daemon takes the id of the legacy check that becomes its
`ready` (`primary` only when the legacy package had no health check), every other legacy
check keeps its id."""

from __future__ import annotations

from migrator.ir.manifest import DockerProcedure, HealthCheck, ScriptProcedure
from migrator.lower.context import Lowering, source_of
from migrator.lower.dep04_mounts import dependency_mount
from migrator.lower.script_evidence import (
    function_segment, health_sources, probed, rewrite_hostnames, rewrite_line, script_file,
    text_of,
)
from migrator.sdk.runtime import (
    CertificateWriter, Daemon, HealthCheck as SdkCheck, MainSpec, Mount, Probe,
)

READY_IDS = ("main", "web-ui", "web", "ui")
SIMPLE_CHECK = ("checkWebUrl", "checkPortListening")


def lower_mounts(lw: Lowering, proc: DockerProcedure
                 ) -> tuple[tuple[Mount, ...], tuple[CertificateWriter, ...]]:
    mounts, certs = [], []
    for volume_id, path in proc.mounts:
        volume = lw.manifest.volume(volume_id)
        if volume_id == "BACKUP" or volume is None:
            continue  # BACKUP is handled by setupBackups; undeclared ones were reported
        if volume.type == "data":
            mounts.append(Mount("volume", path, volume_id))
        elif volume.type == "assets":
            mounts.append(Mount("assets", path, subpath=volume_id, readonly=True))
        elif volume.type == "pointer":
            mounts.append(dependency_mount(volume, path))
        elif volume.type == "certificate":
            certs.append(CertificateWriter(volume_id, volume.interface_id or "", path))
    return tuple(mounts), tuple(certs)


def bound_ports(lw: Lowering) -> dict[int, str]:
    """Internal port → the interface that binds it (what interfaces.ts binds)."""
    out: dict[int, str] = {}
    for iface in lw.manifest.interfaces:
        for port in iface.internal_ports:
            out.setdefault(port, iface.id)
    return out


def daemon_id(lw: Lowering) -> str:
    checks = lw.manifest.health_checks
    if not checks:
        return "primary"
    return checks[_ready_index(lw)].id


def _ready_index(lw: Lowering) -> int:
    return next((i for i, c in enumerate(lw.manifest.health_checks) if c.id in READY_IDS), 0)


def rewritten_command(lw: Lowering, command: tuple[str, ...]
                       ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Inline commands (`sh -c "curl http://x.embassy"`): the same hostname rewrite as the
    copied files; the caller reports other packages' names (no comment fits in argv)."""
    out, foreign = [], set()
    for token in command:
        text, names = rewrite_line(token, lw.manifest.id)
        out.append(text)
        foreign |= names
    return tuple(out), tuple(sorted(foreign))


def _port_from(lw: Lowering, ports: tuple[int, ...]) -> tuple[int | None, str]:
    """(the bound port among the probed ones, why not when None)."""
    bound = bound_ports(lw)
    hits = [p for p in ports if p in bound]
    if len(set(hits)) == 1:
        return hits[0], ""
    if not hits:
        return None, "it probes port(s) " + ", ".join(map(str, ports)) + \
            ", which no interface binds"
    return None, "it probes several bound ports (" + ", ".join(map(str, hits)) + ")"


def _bound_fallback(lw: Lowering, check: HealthCheck) -> tuple[int | None, str]:
    """The port the package binds, when there is exactly one, or the one of the interface
    the check is named after."""
    iface = lw.manifest.interface(check.id)
    if iface is not None and len(iface.internal_ports) == 1:
        return iface.internal_ports[0], f"the port of interface `{iface.id}`, which it names"
    ports = sorted(bound_ports(lw))
    if len(ports) == 1:
        return ports[0], "the only port the package binds"
    return None, ""


def _script_check(lw: Lowering, check: HealthCheck) -> tuple[Probe, str | None, str]:
    """(probe, TODO text or None, note) for a `type: script` check."""
    legacy = f"the legacy check was the script function `health.{check.id}` of scripts/embassy.js"
    ids = tuple(c.id for c in lw.manifest.health_checks)
    for source in health_sources(lw.pkg.copied):
        segment = function_segment(text_of(source), check.id, ids)
        if segment is None:
            continue
        found = probed(segment, lw.manifest.id)
        where = f"{source.relpath} (`{check.id}`)"
        if found.foreign:
            return Probe("disabled"), (
                f"{legacy}; {where} calls " + ", ".join(f"`{h}.embassy`" for h in found.foreign)
                + " (another package: use its bridge address or its health check through "
                "dependencies)"), ""
        if found.ports:
            port, why = _port_from(lw, found.ports)
            if port is None:
                return Probe("disabled"), f"{legacy}; {where}: {why}", ""
            simple = any(name in segment for name in SIMPLE_CHECK)
            probe = Probe("port", port=port, success_message=check.success_message,
                          evidence=where)
            if simple:
                return probe, None, f"port check on {port}, the port {where} probes"
            return probe, (f"{legacy}; it does more than probe port {port} ({where}): port "
                           "the rest of its logic"), ""
    port, why = _bound_fallback(lw, check)
    if port is not None:
        return Probe("port", port=port, success_message=check.success_message,
                     evidence=why), (f"{legacy}, which is not in the wrapper: it is replaced by a "
                                     f"port check on {port} ({why})"), ""
    return Probe("disabled"), (f"{legacy}, which is not in the wrapper, and the package binds "
                               "no single port it could probe: port the check"), ""


def lower_check(lw: Lowering, check: HealthCheck, image_id: str) -> SdkCheck:
    proc = check.procedure
    construct = f"health check `{check.id}`"
    source = source_of(check.origin)
    if isinstance(proc, DockerProcedure) and (not proc.system and proc.image == image_id):
        command, inline_foreign = rewritten_command(
            lw, tuple(c for c in (proc.entrypoint, *proc.args) if c))
        script = script_file(lw.pkg.copied, command)
        rewritten = rewrite_hostnames(script.relpath, script.content, lw.manifest.id) \
            if script else None
        foreign = sorted({*inline_foreign, *(rewritten.foreign if rewritten else ())})
        probe = Probe("script", command, success_message=check.success_message,
                      evidence=script.relpath if script else None)
        if foreign:
            todo = lw.todo(
                f"the check script calls {', '.join(f'`{h}.embassy`' for h in foreign)}, gone "
                "in 0.4: rewritten to `<id>.startos` with a TODO at the line"
                + (f" ({script.relpath})" if rewritten and rewritten.foreign else "")
                + "; prefer the dependency's bridge address", check.origin,
                construct=construct, destination="startos/main.ts", code="L645")
            return SdkCheck(check.id, check.name, Probe("script", command,
                            success_message=check.success_message, todo=todo,
                            evidence=probe.evidence), source)
        lw.row(construct, "translated", "startos/main.ts",
               "runs the same script in the main subcontainer; exit codes 59/60/61 keep their "
               "legacy meaning" + ("; its own `.embassy` hostname is now localhost"
                                   if rewritten or command != (proc.entrypoint, *proc.args)
                                   else ""), check.origin)
        return SdkCheck(check.id, check.name, probe, source)
    if isinstance(proc, ScriptProcedure):
        probe, todo_text, note = _script_check(lw, check)
    else:
        probe, todo_text, note = _other_image_check(lw, check, proc)
    if todo_text is None:
        lw.row(construct, "translated", "startos/main.ts", note, check.origin)
        return SdkCheck(check.id, check.name, probe, source)
    todo = lw.todo(todo_text, check.origin, construct=construct,
                   destination="startos/main.ts", code="L645")
    return SdkCheck(check.id, check.name, Probe(
        probe.kind, probe.command, probe.port, check.success_message, todo, probe.evidence),
        source)


def _other_image_check(lw: Lowering, check: HealthCheck, proc) -> tuple[Probe, str | None, str]:
    legacy = f"the legacy check ran in image `{getattr(proc, 'image', '?')}`, not the main image"
    command = tuple(c for c in (getattr(proc, "entrypoint", None), *getattr(proc, "args", ()))
                    if c)
    script = script_file(lw.pkg.copied, command)
    found = probed(" ".join(command) + "\n" + text_of(script), lw.manifest.id)
    where = script.relpath if script else "its command"
    if found.foreign:
        return Probe("disabled"), f"{legacy}; it calls " + ", ".join(
            f"`{h}.embassy`" for h in found.foreign) + " (another package)", ""
    if found.ports:
        port, why = _port_from(lw, found.ports)
        if port is not None:
            return Probe("port", port=port, success_message=check.success_message,
                         evidence=where), None, f"port check on {port}, the port {where} probes"
        return Probe("disabled"), f"{legacy}; {where}: {why}", ""
    return Probe("disabled"), f"{legacy}, and no probed port could be read from it", ""


def lower_main(lw: Lowering) -> MainSpec:
    m = lw.manifest
    main = m.main if isinstance(m.main, DockerProcedure) else DockerProcedure(
        "main", None, (), m.origin)
    mounts, certs = lower_mounts(lw, main)
    todos = []
    with_ports = {i.id for i in m.interfaces if i.internal_ports}
    for cert in [c for c in certs if c.interface_id not in with_ports]:
        volume = lw.manifest.volume(cert.volume_id)
        todos.append(lw.todo(
            f"certificate volume `{cert.volume_id}` names interface `{cert.interface_id}`, "
            "which binds no port: no host to ask sdk.getSslCertificate for; write "
            f"{cert.interface_id}.cert.pem / .key.pem into {cert.mountpoint}",
            volume.origin if volume else None, construct=f"volume `{cert.volume_id}`",
            destination="startos/main.ts", code="L657"))
    certs = tuple(c for c in certs if c.interface_id in with_ports)
    command = (main.entrypoint, *main.args) if main.entrypoint else None
    if command:
        command, foreign = rewritten_command(lw, tuple(c for c in command if c))
        if foreign:
            todos.append(lw.todo(
                "the main command calls " + ", ".join(f"`{h}.embassy`" for h in foreign)
                + ", gone in 0.4: rewritten to `<id>.startos`; prefer the dependency's bridge "
                "address (sdk.host.getBridgeAddress)", main.origin, construct="main command",
                destination="startos/main.ts", code="L660"))
    checks = [lower_check(lw, c, main.image) for c in m.health_checks]
    ready = checks.pop(_ready_index(lw)) if checks else None
    main_id = daemon_id(lw)
    for cert in certs:
        volume = lw.manifest.volume(cert.volume_id)
        lw.row(f"volume `{cert.volume_id}`", "translated", "startos/main.ts",
               f"oneshot `{certificate_oneshot_id(lw)}` writes {cert.interface_id}.cert.pem / "
               f".key.pem from sdk.getSslCertificate / sdk.getSslKey (hostnames of host "
               f"`{cert.interface_id}`) into {cert.mountpoint} of the main subcontainer",
               volume.origin if volume else None)
    if m.era == "0.2":
        lw.row("main (0.2 image entrypoint)", "translated", "startos/main.ts",
               "the image's own entrypoint, with volume `main` at " + (m.legacy02.mount
                                                                      if m.legacy02 else "?"),
               m.origin)
    else:
        lw.row("main", "translated", "startos/main.ts", f"daemon `{main_id}`", main.origin)
    if main.shm_size_mb:
        lw.gone("main.shm-size-mb", "0.4 has no per-container shm size", main.origin)
    first_port = next((p for i in m.interfaces for p in i.internal_ports), None)
    daemon = Daemon(main_id, main.image, tuple(c for c in command if c) if command else None,
                    mounts, main.sigterm_timeout_ms, ready, first_port, tuple(todos))
    return MainSpec(daemon, tuple(checks), certs,
                    certificate_oneshot_id(lw) if certs else None)


def certificate_oneshot_id(lw: Lowering) -> str:
    taken = {c.id for c in lw.manifest.health_checks} | {"primary"}
    name = "certificates"
    while name in taken:
        name = "write-" + name
    return name
