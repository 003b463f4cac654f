"""Number ranges, list lengths and numeric text patterns of the config spec lowering.

Pure functions: each returns the SDK value plus the reasons (if any) it is not exact, and
`config_spec` turns those reasons into notes and diagnostics at the right place."""

from __future__ import annotations

import math
from dataclasses import dataclass

from migrator.sdk.inputspec import Pattern
from migrator.syntax.numrange import Bound, NumRange, format_number

# A number-list item is a text field in 0.4; these keep it numeric (anchored: the SDK UI
# tests patterns unanchored, like the legacy `is_match`).
INTEGER_PATTERN = Pattern(r"^-?[0-9]+$", "Must be a whole number")
NUMBER_PATTERN = Pattern(r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$",
                         "Must be a number")


@dataclass(frozen=True)
class Limits:
    """`min`/`max` for Value.number, with why they differ from the legacy range."""

    min: int | float | None
    max: int | float | None
    inexact: tuple[str, ...] = ()  # one message per bound kept inclusive
    infinite: tuple[str, ...] = ()  # one message per bound left open (inf/NaN)


def tidy(value: int | float) -> int | float:
    """Integral floats as ints (`550` not `550.0`): same JSON value, nicer generated code."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    return value


def _side(bound: Bound | None, integral: bool, low: bool) -> tuple[int | float | None, str | None,
                                                                   str | None]:
    """(limit, inexact reason, infinite reason) for one side of a number range."""
    if bound is None:
        return None, None, None
    value = bound.value
    side = "low" if low else "high"
    if not math.isfinite(value):
        return None, None, f"{side} bound {format_number(value)} is not finite: left unbounded"
    if integral:
        # Exact on integers: the smallest/largest whole number the legacy range admits.
        if low:
            limit = math.floor(value) + 1 if not bound.inclusive else math.ceil(value)
        else:
            limit = math.ceil(value) - 1 if not bound.inclusive else math.floor(value)
        return tidy(float(limit)) if abs(limit) > 2**53 else int(limit), None, None
    if bound.inclusive:
        return tidy(value), None, None
    shown = ("(" if low else "") + format_number(value) + ("" if low else ")")
    return tidy(value), (f"exclusive non-integer bound `{shown}` kept as inclusive "
                         f"{'min' if low else 'max'}: {format_number(value)} itself is "
                         "now accepted"), None


def number_limits(rng: NumRange | None, integral: bool) -> Limits:
    """The range's bounds as `min`/`max`, 0 included (the live peer dropped 0 as falsy)."""
    if rng is None:
        return Limits(None, None)
    low, low_inexact, low_inf = _side(rng.low, integral, True)
    high, high_inexact, high_inf = _side(rng.high, integral, False)
    return Limits(low, high,
                  tuple(r for r in (low_inexact, high_inexact) if r),
                  tuple(r for r in (low_inf, high_inf) if r))


def length_limits(rng: NumRange | None) -> tuple[int | None, int | None]:
    """A list's `NumRange<usize>` as minLength/maxLength (exclusive ends are exact on counts)."""
    if rng is None:
        return None, None
    low = high = None
    if rng.low is not None and math.isfinite(rng.low.value):
        low = int(rng.low.value) + (0 if rng.low.inclusive else 1)
    if rng.high is not None and math.isfinite(rng.high.value):
        high = int(rng.high.value) - (0 if rng.high.inclusive else 1)
    return low, high


def default_fits(value: int | float, rng: NumRange | None, integral: bool) -> str | None:
    """Why a number default is not a valid value of its legacy spec (None when it is)."""
    if integral and not float(value).is_integer():
        return f"default {format_number(value)} is not a whole number"
    if rng is not None and not rng.contains(value):
        return f"default {format_number(value)} is outside the range {rng}"
    return None


def number_text(value: object) -> str | None:
    """A legacy number (default item, placeholder) as the text the 0.4 field holds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return format_number(tidy(value))


def number_pattern(integral: bool) -> Pattern:
    return INTEGER_PATTERN if integral else NUMBER_PATTERN
