"""Golden report.md and report.html of the hand-written reports in tests/fixtures/reports/
(a new .json there is snapshotted without editing this). Update with
`pytest tests/report --snapshot-update` and review the files like code."""

from __future__ import annotations

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from migrator.report import render_html, render_markdown
from tests.report.reports import REPORT_NAMES, load


class MarkdownSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "md"


class HtmlSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "html"


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_markdown(name, snapshot):
    assert render_markdown(load(name)) == snapshot.use_extension(MarkdownSnapshot)


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_html(name, snapshot):
    assert render_html(load(name)) == snapshot.use_extension(HtmlSnapshot)


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_dict_order_does_not_change_the_output(render):
    """report.json may list codes and kinds in any order; the renderings sort them."""
    original = load("small")
    shuffled = load("small")
    for w in shuffled["wrappers"]:
        w["todo_kinds"] = dict(reversed(list(w["todo_kinds"].items())))
        w["diagnostics"]["by_code"] = dict(reversed(list(w["diagnostics"]["by_code"].items())))
    shuffled["options"] = dict(reversed(list(shuffled["options"].items())))
    assert render(shuffled) == render(original)
