"""Issue 10, config slice: what the SDK model says about a fresh save, pointers, the
needs-config task, the version graph, list-of-union defaults and masked textareas."""

from __future__ import annotations

import pytest

from migrator.convert import build
from migrator.emit.typescript import code_config
from migrator.emit.typescript.render import module, const
from migrator.lower.pointers import computed_pointer, describe
from migrator.sdk import config_file as cf
from migrator.sdk.inputspec import TextValue, build_json
from tests.conftest import WRAPPERS
from tests.lower.test_config_spec import field, lower, lowering_codes, notes
from tests.sdk.node_check.render_js import build_with_sdk


@pytest.fixture(scope="module")
def own():
    result = build(WRAPPERS / "cfg-own-addresses")
    assert result.ok
    return result


@pytest.fixture(scope="module")
def form():
    result = build(WRAPPERS / "cfg-form-data")
    assert result.ok
    return result


def _text(result, path: str) -> str:
    return next(f.content.decode() for f in result.files if f.path == path)


def _schema_expr(f) -> str:
    zod = code_config.ZodSchema()
    return module([const("x", zod.field(f, "x"), False)]).strip()


# -- 1. a fresh save: every key of the file model accepts a missing value --------------------

def test_pointer_and_opaque_keys_are_optional():
    assert _schema_expr(cf.Opaque("pointer")) == "const x = z.unknown().optional()"


def test_no_required_unknown_key_in_the_file_model(own, form):
    for result in (own, form):
        text = _text(result, "startos/fileModels/config.yaml.ts")
        assert "z.unknown()," not in text and "z.unknown()\n" not in text
    assert "'tor-address': z.unknown().optional()," in _text(
        own, "startos/fileModels/config.yaml.ts")


def test_a_missing_union_is_its_whole_legacy_default(own):
    schema = dict(own.package.config.file_schema.fields)
    assert schema["peer"] == cf.FlatUnion("type", ("none", "peerd"), "none", {"type": "none"})
    text = _text(own, "startos/fileModels/config.yaml.ts")
    assert "peer: peerShape.catch(() => peerShape.parse({ type: 'none' }))," in text
    assert "const peerShape = z.looseObject({" in text


# -- 2. needs-config --------------------------------------------------------------------------

def test_needs_config_is_critical_even_when_every_field_has_a_default(own):
    # every form field of cfg-own-addresses has a default: 0.3 still said "Needs Config"
    assert own.package.config.needs_config.severity == "critical"
    assert "createOwnTask(effects, config, 'critical'" in _text(
        own, "startos/init/needsConfig.ts")


# -- 3. own-address pointers --------------------------------------------------------------------

def _pointer(result, where: str):
    return next(p for p in result.package.config.pointers
                if ".".join(str(k) if k is not None else "*" for k in p.path) == where)


@pytest.mark.parametrize("where,how", [
    ("tor-address", "own-address"), ("lan-address", "own-address"),
    ("rpc.onion", "own-address"), ("mirrors.*.address", "own-address"),
    ("peer.host", "dependency-host"), ("admin-address", None),
])
def test_which_pointers_are_computed(own, where, how):
    ports = {h.id for h in own.package.hosts if h.bindings}
    assert computed_pointer(_pointer(own, where), "cfg-own-addresses", ports) == how


def test_own_addresses_are_translated_and_the_portless_one_is_a_todo(own):
    rows = {r.construct: r for r in own.package.migration}
    assert rows["config `tor-address`"].status == "translated"
    assert "onion address of host `main` when it has one" in rows["config `tor-address`"].note
    assert rows["config `mirrors.spec.spec.address`"].status == "translated"
    assert rows["config `admin-address`"].status == "todo"
    status, _ = describe(_pointer(own, "admin-address"), None, "cfg-own-addresses")
    assert status == "todo"


def test_with_pointers_sets_own_addresses_and_keeps_a_todo_for_the_rest(own):
    text = _text(own, "startos/fileModels/config.yaml.ts")
    assert "setPointer(config, ['tor-address'], ownAddress(mainAddresses, [8080], 'tor'))" in text
    # read through a map, so the SDK compares plain addresses (see utils.ts ownAddresses)
    assert ".getOwn(effects, 'main', ownAddresses)" in text
    assert "['peer', { tag: 'type', variant: 'peerd' }, 'host']," in text
    assert "['mirrors', null, 'address']," in text
    assert text.count("TODO(migrate): pointer") == 1  # admin-address, no port
    action = _text(own, "startos/actions/config.ts")
    assert "await withPointers(effects, toLegacy(shape, input, previous))" in action
    assert "await refreshPointers(effects)" in _text(own, "startos/versions/current.ts")
    assert "sdk.setupOnInit(refreshPointers)," in _text(own, "startos/init/index.ts")


# -- 4. versions -------------------------------------------------------------------------------

def test_upgrades_are_accepted_from_every_older_version(own):
    graph = own.package.versions
    assert graph.can_migrate_from() == "<=0.3.1:3"
    assert own.package.to_json()["manifest"]["canMigrateFrom"] == "<=0.3.1:3"
    assert "other: []," in _text(own, "startos/versions/index.ts")
    assert not any(f.path.startswith("startos/versions/v") for f in own.files)


def test_a_new_version_below_the_legacy_one_is_reported():
    result = build(WRAPPERS / "cfg-own-addresses", version="0.3.1:1")
    assert [d.code for d in result.diagnostics if d.code == "L643"] == ["L643"]


# -- 5. list-of-union defaults ------------------------------------------------------------------

def test_list_of_unions_default_is_legacy_shaped(form):
    nodes = dict(form.package.config.file_schema.fields)["nodes"]
    assert nodes == cf.Items((
        {"type": "lnd", "macaroon": None, "password": cf.Entropy("a-f,0-9", 16)},
        {"type": "cln", "connection": {"kind": "internal", "port": 9735}},
    ))
    text = _text(form, "startos/fileModels/config.yaml.ts")
    assert "nodes: z.array(z.unknown()).catch(() => [" in text
    assert "password: utils.getDefaultString({ charset: 'a-f,0-9', len: 16 })," in text


def test_hello_nodes_default_names_no_variant_id():
    result = build(WRAPPERS / "hello-v03")
    nodes = dict(result.package.config.file_schema.fields)["nodes"]
    assert nodes.default == ({"type": "lnd", "macaroon": None},)


# -- 6. masked textarea -------------------------------------------------------------------------

def test_masked_textarea_becomes_a_masked_text_field():
    lowered, diags = lower("""
        key:
          type: string
          name: Key
          nullable: false
          textarea: true
          masked: true
    """)
    assert field(lowered, "key") == TextValue("Key", required=True, default=None, masked=True)
    assert lowering_codes(diags) == ["L613"]
    assert any("masked one-line text field" in m for m in notes(lowered, "translated"))


def test_masked_textarea_json_matches_the_sdk(tmp_path, form):
    spec = form.package.config.input_spec
    built = build_with_sdk({"form": spec}, tmp_path)["form"]
    assert build_json(spec) == built
    assert built["private-key"]["type"] == "text" and built["private-key"]["masked"] is True
