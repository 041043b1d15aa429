"""The briefing's frontier-lag section and its conflicts, with what a dataset row's footnote quotes."""

from __future__ import annotations

import math

from aigap.analyze.frontier import ScorePoint, measures
from aigap.analyze.lag import BenchmarkLag
from aigap.indicators import catalogue
from aigap.reconcile import Conflict, Evidence

from .citations import Citations, Footnote, split_label
from .numbers import fmt_num
from .records import ConflictItem, ConflictSide, LagRow, LagSection, Sentence
from .sentences import Writer


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


def lag_section(w: Writer, cites: Citations, lags: list[BenchmarkLag], pts: dict[str, list[ScorePoint]],
         cs: tuple[str, ...]) -> LagSection:
    leader, follower = cs[0], cs[1]
    rows = []
    for b in lags:
        if b.window is None:
            continue
        tr = b.trend_months_per_year
        direction = tr.direction if tr and b.current_lag_months is not None else None
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
    return LagSection(leader, follower, rows, sentences, len(timed))


def _origin(w: Writer, e: Evidence, same: int) -> str:
    """Where a conflicting figure comes from, and how many other sources give exactly it."""
    if e.source.startswith("dataset:"):
        text = " · ".join(x for x in (split_label(e.source)[1], e.publisher, e.vintage) if x)
    else:
        text = " · ".join(x for x in (e.title, e.publisher, e.published) if x)
    return f"{text} ({w.label('same_figure', n=same)})" if same else text


def conflict_item(w: Writer, cites: Citations, c: Conflict) -> ConflictItem:
    cat = catalogue().indicators.get(c.indicator)
    name = (cat.name(w.lang) if cat else c.indicator)

    def side(e: Evidence, same: list[str]) -> ConflictSide:
        return ConflictSide(w.value(e.value, e.unit), e.quote or "", _origin(w, e, len(same)),
                            cites.cite(e.source, indicator=c.indicator, evidence=e), len(same))

    k = c.consensus
    return ConflictItem(name, w.country_title(c.country), w.period(c.period), side(c.a, c.a_same), side(c.b, c.b_same),
                        w.label("conflict_consensus", value=w.value(k.value, k.unit), low=w.value(k.low, k.unit),
                                high=w.value(k.high, k.unit)))


def row_quote(w: Writer, fn: Footnote) -> str:
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
