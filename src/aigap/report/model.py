"""The briefing as typed data: built once from the analysis, then rendered as HTML, PDF or Markdown.

``build_report`` runs the gap analysis (``aigap.analyze.gap``, with fewer Monte Carlo draws than the
CLI so a report takes seconds), the frontier lag and the conflicts, writes the sentences in the
requested language and numbers a footnote for every source label a shown figure carries. Renderers
only lay this out; they compute nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from aigap.analyze import GapOptions, GapResult, frontier_lag, gap, trend
from aigap.analyze.frontier import ScorePoint, measures, score_points
from aigap.analyze.lag import BenchmarkLag
from aigap.indicators import catalogue
from aigap.reconcile import TOLERANCE, Conflict, Evidence, attribution, conflicts, estimates
from aigap.reconcile.evidence import interval_rules
from aigap.store import Store

from .citations import Citations, Footnote, safe_url, split_label
from .numbers import fmt_band, fmt_num, fmt_ratio, unit_kind
from .robustness import RobustnessSection, robustness_section
from .sentences import Writer

__all__ = [
    "REPORT_DRAWS",
    "Band",
    "Cell",
    "ConflictItem",
    "ConflictSide",
    "EvidenceGap",
    "IndicatorRow",
    "LagRow",
    "LagSection",
    "PillarSection",
    "Report",
    "Sentence",
    "TrendLine",
    "build_report",
]

REPORT_DRAWS = 1000  # enough for stable 90% intervals at report precision (whole points)
MAX_CONFLICTS = 40  # a briefing shows the first ones; `aigap conflicts` lists them all
MAX_TREND_LINES = 5


@dataclass(frozen=True, slots=True)
class Band:
    median: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, d: dict[str, Any] | None) -> Band:
        d = d or {}
        return cls(d.get("median"), d.get("low"), d.get("high"))

    @property
    def ok(self) -> bool:
        return self.median is not None and self.low is not None and self.high is not None

    def text(self) -> str:
        return fmt_band(self.median, self.low, self.high)

    def tuple(self) -> tuple[float | None, float | None, float | None]:
        return (self.median, self.low, self.high)


@dataclass(slots=True)
class Sentence:
    """A sentence generated from the data, with the footnotes of the figures it states."""

    text: str
    notes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    """One country's figure on one indicator, as shown, with its footnotes."""

    country: str
    value: float
    low: float
    high: float
    period: str | None
    text: str
    notes: list[int]
    conflicting: bool = False


@dataclass(slots=True)
class IndicatorRow:
    id: str
    name: str
    unit: str
    period: str | None
    leader: str | None
    ratio: float | None
    ratio_text: str
    cells: dict[str, Cell]
    scores: dict[str, Band]  # the normalised 0-100 scores, for the chart
    trend: str  # the gap's direction, in words
    sentence: Sentence


@dataclass(slots=True)
class TrendLine:
    """One indicator's gap over time: first country's figure over the second's, per year."""

    label: str
    points: list[tuple[float, float]]


@dataclass(slots=True)
class PillarSection:
    id: str
    name: str
    leader: str | None
    probability: float | None
    scores: dict[str, Band]
    used: int
    of: int
    rows: list[IndicatorRow]
    sentences: list[Sentence]
    trend_lines: list[TrendLine]


@dataclass(slots=True)
class LagRow:
    benchmark: str
    name: str
    current: float | None
    mean: float | None
    low: float | None
    high: float | None
    window: tuple[str, str] | None
    direction: str | None  # narrowing | widening | no clear trend | None (no lag in months)
    score_gap: float | None
    score_gap_text: str
    notes: list[int]
    series: list[tuple[dt.date, float]]
    remarks: list[str]  # the analysis' own notes (English)


@dataclass(slots=True)
class LagSection:
    leader: str
    follower: str
    rows: list[LagRow]
    sentences: list[Sentence]


@dataclass(slots=True)
class ConflictSide:
    value_text: str
    quote: str
    origin: str  # title, outlet and date, or the dataset and its publisher
    note: int
    same: int  # other sources giving the same figure


@dataclass(slots=True)
class ConflictItem:
    indicator: str
    country: str
    period: str
    a: ConflictSide
    b: ConflictSide
    consensus: str


@dataclass(slots=True)
class EvidenceGap:
    pillar: str
    indicator: str
    lack: list[str]
    have: list[str]


