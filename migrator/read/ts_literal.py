"""The config spec literal of a 0.3 script wrapper's getConfig.ts → located values.

`compat.getConfig(<spec>)` (or `compat.getConfigAndMatcher(<spec>)`) receives the config
spec as an object literal, directly or through a `const` of the same file. We find the
call with a scanner that knows strings, comments and template literals, then parse the
literal with Lark (grammars/ts_literal.lark). A value that is not a literal (a variable,
a conditional, a call...) does not fail the spec: it is masked by an OPAQUE placeholder,
the literal is parsed again, and the value becomes {"__ts_expr__": "<source text>"} with
a warning, exactly like the corpus' `...partial.json` files.
"""

from __future__ import annotations

import math
import re
from typing import Any, Union

from lark import Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.read.located import LEntry, LMap, LNode, LScalar, LSeq
from migrator.read.positions import LineIndex, decode_string
from migrator.read.ts_scan import (
    IDENT, blank_non_code, deepest, enclosing_value, expression_end, identifier_values,
    skip_space,
)
from migrator.syntax.lark_cache import lark_parser

MAX_DEPTH = 200
TS_EXPR_KEY = "__ts_expr__"
_PLACEHOLDER_BASE = 0xF0000  # private-use plane 15 (a real one in the source is masked)
_REAL_PRIVATE_USE = re.compile("[\U000F0000-\U000FFFFD]")
_MAX_PLACEHOLDERS = 0xFFFD
# The type argument may nest once (`<Record<string, X>>`). `[^()<>]` keeps the match
# linear: `<[^()]*>` rescanned the rest of the file at every candidate (a file full of
# `compat.getConfig<` took minutes).
_CALL = re.compile(r"\bcompat\s*\.\s*(getConfig|getConfigAndMatcher)\s*"
                   r"(?:<(?:[^()<>]|<[^()<>]*>)*>)?\s*\(")

Light = Union[Token, tuple]


class _NotLiteral(Exception):
    def __init__(self, pos: int) -> None:
        self.pos = pos


class _LightTree(Transformer):
    """Runs inside the LALR parser; builds tuples, located values are made top-down."""

    def object(self, items: list) -> tuple:
        return ("o", items[0], items[1:-1])

    def member(self, items: list) -> tuple:
        return (items[0], items[1])

    def array(self, items: list) -> tuple:
        return ("a", items[0], items[1:-1])

    def typed(self, items: list) -> Light:
        return items[0]  # `x as T`, `x satisfies T`: the type does not change the value

    def negative(self, items: list) -> tuple:
        return ("-", items[0], items[1])

    def plus(self, items: list) -> tuple:
        parts = []
        for item in items:
            if isinstance(item, tuple) and item[0] == "+":
                parts.extend(item[1])
            elif isinstance(item, Token) and item.type in ("STRING", "TEMPLATE"):
                parts.append(item)
            else:  # `"a" + x`, `1 + 2`: JavaScript semantics we do not evaluate
                raise _NotLiteral(_first_pos(items[0]))
        return ("+", parts)


def _first_pos(item: Light) -> int:
    if isinstance(item, Token):
        return item.start_pos
    return _first_pos(item[1][0] if item[0] == "+" else item[1])


_TRANSFORMER = _LightTree()


def _parser():
    return lark_parser("ts_literal.lark", start="start", lexer="contextual",
                       maybe_placeholders=False, transformer=_TRANSFORMER)


# --- finding the literal --------------------------------------------------------------------

def extract_get_config(text: str, file: str, diags: Diagnostics) -> LNode | None:
    """The spec literal passed to compat.getConfig(...) in a getConfig.ts, located."""
    code = blank_non_code(text)
    call = _CALL.search(code)
    if call is None:
        diags.error("R118", "no `compat.getConfig(...)` or `compat.getConfigAndMatcher(...)` "
                    "call in this file", at=Location(file),
                    hint="give the config spec with --config-spec FILE instead")
        return None
    start = skip_space(code, call.end())
    name = IDENT.fullmatch(text, start, expression_end(code, start)[0])
    if name is None or name.group() in ("true", "false", "null", "undefined"):
        return parse_ts_literal(text, file, diags, offset=start)
    value_start = _declaration(code, name.group())
    if value_start is None:
        at = _location(text, file, start)
        diags.warning("R117", f"the config spec `{name.group()}` is not declared in this file "
                      "(imported?); it is kept as an unknown value", at=at)
        return _opaque(name.group(), at, KeyPath())
    return parse_ts_literal(text, file, diags, offset=value_start)


def _declaration(code: str, name: str) -> int | None:
    """Where the value of `[export] const|let|var <name>[: Type] = <value>` starts."""
    decl = re.search(rf"\b(?:const|let|var)\s+{re.escape(name)}\b", code)
    if decl is None:
        return None
    i, depth = decl.end(), 0
    while i < len(code):  # skip a type annotation up to the `=` at depth 0
        c = code[i]
        if c in "([{<":
            depth += 1
        elif c in ")]}>" and not (c == ">" and code[i - 1] == "="):
            depth -= 1
        elif c == "=" and depth == 0 and code[i + 1 : i + 2] not in ("=", ">"):
            return skip_space(code, i + 1)
        i += 1
    return None


