"""Actions, properties and the config action's metadata (mapping.md §5, §6)."""

from __future__ import annotations

from migrator.ir.manifest import Action as LegacyAction, DockerProcedure, ScriptProcedure
from migrator.lower.context import Lowering, source_of
from migrator.lower.main import lower_mounts
from migrator.sdk.runtime import Action, ActionMetadata, DockerRun

STATUS = {("running", "stopped"): "any", ("stopped", "running"): "any", ("running",): "only-running",
          ("stopped",): "only-stopped", (): "any"}


def allowed(statuses: tuple[str, ...]) -> str:
    return STATUS.get(tuple(statuses), "any")


def _input_spec(lw: Lowering, action: LegacyAction):
    if action.input_spec is None or not action.input_spec.fields:
        return None
    from migrator.lower.config_spec import lower_config_spec

    return lower_config_spec(action.input_spec, lw.diags).input_spec


def lower_action(lw: Lowering, action: LegacyAction, main_image: str) -> Action:
    meta = ActionMetadata(action.name, action.description, action.warning,
                          allowed(action.allowed_statuses))  # type: ignore[arg-type]
    construct = f"action `{action.id}`"
    spec = _input_spec(lw, action)
    impl = action.implementation
    if isinstance(impl, DockerProcedure) and not impl.system:
        mounts, _ = lower_mounts(lw, impl)
        command = tuple(c for c in (impl.entrypoint, *impl.args) if c)
        lw.row(construct, "translated", f"startos/actions/{action.id}.ts",
               f"runs `{' '.join(command)}` in a temporary `{impl.image}` subcontainer"
               + (f"; input on stdin as {impl.io_format}" if spec else "")
               + "; the legacy result becomes an ActionResult v1", action.origin)
        return Action(action.id, meta, "docker", spec,
                      DockerRun(impl.image, command, mounts, impl.io_format),
                      source=source_of(action.origin))
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
