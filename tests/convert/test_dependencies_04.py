"""Generated dependencies.ts/main.ts against the real 0.4 packages, on our fixtures and on
every corpus `last` snapshot (figures in the assertions: see the deps report of issue 10)."""

from __future__ import annotations

import collections
import re

import pytest

from migrator.lower import dep04

CREATE_TASK = re.compile(r"sdk\.action\.createTask\(\s*effects,\s*'([^']+)',\s*(\w+),\s*'(\w+)'")
STUB = re.compile(r"const (\w+) = \{\s*id: '([^']+)',?\s*\} as DependencyAction<'([^']+)'>")


def _file(converted, path: str) -> str:
    return (converted.out / path).read_text(encoding="utf-8")


def _tasks(converted) -> list[tuple[str, str, str]]:
    """(dependency, action id, severity) of every createTask in dependencies.ts."""
    text = _file(converted, "startos/dependencies.ts")
    stubs = {name: action for name, action, typed in STUB.findall(text)}
    return [(dep, stubs[stub], sev) for dep, stub, sev in CREATE_TASK.findall(text)]


def _listed(dep_id: str, action: str) -> bool:
    pkg = dep04.package(dep_id)
    return pkg is not None and action in pkg.actions


def test_fixture_tasks_target_real_actions_once_each(converted_fixtures):
    by_name = {c.name: c for c in converted_fixtures}
    tasks = _tasks(by_name["dep-lightning-tasks"])
    assert tasks == [("bitcoind", "autoconfig", "critical"), ("lnd", "autoconfig", "critical")]
    text = _file(by_name["dep-lightning-tasks"], "startos/dependencies.ts")
    assert "set: { txindex: true, prune: 0, zmqEnabled: true }" in text
    assert "healthChecks: ['lightningd', 'check-synced']" in text
    assert "await whileUsed(holds(lndCondition" in text  # lnd is opt-in: task only when used
    main = _file(by_name["dep-lightning-tasks"], "startos/main.ts")
    assert re.search(r"dependencyId: 'c-lightning',\s*volumeId: 'main',\s*subpath: 'bitcoin'",
                     main)
    assert "TODO(migrate): `lnd` volume `main` path `/public`" in main


def test_no_fixture_task_guesses_an_action(converted_fixtures):
    for converted in converted_fixtures:
        for dep, action, _ in _tasks(converted):
            assert _listed(dep, action), (converted.name, dep, action)
        keys = [(d, a) for d, a, _ in _tasks(converted)]
        assert len(keys) == len(set(keys)), converted.name  # replay key <dep>:<action> unique


def test_rpc_proxy_fixture_todos(converted_fixtures):
    [c] = [c for c in converted_fixtures if c.name == "dep-rpc-proxy"]
    text = _file(c, "startos/dependencies.ts")
    assert _tasks(c) == []
    assert "'btc-rpc-proxy'" not in text.split("setupDependencies")[1]  # folded into bitcoind
    assert "0.4: the 0.4 equivalent is a task on bitcoind `generate-rpc-dependent`" in text
    assert "// TODO(migrate): `fancy-indexer` is not in the 0.4 dependency table" in text
    assert "healthChecks: ['webui']" in text  # legacy web-ui; synced has no 0.4 equivalent
    report = _file(c, "MIGRATION.md")
    assert "| rule `rpc.enable?` | on `bitcoind`: always on in 0.4" in report


@pytest.mark.corpus
def test_corpus_dependency_figures(converted_corpus):
    figures = collections.Counter()
    for converted in converted_corpus:
        pkg = converted.result.package
        for row in pkg.migration:
            if row.construct.startswith("rule `"):
                figures[f"rules {row.status}"] += 1
        for dep in pkg.dependencies:
            figures["dependencies"] += 1
            figures["with healthChecks"] += bool(dep.health_checks)
        for dep, action, _ in _tasks(converted):
            figures["tasks"] += 1
            assert _listed(dep, action), (converted.name, dep, action)
    # Before: 2 tasks on a guessed `config` action, 38 rule TODOs, no healthChecks at all.
    # After: bitcoind rpc.enable (2) and btc-rpc-proxy allowed-calls (36) are dropped as
    # always on / no allow-list; the two btc-rpc-proxy users rules are TODOs.
    assert figures == {"rules not-applicable": 38, "rules todo": 2, "dependencies": 88,
                       "with healthChecks": 84}
