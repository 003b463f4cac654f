"""Report dicts for the rendering tests: the hand-written fixtures in
tests/fixtures/reports/, and reports built from wrapper rows with consistent totals."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

from tests.conftest import FIXTURES

REPORTS = FIXTURES / "reports"
REPORT_NAMES = sorted(p.stem for p in REPORTS.glob("*.json"))
VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "source"}


def load(name: str) -> dict[str, Any]:
    return json.loads((REPORTS / f"{name}.json").read_text(encoding="utf-8"))


def wrapper(name: str, **fields: Any) -> dict[str, Any]:
    row = {
        "name": name, "path": f"/in/{name}", "out": f"/out/{name}", "status": "converted",
        "exit_code": 0, "input_hash": "sha256:" + "0" * 64,
        "diagnostics": {"error": 0, "warning": 0, "by_code": {}},
        "errors": [],
        "constructs": {"translated": 3, "todo": 1, "not-applicable": 0},
        "automation_rate": 0.75, "todo_kinds": {}, "seconds": 0.5,
        "typecheck": {"status": "not-run", "errors": 0, "messages": []}, "traceback": None,
    }
    row.update(fields)
    return row


def report(wrappers: list[dict[str, Any]]) -> dict[str, Any]:
    def count(status: str) -> int:
        return sum(1 for w in wrappers if w["status"] == status)

    def checked(status: str) -> int:
        return sum(1 for w in wrappers if w["typecheck"]["status"] == status)

    translated = sum(w["constructs"]["translated"] for w in wrappers)
    constructs = sum(sum(w["constructs"].values()) for w in wrappers)
    return {
        "schema": "startos-migrate/batch-report", "version": 1, "tool_version": "0.1.0",
        "target": "start-sdk 2.0.9", "jobs": 2, "options": {"typecheck": False},
        "generated_at": "2026-12-02T10:00:00+00:00",
        "totals": {
            "wrappers": len(wrappers), "converted": count("converted"),
            "unchanged": count("unchanged"), "input_errors": count("input-error"),
            "crashed": count("crashed"), "interrupted": count("not-run"),
            "typecheck": {"passed": checked("passed"), "failed": checked("failed"),
                          "not_run": checked("not-run")},
            "automation_rate": translated / constructs if constructs else None,
        },
        "wrappers": wrappers,
    }


class Page(HTMLParser):
    """The structure of a rendered page as html.parser sees it: every element closed in
    order, the scripts, and the text of each cell of the wrappers table."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None], str | None]] = []  # + its svg's id
        self._svg: str | None = None
        self.scripts: list[str] = []
        self.rows: list[list[str]] = []
        self._in_body_of_wrappers = False
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg":
            self._svg = attributes.get("id")
        self.tags.append((tag, attributes, self._svg))
        if tag == "table" and attributes.get("id") == "wrappers":
            self._in_body_of_wrappers = True
        if tag == "tr" and self._in_body_of_wrappers and "thead" not in self.stack:
            self.rows.append([])
        if tag == "td" and self._in_body_of_wrappers:
            self._cell = []
        if tag == "script":
            self.scripts.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self._svg))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()
        if tag == "svg":
            self._svg = None
        if tag == "table":
            self._in_body_of_wrappers = False
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self.stack and self.stack[-1] == "script":
            self.scripts[-1] += data

    def count(self, tag: str, svg: str | None = None, **attributes: str) -> int:
        """Elements `tag` with these attributes (class_ for class), inside svg#`svg` if
        given."""
        wanted = {k.rstrip("_"): v for k, v in attributes.items()}
        return sum(1 for t, a, within in self.tags
                   if t == tag and (svg is None or within == svg)
                   and all(a.get(k) == v for k, v in wanted.items()))
