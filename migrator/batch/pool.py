"""Running the conversions: in this process (-j1) or in a pool of worker processes.

Where the platform can fork, the workers are forked from the batch once it has imported
the conversion pipeline (`warm`): each starts converting at once, where a spawned worker
first spends a few tenths of a second importing the migrator, which is what kept a second
worker from nearly halving a batch. They are forked before the progress display starts
its thread (`run_tasks` takes the progress as a factory), and with SIGINT blocked, so a
worker never inherits a lock held by another thread nor dies of a Ctrl-C before it set
SIGINT aside. Elsewhere, and for the retries below, workers are spawned (a fresh
interpreter). Workers ignore SIGINT: Ctrl-C in the batch stops submitting; the wrappers
already being converted finish (their writes are atomic either way), the others stay
not-run, and `run_tasks` returns with `interrupted` set.

The wrappers are submitted largest first (by the size of their files), so that the last
to finish are small ones and no worker idles while another converts a big wrapper alone;
the records are keyed by name, so the report does not depend on that order.

A worker that dies (a segfault, `os._exit`) breaks the whole pool. Every worker says which
wrapper it starts on a queue, so the batch knows which wrappers were being converted
when it broke; it converts those again one at a time, each in a pool of its own, so the one
that kills its worker again is marked crashed (B711) and the others convert. The wrappers
that had not started go to a fresh pool.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, ContextManager, Protocol

from migrator.batch.worker import Record, Task, convert_one, crashed_worker, init_worker

_started = None  # the worker's end of the "I start on X" queue


class Shown(Protocol):
    def advance(self, record: Record) -> None: ...


# Makes the progress display, entered once the workers are up (see the module docstring).
ProgressFactory = Callable[[], ContextManager[Shown]]


@dataclass
class Outcome:
    records: dict[str, Record] = field(default_factory=dict)
    interrupted: bool = False


def run_tasks(tasks: list[Task], jobs: int, progress: ProgressFactory,
              preload: Callable[[], None] = lambda: None) -> Outcome:
    """`preload`: imports the conversions need, made before converting (forked workers
    inherit them)."""
    outcome = Outcome()
    try:
        if jobs <= 1:
            preload()
            with progress() as shown, _frozen_heap(True):
                _run_here(tasks, outcome, shown.advance)
        else:
            _run_pooled(tasks, jobs, outcome, progress, preload)
    except KeyboardInterrupt:  # -j1, or before the pool is up: Ctrl-C anywhere
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
    if hasattr(signal, "pthread_sigmask"):  # blocked by the batch while it started us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _started = started


def _pooled_convert(task: Task) -> Record:
    _started.put(task.name)
    return convert_one(task)


def _run_pooled(tasks: list[Task], jobs: int, outcome: Outcome, progress: ProgressFactory,
                preload: Callable[[], None]) -> None:
    pending = sorted(tasks, key=lambda t: (-_size(t), t.name))
    context = _first_context()
    if context.get_start_method() == "fork":
        preload()
    with _ctrl_c_noted(outcome):
        first = _Round(pending, jobs, context)  # forks now: no other thread runs yet
        with progress() as shown:
            suspects = first.collect(outcome, shown.advance)
            while not outcome.interrupted:
                done = set(outcome.records)
                for task in (t for t in pending if t.name in suspects and t.name not in done):
                    if outcome.interrupted:
                        break
                    if _Round([task], 1, _SPAWN).collect(outcome, shown.advance):
                        # it broke its own pool
                        _finish(crashed_worker(task, "the worker process died (killed by a "
                                                     "signal or exited) while converting "
                                                     "this wrapper"), outcome, shown.advance)
                pending = [t for t in pending if t.name not in outcome.records]
                if not pending or outcome.interrupted:
                    return
                suspects = _Round(pending, jobs, _SPAWN).collect(outcome, shown.advance)


@contextmanager
def _ctrl_c_noted(outcome: Outcome):
    """While a pool runs, Ctrl-C only sets `outcome.interrupted`, which the batch reads
    between two waits. A KeyboardInterrupt could land inside concurrent.futures' own code
    while it held a future's lock, and the pool's shutdown then waited for that lock
    forever (seen about once in ten interrupted runs)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread
        return

    def note(signum, frame) -> None:
        outcome.interrupted = True

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_SPAWN = multiprocessing.get_context("spawn")