@dataclass(slots=True)
class Report:
    lang: str
    countries: list[str]
    title: str
    generated: str
    no_data: str | None
    headline: list[Sentence]
    composite: dict[str, Band]
    pillars: list[PillarSection]
    lag: LagSection
    conflicts: list[ConflictItem]
    conflicts_more: int
    gaps: list[EvidenceGap]
    methodology: list[str]
    attribution: list[str]
    footnotes: list[Footnote]
    writer: Writer
    draws: int
    robustness: RobustnessSection | None = None  # leave-one-source-out and the published composites

    def label(self, key: str, **kw: Any) -> str:
        return self.writer.label(key, **kw)


# -- building ------------------------------------------------------------------------------------


def _composite_headline(w: Writer, out: dict[str, Any], cs: tuple[str, ...]) -> Sentence | None:
    cg = out["composite_gap"]
    if cg.get("median") is None or cg.get("probability_first_leads") is None:
        return None
    a, b = cs[0], cs[1]
    first = cg["probability_first_leads"] >= 0.5
    leader, other = (a, b) if first else (b, a)
    sign = 1.0 if first else -1.0  # the gap is said from the leader's side
    lo, hi = sorted((sign * cg["low"], sign * cg["high"]))
    rp = out["rank_probability"].get(leader)
    if rp is None:  # the leader is not ranked (too little coverage): no headline ranks it
        return None
    p = float(rp["1"])
    comp = out["composite"]
    text = w.headline(leader=leader, other=other, leader_band=Band.of(comp[leader]).tuple(),
                      other_band=Band.of(comp[other]).tuple(), gap=(sign * cg["median"], lo, hi), probability=p,
                      sure=p >= 0.9)
    return Sentence(text)


def _trend_counts(res: GapResult) -> dict[str, int]:
    counts = {"widening": 0, "narrowing": 0, "no clear trend": 0}
    for t in res.trends.values():
        if t["direction"] in counts:
            counts[t["direction"]] += 1
    return counts


def _row(w: Writer, cites: Citations, ind: dict[str, Any], cs: tuple[str, ...]) -> IndicatorRow:
    vals = ind["values"]
    better_lower = False
    cat = catalogue().indicators.get(ind["id"])
    if cat is not None:
        better_lower = cat.better == "lower"
    order = sorted(vals, key=lambda c: (vals[c]["value"] if better_lower else -vals[c]["value"], cs.index(c)))
    cells = {}
    for c in order:
        v = vals[c]
        cells[c] = Cell(c, v["value"], v["low"], v["high"], v["period"], w.value(v["value"], ind["unit"]),
                        cites.cite_all(v["sources"], indicator=ind["id"]), bool(v.get("conflicting")))
    n_sources = sum(int(v.get("n_sources") or len(v["sources"])) for v in vals.values())
    name = ind["name_zh"] if w.lang == "zh" else ind["name"]
    best = ind["id"].startswith("best_model:")
    if best:  # "Best model: ECI" reads "On the ECI, China's best model ..." in a sentence
        name = name.split("：" if w.lang == "zh" else ": ", 1)[-1]
    periods = {vals[c]["period"] for c in order}
    # "2017-2023" for cumulative figures compared in their first year; a snapshot date for benchmarks
    period = next(iter(periods)) if len(periods) == 1 and not best else ind["period"]
    text = w.indicator(name=name, unit=ind["unit"], leader=ind["leader"], order=order,
                       values={c: vals[c]["value"] for c in order}, ratio=ind["ratio"], period=period,
                       n_sources=n_sources, best_model=best)
    notes = sorted({n for c in cells.values() for n in c.notes})
    t = ind.get("trend") or {}
    return IndicatorRow(
        ind["id"], ind["name_zh"] if w.lang == "zh" else ind["name"], ind["unit"], period, ind["leader"],
        ind["ratio"], fmt_ratio(ind["ratio"]) if ind["leader"] else w.label("level"), cells,
        {c: Band.of(s) for c, s in ind["scores"].items()}, w.direction(t.get("direction")), Sentence(text, notes))


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


