"""Frontier lag: how many months the follower's best model trails the leader's, per measure.

Method (Epoch AI's, for its Capabilities Index): for each country, the running best score of its
models by release date (the frontier). On any date t, take the follower's frontier score s; the lag
is the time since the leader's frontier first reached s. If the follower is ahead, the lag is
negative: the time since the follower first reached the leader's score. Statistics are taken over
every day of the window; the series is monthly. Snapshot leaderboards (an arena re-rated at each
date) are compared within one snapshot: the models' ratings in it, dated by first appearance.

Capability gaps in different units (months, points, Elo percent) are never merged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aigap.store import Store

from .frontier import Measure, ScorePoint, measures, resolve_measure, score_points
from .stats import lag1_autocorrelation, ols

__all__ = ["BenchmarkLag", "LagPoint", "LagTrend", "frontier_lag", "lag_for_points"]

DAYS_PER_MONTH = 30.4375
DEFAULT_SINCE = dt.date(2023, 1, 1)  # Epoch's window for the ECI figure starts in 2023


@dataclass(slots=True)
class LagPoint:
    date: dt.date
    lead_best: float | None
    follow_best: float | None
    lead_model: str | None
    follow_model: str | None
    lag_months: float | None
    score_gap: float | None

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "lead_best": _r(self.lead_best), "follow_best": _r(self.follow_best),
                "lead_model": self.lead_model, "follow_model": self.follow_model,
                "lag_months": _r(self.lag_months, 2), "score_gap": _r(self.score_gap, 3)}


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


@dataclass(frozen=True, slots=True)
class LagTrend:
    """The lag's change in months per year, with a 90% interval that allows for autocorrelation."""

    slope: float
    low: float
    high: float
    method: str
    lag1_autocorrelation: float
    points: int

    @property
    def direction(self) -> str:
        return "narrowing" if self.high < 0 else "widening" if self.low > 0 else "no clear trend"

    def to_json(self) -> dict[str, Any]:
        return {"slope": self.slope, "low": self.low, "high": self.high, "method": self.method,
                "lag1_autocorrelation": self.lag1_autocorrelation, "points": self.points}


@dataclass(slots=True)
class BenchmarkLag:
    benchmark: str
    name: str
    name_zh: str
    unit: str
    gap_unit: str
    kind: str
    countries: tuple[str, str]
    window: tuple[dt.date, dt.date] | None
    method: str
    current_lag_months: float | None = None
    mean_lag_months: float | None = None
    min_lag_months: float | None = None
    max_lag_months: float | None = None
    trend_months_per_year: LagTrend | None = None
    current_score_gap: float | None = None
    series: list[LagPoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark, "name": self.name, "name_zh": self.name_zh, "unit": self.unit,
            "countries": list(self.countries),
            "current_lag_months": _r(self.current_lag_months, 2), "mean_lag_months": _r(self.mean_lag_months, 2),
            "min_lag_months": _r(self.min_lag_months, 2), "max_lag_months": _r(self.max_lag_months, 2),
            "window": [self.window[0].isoformat(), self.window[1].isoformat()] if self.window else None,
            "method": self.method,
            "trend_months_per_year": self.trend_months_per_year.to_json() if self.trend_months_per_year else None,
            "current_score_gap": _r(self.current_score_gap, 3), "score_gap_unit": self.gap_unit,
            "series": [p.to_json() for p in self.series], "notes": self.notes, "source": self.source,
        }


def _months(days: float) -> float:
    return days / DAYS_PER_MONTH


