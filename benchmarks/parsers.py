"""Parser speed on the inputs the unit tests only check for correctness.

    python benchmarks/parsers.py [--repeat 3]

Timings used to live in unit tests as wall-clock asserts, which fail on a loaded machine
and say nothing on a fast one. Here each workload is timed best-of-N and printed next to a
reference workload measured in the same run (one `json.loads` of the same document), so
the ratio, not the seconds, is what compares across machines.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from migrator.diagnostics import Diagnostics  # noqa: E402
from migrator.read.json_reader import parse_json  # noqa: E402
from migrator.read.yaml_reader import parse_yaml  # noqa: E402
from migrator.rules import parse_rule  # noqa: E402
from migrator.syntax.emver import parse_range  # noqa: E402
from timing import best_of  # noqa: E402

RULES = [
    '\'users.[first(item => \'item.name = "lnd")].allowed-calls.* = "getinfo"',
    "!(max-chan-size?) OR !(min-chan-size?) OR (#max-chan-size > #min-chan-size)",
]


def _document() -> str:
    doc = {f"key-{i}": {"type": "string", "name": f"Name {i}", "default": "x" * 20,
                        "range": "[0,*)", "list": [1, 2, 3]} for i in range(1500)}
    return json.dumps(doc, indent=2)  # ~230 KB


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{','.join(f'*a{i - 1}' for _ in range(9))}]")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text, bomb = _document(), _alias_bomb()
    parse_rule(RULES[0])  # build the cached parsers outside the timings
    workloads = {
        "json.loads (reference)": lambda: json.loads(text),
        "parse_json, 230 KB spec": lambda: parse_json(text, "spec.json", Diagnostics()),
        "parse_yaml, alias bomb (stops at R110)": lambda: parse_yaml(bomb, "m.yaml", Diagnostics()),
        "parse_rule x500": lambda: [parse_rule(r) for _ in range(250) for r in RULES],
        "parse_range, 2000 comparators": lambda: parse_range(">=1 " * 2000),
    }
    ref = None
    for name, fn in workloads.items():
        t = best_of(args.repeat, fn)
        ref = ref or t
        print(f"{name:40} {t * 1000:9.1f} ms  {t / ref:7.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
