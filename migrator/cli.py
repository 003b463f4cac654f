"""Command line: `startos-migrate check|convert|batch|diff`.

Exit codes: 0 ok, 1 changes pending (convert --check) or changes (diff), 2 input errors,
3 internal error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from typing import Sequence

from migrator import TARGETS, __version__
from migrator.textsafe import terminal_line, terminal_text, terminal_values

EXIT_OK, EXIT_PENDING, EXIT_INPUT, EXIT_CRASH = 0, 1, 2, 3
REPORT_URL = "the startos-migrate issue tracker"
DIAGNOSTIC_FORMATS = ("text", "json", "github", "sarif")
FORMAT_HELP = ("output format (default: text); github: workflow annotations (then the "
               "summary), sarif: a SARIF 2.1.0 log for code scanning (nothing else)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="startos-migrate",
        description="Convert legacy StartOS (0.2/0.3) service wrappers into StartOS 0.4 "
                    "SDK projects.",
        epilog="exit codes: 0 ok, 1 changes pending (convert --check) or changes (diff), "
               "2 input errors, 3 internal error, "
               "128+N write interrupted by signal N (rolled back)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    check = sub.add_parser(
        "check", help="read a legacy wrapper and report what was found and every problem",
        description="Read a legacy wrapper (manifest, config spec, config rules) into the "
                    "migrator's model; print every diagnostic and a summary.")
    check.add_argument("wrapper_dir", metavar="WRAPPER_DIR", help="the legacy wrapper directory")
    check.add_argument("--config-spec", metavar="FILE",
                       help="read the config spec from FILE (YAML or JSON) instead of "
                            "discovering it (e.g. a spec extracted from getConfig.ts)")
    check.add_argument("--format", choices=DIAGNOSTIC_FORMATS, default="text",
                       help=FORMAT_HELP)
    check.add_argument("--no-summary", action="store_true", help="print diagnostics only")

    convert = sub.add_parser(
        "convert", help="convert a legacy wrapper into a StartOS 0.4 project",
        description="Convert a legacy wrapper into a StartOS 0.4 (start-sdk 2.0.9) project in "
                    "OUT_DIR. The project is built in a temporary directory and moved into "
                    "place; a non-empty OUT_DIR is refused unless --force, and --force only "
                    "replaces files startos-migrate generated before (.startos-migrate/FILES). "
                    "Updates are journalled and locked: an interrupted one is rolled back, by "
                    "that run or the next; OUT_DIR may not be inside WRAPPER_DIR.")
    convert.add_argument("wrapper_dir", metavar="WRAPPER_DIR",
                         help="the legacy wrapper directory, or a Python project made by "
                              "--target py (it is imported: its code runs)")
    convert.add_argument("-o", "--out", dest="out_dir", metavar="OUT_DIR", required=True,
                         help="where to write the project")
    convert.add_argument("--target", choices=TARGETS, default="ts",
                         help="output language: ts, a TypeScript project (default), or py, "
                              "a Python project over startos_sdk")
    convert.add_argument("--config-spec", metavar="FILE",
                         help="read the config spec from FILE (YAML or JSON)")
    convert.add_argument("--version", dest="new_version", metavar="EXVER",
                         help="version of the new package (default: the legacy version with "
                              "the downstream revision plus one, e.g. 1.2.3:1)")
    convert.add_argument("--force", action="store_true",
                         help="update a project generated before (never touches files you "
                              "added)")
    convert.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 if the output would change")
    convert.add_argument("--format", choices=DIAGNOSTIC_FORMATS, default="text",
                         help=FORMAT_HELP)
    _batch_parser(sub)
    from migrator.diff.command import add_parser as add_diff_parser

    add_diff_parser(sub)
    return parser


def _batch_parser(sub) -> None:
    batch = sub.add_parser(
        "batch", help="convert many wrappers into OUT/<name>, with a report",
        description="Convert every wrapper found in DIR (subdirectories with a manifest, or "
                    "<service>/<commit>/ below it) and every wrapper of the --list files into "
                    "OUT/<name>, in -j worker processes, with the write guarantees of convert. "
                    "Wrappers whose inputs did not change since the last run are skipped. "
                    "Writes OUT/report.json. See docs/batch.md.",
        epilog="exit codes: 0 every wrapper converted, 2 input errors in any wrapper or in "
               "the batch's inputs, 3 a wrapper crashed the migrator, 130 interrupted "
               "(the report lists what finished)")
    batch.add_argument("directories", nargs="*", metavar="DIR",
                       help="a directory of wrapper repositories")
    batch.add_argument("--list", dest="list_files", action="append", default=[],
                       metavar="FILE", help="a list file: one wrapper path per line, with "
                       "options config-spec=PATH and name=NAME (repeatable; see docs/batch.md)")
    batch.add_argument("-o", "--out", dest="out_dir", metavar="OUT", required=True,
                       help="where the projects and the report go")
    batch.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                       metavar="N", help="worker processes (default: the CPU count)")
    batch.add_argument("--target", choices=TARGETS, default="ts",
                       help="output language, as for convert (default: ts)")
    batch.add_argument("--version", dest="new_version", metavar="EXVER",
                       help="version of every new package (default: per wrapper, as convert)")
    batch.add_argument("--force", action="store_true",
                       help="update projects that exist (as convert --force, per wrapper)")
    batch.add_argument("--no-incremental", dest="incremental", action="store_false",
                       help="convert every wrapper, even those unchanged since the last run")
    batch.add_argument("--typecheck", action="store_true",
                       help="type-check every generated project against start-sdk 2.0.9")
    batch.add_argument("--npm-workspace", metavar="DIR",
                       help="a directory whose node_modules has @start9labs/start-sdk and "
                            "typescript (default: install them into OUT/.startos-migrate-batch)")
    batch.add_argument("--trust-python", action="store_true",
                       help="convert Python projects made by --target py back: this imports "
                            "them, which runs their code (default: such a project is an "
                            "input error, B716)")
    batch.add_argument("--format", choices=("text", "json", "github", "sarif"),
                       default="text", help="how diagnostics are printed (default: text)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run_check(args: argparse.Namespace) -> int:
    from migrator.diagnostics import Diagnostics
    from migrator.diagnostics.render import SourceLines, render_json, render_text_all
    from migrator.ir import build_ir
    from migrator.read import read_wrapper
    from migrator.summary import render_summary, summarize

    diags = Diagnostics()
    files = read_wrapper(args.wrapper_dir, diags, config_spec=args.config_spec)
    package = build_ir(files, diags)
    summary = summarize(package, diags)
    ordered = diags.sorted()
    if args.format == "json":
        print(render_json(ordered, {"summary": summary}))
    elif print_ci_format(args.format, ordered):
        if args.format == "github" and not args.no_summary:
            print(terminal_text(render_summary(terminal_values(summary))))
    else:
        if ordered:
            print(render_text_all(ordered, SourceLines(texts=diags.sources, no_links=True)))
        if not args.no_summary:
            if ordered:
                print()
            print(terminal_text(render_summary(terminal_values(summary))))
    return EXIT_INPUT if diags.has_errors else EXIT_OK


def run_convert(args: argparse.Namespace) -> int:
    from migrator.convert import convert
    from migrator.diagnostics.render import SourceLines, render_json, render_text_all

    result = convert(args.wrapper_dir, args.out_dir, force=args.force, check=args.check,
                     config_spec=args.config_spec, version=args.new_version, target=args.target)
    diags = result.diagnostics
    summary = conversion_summary(result, args.out_dir)
    if args.format == "json":
        print(render_json(diags.sorted(), {"summary": summary}))
    elif print_ci_format(args.format, diags.sorted()):
        if args.format == "github":
            print(terminal_text(render_conversion(terminal_values(summary))))
    else:
        if len(diags):
            print(render_text_all(diags.sorted(), SourceLines(texts=diags.sources,
                                                                  no_links=True)))
            print()
        print(terminal_text(render_conversion(terminal_values(summary))))
    if result.interrupted:
        return 128 + result.interrupted  # the shell convention; the write was rolled back
    if diags.has_errors:
        return EXIT_INPUT
    if args.check and result.report is not None and result.report.changed:
        return EXIT_PENDING
    return EXIT_OK


def print_ci_format(fmt: str, diagnostics) -> bool:
    """Print `diagnostics` as GitHub annotations or a SARIF log, paths relative to the
    current directory (a workflow's checkout); False for the other formats."""
    from migrator.diagnostics.formats import render_github, render_sarif

    if fmt == "github":
        if diagnostics:
            print(render_github(diagnostics))
        return True
    if fmt == "sarif":
        print(render_sarif(diagnostics, tool_version=__version__))
        return True
    return False


def run_batch_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from pathlib import Path

    from migrator.batch import BatchOptions, run_batch
    from migrator.batch.report import render_summary
    from migrator.diagnostics.render import render_json, render_text_all

    if not args.directories and not args.list_files:
        parser.error("batch: give a directory of wrappers, --list FILE, or both")
    result = run_batch(BatchOptions(
        out=Path(args.out_dir), directories=tuple(map(Path, args.directories)),
        list_files=tuple(map(Path, args.list_files)), jobs=args.jobs, target=args.target,
        version=args.new_version, force=args.force, incremental=args.incremental,
        typecheck=args.typecheck, trust_python=args.trust_python,
        npm_workspace=Path(args.npm_workspace) if args.npm_workspace else None))
    diagnostics = result.all_diagnostics()
    if args.format in ("github", "sarif"):
        print_ci_format(args.format, diagnostics)
    elif args.format == "json":
        print(render_json(diagnostics, {"summary": result.report["totals"] if result.report
                                        else None,
                                        "report": str(result.report_files[0])
                                        if result.report_files else None}))
    else:
        # Errors only: the warnings of hundreds of wrappers are in the report, by code.
        errors = [d for d in diagnostics if d.is_error or d.code.startswith("B")]
        if errors:
            print(render_text_all(errors, None))
        if result.report is not None:
            if errors:
                print()
            print(render_summary(result.report, result.report_files[0]))
    return result.exit_code


def conversion_summary(result, out_dir: str) -> dict:
    from migrator.diagnostics import Severity
    from migrator.sdk.report import status_counts

    rows = result.package.migration if result.package else ()
    report = result.report
    return {
        "out": out_dir,
        "files": {
            "written": len(report.written) if report else 0,
            "unchanged": len(report.unchanged) if report else 0,
            "removed_stale": len(report.removed_stale) if report else 0,
            "kept_user_files": len(report.kept_user_files) if report else 0,
        },
        "constructs": status_counts(rows),
        "diagnostics": {s.value: result.diagnostics.count(s) for s in Severity},
    }


def render_conversion(s: dict) -> str:
    f, c, d = s["files"], s["constructs"], s["diagnostics"]
    return "\n".join([
        f"{s['out']}: {f['written']} file(s) written, {f['unchanged']} unchanged, "
        f"{f['removed_stale']} stale removed, {f['kept_user_files']} of yours kept",
        f"  constructs  {c['translated']} translated, {c['todo']} TODO, "
        f"{c['not-applicable']} not applicable (see MIGRATION.md)",
        f"  diagnostics {d['error']} error(s), {d['warning']} warning(s)",
    ])


def _import_for(command: str, target: str, *, freeze: bool) -> None:
    """Import what `command` runs with the garbage collector paused: importing the pipeline
    makes some 300,000 objects and no garbage, and the collections that set off were about
    a fifth of the import time of every `convert`, `check` and `batch` run.

    `freeze`: the process ends after this command, so what the imports made is moved out
    of the collector's reach (gc.freeze); its collections during a `convert` then skip
    those objects (GC time 40-60 -> 10-15 ms on hello-v03). Not for a long-lived caller
    (tests call main() in-process): frozen garbage is never freed."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        if command == "check":
            import migrator.ir  # noqa: F401
            import migrator.read  # noqa: F401
        elif command == "diff":
            import migrator.diff.command  # noqa: F401
        else:
            from migrator.convert import emitter

            emitter(target)
            if command == "batch":
                import migrator.batch  # noqa: F401
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # A lone surrogate from a hostile file must print escaped, not end the run (issue 9).
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        # argv None: a command line (the console script, python -m migrator), one command
        _import_for(args.command, getattr(args, "target", "ts"), freeze=argv is None)
        if args.command == "check":
            return run_check(args)
        if args.command == "convert":
            return run_convert(args)
        if args.command == "diff":
            from migrator.diff.command import run_diff

            return run_diff(args)
        if args.command == "batch":
            return run_batch_command(args, parser)
        raise AssertionError(f"unhandled command {args.command}")
    except KeyboardInterrupt:
        print("startos-migrate: interrupted", file=sys.stderr)
        return 128 + 2  # SIGINT, as for a write it rolled back; a write is never left half done
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a bare traceback
        print(terminal_line(f"startos-migrate: internal error: {type(exc).__name__}: {exc}"),
              file=sys.stderr)
        print(f"This is a bug in startos-migrate {__version__}, not in your wrapper. Please "
              f"report it to {REPORT_URL} with the command you ran.", file=sys.stderr)
        if os.environ.get("STARTOS_MIGRATE_DEBUG"):
            traceback.print_exc()
        else:
            print("(set STARTOS_MIGRATE_DEBUG=1 to see the traceback)", file=sys.stderr)
        return EXIT_CRASH
