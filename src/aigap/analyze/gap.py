"""The gap: per indicator, per pillar and overall, with uncertainty, coverage and sensitivity.

``gap(store, GapOptions(...))`` gathers one figure per (indicator, country) (``inputs``), scores
them (``normalize``), aggregates with the chosen weights (``simulate.aggregate``) and runs the
Monte Carlo (``simulate.simulate``). Missing figures are left out and counted in ``coverage``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from aigap.errors import InputError
from aigap.indicators import catalogue
from aigap.store import Store

from .answer import GapAnswer, PillarHeadline, Sensitivity, build_answer, plain
from .countries import check_countries
from .evidence import set_aside_reason
from .inputs import IndicatorData, Missing, gather, per_unit
from .normalize import LOG_POINTS_PER_DECADE, METHODS
from .robustness import leave_one_source_out, source_titles, weight_intervals
from .simulate import Draws, Problem, aggregate, build_problem, point, simulate
from .trend import PairTrend
from .weights import Weights, load_weights

__all__ = ["GapOptions", "GapResult", "compute_gap", "gap", "parse_countries"]


def parse_countries(text: str | None) -> tuple[str, ...]:
    cs = tuple(dict.fromkeys(c.strip().upper() for c in (text or "US,CN").split(",") if c.strip()))
    if len(cs) < 2:
        raise InputError(f"--countries {text!r}: name at least two countries, e.g. US,CN")
    for c in cs:
        if not (c.isalpha() and 2 <= len(c) <= 3):
            raise InputError(f"--countries {text!r}: {c!r} is not a country code (ISO 3166 alpha-2, e.g. US)")
    return check_countries(cs, text)


@dataclass(frozen=True, slots=True)
class GapOptions:
    countries: tuple[str, ...] = ("US", "CN")
    weights: Weights | None = None  # default: the equal preset
    normalize: str = "ratio"
    per: str | None = None  # None | "capita" | "gdp"
    draws: int = 2000
    seed: int = 0
    weight_spread: float = 50.0  # Dirichlet concentration around the weights; 0 = fixed weights
    attribution: str = "any-org"
    benchmarks: bool = True
    trends: bool = True  # per-indicator trend of the first two countries' gap (needs the store)
    # False: a comparison resting on low-reliability sources only, or on an impossible figure, is shown
    # but kept out of the pillars and the composite (``evidence.set_aside_reason``)
    weak_evidence: bool = False


def _f(x: Any, nd: int = 4) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if not math.isfinite(v) else round(v, nd)


@dataclass(slots=True)
class GapResult:
    """The arrays behind the answer (point estimate and draws); ``answer()`` is the typed answer."""

    countries: list[str]
    options: GapOptions
    weights: Weights
    data: list[IndicatorData]
    missing: list[Missing]
    problem: Problem
    point_scores: np.ndarray  # (I, C)
    point_pillars: np.ndarray  # (P, C)
    point_composite: np.ndarray  # (C,)
    draws: Draws
    sensitivity: list[Sensitivity] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trends: dict[str, PairTrend] = field(default_factory=dict)  # indicator id -> pair trend (first two)
    robustness: dict[str, Any] = field(default_factory=dict)  # leave_one_source_out, intervals
    set_aside: dict[str, str] = field(default_factory=dict)  # indicator id -> why it weighs nothing
    _answer: GapAnswer | None = None

    def answer(self) -> GapAnswer:
        """The typed answer (built once; call ``invalidate`` after changing the result)."""
        if self._answer is None:
            self._answer = build_answer(self)
        return self._answer

    def invalidate(self) -> None:
        self._answer = None

    # -- the answer's parts as JSON (what callers of the dict API read) ------------------------
    def composite(self) -> dict[str, dict[str, Any]]:
        return {c: plain(v) for c, v in self.answer().composite.items()}

    def leader(self) -> str | None:
        return self.answer().leader

    def rank_probability(self) -> dict[str, dict[str, float] | None]:
        return self.answer().rank_probability

    def composite_gap(self) -> dict[str, Any]:
        """First country minus second, composite points, with the share of draws where it leads."""
        return dict(plain(self.answer().composite_gap))

    def pillar_leader(self, pid: str, sure: float = 0.9) -> tuple[str | None, float | None]:
        """The country scoring higher on a pillar in at least ``sure`` of the draws (first two countries)."""
        k = self.problem.pillars.index(pid)
        d = self.draws.pillars[:, k, 0] - self.draws.pillars[:, k, 1]
        ok = d[~np.isnan(d)]
        if not len(ok):
            return None, None
        p_first = float((ok > 0).mean())
        p_second = float((ok < 0).mean())
        if p_first >= sure:
            return self.countries[0], p_first
        if p_second >= sure:
            return self.countries[1], p_second
        return None, max(p_first, p_second)

    def headline(self) -> list[PillarHeadline]:
        """One line per pillar: the leader (when the draws agree), both scores, coverage."""
        lines = []
        for pid, row in self.answer().pillars.items():
            leader, prob = self.pillar_leader(pid)
            used = max(v.coverage.used for v in row.values())
            of = max(v.coverage.of for v in row.values())
            scores = ", ".join(f"{c} {_fmt_band(v.median, v.low, v.high)}" for c, v in row.items())
            lines.append(PillarHeadline(pid, leader, _f(prob, 3), scores if used else "no comparable data",
                                        f"{used}/{of} indicators"))
        return lines

    def pillars(self) -> dict[str, dict[str, dict[str, Any]]]:
        return dict(plain(self.answer().pillars))

    def indicators(self) -> list[dict[str, Any]]:
        return list(plain(self.answer().indicators))

    def pillar_trends(self) -> dict[str, dict[str, Any]]:
        """Per pillar, which indicators' gaps widen, narrow or show no clear trend (first two countries)."""
        return self.answer().pillar_trends

    def to_json(self) -> dict[str, Any]:
        return self.answer().to_json()


