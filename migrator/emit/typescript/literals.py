"""Every legacy value enters the generated TypeScript through these functions.

A string, number or key taken from a legacy manifest or config spec is untrusted text: a
description holding `'`, `\\`, a newline, `*/` or U+2028 must not change the program. These
functions return literal source that (a) evaluates in node to exactly the input and (b) is
what prettier 3.10.1 (singleQuote, quoteProps "as-needed", parser typescript) prints for it,
so a generated file is prettier-clean without running prettier.

Facts about prettier 3.10.1 this relies on (read from its estree printer, checked by tests):
* string quotes: the quote that occurs less often in the content wins, ties go to the
  preferred single quote; a literal already in the preferred quote is left untouched (no
  escape normalisation), so any valid escape we choose is stable;
* object keys (as-needed): a quoted key is unquoted when, on its own, it is an ES5
  identifier name whose literal has no escapes; there is no object-wide rule in this
  version, and TypeScript keys that look like numbers are never unquoted;
* numbers: lower-case, no `+`/leading zeros in the exponent, no trailing dot.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata


# prettier's isEs5IdentifierName character classes (plugins/estree.mjs, `sf`), as hex
# code-point ranges. Identifier parts = starts + the extra ranges.
_ES5_ID_START = (
    "24 41-5a 5f 61-7a aa b5 ba c0-d6 d8-f6 f8-2c1 2c6-2d1 2e0-2e4 2ec 2ee 370-374 376-377 "
    "37a-37d 37f 386 388-38a 38c 38e-3a1 3a3-3f5 3f7-481 48a-52f 531-556 559 561-587 5d0-5ea "
    "5f0-5f2 620-64a 66e-66f 671-6d3 6d5 6e5-6e6 6ee-6ef 6fa-6fc 6ff 710 712-72f 74d-7a5 7b1 "
    "7ca-7ea 7f4-7f5 7fa 800-815 81a 824 828 840-858 8a0-8b4 8b6-8bd 904-939 93d 950 958-961 "
    "971-980 985-98c 98f-990 993-9a8 9aa-9b0 9b2 9b6-9b9 9bd 9ce 9dc-9dd 9df-9e1 9f0-9f1 "
    "a05-a0a a0f-a10 a13-a28 a2a-a30 a32-a33 a35-a36 a38-a39 a59-a5c a5e a72-a74 a85-a8d "
    "a8f-a91 a93-aa8 aaa-ab0 ab2-ab3 ab5-ab9 abd ad0 ae0-ae1 af9 b05-b0c b0f-b10 b13-b28 "
    "b2a-b30 b32-b33 b35-b39 b3d b5c-b5d b5f-b61 b71 b83 b85-b8a b8e-b90 b92-b95 b99-b9a b9c "
    "b9e-b9f ba3-ba4 ba8-baa bae-bb9 bd0 c05-c0c c0e-c10 c12-c28 c2a-c39 c3d c58-c5a c60-c61 "
    "c80 c85-c8c c8e-c90 c92-ca8 caa-cb3 cb5-cb9 cbd cde ce0-ce1 cf1-cf2 d05-d0c d0e-d10 "
    "d12-d3a d3d d4e d54-d56 d5f-d61 d7a-d7f d85-d96 d9a-db1 db3-dbb dbd dc0-dc6 e01-e30 "
    "e32-e33 e40-e46 e81-e82 e84 e87-e88 e8a e8d e94-e97 e99-e9f ea1-ea3 ea5 ea7 eaa-eab "
    "ead-eb0 eb2-eb3 ebd ec0-ec4 ec6 edc-edf f00 f40-f47 f49-f6c f88-f8c 1000-102a 103f "
    "1050-1055 105a-105d 1061 1065-1066 106e-1070 1075-1081 108e 10a0-10c5 10c7 10cd 10d0-10fa "
    "10fc-1248 124a-124d 1250-1256 1258 125a-125d 1260-1288 128a-128d 1290-12b0 12b2-12b5 "
    "12b8-12be 12c0 12c2-12c5 12c8-12d6 12d8-1310 1312-1315 1318-135a 1380-138f 13a0-13f5 "
    "13f8-13fd 1401-166c 166f-167f 1681-169a 16a0-16ea 16ee-16f8 1700-170c 170e-1711 1720-1731 "
    "1740-1751 1760-176c 176e-1770 1780-17b3 17d7 17dc 1820-1877 1880-1884 1887-18a8 18aa "
    "18b0-18f5 1900-191e 1950-196d 1970-1974 1980-19ab 19b0-19c9 1a00-1a16 1a20-1a54 1aa7 "
    "1b05-1b33 1b45-1b4b 1b83-1ba0 1bae-1baf 1bba-1be5 1c00-1c23 1c4d-1c4f 1c5a-1c7d 1c80-1c88 "
    "1ce9-1cec 1cee-1cf1 1cf5-1cf6 1d00-1dbf 1e00-1f15 1f18-1f1d 1f20-1f45 1f48-1f4d 1f50-1f57 "
    "1f59 1f5b 1f5d 1f5f-1f7d 1f80-1fb4 1fb6-1fbc 1fbe 1fc2-1fc4 1fc6-1fcc 1fd0-1fd3 1fd6-1fdb "
    "1fe0-1fec 1ff2-1ff4 1ff6-1ffc 2071 207f 2090-209c 2102 2107 210a-2113 2115 2119-211d 2124 "
    "2126 2128 212a-212d 212f-2139 213c-213f 2145-2149 214e 2160-2188 2c00-2c2e 2c30-2c5e "
    "2c60-2ce4 2ceb-2cee 2cf2-2cf3 2d00-2d25 2d27 2d2d 2d30-2d67 2d6f 2d80-2d96 2da0-2da6 "
    "2da8-2dae 2db0-2db6 2db8-2dbe 2dc0-2dc6 2dc8-2dce 2dd0-2dd6 2dd8-2dde 2e2f 3005-3007 "
    "3021-3029 3031-3035 3038-303c 3041-3096 309d-309f 30a1-30fa 30fc-30ff 3105-312d 3131-318e "
    "31a0-31ba 31f0-31ff 3400-4db5 4e00-9fd5 a000-a48c a4d0-a4fd a500-a60c a610-a61f a62a-a62b "
    "a640-a66e a67f-a69d a6a0-a6ef a717-a71f a722-a788 a78b-a7ae a7b0-a7b7 a7f7-a801 a803-a805 "
    "a807-a80a a80c-a822 a840-a873 a882-a8b3 a8f2-a8f7 a8fb a8fd a90a-a925 a930-a946 a960-a97c "
    "a984-a9b2 a9cf a9e0-a9e4 a9e6-a9ef a9fa-a9fe aa00-aa28 aa40-aa42 aa44-aa4b aa60-aa76 aa7a "
    "aa7e-aaaf aab1 aab5-aab6 aab9-aabd aac0 aac2 aadb-aadd aae0-aaea aaf2-aaf4 ab01-ab06 "
    "ab09-ab0e ab11-ab16 ab20-ab26 ab28-ab2e ab30-ab5a ab5c-ab65 ab70-abe2 ac00-d7a3 d7b0-d7c6 "
    "d7cb-d7fb f900-fa6d fa70-fad9 fb00-fb06 fb13-fb17 fb1d fb1f-fb28 fb2a-fb36 fb38-fb3c fb3e "
    "fb40-fb41 fb43-fb44 fb46-fbb1 fbd3-fd3d fd50-fd8f fd92-fdc7 fdf0-fdfb fe70-fe74 fe76-fefc "
    "ff21-ff3a ff41-ff5a ff66-ffbe ffc2-ffc7 ffca-ffcf ffd2-ffd7 ffda-ffdc "
)
_ES5_ID_PART_EXTRA = (
    "30-39 300-36f 483-487 591-5bd 5bf 5c1-5c2 5c4-5c5 5c7 610-61a 64b-669 670 6d6-6dc 6df-6e4 "
    "6e7-6e8 6ea-6ed 6f0-6f9 711 730-74a 7a6-7b0 7c0-7c9 7eb-7f3 816-819 81b-823 825-827 "
    "829-82d 859-85b 8d4-8e1 8e3-903 93a-93c 93e-94f 951-957 962-963 966-96f 981-983 9bc "
    "9be-9c4 9c7-9c8 9cb-9cd 9d7 9e2-9e3 9e6-9ef a01-a03 a3c a3e-a42 a47-a48 a4b-a4d a51 "
    "a66-a71 a75 a81-a83 abc abe-ac5 ac7-ac9 acb-acd ae2-ae3 ae6-aef b01-b03 b3c b3e-b44 "
    "b47-b48 b4b-b4d b56-b57 b62-b63 b66-b6f b82 bbe-bc2 bc6-bc8 bca-bcd bd7 be6-bef c00-c03 "
    "c3e-c44 c46-c48 c4a-c4d c55-c56 c62-c63 c66-c6f c81-c83 cbc cbe-cc4 cc6-cc8 cca-ccd "
    "cd5-cd6 ce2-ce3 ce6-cef d01-d03 d3e-d44 d46-d48 d4a-d4d d57 d62-d63 d66-d6f d82-d83 dca "
    "dcf-dd4 dd6 dd8-ddf de6-def df2-df3 e31 e34-e3a e47-e4e e50-e59 eb1 eb4-eb9 ebb-ebc "
    "ec8-ecd ed0-ed9 f18-f19 f20-f29 f35 f37 f39 f3e-f3f f71-f84 f86-f87 f8d-f97 f99-fbc fc6 "
    "102b-103e 1040-1049 1056-1059 105e-1060 1062-1064 1067-106d 1071-1074 1082-108d 108f-109d "
    "135d-135f 1712-1714 1732-1734 1752-1753 1772-1773 17b4-17d3 17dd 17e0-17e9 180b-180d "
    "1810-1819 1885-1886 18a9 1920-192b 1930-193b 1946-194f 19d0-19d9 1a17-1a1b 1a55-1a5e "
    "1a60-1a7c 1a7f-1a89 1a90-1a99 1ab0-1abd 1b00-1b04 1b34-1b44 1b50-1b59 1b6b-1b73 1b80-1b82 "
    "1ba1-1bad 1bb0-1bb9 1be6-1bf3 1c24-1c37 1c40-1c49 1c50-1c59 1cd0-1cd2 1cd4-1ce8 1ced "
    "1cf2-1cf4 1cf8-1cf9 1dc0-1df5 1dfb-1dff 200c-200d 203f-2040 2054 20d0-20dc 20e1 20e5-20f0 "
    "2cef-2cf1 2d7f 2de0-2dff 302a-302f 3099-309a a620-a629 a66f a674-a67d a69e-a69f a6f0-a6f1 "
    "a802 a806 a80b a823-a827 a880-a881 a8b4-a8c5 a8d0-a8d9 a8e0-a8f1 a900-a909 a926-a92d "
    "a947-a953 a980-a983 a9b3-a9c0 a9d0-a9d9 a9e5 a9f0-a9f9 aa29-aa36 aa43 aa4c-aa4d aa50-aa59 "
    "aa7b-aa7d aab0 aab2-aab4 aab7-aab8 aabe-aabf aac1 aaeb-aaef aaf5-aaf6 abe3-abea abec-abed "
    "abf0-abf9 fb1e fe00-fe0f fe20-fe2f fe33-fe34 fe4d-fe4f ff10-ff19 ff3f "
)


def _parse_ranges(spec: str) -> tuple[list[int], list[int]]:
    lows, highs = [], []
    for item in spec.split():
        lo, _, hi = item.partition("-")
        lows.append(int(lo, 16))
        highs.append(int(hi or lo, 16))
    return lows, highs


_ASCII_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*").fullmatch
_START = _parse_ranges(_ES5_ID_START)
_EXTRA = _parse_ranges(_ES5_ID_PART_EXTRA)


def _in(ranges: tuple[list[int], list[int]], cp: int) -> bool:
    i = bisect.bisect_right(ranges[0], cp) - 1
    return i >= 0 and cp <= ranges[1][i]


def is_es5_identifier_name(s: str) -> bool:
    """prettier's isEs5IdentifierName (reserved words included: they are valid keys)."""
    if _ASCII_NAME(s):
        return True
    if not s or not _in(_START, ord(s[0])):
        return False
    return all(_in(_START, ord(c)) or _in(_EXTRA, ord(c)) for c in s[1:])


