"""The gap answer as typed records: what the CLI, the report, the web and the notebook read.

``GapAnswer.to_json()`` is its serialisation (field names are the JSON keys), not its shape.
``build_answer`` makes one from a ``GapResult`` (the arrays of the point estimate and the draws).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from aigap.indicators import catalogue

from .anchors import Anchor
from .countries import country_name
from .inputs import Figure, Missing
from .robustness import LeaveOneOut
from .stats import summary
from .trend import PairTrend

if TYPE_CHECKING:
    from .gap import GapResult

__all__ = ["Band", "CompositeGap", "CountryComposite", "Coverage", "GapAnswer", "GapTrend", "IndicatorGap",
           "IndicatorRow", "PillarHeadline", "PillarScore", "Robustness", "Score", "Sensitivity", "build_answer",
           "plain"]

# A country covering fewer than this share of the best-covered country's indicators is not ranked.
MIN_RELATIVE_COVERAGE = 0.5


def _f(x: Any, nd: int = 4) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if not math.isfinite(v) else round(v, nd)


@dataclass(frozen=True, slots=True)
class Band:
    median: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, a: np.ndarray) -> Band:
        med, lo, hi = summary(np.asarray(a, dtype=float)[:, None])
        return cls(_f(med[0]), _f(lo[0]), _f(hi[0]))


@dataclass(frozen=True, slots=True)
class Coverage:
    used: int
    of: int
    indicators: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CountryComposite:
    country: str
    name: str
    point: float | None
    median: float | None
    low: float | None
    high: float | None
    coverage: Coverage
    ranked: bool
    reason: str | None  # why not ranked
    as_of: str | None


@dataclass(frozen=True, slots=True)
class CompositeGap:
    between: list[str]
    point: float | None
    median: float | None
    low: float | None
    high: float | None
    probability_first_leads: float | None


@dataclass(frozen=True, slots=True)
class PillarScore:
    point: float | None
    median: float | None
    low: float | None
    high: float | None
    coverage: Coverage


@dataclass(frozen=True, slots=True)
class Score:
    """One country's 0-100 score on an indicator: the point estimate and the draws' band."""

    point: float | None
    median: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class IndicatorGap:
    """The first two countries' score difference on an indicator over the draws."""

    between: list[str]
    score_difference: Band
    probability_first_leads: float | None


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """How far the composite gap (first minus second country) moves without one indicator."""

    indicator: str
    pillar: str
    composite_gap_without: float | None
    shift: float | None
    correlation: float | None  # of its score gap with the composite gap across the draws


@dataclass(frozen=True, slots=True)
class GapTrend:
    """How many indicator gaps widen, narrow or show no clear trend, and the verdict they support."""

    widening: int
    narrowing: int
    no_clear_trend: int
    direction: str  # narrowing | widening | mixed

    @property
    def of(self) -> int:
        return self.widening + self.narrowing + self.no_clear_trend

    def counts(self) -> dict[str, int]:
        return {"widening": self.widening, "narrowing": self.narrowing, "no clear trend": self.no_clear_trend}

    def to_json(self) -> dict[str, Any]:
        return {**self.counts(), "of": self.of, "direction": self.direction}


@dataclass(frozen=True, slots=True)
class PillarHeadline:
    """One line per pillar: the leader when the draws agree, both scores, coverage."""

    pillar: str
    leader: str | None
    probability: float | None
    gap_text: str
    coverage_text: str


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    pillar: str
    name: str
    name_zh: str
    unit: str
    kind: str  # ratio | log | interval: how it is scored
    period: str | None
    as_of: str | None
    leader: str | None
    ratio: float | None  # only where zero means none (never for interval scales)
    log_ratio: float | None
    difference: float | None
    values: dict[str, Figure]
    scores: dict[str, Score]
    gap: IndicatorGap | None
    weight: float
    source: str
    trend: PairTrend | None
    set_aside: str | None = None  # why it weighs nothing in the pillars and the composite


@dataclass(frozen=True, slots=True)
class Robustness:
    leave_one_source_out: list[LeaveOneOut]
    biggest_mover: LeaveOneOut | None
    composite_gap_fixed_weights: Band | None
    composite_gap_sampled_weights: Band | None


