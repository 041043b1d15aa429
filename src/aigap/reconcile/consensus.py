"""Reconciliation per (indicator, country, period, aspect):

    1. one story, one figure  the same figure in a story's translations counts once (kept in ``also``)
    2. revisions              a publisher's newer vintage replaces its older one (not a conflict)
    3. conflicts              levels from different sources (never two figures of one story) whose
                              intervals do not overlap and differ by more than TOLERANCE
    4. consensus              a weighted estimate (source-class weights) with an interval, and the
                              sources that support it

Figures for different periods are a series, not a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aigap.records import Estimate
from aigap.store import Store

from .evidence import Evidence, claim_evidence, claim_figures, dataset_evidence

__all__ = ["TOLERANCE", "Conflict", "Group", "conflicts", "estimates", "evidence", "reconcile"]

TOLERANCE = 0.10  # relative difference below which two figures agree even if their intervals miss


@dataclass(slots=True)
class Conflict:
    indicator: str
    country: str
    period: str | None
    a: Evidence
    b: Evidence
    consensus: Estimate
    # other sources giving exactly figure a's (b's) value: a figure repeated by many is one conflict
    a_same: list[str] = field(default_factory=list)
    b_same: list[str] = field(default_factory=list)
    a_count: int = 1  # documents giving figure a (b), those pooled behind each source included
    b_count: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "country": self.country, "period": self.period,
                "figures": [{**self.a.to_json(), "same_figure_sources": self.a_same, "documents": self.a_count},
                            {**self.b.to_json(), "same_figure_sources": self.b_same, "documents": self.b_count}],
                "consensus": {"value": self.consensus.value, "low": self.consensus.low, "high": self.consensus.high,
                              "unit": self.consensus.unit, "sources": self.consensus.sources}}


@dataclass(slots=True)
class Group:
    indicator: str
    country: str
    period: str | None
    aspect: str
    items: list[Evidence]
    revised: list[Evidence] = field(default_factory=list)
    conflicts: list[tuple[Evidence, Evidence]] = field(default_factory=list)
    estimate: Estimate | None = None
    entity: str | None = None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-12)


def _dedupe_stories(items: list[Evidence]) -> list[Evidence]:
    kept: list[Evidence] = []
    by_story: dict[int, list[Evidence]] = defaultdict(list)  # linear in the group, however many documents
    for e in items:
        same_story = by_story[e.story] if e.story is not None else []
        twin = next((k for k in same_story if _same(k.value, e.value)), None)
        if twin:
            twin.also.append(e.source)
            if e.quote:
                twin.also_quotes.append(e.quote)
        else:
            kept.append(e)
            if e.story is not None:
                by_story[e.story].append(e)
    return kept


def _figure_key(e: Evidence) -> tuple[float, float, float, str]:
    return (round(e.value, 9), round(e.low, 9), round(e.high, 9), e.unit)


def _conflict_pairs(kept: list[Evidence]) -> list[tuple[Evidence, Evidence]]:
    """One pair per two distinct figures that disagree: a figure many sources repeat is compared once,
    so a group of thousands of documents costs (distinct figures)^2, not (documents)^2."""
    reps: dict[tuple[float, float, float, str], Evidence] = {}
    for e in kept:
        reps.setdefault(_figure_key(e), e)
    distinct = list(reps.values())
    return [(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1 :] if _disagree(a, b)]


def _latest_vintages(items: list[Evidence]) -> tuple[list[Evidence], list[Evidence]]:
    """Reference figures from one publisher: the newest vintage stands, older ones are revisions."""
    by_pub: dict[str, list[Evidence]] = defaultdict(list)
    rest: list[Evidence] = []
    for e in items:
        if e.source.startswith("dataset:") and e.publisher:
            by_pub[e.publisher].append(e)
        else:
            rest.append(e)
    revised: list[Evidence] = []
    for group in by_pub.values():
        group.sort(key=lambda e: str(e.vintage or ""))
        newest = group[-1]
        rest.append(newest)
        revised += [e for e in group[:-1] if e.vintage != newest.vintage]
        rest += [e for e in group[:-1] if e.vintage == newest.vintage]
    return rest, revised


def _disagree(a: Evidence, b: Evidence) -> bool:
    if a.aspect != "level" or (a.story is not None and a.story == b.story):
        return False  # shares and changes have different wholes; one story does not contradict itself
    if a.low <= b.high and b.low <= a.high:
        return False
    return abs(a.value - b.value) > TOLERANCE * max(abs(a.value), abs(b.value))


def _estimate(g: Group) -> Estimate:
    weights = [e.weight for e in g.items]
    total = sum(weights)
    value = sum(w * e.value for w, e in zip(weights, g.items, strict=True)) / total
    if g.conflicts:
        low, high = min(e.low for e in g.items), max(e.high for e in g.items)
    else:
        low = sum(w * e.low for w, e in zip(weights, g.items, strict=True)) / total
        high = sum(w * e.high for w, e in zip(weights, g.items, strict=True)) / total
    return Estimate(
        indicator=g.indicator, country=g.country, period=g.period, value=value, low=min(low, value),
        high=max(high, value), unit=g.items[0].unit, sources=[e.source for e in g.items],
        n_sources=sum(e.count for e in g.items),
        conflicting=bool(g.conflicts),
        alternatives=_alternatives(g.items, total),
        entity=g.entity,
    )


def _alternatives(items: list[Evidence], total: float) -> list[tuple[float, float, float, float, str]]:
    """Competing figures for sampling: sources giving the same figure pool their weight."""
    pooled: dict[tuple[float, float, float, str], list[Any]] = {}
    for e in items:
        k = _figure_key(e)
        if k in pooled:
            pooled[k][3] += e.weight / total
        else:
            pooled[k] = [e.value, e.low, e.high, e.weight / total, e.source]
    return [(float(v), float(lo), float(hi), float(w), str(src)) for v, lo, hi, w, src in pooled.values()]


def reconcile(items: Iterable[Evidence]) -> list[Group]:
    buckets: dict[tuple[str, str, str | None, str, str | None], list[Evidence]] = defaultdict(list)
    for e in items:
        buckets[(e.indicator, e.country, e.period, e.aspect, e.entity)].append(e)
    groups = []
    for (ind, country, period, aspect, entity), evs in sorted(buckets.items(),
                                                              key=lambda kv: tuple(str(k) for k in kv[0])):
        kept, revised = _latest_vintages(_dedupe_stories(evs))
        units = {e.unit for e in kept}
        g = Group(ind, country, period, aspect, kept, revised, entity=entity)
        if len(units) == 1:  # figures in units that could not be converted are listed, not compared
            g.conflicts = _conflict_pairs(kept)
            g.estimate = _estimate(g)
        groups.append(g)
    return groups


def evidence(store: Store, *, indicator: str | None = None, country: str | None = None,
             attribution: str = "any-org") -> list[Evidence]:
    return [*claim_evidence(store, indicator=indicator, country=country),
            *dataset_evidence(store, indicator=indicator, country=country, attribution=attribution)]


def _figures(store: Store, *, indicator: str | None = None, country: str | None = None,
             attribution: str = "any-org") -> list[Evidence]:
    """Evidence for the analysis: documents repeating one figure pooled (``claim_figures``)."""
    return [*claim_figures(store, indicator=indicator, country=country),
            *dataset_evidence(store, indicator=indicator, country=country, attribution=attribution)]


def estimates(store: Store, countries: Iterable[str] | None = None, *, period: str | None = None,
              attribution: str = "any-org", indicator: str | None = None) -> list[Estimate]:
    """The consensus figure per (indicator, country, period) at the level aspect."""
    wanted = set(countries) if countries else None
    out = []
    for g in reconcile(_figures(store, indicator=indicator, attribution=attribution)):
        if g.estimate is None or g.aspect != "level" or (wanted and g.country not in wanted):
            continue
        if period and (g.period or "")[: len(period)] != period:
            continue
        out.append(g.estimate)
    return out


def conflicts(store: Store, *, indicator: str | None = None, country: str | None = None) -> list[Conflict]:
    out = []
    for g in reconcile(_figures(store, indicator=indicator, country=country)):
        if g.estimate is None:
            continue
        for a, b in g.conflicts:
            same = [[e for e in g.items if _figure_key(e) == _figure_key(x)] for x in (a, b)]
            out.append(Conflict(g.indicator, g.country, g.period, a, b, g.estimate,
                                [e.source for e in same[0] if e is not a], [e.source for e in same[1] if e is not b],
                                sum(e.count for e in same[0]), sum(e.count for e in same[1])))
    return out
