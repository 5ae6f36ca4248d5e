"""Bar charts for survey figures: pure ordering and scaling, no markup.

The page draws each bar as HTML text (label and value, so text keeps its size at any width and
wraps instead of overflowing) beside a one-rectangle SVG whose viewBox is 0–100 wide: the bar's
width is the percent itself, set as a presentation attribute, because the Content-Security-Policy
forbids inline style. Shares that report a problem (a pain point) are kept apart from adoption
shares and drawn differently, so a high problem share never reads as success.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int  # clamped to 0–100
    negative: bool  # reports a problem, not use


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]  # adoption shares, largest first, then problem shares, largest first

    @property
    def has_negative(self) -> bool:
        return any(bar.negative for bar in self.bars)


def bar_chart(figures: list[tuple[str, int, bool]]) -> BarChart:
    """Bars for (label, percent, negative) figures, sorted so the eye can rank them."""
    bars = [Bar(label, max(0, min(percent, 100)), negative) for label, percent, negative in figures]
    # sorted() is stable: equal shares keep the editors' order.
    return BarChart(bars=tuple(sorted(bars, key=lambda bar: (bar.negative, -bar.percent))))
