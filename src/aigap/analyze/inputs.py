"""What the gap analysis compares: one figure per (indicator, country), with its interval,
its competing sources and its provenance.

Per ranked indicator, the latest year in which at least two of the countries have a reconciled,
country-level figure (``aigap.reconcile.estimates``); a country without a figure that year is
missing, never zero. Capability measures from the reference data (ECI, benchmark runs, arena
ratings) enter the models pillar as "best model" indicators, as of the latest common date.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from aigap.indicators import catalogue
from aigap.reconcile import estimates
from aigap.reconcile.periods import period_key, period_year
from aigap.reconcile.reliability import row_reliability
from aigap.records import Estimate
from aigap.store import Store

from .frontier import ScorePoint, measures, score_points

__all__ = ["Figure", "IndicatorData", "Missing", "Population", "gather", "population_table", "scale_kind"]

# Units that scale with a country's size: only these are divided in the per-capita and per-GDP views.
EXTENSIVE_UNITS = {"papers", "count", "people", "USD", "models", "companies", "FLOPS"}
# Heavy-tailed quantities: compared by the log of their ratio (``normalize`` log kind).
HEAVY_TAILED_UNITS = {"USD", "FLOP", "FLOPS"}
Alternative = tuple[float, float, float, float, str]  # value, low, high, weight, source


@dataclass(slots=True)
class Figure:
    value: float
    low: float
    high: float
    period: str | None
    sources: list[str]
    alternatives: list[Alternative] = field(default_factory=list)
    conflicting: bool = False
    n_sources: int = 0  # documents and dataset rows behind the figure (0: one per entry of ``sources``)
    # What the figure rests on (aigap.reconcile: source class and tier, independent sources, flags).
    reliability: dict[str, Any] = field(default_factory=dict)
    # low/high pool independent sources (``aigap.reconcile.uncertainty.pool``): the draws come from
    # that one interval; otherwise from one competing source at a time, by weight
    pooled: bool = False

    def scaled(self, k: float) -> Figure:
        return Figure(self.value * k, self.low * k, self.high * k, self.period, self.sources,
                      [(v * k, lo * k, hi * k, w, s) for v, lo, hi, w, s in self.alternatives], self.conflicting,
                      self.n_sources, self.reliability, self.pooled)

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "low": self.low, "high": self.high, "period": self.period, "as_of": self.period,
                "sources": self.sources, "n_sources": self.n_sources or len(self.sources),
                "conflicting": self.conflicting, "reliability": self.reliability}


@dataclass(slots=True)
class IndicatorData:
    id: str
    pillar: str
    name: str
    name_zh: str
    unit: str
    better: str  # higher | lower
    period: str | None
    figures: dict[str, Figure]
    source: str = ""
    kind: str = ""  # ratio | log | interval (``normalize``); "" = from the unit (``scale_kind``)
    span: float | None = None  # interval kind: the range a difference is read against

    def __post_init__(self) -> None:
        if not self.kind:
            self.kind = scale_kind(self.unit)

    @property
    def as_of(self) -> str | None:
        """The latest date behind any country's figure (a year, a month or a day)."""
        ps = [f.period for f in self.figures.values() if f.period]
        return max(ps) if ps else self.period


def scale_kind(unit: str) -> str:
    """The scale an indicator's figures are on, from its unit: money and compute are heavy-tailed,
    scores and ratings have no true zero, the rest (counts, shares of a total) are ratio scales."""
    base = unit.split(" per ", 1)[0]
    if base in HEAVY_TAILED_UNITS:
        return "log"
    if base in ("score", "Elo", "ECI points") or base.startswith(("percent correct", "percent resolved", "points")):
        return "interval"
    return "ratio"


@dataclass(slots=True)
class Missing:
    id: str
    pillar: str
    name: str
    name_zh: str
    have: list[str]  # countries with some figure (none in a common year with another)
    lack: list[str]


