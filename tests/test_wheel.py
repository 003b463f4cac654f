"""The built wheel carries grammars/ and templates/ and works outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

from tests.conftest import REPO, WRAPPERS


@pytest.mark.slow
def test_wheel_installs_and_checks(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True)
    [wheel] = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "migrator/_data/grammars/rules.lark" in names
    assert any(n.startswith("migrator/_data/templates/") for n in names)
    assert "migrator/lower/data/dependencies_04.json" in names  # the 0.4 dependency facts
    # the Python target: its runtime surface (typed) and its templates
    assert {"startos_sdk/py.typed", "startos_sdk/json.py", "migrator/py.typed"} <= set(names)
    assert "migrator/_data/templates/python/__init__.py.j2" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True)
    work = tmp_path / "elsewhere"  # not the checkout: nothing may be found by accident
    shutil.copytree(WRAPPERS / "hello-v03", work / "hello-v03")
    proc = subprocess.run([str(env_dir / "bin" / "startos-migrate"), "check", "hello-v03"],
                          cwd=work, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "hello-relay 1.4.2.3" in proc.stdout
    where = subprocess.run([str(py), "-c", "import migrator.resources as r; "
                            "print(r.data_dir('grammars'))"], cwd=work, capture_output=True,
                           text=True, check=True).stdout
    assert str(env_dir) in where
