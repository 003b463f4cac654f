"""What an emver range means: membership and normalised intervals (spec §3.1)."""

from __future__ import annotations

import math
from typing import NamedTuple

from migrator.syntax.emver_model import (
    Anchor,
    AnyRange,
    Caret,
    Conj,
    Disj,
    Hyphen,
    RangeExpr,
    Tilde,
    Version,
    VersionRange,
    VersionTuple,
    Wildcard,
)


# --- semantics -----------------------------------------------------------------------------
def _half_open(node: Caret | Tilde | Wildcard) -> tuple[VersionTuple, VersionTuple]:
    """[lo, hi) of ^, ~ and .x (spec §3.1)."""
    if isinstance(node, Wildcard):
        p = node.parts
        lo = (p + (0, 0, 0))[:4]
        return lo, (p[:-1] + (p[-1] + 1,) + (0, 0, 0))[:4]
    a, b, c, d = node.version.as_tuple()
    lo = (a, b, c, d)
    if isinstance(node, Caret):
        if a:
            return lo, (a + 1, 0, 0, 0)
        if b:
            return lo, (0, b + 1, 0, 0)
        if c:
            return lo, (0, 0, c + 1, 0)
        return lo, _succ(lo)  # ^0.0.0.d is =0.0.0.d
    if node.components == 1:
        return lo, (a + 1, 0, 0, 0)
    if node.components < 4:
        return (a, b, c, 0), (a, b + 1, 0, 0)
    return lo, (a, b, c + 1, 0)


_COMPARE = {
    "=": lambda v, t: v == t,
    "!=": lambda v, t: v != t,
    ">=": lambda v, t: v >= t,
    "<=": lambda v, t: v <= t,
    ">": lambda v, t: v > t,
    "<": lambda v, t: v < t,
}


def _expr(rng: VersionRange | RangeExpr) -> RangeExpr:
    return rng.expr if isinstance(rng, VersionRange) else rng


def range_contains(rng: VersionRange | RangeExpr, v: Version) -> bool:
    node, t = _expr(rng), v.as_tuple()
    if isinstance(node, AnyRange):
        return True
    if isinstance(node, Anchor):
        return _COMPARE[node.op](t, node.version.as_tuple())
    if isinstance(node, Hyphen):
        return node.low.as_tuple() <= t <= node.high.as_tuple()
    if isinstance(node, Conj):
        return all(range_contains(item, v) for item in node.items)
    if isinstance(node, Disj):
        return any(range_contains(item, v) for item in node.items)
    lo, hi = _half_open(node)
    return lo <= t < hi


class Interval(NamedTuple):
    """Versions between lo and hi; None = unbounded (its flag is then False)."""

    lo: VersionTuple | None
    lo_inclusive: bool
    hi: VersionTuple | None
    hi_inclusive: bool


_BOTTOM: VersionTuple = (0, 0, 0, 0)
_TOP = (math.inf,)  # compares above every version tuple


def _succ(t: VersionTuple) -> VersionTuple:
    return (t[0], t[1], t[2], t[3] + 1)  # versions are discrete: the next one bumps revision


def _lo_key(iv: Interval):
    return _BOTTOM if iv.lo is None else (iv.lo if iv.lo_inclusive else _succ(iv.lo))


def _hi_key(iv: Interval):
    return _TOP if iv.hi is None else (_succ(iv.hi) if iv.hi_inclusive else iv.hi)


def interval_contains(iv: Interval, v: Version) -> bool:
    return _lo_key(iv) <= v.as_tuple() < _hi_key(iv)


def _normalise(ivs: list[Interval]) -> list[Interval]:
    """Sorted, disjoint, non-adjacent, non-empty; >=0.0.0 becomes unbounded."""
    clean = []
    for iv in ivs:
        if iv.lo == _BOTTOM and iv.lo_inclusive:
            iv = iv._replace(lo=None, lo_inclusive=False)
        if _lo_key(iv) < _hi_key(iv):
            clean.append(iv)
    clean.sort(key=_lo_key)
    merged: list[Interval] = []
    for iv in clean:
        if merged and _lo_key(iv) <= _hi_key(merged[-1]):
            if _hi_key(iv) > _hi_key(merged[-1]):
                merged[-1] = merged[-1]._replace(hi=iv.hi, hi_inclusive=iv.hi_inclusive)
        else:
            merged.append(iv)
    return merged


def _intersect(xs: list[Interval], ys: list[Interval]) -> list[Interval]:
    out = []
    for x in xs:
        for y in ys:
            low = x if _lo_key(x) >= _lo_key(y) else y
            high = x if _hi_key(x) <= _hi_key(y) else y
            out.append(Interval(low.lo, low.lo_inclusive, high.hi, high.hi_inclusive))
    return _normalise(out)


def _anchor_intervals(op: str, t: VersionTuple) -> list[Interval]:
    return {
        "=": [Interval(t, True, t, True)],
        ">=": [Interval(t, True, None, False)],
        ">": [Interval(t, False, None, False)],
        "<=": [Interval(None, False, t, True)],
        "<": [Interval(None, False, t, False)],
        "!=": [Interval(None, False, t, False), Interval(t, False, None, False)],
    }[op]


def range_to_intervals(rng: VersionRange | RangeExpr) -> list[Interval]:
    """The set of versions a range admits as a normalised union of intervals."""
    node = _expr(rng)
    if isinstance(node, AnyRange):
        return [Interval(None, False, None, False)]
    if isinstance(node, Anchor):
        return _normalise(_anchor_intervals(node.op, node.version.as_tuple()))
    if isinstance(node, Hyphen):
        return _normalise([Interval(node.low.as_tuple(), True, node.high.as_tuple(), True)])
    if isinstance(node, Conj):
        result = range_to_intervals(node.items[0])
        for item in node.items[1:]:
            result = _intersect(result, range_to_intervals(item))
        return result
    if isinstance(node, Disj):
        return _normalise([iv for item in node.items for iv in range_to_intervals(item)])
    lo, hi = _half_open(node)
    if hi == _succ(lo):  # ^0.0.0.d and the like: an exact version reads better
        return [Interval(lo, True, lo, True)]
    return _normalise([Interval(lo, True, hi, False)])
