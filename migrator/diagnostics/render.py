"""Renderers: compiler-style text (source line + caret) and a versioned JSON document."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping

from migrator.diagnostics.record import Diagnostic, Severity
from migrator.textsafe import json_text, terminal_line

JSON_SCHEMA = "startos-migrate/diagnostics"
JSON_SCHEMA_VERSION = 1

_MAX_SOURCE_BYTES = 4 * 1024 * 1024


class SourceLines:
    """Reads source lines on demand for the caret display (never raises)."""

    def __init__(self, base_dir: Path | None = None, texts: Mapping[str, str] | None = None,
                 *, no_links: bool = False):
        """`texts`: files already read (Diagnostics.sources). `no_links`: read other files
        only when no symbolic link is on their path, so an excerpt never quotes a file
        outside the wrapper (the read stage refuses links that leave it)."""
        self._base = base_dir
        self._no_links = no_links
        self._texts = dict(texts or {})
        self._cache: dict[str, list[str] | None] = {}

    def line(self, file: str, line: int) -> str | None:
        if file not in self._cache:
            text = self._texts.get(file)
            self._cache[file] = text.splitlines() if text is not None else self._load(file)
        lines = self._cache[file]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]

    def _load(self, file: str) -> list[str] | None:
        path = Path(file)
        if not path.is_absolute() and self._base is not None:
            path = self._base / path
        try:
            if self._no_links and path.resolve() != Path(os.path.abspath(path)):
                return None
            if path.stat().st_size > _MAX_SOURCE_BYTES:
                return None
            return path.read_bytes().decode("utf-8", errors="replace").splitlines()
        except OSError:
            return None


def render_text(diagnostic: Diagnostic, sources: SourceLines | None = None) -> str:
    """Every part is one terminal line with its control characters escaped: a key or a
    source line holding ESC/BEL or a newline cannot drive the terminal or forge a line."""
    out = [terminal_line(diagnostic.headline())]
    loc = diagnostic.location
    if sources is not None and loc is not None and loc.line > 0:
        src = sources.line(loc.file, loc.line)
        if src is not None:
            gutter = str(loc.line)
            pad = " " * len(gutter)
            shown, caret = excerpt(src.expandtabs(1), loc.column)
            out.append(f" {gutter} | {terminal_line(shown)}")
            if caret > 0:
                # the caret moves with the escapes written before the column
                before = len(terminal_line(shown[:caret - 1]))
                out.append(f" {pad} | {' ' * before}^")
    if diagnostic.key_path:
        out.append(f"  = key: {terminal_line(diagnostic.key_path)}")
    if diagnostic.hint:
        out.append(f"  = hint: {terminal_line(diagnostic.hint)}")
    return "\n".join(out)


EXCERPT_WIDTH = 120


def excerpt(line: str, column: int, width: int = EXCERPT_WIDTH) -> tuple[str, int]:
    """At most `width` characters of `line` around `column` (1-based; 0 = unknown), and
    the caret column in what is shown: a one-line 20 KB file must not be echoed whole by
    each of its diagnostics."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width)) if column > 0 else 0
    shown = line[start : start + width]
    caret = column - start if column > 0 else 0
    if start > 0:
        shown, caret = "…" + shown, caret + 1 if caret else 0
    if start + width < len(line):
        shown += "…"
    return shown, caret


def render_text_all(diagnostics: Iterable[Diagnostic], sources: SourceLines | None = None) -> str:
    return "\n".join(render_text(d, sources) for d in diagnostics)


def diagnostic_to_json(d: Diagnostic) -> dict[str, Any]:
    loc = d.location
    return {
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "file": loc.file if loc else None,
        "line": loc.line if loc and loc.line > 0 else None,
        "column": loc.column if loc and loc.column > 0 else None,
        "key_path": str(d.key_path) if d.key_path else None,
        "hint": d.hint,
    }


def render_json(diagnostics: Iterable[Diagnostic], extra: Mapping[str, Any] | None = None) -> str:
    items = [diagnostic_to_json(d) for d in diagnostics]
    doc: dict[str, Any] = {
        "schema": JSON_SCHEMA,
        "version": JSON_SCHEMA_VERSION,
        "counts": {s.value: sum(1 for i in items if i["severity"] == s.value) for s in Severity},
        "diagnostics": items,
    }
    if extra:
        doc.update(extra)
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False))
