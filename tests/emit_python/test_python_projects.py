"""Golden Python projects: every generated file of two fixtures (syrupy snapshots), a small
one and a config-heavy one. Update with `pytest tests/emit_python --snapshot-update` and
review the diff like code."""

from __future__ import annotations

import pytest

from migrator.convert import build
from tests.conftest import WRAPPERS


@pytest.mark.parametrize("name", ["hello-v03", "cfg-form-data"])
def test_generated_python_project(name, snapshot, monkeypatch):
    monkeypatch.chdir(WRAPPERS)
    result = build(name, target="py")
    assert result.ok
    files = {f.path: f.content.decode("utf-8") for f in result.files}
    assert files == snapshot
