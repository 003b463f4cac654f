"""Map a character of a decoded scalar back to its place in the file.

Rules, versions and ranges are small languages embedded in string values; their parsers
report offsets into the decoded string. A user needs the file position instead, which
differs from `scalar.loc + offset` as soon as the scalar is quoted, escaped, folded over
several lines or written as a block scalar. We rebuild the decoding of `scalar.raw` as a
list of units (decoded text, raw index) and align it with the decoded value.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable

from migrator.diagnostics import Location
from migrator.read.located import LScalar

Unit = tuple[str, int]  # (decoded text, index in raw where it starts)


class LineIndex:
    """1-based line/column of character offsets in a text, in O(log n) per lookup."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def advance(loc: Location, raw: str, index: int) -> Location:
    """The location of raw[index] given that raw[0] sits at `loc`."""
    prefix = raw[:index]
    newlines = prefix.count("\n")
    if newlines == 0:
        return Location(loc.file, loc.line, loc.column + index)
    return Location(loc.file, loc.line + newlines, index - prefix.rfind("\n"))


_CONFLICT = re.compile(r"^<{7}(?: |$)", re.M)
_MAKEFILE = re.compile(r"^(?:\.(?:PHONY|DELETE_ON_ERROR|SUFFIXES)\s*:|[A-Z_]+\s*:=\s*\$\(shell)",
                       re.M)


def syntax_hint(text: str, file: str) -> tuple[Location | None, str | None]:
    """Explain a file that fails to parse: (where an unresolved git merge conflict starts,
    or None; a hint about what the file really is, or None). Used only after a syntax
    error, so an underline `=======` in a valid file never triggers it."""
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        line, col = LineIndex(text).position(conflict.start())
        return Location(file, line, col), None
    if _MAKEFILE.search(text):
        return None, "the file looks like a Makefile, not a data file"
    return None, None


def offset_location(scalar: LScalar, offset: int) -> Location:
    """The file position of character `offset` of `scalar.value` (see module doc)."""
    raw, loc = scalar.raw, scalar.loc
    if raw is None or loc.line <= 0:
        return loc
    value = scalar.value
    if not isinstance(value, str):
        # Numbers and booleans are written as they read: the offset is the raw offset.
        return advance(loc, raw, max(0, min(offset, len(raw))))
    mapping = char_map(scalar.style, raw, value)
    if mapping is None:
        return loc
    offset = max(0, min(offset, len(value)))
    return advance(loc, raw, mapping[offset])


def decode_string(style: str, raw: str) -> str:
    """The value of a quoted string token (TOML keys, TypeScript strings), decoded with
    the same units offset_location() uses, so the two always agree."""
    builder = _builder(style, raw)
    if builder is None:
        return raw
    return "".join(text for text, _ in builder(raw, "")[0])


def char_map(style: str, raw: str, value: str) -> list[int] | None:
    """raw index of every character of `value`, plus one entry for the end of the value."""
    builder = _builder(style, raw)
    if builder is None:
        return None
    units, content_end = builder(raw, value)
    return _align(value, units, content_end)


def _builder(style: str, raw: str) -> Callable[[str, str], tuple[list[Unit], int]] | None:
    if style == "'":
        return _yaml_single
    if style == '"':
        return _yaml_double
    if style in ("|", ">"):
        return _yaml_block
    if style == "":
        return lambda r, v: ([(c, i) for i, c in enumerate(r)], len(r))
    if style == "json" and raw.startswith('"'):
        return _json_string
    if style == "toml":
        for prefix, fn in _TOML_KINDS:
            if raw.startswith(prefix):
                return fn
        return None
    if style == "ts" and raw[:1] in ("'", '"', "`"):
        return _ts_string
    return None


def _align(value: str, units: list[Unit], content_end: int) -> list[int] | None:
    """Greedy alignment; whitespace the decoding dropped (folding, indentation) is skipped,
    a source line break that folding turned into a space matches that space."""
    out: list[int] = []
    u = k = 0
    for ch in value:
        while True:
            if u >= len(units):
                return None
            text, idx = units[u]
            if k < len(text) and text[k] == ch:
                out.append(idx)
                k += 1
                if k == len(text):
                    u, k = u + 1, 0
                break
            if k == 0 and text in ("\n", "\r") and ch in " \n":
                out.append(idx)
                u += 1
                break
            if k == 0 and (text == "" or text.isspace()):
                u += 1
                continue
            return None
    # The end of the value: where the next unit starts, else the end of the content.
    out.append(units[u][1] if u < len(units) else content_end)
    return out


# --- YAML -------------------------------------------------------------------------------

def _yaml_single(raw: str, value: str) -> tuple[list[Unit], int]:
    units: list[Unit] = []
    i, end = 1, len(raw) - 1
    while i < end:
        if raw[i] == "'" and raw[i + 1 : i + 2] == "'":
            units.append(("'", i))
            i += 2
        else:
            units.append((raw[i], i))
            i += 1
    return units, end


_YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


def _yaml_double(raw: str, value: str) -> tuple[list[Unit], int]:
    # An escaped line break (backslash at the end of a line) decodes to nothing; the next
    # line's indentation is whitespace the alignment skips.
    end = len(raw) - 1
    return _escaped(raw, 1, end, _YAML_ESCAPES, _HEX_LENGTH, _YAML_CONTINUATION), end