# --- parsing the literal ----------------------------------------------------------------------

def parse_ts_literal(text: str, file: str, diags: Diagnostics, *, offset: int = 0) -> LNode | None:
    """The literal expression starting at `offset` of `text` (a whole file, so locations
    are file positions); non-literal values become `__ts_expr__` maps (R117)."""
    code = blank_non_code(text)
    end, unbalanced = expression_end(code, offset)
    if unbalanced is not None:
        diags.error("R116", f"unbalanced bracket `{text[unbalanced]}`: the config spec literal "
                    "cannot be parsed", at=_location(text, file, unbalanced))
        return None
    if end <= offset:
        diags.error("R116", "no config spec literal here", at=_location(text, file, offset))
        return None
    too_deep = deepest(code, offset, end, MAX_DEPTH)
    if too_deep is not None:
        diags.error("R120", f"the config spec nests deeper than {MAX_DEPTH} levels",
                    at=_location(text, file, too_deep))
        return None
    span, masked_code = text[offset:end], code[offset:end]
    # A real private-use character must not pass for a placeholder: make it a lexing error
    # (its value is then unknown, its source kept). Token values are read from `span`.
    masked = _REAL_PRIVATE_USE.sub("\0", span)
    # Mask the obvious non-literal values in one pass first: re-parsing after each of 1000
    # `foo()` values took 48 s. The loop below still handles whatever this pass leaves.
    regions = identifier_values(masked_code)[:_MAX_PLACEHOLDERS]
    for index, region in enumerate(regions):
        masked = _mask(masked, region, index)
        masked_code = _mask(masked_code, region, index)
    while True:
        try:
            light = _parser().parse(masked)
            break
        except (UnexpectedInput, _NotLiteral) as exc:
            region = enclosing_value(masked_code, _error_pos(exc, masked))
            if region is None or region in regions or len(regions) >= _MAX_PLACEHOLDERS:
                diags.error("R116", f"the config spec literal cannot be parsed: {_why(exc)}",
                            at=_location(text, file, offset + _error_pos(exc, masked)))
                return None
            masked = _mask(masked, region, len(regions))
            masked_code = _mask(masked_code, region, len(regions))
            regions.append(region)
    node = _Builder(text, file, diags, offset, span, regions).node(light, KeyPath())
    if node is _UNDEFINED:
        return LScalar(None, _location(text, file, offset), KeyPath(), "ts", "undefined")
    return node


_SURROGATE = re.compile("[\\ud800-\\udfff]")
def _error_pos(exc: Exception, masked: str) -> int:
    if isinstance(exc, _NotLiteral):
        return exc.pos
    if isinstance(exc, UnexpectedToken):
        return len(masked) if exc.token.type == "$END" else exc.token.start_pos
    if isinstance(exc, UnexpectedCharacters):
        return exc.pos_in_stream
    return len(masked)


def _why(exc: Exception) -> str:
    if isinstance(exc, UnexpectedToken):
        return f"unexpected `{exc.token}`" if exc.token.type != "$END" else "it ends too early"
    if isinstance(exc, UnexpectedCharacters):
        return f"unexpected character `{exc.char}`"
    return "not a literal"


def _mask(s: str, region: tuple[int, int], index: int) -> str:
    a, b = region
    filler = "".join("\n" if c == "\n" else " " for c in s[a + 1 : b])
    return s[:a] + chr(_PLACEHOLDER_BASE + index) + filler + s[b:]


def _location(text: str, file: str, offset: int) -> Location:
    line, col = LineIndex(text).position(offset)
    return Location(file, line, col)


def _opaque(source: str, at: Location, path: KeyPath) -> LMap:
    value = LScalar(source, at, path / TS_EXPR_KEY, "ts", None)
    return LMap((LEntry(TS_EXPR_KEY, at, value),), at, path)


_UNDEFINED = object()


