"""--typecheck: batched tsc runs over generated projects, errors mapped to their project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.batch import hooks
from tests.batch.conftest import Sink

from migrator.batch import BatchOptions, run_batch
from migrator.batch.typecheck import ToolchainError, install_workspace, workspace_at

WORKSPACE = Path(__file__).resolve().parents[1] / "typescript"


def test_typecheck_passes_and_fails_per_project(inputs, tmp_path):
    if shutil.which("node") is None or not (WORKSPACE / "node_modules").is_dir():
        pytest.skip("node or tests/typescript/node_modules is missing (npm ci there)")
    for name in ("hello-toml", "rt-health"):
        shutil.rmtree(inputs / name)  # three projects are enough: one tsc run
    (inputs / "bad").mkdir()
    (inputs / "bad" / "manifest.yaml").write_text("id: [\n")
    result = run_batch(BatchOptions(out=tmp_path / "out", directories=(inputs,), jobs=1,
                                    typecheck=True, npm_workspace=WORKSPACE,
                                    converter=hooks.type_error_in_hello_json,
                                    progress=Sink()))
    rows = {r["name"]: r["typecheck"] for r in result.report["wrappers"]}
    assert rows["hello-v03"] == {"status": "passed", "errors": 0, "messages": []}
    assert rows["hello-json"]["status"] == "failed" and rows["hello-json"]["errors"] == 1
    [message] = rows["hello-json"]["messages"]
    assert message.startswith("hello-json/startos/index.ts(") and "TS2322" in message
    assert rows["bad"]["status"] == "not-run"
    assert result.report["totals"]["typecheck"] == {"passed": 1, "failed": 1, "not_run": 1}
    assert [d.code for d in result.diagnostics] == ["B714"]
    assert result.exit_code == 2  # the input error; a type error alone does not fail


def test_a_workspace_without_the_sdk_is_refused(tmp_path):
    with pytest.raises(ToolchainError) as err:
        workspace_at(tmp_path)
    assert err.value.code == "B712"


def test_installing_needs_npm(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # neither node nor npm
    with pytest.raises(ToolchainError) as err:
        install_workspace(tmp_path / "npm")
    assert err.value.code == "B712" and "--npm-workspace" in str(err.value)
