"""Printed TypeScript is what prettier prints: one prettier (and node) process per test.

Each property test first collects a bounded number of hypothesis examples, writes them all
as files, runs the oracle once, and then reports the smallest failing example.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis.errors import HypothesisWarning
from hypothesis import strategies as st

from migrator.emit.typescript import expr as e
from migrator.emit.typescript.literals import _EXTRA, _START, ts_key
from tests import tsharness

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=list(HealthCheck))

# ------------------------------------------------------------------------ strategies

_HOSTILE = st.sampled_from(["'", '"', "\\", "`", "${x}", "*/", "\n", "\t", "\0", "\u2028",
                            "\u2029", "\ud800", "😀", "👨\u200d👩\u200d👧", "中文", "é", " ",
                            "a", "Z", "\u202e", "\x7f"])
# Characters assigned in Python's Unicode data: node's newer data may call an unassigned one a
# combining mark (width 0), which no fixed table here can know.
_ASSIGNED = st.characters(exclude_categories=("Cs", "Cn"))
_TEXT = st.one_of(st.text(_ASSIGNED, max_size=12), st.lists(_HOSTILE, max_size=10).map("".join),
                  st.text(alphabet="abc 'xyz\"", min_size=40, max_size=110))
_KEYS = st.one_of(st.from_regex(r"[a-zA-Z_$][a-zA-Z0-9_$]{0,12}", fullmatch=True), _TEXT,
                  st.sampled_from(["__proto__", "1", "01", "1.5", "constructor", "default",
                                   "a-b", "ünï", "ⸯ"]))
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**53, 2**53),
                     st.floats(allow_nan=False, allow_infinity=False), _TEXT)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(_KEYS, inner, max_size=6),
                            st.dictionaries(_KEYS, _SCALARS, min_size=8, max_size=16),
                            st.lists(st.integers(-999, 99999), min_size=5, max_size=30)),
    max_leaves=25)


@st.composite
def _value_exprs(draw):
    """A JSON-like value and its literal, some objects marked `expand`."""
    py = draw(_JSON)

    def build(v):
        if isinstance(v, dict):
            return e.obj([(k, build(x)) for k, x in v.items()], expand=draw(st.booleans()))
        if isinstance(v, list):
            return e.arr([build(x) for x in v])
        return e.value(v)

    return py, build(py)


_NAMES = st.sampled_from(["a", "x", "sdk", "effects", "input", "sub", "manifest", "StartSdk",
                          "$", "_", "configurationValueWithAVeryLongName", "anotherLongName"])
_CALLEES = st.sampled_from(["foo", "setupManifest", "sdk.setupMain", "sdk.Value.text",
                            "sdk.healthCheck.checkPortListening", "i18n", "z.object",
                            "a.b.c.d", "utils.getDefaultString", "sdk.SubContainer.of",
                            "StartSdk.of", "x.y", "longFunctionNameForTesting"])
_METHODS = st.sampled_from(["of", "addDaemon", "addHealthCheck", "read", "const", "map",
                            "withManifest", "build", "x", "setOptions", "catch", "Value"])
_LEAVES = st.one_of(_NAMES.map(e.ident), _NAMES.map(e.ident), _SCALARS.map(e.value),
                    st.text(alphabet="abcdefgh '", min_size=8, max_size=40).map(e.value),
                    st.just("undefined").map(e.raw))


def _extend(inner):
    args = st.lists(inner, max_size=4)
    stmts = st.lists(st.one_of(
        st.builds(lambda n, x: e.statement_const(n, x, export=False), _NAMES, inner),
        inner.map(e.ExprStmt), inner.map(e.Return), st.just(e.BLANK)), max_size=4)
    params = st.one_of(st.just([]), st.lists(_NAMES, min_size=1, max_size=3, unique=True),
                       st.lists(_NAMES, min_size=1, max_size=3, unique=True).map(lambda p: [p]))
    props = st.lists(st.tuples(_KEYS, inner), max_size=5, unique_by=lambda p: p[0])
    return st.one_of(
        st.builds(e.call, _CALLEES, args),
        st.builds(e.member_chain, _CALLEES, st.lists(st.tuples(_METHODS, args), min_size=1,
                                                       max_size=5)),
        st.builds(lambda ps, x: e.obj(ps, expand=x), props, st.booleans()),
        st.builds(e.arr, st.lists(inner, max_size=5)),
        st.builds(e.arrow, params, st.one_of(inner.filter(lambda b: not isinstance(b, e.Arrow)),
                                             stmts), st.booleans()),
        st.builds(e.await_, inner),
        st.builds(e.as_const, inner),
        st.builds(e.member, inner, _METHODS),
    )


_CODE = st.recursive(_LEAVES, _extend, max_leaves=30)


def _asyncify(node):
    """Make every arrow that directly contains `await` async (else it would not parse)."""
    if isinstance(node, (list, tuple)):
        return type(node)(_asyncify(x) for x in node)
    if not hasattr(node, "__dataclass_fields__"):
        return node
    fields = {k: _asyncify(getattr(node, k)) for k in node.__dataclass_fields__}
    if isinstance(node, e.Arrow) and _has_await(fields["body"]):
        fields["is_async"] = True
    return type(node)(**fields)


def _has_await(node) -> bool:
    if isinstance(node, e.Await):
        return True
    if isinstance(node, e.Arrow):
        return False
    if isinstance(node, (list, tuple)):
        return any(_has_await(x) for x in node)
    if hasattr(node, "__dataclass_fields__"):
        return any(_has_await(getattr(node, k)) for k in node.__dataclass_fields__)
    return False


def _module_without_top_level_await(stmts) -> str:
    # TypeScript's parser reads some top-level `(await x)` statements as calls of `await`
    if _has_await(stmts):
        raise ValueError("top-level await")
    return e.module(stmts)


@st.composite
def _programs(draw):
    imports = draw(st.lists(st.builds(e.Import, st.lists(_NAMES, min_size=1, max_size=6,
                                                         unique=True).map(tuple),
                                      st.sampled_from(["./sdk", "@start9labs/start-sdk"])),
                            max_size=2))
    body = draw(st.lists(st.one_of(
        st.builds(lambda n, x: e.statement_const(n, x), _NAMES, _CODE),
        _CODE.map(e.ExprStmt)), min_size=1, max_size=3))
    return _asyncify([*imports, e.BLANK, *body])


# --------------------------------------------------------------------------- oracle


def _collect(strategy, transform):
    found = []
    # large generated trees make hypothesis warn that their repr is expensive; it is unused
    warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)

    @SETTINGS
    @given(strategy)
    def run(example):
        try:
            found.append((example, transform(example)))
        except ValueError:  # a shape the printer refuses on purpose
            assume(False)

    run()
    return found


def _assert_prettier_stable(tmp_path: Path, texts: list[str]) -> None:
    files = []
    for i, text in enumerate(texts):
        f = tmp_path / f"case{i}.ts"
        f.write_text(text, encoding="utf-8")
        files.append(f)
    changed = tsharness.prettier_check(files)
    if changed:
        worst = min(changed, key=lambda f: len(f.read_text()))
        theirs = tsharness.node_json(_FORMAT, {"text": worst.read_text()})
        raise AssertionError(f"{len(changed)} of {len(files)} files are not prettier-clean; "
                             f"smallest:\n--- ours\n{worst.read_text()}--- prettier\n{theirs}")


_FORMAT = r"""
import fs from 'fs'
const [ws, input, output] = process.argv.slice(2)
const prettier = await import(ws + '/node_modules/prettier/index.mjs')
const options = JSON.parse(fs.readFileSync(ws + '/.prettierrc.json', 'utf8'))
const { text } = JSON.parse(fs.readFileSync(input, 'utf8'))
const formatted = await prettier.format(text, { ...options, parser: 'typescript' })
fs.writeFileSync(output, JSON.stringify(formatted))
"""

_IMPORT_ALL = r"""
import fs from 'fs'
import { pathToFileURL } from 'url'
const [, input, output] = process.argv.slice(2)
const out = []
for (const file of JSON.parse(fs.readFileSync(input, 'utf8'))) {
  out.push((await import(pathToFileURL(file).href)).x)
}
fs.writeFileSync(output, JSON.stringify(out))
"""


def _normal(v):
    """Compare as JavaScript sees values: UTF-16 strings (a surrogate pair is one character
    after the round trip) and numbers without an int/float distinction."""
    if isinstance(v, str):
        return v.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(v, dict):
        return {_normal(k): _normal(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_normal(x) for x in v]
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return v


# ---------------------------------------------------------------------------- tests


def test_values_are_prettier_stable_and_evaluate_to_themselves(tmp_path):
    tsharness.ensure_toolchain()
    cases = _collect(_value_exprs(), lambda pe: e.module([e.statement_const("x", pe[1])]))
    _assert_prettier_stable(tmp_path, [text for _, text in cases])
    scripts = []
    for i, (_, text) in enumerate(cases):
        scripts.append(tmp_path / f"value{i}.mjs")
        scripts[-1].write_text(text, encoding="utf-8")
    got = tsharness.node_json(_IMPORT_ALL, [str(s) for s in scripts])
    wrong = [(text, _first_difference(_normal(py), _normal(value)))
             for ((py, _), text), value in zip(cases, got) if _normal(value) != _normal(py)]
    assert not wrong, min(wrong, key=lambda w: len(w[0]))


def _first_difference(want, got, where="x"):
    if type(want) is not type(got):
        return f"{where}: want {want!r}, got {got!r}"
    if isinstance(want, dict):
        if set(want) != set(got):
            return f"{where}: keys {set(want) ^ set(got)!r} differ"
        return next(_first_difference(want[k], got[k], f"{where}[{k!r}]") for k in want
                    if want[k] != got[k])
    if isinstance(want, list) and len(want) == len(got):
        return next(_first_difference(a, b, f"{where}[{i}]")
                    for i, (a, b) in enumerate(zip(want, got)) if a != b)
    return f"{where}: want {want!r}, got {got!r}"


def test_code_shapes_are_prettier_stable(tmp_path):
    tsharness.ensure_toolchain()
    cases = _collect(_programs(), _module_without_top_level_await)
    assert len(cases) > 150
    _assert_prettier_stable(tmp_path, [text for _, text in cases])


def test_every_es5_identifier_character_is_a_valid_stable_key(tmp_path):
    """Characters of prettier's ES5 table, as a key start and as a later character."""
    tsharness.ensure_toolchain()
    # every range's ends and every third character between them (the whole table costs 3x)
    keys = [chr(c) for lo, hi in zip(*_START) for c in {*range(lo, hi + 1, 3), hi}]
    keys += ["a" + chr(c) for lo, hi in zip(*_EXTRA) for c in {*range(lo, hi + 1, 3), hi}]
    body = "".join(f"  {ts_key(k)}: 0,\n" for k in keys)
    text = f"export const x = {{\n{body}}}\n"
    _assert_prettier_stable(tmp_path, [text])
    (tmp_path / "keys.mjs").write_text(text, encoding="utf-8")
    got = tsharness.node_json(_IMPORT_ALL, [str(tmp_path / "keys.mjs")])
    assert sorted(got[0]) == sorted(keys)


