"""The batch report rendered for people: report.md and a self-contained report.html, both
pure functions of the report.json dict `startos-migrate batch` writes. The schema of that
dict ships beside them (batch-report.schema.json)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from migrator.report.html import render_html
from migrator.report.markdown import render_markdown

SCHEMA_FILE = "batch-report.schema.json"

__all__ = ["SCHEMA_FILE", "load_schema", "render_html", "render_markdown"]


def load_schema() -> dict[str, Any]:
    """The JSON Schema of report.json, version 1."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8"))
