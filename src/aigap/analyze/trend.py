"""Trends: is a gap widening or closing, and when would the follower reach parity if it holds?

Per indicator, the yearly series of each country's figure (reconciled claims and reference data;
for ``best_model:<measure>`` the frontier at each year's end), the log ratio of the first country to
each other, its least-squares slope per year with a 90% interval, and, when the gap is narrowing,
the years until the fitted line crosses parity (with the interval the slope's interval gives).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aigap.errors import InputError
from aigap.indicators import catalogue
from aigap.reconcile import estimates
from aigap.records import Estimate
from aigap.store import Store

from .frontier import ScorePoint, measures, resolve_measure, score_points
from .inputs import _partial_year, _same_dimension
from .stats import ols

__all__ = ["MIN_POINTS", "PairTrend", "Parity", "Trend", "TrendPoint", "TrendValue", "overall_direction", "pillar_trends",
           "trend"]

# A trend needs this many years with both figures: three points fit almost any line.
MIN_POINTS = 4


@dataclass(frozen=True, slots=True)
class Parity:
    """Years until the fitted line reaches parity, with the interval the slope's interval gives."""

    point: float | None
    low: float | None
    high: float | None
    year: float  # the calendar year it would happen

    def to_json(self) -> dict[str, Any]:
        return {"point": self.point, "low": self.low, "high": self.high, "year": self.year}


@dataclass(frozen=True, slots=True)
class TrendValue:
    value: float
    sources: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "sources": self.sources}


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One year of the series: each country's figure with its sources."""

    period: str
    values: dict[str, TrendValue]

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "values": {c: v.to_json() for c, v in self.values.items()}}


@dataclass(slots=True)
class PairTrend:
    between: tuple[str, str]
    points: int
    slope: float | None = None  # change of ln(first / second) per year; positive = first gains
    low: float | None = None
    high: float | None = None
    direction: str = "not enough data"  # widening | narrowing | no clear trend | not enough data
    leader_now: str | None = None
    years_to_parity: Parity | None = None
    as_of: str | None = None  # the last year with both figures
    parity_note: str | None = None  # why no parity year is given although the gap narrows

    def to_json(self) -> dict[str, Any]:
        r = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {"between": list(self.between), "points": self.points, "slope_log_ratio_per_year": r(self.slope),
                "low": r(self.low), "high": r(self.high), "direction": self.direction,
                "leader_now": self.leader_now,
                "years_to_parity": self.years_to_parity.to_json() if self.years_to_parity else None, "as_of": self.as_of,
                "parity_note": self.parity_note}


@dataclass(slots=True)
class Trend:
    indicator: str
    name: str
    name_zh: str
    pillar: str
    unit: str
    countries: list[str]
    series: list[TrendPoint] = field(default_factory=list)
    pairs: list[PairTrend] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "name": self.name, "name_zh": self.name_zh, "pillar": self.pillar,
                "unit": self.unit, "countries": self.countries, "series": [p.to_json() for p in self.series],
                "pairs": [p.to_json() for p in self.pairs], "notes": self.notes}


def _pair(series: dict[int, dict[str, float]], a: str, b: str, lower: bool, year_end: bool = False) -> PairTrend:
    """``year_end``: a year's figure is known only at the year's end (annual totals, the frontier at the
    year's end), so the last observation is at last year + 1 on the fit's axis."""
    pts = sorted((y, math.log(v[a] / v[b])) for y, v in series.items()
                 if a in v and b in v and v[a] > 0 and v[b] > 0)
    if lower:
        pts = [(y, -g) for y, g in pts]
    out = PairTrend((a, b), len(pts))
    if not pts:
        return out
    last_y, last_g = pts[-1]
    out.as_of = str(last_y)
    out.leader_now = a if last_g > 0 else b if last_g < 0 else None
    fit = ols([y for y, _ in pts], [g for _, g in pts]) if len(pts) >= MIN_POINTS else None
    if fit is None:
        return out
    out.slope, out.low, out.high = fit.slope, fit.low, fit.high
    g_now = fit.at(last_y)
    toward = (fit.high < 0 < g_now) or (fit.low > 0 > g_now)  # the whole interval points at parity
    away = (fit.low > 0 and g_now > 0) or (fit.high < 0 and g_now < 0)
    out.direction = "narrowing" if toward else "widening" if away else "no clear trend"
    if toward:
        fast = fit.low if g_now > 0 else fit.high  # the steepest slope toward parity
        slow = fit.high if g_now > 0 else fit.low
        yrs = lambda s: None if s == 0 or (-g_now / s) < 0 else round(-g_now / s, 1)  # noqa: E731
        lo, hi = yrs(fast), yrs(slow)
        # A parity date must lie after the last observation, interval and all (else it is already past).
        observed = last_y + (1 if year_end else 0)
        if lo is not None and hi is not None and last_y + lo > observed:
            out.years_to_parity = Parity(yrs(fit.slope), lo, hi, round(last_y + (-g_now / fit.slope), 1))
        else:
            out.parity_note = (f"the fitted line may reach parity by the end of {last_y}, the last year observed, "
                               "or its interval is open-ended: no parity year is given" if lo is not None else
                               "the slope's interval reaches zero: no parity year is given")
    return out


def overall_direction(counts: dict[str, int]) -> str:
    """narrowing or widening only when most indicators with a trend estimate say so (and more than
    twice as many as say the opposite); else mixed."""
    n = counts.get("widening", 0) + counts.get("narrowing", 0) + counts.get("no clear trend", 0)
    for d, other in (("narrowing", "widening"), ("widening", "narrowing")):
        if n and 2 * counts.get(d, 0) > n and counts.get(d, 0) > 2 * counts.get(other, 0):
            return d
    return "mixed"


