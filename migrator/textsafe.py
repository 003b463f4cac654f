"""Untrusted text on its way to people: one escaping function per output kind.

Legacy keys, titles, descriptions and file names come from repositories nobody here wrote.
Printed raw, an ESC or BEL sequence sets a terminal's title or clears the screen; in a
Markdown file a NUL makes git treat it as binary (diffs and PR previews hide it), a newline
forges a list item or ends a table row, and `<!--` hides the rest of a rendered page.

* `terminal_line` / `terminal_text`: for anything printed to a terminal (diagnostics, the
  summaries, CLI messages); the line form also escapes newlines (one diagnostic line must
  stay one line), the text form keeps them (multi-line reports we compose ourselves).
* `markdown_inline` / `markdown_block`: for generated Markdown (MIGRATION.md, README.md,
  instructions.md); inline text stays on one line and inside its table cell.
* `json_text`: the JSON we print; control characters json.dumps leaves raw (C1, line
  separators, bidi overrides) and lone surrogates (which cannot be encoded as UTF-8, so the
  whole document failed to print) become \\uXXXX escapes.

Control characters are shown escaped (`\\x00`, `\\x1b`, `\\u2028`) so a person sees that they
are there. Backslashes are not doubled: escaping twice gives the same text (idempotent), so
a renderer and the printer above it may both apply it.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (0x9b is CSI on some terminals), line/paragraph separators,
# bidi embeddings/overrides/isolates and marks (they reorder what a reader sees), and lone
# surrogates (not encodable).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069" \
          "\ud800-\udfff"
_TEXT_UNSAFE = re.compile(f"[{_UNSAFE}]")             # keeps \t and \n
_LINE_UNSAFE = re.compile(f"[\n{_UNSAFE}]")           # keeps \t
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff]")
_NEWLINES = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_HTML_START = re.compile(r"<(?=[A-Za-z!/?])")
# What markdown_inline changes: line breaks, tabs, unsafe characters, `<` and `|`.
_MARKDOWN_CELL_SPECIAL = re.compile(f"[\t\n\r<|{_UNSAFE}]")


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    c = match.group()
    if c in _NAMED:
        return _NAMED[c]
    cp = ord(c)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def terminal_line(text: object) -> str:
    """One terminal line: every control character, the newline included, escaped."""
    return _LINE_UNSAFE.sub(_escape, str(text))


def terminal_text(text: object) -> str:
    """Terminal text of several lines: control characters escaped, newlines kept."""
    return _TEXT_UNSAFE.sub(_escape, str(text))


def json_text(text: str) -> str:
    """JSON text (json.dumps output) that prints anywhere: the characters json.dumps leaves
    raw with ensure_ascii=False can only occur inside strings, where \\uXXXX is their
    escape, so the document means the same."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _outside_code_spans(text: str, fix) -> str:
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(fix(text[last:span.start()]))
        out.append(span.group())
        last = span.end()
    out.append(fix(text[last:]))
    return "".join(out)


def markdown_inline(text: object) -> str:
    """Text inside one Markdown line, list item or table cell: line breaks become spaces,
    other control characters are shown escaped, `|` cannot end the cell and an HTML tag or
    comment start outside code spans is shown as text."""
    s = "" if text is None else str(text)
    if not _MARKDOWN_CELL_SPECIAL.search(s):  # most cells: every step below keeps them
        return s
    s = _NEWLINES.sub(" ", s)
    s = _TEXT_UNSAFE.sub(_escape, s.replace("\t", " "))
    s = _outside_code_spans(s, lambda part: _HTML_START.sub("&lt;", part))
    return s.replace("\\|", "|").replace("|", "\\|")


def markdown_block(text: object, markdown: bool = False) -> str:
    """A Markdown paragraph of several lines: line structure kept, every other control
    character shown escaped. Plain text (legacy alerts) also has its HTML tag and comment
    starts outside code spans shown as text; `markdown=True` is for text that already is
    the author's Markdown (a legacy instructions file), whose HTML is theirs to keep."""
    s = "" if text is None else str(text)
    s = _TEXT_UNSAFE.sub(_escape, s.replace("\r\n", "\n"))
    if not markdown:
        s = _outside_code_spans(s, lambda part: _HTML_START.sub("&lt;", part))
    return s


def terminal_values(value):
    """A JSON-like value with every string (keys too) made one terminal line: for reports
    laid out line by line from values such as ids, titles and file names."""
    if isinstance(value, str):
        return terminal_line(value)
    if isinstance(value, dict):
        return {terminal_values(k): terminal_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [terminal_values(v) for v in value]
    return value


_NAME_CONTROL = re.compile("[\x00-\x1f\x7f]")  # asked of every file a project writes


def file_name_problem(path: str) -> str | None:
    """Why `path` cannot name a file of a generated project, or None: a control character, a
    backslash (a Windows separator on a reviewer's machine), or text that is not UTF-8.
    The writer refuses such a generated path (L634); the lowering leaves such a wrapper
    file out (M440) — one rule for both."""
    if _NAME_CONTROL.search(path):
        return "has a control character in its name"
    if "\\" in path:
        return "has a backslash in its name"
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "has a name that is not valid UTF-8"
    return None