RESERVED_WORDS = frozenset(
    "break case catch class const continue debugger default delete do else enum export "
    "extends false finally for function if import in instanceof new null return super switch "
    "this throw true try typeof var void while with yield let static implements interface "
    "package private protected public await".split()
)


def is_identifier(s: str) -> bool:
    """Usable as a variable or parameter name in the generated code."""
    if _ASCII_NAME(s):  # the common case: a valid name in every table
        return s not in RESERVED_WORDS
    return (is_es5_identifier_name(s) and s not in RESERVED_WORDS
            and all(_js_name_char(c, i == 0) for i, c in enumerate(s)))


# --------------------------------------------------------------------------- strings

_NAMED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
                  "\f": "\\f", "\v": "\\v"}


def _escape_char(c: str) -> str | None:
    """The escape for `c` inside any string literal, or None to keep it raw.

    Controls, line/paragraph separators and lone surrogates are unsafe or unwritable raw;
    format characters (bidi overrides, zero-width spaces, BOM) are escaped so a hostile
    string cannot hide code from a reviewer ("trojan source"). ZWJ stays raw: emoji use it.
    """
    if c in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[c]
    cp = ord(c)
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return f"\\x{cp:02x}"
    if cp in (0x2028, 0x2029) or 0xD800 <= cp <= 0xDFFF:
        return f"\\u{cp:04x}"
    if cp != 0x200D and _is_format_char(cp):
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\u{{{cp:x}}}"
    return None


