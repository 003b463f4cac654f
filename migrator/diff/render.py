"""`diff --format text|json`: the terminal report and a versioned JSON document."""

from __future__ import annotations

import json
from typing import Any

from migrator.diagnostics import Diagnostic
from migrator.diagnostics.render import diagnostic_to_json
from migrator.diff.model import DiffResult, FileChange, RowChange
from migrator.sdk.report import MigrationRow
from migrator.textsafe import json_text, terminal_line, terminal_text

JSON_SCHEMA = "startos-migrate/diff"
JSON_SCHEMA_VERSION = 1

ROW_TITLES = {"translated": "newly translated", "todo": "new TODO",
              "not-applicable": "newly not applicable", "changed": "changed", "gone": "gone"}


def summary_lines(result: DiffResult) -> list[str]:
    plus, minus = result.line_counts()
    counts = result.row_counts()
    by_status = {s: sum(1 for f in result.files if f.status == s)
                 for s in ("added", "removed", "modified", "mode")}
    return [
        f"  files       {len(result.files)} changed (+{plus} -{minus}): "
        f"{by_status['added']} added, {by_status['removed']} removed, "
        f"{by_status['modified']} modified, {by_status['mode']} mode only, "
        f"{sum(1 for f in result.files if f.provenance_only)} provenance header only",
        "  MIGRATION   " + ", ".join(f"{counts[k]} {title}" for k, title in ROW_TITLES.items()),
        f"  diagnostics +{len(result.diagnostics_added)} -{len(result.diagnostics_removed)}",
    ]


def row_text(row: MigrationRow) -> str:
    where = f" → {row.destination}" if row.destination else ""
    src = f" [{row.source}]" if row.source else ""
    return f"{row.construct}{where}: {row.note}{src}"


def change_text(change: RowChange) -> str:
    before, after = change.before, change.after
    if change.kind == "changed" and before and after:
        title = after.construct if before.construct == after.construct \
            else f"{before.construct} ⇒ {after.construct}"
        parts = []
        if before.destination != after.destination:
            parts.append(f"now in {after.destination or '-'} (was {before.destination or '-'})")
        if before.note != after.note:
            parts.append(f"{before.note} ⇒ {after.note}")
        src = f" [{after.source}]" if after.source else ""
        return title + (": " + "; ".join(parts) if parts else "") + src
    was = f" (was {before.status})" if before and after else ""
    return row_text(change.row) + was


def diagnostic_text(d: Diagnostic) -> str:
    key = f" (key: {d.key_path})" if d.key_path else ""
    return d.headline() + key


def file_header(f: FileChange) -> str:
    if f.status == "mode":
        return f"mode of {f.path}: {f.old_mode:o} → {f.new_mode:o}"
    if f.binary:
        return f"binary files a/{f.path} and b/{f.path} differ ({f.status})"
    return ""


def render_text(result: DiffResult) -> str:
    out = [terminal_line(f"startos-migrate diff: {result.base_label} → {result.head_label}")]
    if not result.changed:
        out.append("  no change in the generated project")
        return "\n".join(out)
    out += summary_lines(result)
    if result.rows:
        out += ["", "MIGRATION.md rows:"]
        out += [f"  {ROW_TITLES[c.kind]:<21} {terminal_line(change_text(c))}"
                for c in result.rows]
    if result.diagnostics_added or result.diagnostics_removed:
        out += ["", "diagnostics:"]
        out += [f"  + {terminal_line(diagnostic_text(d))}" for d in result.diagnostics_added]
        out += [f"  - {terminal_line(diagnostic_text(d))}" for d in result.diagnostics_removed]
    for f in result.files:
        out.append("")
        header = file_header(f)
        out.append(terminal_line(header) if header
                   else terminal_text(f.diff.rstrip("\n")) or terminal_line(f"{f.status} "
                                                                             f"{f.path} (empty)"))
    return "\n".join(out)


def _row_json(row: MigrationRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    src = row.source
    return {"construct": row.construct, "status": row.status, "destination": row.destination,
            "note": row.note,
            "source": {"file": src.file, "line": src.line, "key_path": src.key_path}
            if src else None}


def render_json(result: DiffResult) -> str:
    plus, minus = result.line_counts()
    doc = {
        "schema": JSON_SCHEMA,
        "version": JSON_SCHEMA_VERSION,
        "base": result.base_label,
        "head": result.head_label,
        "changed": result.changed,
        "summary": {"files": len(result.files), "lines_added": plus, "lines_removed": minus,
                    "rows": result.row_counts(),
                    "diagnostics_added": len(result.diagnostics_added),
                    "diagnostics_removed": len(result.diagnostics_removed)},
        "files": [{"path": f.path, "status": f.status, "binary": f.binary,
                   "lines_added": f.added, "lines_removed": f.removed,
                   "old_mode": f"{f.old_mode:o}" if f.old_mode is not None else None,
                   "new_mode": f"{f.new_mode:o}" if f.new_mode is not None else None,
                   "provenance_only": f.provenance_only,
                   "diff": f.diff} for f in result.files],
        "migration": [{"kind": c.kind, "before": _row_json(c.before),
                       "after": _row_json(c.after)} for c in result.rows],
        "diagnostics": {"added": [diagnostic_to_json(d) for d in result.diagnostics_added],
                        "removed": [diagnostic_to_json(d) for d in result.diagnostics_removed]},
    }
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False))
