"""Hostile-input helpers: copy a fixture wrapper into tmp_path and break one thing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from migrator.cli import main

WRAPPERS = Path(__file__).resolve().parents[1] / "fixtures" / "wrappers"


def copy_fixture(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(WRAPPERS / name, target, symlinks=True)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_json(capsys, wrapper: Path) -> tuple[int, list[dict]]:
    """`check --format json`: the exit code and the diagnostics (the output must be JSON)."""
    code, out, err = run_cli(capsys, "check", str(wrapper), "--format", "json")
    assert "internal error" not in err, err
    return code, json.loads(out)["diagnostics"]


@pytest.fixture
def v03(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path, "hello-v03")
