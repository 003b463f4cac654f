"""startos/actions/*, startos/dependencies.ts and startos/init/*."""

from __future__ import annotations

import re

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.code_config import metadata_expr
from migrator.emit.typescript.code_runtime import mounts_expr, todo_stmts
from migrator.emit.typescript.header import todo_text
from migrator.emit.typescript.inputspec import spec_doc
from migrator.emit.typescript.literals import ts_string
from migrator.emit.typescript.names import Names, camel
from migrator.emit.typescript.render import A, C, O, R, V, chain, const, imports, module
from migrator.sdk.package import SdkPackage
from migrator.sdk.runtime import Action, DependencyCondition

SDK = "@start9labs/start-sdk"


def is_identifier(name: str) -> bool:
    return re.fullmatch(r"[A-Za-z_$][\w$]*", name) is not None


def action_names(pkg: SdkPackage) -> dict[str, str]:
    names = Names({"config", "properties"})
    out = {}
    for action in pkg.actions:
        out[action.id] = action.id if action.id in ("config", "properties") else \
            names.make(action.id)
    return out


def _docker_run(action: Action):
    run = action.docker
    exec_opts = [O([("input", C("encodeIo", V(run.io_format), R("input")))])] \
        if action.has_input else []
    body = [
        *todo_stmts(action.todos),
        const("res", e.await_(C("sub.exec", V(list(run.command)), *exec_opts)), False),
        e.Return(C("legacyActionResult", V(action.metadata.name), R("res"), V(run.io_format))),
    ]
    return C("sdk.SubContainer.withTemp", R("effects"), O([("imageId", V(run.image_id))]),
             mounts_expr(run.mounts), V(action.id), e.arrow(["sub"], body, True))


def action_module(action: Action, name: str) -> str:
    stmts = []
    spec_stmts = []
    if action.has_input:
        spec_stmts = [e.RawStmt("const { InputSpec, List, Value, Variants } = sdk"), e.BLANK,
                      const("inputSpec", spec_doc(action.input_spec)), e.BLANK]
    if action.kind == "docker":
        params = ["effects", "input"] if action.has_input else ["effects"]
        run = e.arrow([params], _docker_run(action), True)
    elif action.kind == "properties":
        source = action.properties
        volume = (R(f"sdk.volumes.{source.volume_id}") if is_identifier(source.volume_id)
                  else e.raw(f"sdk.volumes[{ts_string(source.volume_id)}]"))
        read = chain(volume, ("readFile", [V(source.subpath)]),
                     ("then", [e.arrow(["text"], C("YAML.parse", C("String", R("text"))))]),
                     ("catch", [e.arrow([], V(None))]))
        run = e.arrow([["effects"]], C("propertiesResult", e.await_(read)), True)
    else:
        run = e.arrow([["effects"]], [*todo_stmts(action.todos),
                                      e.Return(C("notMigrated", V(action.metadata.name)))], True)
    meta = metadata_expr(action.metadata)
    if action.has_input:
        call = C("sdk.Action.withInput", V(action.id), meta, R("inputSpec"),
                 e.arrow([], V(None), True), run)
    else:
        call = C("sdk.Action.withoutInput", V(action.id), meta, run)
    stmts += imports((("sdk",), "../sdk"))
    helper_names = {"docker": ["legacyActionResult"], "properties": ["propertiesResult"],
                    "script": ["notMigrated"]}[action.kind]
    if action.kind == "docker" and action.has_input:
        helper_names = ["encodeIo", *helper_names]
    stmts += imports((tuple(helper_names), "../utils"))
    if action.kind == "properties":
        stmts = imports((("YAML",), SDK)) + stmts
    mount_todos = todo_stmts([m.todo for m in action.docker.mounts if m.todo]) \
        if action.docker else []
    stmts += [e.BLANK, *spec_stmts, *mount_todos, const(name, call)]
    return module(stmts)


def actions_index(pkg: SdkPackage, names: dict[str, str]) -> str:
    stmts = [*imports((("sdk",), "../sdk"))]
    for action in pkg.actions:
        stmts += imports(((names[action.id],), f"./{action.id}"))
    calls = [("of", [])] + [("addAction", [R(names[a.id])]) for a in pkg.actions]
    stmts += [e.BLANK, *todo_stmts(pkg.actions_todos),
              const("actions", chain("sdk.Actions", *calls))]
    return module(stmts)


# -- dependencies ------------------------------------------------------------------------------

def _condition_expr(cond: DependencyCondition):
    target = R("config")
    for key in cond.key_path:
        target = C("pick", target, V(key))
    return C("variantIn", target, V(cond.tag_id), V(list(cond.variants)))


def _when(pkg: SdkPackage, dep, names) -> tuple[object | None, list]:
    """(condition expression or None for "always", TODO comments) of one dependency (the
    TODOs of its conditions stand above its entry: see dependencies_module)."""
    if not dep.conditions or any(c.kind == "always" for c in dep.conditions):
        return None, []
    exprs, notes = [], []
    for c in dep.conditions:
        if c.kind == "variant":
            exprs.append(_condition_expr(c))
        elif c.kind == "rule" and dep.id in names.conditions:
            exprs.append(C("holds", R(names.conditions[dep.id]), R("config"),
                           O([(pkg.manifest.id, R("config"))])))
        elif c.kind == "rule":
            notes.append(e.comment(f"TODO(migrate): `{dep.id}` is used when `{c.rule_text}` "
                                   "holds (dependencies.yaml), which does not parse"))
    if not exprs:
        return V(False), notes
    cond = exprs[0]
    for extra in exprs[1:]:
        cond = C("anyOf", cond, extra)
    return cond, notes


