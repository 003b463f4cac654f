"""Progress on stderr: a rich progress bar on a terminal, one plain line per wrapper
otherwise (`[12/122] name: converted (0.21 s)`), control characters escaped either way."""

from __future__ import annotations

import sys
from typing import TextIO

from migrator.batch.worker import Record
from migrator.textsafe import terminal_line


def progress_line(done: int, total: int, record: Record) -> str:
    return terminal_line(f"[{done}/{total}] {record.name}: {record.status} "
                         f"({record.seconds:.2f} s)")


class PlainProgress:
    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0

    def __enter__(self) -> "PlainProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def advance(self, record: Record) -> None:
        self.done += 1
        print(progress_line(self.done, self.total, record), file=self.stream, flush=True)


class BarProgress:
    """rich's bar; wrappers that did not convert are printed above it as they finish."""

    def __init__(self, total: int, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
        )

        self.console = Console(file=stream, highlight=False)
        self.progress = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.description}"),
                                 console=self.console, transient=False)
        self.task = self.progress.add_task("", total=total)
        self.total, self.done = total, 0

    def __enter__(self) -> "BarProgress":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, record: Record) -> None:
        from rich.markup import escape

        self.done += 1
        if record.status not in ("converted", "unchanged"):
            self.console.print(escape(progress_line(self.done, self.total, record)))
        self.progress.update(self.task, advance=1,
                             description=escape(terminal_line(record.name)))


def make_progress(total: int, stream: TextIO | None = None):
    stream = stream or sys.stderr
    return BarProgress(total, stream) if stream.isatty() else PlainProgress(total, stream)