def _trend_lines(store: Store, res: GapResult, rows: list[IndicatorRow], cs: tuple[str, ...],
                 ests: list[Any], pts: dict[str, list[ScorePoint]]) -> list[TrendLine]:
    """The yearly ratio of the first two countries for the indicators with a trend (three years or more)."""
    with_series = sorted((r for r in rows if (res.trends.get(r.id) or {}).get("points", 0) >= 3),
                         key=lambda r: -int((res.trends.get(r.id) or {}).get("points", 0)))
    lines = []
    for r in with_series[:MAX_TREND_LINES]:
        t = trend(store, r.id, cs[:2], ests, pts)
        lower = (catalogue().indicators.get(r.id) is not None and catalogue().indicators[r.id].better == "lower")
        pts_ratio = []
        for s in t.series:
            v = s["values"]
            if cs[0] in v and cs[1] in v and v[cs[0]]["value"] > 0 and v[cs[1]]["value"] > 0:
                ratio = v[cs[0]]["value"] / v[cs[1]]["value"]
                pts_ratio.append((float(s["period"][:4]), 1 / ratio if lower else ratio))
        if len(pts_ratio) >= 2:
            lines.append(TrendLine(r.name, pts_ratio))
    return lines


def _pillar(store: Store, w: Writer, cites: Citations, res: GapResult, out: dict[str, Any], pid: str,
            line: dict[str, Any], cs: tuple[str, ...], ests: list[Any], pts: dict[str, list[ScorePoint]],
            ) -> PillarSection:
    cat = catalogue()
    name = (cat.pillars[pid].zh if w.lang == "zh" else cat.pillars[pid].en) if pid in cat.pillars else pid
    rows = [_row(w, cites, i, cs) for i in out["indicators"] if i["pillar"] == pid]
    scores = {c: Band.of(v) for c, v in out["pillars"].get(pid, {}).items()}
    cover = out["pillars"].get(pid, {})
    used = max((v["coverage"]["used"] for v in cover.values()), default=0)
    of = max((v["coverage"]["of"] for v in cover.values()), default=0)
    leader, prob = line.get("leader"), line.get("probability")
    sentences = [Sentence(w.pillar(pillar=name, leader=leader, probability=prob,
                                   bands={c: b.tuple() for c, b in scores.items()}, used=used, of=of))]
    picks = _highlights(rows, leader)
    trend_sentence = None
    for r in sorted(rows, key=lambda r: (res.trends.get(r.id) or {}).get("direction") != "narrowing"):
        t = res.trends.get(r.id) or {}
        follower = next((c for c in t.get("between", []) if c != t.get("leader_now")), None)
        text = w.indicator_trend(name=r.name, direction=t.get("direction", ""), follower=follower,
                                 parity=t.get("years_to_parity"))
        if text:
            trend_sentence = Sentence(text, r.sentence.notes)
            break
    sentences += [r.sentence for r in picks[: 1 if trend_sentence else 2]]
    if trend_sentence:
        sentences.append(trend_sentence)
    return PillarSection(pid, name, leader, prob, scores, used, of, rows, sentences,
                         _trend_lines(store, res, rows, cs, ests, pts) if rows else [])


def _frontier_sources(pts: list[ScorePoint], b: BenchmarkLag) -> list[str]:
    """The dataset rows of both countries' best models at the end of the window."""
    if not b.series:
        return []
    last = b.series[-1]
    out = []
    for country, model, best in ((b.countries[0], last.lead_model, last.lead_best),
                                 (b.countries[1], last.follow_model, last.follow_best)):
        cands = [p for p in pts if p.country == country and p.model == model and p.date <= last.date
                 and (best is None or abs(p.value - best) <= 1e-9 * max(1.0, abs(best)))]
        if cands:
            out.append(max(cands, key=lambda p: p.date).source)
    return out


