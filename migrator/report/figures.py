"""What both renderings show, computed once from a report.json dict: the sums over wrappers,
the automation-rate histogram and the number formats. Pure and deterministic: the same
report gives the same figures, whatever order Python's dicts happen to hold."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

HISTOGRAM_BINS = 10
MAX_TYPECHECK_MESSAGES = 50  # per wrapper; tsc can report thousands


@dataclass(frozen=True)
class Tally:
    """One TODO kind or diagnostic code over the whole batch."""

    key: str
    count: int  # occurrences, summed over wrappers
    wrappers: int  # how many wrappers have it at least once


def tallies(wrappers: list[dict[str, Any]], counts_of) -> list[Tally]:
    """Most frequent first, then by key: a stable order for tables and charts."""
    count: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for wrapper in wrappers:
        for key, n in counts_of(wrapper).items():
            count[key] += n
            present[key] += 1 if n else 0
    return sorted((Tally(k, count[k], present[k]) for k in count),
                  key=lambda t: (-t.count, t.key))


def todo_kinds(report: dict[str, Any]) -> list[Tally]:
    return tallies(report["wrappers"], lambda w: w["todo_kinds"])


def diagnostic_codes(report: dict[str, Any]) -> list[Tally]:
    return tallies(report["wrappers"], lambda w: w["diagnostics"]["by_code"])


def permille(rate: float) -> int:
    """A rate in [0, 1] as whole tenths of a percent: the precision the report shows, so a
    wrapper's band in the histogram always agrees with the percentage in its row."""
    return round(min(max(rate, 0.0), 1.0) * 1000)


def histogram_bin(rate: float) -> int:
    """The band of a rate: 10% wide, the last one closed (100% is in 90–100%)."""
    return min(permille(rate) * HISTOGRAM_BINS // 1000, HISTOGRAM_BINS - 1)


def automation_histogram(report: dict[str, Any]) -> list[int]:
    """Wrappers per 10% band of automation rate; wrappers without a rate are not counted."""
    bins = [0] * HISTOGRAM_BINS
    for wrapper in report["wrappers"]:
        if wrapper["automation_rate"] is not None:
            bins[histogram_bin(wrapper["automation_rate"])] += 1
    return bins


def bin_label(index: int) -> str:
    width = 100 // HISTOGRAM_BINS
    return f"{index * width}–{(index + 1) * width}%"


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{permille(rate) / 10:.1f}%"


def seconds(value: float) -> str:
    return f"{value:.2f}"


def typecheck_label(typecheck: dict[str, Any]) -> str:
    if typecheck["status"] == "failed":
        return f"failed ({typecheck['errors']})"
    return typecheck["status"]


def todo_count(wrapper: dict[str, Any]) -> int:
    return wrapper["constructs"]["todo"]


def with_status(report: dict[str, Any], status: str) -> list[dict[str, Any]]:
    return [w for w in report["wrappers"] if w["status"] == status]


def typecheck_failures(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [w for w in report["wrappers"] if w["typecheck"]["status"] == "failed"]


def typecheck_failure(wrapper: dict[str, Any]) -> tuple[str, str]:
    """The heading and the (capped) tsc messages of a wrapper whose project failed tsc."""
    errors = wrapper["typecheck"]["errors"]
    messages = wrapper["typecheck"]["messages"]
    shown = messages[:MAX_TYPECHECK_MESSAGES]
    more = len(messages) - len(shown)
    text = "\n".join(shown) + (f"\n… and {more} more" if more else "")
    return f"{wrapper['name']}: {errors} type error{'' if errors == 1 else 's'}", text


TOTAL_ROWS = (  # (label, how to read it from totals)
    ("Wrappers", lambda t: t["wrappers"]),
    ("Converted", lambda t: t["converted"]),
    ("Unchanged (skipped, inputs as last run)", lambda t: t["unchanged"]),
    ("Input errors", lambda t: t["input_errors"]),
    ("Crashed", lambda t: t["crashed"]),
    ("Interrupted (not run)", lambda t: t["interrupted"]),
    ("Type-check passed", lambda t: t["typecheck"]["passed"]),
    ("Type-check failed", lambda t: t["typecheck"]["failed"]),
    ("Type-check not run", lambda t: t["typecheck"]["not_run"]),
    ("Automation rate (translated / all constructs)", lambda t: percent(t["automation_rate"])),
)

@dataclass(frozen=True)
class Column:
    """A column of the per-wrapper table, the same in report.md and report.html."""

    heading: str
    text: Callable[[dict[str, Any]], str]
    # Numeric columns sort by this value (None sorts last), text columns by their text.
    number: Callable[[dict[str, Any]], float | None] | None = None


def _count_column(heading: str, count: Callable[[dict[str, Any]], int | None]) -> Column:
    # None (a wrapper the run did not reach has no exit code) shows as a dash, sorts last.
    return Column(heading, lambda w: "–" if count(w) is None else str(count(w)), count)


WRAPPER_COLUMNS = (
    Column("Name", lambda w: w["name"]),
    Column("Status", lambda w: w["status"]),
    _count_column("Exit", lambda w: w["exit_code"]),
    Column("Automation", lambda w: percent(w["automation_rate"]), lambda w: w["automation_rate"]),
    _count_column("TODOs", todo_count),
    _count_column("Errors", lambda w: w["diagnostics"]["error"]),
    _count_column("Warnings", lambda w: w["diagnostics"]["warning"]),
    Column("Typecheck", lambda w: typecheck_label(w["typecheck"])),
    Column("Seconds", lambda w: seconds(w["seconds"]), lambda w: w["seconds"]),
)