@dataclass(slots=True)
class GapAnswer:
    countries: list[str]
    names: dict[str, str]
    leader: str | None
    normalize: str
    per: str | None
    draws: int
    seed: int
    weight_spread: float
    weights: dict[str, Any]
    as_of: str | None  # the newest figure behind the composite
    as_of_oldest: str | None  # the oldest
    composite: dict[str, CountryComposite]
    composite_gap: CompositeGap
    rank_probability: dict[str, dict[str, float] | None]
    pillars: dict[str, dict[str, PillarScore]]
    indicators: list[IndicatorRow]
    missing: list[Missing]
    pillar_trends: dict[str, dict[str, Any]]
    gap_trend: GapTrend  # counts of widening / narrowing / unclear indicator gaps and the overall verdict
    sensitivity: list[Sensitivity]
    robustness: Robustness
    anchors: list[Anchor]
    anchors_note: str
    notes: list[str]

    def to_json(self) -> dict[str, Any]:
        return {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self)}


def plain(x: Any) -> Any:
    """JSON-ready values: records with their own ``to_json`` use it, others become dicts of fields."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        if hasattr(x, "to_json"):
            return x.to_json()
        return {f.name: plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [plain(v) for v in x]
    return x


# -- building ---------------------------------------------------------------------------------------

def _counts(res: GapResult, i: int, j: int) -> bool:
    """Whether country j's figure on indicator i enters its pillar (set-aside figures do not)."""
    return not np.isnan(res.problem.value[i, j]) and res.data[i].id not in res.set_aside


def _coverage(res: GapResult) -> dict[str, Coverage]:
    n = len(res.data)
    return {c: Coverage(sum(_counts(res, i, j) for i in range(n)), n,
                        [d.id for i, d in enumerate(res.data) if _counts(res, i, j)])
            for j, c in enumerate(res.countries)}


def ranked_countries(res: GapResult) -> dict[str, str | None]:
    """Per country: None when it is ranked, else the reason it is not."""
    cov = _coverage(res)
    best = max((v.used for v in cov.values()), default=0)
    out: dict[str, str | None] = {}
    for j, c in enumerate(res.countries):
        if np.isnan(res.point_composite[j]):
            out[c] = "no composite: no figure in any pillar with weight"
        elif cov[c].used < MIN_RELATIVE_COVERAGE * best:
            out[c] = (f"covers {cov[c].used} of {cov[c].of} indicators, under half of the best-covered "
                      f"country's {best}: not comparable")
        else:
            out[c] = None
    return out


