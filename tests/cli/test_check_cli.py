"""`startos-migrate check`: output, exit codes, and no traceback on any input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from migrator import cli
from tests.conftest import REPO, WRAPPERS


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "migrator", *args], capture_output=True,
                          text=True, cwd=REPO)


def test_check_fixture_prints_summary_and_exits_0(capsys):
    assert cli.main(["check", str(WRAPPERS / "hello-v03")]) == 0
    out = capsys.readouterr().out
    assert "hello-relay 1.4.2.3 (Hello Relay): 0.3 wrapper" in out
    assert "interfaces    main (8080, ui), peer (9735)" in out
    assert "dependencies  bitcoind (opt-out, >=0.21.1.2 <24.0.0), tor-proxy (required, ^0.4.5)" in out
    assert "rules         own 2; dependencies: bitcoind 2; conditions 1" in out


def test_check_json_is_machine_readable(capsys):
    assert cli.main(["check", str(WRAPPERS / "hello-v02"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "startos-migrate/diagnostics"
    assert doc["summary"]["package"]["era"] == "0.2"
    assert doc["summary"]["rules"] == {"own": 2, "dependencies": {"btc-rpc-proxy": 2},
                                       "conditions": 0}


def test_input_error_exits_2_with_located_message(tmp_path, capsys):
    (tmp_path / "manifest.yaml").write_text("id: x\ntitle: [unclosed\n")
    assert cli.main(["check", str(tmp_path)]) == 2
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{tmp_path}/manifest.yaml:") and "error[R106]" in first


def test_missing_directory_exits_2(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "nope")]) == 2
    assert "error[R100]" in capsys.readouterr().out


def test_internal_error_exits_3_without_traceback(monkeypatch, capsys):
    def boom(*_a, **_k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("migrator.ir.build_ir", boom)
    monkeypatch.delenv("STARTOS_MIGRATE_DEBUG", raising=False)
    assert cli.main(["check", str(WRAPPERS / "hello-v03")]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err and "Traceback" not in err


def test_python_dash_m_and_help():
    proc = run("--help")
    assert proc.returncode == 0 and "check" in proc.stdout
    proc = run("check", "--help")
    assert "--config-spec" in proc.stdout and "--format" in proc.stdout


@pytest.mark.parametrize("name", ["hello-v03", "hello-v02", "hello-toml", "hello-json", "hello-ts"])
def test_every_fixture_checks_without_errors(name, capsys):
    assert cli.main(["check", str(WRAPPERS / name)]) == 0, capsys.readouterr().out
