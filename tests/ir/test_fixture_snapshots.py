"""Golden IR of our own fixture wrappers (syrupy). Update with `pytest --snapshot-update`."""

from __future__ import annotations

import json

import pytest

from migrator.ir.dump import dump
from tests.conftest import WRAPPERS
from tests.helpers import check_dir

FIXTURES = ["hello-v03", "hello-v02", "hello-toml", "hello-json", "hello-ts"]


@pytest.mark.parametrize("name", FIXTURES)
def test_ir_snapshot(name, snapshot, monkeypatch):
    monkeypatch.chdir(WRAPPERS)  # file names in the dump are relative and machine-independent
    pkg, diags = check_dir(name)
    document = {
        "diagnostics": [d.headline() for d in diags.sorted()],
        "package": dump(pkg),
    }
    assert json.dumps(document, indent=1, ensure_ascii=False) == snapshot


def test_dump_is_deterministic(monkeypatch):
    monkeypatch.chdir(WRAPPERS)
    first = json.dumps(dump(check_dir("hello-v03")[0]))
    assert first == json.dumps(dump(check_dir("hello-v03")[0]))