def _yearly_from_estimates(ests: list[Estimate], indicator: str, unit: str, vintages: dict[str, str],
                           ) -> dict[int, dict[str, tuple[float, Estimate]]]:
    out: dict[int, dict[str, tuple[float, Estimate]]] = defaultdict(dict)
    for e in ests:
        if (e.indicator != indicator or e.entity is not None or not e.period or not e.period[:4].isdigit()
                or not _same_dimension(e.unit, unit) or _partial_year(e, vintages)):
            continue
        y = int(e.period[:4])
        prev = out[y].get(e.country)
        if prev is None or (len(e.period) == 4 and len(prev[1].period or "") != 4):
            out[y][e.country] = (e.value, e)
    return out


def _yearly_from_scores(pts: list[ScorePoint], kind: str) -> dict[int, dict[str, tuple[float, ScorePoint]]]:
    out: dict[int, dict[str, tuple[float, ScorePoint]]] = defaultdict(dict)
    if kind == "snapshot":  # the last snapshot of each year
        last: dict[int, dt.date] = {}
        for p in pts:
            last[p.date.year] = max(last.get(p.date.year, p.date), p.date)
        for p in pts:
            if p.date == last[p.date.year] and (p.country not in out[p.date.year] or p.value > out[p.date.year][p.country][0]):
                out[p.date.year][p.country] = (p.value, p)
        return out
    best: dict[str, ScorePoint] = {}
    for p in sorted(pts, key=lambda x: x.date):
        if p.country not in best or p.value > best[p.country].value:
            best[p.country] = p
        out[p.date.year] = {c: (b.value, b) for c, b in best.items()}  # frontier at the year's end
    return out


def trend(store: Store, indicator: str, countries: tuple[str, ...] = ("US", "CN"),
          ests: list[Estimate] | None = None, points: dict[str, list[ScorePoint]] | None = None,
          since: int | None = None) -> Trend:
    """``since``: the first year the series and the fit use."""
    cat = catalogue()
    yearly: dict[int, dict[str, tuple[float, Any]]]
    if indicator.startswith("best_model:") or indicator in measures() or indicator in ("arena", "superclue"):
        pts = points if points is not None else score_points(store)
        mid = resolve_measure(indicator.removeprefix("best_model:"), set(pts))
        m = measures()[mid]
        yearly = _yearly_from_scores(pts.get(mid, []), m.kind)
        t = Trend(f"best_model:{mid}", f"Best model: {m.en}", f"最佳模型：{m.zh}", "models", m.unit, list(countries))
        lower = False
    else:
        ind = cat.indicators.get(indicator)
        if ind is None:
            raise InputError(f"unknown indicator {indicator!r}; `aigap data indicators` lists them "
                             "(benchmarks: best_model:eci, best_model:arena_elo, ...)")
        all_ests = ests if ests is not None else estimates(store, countries, indicator=ind.id)
        vintages = {d["id"]: str(d.get("vintage") or "") for d in store.datasets()}
        yearly = _yearly_from_estimates(all_ests, ind.id, ind.unit, vintages)
        t = Trend(ind.id, ind.en, ind.zh, ind.pillar, ind.unit, list(countries))
        lower = ind.better == "lower"
        if ind.better == "none":
            t.notes.append("this indicator has no better direction: the ratio is shown, not who leads")
    series: dict[int, dict[str, float]] = {}
    for y in sorted(yearly):
        if since is not None and y < since:
            continue
        row = {c: v for c, v in yearly[y].items() if c in countries}
        if not row:
            continue
        series[y] = {c: v[0] for c, v in row.items()}
        t.series.append(TrendPoint(str(y), {c: TrendValue(v[0], _sources(v[1])) for c, v in row.items()}))
    for other in countries[1:]:
        pt = _pair(series, countries[0], other, lower, year_end=True)
        t.pairs.append(pt)
        if pt.points < MIN_POINTS:
            t.notes.append(f"{countries[0]} vs {other}: {pt.points} year(s) with both figures; a trend needs "
                           f"{MIN_POINTS}")
        if pt.parity_note:
            t.notes.append(f"{countries[0]} vs {other}: {pt.parity_note}")
    if since is not None:
        t.notes.append(f"series from {since}")
    return t


def _sources(x: Any) -> list[str]:
    if isinstance(x, ScorePoint):
        return [x.source]
    return list(getattr(x, "sources", []))


def pillar_trends(store: Store, countries: tuple[str, ...] = ("US", "CN")) -> dict[str, dict[str, Any]]:
    """Per pillar, how many of its indicators' gaps (first country vs second) widen or narrow."""
    cat = catalogue()
    ests = estimates(store, countries)
    pts = score_points(store)
    ids = [i.id for i in cat.indicators.values() if i.better != "none" and i.id != "model_benchmark_score"]
    ids += [f"best_model:{m}" for m in pts if m in measures()]
    out: dict[str, dict[str, Any]] = {}
    for iid in ids:
        t = trend(store, iid, countries[:2], ests, pts)
        p = t.pairs[0] if t.pairs else None
        row = out.setdefault(t.pillar, {"widening": [], "narrowing": [], "no clear trend": [], "slopes": []})
        if p and p.slope is not None:
            row[p.direction].append(iid)
            row["slopes"].append(p.slope)
    for row in out.values():
        s = sorted(row.pop("slopes"))
        row["median_slope_log_ratio_per_year"] = round(s[len(s) // 2], 4) if s else None
    return out
