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

from .definitions import basis_of, is_monthly, row_qualifier
from .fx import CURRENCIES, to_usd
from .periods import normalise_period
from .reliability import (
    cited_primary,
    class_info,
    document_class,
    edition_key,
    known_outlet,
    normalise_class,
    normalise_publisher,
    publisher_class,
)
from .reliability import source_weight as _class_weight
from .uncertainty import label_interval

__all__ = ["Evidence", "claim_evidence", "claim_figures", "dataset_evidence", "interval_rules", "source_weight"]


@cache
def interval_rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("intervals.yaml").read_text(encoding="utf-8"))
    # The weights are the source classes' (outlets.yaml), one table for the consensus and the report.
    from .reliability import CLASSES

    data["source_weights"] = {c: class_info(c).weight for c in CLASSES}
    return data


def source_weight(source_class: str) -> float:
    return _class_weight(source_class)


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
    class_reason: str | None = None  # why the source has its class (outlet table, metadata, the user)
    origin: str | None = None  # the independent source behind it: the primary it relays, else its outlet
    chain: list[str] = field(default_factory=list)  # outlet -> cited primary (edition)
    edition: str | None = None  # the publisher's edition (a report year, a snapshot date), when known
    basis: str | None = None  # talent shares: origin | workplace
    period_label: str | None = None  # "FY2024" when the period was read from a fiscal year
    monthly: bool = False  # annualised from a monthly average (x12)
    share: float = 1.0  # this figure's part of its origin's weight (sources relaying one primary count once)
    uncertainty: str | None = None  # the publisher's own label for the row ("Speculative"), as written

    @property
    def wide(self) -> tuple[float, float]:
        """The interval as the consensus reads it: widened by the source's class (a blog's more)."""
        return _widened(self.low, self.high, self.source_class)

    @property
    def weight(self) -> float:
        return source_weight(self.source_class) * self.count * self.share

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
            "reliability": class_info(self.source_class).tier, "class_reason": self.class_reason,
            "origin": self.origin, "chain": self.chain, "edition": self.edition, "basis": self.basis,
            "period_label": self.period_label, "monthly_average": self.monthly, "uncertainty": self.uncertainty,
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


def _widened(low: float, high: float, source_class: str) -> tuple[float, float]:
    """A less reliable source's interval is wider (its class's ``widen``, on both sides)."""
    w = class_info(source_class).widen
    a, b = low * (1 - w), high * (1 + w)
    c, d = low * (1 + w), high * (1 - w)  # negative figures widen the other way
    return min(a, c, low), max(b, d, high)


def _claim_source(r: Any) -> tuple[str, str, str | None, list[str], str | None]:
    """(class, reason, origin, chain, edition) of a claim: its document's class, and the primary
    its sentence cites (a blog that names its primary is a secondary report, not an unsourced one)."""
    extra = r.extra if isinstance(r.extra, dict) else {}
    cls, reason = document_class(r.outlet, r.source_uri, None, extra)
    cited, edition = cited_primary(r.quote, r.metric)
    known = known_outlet(r.outlet)
    outlet = known.name if known else (" ".join(r.outlet.split()) if r.outlet else None)
    if cited is None:
        return cls, reason, outlet, [], None
    if cls == "blog":
        cls, reason = "secondary", f"{reason}; the figure cites {cited}"
    chain = [outlet or r.doc_id, cited + (f" ({edition})" if edition else "")]
    return cls, reason, cited, chain, edition


def _evidence(r: Any, ind: Any, count: int | None) -> Evidence | None:
    value, high, unit, note = float(r.value), r.value_high, r.unit, None
    period, label = normalise_period(r.period)
    if ind.unit == "USD" and unit in CURRENCIES and unit != "USD":
        if r.own_usd is not None and value:
            factor, note = float(r.own_usd) / value, "converted by the text itself"
        else:  # the rate table (also for a zero figure, whose range still needs converting)
            conv = to_usd(1.0, unit, period)
            if conv is None:
                return None
            factor, note = conv.value, conv.note
        value, high, unit = value * factor, (high * factor if high is not None else None), "USD"
    monthly = ind.unit != "percent" and is_monthly(r.note, r.quote, r.number_text)
    if monthly:  # a monthly average is never an annual total: annualised, and said so
        value, high = value * 12, (high * 12 if high is not None else None)
        note = "; ".join(x for x in (note, "annualised from a monthly average (x12)") if x)
    cls, reason, origin, chain, edition = _claim_source(r)
    low, top = _interval(value, high, "approx" if monthly and r.qualifier == "exact" else r.qualifier)
    n = count or 1
    return Evidence(
        indicator=r.metric, country=r.subject, period=period, aspect=r.aspect, value=value, low=low,
        high=top, unit=unit, source_class=cls, source=f"claim:{r.id}", publisher=r.outlet,
        vintage=r.published, title=r.title, published=r.published, url=r.source_uri, quote=r.quote,
        number_text=r.number_text, doc_id=r.doc_id, span=(r.start, r.end),
        # A figure pooled from several documents belongs to none of their stories.
        story=(r.story_id or r.document_id) if n == 1 else None,
        entity=r.entity if ind.id in _ENTITY_INDICATORS else None, note=note, count=n,
        class_reason=reason, origin=origin, chain=chain, edition=edition,
        basis=basis_of(r.metric, r.note, r.quote), period_label=label, monthly=monthly,
    )


def dataset_evidence(store: Store, *, indicator: str | None = None, country: str | None = None,
                     attribution: str = "any-org") -> Iterable[Evidence]:
    """Reference-dataset observations (not model-level scores), under one attribution rule."""
    # model-level rows (a measure, or the benchmark-score indicator) are left out in SQL: most rows
    for o in store.observations(indicator=indicator, country=country, measured=False,
                                not_indicators=("other", "model_benchmark_score")):
        rule = o.get("rule")
        if rule in ("fractional", "single-country", "any-org") and rule != attribution:
            continue
        value = float(o["value"])
        low = float(o["low"]) if o.get("low") is not None else value
        high = float(o["high"]) if o.get("high") is not None else value
        label = o.get("uncertainty")
        if o.get("low") is None and o.get("high") is None:
            if (labelled := label_interval(value, label, o.get("source"))) is not None:
                low, high = labelled  # the publisher's own uncertainty ("Speculative": within 30x)
            elif rule and rule not in _ATTRIBUTION:
                low, high = _interval(value, None, row_qualifier(rule))  # a cited row keeps its "over", "approx."
        cls = normalise_class(o["source_class"])
        period, period_label = normalise_period(o["period"])
        origin = normalise_publisher(o.get("source"), o["indicator"])
        yield Evidence(
            indicator=o["indicator"], country=o["country"], period=period, aspect=o["aspect"], value=value,
            low=low, high=high,
            unit=o["unit"], source_class=cls, source=f"dataset:{o['dataset_id']}#{o['row_locator']}",
            publisher=o.get("source"), vintage=o.get("vintage"), url=o.get("note") if str(o.get("note") or "").startswith("http") else None,
            note=rule, class_reason=f"dataset {o['dataset_id']} ({o.get('source') or 'unknown publisher'})",
            origin=origin, edition=edition_key(o.get("vintage")) or o.get("vintage"),
            chain=[str(o.get("source")), origin] if origin and origin != o.get("source") and publisher_class(origin) else [],
            basis=basis_of(o["indicator"], None, rule), period_label=period_label,
            uncertainty=label,
        )


_ATTRIBUTION = ("fractional", "single-country", "any-org")
