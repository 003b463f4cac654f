"""Actions, properties and the config action's metadata (mapping.md §5, §6)."""

from __future__ import annotations

import dataclasses

from migrator.ir.manifest import Action as LegacyAction, DockerProcedure, ScriptProcedure
from migrator.lower.context import Lowering, source_of
from migrator.lower.main import lower_mounts, rewritten_command
from migrator.lower.script_evidence import PROCESS_LEVEL, script_file, text_of
from migrator.sdk.runtime import Action, ActionMetadata, DockerRun, MainSpec

STATUS = {("running", "stopped"): "any", ("stopped", "running"): "any",
          ("running",): "only-running", ("stopped",): "only-stopped", (): "any"}


def allowed(statuses: tuple[str, ...]) -> str:
    return STATUS.get(tuple(statuses), "any")


def _input_spec(lw: Lowering, action: LegacyAction):
    if action.input_spec is None or not action.input_spec.fields:
        return None
    from migrator.lower.config_spec import lower_config_spec

    return lower_config_spec(action.input_spec, lw.diags).input_spec


def _process_level(lw: Lowering, command: tuple[str, ...]) -> tuple[str | None, str]:
    """(where the command acts on the running process, e.g. `kill 1`; the script it runs)."""
    script = script_file(lw.pkg.copied, command)
    inline = PROCESS_LEVEL.search(" ".join(command))
    if inline:
        return f"its command (`{inline.group(0)}`)", script.relpath if script else ""
    text = text_of(script)
    for number, line in enumerate(text.split("\n"), 1):
        found = PROCESS_LEVEL.search(line)
        if found and not line.lstrip().startswith("#"):
            return f"{script.relpath}:{number} (`{found.group(0)}`)", script.relpath
    return None, script.relpath if script else ""


def _foreign_todos(lw: Lowering, action: LegacyAction, foreign: tuple[str, ...]) -> tuple:
    if not foreign:
        return ()
    return (lw.todo("the command calls " + ", ".join(f"`{h}.embassy`" for h in foreign)
                    + ", gone in 0.4: rewritten to `<id>.startos`; prefer the dependency's "
                    "bridge address (sdk.host.getBridgeAddress)", action.origin,
                    construct=f"action `{action.id}`",
                    destination=f"startos/actions/{action.id}.ts", code="L660"),)


def _injected(lw: Lowering, action: LegacyAction, impl: DockerProcedure, main: MainSpec,
              spec, meta: ActionMetadata) -> Action:
    """`inject: true`: the legacy command ran inside the running main container. The SDK has
    no public handle on a running daemon's subcontainer from an action, so it runs in a
    temporary subcontainer of the main image with every mount of the main daemon (network
    is shared within the service, so it still reaches the daemon on localhost); only while
    the service runs, as before."""
    construct = f"action `{action.id}`"
    command, foreign = rewritten_command(lw, tuple(c for c in (impl.entrypoint, *impl.args)
                                                    if c))
    daemon = main.daemon
    meta = dataclasses.replace(meta, allowed_statuses="only-running")
    where, script = _process_level(lw, command)
    todos = _foreign_todos(lw, action, foreign)
    if where is not None:
        todos += (lw.todo(
            f"the legacy action ran inside the running container and {where} acts on its "
            "processes, which a separate subcontainer cannot reach: restart the service "
            "with sdk.restart(effects) or port the step", action.origin, construct=construct,
            destination=f"startos/actions/{action.id}.ts", code="L659"),)
    elif not todos:
        lw.row(construct, "translated", f"startos/actions/{action.id}.ts",
               f"injected into the running service: runs `{' '.join(command)}` with the main "
               f"daemon's image `{daemon.image_id}` and all its mounts, only while running"
               + (f" ({script} checked: no process-level step)" if script else "")
               + (f"; input on stdin as {impl.io_format}" if spec else ""), action.origin)
    return Action(action.id, meta, "docker", spec,
                  DockerRun(daemon.image_id, command, daemon.mounts, impl.io_format, True),
                  todos=todos, source=source_of(action.origin))


def lower_action(lw: Lowering, action: LegacyAction, main_image: str,
                 main: MainSpec | None = None) -> Action:
    meta = ActionMetadata(action.name, action.description, action.warning,
                          allowed(action.allowed_statuses))  # type: ignore[arg-type]
    construct = f"action `{action.id}`"
    spec = _input_spec(lw, action)
    impl = action.implementation
    if isinstance(impl, DockerProcedure) and not impl.system and impl.inject and \
            main is not None:
        return _injected(lw, action, impl, main, spec, meta)
    if isinstance(impl, DockerProcedure) and not impl.system:
        mounts, _ = lower_mounts(lw, impl)
        command, foreign = rewritten_command(lw, tuple(c for c in (impl.entrypoint, *impl.args)
                                                        if c))
        todos = _foreign_todos(lw, action, foreign)
        if not todos:
            lw.row(construct, "translated", f"startos/actions/{action.id}.ts",
                   f"runs `{' '.join(command)}` in a temporary `{impl.image}` subcontainer"
                   + (f"; input on stdin as {impl.io_format}" if spec else "")
                   + "; the legacy result becomes an ActionResult v1", action.origin)
        return Action(action.id, meta, "docker", spec,
                      DockerRun(impl.image, command, mounts, impl.io_format),
                      todos=todos, source=source_of(action.origin))
    if isinstance(impl, ScriptProcedure):
        why = (f"the legacy action ran the script function `action.{action.id}` of "
               "scripts/embassy.js; port it to TypeScript here")
    else:
        why = f"the legacy action ran in system image `{getattr(impl, 'image', '?')}`"
    todo = lw.todo(why, action.origin, construct=construct,
                   destination=f"startos/actions/{action.id}.ts", code="L646")
    return Action(action.id, meta, "script", spec, todos=(todo,), source=source_of(action.origin))


def config_metadata(title: str) -> ActionMetadata:
    return ActionMetadata("Configure", f"Customize {title}", None, "any")
