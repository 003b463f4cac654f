"""Dependency rules, health checks, floors and mounts against the real 0.4 packages
(migrator/lower/dep04.py + data/dependencies_04.json, from shared/spec/dependencies-0.4)."""

from __future__ import annotations

import shutil

from migrator.convert import build
from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.ir.manifest import Volume
from migrator.ir.origin import Origin
from migrator.ir.rulefile import PushSuggestion, RuleEntry, RuleFile, RuleText, SetSuggestion
from migrator.lower import dep04
from migrator.lower.context import Lowering
from migrator.lower.dep04_mounts import dependency_mount
from migrator.lower.rules import lower_dependency_rules, merge_tasks
from migrator.rules import parse_reference, parse_rule
from tests.conftest import WRAPPERS

AT = Origin(Location("rules.yaml", 1, 1), KeyPath())


def _set(var: str, value) -> SetSuggestion:
    return SetSuggestion(RuleText(var, parse_reference(var), AT), AT, to_value=value,
                         has_to_value=True)


def _push(to: str, value) -> PushSuggestion:
    return PushSuggestion(RuleText(to, parse_reference(to), AT), value, AT)


def _entry(rule: str, *suggestions, description: str = "why") -> RuleEntry:
    return RuleEntry(RuleText(rule, parse_rule(rule), AT), description, tuple(suggestions), AT,
                     True)


def _lower(dep_id: str, *entries):
    lw = Lowering(None, Diagnostics())  # the rule path reads no IR beyond the entries
    parts, todos = lower_dependency_rules(lw, dep_id, RuleFile("dependency", "rules.yaml",
                                                               tuple(entries), AT, dep_id))
    tasks, conflicts = merge_tasks(lw, parts)
    return tasks, todos + list(conflicts), lw


def _status(lw, rule: str) -> str:
    [row] = [r for r in lw.rows if r.construct == f"rule `{rule}`"]
    return row.status


def test_rpc_enable_is_dropped_as_always_on():
    tasks, todos, lw = _lower("bitcoind", _entry("rpc.enable?", _set("rpc.enable", True)))
    assert (tasks, todos) == ((), [])
    assert _status(lw, "rpc.enable?") == "not-applicable"
    assert "always on in 0.4" in lw.rows[0].note


def test_txindex_zmq_and_pruning_merge_into_one_autoconfig_task():
    tasks, todos, lw = _lower(
        "bitcoind",
        _entry("txindex?", _set("txindex", True), description="txindex on"),
        _entry("zmq-enabled?", _set("zmq-enabled", True), description="zmq on"),
        _entry("'advanced.pruning.mode = \"disabled\"", description="no pruning"))
    assert todos == []
    [task] = tasks
    assert (task.dependency_id, task.action_id, task.severity) == ("bitcoind", "autoconfig",
                                                                    "critical")
    assert task.accept == {"txindex": True, "prune": 0, "zmqEnabled": True}
    # {prune: null} satisfies "no pruning" alone, not together with txindex (prune: 0)
    assert task.accepts == ({"txindex": True, "prune": 0, "zmqEnabled": True},)
    assert task.description == "txindex on; zmq on; no pruning"
    assert {r.status for r in lw.rows} == {"translated"}


def test_pruning_alone_accepts_an_unpruned_node_without_a_prune_key():
    [task], _, _ = _lower("bitcoind", _entry("'advanced.pruning.mode = \"disabled\"",
                                             _set("advanced.pruning.mode", "disabled")))
    assert (task.accept, task.accepts) == ({"prune": 0}, ({"prune": 0}, {"prune": None}))


def test_lnd_accept_keysend_is_an_lnd_autoconfig_task():
    [task], todos, _ = _lower("lnd", _entry("accept-keysend?", _set("accept-keysend", True)))
    assert todos == []
    assert (task.dependency_id, task.action_id, task.accept) == (
        "lnd", "autoconfig", {"accept-keysend": True})


def test_btc_rpc_proxy_user_rule_is_a_todo_on_bitcoind_generate_rpc_dependent():
    user = "'users.*.name = \"relay\""
    calls = "'users.[first(item => 'item.name = \"relay\")].allowed-calls.* = \"getblock\""
    tasks, todos, lw = _lower(
        "btc-rpc-proxy",
        _entry(user, _push("users", {"name": "relay", "allowed-calls": []})),
        _entry(calls, _push("users.[first(item => 'item.name = \"relay\")].allowed-calls",
                            "getblock")))
    assert tasks == ()
    [todo] = todos
    assert "bitcoind `generate-rpc-dependent` {username: 'relay'" in todo.hint
    assert _status(lw, user) == "todo"
    assert _status(lw, calls) == "not-applicable"  # no per-call allow-list in 0.4
    assert dep04.target_of("btc-rpc-proxy") == "bitcoind"


def test_unknown_dependency_or_key_is_a_todo_never_a_guessed_action():
    tasks, todos, lw = _lower("fancy-indexer", _entry("index-all?", _set("index-all", True)))
    assert tasks == () and len(todos) == 1
    tasks, todos, lw = _lower("bitcoind", _entry("dbcache-huge?", _set("dbcache-huge", True)))
    assert tasks == () and len(todos) == 1
    assert _status(lw, "dbcache-huge?") == "todo"
    assert any(d.code == "L668" for d in lw.diags)


