"""Evidence: every figure for an indicator, from claims and from reference datasets, as one record
with its interval (``intervals.yaml``), its value in the indicator's canonical unit, and where it
came from (a claim's document and character span, or a dataset row)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aigap.indicators import catalogue
from aigap.store import Store
from aigap.store.evidence_queries import EvidenceQuery

from .fx import CURRENCIES, to_usd

__all__ = ["Evidence", "claim_evidence", "claim_figures", "dataset_evidence", "interval_rules", "source_weight"]


@cache
def interval_rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("intervals.yaml").read_text(encoding="utf-8"))
    return data


def source_weight(source_class: str) -> float:
    return float(interval_rules()["source_weights"].get(source_class, 0.5))


@dataclass(slots=True)
class Evidence:
    """One figure for (indicator, country, period, aspect), in the indicator's unit."""

    indicator: str
    country: str
    period: str | None
    aspect: str
    value: float
    low: float
    high: float
    unit: str
    source_class: str
    source: str  # "claim:<id>" or "dataset:<id>#<row locator>"
    publisher: str | None = None
    vintage: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    quote: str | None = None
    number_text: str | None = None
    doc_id: str | None = None
    span: tuple[int, int] | None = None
    story: int | None = None
    entity: str | None = None  # a company's or model's own figure is not the country's
    note: str | None = None
    also: list[str] = field(default_factory=list)  # other sources of the same figure (translations)
    also_quotes: list[str] = field(default_factory=list)
    count: int = 1  # documents giving this very figure (``claim_figures`` pools them)

    @property
    def weight(self) -> float:
        return source_weight(self.source_class) * self.count

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator, "country": self.country, "period": self.period, "aspect": self.aspect,
            "value": self.value, "low": self.low, "high": self.high, "unit": self.unit,
            "source_class": self.source_class, "source": self.source, "publisher": self.publisher,
            "vintage": self.vintage, "title": self.title, "published": self.published, "url": self.url,
            "quote": self.quote, "number_text": self.number_text, "doc": self.doc_id,
            "span": list(self.span) if self.span else None, "story": self.story, "entity": self.entity,
            "note": self.note, "count": self.count,
            "also": self.also, "also_quotes": self.also_quotes,
        }


# Indicators whose figures belong to one organisation: figures of different entities never conflict.
_ENTITY_INDICATORS = {"company_revenue", "company_net_profit", "company_orders", "market_cap", "big_tech_ai_capex",
                      "chip_market_share", "model_parameters", "context_window", "model_benchmark_rank",
                      "model_benchmark_score"}


def _interval(value: float, high: float | None, qualifier: str) -> tuple[float, float]:
    lo_f, hi_f = interval_rules().get(qualifier, [1.0, 1.0])
    low = value * float(lo_f)
    top = high if hi_f is None and high is not None else value * float(hi_f if hi_f is not None else 1.0)
    return (min(low, top), max(low, top))


def _wanted(indicator: str | None) -> list[str]:
    cat = catalogue()
    return [i for i in ([indicator] if indicator else sorted(cat.indicators)) if i in cat.indicators]


def _query(wanted: list[str], country: str | None) -> EvidenceQuery:
    """What to ask the store: these indicators, the text's own USD conversion for USD indicators."""
    return EvidenceQuery(
        indicators=wanted, usd_indicators=[i for i in wanted if catalogue().indicators[i].unit == "USD"],
        foreign_units=[u for u in CURRENCIES if u != "USD"], entity_indicators=sorted(_ENTITY_INDICATORS),
        country=country)


def claim_evidence(store: Store, *, indicator: str | None = None, country: str | None = None) -> list[Evidence]:
    """Every stored claim with an indicator and a country, converted to the indicator's unit: one
    Evidence per claim, for listings and citations (the analysis reads ``claim_figures``)."""
    wanted = _wanted(indicator)
    if not wanted:
        return []
    return _read(store.evidence_claim_rows(_query(wanted, country)), {})


def _read(blocks: Iterable[Sequence[Any]], counts: dict[int, int]) -> list[Evidence]:
    cat = catalogue()
    out: list[Evidence] = []
    for block in blocks:
        out += [e for r in block if (e := _evidence(r, cat.indicators[r.metric], counts.get(r.id))) is not None]
    return out


def claim_figures(store: Store, *, indicator: str | None = None, country: str | None = None) -> list[Evidence]:
    """``claim_evidence`` with documents that give the same figure pooled, for the analysis.

    Documents outside any multi-document story that give one figure (indicator, country, period,
    aspect, entity, value, upper bound, unit, qualifier and the text's own conversion) become one
    Evidence whose ``count`` is the number of documents, read with one GROUP BY: the analysis then
    costs the number of distinct figures, not of claims, and its memory stays flat at millions of
    claims. A document counts once however often it repeats its figure (one story, one figure).
    Documents of a multi-document story (translations, reprints) are read claim by claim, since
    the story rule compares their converted values with a tolerance.
    """
    wanted = _wanted(indicator)
    if not wanted:
        return []
    q = _query(wanted, country)
    counts = store.evidence_pooled_counts(q)
    out = _read(store.evidence_claim_rows(q, ids=sorted(counts)), counts)
    out += _read(store.evidence_claim_rows(q, in_stories=True), {})
    return out


def _evidence(r: Any, ind: Any, count: int | None) -> Evidence | None:
    value, high, unit, note = float(r.value), r.value_high, r.unit, None
    if ind.unit == "USD" and unit in CURRENCIES and unit != "USD":
        if r.own_usd is not None and value:
            factor, note = float(r.own_usd) / value, "converted by the text itself"
        else:  # the rate table (also for a zero figure, whose range still needs converting)
            conv = to_usd(1.0, unit, r.period)
            if conv is None:
                return None
            factor, note = conv.value, conv.note
        value, high, unit = value * factor, (high * factor if high is not None else None), "USD"
    low, top = _interval(value, high, r.qualifier)
    n = count or 1
    return Evidence(
        indicator=r.metric, country=r.subject, period=r.period, aspect=r.aspect, value=value, low=low,
        high=top, unit=unit, source_class="news", source=f"claim:{r.id}", publisher=r.outlet,
        vintage=r.published, title=r.title, published=r.published, url=r.source_uri, quote=r.quote,
        number_text=r.number_text, doc_id=r.doc_id, span=(r.start, r.end),
        # A figure pooled from several documents belongs to none of their stories.
        story=(r.story_id or r.document_id) if n == 1 else None,
        entity=r.entity if ind.id in _ENTITY_INDICATORS else None, note=note, count=n,
    )


def dataset_evidence(store: Store, *, indicator: str | None = None, country: str | None = None,
                     attribution: str = "any-org") -> Iterable[Evidence]:
    """Reference-dataset observations (not model-level scores), under one attribution rule."""
    for o in store.observations(indicator=indicator, country=country):
        if o.get("measure") is not None or o["indicator"] in ("other", "model_benchmark_score"):
            continue
        rule = o.get("rule")
        if rule in ("fractional", "single-country", "any-org") and rule != attribution:
            continue
        value = float(o["value"])
        yield Evidence(
            indicator=o["indicator"], country=o["country"], period=o["period"], aspect=o["aspect"], value=value,
            low=float(o["low"]) if o.get("low") is not None else value,
            high=float(o["high"]) if o.get("high") is not None else value,
            unit=o["unit"], source_class=o["source_class"], source=f"dataset:{o['dataset_id']}#{o['row_locator']}",
            publisher=o.get("source"), vintage=o.get("vintage"), url=o.get("note") if str(o.get("note") or "").startswith("http") else None,
            note=rule,
        )
