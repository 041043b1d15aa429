"""Reconciliation per (indicator, country, period, aspect):

    1. one story, one figure  the same figure in a story's translations counts once (kept in ``also``)
    2. revisions              a publisher's newest edition replaces its older ones (publisher names
                              normalised; editions from a dataset's vintage or the report a text names)
    3. definitions            a talent share's basis (origin, workplace) is part of the key; a monthly
                              average gives way to an annual figure (else it stands annualised)
    4. reliability            a low-reliability figure that disagrees with a high-reliability one is
                              set aside; figures relaying one primary share its weight (count once)
    5. conflicts              levels from different sources (never two figures of one story) whose
                              intervals do not overlap and differ by more than TOLERANCE
    6. consensus              a weighted estimate (source-class weights) with an interval, the sources
                              that support it and its reliability summary; two or more independent
                              sources pool their intervals (``uncertainty.pool``): agreement narrows
                              the interval, disagreement widens it

Figures for different periods are a series, not a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aigap.format import figure
from aigap.records import Estimate
from aigap.store import Store

from .definitions import BASIS_INDICATORS, consistency_flags
from .evidence import Evidence, claim_evidence, claim_figures, dataset_evidence
from .independence import n_independent, reliability_summary, share_origins
from .periods import period_key
from .reliability import class_info
from .uncertainty import Pooled, pool, pooled_on_log

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
    basis: str | None = None
    set_aside: list[tuple[Evidence, str]] = field(default_factory=list)  # outweighed or monthly, with why
    flags: list[str] = field(default_factory=list)


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
    """Figures of one publisher with a known edition: the newest edition stands, older ones are
    revisions (the AI Index 2024's $7.76B gives way to the 2025 report's $7.26B)."""
    by_pub: dict[str, list[Evidence]] = defaultdict(list)
    rest: list[Evidence] = []
    for e in items:
        if e.origin and e.edition:
            by_pub[e.origin].append(e)
        else:
            rest.append(e)
    revised: list[Evidence] = []
    for group in by_pub.values():
        newest = max(str(e.edition) for e in group)
        rest += [e for e in group if e.edition == newest]
        revised += [e for e in group if e.edition != newest]
    return rest, revised


def _tier(e: Evidence) -> str:
    return class_info(e.source_class).tier


def _outweighed(items: list[Evidence]) -> tuple[list[Evidence], list[tuple[Evidence, str]]]:
    """A low-reliability figure (a blog, a company speaking for a country) that disagrees with a
    high-reliability one is set aside: it cannot outweigh a primary source."""
    high = [e for e in items if _tier(e) == "high"]
    if not high:
        return items, []
    kept, aside = [], []
    for e in items:
        against = next((h for h in high if _disagree(e, h, ignore_story=True)), None) if _tier(e) == "low" else None
        if against is None:
            kept.append(e)
        else:
            aside.append((e, f"outweighed by {against.publisher or against.source} ({class_info(against.source_class).label})"))
    return kept, aside


def _monthly(items: list[Evidence]) -> tuple[list[Evidence], list[tuple[Evidence, str]], list[str]]:
    """Monthly averages (annualised x12) give way to annual figures of the same period; an annual
    figure below twelve times the monthly average is flagged."""
    annual = [e for e in items if not e.monthly]
    monthly = [e for e in items if e.monthly]
    if not annual or not monthly:
        return items, [], []
    flags = [f"cannot be true: the annual figure {figure(a.value, a.unit)} ({a.source}) is below twelve times the "
             f"monthly average {figure(m.value / 12, m.unit)} ({m.source})" for m in monthly for a in annual
             if a.high < 0.9 * m.low]
    return annual, [(m, "a monthly average, not an annual total (an annual figure exists)") for m in monthly], flags


def _disagree(a: Evidence, b: Evidence, *, ignore_story: bool = False) -> bool:
    if a.aspect != "level" or (not ignore_story and a.story is not None and a.story == b.story):
        return False  # shares and changes have different wholes; one story does not contradict itself
    if a.low <= b.high and b.low <= a.high:
        return False
    return abs(a.value - b.value) > TOLERANCE * max(abs(a.value), abs(b.value))


def _independent(items: list[Evidence]) -> list[tuple[float, float, float]]:
    """One (value, low, high) per independent source, as ``n_independent`` counts them: figures of
    one origin (outlets relaying one primary, a publisher's rows) are one source, at their weighted
    mean; figures of unknown origin count once per document."""
    by_origin: dict[str, list[Evidence]] = defaultdict(list)
    out: list[tuple[float, float, float]] = []
    for e in items:
        if e.origin:
            by_origin[e.origin].append(e)
        else:
            out += [(e.value, *e.wide)] * max(e.count, 1)
    for group in by_origin.values():
        w = [e.weight for e in group]
        tw = sum(w) or 1.0

        def mean(xs: list[float], w: list[float] = w, tw: float = tw) -> float:
            return sum(wi * x for wi, x in zip(w, xs, strict=True)) / tw

        out.append((mean([e.value for e in group]), mean([e.wide[0] for e in group]), mean([e.wide[1] for e in group])))
    return out


def _pooled(g: Group, value: float) -> Pooled | None:
    p = pool(_independent(g.items), value, log=pooled_on_log(g.items[0].unit))
    if p is not None and min(e.wide[0] for e in g.items) >= 0 > p.low:  # a count or a share stays >= 0
        p = Pooled(0.0, p.high, p.sd, p.mean, p.tau2, p.n, p.log)
    return p


def _estimate(g: Group) -> Estimate:
    weights = [e.weight for e in g.items]
    total = sum(weights)
    value = sum(w * e.value for w, e in zip(weights, g.items, strict=True)) / total
    wide = [e.wide for e in g.items]  # each source's interval, widened by its class
    pooled = _pooled(g, value)
    if pooled is not None:  # independent sources: agreement narrows, disagreement widens
        low, high = pooled.low, pooled.high
    elif g.conflicts:
        low, high = min(lo for lo, _ in wide), max(hi for _, hi in wide)
    else:
        low = sum(w * lo for w, (lo, _) in zip(weights, wide, strict=True)) / total
        high = sum(w * hi for w, (_, hi) in zip(weights, wide, strict=True)) / total
    rel = reliability_summary(g.items, flags=g.flags, revised=g.revised, set_aside=g.set_aside)
    if pooled is not None:
        rel["pooled"] = pooled.to_json()
    return Estimate(
        indicator=g.indicator, country=g.country, period=g.period, value=value, low=min(low, value),
        high=max(high, value), unit=g.items[0].unit, sources=[e.source for e in g.items],
        n_sources=sum(e.count for e in g.items),
        conflicting=bool(g.conflicts),
        alternatives=_alternatives(g.items, total),
        entity=g.entity, n_independent=n_independent(g.items), basis=g.basis,
        period_label=next((e.period_label for e in g.items if e.period_label), None),
        reliability=rel, pooled=pooled is not None,
    )


def _alternatives(items: list[Evidence], total: float) -> list[tuple[float, float, float, float, str]]:
    """Competing figures for sampling: sources giving the same figure pool their weight."""
    pooled: dict[tuple[float, float, float, str], list[Any]] = {}
    for e in items:
        k = _figure_key(e)
        if k in pooled:
            pooled[k][3] += e.weight / total
        else:
            pooled[k] = [e.value, *e.wide, e.weight / total, e.source]
    return [(float(v), float(lo), float(hi), float(w), str(src)) for v, lo, hi, w, src in pooled.values()]


def _adopt_basis(items: list[Evidence]) -> None:
    """A talent share whose text does not say its basis takes the basis of the one known-basis
    figure it repeats (the same figure within TOLERANCE); otherwise it stays apart, basis unknown."""
    known: dict[tuple[str, str, str | None, str], list[Evidence]] = defaultdict(list)
    for e in items:
        if e.indicator in BASIS_INDICATORS and e.basis:
            known[(e.indicator, e.country, e.period, e.aspect)].append(e)
    for e in items:
        if e.indicator in BASIS_INDICATORS and not e.basis:
            bases = {k.basis for k in known.get((e.indicator, e.country, e.period, e.aspect), [])
                     if abs(k.value - e.value) <= TOLERANCE * max(abs(k.value), abs(e.value))}
            if len(bases) == 1:
                e.basis = bases.pop()


def reconcile(items: Iterable[Evidence]) -> list[Group]:
    items = list(items)
    _adopt_basis(items)
    buckets: dict[tuple[str, str, str | None, str, str | None, str | None], list[Evidence]] = defaultdict(list)
    for e in items:
        buckets[(e.indicator, e.country, e.period, e.aspect, e.entity, e.basis)].append(e)
    groups = []
    for (ind, country, period, aspect, entity, basis), evs in sorted(buckets.items(),
                                                                     key=lambda kv: tuple(str(k) for k in kv[0])):
        kept, revised = _latest_vintages(_dedupe_stories(evs))
        kept, monthly_aside, flags = _monthly(kept)
        kept, outweighed = _outweighed(kept)
        share_origins(kept)
        units = {e.unit for e in kept}
        g = Group(ind, country, period, aspect, kept, revised, entity=entity, basis=basis,
                  set_aside=[*monthly_aside, *outweighed], flags=flags)
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


def _one_basis(ests: list[Estimate]) -> list[Estimate]:
    """Per (indicator, period), the talent-share estimates of one basis only (never pooled across):
    the basis most countries have, workplace before origin before unknown on a tie."""
    pref = {"workplace": 2, "origin": 1, None: 0}
    by_key: dict[tuple[str, str | None], dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in ests:
        if e.indicator in BASIS_INDICATORS:
            by_key[(e.indicator, period_key(e.period))][e.basis].add(e.country)
    chosen = {k: max(v, key=lambda b: (len(v[b]), pref.get(b, 0))) for k, v in by_key.items()}
    out = []
    for e in ests:
        k = (e.indicator, period_key(e.period))
        if k in chosen and e.basis != chosen[k]:
            continue
        if k in chosen and len(by_key[k]) > 1:
            others = ", ".join(str(b or "unknown basis") for b in by_key[k] if b != e.basis)
            e.reliability.setdefault("flags", []).append(f"basis {e.basis or 'unknown'} compared; figures by {others} kept apart")
        out.append(e)
    return out


def estimates(store: Store, countries: Iterable[str] | None = None, *, period: str | None = None,
              attribution: str = "any-org", indicator: str | None = None) -> list[Estimate]:
    """The consensus figure per (indicator, country, period) at the level aspect (talent shares of
    one basis), with the consistency flags."""
    wanted = set(countries) if countries else None
    out = []
    for g in reconcile(_figures(store, indicator=indicator, attribution=attribution)):
        if g.estimate is None or g.aspect != "level" or (wanted and g.country not in wanted):
            continue
        if period and (g.period or "")[: len(period)] != period:
            continue
        out.append(g.estimate)
    out = _one_basis(out)
    flags = consistency_flags(out)
    for e in out:
        e.reliability.setdefault("flags", []).extend(flags.get(id(e), []))
        e.flags = list(e.reliability["flags"])
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