def test_keys_are_matched_on_parsed_paths_not_text():
    # another package's key (`[bitcoind].txindex`) is not the dependency's own `txindex`
    tasks, todos, _ = _lower("bitcoind", _entry("[bitcoind].txindex?"))
    assert tasks == () and len(todos) == 1
    # a condition-only rule is read from its parse: `'txindex` as a string is not `txindex?`
    [task], _, _ = _lower("bitcoind", _entry("txindex? AND zmq-enabled?"))
    assert task.accept == {"txindex": True, "prune": 0, "zmqEnabled": True}


def test_threads_at_most_four_always_hold_more_need_a_task():
    tasks, todos, lw = _lower("bitcoind", _entry("#rpc.advanced.threads > 3",
                                                 _set("rpc.advanced.threads", 4)))
    assert (tasks, todos) == ((), [])
    [task], _, _ = _lower("bitcoind", _entry("#rpc.advanced.threads > 7",
                                             _set("rpc.advanced.threads", 8)))
    assert (task.action_id, task.accept) == ("autoconfig", {"rpcthreads": 8})


def test_c_lightning_rest_plugin_has_no_equivalent():
    tasks, [todo], _ = _lower("c-lightning", _entry("advanced.plugins.rest?",
                                                    _set("advanced.plugins.rest", True)))
    assert tasks == () and "CLNRest" in todo.hint
    [task], _, _ = _lower("c-lightning", _entry("advanced.clams-remote-websocket?",
                                                _set("advanced.clams-remote-websocket", True)))
    assert (task.action_id, task.accept) == ("config", {"clams-remote-websocket": True})


def test_health_checks_are_translated_or_defaulted():
    assert dep04.translate_health("bitcoind", ("rpc",)) == (("bitcoind",), ())
    assert dep04.translate_health("lnd", ("synced",)) == (("lnd", "sync-progress"), ())
    assert dep04.translate_health("electrs", ()) == (("electrs", "sync"), ())
    ids, [(gone, _)] = dep04.translate_health("mempool", ("web-ui", "synced"))
    assert (ids, gone) == (("webui",), "synced")


def _volume(package: str, volume: str, path: str) -> Volume:
    return Volume("v", "pointer", AT, package, volume, path, True)


def test_pointer_volumes_mount_the_04_volume_and_subpath():
    cln = dependency_mount(_volume("c-lightning", "main", "/shared"), "/mnt/cln")
    assert (cln.volume_id, cln.subpath, cln.todo) == ("main", "bitcoin", None)
    files = dependency_mount(_volume("filebrowser", "main", "/data"), "/mnt/files")
    assert (files.volume_id, files.subpath, files.todo) == ("data", None, None)
    lnd = dependency_mount(_volume("lnd", "main", "/public"), "/mnt/lnd")
    assert (lnd.volume_id, lnd.subpath) == ("main", None)
    assert "data/chain/bitcoin/mainnet" in lnd.todo.text  # the macaroons moved
    other = dependency_mount(_volume("bitcoind", "main", "/start9"), "/mnt/b")
    assert (other.volume_id, other.subpath) == ("main", "/start9") and other.todo is not None


def test_fixture_uses_the_04_floor_and_ids():
    pkg = build(WRAPPERS / "dep-lightning-tasks").package
    deps = {d.id: d for d in pkg.dependencies}
    assert deps["bitcoind"].version_range.startswith("(>=28.4:17 && <29)")
    assert deps["lnd"].version_range == ">=0.21.1-beta:4"
    assert deps["lnd"].health_checks == ("lnd", "sync-progress")
    assert deps["c-lightning"].health_checks == ("lightningd", "check-synced")
    assert [(t.dependency_id, t.action_id) for t in pkg.dependency_tasks] == [
        ("bitcoind", "autoconfig"), ("lnd", "autoconfig")]


def test_btc_rpc_proxy_alone_becomes_a_bitcoind_dependency(tmp_path):
    wrapper = tmp_path / "w"
    shutil.copytree(WRAPPERS / "dep-rpc-proxy", wrapper)
    manifest = (wrapper / "manifest.yaml").read_text()
    start, end = manifest.index("  bitcoind:\n"), manifest.index("  btc-rpc-proxy:\n")
    (wrapper / "manifest.yaml").write_text(manifest[:start] + manifest[end:])
    (wrapper / "assets/compat/bitcoind_rules.yaml").unlink()
    pkg = build(wrapper).package
    ids = [d.id for d in pkg.dependencies]
    assert "btc-rpc-proxy" not in ids and "bitcoind" in ids
    assert [d.id for d in pkg.manifest.dependencies].count("bitcoind") == 1
    [bitcoind] = [d for d in pkg.dependencies if d.id == "bitcoind"]
    assert bitcoind.health_checks == ("bitcoind",)  # the proxy exists only on pruned nodes
