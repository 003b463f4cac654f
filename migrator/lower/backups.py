"""Backups (mapping.md §7) and the legacy migrations that no longer apply (§8)."""

from __future__ import annotations

from migrator.ir.manifest import DockerProcedure
from migrator.lower.context import Lowering
from migrator.sdk.runtime import Backups


def _data_volumes(lw: Lowering, proc) -> list[str]:
    ids = [v.id for v in lw.manifest.volumes if v.type == "data"]
    if isinstance(proc, DockerProcedure):
        mounted = [vid for vid, _ in proc.mounts if vid in ids]
        if mounted:
            return mounted
    return ids or ["main"]


def lower_backups(lw: Lowering) -> Backups:
    m = lw.manifest
    create = m.backup_create
    if m.era == "0.2":
        lw.row("backup (0.2: whole data volume)", "translated", "startos/backups.ts",
               "Backups.ofVolumes('main')", m.origin)
        return Backups(("main",))
    volumes = tuple(_data_volumes(lw, create))
    if isinstance(create, DockerProcedure) and create.compat_command and \
            create.compat_command[:2] == ("duplicity", "create"):
        lw.row("backup", "translated", "startos/backups.ts",
               "compat duplicity → Backups.ofVolumes(" + ", ".join(volumes) + ")",
               create.origin)
        return Backups(volumes)
    if create is None:
        return Backups(volumes)
    what = ("the script functions createBackup/restoreBackup of scripts/embassy.js"
            if create.kind == "script" else
            f"`{getattr(create, 'entrypoint', '?')}` in image `{getattr(create, 'image', '?')}`")
    todo = lw.todo(f"custom backup ({what}): the volumes are backed up whole; port any "
                   "pre/post steps with setPreBackup/setPostRestore", create.origin,
                   construct="backup", destination="startos/backups.ts", code="L648")
    return Backups(volumes, (todo,))


def note_migrations(lw: Lowering) -> None:
    migrations = lw.manifest.migrations
    if migrations is None:
        return
    for side, entries in (("from", migrations.from_), ("to", migrations.to)):
        for text, _, proc in entries:
            lw.gone(f"migrations.{side} `{text}`", "legacy config rewrites between legacy "
                    "versions; 0.4 starts from the last legacy version's data", proc.origin)