def _lag(w: Writer, cites: Citations, lags: list[BenchmarkLag], pts: dict[str, list[ScorePoint]],
         cs: tuple[str, ...]) -> LagSection:
    leader, follower = cs[0], cs[1]
    rows = []
    for b in lags:
        if b.window is None:
            continue
        tr = b.trend_months_per_year
        direction = None
        if tr and b.current_lag_months is not None:
            direction = "narrowing" if tr["high"] < 0 else "widening" if tr["low"] > 0 else "no clear trend"
        gap_text = "–" if b.current_score_gap is None else f"{fmt_num(b.current_score_gap, 1)} {w.unit(b.gap_unit)}"
        rows.append(LagRow(
            b.benchmark, b.name_zh if w.lang == "zh" else b.name, b.current_lag_months, b.mean_lag_months,
            b.min_lag_months, b.max_lag_months, (b.window[0].isoformat(), b.window[1].isoformat()), direction,
            b.current_score_gap, gap_text, cites.cite_all(_frontier_sources(pts.get(b.benchmark, []), b)),
            [(p.date, p.lag_months) for p in b.series if p.lag_months is not None and math.isfinite(p.lag_months)],
            list(b.notes)))
    sentences = []
    timed = [r for r in rows if r.current is not None and r.mean is not None and r.window]
    if timed:
        r = timed[0]
        sentences.append(Sentence(w.lag(benchmark=r.name, leader=leader, follower=follower, now=r.current or 0.0,
                                        mean=r.mean or 0.0, start=r.window[0] if r.window else "",
                                        direction=r.direction), r.notes))
        if len(timed) > 1:
            lo = min(timed, key=lambda t: t.current or 0.0)
            hi = max(timed, key=lambda t: t.current or 0.0)
            sentences.append(Sentence(w.lag_range(n=len(timed), follower=follower, leader=leader,
                                                  low=lo.current or 0.0, high=hi.current or 0.0),
                                      sorted({*lo.notes, *hi.notes})))
    for r in rows:
        if r.current is None and r.score_gap is not None and r.score_gap > 0:
            lag = next(b for b in lags if b.benchmark == r.benchmark)
            sentences.append(Sentence(w.lag_score_only(benchmark=r.name, leader=leader, gap=r.score_gap,
                                                       unit=lag.gap_unit), r.notes))
            break
    return LagSection(leader, follower, rows, sentences)


def _origin(w: Writer, e: Evidence, same: int) -> str:
    """Where a conflicting figure comes from, and how many other sources give exactly it."""
    if e.source.startswith("dataset:"):
        text = " · ".join(x for x in (split_label(e.source)[1], e.publisher, e.vintage) if x)
    else:
        text = " · ".join(x for x in (e.title, e.publisher, e.published) if x)
    return f"{text} ({w.label('same_figure', n=same)})" if same else text


def _conflict(w: Writer, cites: Citations, c: Conflict) -> ConflictItem:
    cat = catalogue().indicators.get(c.indicator)
    name = (cat.name(w.lang) if cat else c.indicator)

    def side(e: Evidence, same: list[str]) -> ConflictSide:
        return ConflictSide(w.value(e.value, e.unit), e.quote or "", _origin(w, e, len(same)),
                            cites.cite(e.source, indicator=c.indicator, evidence=e), len(same))

    k = c.consensus
    return ConflictItem(name, w.country_title(c.country), w.period(c.period), side(c.a, c.a_same), side(c.b, c.b_same),
                        w.label("conflict_consensus", value=w.value(k.value, k.unit), low=w.value(k.low, k.unit),
                                high=w.value(k.high, k.unit)))


def _row_quote(w: Writer, fn: Footnote) -> str:
    """What a dataset row says, for its footnote: country, period, value, and the model it rates."""
    parts = []
    for r in fn.extra.get("rows", []):
        m = measures().get(r["measure"] or "")
        # a benchmark row stores a fraction; the report shows it in the measure's unit, as the figure
        val = w.value(float(r["value"]) * m.scale, m.unit) if m else w.value(float(r["value"]), r["unit"])
        who = f" ({r['entity']})" if r.get("entity") else ""
        what = r["measure"] or r["indicator"]
        parts.append(f"{r['country']} · {r['period']} · {what} = {val}{who}")
    return "; ".join(parts)


def _renumber(r: Report) -> None:
    """Footnotes numbered in reading order: the headline quotes the lag section, which is built after
    the pillars, and a reader expects the first footnote to be 1."""
    order: dict[int, int] = {}

    def see(ns: list[int]) -> None:
        for n in ns:
            order.setdefault(n, len(order) + 1)

    # what carries footnote numbers, in the order the renderers show it
    cells = [c for p in r.pillars for row in p.rows for c in row.cells.values()]
    sentences = [*r.headline, *(s for p in r.pillars for s in p.sentences), *r.lag.sentences]
    for s in r.headline:
        see(s.notes)
    for p in r.pillars:
        for s in p.sentences:
            see(s.notes)
        for row in p.rows:
            for cell in row.cells.values():
                see(cell.notes)
    for s in r.lag.sentences:
        see(s.notes)
    for lr in r.lag.rows:
        see(lr.notes)
    for item in r.conflicts:
        see([item.a.note, item.b.note])
    see([fn.n for fn in r.footnotes])
    done: set[int] = set()
    for s in sentences + [row.sentence for p in r.pillars for row in p.rows]:
        if id(s) not in done:  # the headline and a pillar share sentence objects
            done.add(id(s))
            s.notes = sorted(order[n] for n in s.notes)
    for cell in cells:
        cell.notes = sorted(order[n] for n in cell.notes)
    for lr in r.lag.rows:
        lr.notes = sorted(order[n] for n in lr.notes)
    for item in r.conflicts:
        item.a.note, item.b.note = order[item.a.note], order[item.b.note]
    for fn in r.footnotes:
        fn.n = order[fn.n]
    r.footnotes.sort(key=lambda f: f.n)