def _yaml_block(raw: str, value: str) -> tuple[list[Unit], int]:
    lines = raw.split("\n")
    # The first line is the header (`|`, `>-`, `|2 # comment`); content lines follow.
    content = lines[1:]
    indent = _block_indent(content, value)
    units: list[Unit] = []
    pos = len(lines[0]) + 1
    for line in content:
        body = line[indent:] if len(line) > indent else ""
        start = pos + min(indent, len(line))
        units.extend((c, start + j) for j, c in enumerate(body))
        units.append(("\n", pos + len(line)))
        pos += len(line) + 1
    return units, len(raw)


def _block_indent(content: list[str], value: str) -> int:
    """Content indentation: the source's first text line minus the value's own leading
    spaces (an indentation indicator can make the value start with spaces)."""
    src_first = next((ln for ln in content if ln.strip()), "")
    val_first = next((ln for ln in value.split("\n") if ln.strip()), "")
    src_lead = len(src_first) - len(src_first.lstrip(" "))
    val_lead = len(val_first) - len(val_first.lstrip(" "))
    return max(0, src_lead - val_lead)


# --- JSON, TOML, TypeScript -------------------------------------------------------------

_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
                 "r": "\r", "t": "\t"}


def _json_string(raw: str, value: str) -> tuple[list[Unit], int]:
    end = len(raw) - 1
    return _escaped(raw, 1, end, _JSON_ESCAPES, {"u": 4}), end


_TOML_ESCAPES = {'"': '"', "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
                 "t": "\t", "e": "\x1b"}


def _toml_basic(raw: str, value: str) -> tuple[list[Unit], int]:
    end = len(raw) - 1
    return _escaped(raw, 1, end, _TOML_ESCAPES, _HEX_LENGTH), end


def _toml_ml_basic(raw: str, value: str) -> tuple[list[Unit], int]:
    # A newline right after the opening quotes is trimmed; a backslash at the end of a
    # line trims the line break and the next line's leading whitespace.
    start, end = _skip_first_newline(raw, 3), len(raw) - 3
    return _escaped(raw, start, end, _TOML_ESCAPES, _HEX_LENGTH, _TOML_CONTINUATION), end


def _toml_literal(raw: str, value: str) -> tuple[list[Unit], int]:
    return [(raw[i], i) for i in range(1, len(raw) - 1)], len(raw) - 1


def _toml_ml_literal(raw: str, value: str) -> tuple[list[Unit], int]:
    start, end = _skip_first_newline(raw, 3), len(raw) - 3
    return [(raw[i], i) for i in range(start, end)], end


def _skip_first_newline(raw: str, start: int) -> int:
    if raw.startswith("\r\n", start):
        return start + 2
    return start + 1 if raw.startswith("\n", start) else start


_TOML_KINDS = (('"""', _toml_ml_basic), ("'''", _toml_ml_literal), ('"', _toml_basic),
               ("'", _toml_literal))

_TS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _ts_string(raw: str, value: str) -> tuple[list[Unit], int]:
    end = len(raw) - 1
    return _escaped(raw, 1, end, _TS_ESCAPES, {"x": 2, "u": 4}, _TS_CONTINUATION), end


# A backslash at the end of a line: YAML drops the break and the next line's indentation,
# TOML all whitespace up to the next text, TypeScript only the line terminator.
_YAML_CONTINUATION = re.compile(r"\\\r?\n[ \t]*")
_TOML_CONTINUATION = re.compile(r"\\[ \t]*\r?\n[ \t\r\n]*")
_TS_CONTINUATION = re.compile("\\\\(?:\r\n|[\n\r\u2028\u2029])")


def _escaped(raw: str, i: int, end: int, escapes: dict[str, str], hex_len: dict[str, int],
             continuation: re.Pattern | None = None) -> list[Unit]:
    """Units of a backslash-escaped string body raw[i:end]; an unknown escape `\\c`
    stands for `c` (TypeScript; the other formats reject it before we get here)."""
    units: list[Unit] = []
    while i < end:
        c = raw[i]
        if c != "\\":
            units.append((c, i))
            i += 1
            continue
        e = raw[i + 1 : i + 2]
        joined = continuation.match(raw, i, end) if continuation else None
        if joined:
            units.append(("", i))
            i = joined.end()
        elif e in escapes:
            units.append((escapes[e], i))
            i += 2
        elif e == "u" and raw[i + 2 : i + 3] == "{":  # TypeScript \u{1F600}
            close = raw.find("}", i)
            units.append((_chr(raw[i + 3 : close]), i))
            i = close + 1 if close > 0 else end
        elif e in hex_len:
            i = _hex_escape(raw, i, hex_len[e], units)
        else:
            units.append((e, i))
            i += 2
    return units


def _hex_escape(raw: str, i: int, n: int, units: list[Unit]) -> int:
    ch = _chr(raw[i + 2 : i + 2 + n])
    span = 2 + n
    if "\ud800" <= ch <= "\udbff" and raw[i + span : i + span + 2] == "\\u":
        # A UTF-16 surrogate pair written as two escapes decodes to one character.
        low = _chr(raw[i + span + 2 : i + span + 6])
        pair = (ch + low).encode("utf-16-le", "surrogatepass")
        ch = pair.decode("utf-16-le", "replace")
        span += 6
    units.append((ch, i))
    return i + span


def _chr(hex_digits: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except ValueError:
        return ""
