"""Legacy script code that lowering must account for: setConfig side effects (mapping.md §5,
"setConfig logic") and where properties come from (§6). The read stage found the facts
(migrator.read.scripts); this module decides what is carried and what is a TODO."""

from __future__ import annotations

from migrator.diagnostics import KeyPath, Location
from migrator.ir.manifest import DockerProcedure, ScriptProcedure
from migrator.ir.origin import Origin
from migrator.lower.context import Lowering, source_of
from migrator.read.scripts import Snippet, inside
from migrator.sdk.report import Todo
from migrator.sdk.runtime import ConfigWrite, PropertiesFile

CONFIG_TS = "startos/actions/config.ts"
PROPERTIES_TS = "startos/actions/properties.ts"
MAX_QUOTED = 12  # lines of legacy code quoted under one TODO


def script_origin(lw: Lowering, file: str, line: int, what: str) -> Origin:
    """Where a legacy script construct is, as the diagnostics and MIGRATION.md show it."""
    root = lw.pkg.wrapper_dir
    shown = f"{root.rstrip('/')}/{file}" if root not in ("", ".") else file
    return Origin(Location(shown, line), KeyPath(tuple(what.replace(".", " ").split())))


def quoted(snippets: tuple[Snippet, ...] | list[Snippet]) -> tuple[str, ...]:
    lines: list[str] = []
    for s in snippets:
        lines.append(f"{s.file}:{s.line}")
        lines += ["  " + line for line in s.text.splitlines()]
    if len(lines) > MAX_QUOTED:
        lines = lines[:MAX_QUOTED] + ["… (see legacy/ for the rest)"]
    return tuple(lines)


def _describe(s: Snippet) -> str:
    if s.path:
        where = f"`{s.path}`" + (f" in volume `{s.volume}`" if s.volume else "")
        return f"writes {where}"
    first = s.text.splitlines()[0] if s.text else "?"
    return f"runs `{first[:60]}`"


def _in_spec(spec, path: tuple[str, ...]) -> bool:
    """Whether a key path names a field of the config spec (through object fields)."""
    field = next((f for f in spec.fields if f.key == path[0]), None) if spec else None
    if field is None:
        return False
    if len(path) == 1:
        return True
    return field.type == "object" and _in_spec(field.spec, path[1:])


def _carried(lw: Lowering, s: Snippet) -> ConfigWrite | None:
    """An `effects.writeFile` the config action can do itself, or None."""
    data = {v.id for v in lw.manifest.volumes if v.type == "data"}
    path = inside(s.path) if s.path else None
    if s.content is None or path is None or s.volume not in data:
        return None
    keys = [p for p in s.content if isinstance(p, tuple)]
    if not all(_in_spec(lw.pkg.config_spec, k) for k in keys):
        return None
    return ConfigWrite(s.volume, path, s.content,  # type: ignore[arg-type]
                       source_of(script_origin(lw, s.file, s.line, "setConfig")))


def config_side_effects(lw: Lowering) -> tuple[tuple[Todo, ...], tuple[ConfigWrite, ...]]:
    """What a script `config.set` did besides writing start9/config.yaml: the file writes
    the action repeats, and TODOs for the rest."""
    m = lw.manifest
    if m.config is None or not isinstance(m.config.set, ScriptProcedure):
        return (), ()
    facts = lw.pkg.scripts.set_config if lw.pkg.scripts else None
    origin = m.config.set.origin
    if facts is None:
        todo = lw.todo("the legacy setConfig is a script the migrator could not read (no "
                       "scripts/…/setConfig.ts in this wrapper), so it cannot tell whether it "
                       "also wrote the service's own config files; the action only writes "
                       "start9/config.yaml. Compare with the legacy scripts and write those "
                       "files here", origin,
                       construct="setConfig (script)", destination=CONFIG_TS, code="L673")
        return (todo,), ()
    at = script_origin(lw, facts.file, facts.line, "setConfig")
    if facts.plain:
        lw.row("setConfig (script)", "translated", CONFIG_TS,
               "`compat.setConfig`: the action writes start9/config.yaml", at)
        return (), ()
    carried = [(s, _carried(lw, s)) for s in facts.side_effects]
    writes = tuple(w for _, w in carried if w is not None)
    rest = [s for s, w in carried if w is None]
    done = "; ".join(f"writes `{w.path}` in volume `{w.volume_id}`" for w in writes)
    if facts.side_effects and not rest:
        lw.row("setConfig (script)", "translated", CONFIG_TS,
               f"the legacy setConfig {done} from the config: the action writes it too, "
               "after start9/config.yaml", at)
        return (), writes
    if not facts.side_effects:
        text = ("the legacy setConfig is custom code (no file writes found, but not plain "
                "`compat.setConfig`); the action only writes start9/config.yaml: port the "
                "rest here")
    else:
        text = ("the legacy setConfig also " + "; ".join(_describe(s) for s in rest)
                + ": the action only writes start9/config.yaml"
                + (f" (and {done.replace('writes', 'rewrites')})" if writes else "")
                + ", and the image needs these too; write them here from `legacy` (the "
                "legacy-shaped config)")
    todo = lw.todo(text, at, construct="setConfig (script)", destination=CONFIG_TS,
                   code="L673")
    return (Todo(todo.text, todo.source, quoted(rest)),), writes


