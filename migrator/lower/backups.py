"""Backups (mapping.md §7) and the legacy migrations that no longer apply (§8).

What is carried: the backed-up volumes, their excludes (embassy SDK `Backups` options,
`--exclude` of a backup shell script) and the commands a restore script ran after the
data was back (a post-restore hook in the same image with the same mounts). The rest is
a TODO at the spot in startos/backups.ts."""

from __future__ import annotations

from migrator.ir.manifest import DockerProcedure, ScriptProcedure
from migrator.lower.context import Lowering
from migrator.lower.main import lower_mounts
from migrator.lower.legacy_code import script_origin
from migrator.read.buildfiles import BackupScript
from migrator.sdk.report import Todo
from migrator.sdk.runtime import Backups, RestoreHook

BACKUPS_TS = "startos/backups.ts"


def _data_volumes(lw: Lowering, proc) -> list[str]:
    ids = [v.id for v in lw.manifest.volumes if v.type == "data"]
    if isinstance(proc, DockerProcedure):
        mounted = [vid for vid, _ in proc.mounts if vid in ids]
        if mounted:
            return mounted
    return ids or ["main"]


def _duplicity(proc, verb: str) -> bool:
    return isinstance(proc, DockerProcedure) and bool(proc.compat_command) and \
        proc.compat_command[:2] == ("duplicity", verb)  # type: ignore[index]


def _script(lw: Lowering, role: str) -> BackupScript | None:
    return next((s for s in lw.pkg.backup_scripts if s.role == role), None)


def _quote(script: BackupScript, lines) -> tuple[str, ...]:
    return tuple(f"{script.relpath}:{n}: {text}" for n, text in lines)[:12]


def lower_backups(lw: Lowering) -> Backups:
    m = lw.manifest
    create = m.backup_create
    if m.era == "0.2":
        lw.row("backup (0.2: whole data volume)", "translated", BACKUPS_TS,
               "Backups.ofVolumes('main')", m.origin)
        return Backups(("main",))
    if isinstance(create, ScriptProcedure):
        return _script_backups(lw, create)
    volumes = tuple(_data_volumes(lw, create))
    backups = Backups(volumes)
    if _duplicity(create, "create"):
        backups = _duplicity_create(lw, create)  # type: ignore[arg-type]
    elif create is not None:
        backups = _custom_create(lw, create, backups)
    if create is not None:
        backups = _restore(lw, backups)
    return backups


def _duplicity_create(lw: Lowering, create: DockerProcedure) -> Backups:
    """`compat duplicity create <backup> <path>...` backs up what is mounted at or under the
    paths: exactly those data volumes, no more (a volume mounted elsewhere was not backed
    up by the legacy OS either)."""
    paths = [p.rstrip("/") or "/" for p in (create.compat_command or ())[3:]]
    data = {v.id for v in lw.manifest.volumes if v.type == "data"}
    mounted = [(vid, mp.rstrip("/") or "/") for vid, mp in create.mounts if vid in data]

    def under(mp: str, path: str) -> bool:
        return mp == path or mp.startswith(path.rstrip("/") + "/")

    covered = tuple(vid for vid, mp in mounted if any(under(mp, p) for p in paths))
    partial = [p for p in paths if not any(under(mp, p) for _, mp in mounted)]
    if not paths or partial or not covered:
        volumes = tuple(vid for vid, _ in mounted) or tuple(_data_volumes(lw, create))
        todo = lw.todo(f"compat duplicity backs up {', '.join(paths) or 'nothing'}, which is "
                       "not the mount point of a whole data volume: the mounted volumes are "
                       "backed up whole; back up only that part (Backups.ofSyncs)",
                       create.origin, construct="backup", destination=BACKUPS_TS,
                       code="L675")
        return Backups(volumes, (todo,))
    left_out = [vid for vid, _ in mounted if vid not in covered]
    lw.row("backup", "translated", BACKUPS_TS,
           "compat duplicity → Backups.ofVolumes(" + ", ".join(covered) + ")"
           + (f"; {', '.join(left_out)} mounted but not under {', '.join(paths)}, so not "
              "backed up (as in the legacy OS)" if left_out else ""), create.origin)
    return Backups(covered)


def _script_backups(lw: Lowering, create: ScriptProcedure) -> Backups:
    facts = lw.pkg.scripts.backups if lw.pkg.scripts else None
    data = {v.id for v in lw.manifest.volumes if v.type == "data"}
    if facts is not None and facts.understood and set(facts.volumes) <= data:
        at = script_origin(lw, facts.file, facts.line, "createBackup")
        note = "embassy SDK Backups.volumes(" + ", ".join(facts.volumes) + ")"
        if facts.excludes:
            note += " with exclude [" + ", ".join(facts.excludes) + "] → withOptions({ exclude })"
        lw.row("backup", "translated", BACKUPS_TS, note + "; restore is the same rsync back",
               at)
        return Backups(facts.volumes, excludes=facts.excludes)
    volumes = tuple(_data_volumes(lw, create))
    if facts is None:
        why = ("custom backup (the script functions createBackup/restoreBackup of "
               "scripts/embassy.js, not in this wrapper): the volumes are backed up whole; "
               "port any excludes and pre/post steps (withOptions, setPostRestore)")
        todo = lw.todo(why, create.origin, construct="backup", destination=BACKUPS_TS,
                       code="L648")
        return Backups(volumes, (todo,))
    at = script_origin(lw, facts.file, facts.line, "createBackup")
    todo = lw.todo("custom embassy SDK backup (custom sets, hooks or options the migrator "
                   "does not carry): the volumes are backed up whole; port the rest here",
                   at, construct="backup", destination=BACKUPS_TS, code="L648")
    code = tuple(f"{facts.code.file}:{facts.code.line}: {x}"
                 for x in facts.code.text.splitlines()) if facts.code else ()
    return Backups(volumes, (Todo(todo.text, todo.source, code),))


