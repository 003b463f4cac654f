"""Read the whole corpus into the IR and compare with ruamel's C composer alone.

    python benchmarks/read_corpus.py [--corpus ../shared/corpus] [--repeat 3]

Prints the best-of-N wall time of (a) read + IR for every corpus snapshot (with
--config-spec for the config_spec.from_getConfig*.json files, as the corpus tests do) and
(b) ruamel's C composer on the same YAML files, then their ratio. Both figures come from
the same run on the same machine, so only the ratio is meaningful across machines.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from migrator.corpus import corpus_dir, snapshot_dirs, spec_override  # noqa: E402
from migrator.diagnostics import Diagnostics  # noqa: E402
from timing import best_of  # noqa: E402
from migrator.ir import build_ir  # noqa: E402
from migrator.read import read_wrapper  # noqa: E402


def read_all(snapshots: list[Path]) -> int:
    errors = 0
    for snap in snapshots:
        diags = Diagnostics()
        files = read_wrapper(snap, diags, config_spec=spec_override(snap))
        build_ir(files, diags)
        errors += diags.has_errors
    return errors


def compose_all(texts: list[str]) -> None:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    for text in texts:
        try:
            yaml.compose(text)
        except Exception:  # noqa: BLE001 - broken files cost time too; count them
            pass



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=corpus_dir())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.corpus is None or not args.corpus.is_dir():
        print("corpus not found (expected ../shared/corpus)", file=sys.stderr)
        return 2
    snapshots = snapshot_dirs(args.corpus)
    yaml_files = [p for s in snapshots for p in sorted(s.rglob("*.y*ml"))]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in yaml_files]
    yaml_bytes = sum(len(t.encode()) for t in texts)
    read_all(snapshots)  # warm-up: grammar tables, imports
    t_ir = best_of(args.repeat, read_all, snapshots)
    t_c = best_of(args.repeat, compose_all, texts)
    print(f"snapshots: {len(snapshots)}; YAML files: {len(yaml_files)} ({yaml_bytes / 1024:.0f} KiB)")
    print(f"read + IR, whole corpus:      {t_ir * 1000:8.1f} ms")
    print(f"ruamel C composer, YAML only: {t_c * 1000:8.1f} ms")
    print(f"ratio (read+IR / composer):   {t_ir / t_c:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
