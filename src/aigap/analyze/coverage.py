"""Which countries have data, and on how many indicators: what a country picker shows before any
gap is computed ("India — 7/25 indicators").

An indicator counts as the gap counts it (``inputs.gather``): a ranked catalogue indicator with a
reconciled yearly figure (claims and reference observations alike), or a benchmark measure with a
scored model. The total is the indicators that at least two countries have, the ones any comparison
can score; a country's count is how many of those it has a figure for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from aigap.indicators import catalogue
from aigap.records import Estimate
from aigap.store import Store

from .countries import known_countries
from .frontier import measures, score_points
from .inputs import _partial_year, _same_dimension

__all__ = ["CountryCoverage", "Coverage", "country_coverage"]


@dataclass(frozen=True, slots=True)
class CountryCoverage:
    country: str
    used: int  # comparable indicators with a figure for this country


@dataclass(frozen=True, slots=True)
class Coverage:
    of: int  # indicators with figures for at least two countries
    countries: list[CountryCoverage]  # most covered first


def country_coverage(store: Store, *, attribution: str = "any-org", ests: list[Estimate] | None = None) -> Coverage:
    from aigap.reconcile import estimates

    cat = catalogue()
    ranked = {i.id: i.unit for i in cat.indicators.values() if i.better != "none" and i.id != "model_benchmark_score"}
    vintages = {d["id"]: str(d.get("vintage") or "") for d in store.datasets()}
    have: dict[str, set[str]] = defaultdict(set)  # indicator -> countries with a figure
    for e in ests if ests is not None else estimates(store, attribution=attribution):
        if (e.indicator in ranked and e.entity is None and _same_dimension(e.unit, ranked[e.indicator])
                and e.period and e.period[:4].isdigit() and not _partial_year(e, vintages)):
            have[e.indicator].add(e.country)
    meta = measures()
    for mid, pts in score_points(store).items():
        if mid in meta:
            have[f"best_model:{mid}"].update(p.country for p in pts)
    # "WORLD" and groupings are no country to compare, nor to compare with
    comparable = {k: v & known_countries() for k, v in have.items() if len(v & known_countries()) >= 2}
    per: dict[str, int] = defaultdict(int)
    for cs in comparable.values():
        for c in cs:
            per[c] += 1
    rows = sorted((CountryCoverage(c, n) for c, n in per.items()), key=lambda r: (-r.used, r.country))
    return Coverage(len(comparable), rows)
