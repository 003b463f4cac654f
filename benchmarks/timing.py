"""Shared by the benchmark scripts: best-of-N wall time of one call."""

from __future__ import annotations

import time


def best_of(repeat: int, fn, *args) -> float:
    """The fastest of `repeat` runs: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best
