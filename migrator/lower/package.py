"""Lowering entry point: the legacy package IR → the one SDK model (`SdkPackage`)."""

from __future__ import annotations

import dataclasses
import hashlib

from migrator.diagnostics import Diagnostics
from migrator.ir import LegacyPackage
from migrator.lower.actions import config_metadata, lower_action
from migrator.lower.backups import lower_backups, note_migrations
from migrator.lower.config_file import file_record
from migrator.lower.context import Lowering, relative_locations, source_of, wrapper_root
from migrator.lower.dependencies import lower_dependencies
from migrator.lower.extras import (
    carried_files, lower_instructions, lower_properties, note_identity, note_metadata,
    note_volumes,
)
from migrator.lower.legacy_code import config_side_effects
from migrator.lower.interfaces import lower_interfaces
from migrator.lower.main import lower_main
from migrator.lower.manifest import lower_manifest, lower_versions
from migrator.lower.pointers import computed_pointer, describe
from migrator.lower.rules import check_rule_keys
from migrator.lower.script_evidence import rewrite_carried
from migrator.sdk.package import ConfigModel, OwnRule, SdkPackage
from migrator.sdk.report import Todo
from migrator.sdk.runtime import Action, ConfigFile, NeedsConfigTask


def lower_config(lw: Lowering):
    """(config model, pointers, TODOs for actions/index.ts)."""
    pkg = lw.pkg
    if pkg.config_spec is None:
        if lw.manifest.config is None:
            return None, (), ()
        # No actions/config.ts is written: the marker stands where the action would be
        # registered.
        todo = lw.todo("the config spec could not be read, so there is no config action; pass "
                       "--config-spec FILE, or write startos/actions/config.ts and register "
                       "it here", lw.manifest.config.origin, construct="config",
                       destination="startos/actions/index.ts")
        return None, (), (todo,)
    from migrator.lower.config_spec import lower_config_spec

    lowered = lower_config_spec(pkg.config_spec, lw.diags)
    in_form = set(lowered.input_spec.keys())
    for field in pkg.config_spec.fields:
        if field.key in in_form:
            lw.row(f"config `{field.key}`", "translated", "startos/actions/config.ts",
                   f"form field ({field.type})", field.origin)
    ports = {i.id for i in lw.manifest.interfaces if i.internal_ports}
    pointer_at = {f.pointer.origin: f for f in lowered.pointers}
    pointer_todos = {}  # pointer origin → its TODO in withPointers
    for note in lowered.notes:
        construct = f"config `{note.key_path}`"
        field = pointer_at.get(note.origin)
        if field is None and note.todo is not None:  # its comment is in the form
            lw.todo_row(note.todo, construct, "startos/actions/config.ts")
            continue
        kind, message = note.kind, note.message
        if field is not None:
            kind, message = describe(field, computed_pointer(field, lw.manifest.id, ports),
                                     lw.manifest.id)
            if kind == "todo":
                pointer_todos[note.origin] = lw.todo_row(
                    Todo(message, source_of(note.origin)), construct,
                    "startos/fileModels/config.yaml.ts")
                continue
        lw.row(construct, kind, "startos/fileModels/config.yaml.ts"
               if field is not None else "startos/actions/config.ts", message, note.origin)
    rules = []
    for entry in (pkg.own_rules.entries if pkg.own_rules else ()):
        rules.append(OwnRule(entry.rule.text, entry.description, entry.rule.parsed,
                             source_of(entry.origin)))
        check_rule_keys(lw, entry.rule, "the rule")
        if entry.rule.parsed is not None:
            lw.row(f"config rule `{entry.rule.text}`", "translated",
                   "startos/actions/config.ts, startos/rules.ts",
                   f"checked before the config is written: \"{entry.description}\"",
                   entry.origin)
        else:
            lw.row(f"config rule `{entry.rule.text}`", "todo", "startos/actions/config.ts",
                   f"\"{entry.description}\": the rule does not parse; quoted in a TODO",
                   entry.origin)
    # A legacy package with a config spec could not start before its config was saved
    # once ("Needs Config"), whatever its defaults: 0.3 installed it `configured: false`
    # and only a config set (or a migration reporting `configured`) cleared it. No legacy
    # case started unconfigured, so the task is always critical (blocks the start).
    severity = "critical"
    needs = NeedsConfigTask(severity, f"Review the configuration of {lw.manifest.title}")
    side_todos, writes = config_side_effects(lw)
    model = ConfigModel(lowered.input_spec, lowered.shape, ConfigFile(), lowered.pointers,
                        file_record(pkg.config_spec), tuple(rules), needs, todos=side_todos,
                        source=source_of(pkg.config_spec.origin), writes=writes,
                        pointer_todos=tuple(pointer_todos.get(f.pointer.origin)
                                            for f in lowered.pointers))
    lw.row("config", "translated", "startos/actions/config.ts, startos/fileModels/config.yaml.ts",
           "action `config` over the legacy start9/config.yaml; needs-config task "
           f"({severity})", pkg.config_spec.origin)
    return model, lowered.pointers, ()


