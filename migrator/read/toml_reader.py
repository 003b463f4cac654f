"""TOML → located values: tomlkit for the values, a small scanner for the positions.

tomlkit is the project's TOML library (it validates, and reports duplicate keys and
table redefinitions as errors), but it keeps no line/column per value. The scanner walks
the already-valid source once and records, for every key path it sees, where the key and
the value start: `[a.b]` tables, `[[a]]` arrays of tables (with their indexes), dotted
keys, quoted keys, inline tables and arrays (multi-line too), and all string forms.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import tomlkit
from tomlkit.exceptions import ParseError, TOMLKitError, UnexpectedEofError

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.read.located import LEntry, LMap, LNode, LScalar, LSeq
from migrator.read.positions import LineIndex, decode_string, syntax_hint

MAX_DEPTH = 200

Path = tuple  # a resolved key path: keys and array indexes
# path → (key offset, value offset, raw source of a scalar value or None)
Spots = dict[Path, tuple[int, int, "str | None"]]


class _Stop(Exception):
    """A bound was exceeded; the diagnostic is already recorded."""


def parse_toml(text: str, file: str, diags: Diagnostics) -> LNode | None:
    """`text` as located values (always a mapping); None after a syntax error."""
    try:
        data = tomlkit.parse(text).unwrap()
    except UnexpectedEofError as exc:  # tomlkit puts these at column 0
        line, col = LineIndex(text).position(len(text))
        _syntax_error(text, file, diags, line, col, _message(exc))
        return None
    except ParseError as exc:
        _syntax_error(text, file, diags, exc.line, exc.col + 1, _message(exc))
        return None
    except TOMLKitError as exc:  # KeyAlreadyPresent carries no position
        line, col = _find_duplicate(text, str(exc))
        _syntax_error(text, file, diags, line, col, _message(exc))
        return None
    except RecursionError:
        diags.error("R120", f"the document nests deeper than {MAX_DEPTH} levels; it is not read",
                    at=Location(file))
        return None
    builder = _Builder(file, diags, _Scanner(text).scan(), LineIndex(text))
    try:
        return builder.node(data, (), Location(file, 1, 1), 0)
    except _Stop:
        return None


def _message(exc: Exception) -> str:
    # tomlkit appends " at line X col Y"; the location says that already.
    message = re.sub(r" at line \d+ col \d+$", "", str(exc))
    dup = re.fullmatch(r'Key "(.*)" already exists\.?', message)
    if dup:
        return f"key `{dup.group(1)}` is defined twice; TOML does not allow redefining a key"
    return message


def _syntax_error(text: str, file: str, diags: Diagnostics, line: int, col: int,
                  message: str) -> None:
    at = Location(file, max(line, 1), max(col, 1)) if line else Location(file)
    marker, hint = syntax_hint(text, file)
    if marker is not None:
        diags.error("R107", "unresolved merge conflict marker", at=marker,
                    hint=f"the TOML parser stops at {at}: {message}")
    else:
        diags.error("R107", message, at=at, hint=hint)


def _find_duplicate(text: str, message: str) -> tuple[int, int]:
    """tomlkit names the key but not the place: point at the key's last definition."""
    name = re.search(r'Key "(.*)" already exists', message)
    if name is None:
        return 0, 0
    key = re.escape(name.group(1))
    spots = list(re.finditer(rf'^[ \t]*(?:\[+[^\]\n]*?)?["\']?{key}["\']?\s*(?:=|\])', text,
                             re.M))
    if not spots:
        return 0, 0
    start = spots[-1].start()
    return LineIndex(text).position(start + len(spots[-1].group()) - len(
        spots[-1].group().lstrip()))


class _Builder:
    def __init__(self, file: str, diags: Diagnostics, spots: Spots, lines: LineIndex) -> None:
        self.file, self.diags, self.spots, self.lines = file, diags, spots, lines

    def at(self, offset: int) -> Location:
        line, col = self.lines.position(offset)
        return Location(self.file, line, col)

    def node(self, value: Any, path: Path, fallback: Location, depth: int) -> LNode:
        spot = self.spots.get(path)
        loc = self.at(spot[1]) if spot else fallback
        if depth > MAX_DEPTH:
            self.diags.error("R120", f"the document nests deeper than {MAX_DEPTH} levels; it "
                             "is not read", at=loc)
            raise _Stop()
        kpath = KeyPath(path)
        if isinstance(value, dict):
            entries = []
            for key, item in value.items():
                key_spot = self.spots.get(path + (key,))
                key_loc = self.at(key_spot[0]) if key_spot else loc
                entries.append(LEntry(key, key_loc, self.node(item, path + (key,), key_loc,
                                                              depth + 1)))
            return LMap(tuple(entries), loc, kpath)
        if isinstance(value, list):
            return LSeq(tuple(self.node(v, path + (i,), loc, depth + 1)
                              for i, v in enumerate(value)), loc, kpath)
        if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
            value = value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool) \
                and not -(2**63) <= value < 2**63:
            # TOML integers are 64-bit (the legacy `toml` crate refused wider ones); tomlkit
            # keeps any size, which Python cannot even print past 4300 digits.
            self.diags.error("R121", "the integer is out of range: TOML integers are 64-bit",
                             at=loc, path=kpath)
            raise _Stop()
        return LScalar(value, loc, kpath, "toml", spot[2] if spot else None)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_INLINE_WS = re.compile(r"[ \t]*")
