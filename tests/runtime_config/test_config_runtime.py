"""The config life cycle of generated projects, run in node with a small fake `effects`
(volumes in a temporary sandbox, hosts with known addresses): a fresh install saves its
config (no ZodError on pointer keys), writes its own addresses into start9/config.yaml,
the saved file prefills a valid form, and an upgrade from an old legacy version finds a
migration path (the SDK's own VersionGraph) and refreshes stale addresses."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from migrator.convert import convert
from tests import tsharness
from tests.conftest import WRAPPERS

SCRIPT = Path(__file__).with_name("config_run.cjs")
CASES = {
    # fixture: (hosts with their ports and whether Tor is on, stale keys, legacy version,
    #           values of the legacy file before the upgrade)
    "cfg-own-addresses": ({"main": {"ports": [8080], "onion": True},
                           "rpc": {"ports": [8332], "onion": False}},
                          ["tor-address", "lan-address"], "0.3.1:2",
                          {"peer": {"type": "peerd", "port": 9001},
                           "mirrors": [{"label": "a"}, {"label": "b", "address": "old"}]}),
    "cfg-form-data": ({"main": {"ports": [8080], "onion": False}}, [], "2.0.0:0", {}),
    "hello-v03": ({"main": {"ports": [8080], "onion": True}},
                  ["tor-address", "lan-address"], "1.4.2:3", {}),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tsharness.ensure_toolchain()
    root = tmp_path_factory.mktemp("config-run")
    projects = {}
    for name in CASES:
        result = convert(WRAPPERS / name, root / "src" / name)
        assert result.ok, [d.headline() for d in result.diagnostics]
        projects[name] = (root / "src" / name).resolve()
    built = tsharness.compile_commonjs(list(projects.values()), root / "build")
    items = []
    for name, (hosts, stale, legacy, values) in CASES.items():
        sandbox = root / "sandbox" / name
        sandbox.mkdir(parents=True)
        items.append({"built": str(built[projects[name]]), "sandbox": str(sandbox),
                      "hosts": hosts, "stale": stale, "from": "0.0.1:0", "legacy": legacy,
                      "legacyValues": values})
    (root / "in.json").write_text(json.dumps(items))
    proc = subprocess.run(["node", str(SCRIPT), str(root / "in.json"), str(root / "out.json")],
                          capture_output=True, text=True, env=tsharness.node_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads((root / "out.json").read_text())
    return {name: out[item["built"]] for name, item in zip(CASES, items)}


@pytest.mark.parametrize("name", list(CASES))
def test_fresh_install_saves_its_config(runs, name):
    run = runs[name]
    assert "error" not in run, run.get("error")
    assert run["fresh"] and run["saved"]
    assert run["prefillValid"] is True


def test_own_addresses_are_written_on_save(runs):
    fresh = runs["cfg-own-addresses"]["fresh"]
    assert fresh["tor-address"] == "mainonion.onion"  # the host has an onion address
    assert fresh["lan-address"] == "main-host.local"
    assert fresh["rpc"] == {"enabled": True, "onion": "rpc-host.local"}  # no onion: mDNS
    assert "admin-address" not in fresh  # binds no port: a TODO, never a guess
    assert fresh["peer"] == {"type": "none"}  # the variant without the pointer
    hello = runs["hello-v03"]["fresh"]
    assert hello["tor-address"] == "mainonion.onion"
    assert hello["bitcoind-address"] == "bitcoind.startos"


def test_pointers_follow_the_selected_variant_and_list_items(runs):
    upgraded = runs["cfg-own-addresses"]["upgraded"]
    assert upgraded["peer"] == {"type": "peerd", "port": 9001, "host": "peerd.startos"}
    assert upgraded["mirrors"] == [{"label": "a", "address": "main-host.local"},
                                   {"label": "b", "address": "main-host.local"}]


def test_upgrade_from_an_old_legacy_version_refreshes_addresses(runs):
    for name in ("cfg-own-addresses", "hello-v03"):
        run = runs[name]
        assert run["fromOld"] is True and run["fromLegacy"] is True
        assert run["upgraded"]["tor-address"] == "mainonion.onion"
        assert run["upgraded"]["lan-address"] == "main-host.local"
        assert run["dataVersion"] == run["manifestCanMigrateFrom"].removeprefix("<=")


def test_list_of_unions_default_is_legacy_shaped(runs):
    run = runs["cfg-form-data"]
    nodes = run["fresh"]["nodes"]
    assert [n["type"] for n in nodes] == ["lnd", "cln"]
    assert nodes[1]["connection"] == {"kind": "internal", "port": 9735}
    assert len(nodes[0]["password"]) == 16 and nodes[0]["macaroon"] is None
    # the form shape of the default: {type: {selection, value}} per item
    form = run["formDefaults"]["nodes"]
    assert form[1] == {"type": {"selection": "cln", "value": {
        "connection": {"selection": "internal", "value": {"port": 9735}}}}}
