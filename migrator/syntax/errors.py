"""Problems found while parsing a small language embedded in a legacy string."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class SyntaxIssue:
    """A problem at `offset` (0-based, in characters) of the parsed text.

    line/column are 1-based positions inside that text (rules may span lines). The
    caller maps them into the file (see migrator.read.positions.offset_location)."""

    code: str  # a code registered in migrator/diagnostics/codes.py
    message: str
    offset: int
    line: int
    column: int
    severity: Literal["error", "warning"] = "error"
    hint: str | None = None


class GrammarError(ValueError):
    """Raised by every parse_* function of migrator.syntax and migrator.rules."""

    def __init__(self, issue: SyntaxIssue, text: str = ""):
        super().__init__(f"{issue.line}:{issue.column}: {issue.message}")
        self.issue = issue
        self.text = text

    @property
    def code(self) -> str:
        return self.issue.code

    @property
    def offset(self) -> int:
        return self.issue.offset

    @property
    def line(self) -> int:
        return self.issue.line

    @property
    def column(self) -> int:
        return self.issue.column


def position_in(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of `offset` in `text`."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def issue_at(text: str, offset: int, code: str, message: str,
             severity: Literal["error", "warning"] = "error", hint: str | None = None) -> SyntaxIssue:
    line, column = position_in(text, offset)
    return SyntaxIssue(code, message, offset, line, column, severity, hint)
