"""emver → ExVer: versions, the version graph, and dependency ranges (mapping.md §8, §9)."""

from __future__ import annotations

import re

from migrator.syntax.emver import Version, VersionRange, range_to_intervals

# ExVer as start-sdk's literal types accept it: a.b.c[-pre]:d (flavors are not produced).
EXVER = re.compile(r"^(#[a-z]+:)?\d+(\.\d+)*(-[0-9A-Za-z.]+)?(:\d+(\.\d+)*(-[0-9A-Za-z.]+)?)?$")


def exver(version: Version | tuple[int, int, int, int]) -> str:
    """emver a.b.c.d → ExVer a.b.c:d (what ExtendedVersion.parseEmver gives)."""
    a, b, c, d = version.as_tuple() if isinstance(version, Version) else version
    return f"{a}.{b}.{c}:{d}"


def next_revision(version: Version) -> str:
    """The first 0.4 release of a legacy version: the downstream revision plus one."""
    a, b, c, d = version.as_tuple()
    return f"{a}.{b}.{c}:{d + 1}"


def is_exver(text: str) -> bool:
    return bool(EXVER.match(text))


def exver_range(rng: VersionRange) -> str:
    """An emver range as an ExVer range with explicit parentheses.

    The two grammars disagree on precedence (ExVer's TS parser folds left without any), so
    every conjunction inside a disjunction is parenthesised."""
    intervals = range_to_intervals(rng)
    if not intervals:
        return "!"
    parts = []
    for iv in intervals:
        bounds = []
        if iv.lo is not None and iv.hi is not None and iv.lo == iv.hi:
            parts.append(f"={exver(iv.lo)}")
            continue
        if iv.lo is not None:
            bounds.append((">=" if iv.lo_inclusive else ">") + exver(iv.lo))
        if iv.hi is not None:
            bounds.append(("<=" if iv.hi_inclusive else "<") + exver(iv.hi))
        if not bounds:
            return "*"
        text = " && ".join(bounds)
        parts.append(f"({text})" if len(bounds) > 1 and len(intervals) > 1 else text)
    return " || ".join(parts)


_PLAIN_EXVER = re.compile(r"^(\d+(?:\.\d+)*):(\d+(?:\.\d+)*)$")


def upgrades_from(legacy: str, current: str) -> bool:
    """Whether `current` comes after the legacy ExVer (the graph's `<current` range then
    holds it). Plain `a.b.c:d` versions compare numerically (upstream, then downstream);
    any other shape (prerelease, flavor) is not judged here: True."""
    a, b = _PLAIN_EXVER.match(legacy), _PLAIN_EXVER.match(current)
    if not a or not b:
        return True

    def key(m):
        return tuple(tuple(int(x) for x in part.split(".")) for part in m.groups())

    return key(a) < key(b)
