"""The one diagnostic record every stage produces, and the places it points at."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Iterator


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a user's file. line/column are 1-based; 0 means "unknown" (whole file)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

KeyPart = str | int


@dataclass(frozen=True, slots=True)
class KeyPath:
    """A key path exactly as the user spelled it: ("interfaces", "main", "tor-config")."""

    parts: tuple[KeyPart, ...] = ()

    def __truediv__(self, part: KeyPart) -> KeyPath:
        return KeyPath(self.parts + (part,))

    def __str__(self) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, int):
                out.append(f"[{part}]")
            elif _PLAIN_KEY.match(part):
                out.append(f".{part}" if out else part)
            else:
                escaped = part.replace("\\", "\\\\").replace('"', '\\"')
                out.append(f'["{escaped}"]')
        return "".join(out)

    def __bool__(self) -> bool:
        return bool(self.parts)


ROOT = KeyPath()


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location | None = None
    key_path: KeyPath | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file if loc else "", loc.line if loc else 0, loc.column if loc else 0)

    def headline(self) -> str:
        """`path:line:col: error[CODE]: message` (the compiler-style first line)."""
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity.value}[{self.code}]: {self.message}"


@dataclass
class Diagnostics:
    """Collects diagnostics so a user sees every problem of a run at once."""

    items: list[Diagnostic] = field(default_factory=list)
    # Texts of the input files read inside the wrapper (display path → text): the only
    # files a diagnostic excerpt may quote (issue 9: never echo a file outside the wrapper).
    sources: dict[str, str] = field(default_factory=dict)

    # Diagnostics kept per run; the rest are counted in one R128 item (issue 9: 10 000 bad
    # items in one rules file printed 300 MB).
    limit: int = 1000
    suppressed: int = 0

    def add(self, diagnostic: Diagnostic) -> Diagnostic:
        from migrator.diagnostics.codes import check_code

        check_code(diagnostic.code)
        if len(self.items) < self.limit:
            self.items.append(diagnostic)
        else:
            self._suppress(diagnostic)
        return diagnostic

    def _suppress(self, diagnostic: Diagnostic) -> None:
        """Count `diagnostic` in the trailing R128 summary (an error if any counted one is)."""
        self.suppressed += 1
        last = self.items[-1] if self.items else None
        summary = last if last is not None and last.code == "R128" and self.suppressed > 1 \
            else None
        severity = Severity.ERROR if diagnostic.is_error or (summary and summary.is_error) \
            else Severity.WARNING
        updated = Diagnostic(severity, "R128", f"… and {self.suppressed} more diagnostic(s) "
                             f"not shown (at most {self.limit} are listed)",
                             hint="fix the ones above and run again")
        if summary is None:
            self.items.append(updated)
        else:
            self.items[-1] = updated

    def _make(self, severity, code, message, at, path, hint) -> Diagnostic:
        return self.add(Diagnostic(severity, code, message, at, path, hint))

    def error(self, code: str, message: str, at: Location | None = None,
              path: KeyPath | None = None, hint: str | None = None) -> Diagnostic:
        return self._make(Severity.ERROR, code, message, at, path, hint)

    def warning(self, code: str, message: str, at: Location | None = None,
                path: KeyPath | None = None, hint: str | None = None) -> Diagnostic:
        return self._make(Severity.WARNING, code, message, at, path, hint)

    def note(self, code: str, message: str, at: Location | None = None,
             path: KeyPath | None = None, hint: str | None = None) -> Diagnostic:
        return self._make(Severity.NOTE, code, message, at, path, hint)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.items if d.severity is severity)

    def sorted(self) -> list[Diagnostic]:
        # The R128 "and N more" summary stays last.
        return sorted(self.items, key=lambda d: (d.code == "R128", d.sort_key()))

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
