"""Rendering report.md and report.html is linear in the number of wrappers.

    python benchmarks/report_render.py [--repeat 3] [--wrappers 1000]

Times both renderings of a synthetic batch report of N and of 10·N wrappers (every wrapper
with TODO kinds, diagnostic codes and a traceback or tsc messages for some), best-of-N, and
prints the ratio: about 10 when the cost is linear, far above it when it is not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from migrator.report import render_html, render_markdown  # noqa: E402
from timing import best_of  # noqa: E402

STATUSES = ["converted", "converted", "converted", "unchanged", "input-error", "crashed"]


def synthetic_wrapper(i: int) -> dict:
    status = STATUSES[i % len(STATUSES)]
    failed = i % 9 == 0
    return {
        "name": f"wrapper-{i:05}", "path": f"/in/wrapper-{i:05}", "out": f"/out/wrapper-{i:05}",
        "status": status, "exit_code": {"input-error": 2, "crashed": 3}.get(status, 0),
        "input_hash": "sha256:" + f"{i:064x}",
        "diagnostics": {"error": i % 3, "warning": i % 5,
                        "by_code": {f"M{200 + i % 37}": 1 + i % 4, f"L{400 + i % 11}": 1}},
        "constructs": {"translated": 20 + i % 30, "todo": i % 12, "not-applicable": i % 4},
        "automation_rate": None if status in ("input-error", "crashed") else (i % 101) / 100,
        "todo_kinds": {f"kind {i % 23}": 1 + i % 3, "config rule": i % 5},
        "seconds": (i % 97) / 10,
        "typecheck": {"status": "failed" if failed else "passed", "errors": 2 if failed else 0,
                      "messages": ["a.ts(1,1): error TS2322: nope"] * (2 if failed else 0)},
        "traceback": "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n"
        if status == "crashed" else None,
    }


def synthetic_report(n: int) -> dict:
    wrappers = [synthetic_wrapper(i) for i in range(n)]
    return {
        "schema": "startos-migrate/batch-report", "version": 1, "tool_version": "bench",
        "target": "start-sdk 2.0.9", "jobs": 2, "options": {},
        "generated_at": "2026-01-01T00:00:00Z",
        "totals": {"wrappers": n, "converted": 0, "unchanged": 0, "input_errors": 0,
                   "crashed": 0, "interrupted": 0,
                   "typecheck": {"passed": 0, "failed": 0, "not_run": 0}, "automation_rate": 0.5},
        "wrappers": wrappers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wrappers", type=int, default=1000)
    args = parser.parse_args()
    small, large = synthetic_report(args.wrappers), synthetic_report(args.wrappers * 10)
    for name, render in (("report.md", render_markdown), ("report.html", render_html)):
        t_small = best_of(args.repeat, render, small)
        t_large = best_of(args.repeat, render, large)
        print(f"{name}: {args.wrappers} wrappers {t_small * 1000:.1f} ms, "
              f"{args.wrappers * 10} wrappers {t_large * 1000:.1f} ms, "
              f"ratio {t_large / t_small:.1f} (10 = linear), "
              f"{len(render(large)) / 1e6:.1f} MB at {args.wrappers * 10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