def rank_probability(res: GapResult, unranked: dict[str, str | None]) -> dict[str, dict[str, float] | None]:
    """Rank shares of the draws among the ranked countries only; None for the others."""
    idx = [j for j, c in enumerate(res.countries) if unranked[c] is None]
    out: dict[str, dict[str, float] | None] = {c: None for c in res.countries}
    if not idx:
        return out
    comp = res.draws.composite[:, idx]
    comp = np.where(np.isnan(comp), -np.inf, comp)
    order = np.argsort(-comp, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(order.shape[0])[:, None]
    ranks[rows, order] = np.arange(order.shape[1])[None, :]
    for k, j in enumerate(idx):
        out[res.countries[j]] = {str(r + 1): round(float((ranks[:, k] == r).mean()), 4) for r in range(len(idx))}
    return out


def composite_gap(res: GapResult) -> CompositeGap:
    d = res.draws.composite[:, 0] - res.draws.composite[:, 1]
    ok = d[~np.isnan(d)]
    b = Band.of(d)
    return CompositeGap(res.countries[:2], _f(res.point_composite[0] - res.point_composite[1]), b.median, b.low,
                        b.high, _f(float((ok > 0).mean()) if len(ok) else None))


def leader(res: GapResult, unranked: dict[str, str | None]) -> str | None:
    """The ranked country with the highest point composite, if the draws agree (it ranks first in at
    least half of them): the point estimate and the draws never name different leaders."""
    comp = np.array([v if unranked[c] is None else np.nan for c, v in zip(res.countries, res.point_composite,
                                                                           strict=True)])
    if np.isnan(comp).all():
        return None
    top = res.countries[int(np.nanargmax(comp))]
    probs = rank_probability(res, unranked).get(top) or {}
    return top if probs.get("1", 0.0) >= 0.5 else None


def _pillars(res: GapResult) -> dict[str, dict[str, PillarScore]]:
    out: dict[str, dict[str, PillarScore]] = {}
    cat = catalogue()
    for k, pid in enumerate(res.problem.pillars):
        in_p = [i for i, d in enumerate(res.data) if d.pillar == pid]
        total = len([i for i in cat.in_pillar(pid) if i.better != "none"])
        total += len([d for d in res.data if d.pillar == pid and d.id not in cat.indicators])
        row = {}
        for j, c in enumerate(res.countries):
            used = [res.data[i].id for i in in_p if _counts(res, i, j)]
            b = Band.of(res.draws.pillars[:, k, j])
            row[c] = PillarScore(_f(res.point_pillars[k, j]), b.median, b.low, b.high, Coverage(len(used), total, used))
        out[pid] = row
    return out


def _indicators(res: GapResult) -> list[IndicatorRow]:
    out = []
    for i, d in enumerate(res.data):
        vals = {c: d.figures[c] for c in res.countries if c in d.figures}
        sign = -1 if d.better == "lower" else 1
        ranked = sorted(vals, key=lambda c: -sign * vals[c].value)
        lead = ranked[0] if len(ranked) >= 2 else None
        ratio = None
        if lead and len(ranked) >= 2:
            a, b = vals[ranked[0]].value, vals[ranked[1]].value
            if a > 0 and b > 0 and d.kind != "interval":  # no ratio without a true zero
                ratio = a / b if sign > 0 else b / a
            if abs(a - b) <= 0.005 * max(abs(a), abs(b)):
                lead = None  # a tie is no lead
        c0, c1 = res.countries[0], res.countries[1]
        gap_band = None
        if c0 in vals and c1 in vals:
            s = res.draws.scores[:, i, :2].astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                gap_band = IndicatorGap([c0, c1], Band.of(s[:, 0] - s[:, 1]), _f(float((s[:, 0] > s[:, 1]).mean())))
        scores = {c: Score(_f(res.point_scores[i, j]), *dataclasses.astuple(Band.of(res.draws.scores[:, i, j])))
                  for j, c in enumerate(res.countries) if c in vals}
        out.append(IndicatorRow(
            d.id, d.pillar, d.name, d.name_zh, d.unit, d.kind, d.period, d.as_of, lead, _f(ratio),
            _f(math.log(ratio)) if ratio else None,
            _f(vals[ranked[0]].value - vals[ranked[1]].value) if len(ranked) >= 2 else None,
            vals, scores, gap_band, float(res.problem.w_ind[i]), d.source, res.trends.get(d.id),
            res.set_aside.get(d.id)))
    return out


def _pillar_trends(res: GapResult) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for d in res.data:
        t = res.trends.get(d.id)
        row = out.setdefault(d.pillar, {"widening": [], "narrowing": [], "no clear trend": [],
                                        "not enough data": []})
        row[t.direction if t else "not enough data"].append(d.id)
    return out


def _gap_trend(res: GapResult) -> GapTrend:
    from .trend import overall_direction

    counts = {"widening": 0, "narrowing": 0, "no clear trend": 0}
    for t in res.trends.values():
        if t.direction in counts:
            counts[t.direction] += 1
    return GapTrend(counts["widening"], counts["narrowing"], counts["no clear trend"], overall_direction(counts))


def build_answer(res: GapResult) -> GapAnswer:
    from .anchors import anchors_for, why_aigap_differs

    o = res.options
    unranked = ranked_countries(res)
    cov = _coverage(res)
    as_of = [d.as_of for d in res.data if d.as_of]
    comp = {}
    for j, c in enumerate(res.countries):
        b = Band.of(res.draws.composite[:, j])
        mine = [d.as_of for d in res.data if c in d.figures and d.as_of]
        comp[c] = CountryComposite(c, country_name(c), _f(res.point_composite[j]), b.median, b.low, b.high, cov[c],
                                   unranked[c] is None, unranked[c], max(mine) if mine else None)
    loo = res.robustness.get("leave_one_source_out", [])
    wi = res.robustness.get("intervals") or {}
    rob = Robustness(loo, next((r for r in loo if r.change is not None), None),
                     Band(**wi["fixed_weights"]) if wi else None, Band(**wi["sampled_weights"]) if wi else None)
    # the indicators compared in the composite (those set aside for weak evidence are not)
    both = sum(1 for d in res.data if all(c in d.figures for c in res.countries[:2]) and d.id not in res.set_aside)
    return GapAnswer(
        list(res.countries), {c: country_name(c) for c in res.countries}, leader(res, unranked), o.normalize, o.per,
        o.draws, o.seed, o.weight_spread, res.weights.to_json(), max(as_of) if as_of else None,
        min(as_of) if as_of else None, comp, composite_gap(res), rank_probability(res, unranked), _pillars(res),
        _indicators(res), list(res.missing), _pillar_trends(res), _gap_trend(res), res.sensitivity, rob,
        anchors_for(list(res.countries), {c: v.point for c, v in comp.items()}),
        why_aigap_differs(both, o.normalize, res.weights.name), list(res.notes))