class _Frontier:
    """A country's running best by release date, searchable by date and by score."""

    def __init__(self, pts: list[ScorePoint]) -> None:
        pts = sorted(pts, key=lambda p: (p.date, -p.value))
        self.days = np.array([p.date.toordinal() for p in pts], dtype=np.int64)
        vals = np.array([p.value for p in pts], dtype=float)
        self.best = np.maximum.accumulate(vals) if len(vals) else vals
        # index of the point holding the running best, for naming the model
        holder = np.zeros(len(pts), dtype=np.int64)
        for i in range(1, len(pts)):
            holder[i] = i if vals[i] >= self.best[i - 1] else holder[i - 1]
        self.holder = holder
        self.models = [p.model for p in pts]

    def at(self, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        idx = np.searchsorted(self.days, day, side="right") - 1
        ok = idx >= 0
        best = np.where(ok, self.best[np.clip(idx, 0, None)] if len(self.best) else np.nan, np.nan)
        return best, idx

    def first_reach(self, score: np.ndarray) -> np.ndarray:
        """The first day the frontier was at or above each score (NaN if never)."""
        i = np.searchsorted(self.best, score, side="left")
        out = np.full(score.shape, np.nan)
        ok = (i < len(self.best)) & np.isfinite(score)
        out[ok] = self.days[i[ok]]
        return out


def _release_lag(lead: _Frontier, follow: _Frontier, days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lb, _ = lead.at(days)
    fb, _ = follow.at(days)
    ahead = lb >= fb
    lag = np.full(days.shape, np.nan)
    r_lead = lead.first_reach(np.where(ahead, fb, np.nan))
    r_follow = follow.first_reach(np.where(~ahead, lb, np.nan))
    lag = np.where(ahead, _months(1.0) * (days - r_lead), -_months(1.0) * (days - r_follow))
    lag[~(np.isfinite(lb) & np.isfinite(fb))] = np.nan
    return lag, lb, fb


def _score_gap(lead: float | None, follow: float | None, gap_unit: str) -> float | None:
    if lead is None or follow is None or not np.isfinite(lead) or not np.isfinite(follow):
        return None
    if gap_unit == "percent":
        return (lead - follow) / follow * 100 if follow else None
    return lead - follow


def _month_starts(a: dt.date, b: dt.date) -> list[dt.date]:
    out, y, m = [], a.year, a.month
    while dt.date(y, m, 1) <= b:
        if dt.date(y, m, 1) >= a:
            out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if not out or out[-1] != b:
        out.append(b)
    return out


def _release(meta: Measure, pts: list[ScorePoint], countries: tuple[str, str], since: dt.date,
             until: dt.date | None) -> BenchmarkLag:
    lead_c, follow_c = countries
    out = BenchmarkLag(meta.id, meta.en, meta.zh, meta.unit, meta.gap_unit, meta.kind, countries, None,
                       method=("running best by release date per country; lag on each day = months since the "
                               f"{lead_c} frontier first reached the {follow_c} frontier's score (negative when "
                               f"{follow_c} leads); mean, min and max over every day of the window"),
                       source=meta.source)
    lead = _Frontier([p for p in pts if p.country == lead_c])
    follow = _Frontier([p for p in pts if p.country == follow_c])
    if not len(lead.days) or not len(follow.days):
        out.notes.append(f"no {lead_c if not len(lead.days) else follow_c} model has a score on this measure")
        return out
    start = max(since.toordinal(), int(max(lead.days[0], follow.days[0])))
    end = int(max(lead.days[-1], follow.days[-1]))
    if until:
        end = min(end, until.toordinal())
    if end < start:
        out.notes.append("no date in the window where both countries have a model")
        return out
    days = np.arange(start, end + 1)
    lag, lb, fb = _release_lag(lead, follow, days)
    out.window = (dt.date.fromordinal(start), dt.date.fromordinal(end))
    out.current_lag_months = float(lag[-1])
    out.mean_lag_months, out.min_lag_months, out.max_lag_months = (
        float(np.nanmean(lag)), float(np.nanmin(lag)), float(np.nanmax(lag)))
    grid = _month_starts(out.window[0], out.window[1])
    g = np.array([d.toordinal() for d in grid])
    gl, glb, gfb = _release_lag(lead, follow, g)
    _, li = lead.at(g)
    _, fi = follow.at(g)
    for k, d in enumerate(grid):
        out.series.append(LagPoint(
            d, float(glb[k]), float(gfb[k]), lead.models[lead.holder[li[k]]] if li[k] >= 0 else None,
            follow.models[follow.holder[fi[k]]] if fi[k] >= 0 else None, float(gl[k]),
            _score_gap(float(glb[k]), float(gfb[k]), meta.gap_unit)))
    out.current_score_gap = _score_gap(float(lb[-1]), float(fb[-1]), meta.gap_unit)
    _trend(out)
    if meta.id == "eci":
        _records_note(out, lead, follow, since)
    return out


def _records_note(out: BenchmarkLag, lead: _Frontier, follow: _Frontier, since: dt.date) -> None:
    """The same lag taken only when the follower sets a new record, the other reading of Epoch's method."""
    rec = [i for i in range(len(follow.days)) if follow.holder[i] == i and follow.days[i] >= since.toordinal()
           and (i == 0 or follow.best[i] > follow.best[i - 1])]
    if not rec:
        return
    days = follow.days[rec]
    lag, _, _ = _release_lag(lead, follow, days)
    out.notes.append(
        f"taken only on the dates a {out.countries[1]} model set a new {out.countries[1]} record "
        f"({len(rec)} records), the lag averages {np.nanmean(lag):.1f} months "
        f"(range {np.nanmin(lag):.1f}-{np.nanmax(lag):.1f})")


def _snapshot(meta: Measure, pts: list[ScorePoint], countries: tuple[str, str], since: dt.date,
              until: dt.date | None) -> BenchmarkLag:
    lead_c, follow_c = countries
    out = BenchmarkLag(meta.id, meta.en, meta.zh, meta.unit, meta.gap_unit, meta.kind, countries, None,
                       method=("leaderboard snapshots compared within each snapshot: the best rating per country; "
                               f"lag = months since the first appearance of the earliest {lead_c} model rated at or "
                               f"above the best {follow_c} model in that snapshot (negative when {follow_c} leads); "
                               "statistics over the snapshots in the window"),
                       source=meta.source)
    first_seen: dict[str, dt.date] = {}
    by_date: dict[dt.date, list[ScorePoint]] = defaultdict(list)
    for p in pts:
        key = f"{p.country}:{p.model}"
        first_seen[key] = min(first_seen.get(key, p.date), p.date)
        by_date[p.date].append(p)
    lags: list[float] = []
    for d in sorted(by_date):
        if d < since or (until and d > until):
            continue
        snap = by_date[d]
        ls = [p for p in snap if p.country == lead_c]
        fs = [p for p in snap if p.country == follow_c]
        if not ls or not fs:
            continue
        lb, fb = max(ls, key=lambda p: p.value), max(fs, key=lambda p: p.value)
        if lb.value >= fb.value:
            reach = min(first_seen[f"{p.country}:{p.model}"] for p in ls if p.value >= fb.value)
            lag = _months((d - reach).days)
        else:
            reach = min(first_seen[f"{p.country}:{p.model}"] for p in fs if p.value >= lb.value)
            lag = -_months((d - reach).days)
        lags.append(lag)
        out.series.append(LagPoint(d, lb.value, fb.value, lb.model, fb.model, lag,
                                   _score_gap(lb.value, fb.value, meta.gap_unit)))
    if not out.series:
        out.notes.append("no snapshot in the window rates models of both countries")
        return out
    out.window = (out.series[0].date, out.series[-1].date)
    last = out.series[-1]
    out.current_lag_months, out.current_score_gap = last.lag_months, last.score_gap
    arr = np.array(lags)
    out.mean_lag_months, out.min_lag_months, out.max_lag_months = (
        float(arr.mean()), float(arr.min()), float(arr.max()))
    _trend(out)
    return out


def _trend(out: BenchmarkLag) -> None:
    pts = [(p.date.toordinal() / 365.25, p.lag_months) for p in out.series if p.lag_months is not None
           and np.isfinite(p.lag_months)]
    fit = ols([x for x, _ in pts], [y for _, y in pts], hac=True) if pts else None
    if fit:
        resid = [y - fit.at(x) for x, y in pts]
        rho = lag1_autocorrelation(resid)
        out.trend_months_per_year = LagTrend(round(fit.slope, 3), round(fit.low, 3), round(fit.high, 3),
                                             "OLS slope, Newey-West (HAC) interval", round(rho, 3), fit.n)
        direction = ("narrowing" if fit.high < 0 else "widening" if fit.low > 0 else "no clear trend")
        out.notes.append(f"lag trend: {fit.slope:+.2f} months per year (90% interval {fit.low:+.2f} to "
                         f"{fit.high:+.2f}, Newey-West: the monthly lags are autocorrelated, lag-1 {rho:.2f}): "
                         f"{direction}")


def _published_notes(out: BenchmarkLag, meta: Measure) -> None:
    for pub in meta.published:
        if pub.get("kind") == "lag_months" and out.mean_lag_months is not None:
            out.notes.append(
                f"{pub['source']} publishes a mean lag of about {pub['mean']} months (range {pub['min']}-{pub['max']}, "
                f"{pub['window']}); recomputed here from the shipped file: mean {out.mean_lag_months:.1f} "
                f"(range {out.min_lag_months:.1f}-{out.max_lag_months:.1f}) over "
                f"{out.window[0].isoformat() if out.window else '?'}..{out.window[1].isoformat() if out.window else '?'}. "
                "Differences come from the ECI file's vintage (Epoch revises scores and adds models), the window's "
                "end, and averaging per day versus per record")
        elif pub.get("kind") == "gap_percent":
            near = [p.score_gap for p in out.series if p.date.isoformat()[:7] == pub["date"] and p.score_gap is not None]
            if near:
                mine = f"{min(near):.2f}%" if len(near) == 1 else f"{min(near):.2f}-{max(near):.2f}%"
                out.notes.append(f"{pub['source']} puts the gap at {pub['value']}% in {pub['date']}; this data's "
                                 f"snapshots of that month give {mine}")


def lag_for_points(meta: Measure, pts: list[ScorePoint], countries: tuple[str, str] = ("US", "CN"),
                   since: dt.date = DEFAULT_SINCE, until: dt.date | None = None) -> BenchmarkLag:
    fn = _snapshot if meta.kind == "snapshot" else _release
    out = fn(meta, pts, countries, since, until)
    if not meta.lag:
        out.current_lag_months = out.mean_lag_months = out.min_lag_months = out.max_lag_months = None
        out.trend_months_per_year = None
        for p in out.series:
            p.lag_months = None
        out.notes = [n for n in out.notes if not n.startswith("lag trend")]
        out.notes.append("no lag in months: the boards list only each country's best model, so the date the "
                         "leader first reached a score is unknown; the score gap is given instead")
        out.method = "best score per country on each board; score gap only"
    _published_notes(out, meta)
    return out


def frontier_lag(store: Store, benchmark: str | None = None, countries: tuple[str, str] = ("US", "CN"),
                 since: dt.date = DEFAULT_SINCE, until: dt.date | None = None,
                 points: dict[str, list[ScorePoint]] | None = None) -> list[BenchmarkLag]:
    """The lag on every measure in the reference data (or one), leader first in ``countries``;
    ``points``: the score points already read from the store (``score_points``), else read here."""
    pts = points if points is not None else score_points(store)
    wanted = resolve_measure(benchmark, set(pts)) if benchmark else None
    out = []
    for mid in sorted(pts, key=lambda m: (m not in measures(), list(measures()).index(m) if m in measures() else 0, m)):
        if wanted and mid != wanted:
            continue
        meta = measures().get(mid) or Measure(mid, mid, mid, "score", "release", "points", "user-added data")
        out.append(lag_for_points(meta, pts[mid], countries, since, until))
    return out
