"""Every TODO row of MIGRATION.md has a `TODO(migrate)` marker in the Python project too
(tests/convert/test_todo_markers.py for TypeScript): a `# TODO(migrate)` comment in the
package that starts with the row's text or names its legacy source, or, for a row about a
line of a carried wrapper file, that very line (carried files are the same in both
projects). No allowlist: every row kind, fixtures and corpus."""

from __future__ import annotations

import pytest

from migrator.emit.python.expr import py_comment
from tests.convert.test_todo_markers import PREFIX, named_lines
from tests.emit_python import pyharness


def unmarked(projects, converted) -> list[str]:
    missing = []
    for p, c in zip(projects, converted, strict=True):
        code = [f.read_text(encoding="utf-8") for f in sorted((p.root / p.package).rglob("*.py"))]
        for row in c.result.package.migration:
            if row.status != "todo":
                continue
            texts = code + [_line(p.root / f, n) for f, n in named_lines(row.destination)]
            if not any(_marked(row, text) for text in texts):
                missing.append(f"{c.name}: {row.construct} → {row.destination or '-'}: "
                               f"{row.note[:80]}")
    return missing


def _line(path, number: int) -> str:
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _marked(row, text: str) -> bool:
    note = "TODO(migrate): " + py_comment(row.note)[:PREFIX]
    source = f"legacy: {py_comment(str(row.source))}" if row.source else None
    return any("TODO(migrate)" in line and (note in line or (source and source in line))
               for line in text.splitlines())


def _check(converted, tmp_path) -> None:
    converted = [c for c in converted if c.result.package is not None]
    projects = pyharness.write_projects(converted, tmp_path)
    assert unmarked(projects, converted) == []


def test_every_fixture_todo_row_has_a_python_marker(converted_fixtures, tmp_path):
    _check(converted_fixtures, tmp_path)


@pytest.mark.corpus
def test_every_corpus_todo_row_has_a_python_marker(converted_corpus, tmp_path):
    _check(converted_corpus, tmp_path)
