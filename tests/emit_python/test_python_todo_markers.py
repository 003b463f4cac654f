"""Every TODO row of MIGRATION.md has a `TODO(migrate)` marker at its spot in the Python
project too (tests/convert/test_todo_markers.py for TypeScript): the row names TypeScript
files; the table at the top of the Python project's MIGRATION.md names the module holding
each, and that module has a `# TODO(migrate)` comment that starts with the row's text or
names its legacy source (for a row about a line of a carried wrapper file: that very line;
carried files are the same in both projects). No allowlist: every row kind, fixtures and
corpus."""

from __future__ import annotations

import re

import pytest

from migrator.emit.python.expr import py_comment
from tests.convert.test_todo_markers import PREFIX, named_files, named_lines
from tests.emit_python import pyharness


MODULE_ROW = re.compile(r"^\| (startos/\S+) \| (\S+) \|$", re.M)


def modules(project) -> dict[str, str]:
    """{TypeScript file: Python module} as the project's MIGRATION.md tells the reader."""
    report = project.root / "MIGRATION.md"
    return dict(MODULE_ROW.findall(report.read_text(encoding="utf-8"))) if report.is_file() \
        else {}


def unmarked(projects, converted) -> list[str]:
    missing = []
    for p, c in zip(projects, converted, strict=True):
        where = modules(p)
        for row in c.result.package.migration:
            if row.status != "todo":
                continue
            texts = [(p.root / where[f]).read_text(encoding="utf-8")
                     for f in named_files(row.destination) if f in where]
            texts += [_line(p.root / f, n) for f, n in named_lines(row.destination)]
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


def test_every_fixture_todo_row_has_a_python_marker(python_fixture_projects):
    converted, projects = python_fixture_projects
    assert unmarked(projects, converted) == []


@pytest.mark.corpus
def test_every_corpus_todo_row_has_a_python_marker(python_corpus_projects):
    converted, projects = python_corpus_projects
    assert unmarked(projects, converted) == []


def test_a_missing_python_marker_is_found(tmp_path):
    """The check itself: a TODO row with no marker in the package is reported."""
    from types import SimpleNamespace

    from migrator.sdk.report import MigrationRow, SourceRef

    (tmp_path / "pkg").mkdir()
    (tmp_path / "MIGRATION.md").write_text("| startos/main.ts | pkg/main.py |\n")
    (tmp_path / "pkg/main.py").write_text("# TODO(migrate): something else\n")
    (tmp_path / "pkg/other.py").write_text("# TODO(migrate): seed x in init\n")  # elsewhere
    row = MigrationRow("asset copy `x`", "todo", "startos/main.ts", "seed x in init",
                       SourceRef("manifest.yaml", 3, "assets"))
    converted = SimpleNamespace(name="t", result=SimpleNamespace(
        package=SimpleNamespace(migration=(row,))))
    project = pyharness.PyProject("t", tmp_path, "pkg")
    assert len(unmarked([project], [converted])) == 1
    (tmp_path / "pkg/main.py").write_text("# TODO(migrate): seed x in init (legacy: …)\n")
    assert unmarked([project], [converted]) == []
