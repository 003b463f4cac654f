"""Instructions, carried files and the constructs that only need a MIGRATION.md row."""

from __future__ import annotations

from migrator.lower.carried_names import leave_out
from migrator.lower.carried_policy import left_out_reason
from migrator.lower.context import Lowering, source_of
from migrator.lower.dep04_mounts import note_pointer_volume
from migrator.lower.legacy_code import PROPERTIES_TS, properties_source, properties_todo
from migrator.sdk.package import CarriedFile
from migrator.sdk.report import MigrationRow, SourceRef, Todo
from migrator.sdk.runtime import Action, ActionMetadata, Instructions
from migrator.textsafe import file_name_problem

ALERT_HEADINGS = {"install": "Before installing", "uninstall": "Before uninstalling",
                  "restore": "After restoring", "start": "On start", "stop": "On stop"}
# Files the project generates itself: a legacy file of that name moves to legacy/.
GENERATED_NAMES = {"Makefile", "README.md", "package.json", "package-lock.json", "tsconfig.json",
                   ".gitignore", "instructions.md", "MIGRATION.md", "LICENSE"}
LEGACY_METADATA = {"manifest.yaml", "manifest.yml", "manifest.toml", "manifest.json",
                   "config_spec.yaml", "config_rules.yaml", "INSTRUCTIONS.md"}


def lower_instructions(lw: Lowering) -> Instructions:
    m = lw.manifest
    path = m.assets.path("instructions")
    found = lw.pkg.file(path) or lw.pkg.file("instructions.md") or lw.pkg.file("INSTRUCTIONS.md")
    body = found.content.decode("utf-8", errors="replace") if found else ""
    if found:
        lw.row("instructions", "translated", "instructions.md", f"copied from {found.relpath}",
               m.origin)
    sections = []
    for alert in m.alerts:
        heading = ALERT_HEADINGS[alert.kind]
        sections.append((heading, alert.text.strip()))
        lw.row(f"alert `{alert.kind}`", "translated", "instructions.md",
               f"section \"{heading}\" (0.4 has no alerts)", alert.origin)
    return Instructions(body, tuple(sections))


def carried_files(lw: Lowering) -> tuple[CarriedFile, ...]:
    """Wrapper files the project keeps: build context in place, the rest under legacy/."""
    m = lw.manifest
    icon = m.assets.path("icon")
    license_path = m.assets.path("license")
    out = []
    for f in lw.pkg.copied:
        rel = f.relpath
        problem = file_name_problem(rel)
        if problem is not None:  # one odd name must not block the whole project (L634)
            leave_out(lw, rel, problem)
            continue
        if rel in LEGACY_METADATA or rel == m.assets.path("instructions"):
            continue
        reason = left_out_reason(rel)
        if reason is not None:
            lw.rows.append(MigrationRow(f"file `{rel}`", "not-applicable", "",
                                        f"left out of the project: {reason}; copy what the "
                                        "project needs by hand", SourceRef(rel, 0, "")))
            continue
        if rel == icon:
            out.append(CarriedFile("icon." + rel.rsplit(".", 1)[-1].lower(), f.content, False, rel))
        elif rel == license_path:
            out.append(CarriedFile("LICENSE", f.content, False, rel))
        elif rel.startswith("scripts/") or rel in GENERATED_NAMES or rel.startswith("startos/") \
                or rel.startswith("legacy/"):
            out.append(CarriedFile("legacy/" + rel, f.content, f.executable, rel))
        else:
            out.append(CarriedFile(rel, f.content, f.executable, rel))
    if any(c.path.startswith("legacy/scripts/") for c in out):
        # Not a behaviour of its own: every script procedure has its own row (and TODO).
        lw.gone("scripts/", "the legacy TypeScript procedures are kept under legacy/scripts/ "
                "for reference; each script function has its own row", m.origin)
    return tuple(out)


def note_metadata(lw: Lowering) -> tuple[Todo, ...]:
    """Rows for metadata with no 0.4 field; returns the TODOs that belong in main.ts."""
    m = lw.manifest
    at = m.origin
    todos: list[Todo] = []
    if m.support_site:
        lw.gone("support-site", f"no 0.4 field; mention {m.support_site} in README.md", at)
    for key, value in (("eos-version", m.eos_version), ("min-os-version", m.min_os_version)):
        if value:
            lw.gone(key, f"`{value}`: the SDK's default OS version applies", at)
    if m.legacy02 is not None:
        for key, value in (("os-version-required", m.legacy02.os_version_required),
                           ("os-version-recommended", m.legacy02.os_version_recommended)):
            if value:
                lw.gone(key, f"`{value}`: the SDK's default OS version applies", at)
        lw.gone("hidden-service-version", "0.4 manages Tor itself", at)
        for src, dst, _ in m.legacy02.asset_copies:
            todos.append(lw.todo(f"0.2 copied {src} to {dst} in the data volume; seed it in "
                                 "init", at, construct=f"asset copy `{src}`",
                                 destination="startos/main.ts"))
    for key, value in (("replaces", m.replaces), ("build", m.build), ("git-hash", m.git_hash),
                       ("containers", m.containers)):
        if value:
            lw.gone(key, "no 0.4 equivalent", at)
    for unknown in m.unknown:
        lw.gone(f"unknown key `{unknown.key}`", "ignored by the legacy OS too", unknown.origin)
    return tuple(todos)


def note_volumes(lw: Lowering) -> None:
    for volume in lw.manifest.volumes:
        construct = f"volume `{volume.id}`"
        if volume.type == "data":
            lw.row(construct, "translated", "startos/manifest/index.ts `volumes`",
                   "data volume, mounted where the legacy procedures mounted it", volume.origin)
        elif volume.type == "assets":
            lw.row(construct, "translated", f"assets/{volume.id}/",
                   "assets volume: files copied, mounted with mountAssets", volume.origin)
        elif volume.type == "pointer":
            note_pointer_volume(lw, volume)


def note_identity(lw: Lowering) -> None:
    m = lw.manifest
    lw.row("id, title, description, repositories", "translated",
           "startos/manifest/index.ts, startos/manifest/i18n.ts",
           f"id `{m.id}` kept (the installed service's data stays attached)", m.origin)


def lower_properties(lw: Lowering) -> Action | None:
    """The `properties` action: reads the stats file the legacy package really read (compat
    `properties <mountpoint>`, `compat.properties`, 0.2's start9/stats.yaml), else a TODO
    action that says it is not migrated (mapping.md §6)."""
    m = lw.manifest
    if m.era != "0.2" and m.properties is None:
        return None
    meta = ActionMetadata("Properties", "Runtime information, credentials, and other values of "
                          "interest", None, "only-running")
    found, origin, note = properties_source(lw)
    if found is not None:
        lw.row("properties", "translated", PROPERTIES_TS, note or "", origin)
        return Action("properties", meta, "properties", source=source_of(origin),
                      properties=found)
    todo = properties_todo(lw, origin)
    return Action("properties", meta, "script", todos=(todo,), source=source_of(origin))
