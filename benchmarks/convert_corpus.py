"""Convert the whole corpus and compare with the read-only floor (read + IR).

    python benchmarks/convert_corpus.py [--corpus ../shared/corpus] [--repeat 3]

Prints best-of-N wall times measured in the same run: (a) read + IR of every `last`
snapshot (the front end alone), (b) read + IR + lower + emit in memory (`build`), (c) read
+ IR + lower + emit + write of the same snapshots into a temporary directory (`--out-base`,
default the system's), their ratios to (a), and the automation rate over the corpus
(translated constructs ÷ all constructs, from the MIGRATION.md rows). (c) - (b) is the
writer: every file created and fsynced before its project is renamed into place, so it
depends on the disk and on what else is writing to it; (b) is the CPU-bound part.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from migrator.batch.worker import construct_kind  # noqa: E402
from migrator.convert import build, convert  # noqa: E402
from migrator.emit.typescript import layout  # noqa: E402
from migrator.corpus import corpus_dir, last_snapshots, snapshot_dirs, spec_override  # noqa: E402
from migrator.diagnostics import Diagnostics  # noqa: E402
from timing import best_of  # noqa: E402
from migrator.ir import build_ir  # noqa: E402
from migrator.read import read_wrapper  # noqa: E402


def read_only(snapshots) -> None:
    for snap in snapshots:
        diags = Diagnostics()
        build_ir(read_wrapper(snap, diags, config_spec=spec_override(snap)), diags)


def build_all(snapshots) -> None:
    for snap in snapshots:
        build(snap, config_spec=spec_override(snap))


def convert_all(snapshots, counts: Counter | None = None, rules: Counter | None = None,
                todos: Counter | None = None, out_base: Path | None = None) -> float:
    """Convert every snapshot into a fresh temporary directory; the seconds it took (the
    removal of the directory afterwards is not counted)."""
    with tempfile.TemporaryDirectory(prefix="convert-bench-", dir=out_base) as tmp:
        start = time.perf_counter()
        for i, snap in enumerate(snapshots):
            result = convert(snap, Path(tmp) / str(i), config_spec=spec_override(snap))
            pkg = result.package
            if counts is not None and pkg is not None:
                counts.update(row.status for row in pkg.migration)
            if todos is not None and pkg is not None:
                todos.update(construct_kind(r.construct) for r in pkg.migration
                             if r.status == "todo")
            if rules is not None and pkg is not None:
                count_rules(pkg, rules)
        return time.perf_counter() - start


def count_rules(pkg, rules: Counter) -> None:
    own = pkg.config.own_rules if pkg.config else ()
    rules["own compiled"] += sum(1 for r in own if r.rule is not None)
    rules["own not parsed"] += sum(1 for r in own if r.rule is None)
    rules["dependency rules → tasks"] += len(pkg.dependency_tasks)
    rules["dependency rules → TODO blocks"] += len(pkg.dependency_todos)
    rules["dependency rules → dropped (always on in 0.4)"] += sum(
        1 for r in pkg.migration if r.construct.startswith("rule `")
        and r.status == "not-applicable")
    if pkg.dependency_tasks or pkg.dependency_todos:
        rules["wrappers with dependency rules"] += 1
    rules["dependencies.yaml conditions compiled"] += sum(
        1 for d in pkg.dependencies for c in d.conditions if c.kind == "rule" and c.rule)



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out-base", type=Path, default=None,
                        help="where the temporary output directories go (default: the "
                             "system's temporary directory)")
    parser.add_argument("--all", action="store_true",
                        help="every snapshot (older ones too), not only the `last` ones")
    args = parser.parse_args()
    if args.corpus is None or not args.corpus.is_dir():
        print("corpus not found (expected ../shared/corpus)", file=sys.stderr)
        return 2
    snapshots = snapshot_dirs(args.corpus) if args.all else last_snapshots(args.corpus)
    counts: Counter = Counter()
    rules: Counter = Counter()
    todos: Counter = Counter()
    convert_all(snapshots, counts, rules, todos)  # warm-up, and the automation figures
    printed = dict(layout.REPRINTS)
    t_read = best_of(args.repeat, read_only, snapshots)
    t_build = best_of(args.repeat, build_all, snapshots)
    t_convert = min(convert_all(snapshots, out_base=args.out_base) for _ in range(args.repeat))
    total = sum(counts.values())
    print(f"snapshots ({'all' if args.all else 'role `last`'}): {len(snapshots)}")
    print(f"read + IR (floor):            {t_read * 1000:8.1f} ms")
    print(f"build (read→emit, memory):    {t_build * 1000:8.1f} ms")
    print(f"convert (read→write):         {t_convert * 1000:8.1f} ms")
    print(f"ratio (build / floor):        {t_build / t_read:8.2f}x")
    print(f"ratio (convert / floor):      {t_convert / t_read:8.2f}x")
    print(f"TypeScript files printed twice (objects that broke changed a layout "
          f"decision): {printed['reprinted']} of {printed['files']}")
    print(f"constructs: {total}; translated {counts['translated']}, TODO {counts['todo']}, "
          f"not applicable {counts['not-applicable']}")
    print(f"automation rate (translated / all): {counts['translated'] / total:.1%}")
    applicable = counts["translated"] + counts["todo"]
    print(f"automation rate (translated / translated+TODO): "
          f"{counts['translated'] / applicable:.1%}")
    for key, value in rules.items():
        print(f"rules: {key}: {value}")
    for kind, value in todos.most_common():
        print(f"TODO rows: {kind}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
