"""JSON → located values, with a Lark LALR grammar (grammars/json.lark).

The grammar's in-parser transformer builds a light tree of tokens (tokens know their
line/column); a second, top-down pass makes located values, because a value's key path
is only known from its parents. Duplicate keys are reported (serde_json and Python keep
the later value, so do we). Syntax errors are explained in JSON terms at the exact token.
"""

from __future__ import annotations

import json
import math
import re
from typing import Union

from lark import Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.read.located import LEntry, LMap, LNode, LScalar, LSeq
from migrator.read.positions import LineIndex, syntax_hint
from migrator.read.yaml_reader import wide_int
from migrator.syntax.lark_cache import lark_parser

MAX_DEPTH = 200

# ("o", "{" token, [(key token, raw), ...]) | ("a", "[" token, [raw, ...]) | scalar token
Raw = Union[Token, tuple]


class _LightTree(Transformer):
    """Runs inside the LALR parser: no Tree objects are built."""

    def object(self, items: list) -> tuple:
        return ("o", items[0], items[1:-1])

    def pair(self, items: list) -> tuple:
        return (items[0], items[1])

    def array(self, items: list) -> tuple:
        return ("a", items[0], items[1:-1])


_TRANSFORMER = _LightTree()


def _parser():
    return lark_parser("json.lark", start="start", lexer="basic", maybe_placeholders=False,
                       transformer=_TRANSFORMER)


class _Stop(Exception):
    """A bound was exceeded; the diagnostic is already recorded."""


def parse_json(text: str, file: str, diags: Diagnostics) -> LNode | None:
    """`text` as located values; None after a syntax error. Empty text → LScalar(None)."""
    if not text.strip():
        return LScalar(None, Location(file), KeyPath())
    try:
        raw = _parser().parse(text)
    except UnexpectedInput as exc:
        _syntax_error(exc, text, file, diags)
        return None
    try:
        return _Builder(file, diags).node(raw, KeyPath(), 0)
    except _Stop:
        return None


class _Builder:
    def __init__(self, file: str, diags: Diagnostics) -> None:
        self.file = file
        self.diags = diags

    def loc(self, tok: Token) -> Location:
        return Location(self.file, tok.line, tok.column)

    def node(self, raw: Raw, path: KeyPath, depth: int) -> LNode:
        if isinstance(raw, Token):
            return LScalar(self.scalar(raw), self.loc(raw), path, "json", str(raw))
        kind, open_tok, items = raw
        if depth >= MAX_DEPTH:
            self.diags.error("R120", f"the document nests deeper than {MAX_DEPTH} levels; it "
                             "is not read", at=self.loc(open_tok))
            raise _Stop()
        if kind == "a":
            return LSeq(tuple(self.node(v, path / i, depth + 1) for i, v in enumerate(items)),
                        self.loc(open_tok), path)
        return LMap(self.entries(items, path, depth), self.loc(open_tok), path)

    def entries(self, pairs: list, path: KeyPath, depth: int) -> tuple[LEntry, ...]:
        out: list[LEntry] = []
        first_at: dict[str, Location] = {}
        for key_tok, value in pairs:
            key, key_loc = self.string(key_tok), self.loc(key_tok)
            if key in first_at:
                first = first_at[key]
                self.diags.warning("R109", f"duplicate key `{key}` (first at line {first.line}, "
                                   f"column {first.column}); the later value wins",
                                   at=key_loc, path=path / key)
            else:
                first_at[key] = key_loc
            out.append(LEntry(key, key_loc, self.node(value, path / key, depth + 1)))
        return tuple(out)


    def scalar(self, tok: Token) -> str | int | float | bool | None:
        kind = tok.type
        if kind == "STRING":
            return self.string(tok)
        if kind == "NUMBER":
            return self.number(tok)
        return {"TRUE": True, "FALSE": False}.get(kind)  # NULL → None

    def string(self, tok: Token) -> str:
        s = str(tok)
        if "\\" not in s:
            return s[1:-1]
        value = json.loads(s)
        lone = _SURROGATE.search(value)
        if lone is not None:
            # serde_json refuses a lone surrogate; Python keeps it and then cannot print it.
            code_unit = f"\\u{ord(lone.group()):04x}"
            self.diags.error("R122", f"the string contains a lone surrogate `{code_unit}`, "
                             "which is not a character; the legacy OS rejected the file",
                             at=self.loc(tok), hint="write the character itself, or a valid "
                             "surrogate pair")
            raise _Stop()
        return value

    def number(self, tok: Token) -> int | float:
        """Numbers as serde_json read them: i64/u64 exactly, anything else as f64; a number
        too large for f64 is an error (serde_json: "number out of range")."""
        s = str(tok)
        integral = not any(c in s for c in ".eE")
        if integral and len(s.lstrip("-").lstrip("0")) <= 20:
            value: int | float = wide_int(int(s))
        else:
            value = float(s)  # no digit limit, unlike int(); huge → inf
        if isinstance(value, float) and not math.isfinite(value):
            shown = s if len(s) <= 24 else f"{s[:12]}…({len(s)} characters)"
            self.diags.error("R121", f"the number {shown} is out of range: it does not fit a "
                             "64-bit float, and the legacy OS rejected the file", at=self.loc(tok))
            raise _Stop()
        return value


