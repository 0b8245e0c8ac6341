"""The results-per-year bar chart of the search page: geometry for an inline SVG."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WIDTH_PER_BAR = 10.0
BAR_WIDTH = 8.0
HEIGHT = 40.0
MIN_BAR = 1.5  # a year with one result stays visible beside a tall one


@dataclass(frozen=True)
class Bar:
    """One year's bar: its place in the chart's view box and where it leads."""

    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    inside: bool  # within the selected range (every bar when none is selected)
    url: str


@dataclass(frozen=True)
class YearChart:
    """Bars in year order, the view box's size and the years at each end."""

    bars: list[Bar]
    width: float
    height: float

    @property
    def first(self) -> int:
        return self.bars[0].year

    @property
    def last(self) -> int:
        return self.bars[-1].year


def year_chart(
    entries: list[dict[str, Any]],
    years: tuple[int | None, int | None],
    link: Callable[[int], str],
) -> YearChart | None:
    """The chart of the year facet's ``entries`` (values with counts), bars inside
    ``years`` (either end open) marked; None when no year has a result.

    Only years with results get a bar, in year order, so a sparse corpus stays readable.
    """
    counted = sorted(
        (int(e["value"]), int(e["count"]))
        for e in entries
        if e["count"] > 0 and e["value"].isascii() and e["value"].isdigit()
    )
    if not counted:
        return None
    low, high = years
    tallest = max(count for _year, count in counted)
    bars = []
    for position, (year, count) in enumerate(counted):
        height = max(MIN_BAR, HEIGHT * count / tallest)
        bars.append(
            Bar(
                year=year,
                count=count,
                x=position * WIDTH_PER_BAR + (WIDTH_PER_BAR - BAR_WIDTH) / 2,
                y=HEIGHT - height,
                width=BAR_WIDTH,
                height=height,
                inside=(low is None or year >= low) and (high is None or year <= high),
                url=link(year),
            )
        )
    return YearChart(bars=bars, width=len(bars) * WIDTH_PER_BAR, height=HEIGHT)