# ------------------------------------------------------------ StartOS-shaped examples

effects, sub = e.ident("effects"), e.ident("sub")
V = e.value


def _main_ts():
    ready = e.obj([("display", V("Web Interface")), ("fn", e.arrow([], e.call(
        "sdk.healthCheck.checkPortListening", [effects, V(8080), e.obj([
            ("successMessage", V("The web interface is ready")),
            ("errorMessage", V("The web interface is not ready"))])])))])
    daemons = e.member_chain("sdk.Daemons", [
        ("of", [effects]),
        ("addOneshot", [V("chown"), e.obj([("subcontainer", sub), ("exec", e.obj([
            ("command", V(["chown", "-R", "1000:1000", "/data"])), ("user", V("root"))])),
            ("requires", V([]))])]),
        ("addDaemon", [V("primary"), e.obj([("subcontainer", sub), ("exec", e.obj([
            ("command", e.call("sdk.useEntrypoint"))])), ("ready", ready),
            ("requires", V(["chown"]))])]),
        ("addHealthCheck", [V("sync"), e.obj([("ready", e.obj([("display", V(None)), (
            "fn", e.arrow([], e.call("sdk.healthCheck.checkWebUrl", [
                effects, V("http://localhost:8080")])))])), ("requires", V(["primary"]))])]),
    ])
    body = [e.statement_const("sub", e.call("sdk.SubContainer.of", [
        effects, e.obj([("imageId", V("main"))]), e.ident("mounts"), V("main-sub")]), False),
            e.Return(daemons)]
    return [e.Import(("sdk",), "./sdk"), e.Import(("mounts",), "./utils"), e.BLANK,
            e.statement_const("main", e.call("sdk.setupMain", [
                e.arrow([["effects"]], body, is_async=True)]))]


