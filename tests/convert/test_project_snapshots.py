"""Golden projects: every generated file of three small fixtures (syrupy snapshots).
Update with `pytest tests/convert --snapshot-update` and review the diff like code."""

from __future__ import annotations

import pytest

from migrator.convert import build
from tests.conftest import WRAPPERS


@pytest.mark.parametrize("name", ["hello-v03", "hello-v02", "hello-toml"])
def test_generated_project(name, snapshot, monkeypatch):
    monkeypatch.chdir(WRAPPERS)
    result = build(name)
    assert result.ok
    files = {f.path: f.content.decode("utf-8") for f in result.files}
    assert files == snapshot
