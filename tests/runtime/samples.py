"""Generated values for fields the harness must fill: strings matching every legacy pattern.

Plain candidates first (most legacy patterns accept one of them); otherwise hypothesis
searches for a string the regex fully matches. Results are cached per pattern list.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Iterable

CANDIDATES = ("harness", "harness1", "abc", "a", "1", "8080", "abc123", "user", "localhost",
              "127.0.0.1", "localhost:8080", "example.com", "http://example.com",
              "https://example.com", "user@example.com", "a1b2c3d4", "0")


def entropy(chars: str | None, length: int) -> str:
    chars = chars or "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(chars[(i * 7 + 3) % len(chars)] for i in range(length))


def _matches(patterns: Iterable[str], s: str) -> bool:
    try:
        return all(re.search(p, s) for p in patterns)
    except re.error:
        return False


@lru_cache(maxsize=None)
def _search(patterns: tuple[str, ...]) -> str | None:
    found = next((c for c in CANDIDATES if _matches(patterns, c)), None)
    if found is not None or not patterns:
        return found
    try:
        from hypothesis import HealthCheck, find, settings
        from hypothesis import strategies as st
    except ImportError:  # pragma: no cover - hypothesis is a test dependency
        return None
    try:
        strategy = st.from_regex(patterns[0], fullmatch=True)
        return find(strategy, lambda s: _matches(patterns, s) and "\n" not in s,
                    settings=settings(max_examples=300, database=None, deadline=None,
                                      suppress_health_check=list(HealthCheck)))
    except Exception:  # no example, or a regex Python cannot read: the form decides
        return None


def string_for(patterns: list[str], key: str = "") -> str:
    found = _search(tuple(patterns))
    return found if found is not None else (f"legacy-{key}" if key else "harness")


def pattern_lists(spec_json: Any) -> set[tuple[str, ...]]:
    """Every `patterns` list in a built InputSpec JSON (fields, list items, variants)."""
    found: set[tuple[str, ...]] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            pats = node.get("patterns")
            if isinstance(pats, list) and pats:
                found.add(tuple(p.get("regex", "") for p in pats if isinstance(p, dict)))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec_json)
    return found


def form_samples(spec_json: Any) -> dict[str, str]:
    """{JSON.stringify(regex list): sample} for forms.cjs."""
    out = {}
    for pats in pattern_lists(spec_json):
        sample = _search(pats)
        if sample is not None:
            out[json.dumps(list(pats), separators=(",", ":"), ensure_ascii=False)] = sample
    return out
