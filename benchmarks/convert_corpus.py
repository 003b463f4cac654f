"""Convert the whole corpus and compare with the read-only floor (read + IR).

    python benchmarks/convert_corpus.py [--corpus ../shared/corpus] [--repeat 3]

Prints best-of-N wall times measured in the same run: (a) read + IR of every `last`
snapshot (the front end alone), (b) read + IR + lower + emit + write of the same
snapshots into a temporary directory, their ratio, and the automation rate over the
corpus (translated constructs ÷ all constructs, from the MIGRATION.md rows).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from migrator.convert import convert  # noqa: E402
from migrator.corpus import corpus_dir, last_snapshots, spec_override  # noqa: E402
from migrator.diagnostics import Diagnostics  # noqa: E402
from migrator.ir import build_ir  # noqa: E402
from migrator.read import read_wrapper  # noqa: E402


def read_only(snapshots) -> None:
    for snap in snapshots:
        diags = Diagnostics()
        build_ir(read_wrapper(snap, diags, config_spec=spec_override(snap)), diags)


def convert_all(snapshots, counts: Counter | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="convert-bench-") as tmp:
        for i, snap in enumerate(snapshots):
            result = convert(snap, Path(tmp) / str(i), config_spec=spec_override(snap))
            if counts is not None and result.package is not None:
                counts.update(row.status for row in result.package.migration)


def best_of(repeat: int, fn, *args) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.corpus is None or not args.corpus.is_dir():
        print("corpus not found (expected ../shared/corpus)", file=sys.stderr)
        return 2
    snapshots = last_snapshots(args.corpus)
    counts: Counter = Counter()
    convert_all(snapshots, counts)  # warm-up, and the automation figures
    t_read = best_of(args.repeat, read_only, snapshots)
    t_convert = best_of(args.repeat, convert_all, snapshots)
    total = sum(counts.values())
    print(f"snapshots (role `last`): {len(snapshots)}")
    print(f"read + IR (floor):            {t_read * 1000:8.1f} ms")
    print(f"convert (read→write):         {t_convert * 1000:8.1f} ms")
    print(f"ratio (convert / floor):      {t_convert / t_read:8.2f}x")
    print(f"constructs: {total}; translated {counts['translated']}, TODO {counts['todo']}, "
          f"not applicable {counts['not-applicable']}")
    print(f"automation rate (translated / all): {counts['translated'] / total:.1%}")
    applicable = counts["translated"] + counts["todo"]
    print(f"automation rate (translated / translated+TODO): "
          f"{counts['translated'] / applicable:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