@dataclass(frozen=True, slots=True)
class Population:
    population: float
    gdp_usd: float
    year: int


@cache
def population_table() -> dict[str, dict[int, Population]]:
    out: dict[str, dict[int, Population]] = defaultdict(dict)
    text = resources.files("aigap.data").joinpath("population_gdp.csv").read_text(encoding="utf-8")
    for r in csv.DictReader(text.splitlines()):
        y = int(r["year"])
        out[r["country"]][y] = Population(float(r["population"]), float(r["gdp_usd"]), y)
    return dict(out)


def population_for(country: str, year: int | None) -> Population | None:
    rows = population_table().get(country)
    if not rows:
        return None
    earlier = [y for y in rows if year is None or y <= year]
    return rows[max(earlier)] if earlier else rows[min(rows)]


def _figure(ests: list[Estimate]) -> Figure:
    year_only = [e for e in ests if e.period and len(e.period) == 4]
    e = year_only[0] if year_only else max(ests, key=lambda x: str(x.period))
    alts = e.alternatives or [(e.value, e.low, e.high, 1.0, s) for s in e.sources[:1]]
    rel = {**e.reliability, "basis": e.basis, "period_label": e.period_label} if e.reliability else {}
    return Figure(e.value, e.low, e.high, e.period, list(e.sources), list(alts), e.conflicting,
                  e.n_sources or len(e.sources), rel, e.pooled)


# Units that are not plain counts: a figure in one of them compares only with the same unit.
_DIMENSIONED = {"percent", "USD", "FLOPS", "FLOP", "score", "rank", "tokens", "parameters"}


def _same_dimension(a: str, b: str) -> bool:
    """Counts of papers, patents or people compare; a share never compares with a level."""
    return a == b or (a not in _DIMENSIONED and b not in _DIMENSIONED)


def _partial_year(est: Estimate, vintages: dict[str, str]) -> bool:
    """A dataset-only figure for the year its file was cut (an Epoch file of April counts four months)."""
    ids = [s.split(":", 1)[1].split("#", 1)[0] for s in est.sources if s.startswith("dataset:")]
    def cut_that_year(v: str) -> bool:  # a file cut in December covers its year
        return v[:4] == (est.period or "")[:4] and v[5:7] not in ("", "12")

    return bool(ids) and len(ids) == len(est.sources) and all(cut_that_year(vintages.get(i) or "") for i in ids)


