"""The review queue: the claims whose correction would move the analysis most come first.

Leaving each claim out and re-running the analysis is too slow for a queue, so influence is a proxy,
honest about what it is: the composite-gap shift of the claim's indicator (the robustness table of
``aigap.analyze.gap``: the composite without that indicator) shared among the sources pooled into the
(indicator, country) figure the claim is part of; ``pillar_influence`` is the same for the gap of the
indicator's pillar. A claim is part of a figure when the figure names it as a source, or when it gives
the same figure (period, aspect, unit, value within the story rule's 0.5%) as a claim the figure names:
the analysis pools documents repeating one figure, and a story's translations, under one label. A
claim outside every compared figure (another country, period or aspect, a basis or figure the
analysis set aside, an unranked metric) has influence 0. The queue orders by composite influence,
then pillar influence, then the least confident claim (unknown confidence counts as 0.5).
"""

from __future__ import annotations

from typing import Any

from aigap.errors import AigapError
from aigap.store import ClaimFilter, Store

__all__ = ["STATUSES", "Influence", "influences", "review_queue"]

STATUSES = ("all", "unreviewed", "reviewed", "corrected")


# what makes two claims one figure for the queue: period, aspect, unit (the value is compared apart)
FigureKey = tuple[str | None, str, str]
Influence = dict[tuple[str, str], tuple[float, float, str | None, int, set[str], list[tuple[FigureKey, float]]]]


def _figure_key(c: Any) -> FigureKey:
    return (c.period, c.aspect, c.unit)


def _same(a: float, b: float) -> bool:
    """The story rule's tolerance (aigap.reconcile.consensus): translations round differently."""
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1e-12)


def influences(store: Store) -> Influence:
    """(indicator, country) -> (composite influence of one of its claims, pillar influence, figure period,
    n sources, source labels, (figure key, value) of the claims it names)."""
    from aigap.analyze.gap import GapOptions, gap

    try:
        # The shift is computed from point scores: a few draws and no trends keep this quick.
        res = gap(store, GapOptions(draws=50, trends=False))
    except AigapError:
        return {}
    shift = {r.indicator: abs(float(r.shift or 0.0)) for r in res.sensitivity}
    pshift = _pillar_shifts(res)
    named = {int(s[6:]) for d in res.data for f in d.figures.values() for s in f.sources
             if s.startswith("claim:") and s[6:].isdigit()}
    shown = {c.id: c.claim for c in store.claims(ClaimFilter(ids=sorted(named)))} if named else {}
    out: Influence = {}
    for d in res.data:
        for country, f in d.figures.items():
            n = max(f.n_sources or len(f.sources), 1)
            figures = [(_figure_key(c), c.value) for s in f.sources if s.startswith("claim:")
                       and (c := shown.get(int(s[6:]) if s[6:].isdigit() else -1)) is not None]
            out[(d.id, country)] = (shift.get(d.id, 0.0) / n, pshift.get(d.id, 0.0) / n, f.period, n, set(f.sources),
                                    figures)
    return out


def _pillar_shifts(res: Any) -> dict[str, float]:
    """Per indicator: how far its pillar's gap (first minus second country, points) moves without it."""
    import numpy as np

    from aigap.analyze.simulate import aggregate

    p = res.problem
    if len(p.countries) < 2 or not p.indicators:
        return {}
    base = res.point_pillars[:, 0] - res.point_pillars[:, 1]
    out = {}
    for i, iid in enumerate(p.indicators):
        keep = np.ones(len(p.indicators), dtype=bool)
        keep[i] = False
        pil, _ = aggregate(res.point_scores[keep][None], p.member[keep], p.w_ind[keep], p.w_pil)
        k = int(np.argmax(p.member[i]))
        d = base[k] - (pil[0, k, 0] - pil[0, k, 1])
        # without it the pillar has no gap at all: it carried the whole of it
        out[iid] = abs(float(d)) if np.isfinite(d) else (abs(float(base[k])) if np.isfinite(base[k]) else 0.0)
    return out


def _status(mark: Any) -> str:
    if mark is None:
        return "unreviewed"
    return "reviewed" if mark.action == "accept" else "corrected"


def review_queue(store: Store, *, indicator: str | None = None, country: str | None = None,
                 document: str | int | None = None, status: str = "all", limit: int | None = None,
                 influence: Influence | None = None) -> list[dict[str, Any]]:
    """Claims with their influence, confidence and review status, most important first."""
    from aigap.errors import ValidationError

    if status not in STATUSES:
        raise ValidationError(f"status {status!r}: choose one of {', '.join(STATUSES)}")
    f = ClaimFilter(indicator=indicator or None, country=country.upper() if country else None)
    if isinstance(document, int) or (isinstance(document, str) and document.isdigit()):
        f.document_id = int(document)
    elif document:
        f.doc_id = document
    found = store.claims_with_documents(f)
    marks = store.review.marks([c.id for c, _ in found])
    infl = (influences(store) if influence is None else influence) if found else {}
    rows = []
    for c, d in found:
        mark = marks.get(c.id)
        st = _status(mark)
        if status != "all" and st != status:
            continue
        cl = c.claim
        score, pscore, _period, n, sources, figures = infl.get((cl.metric, cl.subject or ""),
                                                              (0.0, 0.0, None, 0, set(), []))
        in_figure = f"claim:{c.id}" in sources or any(k == _figure_key(cl) and _same(v, cl.value) for k, v in figures)
        rows.append({"id": c.id, "claim_id": c.id, "document_id": c.document_id, "doc": cl.doc,
                     "doc_title": d["title"], "start": cl.start, "end": cl.end, "number_text": cl.number_text,
                     "quote": cl.quote, "value": cl.value, "unit": cl.unit, "subject": cl.subject, "metric": cl.metric,
                     "period": cl.period, "confidence": cl.confidence,
                     "influence": round(score, 6) if in_figure else 0.0,
                     "pillar_influence": round(pscore, 6) if in_figure else 0.0,
                     "figure_sources": n if in_figure else 0, "status": st,
                     "reviewed": mark.provenance if mark else None})
    rows.sort(key=lambda r: (-r["influence"], -r["pillar_influence"],
                             0.5 if r["confidence"] is None else r["confidence"], r["id"]))
    return rows[:limit] if limit else rows
