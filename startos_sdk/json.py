"""`JSON.stringify(value, null, 2)` of JavaScript, byte for byte, for plain Python data.

The dump of a Python project must equal the node dump of the TypeScript one, so this follows
ECMAScript rather than Python's `json`: numbers print as JavaScript's `Number::toString`
(`1e+21`, `1` for 1.0, `0` for -0, `null` for NaN/Infinity, ints beyond 2**53 rounded to the
double JavaScript holds), strings escape only what JSON.stringify escapes (lone surrogates as
`\\udxxx`, U+2028/9 left as they are), and object keys come out in JavaScript's property order:
integer-like keys (`"0"`, `"42"`) first in ascending numeric order, then the rest in insertion
order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
            "\t": "\\t"}
_MAX_ARRAY_INDEX = 2**32 - 1


def stringify(value: object, indent: int = 2) -> str:
    """The text `JSON.stringify(value, null, indent)` gives for the same data in node."""
    return _value(value, " " * indent, "")


def number_text(number: float) -> str:
    """JavaScript's `String(number)` (ECMAScript Number::toString, radix 10)."""
    value = float(number)
    if not math.isfinite(value):
        return "null"  # what JSON.stringify prints for NaN and ±Infinity
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits, point = _shortest(abs(value))
    k = len(digits)
    if k <= point <= 21:
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    exponent = point - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"


def _shortest(value: float) -> tuple[str, int]:
    """(digits, n) with value = 0.digits × 10**n, digits the shortest that round-trip
    (Python's repr and JavaScript both pick the shortest; ties resolve the same way)."""
    mantissa, _, exp = repr(value).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    leading = len(whole + frac) - len((whole + frac).lstrip("0"))
    point = len(whole) - leading + (int(exp) if exp else 0)
    return digits.rstrip("0") or "0", point


def string_text(text: str) -> str:
    """A JSON string literal as JSON.stringify writes it (well-formed: lone surrogates escaped,
    a surrogate pair held as two code units joins into its character as in JavaScript)."""
    out = ['"']
    i = 0
    while i < len(text):
        ch = text[i]
        code = ord(ch)
        if 0xD800 <= code <= 0xDBFF and i + 1 < len(text) and 0xDC00 <= ord(text[i + 1]) <= 0xDFFF:
            low = ord(text[i + 1])
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
            i += 2
            continue
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
        i += 1
    out.append('"')
    return "".join(out)


def is_array_index(key: str) -> bool:
    """Whether JavaScript orders `key` as an integer index (canonical, below 2**32 - 1)."""
    if not key or not key.isascii() or not key.isdigit() or (key[0] == "0" and key != "0"):
        return False
    return int(key) < _MAX_ARRAY_INDEX


def key_order(keys: Sequence[str]) -> list[str]:
    """Object keys in JavaScript's property order."""
    indices = sorted((k for k in keys if is_array_index(k)), key=int)
    return indices + [k for k in keys if not is_array_index(k)]


def _value(value: object, step: str, margin: str) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, str):
        return string_text(value)
    inner = margin + step
    if isinstance(value, Mapping):
        keys = [str(k) for k in value]
        if not keys:
            return "{}"
        items = {str(k): v for k, v in value.items()}
        parts = [f"{inner}{string_text(k)}: {_value(items[k], step, inner)}"
                 for k in key_order(keys)]
        return "{\n" + ",\n".join(parts) + "\n" + margin + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        parts = [inner + _value(item, step, inner) for item in value]
        return "[\n" + ",\n".join(parts) + "\n" + margin + "]"
    raise TypeError(f"JSON.stringify has no form for {type(value).__name__}")
