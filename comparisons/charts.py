"""Layout of horizontal bar charts for inline SVG: pure arithmetic, no markup.

The template draws what this returns with presentation attributes only (x, y, width,
height), because the Content-Security-Policy forbids inline style.
"""

import textwrap
from dataclasses import dataclass

WIDTH = 360  # viewBox units; the SVG scales to its container
BAR_MAX = 290  # a 100% bar, leaving room for the value label after it
LINE = 16  # height of one label line
BAR = 18
GAP = 14
LABEL_CHARS = 46  # wrap labels so they fit the width at the chart's font size


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: int


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    lines: tuple[LabelLine, ...]
    y: int
    width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int


def bar_chart(figures: list[tuple[str, int]]) -> BarChart:
    """One bar per (label, percent), each under its own wrapped label."""
    bars = []
    y = 0
    for label, percent in figures:
        wrapped = textwrap.wrap(label, LABEL_CHARS) or [""]
        lines = tuple(LabelLine(text, y + LINE * (i + 1) - 4) for i, text in enumerate(wrapped))
        bar_y = y + LINE * len(wrapped) + 2
        width = round(BAR_MAX * max(0, min(percent, 100)) / 100)
        bars.append(
            Bar(
                label=label,
                percent=percent,
                lines=lines,
                y=bar_y,
                width=width,
                value_x=width + 6,
                value_y=bar_y + BAR - 5,
            )
        )
        y = bar_y + BAR + GAP
    return BarChart(bars=tuple(bars), width=WIDTH, height=max(y - GAP + 2, 1))
