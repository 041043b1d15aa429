"""Per-pillar headline: on how many comparable indicators each country leads.

A first, transparent reading of the evidence: for every ranked indicator (``better`` higher or
lower) with a reconciled figure (``aigap.reconcile.estimates``: one per story, currencies
converted) for both countries in a common year, the leader is the better figure; a pillar's leader
is the country leading on more of its indicators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aigap.indicators import catalogue
from aigap.reconcile import estimates
from aigap.store import Store

__all__ = ["IndicatorComparison", "PillarLine", "compare_indicators", "pillar_headline"]


@dataclass(slots=True)
class IndicatorComparison:
    indicator: str
    pillar: str
    period: str
    values: dict[str, float]
    leader: str | None
    ratio: float | None  # leader's value over the follower's (better=lower: follower over leader)


@dataclass(slots=True)
class PillarLine:
    pillar: str
    leader: str | None
    leads: dict[str, int]
    compared: int
    indicators_in_pillar: int
    comparisons: list[IndicatorComparison] = field(default_factory=list)

    @property
    def gap_text(self) -> str:
        if not self.compared:
            return "no comparable data"
        if not self.leads:
            return "level on every indicator compared"
        return ", ".join(f"{c} leads {n}" for c, n in sorted(self.leads.items(), key=lambda kv: -kv[1]))

    @property
    def coverage_text(self) -> str:
        return f"{self.compared}/{self.indicators_in_pillar} indicators"

    def to_json(self) -> dict[str, Any]:
        return {"pillar": self.pillar, "leader": self.leader, "leads": self.leads, "compared": self.compared,
                "indicators_in_pillar": self.indicators_in_pillar, "gap_text": self.gap_text,
                "coverage_text": self.coverage_text}


def compare_indicators(store: Store, countries: tuple[str, ...] = ("US", "CN")) -> list[IndicatorComparison]:
    """Per ranked indicator, the latest period with a reconciled figure for every country."""
    cat = catalogue()
    by_key: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for est in estimates(store, countries):
        if est.period:
            by_key[(est.indicator, est.period[:4])][est.country] = est.value
    out = []
    for ind in cat.indicators.values():
        if ind.better == "none":
            continue
        periods = sorted((p for (i, p) in by_key if i == ind.id), reverse=True)
        for p in periods:
            vals = by_key[(ind.id, p)]
            if len(vals) == len(countries):
                best = max(vals, key=vals.__getitem__) if ind.better == "higher" else min(vals, key=vals.__getitem__)
                others = [v for c, v in vals.items() if c != best]
                worst = min(others) if ind.better == "higher" else max(others)
                ratio = None
                if worst > 0 and vals[best] > 0:
                    ratio = vals[best] / worst if ind.better == "higher" else worst / vals[best]
                tie = abs(vals[best] - worst) <= 0.005 * max(abs(vals[best]), abs(worst))
                out.append(IndicatorComparison(ind.id, ind.pillar, p, dict(vals), None if tie else best, ratio))
                break  # the latest common period
    return out


def pillar_headline(store: Store, countries: tuple[str, ...] = ("US", "CN")) -> list[PillarLine]:
    cat = catalogue()
    comps = compare_indicators(store, countries)
    lines = []
    for pid in cat.pillars:
        mine = [c for c in comps if c.pillar == pid]
        leads: dict[str, int] = defaultdict(int)
        for c in mine:
            if c.leader:
                leads[c.leader] += 1
        ranked = sorted(leads.items(), key=lambda kv: -kv[1])
        leader = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        n_ranked = sum(1 for i in cat.in_pillar(pid) if i.better != "none")
        lines.append(PillarLine(pid, leader, dict(leads), len(mine), n_ranked, mine))
    return lines
