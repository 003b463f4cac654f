"""Emver versions and ranges read from located scalars, with file-located diagnostics."""

from __future__ import annotations

from typing import Callable

from migrator.diagnostics import Diagnostics, KeyPath, Location
from migrator.read.located import LEntry, LNode, LScalar, type_name
from migrator.syntax.emver import Version, VersionRange, parse_range, parse_version
from migrator.syntax.errors import GrammarError, SyntaxIssue


def _issue_location(scalar: LScalar, issue: SyntaxIssue) -> Location:
    from migrator.read.positions import offset_location

    return offset_location(scalar, issue.offset)


def report_issue(scalar: LScalar, issue: SyntaxIssue, diags: Diagnostics, what: str,
                 path: KeyPath | None = None) -> None:
    at = _issue_location(scalar, issue)
    message = f"{what}: {issue.message}"
    if issue.severity == "error":
        diags.error(issue.code, message, at, path or scalar.path, issue.hint)
    else:
        diags.warning(issue.code, message, at, path or scalar.path, issue.hint)


def _text_of(node: LNode, diags: Diagnostics, what: str) -> str | None:
    if isinstance(node, LScalar) and isinstance(node.value, str):
        return node.value
    if isinstance(node, LScalar) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        # `version: 0.3` in YAML is a float; the legacy deserializer read the string form.
        return (node.raw or str(node.value)).strip()
    diags.error("M402", f"{what} must be a string, not {type_name(node)}", node.loc, node.path)
    return None


def _parse(node: LNode, diags: Diagnostics, what: str, parser: Callable):
    text = _text_of(node, diags, what)
    if text is None:
        return None, None
    try:
        result = parser(text)
    except GrammarError as err:
        assert isinstance(node, LScalar)
        report_issue(node, err.issue, diags, what)
        return text, None
    assert isinstance(node, LScalar)
    for warning in result.warnings:
        report_issue(node, warning, diags, what)
    return text, result


def located_version(node: LNode, diags: Diagnostics, what: str = "version"
                    ) -> tuple[str | None, Version | None]:
    return _parse(node, diags, what, parse_version)


def located_range(node: LNode, diags: Diagnostics, parser=parse_range, what: str = "version range"
                  ) -> tuple[str | None, VersionRange | None]:
    return _parse(node, diags, what, parser)


def located_range_key(entry: LEntry, diags: Diagnostics, parser=parse_range
                      ) -> VersionRange | None:
    """A range written as a map key (`migrations.from."<=0.14.2.1"`)."""
    scalar = LScalar(entry.key, entry.key_loc, entry.value.path, style="", raw=None)
    try:
        result = parser(entry.key)
    except GrammarError as err:
        report_issue(scalar, err.issue, diags, "migration range")
        return None
    for warning in result.warnings:
        report_issue(scalar, warning, diags, "migration range")
    return result
