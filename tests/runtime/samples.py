"""Generated values for fields the harness must fill: strings matching every legacy pattern.

Plain candidates first (most legacy patterns accept one of them); otherwise hypothesis
searches for a string the regex fully matches. Results are cached per pattern list.
"""

from __future__ import annotations

import json
import re

try:  # the regex parser (re._parser since 3.11)
    import re._parser as sre
except ImportError:  # pragma: no cover
    import sre_parse as sre  # type: ignore[no-redef]
from functools import lru_cache
from typing import Any, Iterable

CANDIDATES = (
    "harness",
    "harness1",
    "abc",
    "a",
    "1",
    "8080",
    "abc123",
    "user",
    "localhost",
    "127.0.0.1",
    "localhost:8080",
    "example.com",
    "http://example.com",
    "https://example.com",
    "user@example.com",
    "a1b2c3d4",
    "0",
)


def entropy(chars: str | None, length: int) -> str:
    chars = chars or "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(chars[(i * 7 + 3) % len(chars)] for i in range(length))


def _matches(patterns: Iterable[str], s: str) -> bool:
    try:
        return all(re.search(p, s) for p in patterns)
    except re.error:
        return False


def _class_char(items) -> str | None:
    """A character an `[...]` class accepts (letters and digits preferred)."""
    negate = any(op == sre.NEGATE for op, _ in items)
    allowed = set()
    for op, av in items:
        if op == sre.LITERAL:
            allowed.add(chr(av))
        elif op == sre.RANGE:
            allowed.update(chr(c) for c in range(av[0], min(av[1], av[0] + 200) + 1))
        elif op == sre.CATEGORY:
            allowed.update(_CATEGORY.get(str(av), ""))
    if negate:
        return next((c for c in "a0Z_-" if c not in allowed), None)
    return next((c for c in "a0A" if c in allowed), min(allowed) if allowed else None)


_CATEGORY = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_WORD": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_NOT_SPACE": "a",
}


def _emit(parsed) -> str:
    out = []
    for op, av in parsed:
        if op == sre.LITERAL:
            out.append(chr(av))
        elif op == sre.NOT_LITERAL:
            out.append("a" if chr(av) != "a" else "b")
        elif op == sre.ANY:
            out.append("a")
        elif op == sre.IN:
            out.append(_class_char(av) or "a")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, sub = av
            out.append(_emit(sub) * low)
        elif op == sre.SUBPATTERN:
            out.append(_emit(av[-1]))
        elif op == sre.BRANCH:
            out.append(_emit(av[1][0]))
        elif op == sre.CATEGORY:
            out.append(_CATEGORY.get(str(av), "a"))
        # AT (anchors), GROUPREF, ASSERT...: nothing to emit
    return "".join(out)


def _shortest(pattern: str) -> str | None:
    """The regex's shortest literal reading (each repeat at its minimum)."""
    try:
        return _emit(sre.parse(pattern))
    except Exception:  # noqa: BLE001 - a pattern Python cannot read
        return None


@lru_cache(maxsize=None)
def _search(patterns: tuple[str, ...]) -> str | None:
    found = next((c for c in CANDIDATES if _matches(patterns, c)), None)
    if found is not None or not patterns:
        return found
    found = next((c for c in map(_shortest, patterns) if c and _matches(patterns, c)), None)
    if found is not None:
        return found
    try:
        from hypothesis import HealthCheck, find, settings
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover - hypothesis is a test dependency
        return None
    try:
        strategy = st.from_regex(patterns[0], fullmatch=True)
        return find(
            strategy,
            lambda s: _matches(patterns, s) and "\n" not in s,
            settings=settings(
                max_examples=100,
                database=None,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except Exception:  # no example, or a regex Python cannot read: the form decides
        return None


def string_for(patterns: list[str], key: str = "") -> str:
    found = _search(tuple(patterns))
    return found if found is not None else (f"legacy-{key}" if key else "harness")


def pattern_lists(spec_json: Any) -> set[tuple[str, ...]]:
    """The `patterns` of every text field in a built InputSpec JSON that the harness may
    have to fill: required without a default, or the items of a list below its minimum."""
    found: set[tuple[str, ...]] = set()

    def regexes(node: dict) -> tuple[str, ...]:
        return tuple(p.get("regex", "") for p in node.get("patterns") or [] if isinstance(p, dict))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            if (
                kind in ("text", "textarea")
                and node.get("required")
                and node.get("default") is None
            ):
                found.add(regexes(node))
            if (
                kind == "list"
                and isinstance(node.get("spec"), dict)
                and node["spec"].get("type") == "text"
                and (node.get("minLength") or 0) > len(node.get("default") or [])
            ):
                found.add(regexes(node["spec"]))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec_json)
    found.discard(())
    return found


def form_samples(spec_json: Any) -> dict[str, str]:
    """{JSON.stringify(regex list): sample} for forms.cjs."""
    out = {}
    for pats in pattern_lists(spec_json):
        sample = _search(pats)
        if sample is not None:
            out[json.dumps(list(pats), separators=(",", ":"), ensure_ascii=False)] = sample
    return out