MAIN_TS = """\
import { sdk } from './sdk'
import { mounts } from './utils'

export const main = sdk.setupMain(async ({ effects }) => {
  const sub = sdk.SubContainer.of(
    effects,
    { imageId: 'main' },
    mounts,
    'main-sub',
  )
  return sdk.Daemons.of(effects)
    .addOneshot('chown', {
      subcontainer: sub,
      exec: { command: ['chown', '-R', '1000:1000', '/data'], user: 'root' },
      requires: [],
    })
    .addDaemon('primary', {
      subcontainer: sub,
      exec: { command: sdk.useEntrypoint() },
      ready: {
        display: 'Web Interface',
        fn: () =>
          sdk.healthCheck.checkPortListening(effects, 8080, {
            successMessage: 'The web interface is ready',
            errorMessage: 'The web interface is not ready',
          }),
      },
      requires: ['chown'],
    })
    .addHealthCheck('sync', {
      ready: {
        display: null,
        fn: () => sdk.healthCheck.checkWebUrl(effects, 'http://localhost:8080'),
      },
      requires: ['primary'],
    })
})
"""


def _action_ts():
    meta = e.obj([("name", V("Configure")), ("description", V("Change the settings")),
                  ("warning", V(None)), ("allowedStatuses", V("any")), ("group", V(None)),
                  ("visibility", V("enabled"))])
    prefill = e.arrow([["effects"]], e.obj([("name", V("World"))]), is_async=True)
    run = e.arrow([["effects", "input"]], [e.ExprStmt(e.await_(e.call("configYaml.merge", [
        effects, e.obj([("name", e.member(e.ident("input"), "name"))])]))), e.Return(V(None))],
        is_async=True)
    return [e.statement_const("config", e.call("sdk.Action.withInput", [
        V("config"), meta, e.ident("inputSpec"), prefill, run]))]


