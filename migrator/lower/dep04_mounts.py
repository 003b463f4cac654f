"""Legacy pointer volumes → `mountDependency` on the 0.4 dependency's real volume/subpath.

A legacy pointer named `<package>:<volume>` at `path`. The 0.4 ports moved files around
(lnd's /public is gone, filebrowser's files live in volume `data`, c-lightning's socket is
under `bitcoin/`), so the volume id and subpath come from the dependency table (dep04). A
pointer the table does not cover keeps the legacy ids with a TODO, never a guessed id."""

from __future__ import annotations

from migrator.ir.manifest import Volume
from migrator.lower import dep04
from migrator.lower.context import Lowering, source_of
from migrator.sdk.report import Todo
from migrator.sdk.runtime import Mount


def _plan(volume: Volume) -> tuple[str, str | None, str, bool]:
    """(0.4 volume id, subpath, note, carried as is) of a legacy pointer volume."""
    pkg = dep04.package(volume.package_id or "")
    mapping = pkg.pointer_for(volume.volume_id or "", volume.path) if pkg else None
    where = f"`{volume.package_id}` volume `{volume.volume_id}` path `{volume.path}`"
    if mapping is None:
        return (volume.volume_id or "", volume.path, f"{where} is not in the 0.4 dependency "
                f"table ({dep04.source()}): the legacy volume id and path are kept; check them "
                f"against the 0.4 `{volume.package_id}`", False)
    sub = f"subpath `{mapping.subpath}`" if mapping.subpath else "its root"
    note = f"{where} → 0.4 volume `{mapping.to_volume}`, {sub}"
    if mapping.layout:
        return mapping.to_volume, mapping.subpath, f"{note}; {mapping.layout}", False
    return mapping.to_volume, mapping.subpath, note + (f" ({mapping.note})" if mapping.note
                                                       else ""), True


def dependency_mount(volume: Volume, mountpoint: str) -> Mount:
    """The mount of a legacy pointer volume at `mountpoint` (TODO attached when not carried)."""
    volume_id, subpath, note, carried = _plan(volume)
    todo = None if carried else Todo(note, source_of(volume.origin))
    return Mount("dependency", mountpoint, volume_id, subpath, volume.readonly,
                 volume.package_id, todo)


def note_pointer_volume(lw: Lowering, volume: Volume) -> None:
    """The MIGRATION.md row of a pointer volume (and a located warning when it is a TODO)."""
    _, _, note, carried = _plan(volume)
    construct = f"volume `{volume.id}`"
    if carried:
        lw.row(construct, "translated", "startos/main.ts", "mountDependency: " + note,
               volume.origin)
    else:
        lw.todo("mountDependency: " + note, volume.origin, construct=construct,
                destination="startos/main.ts", code="L671")
