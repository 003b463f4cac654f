"""The three charts of report.html as inline SVG, laid out here in Python so the page needs
no library, no network and no script to show them, and the same report always gives the
same bytes. Sizes are fixed; coordinates are printed with one decimal."""

from __future__ import annotations

import html

from migrator.report import figures
from migrator.report.figures import Tally
from migrator.textsafe import terminal_line

WIDTH = 640
MAX_BARS = 20  # a bar chart of more kinds is unreadable; the tables under it list them all
LABEL_CHARS = 30


def _text(value: object) -> str:
    return html.escape(terminal_line(value))


def _n(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def _shorten(label: str) -> str:
    """Truncated after escaping control characters, so an escape is never cut in half."""
    safe = terminal_line(label)
    return safe if len(safe) <= LABEL_CHARS else safe[:LABEL_CHARS - 1] + "…"


def _svg(chart_id: str, title: str, height: float, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title" width="{WIDTH}" height="{_n(height)}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        *body,
        "</svg>",
    ])


def automation_histogram(bins: list[int]) -> str:
    """Vertical bars, one per 10% band of automation rate, heights relative to the fullest."""
    left, top, plot_w, plot_h = 48.0, 16.0, WIDTH - 64.0, 180.0
    slot = plot_w / len(bins)
    tallest = max(bins, default=0) or 1
    baseline = top + plot_h
    body = [
        f'<line class="axis" x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(baseline)}"/>',
        f'<line class="axis" x1="{_n(left)}" y1="{_n(baseline)}" x2="{_n(left + plot_w)}" '
        f'y2="{_n(baseline)}"/>',
        f'<text class="tick" x="{_n(left - 6)}" y="{_n(top + 4)}" text-anchor="end">'
        f'{max(bins, default=0)}</text>',
        f'<text class="tick" x="{_n(left - 6)}" y="{_n(baseline)}" text-anchor="end">0</text>',
    ]
    for i, count in enumerate(bins):
        height = count / tallest * plot_h
        x, centre = left + i * slot + 4, left + (i + 0.5) * slot
        label = figures.bin_label(i)
        body.append(f'<rect class="bar" x="{_n(x)}" y="{_n(baseline - height)}" '
                    f'width="{_n(slot - 8)}" height="{_n(height)}">'
                    f'<title>{label}: {count} wrappers</title></rect>')
        if count:
            body.append(f'<text class="value" x="{_n(centre)}" y="{_n(baseline - height - 4)}" '
                        f'text-anchor="middle">{count}</text>')
        body.append(f'<text class="tick" x="{_n(centre)}" y="{_n(baseline + 16)}" '
                    f'text-anchor="middle">{label}</text>')
    body.append(f'<text class="axis-title" x="{_n(left + plot_w / 2)}" y="{_n(baseline + 36)}" '
                f'text-anchor="middle">automation rate (wrappers per band)</text>')
    return _svg("chart-automation", "Automation rate distribution", baseline + 44, body)


def bar_chart(chart_id: str, title: str, items: list[Tally], unit: str) -> str:
    """Horizontal bars, most frequent first (at most MAX_BARS), each labelled and counted."""
    shown = items[:MAX_BARS]
    if not shown:
        return _svg(chart_id, title, 40, [f'<text class="empty" x="8" y="24">None</text>'])
    label_w, bar_w, row, top = 220.0, 340.0, 22.0, 8.0
    largest = shown[0].count or 1
    body = []
    for i, tally in enumerate(shown):
        y = top + i * row
        width = tally.count / largest * bar_w
        body.append(f'<text class="label" x="{_n(label_w - 8)}" y="{_n(y + 13)}" '
                    f'text-anchor="end">{html.escape(_shorten(tally.key))}</text>')
        body.append(f'<rect class="bar" x="{_n(label_w)}" y="{_n(y + 2)}" width="{_n(width)}" '
                    f'height="16"><title>{_text(tally.key)}: {tally.count} {unit} in '
                    f'{tally.wrappers} wrappers</title></rect>')
        body.append(f'<text class="value" x="{_n(label_w + width + 6)}" y="{_n(y + 13)}">'
                    f'{tally.count}</text>')
    height = top * 2 + len(shown) * row
    if len(items) > len(shown):
        body.append(f'<text class="note" x="8" y="{_n(height + 8)}">the {len(shown)} most '
                    f'frequent of {len(items)}; the table below lists all</text>')
        height += 20
    return _svg(chart_id, title, height, body)
