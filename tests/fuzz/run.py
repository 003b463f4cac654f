"""Run the CLI on a mutated wrapper and judge the outcome.

Two ways to run, same judgement:
* in_process: `migrator.cli.main(argv)` with stdout/stderr captured and a SIGALRM time
  limit (fast: most of the CI budget);
* subprocess: `python -m migrator` with a wall-clock timeout and an address-space limit
  (resource.setrlimit RLIMIT_AS), its peak RSS read with os.wait4 (a sample).

`problems(outcome)` lists what is wrong: a crash (exit code outside {0, 1, 2}, a traceback,
"internal error"), a hang, too much memory, invalid JSON under --format json, SECRET (a
file outside the wrapper) in the output, or raw terminal control characters in text
output. Each problem is a short signature ("crash: OverflowError: ...") that KNOWN can
match: those belong to areas other helpers are fixing and are reported, not failed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.mutate import REPO, SECRET

TIME_LIMIT = 30.0  # seconds per run; the inputs are small, so this is generous
MEMORY_LIMIT = 1536 * 2**20  # RLIMIT_AS of a subprocess run
RSS_LIMIT = 800 * 2**20  # peak RSS a subprocess run may reach
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


class Hang(BaseException):
    """Raised by SIGALRM; a BaseException so that main()'s last line of defence, which
    catches Exception, does not turn it into an ordinary "internal error"."""


@dataclass
class Outcome:
    argv: list[str]
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    rss: int | None = None  # bytes, subprocess runs only
    out_dir: Path | None = None
    hung: bool = False
    notes: list[str] = field(default_factory=list)


def in_process(argv: list[str], out_dir: Path | None = None) -> Outcome:
    from migrator.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    start = time.perf_counter()
    code: int | None = None
    hung = False
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
    except Hang:
        hung = True
    except SystemExit as exit_:  # argparse
        code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - start
    return Outcome(argv, code, stdout.getvalue(), stderr.getvalue(), seconds, None, out_dir, hung)


def _alarm(signum, frame):
    raise Hang()


def _limits() -> None:  # in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def in_subprocess(argv: list[str], out_dir: Path | None = None) -> Outcome:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    env.pop("STARTOS_MIGRATE_DEBUG", None)
    start = time.perf_counter()
    # Files, not pipes: the child is reaped with os.wait4, whose rusage is THIS child's
    # alone (RUSAGE_CHILDREN is the high-water mark of every child the test process ever
    # had, e.g. a tsc run by another test of the same session).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "migrator", *argv], cwd=REPO, env=env, stdout=out,
            stderr=err, preexec_fn=_limits,
        )
        deadline, hung = time.monotonic() + TIME_LIMIT * 2, False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                hung = True
                break
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    rss = usage.ru_maxrss * 1024  # kilobytes on Linux
    return Outcome(argv, proc.returncode, stdout.decode("utf-8", "replace"),
                   stderr.decode("utf-8", "replace"), seconds, rss, out_dir, hung)


def problems(o: Outcome, *, json_out: bool) -> list[str]:
    found: list[str] = []
    if o.hung or o.seconds > TIME_LIMIT:
        found.append(f"hang: more than {TIME_LIMIT:.0f} s")
    elif o.code not in (0, 1, 2):
        found.append(f"crash: exit {o.code}: {_crash_line(o.stderr)}")
    if "Traceback (most recent call last)" in o.stderr:
        found.append(f"traceback: {_crash_line(o.stderr)}")
    if o.rss is not None and o.rss > RSS_LIMIT:
        found.append(f"memory: peak RSS {o.rss // 2**20} MB")
    if json_out and not o.hung and o.code in (0, 1, 2):
        try:
            json.loads(o.stdout)
        except ValueError as err:
            found.append(f"json: stdout is not one JSON document ({err.msg})")
    if _leaks_secret(o):
        found.append("escape: a file outside the wrapper reached the output")
    if not json_out and _CONTROL.search(o.stdout + o.stderr):
        char = _CONTROL.search(o.stdout + o.stderr).group()
        found.append(f"hygiene: raw control character {char!r} printed")
    return found


def _crash_line(stderr: str) -> str:
    for line in stderr.splitlines():
        if "internal error" in line or "Error" in line:
            return line.strip()[:160]
    return stderr.strip().splitlines()[-1][:160] if stderr.strip() else "(no message)"


def _leaks_secret(o: Outcome) -> bool:
    if SECRET in o.stdout or SECRET in o.stderr:
        return True
    if o.out_dir is None or not o.out_dir.exists():
        return False
    for path in o.out_dir.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                if SECRET.encode() in path.read_bytes():
                    return True
    return False


# ------------------------------------------------------------------ known problems

# Problems found and not fixed yet, as (signature pattern, owner: why); each needs a minimal
# reproducer in tests/fuzz/test_known.py. Empty: every problem the fuzz suite found so far is
# fixed, and test_known.py keeps each one fixed.
KNOWN: list[tuple[str, str]] = []


def unknown(found: list[str]) -> list[str]:
    """The problems no KNOWN entry explains (all of them are recorded in SEEN). With
    STARTOS_MIGRATE_FUZZ_COLLECT=1 nothing fails: an exploratory run lists what it saw."""
    if os.environ.get("STARTOS_MIGRATE_FUZZ_COLLECT"):
        return []
    return [p for p in found if not any(re.search(pattern, p) for pattern, _ in KNOWN)]


STATS: Counter = Counter()  # cases run / problems seen, printed by tests/fuzz/conftest.py
SEEN: dict[str, str] = {}  # problem signature -> the first case that showed it


def record(case: str, runner: str, found: list[str]) -> None:
    STATS[f"cases ({runner})"] += 1
    for problem in found:
        STATS["problems seen (known ones included)"] += 1
        SEEN.setdefault(_signature(problem), case)


def _signature(problem: str) -> str:
    """Group problems that differ only in numbers and quoted text."""
    return re.sub(r"\d{3,}", "N", problem)[:200]