def build_report(store: Store, *, lang: str = "en", countries: tuple[str, ...] = ("US", "CN"),
                 draws: int = REPORT_DRAWS, today: dt.date | None = None) -> Report:
    """Everything a briefing shows, in one language, with its footnotes resolved."""
    cs = tuple(countries)
    w = Writer(lang)
    cites = Citations()
    cat = catalogue()
    res = gap(store, GapOptions(countries=cs, draws=draws))
    out = res.to_json()
    lines = {h["pillar"]: h for h in res.headline()}
    ests = estimates(store, cs)  # the trend charts' yearly series read them once
    pts = score_points(store)
    names = w.countries(cs)
    counts = store.counts()
    headline: list[Sentence] = []
    no_data = None
    top = _composite_headline(w, out, cs) if res.data else None
    if not res.data:
        no_data = w.label("no_data", countries=names)
    elif top is None:  # some countries have figures, one of the first two has none
        lacking = [c for c in cs if out["composite"][c].get("median") is None]
        no_data = w.label("no_data_for", countries=w.countries(lacking))
    else:
        headline.append(top)
        headline.append(Sentence(w.gap_trend(_trend_counts(res))))
    pillars = [_pillar(store, w, cites, res, out, pid, lines.get(pid, {}), cs, ests, pts) for pid in out["pillars"]]
    lag = _lag(w, cites, frontier_lag(store, countries=(cs[0], cs[1]), points=pts), pts, cs)
    if top is not None and lag.sentences:
        headline.append(lag.sentences[0])
    found = sorted((c for c in conflicts(store) if c.country in cs),
                   key=lambda c: (c.indicator, cs.index(c.country), str(c.period)))
    items = [_conflict(w, cites, c) for c in found[:MAX_CONFLICTS]]
    gaps = [EvidenceGap(cat.pillars[m["pillar"]].zh if lang == "zh" else cat.pillars[m["pillar"]].en,
                        m["name_zh"] if lang == "zh" else m["name"], [w.country_title(c) for c in m["lack"]],
                        [w.country_title(c) for c in m["have"]]) for m in out["missing"] if m["pillar"] in cat.pillars]
    o = res.options
    method = w.methodology(
        normalize=o.normalize, weights=res.weights.to_json(),
        pillar_names={p: (v.zh if lang == "zh" else v.en) for p, v in cat.pillars.items()},
        draws=o.draws, seed=o.seed, spread=o.weight_spread, source_weights=dict(interval_rules()["source_weights"]),
        tolerance=TOLERANCE)
    footnotes = cites.resolve(store, attribution=o.attribution)
    for fn in footnotes:
        if fn.kind == "dataset" and fn.resolved:
            fn.quote = _row_quote(w, fn)
        fn.url = safe_url(fn.url)
    report = Report(
        lang=lang, countries=list(cs), title=w.label("title", countries=names),
        generated=w.label("generated", date=(today or dt.date.today()).isoformat(), documents=counts.documents,
                          claims=counts.claims, observations=counts.observations),
        no_data=no_data, headline=headline, composite={c: Band.of(v) for c, v in out["composite"].items()},
        pillars=pillars, lag=lag,
        conflicts=items, conflicts_more=max(0, len(found) - MAX_CONFLICTS), gaps=gaps, methodology=method,
        attribution=attribution(), footnotes=footnotes, writer=w, draws=o.draws,
        robustness=robustness_section(w, res.answer()) if res.data else None,
    )
    _renumber(report)
    by_n = {fn.n: fn for fn in report.footnotes}
    for item in report.conflicts:  # a dataset side has no sentence: show what its row says
        for side in (item.a, item.b):
            if not side.quote and side.note in by_n:
                side.quote = by_n[side.note].quote or ""
    return report

