"""Is the TypeScript printer linear? Time per element of synthetic files of growing size.

    python benchmarks/printer_scaling.py [--sizes 1000 10000 100000] [--repeat 3]

Each file is one statement holding N elements of shapes the layout has to think about:
an array of objects that break (each one measured, each one a candidate for the
objects-stay-broken marks), a call with N arguments, a member chain of N/10 calls, an
array of N numbers (a fill) and N short statements. The time per element should stay
flat as N grows tenfold; a quadratic step (a measurement reading the whole rest of the
file, a willBreak scan per nesting level) shows as a tenfold rise per row.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from migrator.emit.typescript import expr as e  # noqa: E402
from migrator.emit.typescript import layout  # noqa: E402


def objects(n: int) -> list:
    item = lambda i: e.obj([("name", e.Str(f"item number {i}")),  # noqa: E731
                            ("description", e.Str("a value long enough to break the line")),
                            ("n", e.Num(i))])
    return [e.statement_const("items", e.arr([item(i) for i in range(n)]))]


def arguments(n: int) -> list:
    return [e.ExprStmt(e.call("register", [e.Str(f"argument-{i}") for i in range(n)]))]


def chain(n: int) -> list:
    calls = [("step", [e.Num(i), e.obj([("k", e.Str("v"))])]) for i in range(max(n // 10, 4))]
    return [e.statement_const("built", e.member_chain("builder", calls))]


def numbers(n: int) -> list:
    return [e.statement_const("table", e.arr([e.Num(i) for i in range(n)]))]


def statements(n: int) -> list:
    return [e.statement_const(f"v{i}", e.Num(i)) for i in range(n)]


SHAPES = {"objects": objects, "arguments": arguments, "chain": chain, "numbers": numbers,
          "statements": statements}


def per_element(shape, n: int, repeat: int) -> float:
    stmts = shape(n)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        e.module(stmts)
        best = min(best, time.perf_counter() - start)
    return best / n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'shape':12}" + "".join(f"{n:>14,}" for n in args.sizes) + "   (µs per element)")
    for name, shape in SHAPES.items():
        row = [per_element(shape, n, args.repeat) for n in args.sizes]
        print(f"{name:12}" + "".join(f"{t * 1e6:14.2f}" for t in row))
    print(f"second printings: {layout.REPRINTS['reprinted']} of {layout.REPRINTS['files']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
