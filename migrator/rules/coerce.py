"""Sigil coercions and operators of the legacy rule evaluator (legacy-formats.md §5.5).

Values are JSON-like Python values: None (null and missing alike), bool, int, float, str,
list (array) and dict (object). The functions here reproduce the Rust behaviour of the
legacy evaluator (serde_json values, f64 arithmetic):

* `truthy` (`path?`): false only for false and null.
* `number_of` (`#path`): the f64 of a number, 1/0 for a bool, Rust's `f64::from_str` for a
  string; None where the legacy cast failed (the caller turns that into the 0.3 panic or
  the 0.2 NaN).
* `string_of` (`'path`): strings as they are, numbers in their serde_json rendering,
  bools as "true"/"false", None ("absent") for null, arrays and objects.
* `compare_str`: the substring comparisons (not lexicographic).
* `arith`, `as_usize`: IEEE f64 arithmetic without Python's exceptions, and Rust's
  saturating `f64 as usize` used by computed indexes.
"""

from __future__ import annotations

import math
import operator
import re
from decimal import Decimal
from typing import Any, Callable

# Rust's f64::from_str (the dec2flt of Rust ≥ 1.55): optional sign, then digits with an
# optional point (either side may be empty, not both) and exponent, or inf / infinity /
# nan in any case. No whitespace, no '_', no hex. ASCII-only so that IGNORECASE does not
# let 'ı' or 'K' stand in for 'i' / 'k'.
_RUST_F64 = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)",
    re.IGNORECASE | re.ASCII,
)
# serde_json keeps integers in this range as u64/i64 and renders them exactly; anything
# larger became an f64.
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1
_USIZE_MAX = 2**64 - 1


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# ------------------------------------------------------------------ sigils


def truthy(value: Any) -> bool:
    """`?`: 0, "", [] and {} are all true; only false and null are false."""
    return not (value is None or value is False)


def number_of(value: Any) -> float | None:
    """`#`: None where the legacy cast had no number (null, array, object, other text)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int):
        return _int_to_f64(value)
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        return parse_rust_f64(value)
    return None


def parse_rust_f64(text: str) -> float | None:
    if not _RUST_F64.fullmatch(text):
        return None
    return float(text)  # both are correctly rounded, so they agree on every input


def string_of(value: Any) -> str | None:
    """`'`: None is the legacy `Option::None` ("absent").

    Numbers print as serde_json's `Number` did (its Display): an integer within
    i64/u64 exactly, anything else as an f64 through ryu, so a float 5.0 is "5.0" and
    1e-7 is "1e-7" (see serde_float). The generated TypeScript cannot tell 5.0 from 5
    (JavaScript has one number type and the 0.4 config is JSON) and prints integral
    values as integers: a deliberate difference, docs/rules.md "Numbers as strings"."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if _INT_MIN <= value <= _INT_MAX else serde_float(_int_to_f64(value))
    if isinstance(value, float):
        return serde_float(value)
    return None


def serde_float(x: float) -> str:
    """serde_json's Display of an f64 (ryu's `format_finite`): shortest round-trip
    digits, a ".0" on integral values up to 16 digits, an exponent from 1e16 and below
    1e-5. 5.0 → "5.0", 0.1 → "0.1", 1e16 → "1e16", 1.5e-7 → "1.5e-7", 0.00001 →
    "0.00001", -0.0 → "-0.0". serde_json holds no inf/NaN; a config read from YAML may,
    and those print as Rust's f64 Display ("inf", "-inf", "NaN")."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    if x == 0:
        return sign + "0.0"
    # repr() gives the shortest round-trip digits, as ryu does
    _, digit_tuple, exponent = Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = int(exponent)  # value = digits × 10^k
    point = len(digits) + k  # 10^(point-1) <= value < 10^point
    if 0 <= k and point <= 16:  # 1234e7 → 12340000000.0
        body = digits + "0" * k + ".0"
    elif 0 < point <= 16:  # 1234e-2 → 12.34
        body = digits[:point] + "." + digits[point:]
    elif -5 < point <= 0:  # 1234e-6 → 0.001234
        body = "0." + "0" * -point + digits
    elif len(digits) == 1:  # 1e30
        body = f"{digits}e{point - 1}"
    else:  # 1234e30 → 1.234e33
        body = f"{digits[0]}.{digits[1:]}e{point - 1}"
    return sign + body


def _int_to_f64(value: int) -> float:
    try:
        return float(value)
    except OverflowError:  # beyond f64: serde_json would have read it as ±inf
        return math.inf if value > 0 else -math.inf


# ------------------------------------------------------------------ comparisons


NUM_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
}


def compare_str(op: str, a: str | None, b: str | None) -> bool:
    """String comparison: equality, or (proper) containment; None is an absent string.

    With an absent operand `<` and `<=` are false and `>` and `>=` true (the legacy match
    arms fell through to `false` for the "less" operators and `true` for the others)."""
    if op == "=":
        return a == b
    if op == "!=":
        return a != b
    if a is None or b is None:
        return op in (">", ">=")
    if op == "<":
        return a in b and a != b  # proper substring (contained and shorter)
    if op == ">":
        return b in a and a != b
    if op == "<=":
        return a in b
    if op == ">=":
        return b in a
    raise ValueError(f"unknown comparison operator {op!r}")


def concat(a: str | None, b: str | None) -> str | None:
    """String `+`: absent on either side gives absent."""
    return None if a is None or b is None else a + b


# ------------------------------------------------------------------ arithmetic


def arith(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b  # Python float * and + already give inf on overflow, like f64
    if op == "/":
        return divide(a, b)
    if op == "^":
        return powf(a, b)
    raise ValueError(f"unknown arithmetic operator {op!r}")


def divide(a: float, b: float) -> float:
    """IEEE division: x/0 is ±inf, 0/0 and NaN/0 are NaN (Python would raise)."""
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def powf(x: float, y: float) -> float:
    """Rust's `f64::powf` (C99 `pow`): never raises; overflow is ±inf, domain errors NaN."""
    try:
        return math.pow(x, y)
    except OverflowError:
        return -math.inf if x < 0 and _odd_integer(y) else math.inf
    except ValueError:
        if x == 0:  # ±0 to a negative power: a pole
            return math.copysign(math.inf, x) if _odd_integer(y) else math.inf
        return math.nan  # a negative base to a non-integer power


def _odd_integer(y: float) -> bool:
    return math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0.0


def as_usize(x: float) -> int:
    """Rust's saturating `f64 as usize`: NaN and negatives → 0, fractions truncated."""
    if math.isnan(x) or x <= 0:
        return 0
    if x >= _USIZE_MAX:
        return _USIZE_MAX
    return int(x)