ACTION_TS = """\
export const config = sdk.Action.withInput(
  'config',
  {
    name: 'Configure',
    description: 'Change the settings',
    warning: null,
    allowedStatuses: 'any',
    group: null,
    visibility: 'enabled',
  },
  inputSpec,
  async ({ effects }) => ({ name: 'World' }),
  async ({ effects, input }) => {
    await configYaml.merge(effects, { name: input.name })
    return null
  },
)
"""


def _others():
    """More StartOS shapes: each list is one file."""
    manifest = e.call("setupManifest", [e.obj([
        ("id", V("hello-world")), ("title", V("Hello World")), ("license", V("MIT")),
        ("description", e.obj(["short", "long"])), ("volumes", V(["main"])),
        ("images", e.obj([("main", e.obj([("source", e.obj([(
            "dockerTag", V("start9/hello-world:1.0.0"))])), ("arch", V(["x86_64", "aarch64"]))],
            expand=True))], expand=True)),
        ("hardwareRequirements", e.obj([("ram", V(2048))])), ("dependencies", e.obj([]))],
        expand=True)])
    sdk_ts = e.member_chain("StartSdk", [("of", []), ("withManifest", [e.ident("manifest")]),
                                         ("build", [V(True)])])
    dict_ts = e.as_const(e.obj([("Starting {{name}}!", V(0)), ("Web Interface", V(1)),
                                ("Name", V(2))], expand=True))
    translations = e.satisfies(e.obj([("es_ES", e.obj([("0", V("¡Iniciando {{name}}!")),
                                                        ("1", V("Interfaz web"))]))]),
                               "Record<string, LangDict>")
    deps = e.call("sdk.setupDependencies", [e.arrow([["effects"]], e.obj([("bitcoind", e.obj([
        ("kind", V("running")), ("versionRange", V(">=28.4:17")),
        ("healthChecks", V(["bitcoind", "sync-progress"]))]))]), is_async=True)])
    backups = e.call("sdk.setupBackups", [e.arrow([], e.member_chain(
        "sdk.Backups", [("ofVolumes", [V("main")]), ("setOptions", [e.obj([("exclude", V([
            "cache", "logs/*"]))])])]), is_async=True)])
    init = e.call("sdk.setupInit", [e.ident(n) for n in (
        "restoreInit", "versionGraph", "setInterfaces", "setDependencies", "actions")])
    return [
        [e.Import(("setupManifest",), "@start9labs/start-sdk"), e.Import(("long", "short"),
                                                                          "./i18n"),
         e.BLANK, e.comment("s9pk.mk reads the id */ from the next line"),
         e.statement_const("manifest", manifest)],
        [e.statement_const("sdk", sdk_ts)],
        [e.statement_const("DEFAULT_LANG", V("en_US")), e.BLANK,
         e.statement_const("dict", dict_ts, export=False), e.BLANK,
         e.RawStmt("export type I18nKey = keyof typeof dict"), e.ExportDefault(e.ident("dict"))],
        [e.Import(("LangDict",), "./default", type_only=True), e.BLANK,
         e.ExportDefault(translations)],
        [e.statement_const("setDependencies", deps)],
        [e.statement_const("backups", backups, export=False),
         e.ExportNames(("createBackup", "restoreInit"), "./backups")],
        [e.statement_const("init", init), e.statement_const("uninit", e.call(
            "sdk.setupUninit", [e.ident("versionGraph")]))],
        [e.statement_const("cfg", e.await_(e.member_chain("configYaml", [
            ("read", []), ("const", [effects])])), False),
         e.statement_const("mounts", e.member_chain("sdk.Mounts", [("of", []), ("mountVolume", [
             e.obj([("volumeId", V("main")), ("subpath", V(None)), ("mountpoint", V("/data")),
                    ("readonly", V(False))])])]))],
    ]