def _excludes(lw: Lowering, create: DockerProcedure, script: BackupScript, volumes
              ) -> tuple[str, ...] | None:
    """`--exclude <container path>` → rsync patterns anchored at the volume root."""
    mounts = {vid: mp.rstrip("/") for vid, mp in create.mounts if vid in volumes}
    out = []
    for _, path in script.excludes:
        owner = [(vid, mp) for vid, mp in mounts.items() if path.startswith(mp + "/")]
        if len(volumes) != 1 or len(owner) != 1:
            return None
        out.append(path[len(owner[0][1]):])
    return tuple(out)


def _custom_create(lw: Lowering, create, backups: Backups) -> Backups:
    script = _script(lw, "create")
    what = f"`{getattr(create, 'entrypoint', '?')}` in image `{getattr(create, 'image', '?')}`"
    if script is not None and script.transfer_line is not None and not script.before and \
            not script.after and not script.branches:
        excludes = _excludes(lw, create, script, backups.volumes)
        if excludes is not None:
            note = (f"{script.relpath} backs up {', '.join(backups.volumes)}"
                    + (f" without {', '.join(excludes)} → withOptions({{ exclude }})"
                       if excludes else "") + ": rsync of the same volumes")
            lw.row("backup", "translated", BACKUPS_TS, note,
                   script_origin(lw, script.relpath, script.transfer_line, "backup.create"))
            return Backups(backups.volumes, excludes=excludes)
    if script is not None:
        at = script_origin(lw, script.relpath, script.transfer_line or 1, "backup.create")
        todo = lw.todo(f"custom backup script {script.relpath} ({what}) does more than copy "
                       "the volumes (or excludes paths the migrator cannot map): the volumes "
                       "are backed up whole; port the rest with withOptions/setPreBackup", at,
                       construct="backup", destination=BACKUPS_TS, code="L648")
        code = _quote(script, (*script.before, *((n, "…") for n in [script.transfer_line]
                                                 if n), *script.after))
        return Backups(backups.volumes, (Todo(todo.text, todo.source, code),))
    todo = lw.todo(f"custom backup ({what}): the volumes are backed up whole; port any "
                   "excludes and pre-backup steps (withOptions, setPreBackup)", create.origin,
                   construct="backup", destination=BACKUPS_TS, code="L648")
    return Backups(backups.volumes, (todo,))


def _restore(lw: Lowering, backups: Backups) -> Backups:
    restore = lw.manifest.backup_restore
    if restore is None or _duplicity(restore, "restore"):
        return backups  # the create row covers the plain restore
    script = _script(lw, "restore")
    carried = isinstance(restore, DockerProcedure) and not restore.system and \
        script is not None and script.transfer_line is not None and not script.before and \
        not script.uses_args and not script.branches
    if carried and script is not None and isinstance(restore, DockerProcedure):
        if not script.after:
            lw.row("backup restore", "translated", BACKUPS_TS,
                   f"{script.relpath} only restores the data: rsync back", restore.origin)
            return backups
        mounts, _ = lower_mounts(lw, restore)
        command = ("sh", "-c", "set -e\n" + "\n".join(text for _, text in script.after))
        lw.row("backup restore", "translated", BACKUPS_TS,
               f"the steps after the restore in {script.relpath} run in a temporary "
               f"`{restore.image}` subcontainer (setPostRestore)",
               script_origin(lw, script.relpath, script.after[0][0], "backup.restore"))
        hook = RestoreHook(restore.image, command, mounts)
        return Backups(backups.volumes, backups.todos, backups.excludes, hook)
    what = (f"script {script.relpath}" if script is not None else
            f"`{getattr(restore, 'entrypoint', None) or 'restoreBackup'}` "
            f"({'script' if isinstance(restore, ScriptProcedure) else restore.image})")
    at = script_origin(lw, script.relpath, script.transfer_line or 1, "backup.restore") \
        if script is not None else restore.origin
    todo = lw.todo(f"custom restore ({what}): the data is restored by rsync; port any step "
                   "that ran before or after it here", at, construct="backup restore",
                   destination=BACKUPS_TS, code="L675")
    code = _quote(script, (*script.before, *script.after)) if script is not None else ()
    return Backups(backups.volumes, backups.todos, backups.excludes, None,
                   (Todo(todo.text, todo.source, code),))


def note_migrations(lw: Lowering) -> None:
    migrations = lw.manifest.migrations
    if migrations is None:
        return
    for side, entries in (("from", migrations.from_), ("to", migrations.to)):
        for text, _, proc in entries:
            lw.gone(f"migrations.{side} `{text}`", "legacy config rewrites between legacy "
                    "versions; 0.4 starts from the last legacy version's data", proc.origin)
