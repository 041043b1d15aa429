"""The published composites beside aigap's: Stanford HAI's Global AI Vibrancy Tool, Tortoise Media's
Global AI Index and others in the shipped anchors data (``data/reference/anchors/headline_figures.csv``,
rows naming a composite score), for the countries compared, with why aigap's differs."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Anchor", "anchors_for", "published_composites", "why_aigap_differs"]

# The composites the anchors file holds (publisher as the file spells it -> a short label).
_COMPOSITES = {
    "Stanford HAI Global Vibrancy Tool": "Global AI Vibrancy Tool",
    "Tortoise Media": "Tortoise Global AI Index",
}


@dataclass(frozen=True, slots=True)
class Anchor:
    publisher: str
    index: str
    edition: str  # as the file labels it, e.g. "GVT 2025 (data 2024)"
    values: dict[str, float]  # country -> published score
    ratio: float | None  # second country's score over the first's (published)
    aigap_ratio: float | None  # the same ratio of aigap's point composites
    source_title: str
    url: str
    evidence_kind: str  # primary | secondary
    note: str = ""  # e.g. a country's score not confirmed in the stored page

    def to_json(self) -> dict[str, Any]:
        return {"publisher": self.publisher, "index": self.index, "edition": self.edition, "values": self.values,
                "ratio": self.ratio, "aigap_ratio": self.aigap_ratio, "source_title": self.source_title,
                "url": self.url, "evidence_kind": self.evidence_kind, "note": self.note}


@cache
def published_composites() -> tuple[dict[str, str], ...]:
    root = resources.files("aigap.data").joinpath("reference/anchors/headline_figures.csv")
    rows = csv.DictReader(root.read_text(encoding="utf-8").splitlines())
    return tuple(r for r in rows if r["source_org"] in _COMPOSITES and r["unit"] == "score")


def anchors_for(countries: list[str], composite: dict[str, float | None]) -> list[Anchor]:
    """Each published edition with a score for any of the countries (the ratio: second over first)."""
    editions: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in published_composites():
        editions.setdefault((r["source_org"], r["period"]), []).append(r)
    out = []
    a, b = [*countries, ""][:2]
    ca, cb = composite.get(a), composite.get(b)
    mine = round(cb / ca, 2) if ca and cb is not None and ca > 0 else None
    for (org, edition), rows in editions.items():
        vals = {r["country"]: float(r["value"]) for r in rows if r["country"] in countries}
        if not vals:
            continue
        ratio = round(vals[b] / vals[a], 2) if a in vals and b in vals and vals[a] > 0 else None
        out.append(Anchor(org, _COMPOSITES[org], edition, vals, ratio, mine, rows[0]["source_title"],
                          rows[0]["evidence_url"], rows[0]["evidence_kind"],
                          "; ".join(r["notes"] for r in rows if r["notes"] and r["country"] in countries)))
    out.sort(key=lambda x: (x.index, x.edition))
    return out


def why_aigap_differs(n_indicators: int, normalize: str, weights: str) -> str:
    """One sentence on why aigap's composite is not the published ones."""
    return (f"aigap's composite differs from the published indices in coverage ({n_indicators} indicators with "
            "figures for both countries, far fewer than they score), normalisation (" + normalize + ": each "
            "indicator scored against the leader on its own scale, where they rescale against every country "
            "ranked), weights (" + weights + ", where they use expert weights) and sources (the reference "
            "datasets and articles stored here, where they add survey and licensed data)")