def _edge_shapes():
    """Shapes the random programs rarely reach: import/export lists, comments, type
    annotations, first-argument hugging, hook-style and curried calls, parenthesised bases,
    break-after-operator values, number fills, function-composition arguments."""
    long_text = "A very long description string that will not fit on one line at all, really"
    return [
        [e.Import(tuple(f"name{i}" for i in range(12)), "@start9labs/start-sdk"),
         e.Import(("a",), "./a", default="D"), e.ExportNames(("a", "b", "c"), "./x"),
         e.ExportNames(tuple(f"exportedName{i}" for i in range(8))),
         e.Import((), "./side-effect"), e.Import(("T",), "./types", type_only=True)],
        [e.statement_const("o", e.obj([e.Prop("a", V(1), comment="first */ comment"),
                                       e.Prop("b", V("two")), e.Prop("c")]))],
        # TODO comments: several above a property, after the last one, alone in an object
        [e.statement_const("spec", e.call("InputSpec.of", [e.obj([
            e.Prop("a", e.call("Value.text", [e.obj([("name", V("A"))])]),
                   comment=("TODO(migrate): one", "TODO(migrate): two */ x")),
        ], True, ("TODO(migrate): a field the form lacks",))])),
         e.statement_const("empty", e.call("InputSpec.of", [e.obj(
             [], trailing=("TODO(migrate): the spec is an expression", "second"))])),
         e.statement_const("two", e.call("f", [V(1), e.obj([], trailing=("c",))])),
         e.statement_const("bare", e.obj([], trailing=("c",)), export=False),
         e.statement_const("short", e.obj([("a", V(1))], trailing=("c",)), export=False)],
        [e.statement_const("deps", e.obj([]), export=False,
                           type_text="T.CurrentDependenciesResult<any>")],
        [e.ExprStmt(e.call("setTimeout", [e.arrow([], [e.ExprStmt(e.call("foo"))]), V(500)]))],
        [e.ExprStmt(e.call("useEffect", [e.arrow([], [e.ExprStmt(e.call("foo"))]), V([])]))],
        [e.ExprStmt(e.call(e.call("curried", [V(1), V(2)]), [V(3)]))],
        [e.statement_const("f", e.arrow(["a", ["b", "c"]], e.call("g", [e.ident("a")])))],
        [e.statement_const("r", e.call(e.member(e.await_(e.call("sub.exec", [V(["ls"])])),
                                                "stdout")), export=False)],
        [e.statement_const("n", e.call(e.member(V(-1), "toFixed"), [V(2)]), export=False)],
        [e.statement_const("desc", e.obj([("description", V(long_text))]))],
        [e.statement_const("s", V(long_text + " yes"))],
        [e.statement_const("v", e.path("sdk.volumes.main.aVeryLongPropertyNameThatGoesOnAndOn"
                                       "AndOnForeverAndEver.more"))],
        [e.ExprStmt(e.await_(e.call("sdk.action.createOwnTask", [
            effects, e.ident("config"), V("critical"), e.obj([
                ("reason", V("Configure the service before the first start please")),
                ("input", e.obj([("kind", V("partial")), ("accept", V([])),
                                 ("set", e.obj([("name", V("x"))]))]))])])))],
        [e.ExprStmt(e.call("foo", [e.arrow([["effects"]], e.call("bar", [effects, V("x" * 50)]),
                                           True)]))],
        [e.statement_const("x", e.as_const(V(["a", "b"]))),
         e.ExprStmt(e.member(e.as_const(e.obj([("a", V(1))])), "x")),
         e.statement_const("f", e.arrow([], e.member(e.as_const(e.obj([])), "x")))],
        [e.ExportDefault(e.obj([("a", V(1))], expand=True))],
        [e.statement_const("list", V([{"a": 1, "b": 2}, {"a": 3, "b": 4}]))],
        [e.statement_const("nums", V(list(range(0, 4000, 97)))),
         e.statement_const("y", e.call("f", [V(1), V(list(range(30)))]))],
        [e.ExprStmt(e.call("f", [e.arrow([], e.call("g")), e.arrow([], e.call("h"))])),
         e.ExprStmt(e.call("f", [V(1), e.call("g", [e.arrow([], e.call("h"))])]))],
        [e.statement_const("x", e.await_(e.member_chain("configYaml", [
            ("read", [e.arrow([["c"]], e.member(e.ident("c"), "name"))]),
            ("const", [effects])])), export=False),
         e.RawStmt("export type I18nKey = keyof typeof dict")],
        [e.statement_const("f", e.arrow([], [e.statement_const("r", e.await_(e.call(e.member(
            e.await_(e.call("fn", [V("a" * 45)])), "method"), [V("more")])), export=False)],
            is_async=True))],
    ]


