"""report.html in a real browser: Debian's chromium, headless, driven by playwright with the
system executable (no browser download). One browser for the module, a fresh page per test;
every test also fails on a console error, an uncaught exception or any request other than
the page's own file. Skips only where no chromium executable exists."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from migrator.report import figures, render_html
from migrator.textsafe import terminal_line
from tests.report.reports import report, wrapper

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

# Names that would run a script or fetch an image if they reached the page unescaped.
ROWS = [  # name, TODOs, automation rate, status
    ("delta", 2, 0.5, "converted"),
    ("alpha", 10, None, "crashed"),
    ("Echo", 1, 0.25, "converted"),
    ("<script>window.pwned = 1</script>", 33, 1.0, "converted"),
    ("charlie", 10, None, "input-error"),
    ('<img src="http://127.0.0.1:9/x.png" onerror="window.pwned = 2">', 0, 0.75, "converted"),
    ("bravo\u2028x", 2, 0.5, "converted"),
]
TODO_KINDS = {"config rule": 3, "action": 1, "health check": 2}
CODES = {"M210": 2, "L402": 1}


def chromium_executable() -> str | None:
    for candidate in (os.environ.get("STARTOS_MIGRATE_CHROMIUM"), shutil.which("chromium"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    executable = chromium_executable()
    if executable is None:
        pytest.skip("no chromium executable ($STARTOS_MIGRATE_CHROMIUM, `chromium` on PATH, "
                    "/usr/bin/chromium): install Debian's chromium package "
                    "(`apt-get install chromium`), as .ci/run does")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> tuple[dict, Path]:
    wrappers = [wrapper(name, constructs={"translated": 5, "todo": todos, "not-applicable": 0},
                        automation_rate=rate, status=status, todo_kinds=TODO_KINDS,
                        diagnostics={"error": 0, "warning": 3, "by_code": CODES})
                for name, todos, rate, status in ROWS]
    r = report(wrappers)
    return r, write(tmp_path_factory.mktemp("report"), r)


class Opened:
    """A page of the browser with everything that must not happen on it collected."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.problems.append(f"request: {r.url}")
                     if r.url != path.as_uri() else None)
        self.page.goto(path.as_uri())

    def close(self) -> None:
        assert self.page.evaluate("window.pwned") is None
        self.page.close()
        assert self.problems == []


@pytest.fixture
def page(browser, report_file):
    opened = Opened(browser, report_file[1])
    yield opened.page
    opened.close()


def write(tmp_path: Path, r: dict) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render_html(r), encoding="utf-8")
    return path


def column(page, heading: str) -> list[str]:
    index = [c.heading for c in figures.WRAPPER_COLUMNS].index(heading) + 1
    return page.locator(f"#wrappers tbody tr td:nth-child({index})").all_inner_texts()


def header(page, heading: str):
    return page.locator("#wrappers thead th", has_text=heading)


def sorted_texts(r: dict, heading: str, descending: bool) -> list[str]:
    """The column's texts in the order the page must show: Python's stable sort over the
    rows as written, values missing last in either direction."""
    col = next(c for c in figures.WRAPPER_COLUMNS if c.heading == heading)
    ws = r["wrappers"]
    if col.number is None:
        order = sorted(ws, key=lambda w: terminal_line(col.text(w)), reverse=descending)
    else:
        present = [w for w in ws if col.number(w) is not None]
        missing = [w for w in ws if col.number(w) is None]
        order = sorted(present, key=lambda w: -col.number(w) if descending else col.number(w))
        order += missing
    return [terminal_line(col.text(w)) for w in order]


def test_a_row_per_wrapper(page, report_file):
    r, _ = report_file
    assert page.locator("#wrappers tbody tr").count() == len(r["wrappers"])
    assert column(page, "Name") == [terminal_line(w["name"]) for w in r["wrappers"]]


@pytest.mark.parametrize("heading", ["TODOs", "Automation"])
def test_numeric_header_sorts_ascending_then_descending(page, report_file, heading):
    r, _ = report_file
    header(page, heading).click()
    assert column(page, heading) == sorted_texts(r, heading, descending=False)
    assert header(page, heading).get_attribute("aria-sort") == "ascending"
    header(page, heading).click()
    assert column(page, heading) == sorted_texts(r, heading, descending=True)
    assert header(page, heading).get_attribute("aria-sort") == "descending"
    assert header(page, "Name").get_attribute("aria-sort") == "none"


def test_numeric_sort_is_stable(page, report_file):
    r, _ = report_file
    header(page, "TODOs").click()
    names = column(page, "Name")
    tied = [terminal_line(w["name"]) for w in r["wrappers"] if w["constructs"]["todo"] == 10]
    assert len(tied) == 2 and [n for n in names if n in tied] == tied


def test_text_header_sorts(page, report_file):
    r, _ = report_file
    header(page, "Name").click()
    assert column(page, "Name") == sorted_texts(r, "Name", descending=False)
    header(page, "Name").click()
    assert column(page, "Name") == sorted_texts(r, "Name", descending=True)


def test_charts_render(page, report_file):
    r, _ = report_file
    bars = {"chart-automation": 10, "chart-todo-kinds": len(TODO_KINDS),
            "chart-diagnostics": len(CODES)}
    for chart, count in bars.items():
        box = page.locator(f"svg#{chart}").bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, chart
        assert page.locator(f"svg#{chart} rect.bar").count() == count, chart
    drawn = [page.locator("svg#chart-todo-kinds rect.bar").nth(i).bounding_box()
             for i in range(len(TODO_KINDS))]
    assert all(b is not None and b["width"] > 0 and b["height"] > 0 for b in drawn)
    filled = sum(1 for n in figures.automation_histogram(r) if n)
    histogram = page.locator("svg#chart-automation rect.bar")
    heights = [histogram.nth(i).bounding_box()["height"] for i in range(10)]
    assert sum(1 for h in heights if h > 0) == filled


def test_filter(page):
    page.fill("#filter", "crashed")
    assert page.locator("#wrappers tbody tr:visible").count() == 1
    assert page.inner_text("#shown") == f"1 of {len(ROWS)} shown"
    page.fill("#filter", "")
    assert page.locator("#wrappers tbody tr:visible").count() == len(ROWS)


def test_no_wrappers(browser, tmp_path):
    opened = Opened(browser, write(tmp_path, report([])))
    header(opened.page, "Seconds").click()
    assert opened.page.locator("#wrappers tbody tr").count() == 0
    assert opened.page.locator("svg#chart-automation").bounding_box()["height"] > 0
    opened.close()


def test_a_thousand_wrappers(browser, tmp_path):
    r = report([wrapper(f"w{i:04}", seconds=(i * 7919 % 1000) / 10) for i in range(1000)])
    opened = Opened(browser, write(tmp_path, r))
    header(opened.page, "Seconds").click()
    header(opened.page, "Seconds").click()
    assert column(opened.page, "Seconds") == sorted_texts(r, "Seconds", descending=True)
    opened.close()
