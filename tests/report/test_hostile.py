"""Hostile text in every string a wrapper contributes (name, path, TODO kinds, diagnostic
codes, traceback, tsc messages) cannot change the structure of report.md or report.html:
the Markdown keeps one table row per wrapper and opens no HTML outside code blocks; the
HTML parses into the same elements, and its one script is ours."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from migrator.report import figures, render_html, render_markdown
from migrator.report.html import _asset
from migrator.textsafe import terminal_line
from tests.report.reports import Page, load, report, wrapper

HOSTILE = ["<script>", "</script>", "<!--", "-->", "]]>", '"', "'", "&", "&amp;", "|", "\\",
           "\\|", "`", "```", "\n", "\r", "\t", "\x00", "\x1b[31m", "\u2028", "\u2029",
           "\u202e", "\ud800", "<details>", "</details>", "*", "_", "[x](javascript:x)", "é"]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)),
                        max_size=6).map("".join)
counts = st.dictionaries(hostile_text, st.integers(1, 5), max_size=3)


@st.composite
def wrappers(draw, index):
    name = draw(hostile_text)
    crashed = draw(st.booleans())
    failed_tsc = draw(st.booleans())
    return wrapper(
        f"{index}{name}", path=draw(hostile_text), todo_kinds=draw(counts),
        diagnostics={"error": 0, "warning": 1, "by_code": draw(counts)},
        status="crashed" if crashed else "converted", exit_code=3 if crashed else 0,
        traceback=draw(hostile_text) if crashed else None,
        automation_rate=draw(st.none() | st.floats(0, 1)),
        typecheck={"status": "failed", "errors": 1, "messages": draw(st.lists(hostile_text,
                                                                             max_size=2))}
        if failed_tsc else {"status": "passed", "errors": 0, "messages": []})


reports = st.integers(0, 4).flatmap(
    lambda n: st.tuples(*(wrappers(i) for i in range(n)))).map(lambda ws: report(list(ws)))

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
FENCE = re.compile(r"^(`{3,})$")


def _section(markdown: str, heading: str) -> list[str]:
    after = markdown.split(f"\n## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0].strip("\n").split("\n")


def _outside_code_blocks(markdown: str) -> list[str]:
    lines, fence = [], None
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and match and len(match.group(1)) >= len(fence):
            fence = None
        elif fence is None:
            lines.append(line)
    assert fence is None, "a code block is left open"
    return lines


@SETTINGS
@given(reports)
@example(load("hostile"))
def test_markdown_keeps_its_structure(r):
    md = render_markdown(r)
    assert not UNSAFE.search(md)
    rows = [line for line in _section(md, "Wrappers") if line.startswith("|")]
    assert len(rows) == (len(r["wrappers"]) + 2 if r["wrappers"] else 0)
    for row in rows:
        assert len(UNESCAPED_PIPE.split(row)) == len(figures.WRAPPER_COLUMNS) + 2
    kinds = [line for line in _section(md, "TODO kinds") if line.startswith("|")]
    assert len(kinds) == (len(figures.todo_kinds(r)) + 2 if figures.todo_kinds(r) else 0)
    outside = _outside_code_blocks(md)
    sections = len(figures.with_status(r, "crashed")) + len(figures.typecheck_failures(r))
    assert outside.count("<details>") == outside.count("</details>") == sections
    ours = {"<details>", "</details>"}
    html_starts = [line for line in outside if line not in ours
                   and re.search(r"<(?!/?summary>)[A-Za-z!/?]", line)]
    assert html_starts == []


@SETTINGS
@given(reports)
@example(load("hostile"))
def test_html_keeps_its_structure(r):
    page_text = render_html(r)
    assert not UNSAFE.search(page_text)
    assert page_text.lower().count("<script") == 1
    assert page_text.lower().count("</script") == 1
    assert "<!--" not in page_text
    page = Page(page_text)
    assert page.problems == []
    assert page.scripts == [_asset("report.js")]
    assert len(page.rows) == len(r["wrappers"])
    for row, w in zip(page.rows, r["wrappers"]):
        assert len(row) == len(figures.WRAPPER_COLUMNS)
        assert row[0] == terminal_line(w["name"])
    assert page.count("rect", svg="chart-automation", class_="bar") == 10
    assert page.count("rect", svg="chart-todo-kinds", class_="bar") == min(
        len(figures.todo_kinds(r)), 20)
    assert page.count("rect", svg="chart-diagnostics", class_="bar") == min(
        len(figures.diagnostic_codes(r)), 20)