def test_startos_shapes_print_as_prettier_prints_them(tmp_path):
    tsharness.ensure_toolchain()
    assert e.module(_main_ts()) == MAIN_TS
    assert e.module(_action_ts()) == ACTION_TS
    texts = [MAIN_TS, ACTION_TS, *(e.module(stmts) for stmts in _others() + _edge_shapes())]
    assert "s9pk.mk reads the id * / from" in texts[2]  # a comment cannot be closed early
    _assert_prettier_stable(tmp_path, texts)


def _chain_with_object():
    return [e.ExprStmt(e.member_chain("items", [
        ("filter", [e.ident("x")]), ("map", [e.ident("y")]),
        ("reduce", [e.obj([("first", V("a fairly long string value")),
                           ("second", V("another fairly long string"))])])]))]


CHAIN_ONE_PASS = """\
items
  .filter(x)
  .map(y)
  .reduce({
    first: 'a fairly long string value',
    second: 'another fairly long string',
  })
"""
CHAIN_FIXPOINT = """\
items.filter(x).map(y).reduce({
  first: 'a fairly long string value',
  second: 'another fairly long string',
})
"""


def test_object_expansion_reaches_prettiers_fixpoint(tmp_path):
    """Laid out once, the object breaks for lack of room; prettier re-reading that output
    keeps it broken (objectWrap "preserve"), which lets the chain hug it. `module` prints
    until the broken objects stop changing, so only the second form is emitted."""
    tsharness.ensure_toolchain()
    from migrator.emit.typescript import doc as d

    once, broken = d.render_tracked(e._program_doc(_chain_with_object(), frozenset()))
    assert once == CHAIN_ONE_PASS and len(broken) == 1
    assert e.module(_chain_with_object()) == CHAIN_FIXPOINT
    files = [tmp_path / "once.ts", tmp_path / "fixpoint.ts"]
    files[0].write_text(CHAIN_ONE_PASS)
    files[1].write_text(CHAIN_FIXPOINT)
    assert tsharness.prettier_check(files) == [files[0]]
