"""The config action, the legacy config file model and the value-shape map."""

from __future__ import annotations

import re

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.code_runtime import todo_stmts
from migrator.emit.typescript.header import todo_text
from migrator.emit.typescript.inputspec import spec_doc
from migrator.emit.typescript.literals import ts_string
from migrator.emit.typescript.names import Names, camel
from migrator.lower.pointers import computed_pointer, where
from migrator.emit.typescript.render import A, C, O, R, V, chain, const, imports, indented, module
from migrator.sdk.config_shape import (
    PLAIN, ListUnionShape, NumberListShape, ObjectListShape, ObjectShape, OpaqueShape,
    PointerShape, UnionShape,
)
from migrator.sdk import config_file as cf
from migrator.sdk.package import ConfigModel, SdkPackage

SDK = "@start9labs/start-sdk"


# -- shape map (data for utils.toForm / utils.toLegacy) -----------------------------------

def shape_expr(fields):
    return O([(key, _shape(s)) for key, s in fields if s != PLAIN], True)


def _union(u: UnionShape):
    return O([("tag", V(u.tag_id)), ("variants", O([
        (k, shape_expr(fields)) for k, fields in u.variants], True))], True)


def _shape(s):
    if isinstance(s, PointerShape):
        return V("pointer")
    if isinstance(s, OpaqueShape):
        return V("opaque")
    if isinstance(s, ObjectShape):
        return O([("object", shape_expr(s.fields))])
    if isinstance(s, ObjectListShape):
        return O([("objects", shape_expr(s.item))])
    if isinstance(s, UnionShape):
        return O([("union", _union(s))])
    if isinstance(s, ListUnionShape):
        return O([("unions", _union(s.union))])
    if isinstance(s, NumberListShape):
        return O([("numbers", V(s.integral))])
    raise TypeError(f"unknown shape {s!r}")


# -- zod schema of the legacy file ---------------------------------------------------------

class ZodSchema:
    """Named object schemas first (their `.catch` re-parses `{}`), then the root."""

    def __init__(self):
        self.names = Names({"configShape", "configYaml", "shape"})
        self.decls: list = []

    def record(self, rec: cf.Record_, name: str) -> str:
        props = [(key, self.field(f, key)) for key, f in rec.fields]
        self.decls.append(const(name, C("z.object", O(props, True)), False))
        return name

    def field(self, f, key: str):
        if isinstance(f, cf.Scalar):
            calls = [(f.kind, [])] + ([("nullable", [])] if f.kind != "boolean" else [])
            if f.entropy is not None:
                gen = C("utils.getDefaultString", O([("charset", V(f.entropy.charset)),
                                                     ("len", V(f.entropy.length))]))
                return chain("z", *calls, ("catch", [e.arrow([], gen)]))
            default = bool(f.default) if f.kind == "boolean" else f.default
            return chain("z", *calls, ("catch", [V(default)]))
        if isinstance(f, cf.Choice):
            if not f.values:
                return chain("z", ("string", []), ("nullable", []), ("catch", [V(None)]))
            default = f.default if f.default in f.values else f.values[0]
            return chain("z", ("enum", [V(list(f.values))]), ("catch", [V(default)]))
        if isinstance(f, cf.Record_):
            name = self.record(f, self.names.make(key, "Shape"))
            return self._object_catch(name)
        if isinstance(f, cf.FlatUnion):
            if f.variants:
                default = f.default if f.default in f.variants else f.variants[0]
                tag = chain("z", ("enum", [V(list(f.variants))]), ("catch", [V(default)]))
            else:
                tag = chain("z", ("string", []), ("nullable", []), ("catch", [V(None)]))
            name = self.names.make(key, "Shape")
            # Loose: a flat union holds the selected variant's fields beside its tag.
            self.decls.append(const(name, C("z.looseObject", O([(f.tag, tag)], True)), False))
            if f.value is None:
                return self._object_catch(name)
            # A missing union is the whole legacy default: the tag and the variant's fields
            # (parsed: a fresh object each time, typed by the schema).
            return C(e.member(R(name), "catch"),
                     e.arrow([], C(f"{name}.parse", legacy_value(f.value))))
        if isinstance(f, cf.Items):
            default = legacy_value(list(f.default))
            if any(isinstance(d, dict) for d in f.default) or _generated(f.default):
                default = e.arrow([], default)  # fresh items each time (pointers set in place)
            return chain("z", ("array", [R("z.unknown()")]), ("catch", [default]))
        # Pointers and unreadable values: optional (zod 4 refuses a missing z.unknown()).
        return chain("z", ("unknown", []), ("optional", []))

    def _object_catch(self, name: str):
        return C(e.member(R(name), "catch"), e.arrow([], C(f"{name}.parse", O([]))))


