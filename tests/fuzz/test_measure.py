"""The fuzz suite's own measurements: a subprocess's peak RSS is its own."""

from __future__ import annotations

import subprocess
import sys

from tests.fuzz import run


def test_peak_rss_is_the_child_s_own_not_an_earlier_child_s() -> None:
    # In the full suite tsc and node ran earlier in the same process; with RUSAGE_CHILDREN
    # their high-water mark (800+ MB) was blamed on a 60 MB `check`.
    touch_900_mb = "b = bytearray(900 * 2**20); b[::4096] = b'x' * len(b[::4096])"
    subprocess.run([sys.executable, "-c", touch_900_mb], check=True)
    outcome = run.in_subprocess(["--version"])
    assert outcome.code == 0
    assert outcome.rss < 300 * 2**20, outcome.rss