def _is_format_char(cp: int) -> bool:
    # Unicode category Cf (stable list; unicodedata's tables differ across Pythons)
    return (cp in (0xAD, 0x61C, 0x6DD, 0x70F, 0x8E2, 0x180E, 0xFEFF, 0x110BD, 0x110CD)
            or 0x600 <= cp <= 0x605 or 0x200B <= cp <= 0x200F or 0x202A <= cp <= 0x202E
            or 0x2060 <= cp <= 0x2064 or 0x2066 <= cp <= 0x206F or 0xFFF9 <= cp <= 0xFFFB
            or 0x13430 <= cp <= 0x1343F or 0x1BCA0 <= cp <= 0x1BCA3
            or 0x1D173 <= cp <= 0x1D17A or cp == 0xE0001 or 0xE0020 <= cp <= 0xE007F)


def preferred_quote(s: str) -> str:
    """prettier's getPreferredQuote with singleQuote: fewer escapes wins, ties -> '."""
    return '"' if s.count("'") > s.count('"') else "'"


_PLAIN_ASCII = re.compile(r"[ -\[\]-~]*").fullmatch  # printable ASCII but the backslash


# Every character `_escape_char` escapes but the backslash (controls, separators, lone
# surrogates, format characters but ZWJ), to find them with one regex scan instead of a
# call per character. A string literal escapes the backslash too, a comment keeps it.
_UNSAFE_CLASS = (
    "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\xad\u061c\u06dd\u070f\u08e2\u180e"
    "\ufeff\U000110bd\U000110cd\u0600-\u0605\u200b\u200c\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufff9-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_TO_ESCAPE = {q: re.compile(f"[{q}\\\\{_UNSAFE_CLASS}]") for q in "'\""}
_TO_BLANK = re.compile(f"[{_UNSAFE_CLASS}]")


def _escape_match(m: re.Match) -> str:
    c = m.group()
    esc = _escape_char(c)
    return "\\" + c if esc is None else esc  # not escaped otherwise: the quote


# Bounded memo of the literals and keys printed: the files of a batch repeat most of them.
@functools.lru_cache(maxsize=1 << 16)
def ts_string(s: str, also_escape: frozenset = frozenset()) -> str:
    """A TypeScript string literal for `s`, exactly as prettier would print it."""
    quote = preferred_quote(s)
    if not also_escape and _PLAIN_ASCII(s):  # nothing to escape but the quote itself
        return quote + s.replace(quote, "\\" + quote) + quote
    if not also_escape:  # one scan for the characters to escape, as the loop below would
        return quote + _TO_ESCAPE[quote].sub(_escape_match, s) + quote
    out = [quote]
    for c in s:
        if c == quote:
            out.append("\\" + c)
        elif c in also_escape:
            out.append(f"\\u{ord(c):04x}")
        else:
            esc = _escape_char(c)
            out.append(c if esc is None else esc)
    out.append(quote)
    return "".join(out)


_LINE_BREAKS = re.compile("\r\n|[\n\r\u2028\u2029]")


def ts_comment(s: str) -> str:
    """Text safe inside a `//` line comment and a `/* */` block: one line, no `*/`,
    no control characters, no trailing blanks (prettier trims those)."""
    if s.isascii() and s.isprintable():  # no line break, no character to blank out
        return s.replace("*/", "* /").rstrip()
    one_line = _LINE_BREAKS.sub(" ", s).replace("*/", "* /")
    cleaned = _TO_BLANK.sub(" ", one_line)  # what `_escape_char` escapes, but `\\`
    return cleaned.rstrip()


# ------------------------------------------------------------------------------ keys

PROTO_KEY = "['__proto__']"


@functools.lru_cache(maxsize=1 << 16)
def ts_key(s: str) -> str:
    """An object-literal key for `s`: bare when prettier would unquote it, else quoted.

    `__proto__` is the one key whose plain form (quoted or not) sets the prototype instead
    of a property, so it becomes a computed key, which prettier keeps as written.
    """
    if s == "__proto__":
        return PROTO_KEY
    if _ASCII_NAME(s):  # the common case, valid as both ES5 and modern names
        return s
    if not is_es5_identifier_name(s):
        return ts_string(s)
    # prettier's ES5 table still holds a few characters modern JavaScript rejects in names
    # (e.g. U+2E2F); it would unquote them into a syntax error, but never unquotes a key
    # whose literal has an escape.
    invalid = frozenset(c for i, c in enumerate(s) if not _js_name_char(c, i == 0))
    return ts_string(s, invalid) if invalid else s


def _js_name_char(c: str, first: bool) -> bool:
    if c in "$_" or (not first and c in "\u200c\u200d"):
        return True
    return c.isidentifier() if first else ("a" + c).isidentifier()


def ts_keys(keys: list[str]) -> list[str]:
    """Keys of one object literal. prettier 3.10.1's as-needed rule is per key (checked in
    plugins/estree.mjs: `quoteProps === "as-needed" && isStringKeySafelyUnquotable(key)`,
    no sibling scan), so this is `ts_key` on each; duplicates are a caller error."""
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate object keys")
    return [ts_key(k) for k in keys]


# ---------------------------------------------------------------------------- numbers

_MAX_SAFE = 2**53


def ts_number(x: int | float) -> str:
    """A numeric literal prettier leaves alone, evaluating to the same IEEE double.

    Negative values come back with a leading `-` (a unary minus in the AST). Integers that a
    double cannot hold exactly, NaN and infinities have no literal: ValueError.
    """
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"not a number: {x!r}")
    if isinstance(x, int):
        if abs(x) > _MAX_SAFE and int(float(x)) != x:
            raise ValueError(f"{x} is not exactly representable as a JavaScript number")
        return str(x)
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"{x} has no JavaScript literal")
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    return normalize_number(repr(x))


