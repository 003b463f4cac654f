"""Print how many fuzz cases ran and which problems they met (known ones included)."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    from tests.fuzz.run import SEEN, STATS

    if not STATS:
        return
    terminalreporter.section("fuzz")
    for key, count in sorted(STATS.items()):
        terminalreporter.write_line(f"{key}: {count}")
    for problem, plan in sorted(SEEN.items()):
        terminalreporter.write_line(f"seen: {problem}\n      first in {plan}")
