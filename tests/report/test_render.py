"""The pieces of the renderings: histogram bands, tallies, escaping, chart capping, and
reports of 0 and 1000 wrappers."""

from __future__ import annotations

import pytest

from migrator.report import figures, render_html, render_markdown
from migrator.report.markdown import code_block, md_text
from tests.report.reports import Page, load, report, wrapper


@pytest.mark.parametrize("rate, band", [
    (0.0, 0), (0.0994, 0), (0.0999, 1), (0.1, 1), (0.3, 3), (0.6, 6), (0.7, 7), (0.8994, 8),
    (0.8999, 9), (0.9, 9), (1.0, 9),
])
def test_histogram_band_agrees_with_the_percentage_shown(rate, band):
    assert figures.histogram_bin(rate) == band
    shown = float(figures.percent(rate).rstrip("%"))
    assert band == min(int(shown // 10), 9)


def test_histogram_skips_wrappers_without_a_rate():
    r = report([wrapper("a", automation_rate=1.0), wrapper("b", automation_rate=None),
                wrapper("c", automation_rate=0.05), wrapper("d", automation_rate=1.0)])
    assert figures.automation_histogram(r) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]


def test_tallies_sum_counts_and_wrappers_most_frequent_first():
    r = report([wrapper("a", todo_kinds={"action": 1, "config rule": 2}),
                wrapper("b", todo_kinds={"config rule": 1, "backup": 3})])
    assert [(t.key, t.count, t.wrappers) for t in figures.todo_kinds(r)] == [
        ("backup", 3, 1), ("config rule", 3, 2), ("action", 1, 1)]


@pytest.mark.parametrize("text, shown", [
    ("a|b", r"a\|b"),
    ("a\\|b", r"a\\\|b"),
    ("`x`", r"\`x\`"),
    ("<img src=x>", "&lt;img src=x&gt;"),
    ("&lt;", "&amp;lt;"),
    ("one\ntwo", r"one\\ntwo"),
    ("\x1b[2J", r"\\x1b\[2J"),
    ("*a* _b_ [c](d)", r"\*a\* \_b\_ \[c\](d)"),
])
def test_md_text(text, shown):
    assert md_text(text) == shown


def test_code_block_fence_outlasts_backticks_inside():
    assert code_block("a ``` b\n````") == "`````\na ``` b\n````\n`````"
    assert code_block("plain\n") == "```\nplain\n```"


def test_bar_chart_shows_the_most_frequent_and_says_so():
    kinds = {f"kind {i:02}": i + 1 for i in range(25)}
    page = Page(render_html(report([wrapper("a", todo_kinds=kinds)])))
    assert page.count("rect", svg="chart-todo-kinds", class_="bar") == 20
    assert page.count("text", svg="chart-todo-kinds", class_="note") == 1
    assert page.count("rect", svg="chart-diagnostics", class_="bar") == 0


def test_empty_report():
    r = load("empty")
    page = Page(render_html(r))
    assert page.problems == [] and page.rows == []
    assert page.count("rect", svg="chart-automation", class_="bar") == 10
    assert "No wrappers." in render_markdown(r)


def test_a_thousand_wrappers():
    r = report([wrapper(f"w{i:04}", automation_rate=(i % 101) / 100,
                        todo_kinds={f"k{i % 7}": 1}) for i in range(1000)])
    md = render_markdown(r)
    assert sum(1 for line in md.split("\n") if line.startswith("| w")) == 1000
    page = Page(render_html(r))
    assert len(page.rows) == 1000
    assert page.rows[999][0] == "w0999"
    assert sum(figures.automation_histogram(r)) == 1000


def test_same_report_same_bytes():
    assert render_html(load("small")) == render_html(load("small"))
    assert render_markdown(load("small")) == render_markdown(load("small"))