def _first_context():
    """fork where the platform has it (Linux; macOS lists it but its system libraries are
    not fork-safe, which is why Python made spawn its default there), else spawn."""
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return _SPAWN


def _size(task: Task) -> int:
    """The bytes of the wrapper's top-level files and its spec override: what its
    conversion costs, roughly (the manifest and config spec are most of the work)."""
    total = 0
    try:
        with os.scandir(task.wrapper) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
        if task.config_spec is not None:
            total += os.stat(task.config_spec).st_size
    except OSError:
        pass  # the conversion reports it
    return total


@contextmanager
def _sigint_blocked():
    """A Ctrl-C while workers start waits until they are up (and then interrupts the
    batch): a worker forked or spawned meanwhile starts with SIGINT blocked and ignores it
    before unblocking it (`_worker_init`)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _frozen_heap(freezing: bool):
    """The objects alive now (the imported pipeline, the caller's) are left out of the
    garbage collections made meanwhile (and, in forked workers, for good): they are
    there to stay, and walking them at every full collection was half of the collecting
    time of a corpus batch. Their pages stay shared with forked workers, too."""
    if freezing:
        gc.freeze()
    try:
        yield
    finally:
        if freezing:
            gc.unfreeze()


class _Round:
    """One pool converting `tasks`: started (every task submitted) on creation, waited
    for by `collect`."""

    def __init__(self, tasks: list[Task], jobs: int, context) -> None:
        self.tasks = tasks
        # A SimpleQueue writes synchronously: a worker that dies right after announcing its
        # wrapper has still announced it (a Queue's feeder thread would die with it).
        self.started = context.SimpleQueue()
        self.names_started: set[str] = set()
        self.futures: dict = {}
        forking = context.get_start_method() == "fork"
        if forking:
            # what sits in our buffers would be written again by every worker at its exit
            sys.stdout.flush()
            sys.stderr.flush()
        self.pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                                        initializer=_worker_init, initargs=(self.started,))
        try:
            with _sigint_blocked(), _frozen_heap(forking):
                for task in tasks:
                    self.futures[self.pool.submit(_pooled_convert, task)] = task
        except BaseException:
            self._close()
            raise

    def collect(self, outcome: Outcome, on_done) -> set[str]:
        """Wait for every task; the names being converted when the pool broke (or empty)."""
        futures, broken = self.futures, False
        try:
            remaining = set(futures)
            while remaining and not broken:
                if outcome.interrupted:
                    self._wind_down(outcome, on_done)
                    return set()
                # A timeout keeps the queue drained (a full pipe would block the workers)
                # and Ctrl-C answered.
                finished, remaining = wait(remaining, timeout=0.2,
                                           return_when=FIRST_COMPLETED)
                _drain(self.started, self.names_started)
                for future in sorted(finished, key=lambda f: futures[f].name):
                    try:
                        _finish(future.result(), outcome, on_done)
                    except BrokenProcessPool:
                        broken = True
        finally:
            self._close()
        if not broken:
            return set()
        unfinished = {t.name for t in self.tasks if t.name not in outcome.records}
        # Nobody announced a start (the pool broke as it came up): suspect every wrapper left.
        return (self.names_started & unfinished) or unfinished

    def _wind_down(self, outcome: Outcome, on_done) -> None:
        """Ctrl-C: no wrapper starts any more; those being converted finish and count."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        for future, task in self.futures.items():
            if future.done() and not future.cancelled() and future.exception() is None \
                    and task.name not in outcome.records:
                _finish(future.result(), outcome, on_done)

    def _close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        _drain(self.started, self.names_started)
        self.started.close()


def _drain(started, names: set[str]) -> None:
    try:
        while not started.empty():
            names.add(started.get())
    except (OSError, EOFError, ValueError):
        return
