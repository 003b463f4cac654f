"""`python -m <package> dump | check-config FILE` (startos_sdk.cli): what it prints and its
exit codes (0 ok, 1 the config fails, 2 usage or an unreadable file)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from migrator.convert import build
from startos_sdk.cli import run
from startos_sdk.json import stringify
from tests.conftest import REPO, WRAPPERS

NAME = "cfg-own-addresses"


@pytest.fixture(scope="module")
def package():
    return build(WRAPPERS / NAME).package


def test_dump_prints_the_model_json(package, capsysbinary):
    assert run(["dump"], package) == 0
    assert capsysbinary.readouterr().out == (stringify(package.to_json()) + "\n").encode()


def test_check_config_exit_codes(package, tmp_path, capsys):
    assert package.config is not None
    bad = tmp_path / "config.yaml"
    bad.write_text("{}\n")
    assert run(["check-config", str(bad)], package) == 1
    assert capsys.readouterr().out.strip()  # every failure printed
    nothing = dataclasses.replace(package, config=None)
    assert run(["check-config", str(bad)], nothing) == 0
    bad.write_text("a: [1\n")
    assert run(["check-config", str(bad)], package) == 2
    assert run(["check-config", str(tmp_path / "missing.yaml")], package) == 2
    assert "cannot read the config" in capsys.readouterr().err
    assert run(["nonsense"], package) == 2
    assert run([], package) == 2


def test_python_m_dump_runs_the_generated_main(package, tmp_path):
    result = build(WRAPPERS / NAME, target="py")
    for f in result.files:
        (tmp_path / f.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f.path).write_bytes(f.content)
    proc = subprocess.run([sys.executable, "-m", "cfg_own_addresses_startos", "dump"],
                          cwd=tmp_path, capture_output=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{REPO}:{tmp_path}"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (stringify(package.to_json()) + "\n").encode()
