"""`diff --format markdown`: a pull-request comment.

A summary table first, then the MIGRATION rows and diagnostics that changed, then one
collapsible section per generated file. GitHub refuses a comment over 65,536 characters, so
the comment is cut to LIMIT (a margin for the comment script's marker) and says what was
cut. Everything from a wrapper is escaped: table cells and list items with markdown_inline,
paths in HTML with html.escape, and each diff is fenced with more backticks than any run in
it, so no wrapper text can end the fence, the section or the comment's layout.
"""

from __future__ import annotations

import html
import re

from migrator.diff.compare import lines_of
from migrator.diff.model import DiffResult, FileChange
from migrator.diff.render import ROW_TITLES, change_text, diagnostic_text, file_header
from migrator.textsafe import markdown_inline, terminal_line, terminal_text

GITHUB_COMMENT_LIMIT = 65_536
LIMIT = 60_000  # the margin covers the marker and the comment script's own lines
LISTS_SHARE = 0.4  # at most this part of LIMIT for the row and diagnostic lists
_OMITTED_NAMES = 3_000  # characters of omitted file names listed in the closing note
_MIN_TRUNCATED = 1_500  # a cut diff shorter than this is not worth showing
_BACKTICKS = re.compile(r"`+")


def fence_for(text: str) -> str:
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def _code(text: str) -> str:
    """Inline code that no backtick inside can end (HTML and `|` mean nothing there)."""
    text = terminal_line(text)
    ticks = "`" * (max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def summary_table(result: DiffResult) -> list[str]:
    plus, minus = result.line_counts()
    counts = result.row_counts()
    rows = [("generated files changed", f"{len(result.files)} (+{plus} −{minus})")]
    header_only = sum(1 for f in result.files if f.provenance_only)
    if header_only:
        rows.append(("… of which only the provenance header", str(header_only)))
    rows += [(f"MIGRATION rows {title}", str(counts[kind])) for kind, title in ROW_TITLES.items()]
    rows.append(("diagnostics", f"+{len(result.diagnostics_added)} "
                                f"−{len(result.diagnostics_removed)}"))
    return ["| change | count |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]


def _bounded(items: list[str], budget: int, what: str) -> list[str]:
    out, used = [], 0
    for i, item in enumerate(items):
        if used + len(item) + 1 > budget:
            out.append(f"- … and {len(items) - i} more {what} (run `startos-migrate diff` "
                       f"to see all)")
            break
        out.append(item)
        used += len(item) + 1
    return out


def _lists(result: DiffResult, budget: int) -> list[str]:
    out = []
    rows = [f"- **{ROW_TITLES[c.kind]}**: {markdown_inline(change_text(c))}"
            for c in result.rows]
    diags = [f"- ➕ {markdown_inline(diagnostic_text(d))}" for d in result.diagnostics_added]
    diags += [f"- ➖ {markdown_inline(diagnostic_text(d))}" for d in result.diagnostics_removed]
    if rows:
        out += ["", "#### MIGRATION.md rows", ""] + _bounded(rows, budget // 2, "row(s)")
    if diags:
        out += ["", "#### Diagnostics", ""] + _bounded(diags, budget // 2, "diagnostic(s)")
    return out


def _summary_line(f: FileChange, note: str = "") -> str:
    path = f"<code>{html.escape(terminal_text(f.path).replace(chr(10), ' '))}</code>"
    counts = f"+{f.added} −{f.removed}" if not f.binary and f.status != "mode" else f.status
    return f"<details><summary>{path} ({counts}){note}</summary>"


def file_section(f: FileChange, body: str | None = None, note: str = "") -> str:
    header = file_header(f)
    if header:
        return "\n".join([_summary_line(f), "", markdown_inline(header), "", "</details>"])
    text = terminal_text(body if body is not None else f.diff).rstrip("\n")
    fence = fence_for(text)
    return "\n".join([_summary_line(f, note), "", f"{fence}diff", text, fence, "",
                      "</details>"])


def _cut_section(f: FileChange, budget: int) -> str | None:
    """The section with as many whole diff lines as fit `budget`, or None."""
    if budget < _MIN_TRUNCATED or file_header(f):
        return None
    lines, used = [], 200  # the section's own markup
    for line in lines_of(f.diff):
        used += len(terminal_text(line))
        if used > budget:
            break
        lines.append(line)
    shown = len(lines)
    total = f.diff.count("\n")
    note = f" — cut: first {shown} of {total} lines"
    return file_section(f, "".join(lines) + f"… {total - shown} more line(s) not shown\n", note)


def render_markdown(result: DiffResult, limit: int = LIMIT) -> str:
    title = (f"### startos-migrate diff: {_code(result.base_label)} → "
             f"{_code(result.head_label)}")
    if not result.changed:
        return "\n".join([title, "", "No change in the generated project."]) + "\n"
    head = [title, ""] + summary_table(result) + _lists(result, int(limit * LISTS_SHARE))
    text = "\n".join(head)
    if result.files:
        text += "\n\n#### Generated files\n"
    reserve = _OMITTED_NAMES + 500  # for the closing note
    shown: list[str] = []
    cut: list[str] = []
    omitted: list[str] = []
    header_only = [f for f in result.files if f.provenance_only]
    if header_only:
        text += "\n" + _provenance_note(header_only) + "\n"
    for f in result.files:
        if f.provenance_only:
            continue
        section = file_section(f)
        room = limit - reserve - len(text)
        if len(section) + 2 <= room:
            text += "\n" + section + "\n"
            shown.append(f.path)
            continue
        partial = None if cut or omitted else _cut_section(f, room - 2)
        if partial is not None and len(partial) + 2 <= room:
            text += "\n" + partial + "\n"
            cut.append(f.path)
        else:
            omitted.append(f.path)
    if cut or omitted:
        text += "\n" + _cut_note(cut, omitted, limit) + "\n"
    return text


def _provenance_note(files: list[FileChange]) -> str:
    return (f"{len(files)} file(s) differ only in the legacy manifest hash their provenance "
            f"header quotes: {_listed([f.path for f in files])}.")


def _listed(paths: list[str]) -> str:
    """The paths as code, as many as fit the budget, then how many more."""
    names, used = [], 0
    for path in paths:
        shown = _code(path)
        if used + len(shown) > _OMITTED_NAMES:
            break
        names.append(shown)
        used += len(shown) + 2
    more = len(paths) - len(names)
    return ", ".join(names) + (f" and {more} more" if more else "")


def _cut_note(cut: list[str], omitted: list[str], limit: int) -> str:
    parts = [f"> **Cut to fit a GitHub comment** (at most {limit:,} characters)."]
    if cut:
        parts.append(f"> The diff of {_code(cut[0])} is shown only in part.")
    if omitted:
        parts.append(f"> Not shown: the diffs of {len(omitted)} file(s): {_listed(omitted)}.")
    parts.append("> Run `startos-migrate diff` locally for the whole diff.")
    return "\n".join(parts)
