"""The SDK model → Python expressions over the startos_sdk builders (then black formats them).

Every model value becomes a call that rebuilds it: a start-sdk builder where startos_sdk has
one (`Value.text(...)`, `MultiHost.of(...)`, ...), else the model class itself from
`startos_sdk.model` (`m.PointerSpec(...)`), with only the fields that differ from their
defaults. Every string goes through `py_string`; every TODO is preceded by its
`# TODO(migrate)` comment, so the marker stands where the TODO's data is.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

from migrator.emit.python.literals import py_string
from migrator.rules import ast as rule_ast
from migrator.sdk import inputspec as spec
from migrator.sdk import manifest as man
from migrator.sdk import report, runtime
from startos_sdk import model as model_module

_LINE_UNSAFE = {"\u2028", "\u2029", "\x85"}


def py_comment(text: str) -> str:
    """Text safe on one `#` line: no line breaks, control, format or unpaired characters
    (black and Python would read some of them as a line end; bidi controls hide text)."""
    return "".join(" " if (not c.isprintable() or c in _LINE_UNSAFE) else c
                   for c in text).rstrip()


def todo_comment(todo: report.Todo) -> str:
    return "# " + py_comment(todo.marker())


def lead_comments(value: Any) -> str:
    """The `# TODO(migrate)` lines that stand above a value: a TODO, or a dependency rule
    left to the porter (with its rule, suggestions and the 0.4 way, as in TypeScript)."""
    if isinstance(value, report.Todo):
        return todo_comment(value) + "\n"
    if isinstance(value, runtime.DependencyRuleTodo):
        legacy = f" (legacy: {value.source})" if value.source else ""
        lines = [f"TODO(migrate): dependency rule on `{value.dependency_id}`: "
                 f"\"{value.description}\"{legacy}", f"  rule: {value.rule_text}",
                 *(f"  suggestion: {s}" for s in value.suggestions),
                 *([f"  0.4: {value.hint}"] if value.hint else [])]
        return "".join(f"# {py_comment(line)}\n" for line in lines)
    return ""


# A builder for a model class: its name in startos_sdk and the fields it sets itself
# (the discriminator a `kind`-specific builder stands for), by the model object.
Builder = Callable[[Any], tuple[str, dict[str, Any]]]


def _fixed(name: str, **fields: Any) -> Builder:
    return lambda _obj: (name, fields)


def _probe(obj: runtime.Probe) -> tuple[str, dict[str, Any]]:
    names = {"port": "check_port_listening", "script": "run_script", "disabled": "disabled"}
    fixed: dict[str, Any] = {"kind": obj.kind}
    if obj.kind != "script":
        fixed["command"] = ()
    if obj.kind != "port":
        fixed["port"] = None
    return f"health_check.{names[obj.kind]}", fixed


def _mount(obj: runtime.Mount) -> tuple[str, dict[str, Any]]:
    if obj.kind == "volume":
        return "Mounts.volume", {"kind": "volume", "dependency_id": None, "todo": None}
    if obj.kind == "assets":
        return "Mounts.assets", {"kind": "assets", "volume_id": None, "readonly": False,
                                 "dependency_id": None, "todo": None}
    return "Mounts.dependency", {"kind": "dependency"}


def _action(obj: runtime.Action) -> tuple[str, dict[str, Any]]:
    if obj.input_spec is None:
        return "Action.without_input", {"input_spec": None}
    return "Action.with_input", {}


BUILDERS: dict[type, Builder] = {
    man.SdkManifest: _fixed("setup_manifest"),
    man.Image: _fixed("image"),
    man.BuildArg: _fixed("build_arg"),
    man.ManifestDependency: _fixed("manifest_dependency"),
    man.DeviceFilter: _fixed("device_filter"),
    man.VersionNode: _fixed("VersionInfo.of"),
    man.VersionGraph: _fixed("VersionGraph.of"),
    spec.TextValue: _fixed("Value.text"),
    spec.TextareaValue: _fixed("Value.textarea"),
    spec.NumberValue: _fixed("Value.number"),
    spec.ToggleValue: _fixed("Value.toggle"),
    spec.ObjectValue: _fixed("Value.object"),
    spec.ListValue: _fixed("Value.list"),
    spec.TextListSpec: _fixed("List.text"),
    spec.ObjectListSpec: _fixed("List.obj"),
    spec.Pattern: _fixed("pattern"),
    spec.RandomString: _fixed("random_string"),
    runtime.ServiceInterface: _fixed("create_interface"),
    runtime.Host: _fixed("MultiHost.of"),
    runtime.Binding: _fixed("MultiHost.bind_port"),
    runtime.BindOptions: _fixed("MultiHost.options"),
    runtime.Probe: _probe,
    runtime.Mount: _mount,
    runtime.HealthCheck: _fixed("health_check.of"),
    runtime.Daemon: _fixed("Daemons.add_daemon"),
    runtime.MainSpec: _fixed("Daemons.of"),
    runtime.Action: _action,
    runtime.ActionMetadata: _fixed("Action.metadata"),
    runtime.DependencyRequirement: _fixed("dependency"),
    runtime.DependencyTask: _fixed("create_task"),
    runtime.Backups: _fixed("Backups.of_volumes"),
    runtime.ConfigFile: _fixed("FileModel.legacy_config"),
    runtime.PropertiesFile: _fixed("FileModel.properties"),
    report.MigrationRow: _fixed("migration_row"),
}
# Builders that take their first field(s) positionally.
POSITIONAL = {report.SourceRef: ("source", 3), report.Todo: ("todo", 1)}


class Printer:
    """Prints model values; `names` collects the startos_sdk names the code uses."""

    def __init__(self, refs: dict[int, str] | None = None) -> None:
        self.names: set[str] = set()
        self.refs = refs or {}  # id(model object) → a name the module imports instead

    def expr(self, value: Any) -> str:
        if id(value) in self.refs:
            return self.refs[id(value)]
        if value is None or isinstance(value, bool):
            return repr(value)
        if isinstance(value, int):
            return repr(value)
        if isinstance(value, float):
            return repr(value) if math.isfinite(value) else f'float("{value}")'
        if isinstance(value, str):
            return py_string(value)
        if isinstance(value, bytes):
            return repr(value)
        if isinstance(value, tuple):
            return self._sequence("(", ")", value, single_comma=True)
        if isinstance(value, list):
            return self._sequence("[", "]", value)
        if isinstance(value, dict):
            return self._mapping(value.items())
        if isinstance(value, rule_ast.Rule):
            self.names.add("rule")
            return f"rule({py_string(value.text)})"
        special = _SPECIAL.get(type(value))
        if special is not None:
            return special(self, value)
        if dataclasses.is_dataclass(value):
            return self._dataclass(value)
        raise TypeError(f"no Python form for {type(value).__name__}")

    # -- containers --------------------------------------------------------------------------
    def _element(self, value: Any) -> str:
        return lead_comments(value) + self.expr(value)

    def _sequence(self, open_: str, close: str, items: Any, single_comma: bool = False) -> str:
        parts = [self._element(v) for v in items]
        if single_comma and len(parts) == 1:
            return f"{open_}\n{parts[0]},\n{close}"
        return open_ + "\n" + ",\n".join(parts) + "\n" + close if parts else open_ + close

    def _mapping(self, items: Any, comments: dict[int, list[str]] | None = None) -> str:
        comments = comments or {}
        lines = []
        entries = list(items)
        for i, (key, value) in enumerate(entries):
            lead = "".join(c + "\n" for c in comments.get(i, ()))
            lines.append(f"{lead}{self.expr(key)}: {self._element(value)}")
        tail = "".join("\n" + c for c in comments.get(len(entries), ()))
        if not lines and not tail:
            return "{}"
        return "{\n" + ",\n".join(lines) + tail + "\n}"

    # -- calls -------------------------------------------------------------------------------
    def call(self, callee: str, args: list[str], kwargs: list[tuple[str, Any]]) -> str:
        self.names.add(callee.split(".")[0])
        parts = list(args) + [self._keyword(k, v) for k, v in kwargs]
        return f"{callee}(\n" + ",\n".join(parts) + "\n)" if parts else f"{callee}()"

    def _keyword(self, key: str, value: Any) -> str:
        if isinstance(value, _Raw):
            return f"{key}={value.text}"
        return f"{lead_comments(value)}{key}={self.expr(value)}"

    def _dataclass(self, obj: Any) -> str:
        builder = BUILDERS.get(type(obj))
        callee, fixed = builder(obj) if builder is not None else ("", {})
        if not callee or any(not _same(getattr(obj, k), v) for k, v in fixed.items()):
            # the builder would set a field to something else: the model class says it all
            callee, fixed = self._model_name(obj), {}
        return self.call(callee, [], [(f.name, getattr(obj, f.name))
                                      for f in _changed(obj) if f.name not in fixed])

    def _model_name(self, obj: Any) -> str:
        name = type(obj).__name__
        if getattr(model_module, name, None) is not type(obj):
            raise TypeError(f"startos_sdk.model has no {name}")
        self.names.add("m")
        return f"m.{name}"


@dataclasses.dataclass(frozen=True)
class _Raw:
    """Already printed code (an argument the printer must not print again)."""

    text: str


def _changed(obj: Any) -> list[dataclasses.Field[Any]]:
    out = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.default is not dataclasses.MISSING and _same(value, f.default):
            continue
        if f.default_factory is not dataclasses.MISSING and _same(value, f.default_factory()):
            continue
        out.append(f)
    return out


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


# -- classes printed their own way ------------------------------------------------------------
def _positional(name: str, count: int) -> Callable[[Printer, Any], str]:
    def print_(p: Printer, obj: Any) -> str:
        fields = dataclasses.fields(obj)
        args = [p.expr(getattr(obj, f.name)) for f in fields[:count]]
        rest = [(f.name, getattr(obj, f.name)) for f in _changed(obj) if f in fields[count:]]
        return p.call(name, args, rest)
    return print_


def _input_spec(p: Printer, obj: spec.InputSpec) -> str:
    comments: dict[int, list[str]] = {}
    for i, todo in obj.todos:
        comments.setdefault(i, []).append(todo_comment(todo))
    fields = p._mapping(obj.fields, comments)
    kwargs: list[tuple[str, Any]] = []
    if obj.todos:  # their comments stand in the form above; the data follows here
        todos = ",\n".join(f"({i}, {p.expr(t)})" for i, t in obj.todos)
        kwargs.append(("todos", _Raw(f"(\n{todos},\n)")))
    return p.call("InputSpec.of", [fields], kwargs)


def _choices(callee: str) -> Callable[[Printer, Any], str]:
    def print_(p: Printer, obj: Any) -> str:
        kwargs = [(f.name, _Raw(p._mapping(obj.values)) if f.name == "values"
                   else getattr(obj, f.name)) for f in _changed(obj)]
        return p.call(callee, [], kwargs)
    return print_


def _union(p: Printer, obj: spec.UnionValue) -> str:
    variants = [(v.key, _Raw(p.call("Variants.variant", [], [
        (f.name, getattr(v, f.name)) for f in _changed(v) if f.name != "key"])))
        for v in obj.variants]
    lines = ",\n".join(f"{p.expr(k)}: {v.text}" for k, v in variants)
    of = p.call("Variants.of", ["{\n" + lines + "\n}" if lines else "{}"], [])
    kwargs = [(f.name, _Raw(of) if f.name == "variants" else getattr(obj, f.name))
              for f in _changed(obj)]
    return p.call("Value.union", [], kwargs)


_SPECIAL: dict[type, Callable[[Printer, Any], str]] = {
    spec.InputSpec: _input_spec,
    spec.SelectValue: _choices("Value.select"),
    spec.MultiselectValue: _choices("Value.multiselect"),
    spec.UnionValue: _union,
    **{cls: _positional(name, n) for cls, (name, n) in POSITIONAL.items()},
}

