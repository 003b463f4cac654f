"""House rules that keep the repository honest: README, CI script, code registry, docs."""

from __future__ import annotations

import re

from migrator.diagnostics.codes import CODES
from migrator.diagnostics.docs import render_markdown

from tests.conftest import REPO


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    return re.findall(r"```sh\n(.+?)\n```", text, re.S)


def test_readme_opens_with_setup_and_test_commands():
    commands = _readme_commands()
    assert "bootstrap.sh" in commands[0] and "startos-migrate" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    assert _readme_commands()[1].strip() in ci
    assert "bootstrap.sh" in ci


def test_every_code_used_in_the_source_is_registered():
    used: set[str] = set()
    for path in (REPO / "migrator").rglob("*.py"):
        used |= set(re.findall(r'"([RSDMCLXB]\d{3})"', path.read_text()))
    assert used, "the scan must find codes"
    assert sorted(used - set(CODES)) == []


def test_diagnostics_doc_is_current():
    assert (REPO / "docs" / "diagnostics.md").read_text() == render_markdown()
