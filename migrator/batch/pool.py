"""Running the conversions: in this process (-j1) or in a pool of worker processes.

Workers are started with `spawn` (a fresh interpreter: nothing inherited from the batch's
threads or state) and ignore SIGINT. Ctrl-C in the batch stops submitting; the wrappers
already being converted finish (their writes are atomic either way), the others stay
not-run, and `run_tasks` returns with `interrupted` set.

A worker that dies (a segfault, `os._exit`) breaks the whole pool. Every worker says which
wrapper it starts on a queue, so the batch knows which wrappers were being converted
when it broke; it converts those again one at a time, each in a pool of its own, so the one
that kills its worker again is marked crashed (B711) and the others convert. The wrappers
that had not started go to a fresh pool.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable

from migrator.batch.worker import Record, Task, convert_one, crashed_worker, init_worker

_started = None  # the worker's end of the "I start on X" queue


@dataclass
class Outcome:
    records: dict[str, Record] = field(default_factory=dict)
    interrupted: bool = False


def run_tasks(tasks: list[Task], jobs: int, on_done: Callable[[Record], None]) -> Outcome:
    outcome = Outcome()
    try:
        if jobs <= 1:
            _run_here(tasks, outcome, on_done)
        else:
            _run_pooled(tasks, jobs, outcome, on_done)
    except KeyboardInterrupt:  # between two pools, or a second Ctrl-C while one winds down
        outcome.interrupted = True
    return outcome


def _run_here(tasks: list[Task], outcome: Outcome, on_done) -> None:
    for task in tasks:
        record = convert_one(task)
        _finish(record, outcome, on_done)
        if record.interrupted:  # the write was rolled back on SIGINT: stop here too
            return


def _finish(record: Record, outcome: Outcome, on_done) -> None:
    outcome.records[record.name] = record
    if record.interrupted:
        outcome.interrupted = True
    on_done(record)


def _worker_init(started) -> None:
    global _started
    init_worker()
    _started = started


def _pooled_convert(task: Task) -> Record:
    _started.put(task.name)
    return convert_one(task)


def _run_pooled(tasks: list[Task], jobs: int, outcome: Outcome, on_done) -> None:
    pending = list(tasks)
    while pending and not outcome.interrupted:
        suspects = _one_pool(pending, jobs, outcome, on_done)
        done = set(outcome.records)
        for task in (t for t in pending if t.name in suspects and t.name not in done):
            if outcome.interrupted:
                break
            if _one_pool([task], 1, outcome, on_done):  # it broke its own pool
                _finish(crashed_worker(task, "the worker process died (killed by a signal "
                                             "or exited) while converting this wrapper"),
                        outcome, on_done)
        pending = [t for t in pending if t.name not in outcome.records]


def _one_pool(tasks: list[Task], jobs: int, outcome: Outcome, on_done) -> set[str]:
    """Convert `tasks` in one pool; the names being converted when it broke (or empty)."""
    context = multiprocessing.get_context("spawn")
    # A SimpleQueue writes synchronously: a worker that dies right after announcing its
    # wrapper has still announced it (a Queue's feeder thread would die with it).
    started = context.SimpleQueue()
    names_started: set[str] = set()
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                               initializer=_worker_init, initargs=(started,))
    futures: dict = {}
    broken = False
    try:
        for task in tasks:
            futures[pool.submit(_pooled_convert, task)] = task
        remaining = set(futures)
        while remaining and not broken:
            # A timeout keeps the queue drained (a full pipe would block the workers).
            finished, remaining = wait(remaining, timeout=0.2, return_when=FIRST_COMPLETED)
            _drain(started, names_started)
            for future in sorted(finished, key=lambda f: futures[f].name):
                try:
                    _finish(future.result(), outcome, on_done)
                except BrokenProcessPool:
                    broken = True
    except KeyboardInterrupt:
        outcome.interrupted = True
        pool.shutdown(wait=True, cancel_futures=True)
        for future, task in futures.items():
            if future.done() and not future.cancelled() and future.exception() is None \
                    and task.name not in outcome.records:
                _finish(future.result(), outcome, on_done)
        return set()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _drain(started, names_started)
        started.close()
    if not broken:
        return set()
    unfinished = {t.name for t in tasks if t.name not in outcome.records}
    # Nobody announced a start (the pool broke as it came up): suspect every wrapper left.
    return (names_started & unfinished) or unfinished


def _drain(started, names: set[str]) -> None:
    try:
        while not started.empty():
            names.add(started.get())
    except (OSError, EOFError, ValueError):
        return
