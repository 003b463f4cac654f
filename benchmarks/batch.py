"""`startos-migrate batch` over the corpus against the read-only floor, in one run.

    python benchmarks/batch.py [--corpus ../shared/corpus] [--repeat 2]

Prints best-of-N wall times of (a) read + IR of every `last` snapshot (the front end alone,
in this process), (b) `batch -j1` over the same snapshots (a fresh OUT, incremental off,
in this process: its imports are warm), (c) `batch -j2` likewise (on Linux its workers are
forked from this warm process; elsewhere spawned cold), and the ratios b/a (issue 7's
target: <= 3) and b/c (the speed-up of a second worker on the batch's own work; target
>= 1.8 on 2 cores). Then the same two batches as a user runs them, `startos-migrate batch`
in a new process each ((d) -j1, (e) -j2), and d/e. Both pay the interpreter start and the
imports once, which no worker count shortens: (f) is that serial part (a new process
importing the pipeline), and (f + b) / (f + b/2) the best d/e it allows. Removing OUT
afterwards is never timed. Child processes read bytecode from a private
PYTHONPYCACHEPREFIX, warmed by one uncounted run, as an installed tool has its .pyc files
(without them, as under PYTHONDONTWRITEBYTECODE=1, every process compiles the migrator from
source first).

    --out-base DIR   where OUT goes (e.g. /dev/shm, to leave the disk out)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
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


def _timed(list_file: Path, jobs: int, base: str | None, cli: bool) -> float:
    tmp = Path(tempfile.mkdtemp(prefix="batch-bench-", dir=base))
    try:
        start = time.perf_counter()
        if cli:
            done = subprocess.run(
                [sys.executable, "-m", "migrator", "batch", "--list", str(list_file), "-o",
                 str(tmp / "out"), "-j", str(jobs), "--no-incremental"],
                capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            code = done.returncode
        else:
            code = run_batch(BatchOptions(out=tmp / "out", list_files=(list_file,), jobs=jobs,
                                          incremental=False, progress=_Quiet())).exit_code
        elapsed = time.perf_counter() - start
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if code == 3:
        raise SystemExit("a wrapper crashed: see the report")
    return elapsed


def best(repeat: int, *args) -> float:
    return min(_timed(*args) for _ in range(repeat))


_IMPORTS = ("import migrator.cli, migrator.batch, migrator.batch.worker as w; "
            "w.load_pipeline('ts')")


def _serial_part() -> float:
    """A new process starting and importing what a batch imports before it converts."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _IMPORTS], check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out-base", default=None, help="directory for OUT (default: $TMPDIR)")
    args = parser.parse_args()
    if args.corpus is None or not args.corpus.is_dir():
        print("corpus not found (expected ../shared/corpus)", file=sys.stderr)
        return 2
    snapshots = last_snapshots(args.corpus)
    with tempfile.TemporaryDirectory(prefix="batch-bench-list-") as tmp:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        list_file = Path(tmp) / "list.txt"
        list_file.write_text(batch_list(snapshots))
        _timed(list_file, 2, args.out_base, True)  # warms the children's bytecode cache
        read_only(snapshots)  # warm-up: lark grammars and imports, as in the other figures
        t_floor = best_of(args.repeat, read_only, snapshots)
        t_one = best(args.repeat, list_file, 1, args.out_base, False)
        t_two = best(args.repeat, list_file, 2, args.out_base, False)
        c_one = best(args.repeat, list_file, 1, args.out_base, True)
        c_two = best(args.repeat, list_file, 2, args.out_base, True)
        serial = min(_serial_part() for _ in range(args.repeat))
    print(f"snapshots (role `last`): {len(snapshots)}")
    print(f"(a) read + IR (floor):        {t_floor:8.2f} s")
    print(f"(b) batch -j1, in process:    {t_one:8.2f} s")
    print(f"(c) batch -j2, in process:    {t_two:8.2f} s")
    print(f"(d) startos-migrate batch -j1:{c_one:8.2f} s")
    print(f"(e) startos-migrate batch -j2:{c_two:8.2f} s")
    print(f"(f) start + imports:          {serial:8.2f} s")
    print(f"b/a (target <= 3):            {t_one / t_floor:8.2f}x")
    print(f"b/c (target >= 1.8):          {t_one / t_two:8.2f}x")
    print(f"d/e:                          {c_one / c_two:8.2f}x")
    print(f"(f+b)/(f+b/2), d/e's bound:   {(serial + t_one) / (serial + t_one / 2):8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