def normalize_number(raw: str) -> str:
    """prettier's printNumber (src/utils/print-number.js) on a decimal literal."""
    s = raw.lower()
    s = re.sub(r"^([+-]?[\d.]+e)(?:\+|(-))?0*(?=\d)", lambda m: m[1] + (m[2] or ""), s)
    s = re.sub(r"^([+-]?[\d.]+)e[+-]?0+$", r"\1", s)
    s = re.sub(r"^([+-])?\.", lambda m: (m[1] or "") + "0.", s)
    s = re.sub(r"(\.\d+?)0+(?=e|$)", r"\1", s, count=1)
    return re.sub(r"\.(?=e|$)", "", s, count=1)


def utf16_len(s: str) -> int:
    """JavaScript's `.length` (prettier compares some lengths in UTF-16 code units)."""
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


# ------------------------------------------------------------------------ display width

# Wide and full-width code points of the get-east-asian-width tables prettier 3.10.1 bundles
# (doc.mjs `wideRanges` + `fullwidthRanges`). Python's own East Asian Width data differs (it
# calls unassigned code points "F"), and a column of difference moves a line break.
_WIDE = (
    "1100-115f 231a-231b 2329-232a 23e9-23ec 23f0 23f3 25fd-25fe 2614-2615 2630-2637 2648-2653 "
    "267f 268a-268f 2693 26a1 26aa-26ab 26bd-26be 26c4-26c5 26ce 26d4 26ea 26f2-26f3 26f5 26fa "
    "26fd 2705 270a-270b 2728 274c 274e 2753-2755 2757 2795-2797 27b0 27bf 2b1b-2b1c 2b50 2b55 "
    "2e80-2e99 2e9b-2ef3 2f00-2fd5 2ff0-303e 3041-3096 3099-30ff 3105-312f 3131-318e 3190-31e5 "
    "31ef-321e 3220-3247 3250-a48c a490-a4c6 a960-a97c ac00-d7a3 f900-faff fe10-fe19 fe30-fe52 "
    "fe54-fe66 fe68-fe6b ff01-ff60 ffe0-ffe6 16fe0-16fe4 16ff0-16ff6 17000-18cda 18cff-18d20 "
    "18d80-18df2 18e00-19191 191a0-191d2 1aff0-1aff3 1aff5-1affb 1affd-1affe 1b000-1b128 1b132 "
    "1b150-1b152 1b155 1b164-1b168 1b170-1b2fb 1d300-1d356 1d360-1d376 1f004 1f0cf 1f18e "
    "1f191-1f19a 1f1ae 1f200-1f202 1f210-1f23b 1f240-1f248 1f250-1f251 1f260-1f265 1f300-1f320 "
    "1f32d-1f335 1f337-1f37c 1f37e-1f393 1f3a0-1f3ca 1f3cf-1f3d3 1f3e0-1f3f0 1f3f4 1f3f8-1f43e "
    "1f440 1f442-1f4fc 1f4ff-1f53d 1f54b-1f54e 1f550-1f567 1f57a 1f595-1f596 1f5a4 1f5fb-1f64f "
    "1f680-1f6c5 1f6cc 1f6d0-1f6d2 1f6d5-1f6d9 1f6dc-1f6df 1f6eb-1f6ec 1f6f4-1f6fc 1f7da "
    "1f7e0-1f7eb 1f7f0 1f90c-1f93a 1f93c-1f945 1f947-1f9ff 1fa70-1fa7c 1fa80-1fac6 1fac8 "
    "1facc-1fadd 1fadf-1faeb 1faef-1fafa 20000-2fffd 30000-3fffd "
)