def action_stub(dep_id: str, action_id: str) -> str:
    return camel(f"{dep_id} {action_id}") + "Action"


def _task(task, used) -> list:
    """The task of one (dependency, action); `used`: the dependency's condition, if any."""
    accepts = task.accepts or (task.accept,)
    rules = task.rule_text.split(" ; ")
    notes = [e.comment("legacy rule" + ("s" if len(rules) > 1 else "") + ": " + ", ".join(rules))]
    create = C(
        "sdk.action.createTask", R("effects"), V(task.dependency_id),
        R(action_stub(task.dependency_id, task.action_id)), V(task.severity), O([
            ("input", O([("kind", V("partial")), ("accept", A([V(a) for a in accepts])),
                         ("set", V(task.accept))], True)),
            ("when", O([("condition", V("input-not-matches")), ("once", V(False))])),
            ("reason", V(task.description))], True))
    if used is not None:
        create = C("whileUsed", used, e.arrow([], create))
    return [*notes, e.ExprStmt(e.await_(create))]


def dependencies_module(pkg: SdkPackage, names) -> tuple[str, set[str]]:
    entries, when, notes = [], [], []
    for dep in pkg.dependencies:
        entries.append(e.Prop(dep.id, O([
            ("kind", V("running")), ("versionRange", V(dep.version_range)),
            ("healthChecks", V(list(dep.health_checks)))], True),
            tuple(todo_text(t) for t in (*dep.todos, *(c.todo for c in dep.conditions
                                                        if c.todo))) or None))
        cond, dep_notes = _when(pkg, dep, names)
        notes += dep_notes
        if cond is not None:
            when.append((dep.id, cond))
    reads_config = pkg.config is not None and any(
        c.kind == "variant" or (c.kind == "rule" and d.id in names.conditions)
        for d in pkg.dependencies for c in d.conditions)
    body = []
    if reads_config:
        body.append(const("config", e.await_(chain("configYaml", ("read", []),
                                                     ("const", [R("effects")]))), False))
    body += notes
    used = dict(when)
    for task in pkg.dependency_tasks:
        body += _task(task, used.get(task.dependency_id))
    deps = O(entries, True)
    body.append(e.Return(C("onlyWhen", deps, O(when, True)) if when else deps))
    helpers = set()
    if when:
        helpers.add("onlyWhen")
    if any(c.kind == "variant" for d in pkg.dependencies for c in d.conditions) and reads_config:
        helpers |= {"pick", "variantIn"}
    if names.conditions and reads_config:
        helpers.add("holds")
    if any(len([c for c in d.conditions if c.kind in ("variant", "rule")]) > 1
           for d in pkg.dependencies):
        helpers.add("anyOf")
    if pkg.dependency_tasks:
        helpers.add("DependencyAction")
    if any(t.dependency_id in used for t in pkg.dependency_tasks):
        helpers.add("whileUsed")
    stmts = [*imports((("sdk",), "./sdk"))]
    if reads_config:
        stmts += imports((("configYaml",), "./fileModels/config.yaml"))
    if names.conditions and reads_config:
        stmts += imports((tuple(names.conditions[d] for d in names.conditions), "./rules"))
    if helpers:
        stmts += imports((tuple(helpers), "./utils"))
    stmts.append(e.BLANK)
    for task in pkg.dependency_tasks:
        dep_id, action_id = task.dependency_id, task.action_id
        stmts.append(e.comment(f"`{dep_id}`'s `{action_id}` action (its 0.4 package), by id"))
        stmts.append(const(action_stub(dep_id, action_id), e.As(
            O([("id", V(action_id))]), f"DependencyAction<{ts_string(action_id)}>"), False))
    stmts += [*todo_rules(pkg, names),
              const("setDependencies", C("sdk.setupDependencies",
                                         e.arrow([["effects"]], body, True)))]
    return module(stmts), helpers


def todo_rules(pkg: SdkPackage, names) -> list:
    out = []
    for index, todo in enumerate(pkg.dependency_todos):
        out.append(e.comment(f"TODO(migrate): dependency rule on `{todo.dependency_id}`: "
                             f"\"{todo.description}\""
                             + (f" (legacy: {todo.source})" if todo.source else "")))
        out.append(e.comment(f"  rule: {todo.rule_text}"))
        if index in names.checks:
            dep, own = todo.dependency_id, pkg.manifest.id
            out.append(e.comment(
                f"  check (./rules): holds({names.checks[index]}, <{dep} config>, "
                f"{{ '{dep}': <{dep} config>, '{own}': <this config> }})"))
        for s in todo.suggestions:
            out.append(e.comment(f"  suggestion: {s}"))
        if todo.hint:
            out.append(e.comment(f"  0.4: {todo.hint}"))
    if out:
        out.append(e.BLANK)
    return out
