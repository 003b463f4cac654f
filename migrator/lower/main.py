"""main, mounts and health checks (mapping.md §3, §6)."""

from __future__ import annotations

from migrator.ir.manifest import DockerProcedure, HealthCheck, ScriptProcedure
from migrator.lower.context import Lowering, source_of
from migrator.lower.dep04_mounts import dependency_mount
from migrator.sdk.runtime import CertificateWriter, Daemon, HealthCheck as SdkCheck, MainSpec, Mount, Probe

READY_IDS = ("main", "web-ui", "web", "ui")


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


def _first_port(lw: Lowering) -> int | None:
    for iface in lw.manifest.interfaces:
        if iface.internal_ports:
            return iface.internal_ports[0]
    return None


def lower_check(lw: Lowering, check: HealthCheck, image_id: str) -> SdkCheck:
    proc = check.procedure
    construct = f"health check `{check.id}`"
    if isinstance(proc, DockerProcedure) and (not proc.system and proc.image == image_id):
        command = tuple(c for c in (proc.entrypoint, *proc.args) if c)
        lw.row(construct, "translated", "startos/main.ts",
               "runs the same script in the main subcontainer; exit codes 59/60/61 keep their "
               "legacy meaning", check.origin)
        return SdkCheck(check.id, check.name, Probe("script", command,
                        success_message=check.success_message), source_of(check.origin))
    port = _first_port(lw)
    if isinstance(proc, ScriptProcedure):
        why = (f"the legacy check was the script function `health.{check.id}` in "
               "scripts/embassy.js; it is replaced by a port check")
    else:
        why = (f"the legacy check ran in image `{getattr(proc, 'image', '?')}`, which is not "
               "the main image; it is replaced by a port check")
    todo = lw.todo(why + (f" on port {port}" if port else " (no port to check: disabled)"),
                   check.origin, construct=construct, destination="startos/main.ts",
                   code="L645")
    return SdkCheck(check.id, check.name, Probe("port", port=port,
                    success_message=check.success_message, todo=todo), source_of(check.origin))


def lower_main(lw: Lowering) -> MainSpec:
    m = lw.manifest
    main = m.main if isinstance(m.main, DockerProcedure) else DockerProcedure(
        "main", None, (), m.origin)
    mounts, certs = lower_mounts(lw, main)
    for cert in certs:
        volume = lw.manifest.volume(cert.volume_id)
        lw.todo(f"certificate volume `{cert.volume_id}` (interface `{cert.interface_id}`) is not "
                f"a volume in 0.4: write {cert.interface_id}.cert.pem / .key.pem from "
                "sdk.getSslCertificate / sdk.getSslKey into " + cert.mountpoint,
                volume.origin if volume else None, construct=f"volume `{cert.volume_id}`",
                destination="startos/main.ts", code="L657")
    command = (main.entrypoint, *main.args) if main.entrypoint else None
    checks = [lower_check(lw, c, main.image) for c in m.health_checks]
    ready_index = next((i for i, c in enumerate(m.health_checks) if c.id in READY_IDS), 0)
    ready = checks.pop(ready_index) if checks else None
    if m.era == "0.2":
        lw.row("main (0.2 image entrypoint)", "translated", "startos/main.ts",
               "the image's own entrypoint, with volume `main` at " + (m.legacy02.mount
                                                                      if m.legacy02 else "?"),
               m.origin)
    else:
        lw.row("main", "translated", "startos/main.ts", "daemon `primary`", main.origin)
    if main.shm_size_mb:
        lw.gone("main.shm-size-mb", "0.4 has no per-container shm size", main.origin)
    daemon = Daemon("primary", main.image, tuple(c for c in command if c) if command else None,
                    mounts, main.sigterm_timeout_ms, ready, _first_port(lw))
    return MainSpec(daemon, tuple(checks), certs)
