"""`startos-migrate diff`: two directories, or two states of a git repository.

Exit codes as `git diff --exit-code`: 0 no change, 1 changes; 2 input errors (which side
does not read, a ref that names no commit, outside a repository); 3 a crash (cli.main).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from typing import TYPE_CHECKING

from migrator.diagnostics import Diagnostic, Location, Severity
from migrator.textsafe import terminal_line

if TYPE_CHECKING:  # the parser is built for every command: the pipeline loads only for diff
    from migrator.diff.model import DiffOptions, DiffResult

EXIT_SAME, EXIT_CHANGED, EXIT_INPUT = 0, 1, 2


def add_parser(sub) -> None:
    diff = sub.add_parser(
        "diff", help="show what a change to a legacy wrapper does to the generated project",
        description="Convert two versions of a wrapper in memory (nothing is written) and "
                    "show the generated files that differ, the MIGRATION.md rows that changed "
                    "and the diagnostics that appeared or disappeared. Either two "
                    "directories, `diff BASE_DIR HEAD_DIR`, or inside a git repository "
                    "`diff [--base REF] [--head REF] [PATH]`: PATH is the wrapper directory "
                    "(default: the current one), the base defaults to the merge-base of HEAD "
                    "with origin/HEAD (else HEAD~1) and the head to the working tree. Git "
                    "only reads commits: the working tree and the index are never touched.",
        epilog="exit codes: 0 no change, 1 changes, 2 input errors, 3 internal error")
    diff.add_argument("paths", nargs="*", metavar="PATH",
                      help="BASE_DIR HEAD_DIR, or the wrapper directory in a git repository")
    diff.add_argument("--base", metavar="REF", help="git: the commit to compare from")
    diff.add_argument("--head", metavar="REF",
                      help="git: the commit to compare to (default: the working tree)")
    diff.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                      help="output format (default: text); markdown is a pull-request comment")
    diff.add_argument("--config-spec", metavar="FILE",
                      help="config spec override, relative to the wrapper directory and read "
                           "from each side")
    diff.add_argument("--version", dest="new_version", metavar="EXVER",
                      help="version of the new package on both sides")
    diff.add_argument("-U", "--unified", dest="context", type=int, default=3, metavar="N",
                      help="lines of context in the file diffs (default: 3)")


def _error(code: str, message: str, where: str | None = None) -> int:
    d = Diagnostic(Severity.ERROR, code, message, Location(where) if where else None)
    print(terminal_line(f"startos-migrate: {d.headline()}"), file=sys.stderr)
    return EXIT_INPUT


def run_diff(args: argparse.Namespace) -> int:
    from migrator.diff.compare import diff_trees
    from migrator.diff.gitrefs import GitError
    from migrator.diff.model import DiffOptions, SideUnreadable

    if len(args.paths) > 2:
        return _error("B725", "give two directories (BASE_DIR HEAD_DIR) or one wrapper "
                              "directory in a git repository")
    options = DiffOptions(config_spec=args.config_spec, version=args.new_version,
                          context=max(0, args.context))
    result: DiffResult | None
    try:
        if len(args.paths) == 2:
            if args.base or args.head:
                return _error("B725", "--base/--head compare git commits; BASE_DIR HEAD_DIR "
                                      "compares two directories: give one or the other")
            base_dir, head_dir = args.paths
            result = diff_trees(base_dir, head_dir, replace(
                options, base_label=base_dir, head_label=head_dir))
        else:
            result = _diff_git(Path(args.paths[0] if args.paths else os.curdir), args, options)
    except GitError as err:
        return _error(err.code, str(err))
    except SideUnreadable as err:
        _error("B723", str(err))
        for d in err.diagnostics:
            if d.is_error:
                print(terminal_line(f"  {err.side}: {d.headline()}"), file=sys.stderr)
        return EXIT_INPUT
    if result is None:
        return EXIT_INPUT
    print(render(result, args.format), end="" if args.format == "markdown" else "\n")
    return EXIT_CHANGED if result.changed else EXIT_SAME


def render(result: DiffResult, fmt: str) -> str:
    if fmt == "json":
        from migrator.diff.render import render_json
        return render_json(result)
    if fmt == "markdown":
        from migrator.diff.markdown import render_markdown
        return render_markdown(result)
    from migrator.diff.render import render_text
    return render_text(result)


def _diff_git(path: Path, args: argparse.Namespace, options: DiffOptions) -> DiffResult | None:
    from migrator.diff.compare import diff_trees
    from migrator.diff.gitrefs import commit, default_base, repo_root

    root = repo_root(path)
    if root is None:
        _error("B720", "not inside a git repository: give two directories to compare, "
                       "`startos-migrate diff BASE_DIR HEAD_DIR`", str(path))
        return None
    real = os.path.realpath(path)
    prefix = Path(os.path.relpath(real, os.path.realpath(root))).as_posix()
    if prefix == ".." or prefix.startswith("../"):
        _error("B724", f"{path} is outside the repository at {root}", str(path))
        return None
    prefix = "" if prefix == "." else prefix
    where = f": {prefix}" if prefix else ""
    if args.head is None and not os.path.isdir(real):
        _error("B724", "the wrapper directory does not exist in the working tree", str(path))
        return None
    base = commit(root, args.base) if args.base else default_base(root)
    head = commit(root, args.head) if args.head else None
    with tempfile.TemporaryDirectory(prefix="startos-migrate-diff-") as tmp:
        # A wrapper the change adds (or deletes) is absent on one side: an empty project
        # there, so its pull request still gets a preview. Absent on both is an error.
        base_dir = _at_ref(root, base, prefix, Path(tmp) / "base")
        base_label = base.label + where + ("" if base_dir else " (absent)")
        if head is not None:
            head_dir = _at_ref(root, head, prefix, Path(tmp) / "head",
                               required=base_dir is None)
            head_label = head.label + where + ("" if head_dir else " (absent)")
        else:
            head_dir, head_label = Path(real), "working tree" + where
        return diff_trees(base_dir, head_dir, replace(
            options, base_label=base_label, head_label=head_label))


def _at_ref(root: Path, at, prefix: str, dest: Path, required: bool = False) -> Path | None:
    """The wrapper at a commit, or None when the commit has no such directory."""
    from migrator.diff.gitrefs import materialise, GitError

    try:
        return materialise(root, at, prefix, dest)
    except GitError as err:
        if required or err.code != "B724":
            raise
        return None
