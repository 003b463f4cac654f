"""Write a generated project to disk without ever losing anything the user had.

`startos-migrate convert WRAPPER -o OUT [--force]` builds the whole project in memory as a
list of `GeneratedFile`s and hands it to `write_project`. The users' rule is absolute:
nothing the user had is overwritten or lost, whatever happens to the process. The parts:

    model    files, the FILES manifest, reports, errors (pure)
    plan     every check, from a scan of OUT, before the first write
    journal  the record of an update, rollback, recovery of an interrupted run
    apply    the fresh build (staging directory) and the journalled update
    lock     one writer per OUT; SIGINT/SIGTERM/SIGHUP deferred to a safe point

Ownership
    `.startos-migrate/FILES` (the manifest) is written with every project. Its first line is
    `# startos-migrate FILES v1`; every other line is `<sha256-hex>  <posix path>` for one
    generated file, sorted by path. The manifest does not list itself. A file is "ours" only
    if the manifest that is on disk *before* the run lists it; everything else under OUT is a
    user file, which the writer never modifies, moves or deletes. `.startos-migrate/.txn-*`
    directories are the writer's private state (lock, journal), never user files.

OUT missing, or an empty directory
    The project is built in a staging directory next to OUT (same filesystem,
    `.OUT.startos-migrate-staging.<pid>.<id>`), every file fsynced, then the directory is
    renamed onto OUT in one step. On any failure or signal the staging directory is removed
    and OUT is as it was; one left by a killed process is removed by the next run.

OUT not empty, without `force`
    Refused (L630) -- even when we generated it earlier, so a mistyped `-o` cannot clobber
    anything. The one exception: OUT has a manifest and the run would change nothing at all
    (every generated file byte-identical with the same mode, no stale file to remove); then
    the run is a no-op whose report lists everything as unchanged.

OUT not empty, with `force`
    * A generated path that is free on disk is created.
    * A generated path holding a file the old manifest lists is replaced if its content or
      mode differ. If the user edited it since (its sha256 no longer matches the manifest)
      the edited copy is first kept as `<path>.orig` (hard link or copy, never clobbering);
      if `<path>.orig` already exists the run is refused (L632).
    * A generated path holding anything the old manifest does not list (a user file, a
      symlink, a directory with user content) is a collision: refused (L631), naming it.
      Without a manifest this means `force` only ever adds files where nothing exists.
    * Stale files (listed in the old manifest, not generated now) are removed if unedited,
      and directories left empty by that are pruned. Edited stale files are kept: from now
      on they belong to the user.
    * Every check runs before the first write, so a refused run leaves OUT byte-for-byte as
      it was.

Crash consistency (see `journal` for the format)
    Updates hold a lock (`.startos-migrate/.txn-lock`; a concurrent run is refused with
    L680, a lock whose process died is free again). The update stages every new file and
    writes a journal before the first change, marks FILES as "update in progress" (a line
    every release refuses as a manifest), applies the changes, and commits by renaming the
    new manifest onto FILES. A failure or SIGINT/SIGTERM/SIGHUP rolls the journal back
    (L637 / L684; L638 if even that fails); after kill -9 or a power loss, the next run rolls
    it back before doing anything else (reported as L682), and `plan_project` refuses to
    plan until then (L685). OUT is thus always exactly the old or the new project, FILES
    matching the disk, with no `.orig` or temporary file of ours left anywhere.

Paths
    Generated paths must be relative, normalised posix paths (no `..`, `.`, empty parts,
    backslashes or control characters), outside `.startos-migrate/`, unique, and no path may
    be a directory of another (L634). The writer never follows a symlink inside OUT: a
    generated path below a symlinked directory is refused (L635), and OUT itself must be a
    real directory (L636). OUT inside the wrapper directory it is generated from is refused
    by `refuse_out_in_wrapper` (L681), which the conversion calls before reading anything.

Determinism
    The same files always give the same tree: file modes are set explicitly (0o755 for
    executables, 0o644 otherwise, directories 0o755) regardless of the umask, and an
    unchanged file is never rewritten, so its mtime survives.

`plan_project` (and `dry_run=True`) run exactly the same checks and return the same report
without writing anything; `convert --check` exits 1 when `report.changed` is true.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from migrator.emit.writer.apply import apply_update, build_fresh, sweep_staging
from migrator.emit.writer.journal import has_journal, recover, refuse_if_pending
from migrator.emit.writer.lock import DeferredSignals, OutputLock
from migrator.emit.writer.model import (
    BACKUP_SUFFIX, DIR_MODE, EXEC_MODE, FILE_MODE, MANIFEST_HEADER, MANIFEST_PATH, STATE_DIR,
    UNREADABLE, GeneratedFile, InterruptedWrite, OutputError, WriteReport, parse_manifest,
    render_manifest, validate,
)
from migrator.emit.writer.plan import make_plan, not_empty, out_state, refuse_out_in_wrapper

__all__ = [
    "BACKUP_SUFFIX", "DIR_MODE", "EXEC_MODE", "FILE_MODE", "MANIFEST_HEADER", "MANIFEST_PATH",
    "GeneratedFile", "InterruptedWrite", "OutputError", "WriteReport", "parse_manifest",
    "plan_project", "recover_output", "refuse_out_in_wrapper", "render_manifest",
    "write_project",
]


def write_project(out_dir: Path, files: Sequence[GeneratedFile], *, force: bool = False,
                  dry_run: bool = False) -> WriteReport:
    """Write `files` (plus the manifest) to `out_dir` under the rules of the module docstring."""
    out = Path(out_dir).absolute()
    validate(files)
    if dry_run:
        return _inspecting(out, lambda: _plan_only(out, files, force))
    with DeferredSignals() as signals:
        sweep_staging(out)
        if _inspecting(out, lambda: out_state(out)) != "full":
            plan = _inspecting(out, lambda: make_plan(out, files, force=force))
            if plan.fresh:
                build_fresh(out, plan.steps, signals)
                return plan.report()
        elif not force and not (out / STATE_DIR).is_dir():
            raise not_empty(out)  # not ours: refused without writing even a lock
        elif not _inspecting(out, lambda: has_journal(out)):
            # A run with nothing to recover and nothing to change writes nothing, not even
            # its lock (mtimes survive); a refusal needs no lock either.
            plan = _inspecting(out, lambda: make_plan(out, files, force=force))
            if not plan.changed:
                return plan.report()
        with OutputLock(out):
            recovered = _inspecting(out, lambda: recover(out))
            plan = _inspecting(out, lambda: make_plan(out, files, force=force))
            if plan.changed:
                apply_update(out, plan, signals)
        return replace(plan.report(), recovered=recovered)


def plan_project(out_dir: Path, files: Sequence[GeneratedFile], *,
                 force: bool = False) -> WriteReport:
    """What `write_project` would do (raising the same errors); writes nothing."""
    return write_project(out_dir, files, force=force, dry_run=True)


def recover_output(out_dir: Path) -> str:
    """Settle an interrupted update of `out_dir` and nothing else (what every writing run
    does first): "" when there was none, "rolled back" or "completed"."""
    out = Path(out_dir).absolute()
    if _inspecting(out, lambda: out_state(out)) != "full" or not (out / STATE_DIR).is_dir():
        return ""
    with DeferredSignals(), OutputLock(out):
        return _inspecting(out, lambda: recover(out))


def _plan_only(out: Path, files: Sequence[GeneratedFile], force: bool) -> WriteReport:
    if out_state(out) == "full":
        refuse_if_pending(out)
    return make_plan(out, files, force=force).report()


def _inspecting(out: Path, work):
    """Run `work`; a directory that cannot even be read is refused before anything (L639)."""
    try:
        return work()
    except OSError as exc:
        raise OutputError(UNREADABLE, f"cannot inspect {out}: {exc}", str(out)) from exc