_SURROGATE = re.compile("[\ud800-\udfff]")


# --- syntax errors ------------------------------------------------------------------------

_NAMES = {"LBRACE": "`{`", "RBRACE": "`}`", "LSQB": "`[`", "RSQB": "`]`", "COMMA": "`,`",
          "COLON": "`:`", "STRING": "a string", "NUMBER": "a number", "TRUE": "`true`",
          "FALSE": "`false`", "NULL": "`null`", "$END": "the end of the file"}


def _describe(kind: str) -> str:
    return _NAMES.get(kind, kind)


def _syntax_error(exc: UnexpectedInput, text: str, file: str, diags: Diagnostics) -> None:
    if isinstance(exc, UnexpectedCharacters):
        offset, message, hint = _bad_character(text, exc.pos_in_stream)
    elif isinstance(exc, UnexpectedToken):
        offset, message, hint = _bad_token(text, exc)
    else:
        offset, message, hint = len(text), _unexpected_end(set(exc.expected or ())), None
    line, col = LineIndex(text).position(offset)
    at = Location(file, line, col)
    marker, what = syntax_hint(text, file)
    if marker is not None:
        diags.error("R108", "unresolved merge conflict marker", at=marker,
                    hint=f"the JSON parser stops at {at}: {message}")
    else:
        diags.error("R108", message, at=at, hint=hint or what)


def _unexpected_end(kinds: set[str]) -> str:
    expected = _expected_words(kinds - {"$END"})
    tail = f"; expected {' or '.join(expected)}" if expected else ""
    return f"unexpected end of the file{tail}"


def _bad_token(text: str, exc: UnexpectedToken) -> tuple[int, str, str | None]:
    tok = exc.token
    if tok.type == "$END":
        return len(text.rstrip()), _unexpected_end(_acceptable(exc)), None
    offset = tok.start_pos if tok.start_pos is not None else 0
    before = text[:offset].rstrip()
    if tok.type in ("RBRACE", "RSQB") and before.endswith(","):
        comma_line, comma_col = LineIndex(text).position(len(before) - 1)
        return offset, (f"trailing comma before `{tok}`: JSON does not allow a comma after "
                        "the last item"), f"remove the comma at line {comma_line}, column {comma_col}"
    expected = _expected_words(_acceptable(exc))
    if expected == ["the end of the file"]:
        return offset, f"unexpected {_describe(tok.type)} after the end of the JSON value", None
    message = f"expected {' or '.join(expected)}, found {_describe(tok.type)}"
    hint = "a comma is probably missing" if "`,`" in expected else None
    return offset, message, hint


_VALUE_STARTS = {"LBRACE", "LSQB", "STRING", "NUMBER", "TRUE", "FALSE", "NULL"}


def _expected_words(kinds: set[str]) -> list[str]:
    words = sorted(_describe(k) for k in kinds - _VALUE_STARTS)
    if _VALUE_STARTS <= kinds:
        words.append("a value")
    elif kinds & _VALUE_STARTS:
        words += sorted(_describe(k) for k in kinds & _VALUE_STARTS)
    return words


def _acceptable(exc: UnexpectedToken) -> set[str]:
    """The tokens the parser could really take here. `exc.expected` is the LALR state's
    lookahead set, which merged states make too wide (`[1 2]` would list `}`)."""
    try:
        return set(exc.interactive_parser.accepts())
    except Exception:  # noqa: BLE001 - an explanation must never turn into a crash
        return set(exc.expected)


def _bad_character(text: str, offset: int) -> tuple[int, str, str | None]:
    ch = text[offset]
    if ch == '"':
        return _bad_string(text, offset)
    if ch == "'":
        return offset, "JSON strings use double quotes, found `'`", None
    if text.startswith(("//", "/*"), offset):
        return offset, "JSON does not allow comments", None
    if ch.isalpha() or ch in "_$":
        word = re.match(r"[\w$]+", text[offset:]).group()[:30]
        return offset, f"unexpected `{word}`", ("keys and strings must be in double quotes; "
                                                "literals are true, false and null")
    return offset, f"unexpected character `{ch}`", None


def _bad_string(text: str, start: int) -> tuple[int, str, str | None]:
    """Find what makes the string starting at `start` invalid."""
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == '"':
            break
        if c == "\\":
            esc = text[i + 1 : i + 2]
            if esc == "u" and not _is_hex4(text[i + 2 : i + 6]):
                return i, "invalid `\\u` escape: four hex digits must follow", None
            if esc != "u" and esc not in '"\\/bfnrt':
                return i, f"invalid escape `\\{esc}` in a string", "write a backslash as `\\\\`"
            i += 2
            continue
        if ord(c) < 0x20:
            what = "a line break" if c in "\r\n" else f"control character U+{ord(c):04X}"
            return i, f"{what} inside a string: the string is not closed on this line, or the "\
                "character must be escaped", None
        i += 1
    return start, "unterminated string", None


def _is_hex4(s: str) -> bool:
    return len(s) == 4 and all(c in "0123456789abcdefABCDEF" for c in s)