_SCALAR = re.compile(r"[^\s,\]\}#]+(?: [0-9]{2}:[0-9]{2}[^\s,\]\}#]*)?")
_STRING_END = {'"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""("{0,2})', re.S),
               "'''": re.compile(r"(?:[^']|'(?!''))*'''('{0,2})", re.S),
               '"': re.compile(r'(?:[^"\\\n]|\\.)*"'),
               "'": re.compile(r"[^'\n]*'")}


class _Scanner:
    """Walks valid TOML and records where each key path's key and value start."""

    def __init__(self, text: str) -> None:
        self.t = text
        self.i = 0
        self.spots: Spots = {}
        self.aot: dict[Path, int] = {}  # array-of-tables path → index of its last element

    def scan(self) -> Spots:
        try:
            self._document()
        except (IndexError, ValueError):
            pass  # positions are best-effort over text tomlkit accepted: keep what we have
        return self.spots

    def _skip(self, pattern: re.Pattern = _WS) -> None:
        self.i = pattern.match(self.t, self.i).end()

    def _document(self) -> None:
        table: Path = ()
        while True:
            self._skip()
            if self.i >= len(self.t):
                return
            if self.t.startswith("[[", self.i):
                table = self._header(2)
            elif self.t[self.i] == "[":
                table = self._header(1)
            else:
                self._key_value(table)

    def _header(self, brackets: int) -> Path:
        start = self.i
        self.i += brackets
        keys = self._keys()
        self.i = self.t.index("]" * brackets, self.i) + brackets
        path = self._resolve(keys[:-1], start)
        path += (keys[-1][0],)
        self._record(path, keys[-1][1], start)
        if brackets == 2:
            # Arrays of tables nested in an element are keyed by that element's index, so a
            # new element starts its own count.
            index = self.aot.get(path, -1) + 1
            self.aot[path] = index
            path += (index,)
            self._record(path, start, start)
        return path

    def _resolve(self, keys: list[tuple[str, int]], start: int) -> Path:
        """A header's key path, with the current index of each array of tables it crosses."""
        path: Path = ()
        for key, offset in keys:
            path += (key,)
            self._record(path, offset, start)
            if path in self.aot:
                path += (self.aot[path],)
        return path

    def _record(self, path: Path, key_offset: int, value_offset: int,
                raw: str | None = None) -> None:
        self.spots.setdefault(path, (key_offset, value_offset, raw))

    def _keys(self) -> list[tuple[str, int]]:
        """A dotted key: [(key, offset)]."""
        keys = []
        while True:
            self._skip(_INLINE_WS)
            offset = self.i
            ch = self.t[self.i]
            if ch in "\"'":
                end = _STRING_END[ch].match(self.t, self.i + 1).end()
                keys.append((decode_string("toml", self.t[self.i : end]), offset))
                self.i = end
            else:
                match = _BARE_KEY.match(self.t, self.i)
                keys.append((match.group(), offset))
                self.i = match.end()
            self._skip(_INLINE_WS)
            if not self.t.startswith(".", self.i):
                return keys
            self.i += 1

    def _key_value(self, table: Path) -> None:
        keys = self._keys()
        self._skip(_INLINE_WS)
        self.i += 1  # "="
        self._skip(_INLINE_WS)
        path = table
        for key, offset in keys[:-1]:
            path += (key,)
            self._record(path, offset, offset)
        path += (keys[-1][0],)
        self._value(path, keys[-1][1])

    def _value(self, path: Path, key_offset: int) -> None:
        start = self.i
        ch = self.t[start]
        if ch == "{":
            self._record(path, key_offset, start)
            self._inline_table(path)
        elif ch == "[":
            self._record(path, key_offset, start)
            self._array(path)
        else:
            if ch in "\"'":
                quote = self.t[start : start + 3] if self.t[start : start + 3] in (
                    '"""', "'''") else ch
                end = _STRING_END[quote].match(self.t, start + len(quote)).end()
            else:
                end = _SCALAR.match(self.t, start).end()
            self._record(path, key_offset, start, self.t[start:end])
            self.i = end

    def _inline_table(self, path: Path) -> None:
        self.i += 1
        while True:
            self._skip()
            if self.t[self.i] == "}":
                self.i += 1
                return
            if self.t[self.i] == ",":
                self.i += 1
                continue
            self._key_value(path)

    def _array(self, path: Path) -> None:
        self.i += 1
        index = 0
        while True:
            self._skip()
            if self.t[self.i] == "]":
                self.i += 1
                return
            if self.t[self.i] == ",":
                self.i += 1
                index += 1
                continue
            self._value(path + (index,), self.i)
