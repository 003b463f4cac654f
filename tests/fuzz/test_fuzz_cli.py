"""Fuzz the CLI with mutated fixture wrappers (issue 9 §8; docs/fuzzing.md).

Every case copies a fixture wrapper, mutates its manifest, spec, rule files or getConfig.ts
(tests/fuzz/mutate.py), runs `check` or `convert` (into a fresh OUT) and asserts: exit code
in {0, 1, 2}, no traceback, bounded time (and memory for subprocess runs), one valid JSON
document under --format json, nothing from outside the wrapper in the output, no raw
terminal control characters in text output (tests/fuzz/run.py).

Budget: the "ci" profile (default) runs in about a minute; STARTOS_MIGRATE_FUZZ=long (or a
number: examples per test) raises it. The count of cases run and of problems seen (known
ones included) is printed at the end of the session (tests/fuzz/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import mutate, run

# examples per test for the CI profile; STARTOS_MIGRATE_FUZZ raises them
_CI = {"check": 120, "convert": 40, "subprocess": 8, "numbers": 60}
_SCALE = {"ci": 1, "long": 20}


def _examples(test: str) -> int:
    level = os.environ.get("STARTOS_MIGRATE_FUZZ", "ci")
    if level.isdigit():
        return max(1, int(level) * _CI[test] // _CI["check"])
    return _CI[test] * _SCALE.get(level, 1)


def _settings(test: str):
    return settings(
        max_examples=_examples(test),
        deadline=None,
        database=None,
        derandomize=bool(os.environ.get("CI")),  # CI: the same cases on every run
        suppress_health_check=list(HealthCheck),
    )


def _case(plan: mutate.Plan, command: str, fmt: str, runner) -> None:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        wrapper = mutate.build(plan, root)
        argv = [command, str(wrapper), "--format", fmt]
        out = None
        if command == "convert":
            out = root / "out"
            argv += ["-o", str(out)]
        outcome = runner(argv, out)
        found = run.problems(outcome, json_out=fmt == "json")
        run.record(f"{command} --format {fmt}: {plan.describe()}", f"{runner.__name__} "
                   f"{command}", found)
        bad = run.unknown(found)
        assert not bad, f"{plan.describe()}\n{command} --format {fmt}\n" + "\n".join(bad)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@_settings("check")
@given(mutate.plans(), st.sampled_from(["text", "json"]))
def test_check_survives_mutations(plan: mutate.Plan, fmt: str) -> None:
    _case(plan, "check", fmt, run.in_process)


@_settings("convert")
@given(mutate.plans(), st.sampled_from(["text", "json"]))
def test_convert_survives_mutations(plan: mutate.Plan, fmt: str) -> None:
    _case(plan, "convert", fmt, run.in_process)


@_settings("subprocess")
@given(mutate.plans(), st.sampled_from(["check", "convert"]))
def test_subprocess_sample_stays_within_time_and_memory(plan: mutate.Plan, command: str) -> None:
    _case(plan, command, "json", run.in_subprocess)


@_settings("numbers")
@given(mutate.number_plans(), st.sampled_from(["check", "convert"]))
def test_hostile_numbers_are_located_errors(plan: mutate.Plan, command: str) -> None:
    _case(plan, command, "json", run.in_process)
