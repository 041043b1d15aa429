"""The briefing's headline and pillar sections, read from the typed gap answer."""

from __future__ import annotations

import math
from typing import Any

from aigap.analyze import trend
from aigap.analyze.answer import GapAnswer, PillarHeadline
from aigap.analyze.answer import IndicatorRow as AnswerRow
from aigap.analyze.frontier import ScorePoint
from aigap.analyze.trend import PairTrend
from aigap.indicators import catalogue
from aigap.store import Store

from .citations import Citations
from .numbers import fmt_ratio, unit_kind
from .records import Band, Cell, IndicatorRow, Lead, PillarSection, Sentence, TrendLine
from .sentences import Writer

MAX_TREND_LINES = 5


def composite_lead(a: GapAnswer) -> Lead | None:
    """Who leads the composite, by how much and how surely (None when the draws cannot say or the
    leader is not ranked)."""
    cg = a.composite_gap
    if cg.median is None or cg.low is None or cg.high is None or cg.probability_first_leads is None:
        return None
    first = cg.probability_first_leads >= 0.5
    leader, other = (cg.between[0], cg.between[1]) if first else (cg.between[1], cg.between[0])
    sign = 1.0 if first else -1.0  # the gap is said from the leader's side
    lo, hi = sorted((sign * cg.low, sign * cg.high))
    rp = a.rank_probability.get(leader)
    if rp is None:  # the leader is not ranked (too little coverage): no headline ranks it
        return None
    return Lead(leader, other, Band.of(a.composite[leader]), Band.of(a.composite[other]),
                Band(sign * cg.median, lo, hi), float(rp["1"]))


def composite_headline(w: Writer, lead: Lead | None) -> Sentence | None:
    if lead is None:
        return None
    return Sentence(w.headline(leader=lead.leader, other=lead.other, leader_band=lead.leader_band.tuple(),
                               other_band=lead.other_band.tuple(), gap=lead.gap.tuple(),
                               probability=lead.probability, sure=lead.probability >= 0.9))


def _row(w: Writer, cites: Citations, ind: AnswerRow, cs: tuple[str, ...]) -> IndicatorRow:
    vals = ind.values
    better_lower = False
    cat = catalogue().indicators.get(ind.id)
    if cat is not None:
        better_lower = cat.better == "lower"
    order = sorted(vals, key=lambda c: (vals[c].value if better_lower else -vals[c].value, cs.index(c)))
    cells = {}
    for c in order:
        v = vals[c]
        cells[c] = Cell(c, v.value, v.low, v.high, v.period, w.value(v.value, ind.unit),
                        cites.cite_all(v.sources, indicator=ind.id), v.conflicting)
    n_sources = sum(v.n_sources or len(v.sources) for v in vals.values())
    name = ind.name_zh if w.lang == "zh" else ind.name
    best = ind.id.startswith("best_model:")
    if best:  # "Best model: ECI" reads "On the ECI, China's best model ..." in a sentence
        name = name.split("：" if w.lang == "zh" else ": ", 1)[-1]
    periods = {vals[c].period for c in order}
    # "2017-2023" for cumulative figures compared in their first year; a snapshot date for benchmarks
    period = next(iter(periods)) if len(periods) == 1 and not best else ind.period
    text = w.indicator(name=name, unit=ind.unit, leader=ind.leader, order=order,
                       values={c: vals[c].value for c in order}, ratio=ind.ratio, period=period,
                       n_sources=n_sources, best_model=best)
    notes = sorted({n for c in cells.values() for n in c.notes})
    return IndicatorRow(
        ind.id, ind.name_zh if w.lang == "zh" else ind.name, ind.unit, period, ind.leader,
        ind.ratio, fmt_ratio(ind.ratio) if ind.leader else w.label("level"), cells,
        {c: Band.of(sc) for c, sc in ind.scores.items()}, w.direction(ind.trend.direction if ind.trend else None),
        Sentence(text, notes), n_sources, ind.trend.years_to_parity if ind.trend else None)