class _Builder:
    def __init__(self, text: str, file: str, diags: Diagnostics, offset: int, span: str,
                 regions: list[tuple[int, int]]) -> None:
        self.file, self.diags, self.offset, self.span = file, diags, offset, span
        self.regions = regions
        self.lines = LineIndex(text)

    def at(self, pos: int) -> Location:
        line, col = self.lines.position(self.offset + pos)
        return Location(self.file, line, col)

    def node(self, light: Light, path: KeyPath) -> Any:
        """A located value, or _UNDEFINED for the literal `undefined`."""
        if isinstance(light, Token):
            return self.token(light, path)
        kind, head = light[0], light[1]
        if kind == "+":
            value = "".join(decode_string("ts", self.span[t.start_pos : t.end_pos])
                            for t in head)
            return LScalar(value, self.at(head[0].start_pos), path, "ts", None)
        if kind == "-":
            number = _finite(_number(str(light[2])), light[2], self, path)
            return LScalar(None if number is None else (-number or 0), self.at(head.start_pos),
                           path, "ts", self.span[head.start_pos : light[2].end_pos])
        if kind == "a":
            items = [self.node(v, path / i) for i, v in enumerate(light[2])]
            # JSON (how the legacy OS received the spec) turns `undefined` items into null.
            items = [LScalar(None, self.at(head.start_pos), path / i, "ts", "undefined")
                     if v is _UNDEFINED else v for i, v in enumerate(items)]
            return LSeq(tuple(items), self.at(head.start_pos), path)
        return LMap(self.entries(light[2], path), self.at(head.start_pos), path)

    def entries(self, members: list, path: KeyPath) -> tuple[LEntry, ...]:
        out: list[LEntry] = []
        first_at: dict[str, Location] = {}
        for key_tok, value in members:
            key, key_raw = _key(key_tok.type, self.span[key_tok.start_pos : key_tok.end_pos])
            key_loc = self.at(key_tok.start_pos)
            self.surrogate(self.span[key_tok.start_pos : key_tok.end_pos], key, key_loc,
                           path / key)
            node = self.node(value, path / key)
            if node is _UNDEFINED:
                continue  # JSON drops `undefined` members, so the legacy OS never saw them
            if key in first_at:
                first = first_at[key]
                self.diags.warning("R109", f"duplicate key `{key}` (first at line {first.line}, "
                                   f"column {first.column}); the later value wins",
                                   at=key_loc, path=path / key)
            first_at.setdefault(key, key_loc)
            out.append(LEntry(key, key_loc, node, key_raw))
        return tuple(out)

    def surrogate(self, raw: str, value: str, loc: Location, path: KeyPath) -> None:
        if "\\u" in raw and _SURROGATE.search(value):
            # JavaScript allows it, but serde_json, which read the spec, refused it.
            self.diags.error("R122", "the string contains a lone surrogate, which is not a "
                             "character; the legacy OS could not read this spec", at=loc,
                             path=KeyPath(tuple(_printable(p) for p in path.parts)))

    def token(self, tok: Token, path: KeyPath) -> Any:
        loc, raw = self.at(tok.start_pos), self.span[tok.start_pos : tok.end_pos]
        kind = tok.type
        if kind == "OPAQUE":
            a, b = self.regions[ord(str(tok)) - _PLACEHOLDER_BASE]
            source = self.span[a:b]
            short = source if len(source) <= 60 else source[:57] + "..."
            self.diags.warning("R117", f"`{short}` is not a literal; the value is kept as "
                               f"unknown (`{TS_EXPR_KEY}`)", at=loc, path=path)
            return _opaque(source, loc, path)
        if kind == "UNDEFINED":
            return _UNDEFINED
        if kind in ("STRING", "TEMPLATE"):
            value: Any = decode_string("ts", raw)
            self.surrogate(raw, value, loc, path)
        elif kind == "NUMBER":
            value = _finite(_number(raw), tok, self, path)
        else:
            value = {"TRUE": True, "FALSE": False}.get(kind)
        return LScalar(value, loc, path, "ts", raw)


def _printable(part: Any) -> Any:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", part) \
        if isinstance(part, str) else part


def _number(raw: str) -> int | float:
    """A JavaScript number as the legacy OS received it through JSON: integral values
    (`8080`, `1.0`, `1e3`) are integers, others floats."""
    s = raw.replace("_", "").lower()
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if s.startswith(prefix):
            whole = int(s[2:], base)  # power-of-two bases: no digit limit
            if whole < 2**53:
                return whole
            try:
                return float(whole)  # a JavaScript number is a double
            except OverflowError:
                return math.inf
    value = float(s)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _finite(value: Any, tok: Token, builder: "_Builder", path: KeyPath) -> Any:
    """JavaScript reads `1e400` as Infinity, and JSON (how the legacy OS received the spec)
    writes Infinity as null: keep null, and say so."""
    if isinstance(value, float) and not math.isfinite(value):
        raw = builder.span[tok.start_pos : tok.end_pos]
        shown = raw if len(raw) <= 24 else f"{raw[:12]}…({len(raw)} characters)"
        builder.diags.warning("R123", f"the number {shown} is Infinity in JavaScript; the legacy "
                              "OS received the spec as JSON, where it became null",
                              at=builder.at(tok.start_pos), path=path,
                              hint="write a finite number, or null")
        return None
    return value


def _key(kind: str, raw: str) -> tuple[str, Any]:
    if kind == "STRING":
        return decode_string("ts", raw), None
    if kind == "NUMBER":
        number = _number(raw)
        return str(number), number  # JavaScript's property name for `1:` is "1"
    return raw, None