_WIDE_RANGES = _parse_ranges(_WIDE)
_EMOJI_TAIL = {0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400)) | set(range(0xE0020, 0xE0080))


def _is_pictographic(cp: int) -> bool:
    return 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2300 <= cp <= 0x23FF


def _char_width(c: str) -> int:
    cp = ord(c)
    if cp <= 31 or 127 <= cp <= 159 or unicodedata.category(c) in ("Mn", "Me"):
        return 0
    return 2 if _in(_WIDE_RANGES, cp) else 1


def display_width(s: str) -> int:
    """prettier's getStringWidth: ASCII counts its length; otherwise wide and full-width
    characters count 2, controls and combining marks 0, and an emoji sequence (a
    pictograph with VS16 / skin tones / ZWJ + pictograph / tags, a keycap, a flag) counts 2
    as a whole. prettier finds sequences with emoji-regex's RGI list; this heuristic agrees
    on RGI sequences and single characters, not on arbitrary non-RGI combinations."""
    if s.isascii() and (s.isprintable() or all(" " <= c <= "\x7f" for c in s)):
        return len(s)
    width, i, n = 0, 0, len(s)
    while i < n:
        cp = ord(s[i])
        if cp in (0x23, 0x2A) or 0x30 <= cp <= 0x39:  # keycap: [#*0-9] FE0F? 20E3
            j = i + 1 + (i + 1 < n and s[i + 1] == "\ufe0f")
            if j < n and s[j] == "\u20e3":
                width, i = width + 2, j + 1
                continue
        if 0x1F1E6 <= cp <= 0x1F1FF and i + 1 < n and 0x1F1E6 <= ord(s[i + 1]) <= 0x1F1FF:
            width, i = width + 2, i + 2
            continue
        if _is_pictographic(cp):
            j = i + 1
            while j < n:
                if ord(s[j]) in _EMOJI_TAIL:
                    j += 1
                elif s[j] == "\u200d" and j + 1 < n and _is_pictographic(ord(s[j + 1])):
                    j += 2
                else:
                    break
            if j > i + 1:
                width, i = width + 2, j
                continue
        width += _char_width(s[i])
        i += 1
    return width
