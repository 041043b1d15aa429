"""Which charts a briefing has, drawn from its model: shared by the HTML and Markdown renderers."""

from __future__ import annotations

from dataclasses import dataclass

from .charts import DotRow, LagBar, colour, gap_chart, lag_range_chart, lag_series_chart, trend_chart
from .model import PillarSection, Report

__all__ = ["Figure", "lag_figures", "pillar_figures"]


@dataclass(frozen=True, slots=True)
class Figure:
    slug: str  # the file name of the chart beside a Markdown report: <slug>.svg
    caption: str
    svg: str


def pillar_figures(r: Report, p: PillarSection) -> list[Figure]:
    cs = r.countries
    names = {c: r.writer.country_title(c) for c in cs}
    out = []
    rows = [DotRow(r.label("pillar_score"), {c: (b.median, b.low, b.high) for c, b in p.scores.items()
                                             if b.median is not None and b.low is not None and b.high is not None},
                   bold=True)]
    for row in p.rows:
        rows.append(DotRow(row.name, {c: (b.median, b.low, b.high) for c, b in row.scores.items()
                                      if b.median is not None and b.low is not None and b.high is not None}))
    if p.rows:
        caption = r.label("chart_gap")
        out.append(Figure(f"pillar-{p.id}", caption, gap_chart(rows, cs, names, f"{p.name}: {caption}",
                                                               r.label("chart_gap_axis"))))
    if p.trend_lines and len(cs) >= 2:
        first, second = r.writer.country(cs[0]), r.writer.country(cs[1])  # mid-sentence: "the US"
        caption = r.label("chart_trend", first=first, second=second)
        out.append(Figure(f"pillar-{p.id}-trend", caption, trend_chart(
            [(t.label, t.points) for t in p.trend_lines], f"{p.name}: {caption}",
            r.label("chart_trend_axis", first=first, second=second), r.label("parity"))))
    return out


def lag_figures(r: Report) -> list[Figure]:
    lag = r.lag
    w = r.writer
    who = {"leader": w.country(lag.leader), "follower": w.country(lag.follower)}
    bars = [LagBar(row.name, row.low, row.mean, row.high, row.current) for row in lag.rows
            if row.low is not None and row.mean is not None and row.high is not None and row.current is not None]
    out = []
    follower_colour = colour(r.countries.index(lag.follower)) if lag.follower in r.countries else colour(1)
    if bars:
        caption = r.label("chart_lag_range", **who)
        out.append(Figure("lag-range", caption, lag_range_chart(bars, caption, r.label("chart_lag_range_axis", **who),
                                                                follower_colour)))
    series = next((row for row in lag.rows if len(row.series) >= 3), None)
    if series is not None:
        caption = r.label("chart_lag_series", benchmark=series.name, **who)
        out.append(Figure(f"lag-{series.benchmark}", caption, lag_series_chart(
            series.series, caption, r.label("chart_lag_series_axis"), follower_colour)))
    return out
