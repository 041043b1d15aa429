"""How much the answer rests on any one source: leave-one-source-out for the composite and each
pillar, and the composite gap with the weights fixed beside the weight-sampled one.

A source is a document (every claim from it) or a dataset (every row of it); a dataset that compiles
figures cited from several publishers (the headline figures) is as many sources as it has
publishers, each leaving with its own rows. Leaving one out drops
the figures that rest on it alone (they become missing, never zero) and, where a figure pools it with
other sources, re-centres the figure on the others (their weighted mean).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from .inputs import IndicatorData
from .simulate import Problem, aggregate, simulate
from .stats import summary

__all__ = ["LeaveOneOut", "leave_one_source_out", "source_key", "source_titles", "weight_intervals"]


def source_key(label: str, claim_docs: dict[str, str] | None = None) -> str:
    """``dataset:<id>#row`` -> ``dataset:<id>`` (or ``dataset:<id>/<publisher>`` for a compilation's
    row, as mapped); ``claim:<id>`` -> its document (``document:<id>``) when known, else the claim."""
    known = (claim_docs or {}).get(label)
    if known is not None:
        return known
    if label.startswith("dataset:"):
        return label.split("#", 1)[0]
    return label


@dataclass(frozen=True, slots=True)
class LeaveOneOut:
    source: str  # document:<id> or dataset:<id>
    title: str
    figures: int  # (indicator, country) figures it enters
    composite_gap_without: float | None  # first minus second country, without this source
    change: float | None  # composite gap without it minus the composite gap with everything
    pillars: dict[str, float | None]  # pillar gap without it (first minus second)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "title": self.title, "figures": self.figures,
                "composite_gap_without": self.composite_gap_without, "change": self.change,
                "pillars": self.pillars}


def _r(x: float, nd: int = 4) -> float | None:
    return round(float(x), nd) if math.isfinite(float(x)) else None


def _sources_of(data: list[IndicatorData], countries: list[str],
                claim_docs: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """Each source with the (indicator, country) cells it enters."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, d in enumerate(data):
        for j, c in enumerate(countries):
            f = d.figures.get(c)
            if f is None:
                continue
            labels = {*f.sources, *(a[4] for a in f.alternatives if a[4])}
            for k in {source_key(s, claim_docs) for s in labels}:
                out[k].append((i, j))
    return out


def leave_one_source_out(p: Problem, data: list[IndicatorData], method: str, claim_docs: dict[str, str],
                         titles: dict[str, str]) -> list[LeaveOneOut]:
    """Per source, the point composite and pillar gaps (first minus second country) without it;
    sorted by the size of the change, biggest first."""
    if len(p.countries) < 2 or not data:
        return []
    base_s = p.scores(p.value, method)
    base_pil, base_comp = aggregate(base_s[None], p.member, p.w_ind, p.w_pil)
    base_gap = float(base_comp[0, 0] - base_comp[0, 1])
    rows = []
    for src, cells in _sources_of(data, p.countries, claim_docs).items():
        value = p.value.copy()
        for i, j in cells:
            f = data[i].figures[p.countries[j]]
            rest = [a for a in f.alternatives if a[4] and source_key(a[4], claim_docs) != src]
            others = [s for s in f.sources if source_key(s, claim_docs) != src]
            if not rest and not others:
                value[i, j] = np.nan  # the figure rests on this source alone
            elif rest and len(rest) < len(f.alternatives):
                w = np.array([max(a[3], 0.0) for a in rest]) + 1e-12
                value[i, j] = float(np.dot(w, [a[0] for a in rest]) / w.sum())
        s = p.scores(value, method)
        pil, comp = aggregate(s[None], p.member, p.w_ind, p.w_pil)
        without = float(comp[0, 0] - comp[0, 1])
        rows.append(LeaveOneOut(
            src, titles.get(src, src), len(cells), _r(without),
            _r(without - base_gap) if math.isfinite(without) and math.isfinite(base_gap) else None,
            {pid: _r(float(pil[0, k, 0] - pil[0, k, 1])) for k, pid in enumerate(p.pillars)
             if math.isfinite(float(base_pil[0, k, 0] - base_pil[0, k, 1]))}))
    rows.sort(key=lambda r: (-(abs(r.change) if r.change is not None else math.inf), r.source))
    return rows


def weight_intervals(p: Problem, method: str, draws: int, seed: int, spread: float,
                     sampled: np.ndarray) -> dict[str, dict[str, float | None]]:
    """The composite gap (first minus second) with the weights fixed and with them sampled."""
    def band(d: np.ndarray) -> dict[str, float | None]:
        med, lo, hi = summary(np.asarray(d, dtype=float)[:, None])
        return {"median": _r(med[0]), "low": _r(lo[0]), "high": _r(hi[0])}

    fixed = sampled if spread <= 0 else simulate(p, method, draws, seed, 0.0).composite
    return {"fixed_weights": band(fixed[:, 0] - fixed[:, 1]), "sampled_weights": band(sampled[:, 0] - sampled[:, 1])}


def source_titles(store: Any, keys: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(claim label -> document key, source key -> title) for the claims and datasets named."""
    from aigap.store.repository import ClaimFilter

    claim_ids = sorted(int(k.split(":", 1)[1]) for k in keys if k.startswith("claim:") and k[6:].isdigit())
    claim_docs: dict[str, str] = {}
    titles: dict[str, str] = {}
    if claim_ids:
        for c, doc in store.claims_with_documents(ClaimFilter(ids=claim_ids)):
            key = f"document:{c.document_id}"
            claim_docs[f"claim:{c.id}"] = key
            outlet = doc.get("outlet")
            titles[key] = (doc.get("title") or key) + (f" ({outlet})" if outlet else "")
    rows: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if k.startswith("dataset:") and k.count("#") == 2:
            ds, locator = k[len("dataset:"):].split("#", 1)
            rows[ds].append(locator)
    for d in store.datasets():
        key = f"dataset:{d['id']}"
        titles[key] = str(d.get("title") or d["id"])
        if d["id"] not in rows:
            continue
        publishers = store.row_sources(d["id"], sorted(rows[d["id"]]))
        if len({p for p in publishers.values() if p}) < 2:
            continue  # one publisher's own dataset: one source
        for locator, publisher in publishers.items():
            if publisher:
                claim_docs[f"{key}#{locator}"] = f"{key}/{publisher}"
                titles[f"{key}/{publisher}"] = publisher  # a name in any language; the key names the dataset
    return claim_docs, titles