def legacy_value(value):
    """A legacy default value as a literal; `Entropy` becomes the SDK's generator call."""
    if isinstance(value, cf.Entropy):
        return C("utils.getDefaultString", O([("charset", V(value.charset)),
                                              ("len", V(value.length))]))
    if isinstance(value, dict):
        return O([(str(k), legacy_value(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return A([legacy_value(v) for v in value])
    return V(value)


def _generated(value) -> bool:
    if isinstance(value, cf.Entropy):
        return True
    if isinstance(value, dict):
        return any(_generated(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_generated(v) for v in value)
    return False


def file_model_module(config: ConfigModel, helpers: tuple[str, ...] = ()) -> str:
    zod = ZodSchema()
    root = zod.record(config.file_schema, "configShape")
    decls = [d for d in zod.decls if d.name != root] + [d for d in zod.decls if d.name == root]
    decls = [e.Const(d.name, d.init, d.name == "configShape", d.kind, d.type_text)
             for d in decls]
    path = O([("base", R(f"sdk.volumes.{config.file.volume_id}")),
              ("subpath", V(config.file.subpath))])
    return module([
        *imports((("FileHelper", "T", "utils", "z"), SDK), (("sdk",), "../sdk"),
                 (("ShapeMap", *helpers), "../utils")),
        e.BLANK,
        e.comment("The legacy config, where the legacy OS kept it and the unchanged image"),
        e.comment("reads it: volume `main`, start9/config.yaml, in the legacy value shape."),
        *decls,
        const("configYaml", C("FileHelper.yaml", path, R("configShape"))),
        e.BLANK,
        e.comment("Where form values differ from legacy values (see toForm/toLegacy)."),
        const("shape", shape_expr(config.shape), True, "ShapeMap"),
    ])


def _pointer_value(pkg: SdkPackage, field, hosts: dict[str, str]):
    """The 0.4 value of a pointer (see migrator.lower.pointers), or None."""
    p = field.pointer
    with_ports = {h.id for h in pkg.hosts if h.bindings}
    how = computed_pointer(field, pkg.manifest.id, with_ports)
    if how == "dependency-host":
        return V(f"{p.package_id}.startos")
    if how == "own-address":
        host = next(h for h in pkg.hosts if h.id == p.interface)
        hosts.setdefault(host.id, f"{camel(host.id)}Addresses")
        ports = list(dict.fromkeys(b.internal_port for b in host.bindings))
        kind = "tor" if p.target == "tor-address" else "lan"
        return C("ownAddress", R(hosts[host.id]), V(ports), V(kind))
    return None


def pointer_steps(field):
    """Where setPointer puts a pointer: keys, null for every list item, and `{tag, variant}`
    right after a union whose variant must be selected."""
    steps, prefix = [], ()
    for part in field.path:
        steps.append(V(part))
        prefix += (part,)
        for scope in field.variants:
            if scope.union_path == prefix:
                steps.append(O([("tag", V(scope.tag_id)), ("variant", V(scope.variant))]))
    return A(steps)


def pointer_plan(pkg: SdkPackage) -> tuple[str, list[str], tuple[str, ...]]:
    """(body of withPointers, TODO lines, the utils helpers it uses: none when no pointer
    is computed)."""
    hosts: dict[str, str] = {}
    sets = []
    todos = []
    config = pkg.config
    for index, field in enumerate(config.pointers):
        value = _pointer_value(pkg, field, hosts)
        if value is None:
            todo = config.pointer_todos[index] if index < len(config.pointer_todos) else None
            if todo is None:
                raise ValueError(f"pointer `{where(field)}` is neither computed nor a TODO")
            todos.append(todo_text(todo))
            continue
        sets.append(e.ExprStmt(C("setPointer", R("config"), pointer_steps(field), value)))
    # Read through the ownAddresses map: `.const()` compares the mapped plain data, where
    # the SDK's deep-equal of a whole host never ends (its address helpers are getters
    # that make new helpers) and the re-run on an address change never happened.
    stmts = [const(var, e.await_(chain("sdk.host", ("getOwn", [
                 R("effects"), V(host_id), R("ownAddresses")]), ("const", []))), False)
             for host_id, var in hosts.items()]
    stmts += sets
    helpers = (("ownAddress", "ownAddresses") if hosts else ()) + (("setPointer",) if sets else ())
    return (indented(stmts, 1) if stmts else ""), todos, helpers


def config_action_module(pkg: SdkPackage, own_rules: tuple = ()) -> str:
    config = pkg.config
    action = next(a for a in pkg.actions if a.kind == "config")
    meta = action.metadata
    checks = []
    for rule in config.own_rules:
        if rule.rule is None:
            checks.append(e.comment(
                f"TODO(migrate): the legacy rule `{rule.rule_text}` (\"{rule.description}\") "
                "does not parse; enforce it here"
                + (f" (legacy: {rule.source})" if rule.source else "")))
    if own_rules:
        checks.append(e.comment("config_rules.yaml, as the legacy `config set` checked it:"))
        checks.append(e.ExprStmt(C("assertRules", R("ownRules"), R("legacy"),
                                   O([(pkg.manifest.id, R("legacy"))]))))
    run = e.arrow([["effects", "input"]], [
        const("previous", e.await_(chain("configYaml", ("read", []), ("once", []))), False),
        e.comment("Pointers are computed on every save, as the legacy OS did."),
        const("legacy", e.await_(C("withPointers", R("effects"),
                                   C("toLegacy", R("shape"), R("input"), R("previous")))),
              False),
        *checks,
        e.ExprStmt(e.await_(C("configYaml.write", R("effects"),
                              e.As(R("legacy"), "typeof configShape._output")))),
        *[_write_stmt(w) for w in config.writes],  # files the legacy setConfig wrote
        *todo_stmts(config.todos),  # what else it did (side effects not carried)
    ], True)
    prefill = e.arrow([["effects"]], [
        const("legacy", e.await_(chain("configYaml", ("read", []), ("once", []))), False),
        e.Return(e.As(C("toForm", R("shape"), R("legacy")), "typeof inputSpec._PARTIAL | null")),
    ], True)
    return module([
        *imports((("configShape", "configYaml", "shape", "withPointers"),
                  "../fileModels/config.yaml"),
                 *([(("ownRules",), "../rules")] if own_rules else []),
                 (("sdk",), "../sdk"),
                 (("toForm", "toLegacy", *(("assertRules",) if own_rules else ()),
                   *(("pick",) if config.writes else ())),
                  "../utils")),
        e.BLANK,
        e.RawStmt("const { InputSpec, List, Value, Variants } = sdk"),
        e.BLANK,
        const("inputSpec", spec_doc(config.input_spec)),
        e.BLANK,
        const("config", C("sdk.Action.withInput", V("config"), metadata_expr(meta),
                          R("inputSpec"), prefill, run)),
    ])


def _write_stmt(write):
    """`await sdk.volumes.<v>.writeFile(path, [text, String(value), ...].join(''))`: the
    legacy template literal, value for value (String() is what `${}` did)."""
    parts = []
    for part in write.parts:
        if isinstance(part, str):
            parts.append(V(part))
            continue
        value = R("legacy")
        for key in part:
            value = C("pick", value, V(key))
        parts.append(C("String", value))
    text = parts[0] if len(parts) == 1 and isinstance(write.parts[0], str) else \
        chain(e.arr(parts), ("join", [V("")]))
    volume = (R(f"sdk.volumes.{write.volume_id}") if re.fullmatch(r"[A-Za-z_$][\w$]*",
                                                                   write.volume_id)
              else e.raw(f"sdk.volumes[{ts_string(write.volume_id)}]"))
    return e.ExprStmt(e.await_(C(e.member(volume, "writeFile"), V(write.path), text)))


def metadata_expr(meta):
    return O([("name", V(meta.name)), ("description", V(meta.description)),
              ("warning", V(meta.warning)), ("allowedStatuses", V(meta.allowed_statuses)),
              ("group", V(meta.group)), ("visibility", V(meta.visibility))], True)