def _fmt_band(median: float | None, low: float | None, high: float | None) -> str:
    if median is None or low is None or high is None:
        return "n/a"
    return f"{median:.0f} [{low:.0f}-{high:.0f}]"


def _sensitivity(p: Problem, method: str, draws: Draws, base_gap: float) -> list[Sensitivity]:
    """Per indicator: how far the composite gap (first minus second country) moves without it, and how
    strongly its score gap goes with the composite gap across the draws."""
    scores = p.scores(p.value, method)
    dg = (draws.composite[:, 0] - draws.composite[:, 1]).astype(float)
    out = []
    for i, iid in enumerate(p.indicators):
        keep = np.ones(len(p.indicators), dtype=bool)
        keep[i] = False
        _, comp = aggregate(scores[keep][None], p.member[keep], p.w_ind[keep], p.w_pil)
        without = float(comp[0, 0] - comp[0, 1])
        si = (draws.scores[:, i, 0] - draws.scores[:, i, 1]).astype(float)
        ok = ~(np.isnan(si) | np.isnan(dg))
        corr = None
        if ok.sum() > 2 and np.std(si[ok]) > 0 and np.std(dg[ok]) > 0:
            corr = float(np.corrcoef(si[ok], dg[ok])[0, 1])
        out.append(Sensitivity(iid, p.pillars[int(np.argmax(p.member[i]))], _f(without),
                               _f(base_gap - without if math.isfinite(without) else None), _f(corr)))
    out.sort(key=lambda r: -abs(float(r.shift or 0.0)))
    return out


def compute_gap(data: list[IndicatorData], missing: list[Missing], opts: GapOptions,
                notes: list[str] | None = None,
                sources: tuple[dict[str, str], dict[str, str]] | None = None) -> GapResult:
    """The gap from gathered figures (no database): what ``gap`` runs after reading the store.
    ``sources``: (claim label -> document key, source key -> title), for leave-one-source-out."""
    if opts.normalize not in METHODS:
        raise InputError(f"--normalize {opts.normalize!r}: choose one of {', '.join(METHODS)}")
    if opts.draws < 1 or opts.draws > 1_000_000:
        raise InputError(f"--draws {opts.draws}: choose between 1 and 1,000,000")
    weights = opts.weights or load_weights("equal")
    countries = list(opts.countries)
    pillars = list(dict.fromkeys([*catalogue().pillars, *(d.pillar for d in data)]))
    p = build_problem(data, countries, weights, pillars)
    set_aside = {} if opts.weak_evidence else {
        d.id: why for d in data if (why := set_aside_reason(d, countries)) is not None}
    for i, d in enumerate(data):
        if d.id in set_aside:
            p.w_ind[i] = 0.0  # scored and shown, weighing nothing
    s, pil, comp = point(p, opts.normalize)
    draws = simulate(p, opts.normalize, opts.draws, opts.seed, opts.weight_spread)
    res = GapResult(countries, opts, weights, data, missing, p, s, pil, comp, draws, notes=list(notes or []),
                    set_aside=set_aside)
    if len(data) and len(countries) >= 2:
        res.sensitivity = _sensitivity(p, opts.normalize, draws, float(comp[0] - comp[1]))
        claim_docs, titles = sources or ({}, {})
        res.robustness = {
            "leave_one_source_out": leave_one_source_out(p, data, opts.normalize, claim_docs, titles),
            "intervals": weight_intervals(p, opts.normalize, opts.draws, opts.seed, opts.weight_spread,
                                          draws.composite),
        }
    res.notes += _method_notes(res)
    return res


