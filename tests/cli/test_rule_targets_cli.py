"""`check` reports a SET/PUSH target the legacy loader rejected at the target (D311)."""

from __future__ import annotations

import shutil
from pathlib import Path

from migrator.diagnostics import Diagnostics
from migrator.ir import build_ir
from migrator.read import read_wrapper
from tests.conftest import WRAPPERS


def test_an_immutable_target_is_a_located_load_time_error(tmp_path: Path) -> None:
    wrapper = tmp_path / "wrapper"
    shutil.copytree(WRAPPERS / "dep-rpc-proxy", wrapper)
    rules = wrapper / "assets" / "compat" / "btc-rpc-proxy_rules.yaml"
    text = rules.read_text()
    assert "        to: users\n" in text
    rules.write_text(text.replace("        to: users\n", "        to: '[lnd].users'\n", 1))
    diags = Diagnostics()
    build_ir(read_wrapper(str(wrapper), diags), diags)
    [error] = [d for d in diags.sorted() if d.code == "D311"]
    assert error.is_error and "Can only assign to relative path" in error.message
    assert error.location.file.endswith("btc-rpc-proxy_rules.yaml")
    line = text.splitlines().index("        to: users") + 1
    assert error.location.line == line
