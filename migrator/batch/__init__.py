"""`startos-migrate batch`: many wrappers converted in one run, with a report.

    inputs    which wrappers (a directory of wrappers, list files), their output names
    listfile  the list-file syntax
    worker    one wrapper: incremental check, `migrator.convert.convert`, its record
    pool      -j N worker processes; crashes, dead workers and Ctrl-C
    state     the incremental state (input and output hashes)
    typecheck --typecheck: batched tsc runs against start-sdk 2.0.9
    report    report.json (+ .md/.html) and the text summary

`run_batch(options)` is the entry; docs/batch.md is the user's page.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from migrator.batch.inputs import WrapperInput, assign_names, scan_directory
from migrator.batch.listfile import read_list_file
from migrator.batch.pool import run_tasks
from migrator.batch.progress import make_progress
from migrator.batch.report import build_report, wrapper_row, write_atomic, write_reports
from migrator.batch.state import STATE_DIR, STATE_FILE, load_state, state_document
from migrator.batch.worker import Record, Task, load_pipeline
from migrator.diagnostics import Diagnostic, Diagnostics, Location

EXIT_OK, EXIT_INPUT, EXIT_CRASH, EXIT_INTERRUPTED = 0, 2, 3, 130


@dataclass(frozen=True)
class BatchOptions:
    out: Path
    directories: tuple[Path, ...] = ()
    list_files: tuple[Path, ...] = ()
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    target: str = "ts"
    version: str | None = None
    force: bool = False
    incremental: bool = True
    typecheck: bool = False
    npm_workspace: Path | None = None
    progress: TextIO | None = None  # default: stderr
    # The conversion each worker runs (tests inject a crash; see worker.Task.converter).
    converter: Callable | None = None
    # Keep each wrapper's ConvertResult in its record (library callers that go on with the
    # packages, e.g. the test suite's corpus fixture); it crosses the process boundary.
    keep_results: bool = False
    # Python projects (convert --target py) are imported only when the user says so: importing
    # runs the project's code (convert's round trip back to TypeScript).
    trust_python: bool = False


@dataclass
class BatchResult:
    exit_code: int
    diagnostics: Diagnostics  # the batch's own (B7xx) problems
    report: dict | None = None
    report_files: list[Path] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)

    def all_diagnostics(self) -> list[Diagnostic]:
        """The batch's own diagnostics, then every wrapper's, in name order."""
        found = list(self.diagnostics.sorted())
        for record in self.records:
            found.extend(record.diagnostics)
        return found


def run_batch(options: BatchOptions) -> BatchResult:
    diags = Diagnostics()
    out = Path(options.out)
    items = assign_names(_inputs(options, out, diags), diags)
    if not items and not diags.has_errors:
        diags.error("B706", "no wrapper found: give a directory of wrappers (each with a "
                            "manifest) or a list file", None)
    if diags.has_errors:
        return BatchResult(EXIT_INPUT, diags)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        diags.error("B708", f"cannot create {out}: {err.strerror or err}", Location(str(out)))
        return BatchResult(EXIT_INPUT, diags)
    from migrator.emit.writer import OutputError
    from migrator.emit.writer.lock import OutputLock

    try:
        with OutputLock(out.absolute(), STATE_DIR):
            return _locked_run(options, out, items, diags)
    except OutputError as err:
        code = "B707" if err.code == "L680" else "B708"
        diags.error(code, err.message, Location(str(err.path or out)))
        return BatchResult(EXIT_INPUT, diags)


def _inputs(options: BatchOptions, out: Path, diags: Diagnostics) -> list[WrapperInput]:
    found: list[WrapperInput] = []
    for directory in options.directories:
        found.extend(scan_directory(Path(directory), diags, skip=out))
    for list_file in options.list_files:
        found.extend(read_list_file(Path(list_file), diags))
    return found


def _locked_run(options: BatchOptions, out: Path, items, diags: Diagnostics) -> BatchResult:
    previous: dict = {}
    if options.incremental:
        previous, problem = load_state(out)
        if problem:
            diags.warning("B709", problem, Location(str(out / STATE_DIR / STATE_FILE)))
    tasks = [Task(item.name, item.path, out / item.name, item.config_spec, options.target,
                  options.version, options.force, previous.get(item.name),
                  options.converter, options.keep_results, options.trust_python)
             for item in items]
    outcome = run_tasks(tasks, max(1, options.jobs),
                        lambda: make_progress(len(tasks), options.progress),
                        preload=lambda: load_pipeline(options.target))
    records = [outcome.records.get(t.name) or _not_run(t) for t in tasks]
    interrupted, checked = outcome.interrupted, {}
    if options.typecheck and not interrupted:
        try:
            checked = _typecheck(options, out, records, diags)
        except KeyboardInterrupt:  # the conversions are done: report them, unchecked
            interrupted = True
    rows = [wrapper_row(r, checked.get(r.name)) for r in records]
    report = build_report(rows, target=options.target, jobs=options.jobs,
                          options=_report_options(options))
    _save_state(out, previous, records, rows, incremental=options.incremental)
    files = write_reports(out, report)
    return BatchResult(_exit_code(records, interrupted, diags), diags, report, files,
                       records)


def _not_run(task: Task) -> Record:
    """A wrapper Ctrl-C kept from running; not even hashed, so the batch stops at once."""
    return Record(name=task.name, path=str(task.wrapper), out=str(task.out), status="not-run",
                  exit_code=None, input_hash=None)


def _typecheck(options: BatchOptions, out: Path, records: list[Record],
               diags: Diagnostics) -> dict[str, dict]:
    from migrator.batch.typecheck import (
        ToolchainError, install_workspace, typecheck_projects, workspace_at,
    )

    projects = {r.name: out / r.name for r in records
                if r.output_hash and (out / r.name / "startos").is_dir()}
    try:
        workspace = workspace_at(options.npm_workspace) if options.npm_workspace \
            else install_workspace(out / STATE_DIR / "npm")
        results = typecheck_projects(projects, workspace)
    except ToolchainError as err:
        diags.error(err.code, str(err), None)
        return {}
    for name, result in results.items():
        if result["status"] == "failed":
            diags.warning("B714", f"{name}: {result['errors']} type error(s) against "
                                  "start-sdk 2.0.9 (see the report)", Location(str(out / name)))
    return results


def _report_options(options: BatchOptions) -> dict:
    return {"force": options.force, "incremental": options.incremental,
            "typecheck": options.typecheck, "version": options.version,
            "inputs": [str(d) for d in options.directories],
            "lists": [str(f) for f in options.list_files]}


def _save_state(out: Path, previous: dict, records: list[Record], rows: list[dict], *,
                incremental: bool) -> None:
    """Keep the entries of wrappers that converted (or were unchanged); a wrapper that
    failed or did not run this time keeps the entry of its last success (if it had one)."""
    entries = dict(previous) if incremental else {}
    for record, row in zip(records, rows):
        if record.status == "unchanged" and record.name in previous:
            continue  # its entry (and the row of the run that converted it) stays
        if record.status == "converted" and record.output_hash:
            entries[record.name] = {"path": record.path, "input_hash": record.input_hash,
                                    "output_hash": record.output_hash, "row": row}
    (out / STATE_DIR).mkdir(exist_ok=True)
    write_atomic(out / STATE_DIR / STATE_FILE,
                  json.dumps(state_document(entries), indent=1, ensure_ascii=False) + "\n")


def _exit_code(records: list[Record], interrupted: bool, diags: Diagnostics) -> int:
    if interrupted:
        return EXIT_INTERRUPTED
    if any(r.status == "crashed" for r in records):
        return EXIT_CRASH
    if diags.has_errors or any(r.status == "input-error" for r in records):
        return EXIT_INPUT
    return EXIT_OK

