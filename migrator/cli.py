"""Command line: `startos-migrate check WRAPPER_DIR` (convert, batch and diff come later).

Exit codes: 0 ok, 1 changes pending (--check, later), 2 input errors, 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import Sequence

from migrator import __version__
from migrator.textsafe import terminal_line, terminal_text, terminal_values

EXIT_OK, EXIT_PENDING, EXIT_INPUT, EXIT_CRASH = 0, 1, 2, 3
REPORT_URL = "the startos-migrate issue tracker"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="startos-migrate",
        description="Convert legacy StartOS (0.2/0.3) service wrappers into StartOS 0.4 "
                    "SDK projects.",
        epilog="exit codes: 0 ok, 1 changes pending, 2 input errors, 3 internal error, "
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
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="output format (default: text)")
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
    convert.add_argument("--target", choices=("ts", "py"), default="ts",
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
    convert.add_argument("--format", choices=("text", "json"), default="text",
                         help="output format (default: text)")
    return parser


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


def conversion_summary(result, out_dir: str) -> dict:
    from migrator.diagnostics import Severity

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
        "constructs": {k: sum(1 for r in rows if r.status == k)
                       for k in ("translated", "todo", "not-applicable")},
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


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A lone surrogate from a hostile file must print escaped, not end the run (issue 9).
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "convert":
            return run_convert(args)
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
