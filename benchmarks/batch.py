"""`startos-migrate batch` over the corpus against the read-only floor, in one run.

    python benchmarks/batch.py [--corpus ../shared/corpus] [--repeat 2]

Prints best-of-N wall times of (a) read + IR of every `last` snapshot (the front end alone,
in this process), (b) `batch -j1` over the same snapshots (cold: a fresh OUT, incremental
off), (c) `batch -j2` likewise, and the ratios b/a (issue 7's target: <= 3) and b/c (the
speed-up of a second worker; target >= 1.8 on 2 cores).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from convert_corpus import read_only  # noqa: E402
from migrator.batch import BatchOptions, run_batch  # noqa: E402
from migrator.corpus import batch_list, corpus_dir, last_snapshots  # noqa: E402
from timing import best_of  # noqa: E402


class _Quiet:
    def write(self, text):
        pass

    def flush(self):
        pass

    def isatty(self):
        return False


def batch(list_file: Path, jobs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        result = run_batch(BatchOptions(out=Path(tmp) / "out", list_files=(list_file,),
                                        jobs=jobs, incremental=False, progress=_Quiet()))
        if result.exit_code == 3:
            raise SystemExit("a wrapper crashed: see the report")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.corpus is None or not args.corpus.is_dir():
        print("corpus not found (expected ../shared/corpus)", file=sys.stderr)
        return 2
    snapshots = last_snapshots(args.corpus)
    with tempfile.TemporaryDirectory(prefix="batch-bench-list-") as tmp:
        list_file = Path(tmp) / "list.txt"
        list_file.write_text(batch_list(snapshots))
        read_only(snapshots)  # warm-up: lark grammars and imports, as in the other figures
        t_floor = best_of(args.repeat, read_only, snapshots)
        t_one = best_of(args.repeat, batch, list_file, 1)
        t_two = best_of(args.repeat, batch, list_file, 2)
    print(f"snapshots (role `last`): {len(snapshots)}")
    print(f"(a) read + IR (floor):        {t_floor:8.2f} s")
    print(f"(b) batch -j1 (cold):         {t_one:8.2f} s")
    print(f"(c) batch -j2 (cold):         {t_two:8.2f} s")
    print(f"b/a (target <= 3):            {t_one / t_floor:8.2f}x")
    print(f"b/c (target >= 1.8):          {t_one / t_two:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
