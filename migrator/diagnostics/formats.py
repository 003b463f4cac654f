"""Diagnostics for CI: GitHub workflow annotations and SARIF 2.1.0 for code scanning.

Both point at files relative to a base directory (the repository root a workflow runs in),
because that is how GitHub matches an annotation or an alert to a file of the pull request.
Every message passes through `terminal_line` first: a wrapper's key or title holding ESC or a
newline must neither drive a log viewer nor forge a second workflow command.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any, Iterable
from urllib.parse import quote

from migrator.diagnostics.codes import CODES
from migrator.diagnostics.record import Diagnostic, Severity
from migrator.textsafe import json_text, terminal_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "startos-migrate"

_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning",
                   Severity.NOTE: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def relative_path(file: str, base: str | Path | None = None) -> str:
    """`file` (as the diagnostic names it, relative to the current directory or absolute)
    as a posix path relative to `base` (default: the current directory). A file outside
    `base` keeps its `..` parts: the reader still sees where it is."""
    base_abs = os.path.abspath(base if base is not None else os.curdir)
    rel = os.path.relpath(os.path.abspath(file), base_abs)
    return PurePosixPath(*Path(rel).parts).as_posix()


def _message(d: Diagnostic) -> str:
    text = terminal_line(d.message)
    if d.key_path:
        text += f" (key: {terminal_line(d.key_path)})"
    if d.hint:
        text += f"\nhint: {terminal_line(d.hint)}"
    return text


# GitHub's own escaping (actions/toolkit, core/src/command.ts): the message escapes %, CR and
# LF; property values also escape `:` and `,`, which separate properties.
def github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Iterable[Diagnostic], *, base: str | Path | None = None) -> str:
    """One `::error file=…,line=…,col=…,title=CODE::message` line per diagnostic."""
    lines = []
    for d in diagnostics:
        props: list[tuple[str, str]] = []
        loc = d.location
        if loc is not None:
            props.append(("file", relative_path(terminal_line(loc.file), base)))
            if loc.line > 0:
                props.append(("line", str(loc.line)))
                if loc.column > 0:
                    props.append(("col", str(loc.column)))
        props.append(("title", f"{TOOL_NAME} {d.code}"))
        joined = ",".join(f"{k}={github_property(v)}" for k, v in props)
        lines.append(f"::{_GITHUB_COMMAND[d.severity]} {joined}::"
                     f"{github_data(f'[{d.code}] ' + _message(d))}")
    return "\n".join(lines)


def _artifact_uri(file: str, base: str | Path | None) -> dict[str, str]:
    rel = relative_path(file, base)
    if rel == ".." or rel.startswith("../"):
        # Outside the base: code scanning cannot place it, but the URI stays true.
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}


def _sarif_result(d: Diagnostic, rule_index: int, base: str | Path | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": _message(d)},
    }
    loc = d.location
    if loc is not None:
        physical: dict[str, Any] = {"artifactLocation": _artifact_uri(loc.file, base)}
        if loc.line > 0:
            region = {"startLine": loc.line}
            if loc.column > 0:
                region["startColumn"] = loc.column
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    if d.key_path:
        result["properties"] = {"keyPath": terminal_line(d.key_path)}
    return result


def render_sarif(diagnostics: Iterable[Diagnostic], *, tool_version: str,
                 base: str | Path | None = None) -> str:
    """A SARIF 2.1.0 log of one run; the driver's rules are the codes used, described from
    the code registry, in order of first use (the results refer to them by index)."""
    items = list(diagnostics)
    rule_ids: list[str] = []
    for d in items:
        if d.code not in rule_ids:
            rule_ids.append(d.code)
    index = {code: i for i, code in enumerate(rule_ids)}
    rules = [{"id": code, "name": code,
              "shortDescription": {"text": CODES.get(code, code)}}
             for code in rule_ids]
    base_abs = Path(os.path.abspath(base if base is not None else os.curdir))
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": tool_version,
                                "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": base_abs.as_uri() + "/"}},
            "results": [_sarif_result(d, index[d.code], base) for d in items],
        }],
    }
    return json_text(json.dumps(log, indent=2, ensure_ascii=False))