def _compat_properties(lw: Lowering, proc: DockerProcedure) -> PropertiesFile | None:
    """`compat properties <mountpoint>` reads <mountpoint>/start9/stats.yaml: which volume?"""
    args = proc.compat_command or ()
    if len(args) < 2 or not args[1].startswith("/"):
        return None
    target = args[1].rstrip("/") + "/start9/stats.yaml"
    best = None
    for volume_id, mountpoint in proc.mounts:
        volume = lw.manifest.volume(volume_id)
        mp = mountpoint.rstrip("/") or "/"
        if volume is None or volume.type != "data":
            continue
        if target.startswith(mp.rstrip("/") + "/") and (best is None or len(mp) > len(best[1])):
            best = (volume_id, mp)
    if best is None:
        return None
    return PropertiesFile(best[0], target[len(best[1].rstrip("/")) + 1:])


def properties_source(lw: Lowering) -> tuple[PropertiesFile | None, Origin, str | None]:
    """(file the action reads or None for a TODO action, origin, what the row says)."""
    m = lw.manifest
    proc = m.properties
    if m.era == "0.2":
        return PropertiesFile(), m.origin, "0.2 services wrote start9/stats.yaml; the action " \
            "reads it"
    if isinstance(proc, DockerProcedure) and proc.compat_command and \
            proc.compat_command[:1] == ("properties",):
        found = _compat_properties(lw, proc)
        if found is not None:
            return found, proc.origin, (f"compat properties {proc.compat_command[1]}: the "
                                        f"action reads {found.subpath} of volume "
                                        f"`{found.volume_id}`")
        return None, proc.origin, None
    if isinstance(proc, ScriptProcedure):
        facts = lw.pkg.scripts.properties if lw.pkg.scripts else None
        if facts is not None and facts.compat:
            return PropertiesFile(), script_origin(lw, facts.file, facts.line, "properties"), \
                "`compat.properties`: the action reads start9/stats.yaml of volume `main`"
    return None, proc.origin, None  # type: ignore[union-attr]


def properties_todo(lw: Lowering, origin: Origin) -> Todo:
    m = lw.manifest
    proc = m.properties
    facts = lw.pkg.scripts.properties if lw.pkg.scripts else None
    if isinstance(proc, ScriptProcedure) and facts is not None:
        at = script_origin(lw, facts.file, facts.line, "properties")
        todo = lw.todo("the legacy properties are custom script code: port them to an "
                       "ActionResult here", at, construct="properties",
                       destination=PROPERTIES_TS, code="L674")
        return Todo(todo.text, todo.source, quoted((facts.code,) if facts.code else ()))
    if isinstance(proc, ScriptProcedure):
        why = ("the legacy properties were the script function `properties`, which the "
               "migrator could not read (no scripts/…/properties.ts in this wrapper): port it "
               "here, or read the file it read")
    elif isinstance(proc, DockerProcedure) and proc.compat_command:
        why = (f"`compat {' '.join(proc.compat_command)}` names no data volume mount the "
               "migrator can map; read the stats file here")
    else:
        command = " ".join(c for c in (getattr(proc, "entrypoint", None) or "",
                                       *getattr(proc, "args", ())) if c)
        why = (f"custom properties procedure `{command}` in image "
               f"`{getattr(proc, 'image', '?')}`: run it and map its output here")
    return lw.todo(why, origin, construct="properties", destination=PROPERTIES_TS,
                   code="L674")