def _highlights(rows: list[IndicatorRow], leader: str | None) -> list[IndicatorRow]:
    """Up to two indicators to spell out: the widest gap on the pillar leader's side, then the widest
    the other way (so a sentence shows where the pillar's leader is behind), else the next widest.
    Amounts come first: "twice as many researchers" tells more than two shares side by side."""
    sized = ("count", "money", "compute")
    led = sorted((r for r in rows if r.leader and r.ratio),
                 key=lambda r: (unit_kind(r.unit) not in sized, -abs(math.log(r.ratio or 1.0))))
    if not led:
        return rows[:1]
    first = next((r for r in led if r.leader == leader), led[0])
    second = next((r for r in led if r.leader != first.leader), None)
    if second is None:
        second = next((r for r in led if r is not first), None)
    return [first] + ([second] if second else [])


def _trend_lines(store: Store, trends: dict[str, PairTrend], rows: list[IndicatorRow], cs: tuple[str, ...],
                 ests: list[Any], pts: dict[str, list[ScorePoint]]) -> list[TrendLine]:
    """The yearly ratio of the first two countries for the indicators with a trend (three years or more)."""
    def points(r: IndicatorRow) -> int:
        t = trends.get(r.id)
        return t.points if t else 0

    with_series = sorted((r for r in rows if points(r) >= 3), key=lambda r: -points(r))
    lines = []
    for r in with_series[:MAX_TREND_LINES]:
        t = trend(store, r.id, cs[:2], ests, pts)
        lower = (catalogue().indicators.get(r.id) is not None and catalogue().indicators[r.id].better == "lower")
        pts_ratio = []
        for s in t.series:
            v = s.values
            if cs[0] in v and cs[1] in v and v[cs[0]].value > 0 and v[cs[1]].value > 0:
                ratio = v[cs[0]].value / v[cs[1]].value
                pts_ratio.append((float(s.period[:4]), 1 / ratio if lower else ratio))
        if len(pts_ratio) >= 2:
            lines.append(TrendLine(r.name, pts_ratio))
    return lines


def pillar_section(store: Store, w: Writer, cites: Citations, a: GapAnswer, pid: str, line: PillarHeadline | None,
                   cs: tuple[str, ...], ests: list[Any], pts: dict[str, list[ScorePoint]]) -> PillarSection:
    cat = catalogue()
    name = (cat.pillars[pid].zh if w.lang == "zh" else cat.pillars[pid].en) if pid in cat.pillars else pid
    rows = [_row(w, cites, i, cs) for i in a.indicators if i.pillar == pid]
    trends = {i.id: i.trend for i in a.indicators if i.trend is not None}
    cover = a.pillars.get(pid, {})
    scores = {c: Band.of(v) for c, v in cover.items()}
    used = max((v.coverage.used for v in cover.values()), default=0)
    of = max((v.coverage.of for v in cover.values()), default=0)
    leader, prob = (line.leader, line.probability) if line else (None, None)
    sentences = [Sentence(w.pillar(pillar=name, leader=leader, probability=prob,
                                   bands={c: b.tuple() for c, b in scores.items()}, used=used, of=of))]
    picks = _highlights(rows, leader)
    trend_sentence = None
    for r in sorted(rows, key=lambda r: (t.direction if (t := trends.get(r.id)) else "") != "narrowing"):
        t = trends.get(r.id)
        if t is None:
            continue
        follower = next((c for c in t.between if c != t.leader_now), None)
        text = w.indicator_trend(name=r.name, direction=t.direction, follower=follower, parity=r.parity)
        if text:
            trend_sentence = Sentence(text, r.sentence.notes)
            break
    sentences += [r.sentence for r in picks[: 1 if trend_sentence else 2]]
    if trend_sentence:
        sentences.append(trend_sentence)
    return PillarSection(pid, name, leader, prob, scores, used, of, rows, sentences,
                         _trend_lines(store, trends, rows, cs, ests, pts) if rows else [])
