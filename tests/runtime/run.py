"""Run the runtime harness on one generated project by hand.

    python -m tests.runtime.run PROJECT_DIR --wrapper LEGACY_WRAPPER [--spec SPEC] [-v]
    python -m tests.runtime.run PROJECT_DIR --expect expect.json

Prints one line per scenario (status and reasons) and where the JSON report and the raw
records were written. Exit code 1 when a scenario fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tests.runtime.expect import expectations, load_expect
from tests.runtime.harness import Target, run_harness


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.runtime.run")
    ap.add_argument("project", type=Path, help="a generated project (with startos/)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--wrapper", type=Path, help="the legacy wrapper it was generated from")
    src.add_argument("--expect", type=Path, help="an expect.json instead of a wrapper")
    ap.add_argument("--spec", type=Path, help="config spec override (as for convert)")
    ap.add_argument("--workdir", type=Path, help="where to build and write the report")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the raw records")
    args = ap.parse_args(argv)
    expect = load_expect(args.expect) if args.expect else expectations(args.wrapper, args.spec)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="runtime-"))
    name = args.project.resolve().name
    report = run_harness([Target(name, args.project, expect)], workdir)
    for scenario, verdict in report.verdicts[name].items():
        print(f"{scenario:<14} {verdict.status}")
        for reason in verdict.reasons:
            print(f"    {reason}")
    if args.verbose:
        print(json.dumps(report.raw[name], indent=1))
    print(f"report: {workdir / 'runtime-report.json'}  records: {workdir / 'results.json'}")
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