def lower_package(pkg: LegacyPackage, diags: Diagnostics, *, version: str | None = None
                  ) -> SdkPackage:
    with wrapper_root(pkg.wrapper_dir):
        # Relative to the wrapper, the model (and the Python project printed from it) is the
        # same from any cwd, as the TypeScript project is.
        return relative_locations(_lower(pkg, diags, version))


def _lower(pkg: LegacyPackage, diags: Diagnostics, version: str | None) -> SdkPackage:
    lw = Lowering(pkg, diags)
    config, pointers, index_todos = lower_config(lw)
    manifest_deps, requirements, tasks, rule_todos = lower_dependencies(lw, pointers)
    manifest = lower_manifest(lw, manifest_deps)
    hosts = lower_interfaces(lw)
    main = lower_main(lw)
    image = manifest.images[0].id
    actions: list[Action] = []
    if config is not None:
        actions.append(Action("config", config_metadata(pkg.manifest.title), "config",
                              config.input_spec, source=config.source))
    properties = lower_properties(lw)
    for legacy in pkg.manifest.actions:
        if legacy.id in ("config", "properties"):
            lw.diags.warning("L654", f"action id `{legacy.id}` collides with the generated "
                             f"`{legacy.id}` action; it is renamed `legacy-{legacy.id}`",
                             legacy.origin.loc, legacy.origin.path)
            legacy = dataclasses.replace(legacy, id=f"legacy-{legacy.id}")
        actions.append(lower_action(lw, legacy, image, main))
    if properties is not None:
        actions.append(properties)
    backups = lower_backups(lw)
    note_migrations(lw)
    note_identity(lw)
    note_volumes(lw)
    main_todos = note_metadata(lw)
    if main_todos:  # 0.2 asset copies: the spot is the main daemon's setup
        main = dataclasses.replace(main, daemon=dataclasses.replace(
            main.daemon, todos=main.daemon.todos + main_todos))
    instructions = lower_instructions(lw)
    carried = rewrite_carried(lw, carried_files(lw))
    source_doc = next((f for f in pkg.copied if pkg.manifest_file.endswith(f.relpath)), None)
    digest = hashlib.sha256(source_doc.content).hexdigest() if source_doc else ""
    return SdkPackage(
        manifest=manifest, versions=lower_versions(lw, version), hosts=hosts, main=main,
        actions=tuple(actions), dependencies=requirements, backups=backups,
        instructions=instructions, config=config, dependency_tasks=tasks,
        dependency_todos=rule_todos,
        migration=tuple(lw.rows), carried=carried,
        legacy_source=pkg.manifest_file.rsplit("/", 1)[-1], legacy_sha256=digest,
        actions_todos=index_todos)
