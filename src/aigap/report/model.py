"""The briefing as typed data: built once from the analysis, then rendered as HTML, PDF or Markdown.

``build_report`` runs the gap analysis (``aigap.analyze.gap``, with fewer Monte Carlo draws than the
CLI so a report takes seconds), the frontier lag and the conflicts, writes the sentences in the
requested language and numbers a footnote for every source label a shown figure carries. Renderers
only lay this out; they compute nothing.
"""

from __future__ import annotations

import datetime as dt

from aigap.analyze import GapOptions, frontier_lag, gap
from aigap.analyze.frontier import score_points
from aigap.indicators import catalogue
from aigap.reconcile import TOLERANCE, attribution, conflicts, estimates
from aigap.reconcile.evidence import interval_rules
from aigap.store import Store

from .citations import Citations, safe_url
from .lag_conflicts import conflict_item, lag_section, row_quote
from .pillars import composite_headline, composite_lead, pillar_section
from .records import (
    Band,
    Cell,
    ConflictItem,
    ConflictSide,
    EvidenceGap,
    IndicatorRow,
    LagRow,
    LagSection,
    Lead,
    PillarSection,
    Report,
    Sentence,
    TrendLine,
)
from .robustness import robustness_section
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
    "Lead",
    "PillarSection",
    "Report",
    "Sentence",
    "TrendLine",
    "build_report",
]

REPORT_DRAWS = 1000  # enough for stable 90% intervals at report precision (whole points)
MAX_CONFLICTS = 40  # a briefing shows the first ones; `aigap conflicts` lists them all



# -- building ------------------------------------------------------------------------------------


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
    cites = Citations(lang=lang)
    cat = catalogue()
    res = gap(store, GapOptions(countries=cs, draws=draws))
    a = res.answer()
    lines = {h.pillar: h for h in res.headline()}
    ests = estimates(store, cs)  # the trend charts' yearly series read them once
    pts = score_points(store)
    names = w.countries(cs)
    counts = store.counts()
    headline: list[Sentence] = []
    no_data = None
    lead = composite_lead(a) if res.data else None
    top = composite_headline(w, lead)
    if not res.data:
        no_data = w.label("no_data", countries=names)
    elif top is None:  # some countries have figures, one of the first two has none
        lacking = [c for c in cs if a.composite[c].median is None]
        no_data = w.label("no_data_for", countries=w.countries(lacking))
    else:
        headline.append(top)
        headline.append(Sentence(w.gap_trend(a.gap_trend)))
    pillars = [pillar_section(store, w, cites, a, pid, lines.get(pid), cs, ests, pts) for pid in a.pillars]
    lag = lag_section(w, cites, frontier_lag(store, countries=(cs[0], cs[1]), points=pts), pts, cs)
    if top is not None and lag.sentences:
        headline.append(lag.sentences[0])
    found = sorted((c for c in conflicts(store) if c.country in cs),
                   key=lambda c: (c.indicator, cs.index(c.country), str(c.period)))
    items = [conflict_item(w, cites, c) for c in found[:MAX_CONFLICTS]]
    gaps = [EvidenceGap(cat.pillars[m.pillar].zh if lang == "zh" else cat.pillars[m.pillar].en,
                        m.name_zh if lang == "zh" else m.name, [w.country_title(c) for c in m.lack],
                        [w.country_title(c) for c in m.have]) for m in a.missing if m.pillar in cat.pillars]
    o = res.options
    method = w.methodology(
        normalize=o.normalize, weights=res.weights,
        pillar_names={p: (v.zh if lang == "zh" else v.en) for p, v in cat.pillars.items()},
        draws=o.draws, seed=o.seed, spread=o.weight_spread, source_weights=dict(interval_rules()["source_weights"]),
        tolerance=TOLERANCE)
    footnotes = cites.resolve(store, attribution=o.attribution)
    for fn in footnotes:
        if fn.kind == "dataset" and fn.resolved:
            fn.quote = row_quote(w, fn)
        fn.url = safe_url(fn.url)
    day = (today or dt.date.today()).isoformat()
    report = Report(
        lang=lang, countries=list(cs), title=w.label("title", countries=names),
        generated=w.label("generated", date=day, documents=counts.documents,
                          claims=counts.claims, observations=counts.observations),
        no_data=no_data, headline=headline, composite={c: Band.of(v) for c, v in a.composite.items()},
        pillars=pillars, lag=lag,
        conflicts=items, conflicts_more=max(0, len(found) - MAX_CONFLICTS), gaps=gaps, methodology=method,
        attribution=attribution(), footnotes=footnotes, writer=w, draws=o.draws,
        robustness=robustness_section(w, a) if res.data else None,
        lead=lead, gap_trend=a.gap_trend if top is not None else None, counts=counts, generated_on=day,
    )
    _renumber(report)
    by_n = {fn.n: fn for fn in report.footnotes}
    for item in report.conflicts:  # a dataset side has no sentence: show what its row says
        for side in (item.a, item.b):
            if not side.quote and side.note in by_n:
                side.quote = by_n[side.note].quote or ""
    return report