def _method_notes(res: GapResult) -> list[str]:
    o, w = res.options, res.weights
    notes = [
        f"normalisation: {o.normalize} ("
        + {"ratio": "counts and shares: each country's figure over the best, x100; money and compute (log "
                    f"ratio): 100 at the leader, minus {LOG_POINTS_PER_DECADE:g} points per factor of ten behind; "
                    "scores with no true zero (ECI, Elo, benchmark percentages): 100 minus the difference from "
                    "the leader as a share of the measure's range",
           "minmax": "best 100, worst 0; money and compute on a log scale",
           "z": "100 x normal CDF of the standard score across the countries; money and compute on a log scale",
           }[o.normalize] + ")",
        f"weights: {w.name} - {w.title or 'user weights'}" + (f"; source: {w.source}" if w.source else ""),
        f"uncertainty: {o.draws} Monte Carlo draws (seed {o.seed}) over each figure's interval (triangular), "
        "over which of conflicting sources is right (by source-class weight)"
        + (f", and over the weights (Dirichlet, concentration {o.weight_spread:g})" if o.weight_spread > 0 else "")
        + "; intervals are the 5th-95th percentiles",
        "missing figures are left out (never zero): a pillar averages the indicators a country has; "
        "coverage says how many",
    ]
    if res.set_aside:
        notes.append(f"{len(res.set_aside)} indicator(s) shown but kept out of the pillars and the composite, their "
                     "evidence too weak (--weak-evidence keeps them in): "
                     + "; ".join(f"{k} ({why})" for k, why in res.set_aside.items()))
    if w.note:
        notes.append(f"weights note: {w.note}")
    for pid, why in w.excluded.items():
        notes.append(f"{pid} pillar left out of the {w.name} weights: {why}")
    with_data = {d.pillar for d in res.data}
    for pid, wt in w.pillars.items():
        if wt > 0 and pid not in with_data:
            notes.append(f"{pid} pillar has weight {wt:g} but no comparable figures: it does not enter the composite "
                         "or the rank probabilities (the other pillars' weights are renormalised)")
    if not res.data:
        notes.append(f"no indicator has figures for at least two of {', '.join(res.countries)}: nothing to compare")
    for c in res.countries:
        if not any(c in d.figures for d in res.data):
            notes.append(f"{c}: no figure on any indicator; its scores are missing")
    return notes


def gap(store: Store, opts: GapOptions | None = None) -> GapResult:
    from aigap.reconcile import estimates

    o = opts or GapOptions()
    ests = estimates(store, o.countries, attribution=o.attribution)  # read once: figures and trends share them
    data, missing = gather(store, o.countries, attribution=o.attribution, benchmarks=o.benchmarks, ests=ests)
    notes: list[str] = []
    if o.per:
        if o.per not in ("capita", "gdp"):
            raise InputError(f"per {o.per!r}: choose capita or gdp")
        data, notes = per_unit(data, o.per)
    labels = {s for d in data for f in d.figures.values() for s in [*f.sources, *(a[4] for a in f.alternatives)]}
    res = compute_gap(data, missing, o, notes, source_titles(store, labels))
    if o.trends:
        from .frontier import score_points
        from .trend import trend

        pts = score_points(store)
        for d in data:
            t = trend(store, d.id, o.countries[:2], ests, pts)
            if t.pairs:
                res.trends[d.id] = t.pairs[0]
        res.invalidate()
    return res
