"""Converting one wrapper of a batch, in a worker process or in the batch's own.

Everything here crosses a process boundary: `Task` goes to the worker, `Record` comes back;
both pickle (plain data, `Diagnostic` records). `convert_one` never raises for a wrapper:
a crash is a record with exit code 3 and the traceback.
"""

from __future__ import annotations

import re
import signal
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from migrator.batch.state import input_hash, output_hash, output_matches
from migrator.diagnostics import Diagnostic, Diagnostics, Location
from migrator.sdk.report import status_counts

EXIT_OK, EXIT_INPUT, EXIT_CRASH = 0, 2, 3


@dataclass(frozen=True)
class Task:
    name: str
    wrapper: Path
    out: Path  # OUT/<name>
    config_spec: Path | None
    target: str
    version: str | None
    force: bool
    # The last run's state entry for this name (incremental), or None to convert anyway.
    previous: dict | None = None
    # The conversion (migrator.convert.convert); a parameter so tests can inject a crash in
    # worker processes. A module-level function: it pickles by reference.
    converter: Callable | None = None
    keep_result: bool = False  # send the ConvertResult back (package, files) to the caller
    trust_python: bool = False  # import (run) a Python project made by --target py


@dataclass(frozen=True)
class Record:
    name: str
    path: str
    out: str
    status: str  # converted | unchanged | input-error | crashed | not-run
    exit_code: int | None
    input_hash: str | None  # None: not run (interrupted)
    diagnostics: tuple[Diagnostic, ...] = ()
    constructs: dict = field(default_factory=dict)
    todo_kinds: dict = field(default_factory=dict)
    seconds: float = 0.0
    traceback: str | None = None
    output_hash: str | None = None
    interrupted: bool = False  # a signal stopped the write (rolled back)
    previous_row: dict | None = None  # the report row reused by an `unchanged` record
    result: Any = None  # the ConvertResult, when the task asked for it


def construct_kind(construct: str) -> str:
    """`health check `web-ui`` → `health check`: what the TODO rows are about, in sum."""
    return re.sub(r"\s*`[^`]*`", "", construct).strip() or construct


def load_pipeline(target: str) -> None:
    """Import everything converting a wrapper to `target` imports (a batch does this before
    forking its workers, which then inherit it)."""
    from migrator.convert import emitter
    from migrator.read.files import import_readers

    emitter(target)
    import_readers()


def init_worker() -> None:
    """Workers leave Ctrl-C to the batch, which stops submitting and lets them finish the
    wrapper at hand (its write is atomic either way)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def convert_one(task: Task) -> Record:
    start = time.perf_counter()
    hashed = task_hash(task)
    base = dict(name=task.name, path=str(task.wrapper), out=str(task.out), input_hash=hashed)
    previous = task.previous or {}
    # The project this batch wrote last time, untouched since: skipped if the inputs are
    # the same, else updated (what the batch is for; --force would touch nothing of the
    # user's there anyway).
    ours = bool(previous) and output_matches(task.out, previous.get("output_hash"))
    if ours and previous.get("input_hash") == hashed \
            and previous.get("path") == str(task.wrapper):
        return Record(**base, status="unchanged", exit_code=EXIT_OK,
                      output_hash=previous["output_hash"], previous_row=previous.get("row"),
                      seconds=time.perf_counter() - start)
    try:
        return _converted(task, base, start, force=task.force or ours)
    except Exception:  # noqa: BLE001 - a crash is this wrapper's row, never the batch's end
        diag = Diagnostics()
        diag.error("B710", "converting this wrapper crashed the migrator; this is a bug in "
                           "startos-migrate (the traceback is in the report)",
                   Location(str(task.wrapper)))
        return Record(**base, status="crashed", exit_code=EXIT_CRASH,
                      diagnostics=tuple(diag), traceback=traceback.format_exc(),
                      seconds=time.perf_counter() - start)


def task_hash(task: Task) -> str:
    return input_hash(task.wrapper, task.config_spec,
                      {"target": task.target, "version": task.version,
                       "trust_python": task.trust_python})


def _converted(task: Task, base: dict, start: float, force: bool) -> Record:
    converter = task.converter
    if converter is None:
        from migrator.convert import convert as converter
    result = converter(task.wrapper, task.out, force=force, config_spec=task.config_spec,
                       version=task.version, target=task.target,
                       trust_python=task.trust_python)
    rows = result.package.migration if result.package is not None else ()
    constructs = status_counts(rows)
    todo = Counter(construct_kind(r.construct) for r in rows if r.status == "todo")
    failed = result.diagnostics.has_errors
    return Record(
        **base,
        status="not-run" if result.interrupted else "input-error" if failed else "converted",
        exit_code=None if result.interrupted else EXIT_INPUT if failed else EXIT_OK,
        diagnostics=tuple(result.diagnostics.sorted()),
        constructs=constructs,
        todo_kinds=dict(sorted(todo.items())),
        seconds=time.perf_counter() - start,
        output_hash=output_hash(task.out) if result.report is not None else None,
        interrupted=bool(result.interrupted),
        result=result if task.keep_result else None,
    )


def crashed_worker(task: Task, detail: str) -> Record:
    """The record of a wrapper whose worker process died while converting it."""
    diag = Diagnostics()
    diag.error("B711", "the worker process converting this wrapper died; this is a bug in "
                       "startos-migrate or the Python runtime", Location(str(task.wrapper)))
    return Record(name=task.name, path=str(task.wrapper), out=str(task.out), status="crashed",
                  exit_code=EXIT_CRASH, input_hash=task_hash(task), diagnostics=tuple(diag),
                  traceback=detail)
