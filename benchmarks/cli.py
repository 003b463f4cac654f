"""Wall time of single CLI calls, process start included (what a user waits for).

    python benchmarks/cli.py [--repeat 7] [--wrapper tests/fixtures/wrappers/hello-v03]

Runs `startos-migrate --version`, `check WRAPPER` and `convert WRAPPER -o TMP --force` as
subprocesses (`python -m migrator`, this checkout first on the path) and prints the best of
N wall times of each, plus the modules each command imports (`python -X importtime`,
summed self time of the 8 slowest). Bytecode is cached under a temporary
PYTHONPYCACHEPREFIX, as an installed tool has its .pyc files; the first run of each
command warms it and is not counted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _env(pycache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def best_wall(argv: list[str], env: dict[str, str], repeat: int) -> float:
    subprocess.run(argv, env=env, check=False, capture_output=True)  # warm the bytecode
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=False, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def slowest_imports(argv: list[str], env: dict[str, str], count: int = 8) -> list[str]:
    run = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, check=False,
                         capture_output=True, text=True)
    rows = []
    for line in run.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if line.startswith("import time:") and len(fields) == 3 and fields[0].strip().isdigit():
            rows.append((int(fields[0]), fields[2].strip()))
    rows.sort(reverse=True)
    return [f"{name} {us / 1000:.1f} ms" for us, name in rows[:count]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--wrapper", type=Path,
                        default=ROOT / "tests" / "fixtures" / "wrappers" / "hello-v03")
    args = parser.parse_args()
    py = [sys.executable, "-m", "migrator"]
    with tempfile.TemporaryDirectory(prefix="cli-bench-") as tmp:
        env = _env(str(Path(tmp) / "pycache"))
        commands = {
            "--version": [*py, "--version"],
            "check": [*py, "check", str(args.wrapper)],
            "convert": [*py, "convert", str(args.wrapper), "-o", str(Path(tmp) / "out"),
                        "--force"],
        }
        for name, argv in commands.items():
            wall = best_wall(argv, env, args.repeat)
            print(f"{name:10} best of {args.repeat}: {wall * 1000:7.1f} ms")
            print(f"{'':10} slowest imports: {', '.join(slowest_imports(argv, env))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
