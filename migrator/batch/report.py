"""The batch report: one dict (schema `startos-migrate/batch-report` v1), written as
report.json (and, from the same dict, report.md and report.html), and a text summary.

Timings (`seconds`) and `generated_at` are the only fields that differ between two runs over
the same inputs, whatever the number of workers; `jobs` says how many there were. Paths
inside OUT (`out`, type-check messages) are relative to OUT so the report can move with it.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

from migrator import __version__
from migrator.sdk.report import STATUSES as CONSTRUCT_STATUSES
from migrator.batch.worker import Record
from migrator.emit.writer.fsutil import replace_durable
from migrator.textsafe import terminal_line

REPORT_SCHEMA = "startos-migrate/batch-report"
REPORT_VERSION = 1
STATUSES = ("converted", "unchanged", "input-error", "crashed", "not-run")
MAX_ERRORS_LISTED = 20
NOT_RUN = {"status": "not-run", "errors": 0, "messages": []}


def wrapper_row(record: Record, typecheck: dict | None) -> dict:
    if record.status == "unchanged" and record.previous_row:
        row = dict(record.previous_row)
        row.update(status="unchanged", seconds=round(record.seconds, 3),
                   input_hash=record.input_hash)
        row["typecheck"] = typecheck or NOT_RUN
        return row
    errors = [d for d in record.diagnostics if d.is_error]
    translated = record.constructs.get("translated", 0)
    total = sum(record.constructs.values())
    return {
        "name": record.name,
        "path": record.path,
        "out": record.name,
        "status": record.status,
        "exit_code": record.exit_code,
        "input_hash": record.input_hash,
        "diagnostics": {
            "error": len(errors),
            "warning": sum(1 for d in record.diagnostics if d.severity.value == "warning"),
            "by_code": dict(sorted(Counter(d.code for d in record.diagnostics).items())),
        },
        "errors": [d.headline() for d in errors[:MAX_ERRORS_LISTED]],
        "constructs": {k: record.constructs.get(k, 0)
                       for k in CONSTRUCT_STATUSES},
        "automation_rate": round(translated / total, 4) if total else None,
        "todo_kinds": dict(record.todo_kinds),
        "seconds": round(record.seconds, 3),
        "typecheck": typecheck or NOT_RUN,
        "traceback": record.traceback,
    }


def build_report(rows: list[dict], *, target: str, jobs: int, options: dict) -> dict:
    rows = sorted(rows, key=lambda r: r["name"])
    count = Counter(r["status"] for r in rows)
    checked = Counter(r["typecheck"]["status"] for r in rows)
    translated = sum(r["constructs"]["translated"] for r in rows)
    constructs = sum(sum(r["constructs"].values()) for r in rows)
    return {
        "schema": REPORT_SCHEMA,
        "version": REPORT_VERSION,
        "tool_version": __version__,
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "target": target,
        "jobs": jobs,
        "options": options,
        "totals": {
            "wrappers": len(rows),
            "converted": count["converted"],
            "unchanged": count["unchanged"],
            "input_errors": count["input-error"],
            "crashed": count["crashed"],
            "interrupted": count["not-run"],
            "typecheck": {"passed": checked["passed"], "failed": checked["failed"],
                          "not_run": checked["not-run"]},
            "automation_rate": round(translated / constructs, 4) if constructs else None,
        },
        "wrappers": rows,
    }


def write_reports(out_dir: Path, report: dict) -> list[Path]:
    """Write the report files into `out_dir`, each atomically; the paths written."""
    out_dir = Path(out_dir)
    written = [write_atomic(out_dir / "report.json",
                             json.dumps(report, indent=2, ensure_ascii=False) + "\n")]
    from migrator.report import render_html, render_markdown

    written.append(write_atomic(out_dir / "report.md", render_markdown(report)))
    written.append(write_atomic(out_dir / "report.html", render_html(report)))
    return written


def write_atomic(path: Path, text: str) -> Path:
    replace_durable(path, text.encode("utf-8"), 0o644,
                    path.with_name(f".{path.name}.tmp.{os.getpid()}"))
    return path


def render_summary(report: dict, report_path: Path) -> str:
    t = report["totals"]
    tc = t["typecheck"]
    rate = t["automation_rate"]
    lines = [
        f"{t['wrappers']} wrapper(s): {t['converted']} converted, {t['unchanged']} unchanged, "
        f"{t['input_errors']} with input errors, {t['crashed']} crashed"
        + (f", {t['interrupted']} not run (interrupted)" if t["interrupted"] else ""),
        f"  automation rate {rate:.1%} (translated / all constructs)" if rate is not None
        else "  automation rate n/a",
    ]
    if report["options"].get("typecheck"):
        lines.append(f"  typecheck {tc['passed']} passed, {tc['failed']} failed, "
                     f"{tc['not_run']} not run")
    for row in report["wrappers"]:
        if row["status"] in ("input-error", "crashed") or row["typecheck"]["status"] == "failed":
            what = row["status"] if row["status"] != "converted" else "type errors"
            types = f", {row['typecheck']['errors']} type error(s)" \
                if row["typecheck"]["status"] != "not-run" else ""
            lines.append(f"  {row['name']}: {what} (exit {row['exit_code']}, "
                         f"{row['diagnostics']['error']} error(s){types})")
    lines.append(f"report: {report_path}")
    return "\n".join(terminal_line(line) for line in lines)