def _from_estimates(store: Store, countries: tuple[str, ...], attribution: str, ests: list[Estimate] | None = None,
                    ) -> tuple[list[IndicatorData], list[Missing]]:
    cat = catalogue()
    vintages = {d["id"]: str(d.get("vintage") or "") for d in store.datasets()}
    grid: dict[str, dict[str, dict[str, list[Estimate]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    units = {i.id: i.unit for i in cat.indicators.values()}
    for est in ests if ests is not None else estimates(store, countries, attribution=attribution):
        if est.country not in countries:
            continue
        if (est.entity is None and _same_dimension(est.unit, units.get(est.indicator, "")) and est.entity is None and est.period and est.period[:4].isdigit()
                and not _partial_year(est, vintages)):
            grid[est.indicator][str(period_key(est.period))][est.country].append(est)  # a span is its own period
    data, missing = [], []
    for ind in cat.indicators.values():
        if ind.better == "none" or ind.id == "model_benchmark_score":
            continue
        years = grid.get(ind.id, {})
        common = sorted((y for y, by_c in years.items() if len(by_c) >= 2), key=lambda y: (y[-4:], len(y) == 4),
                        reverse=True)
        if not common:
            have = sorted({c for by_c in years.values() for c in by_c}, key=countries.index)
            missing.append(Missing(ind.id, ind.pillar, ind.en, ind.zh, have, [c for c in countries if c not in have]))
            continue
        y = common[0]
        figs = {c: _figure(years[y][c]) for c in countries if c in years[y]}
        data.append(IndicatorData(ind.id, ind.pillar, ind.en, ind.zh, ind.unit, ind.better, y, figs, ind.source))
        if len(figs) < len(countries):
            missing.append(Missing(ind.id, ind.pillar, ind.en, ind.zh, list(figs),
                                   [c for c in countries if c not in figs]))
    return data, missing


def _best(pts: list[ScorePoint]) -> ScorePoint:
    return max(pts, key=lambda p: (p.value, -p.date.toordinal()))


def _from_benchmarks(store: Store, countries: tuple[str, ...]) -> list[IndicatorData]:
    out = []
    meta = measures()
    for mid, pts in score_points(store).items():
        m = meta.get(mid)
        if m is None:
            continue
        mine = [p for p in pts if p.country in countries]
        if m.kind == "snapshot":  # the latest snapshot rating at least two of the countries
            dates = sorted({p.date for p in mine}, reverse=True)
            snap = next((d for d in dates if len({p.country for p in mine if p.date == d}) >= 2), None)
            if snap is None:
                continue
            mine = [p for p in mine if p.date == snap]
            period: str | None = snap.isoformat()
        else:  # the current frontier: every model released up to the latest date in the data
            period = max(p.date for p in mine).isoformat() if mine else None
        by_c: dict[str, list[ScorePoint]] = defaultdict(list)
        for p in mine:
            by_c[p.country].append(p)
        if len(by_c) < 2:
            continue
        figs = {}
        span = m.span or (max(p.value for p in pts) - min(p.value for p in pts)) or None
        for c in countries:
            if c in by_c:
                b = _best(by_c[c])
                figs[c] = Figure(b.value, b.value, b.value, b.date.isoformat(), [b.source],
                                 [(b.value, b.value, b.value, 1.0, b.source)],
                                 reliability=row_reliability(b.source_class, b.publisher, b.source))
        out.append(IndicatorData(f"best_model:{mid}", "models", f"Best model: {m.en}", f"最佳模型：{m.zh}",
                                 m.unit, "higher", period, figs, m.source, "interval", span))
    return out


def gather(store: Store, countries: tuple[str, ...] = ("US", "CN"), *, attribution: str = "any-org",
           benchmarks: bool = True, ests: list[Estimate] | None = None) -> tuple[list[IndicatorData], list[Missing]]:
    """``ests``: reconciled estimates already computed for these countries (else read from the store)."""
    data, missing = _from_estimates(store, countries, attribution, ests)
    if benchmarks:
        data += _from_benchmarks(store, countries)
    return data, missing


def per_unit(data: list[IndicatorData], per: str) -> tuple[list[IndicatorData], list[str]]:
    """Divide size-dependent indicators by population (per million people) or GDP (per US$1 trillion)."""
    notes: list[str] = []
    out = []
    for d in data:
        if d.unit not in EXTENSIVE_UNITS:
            out.append(d)
            continue
        figs = {}
        for c, f in d.figures.items():
            pop = population_for(c, period_year(d.period))
            if pop is None:
                notes.append(f"{d.id}: no population or GDP for {c}; left out of the per-{per} view")
                continue
            k = 1e6 / pop.population if per == "capita" else 1e12 / pop.gdp_usd
            figs[c] = f.scaled(k)
        unit = f"{d.unit} per million people" if per == "capita" else f"{d.unit} per US$1 trillion of GDP"
        if len(figs) >= 2:
            out.append(IndicatorData(d.id, d.pillar, d.name, d.name_zh, unit, d.better, d.period, figs, d.source,
                                     d.kind, d.span))
    notes.append(f"per-{per} view: size-dependent indicators ({', '.join(sorted(EXTENSIVE_UNITS))}) divided by "
                 + ("population (per million people)" if per == "capita" else "GDP in current US dollars (per US$1 trillion)")
                 + ", World Bank WDI (CC BY 4.0); shares, scores and ranks unchanged")
    return out, notes
