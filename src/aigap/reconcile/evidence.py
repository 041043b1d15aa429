"""Evidence: every figure for an indicator, from claims and from reference datasets, as one record
with its interval (``intervals.yaml``), its value in the indicator's canonical unit, and where it
came from (a claim's document and character span, or a dataset row)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from aigap.indicators import catalogue
from aigap.store import Store
from aigap.store import schema as t

from .fx import CURRENCIES, to_usd

__all__ = ["Evidence", "claim_evidence", "dataset_evidence", "interval_rules", "source_weight"]


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

    @property
    def weight(self) -> float:
        return source_weight(self.source_class)

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator, "country": self.country, "period": self.period, "aspect": self.aspect,
            "value": self.value, "low": self.low, "high": self.high, "unit": self.unit,
            "source_class": self.source_class, "source": self.source, "publisher": self.publisher,
            "vintage": self.vintage, "title": self.title, "published": self.published, "url": self.url,
            "quote": self.quote, "number_text": self.number_text, "doc": self.doc_id,
            "span": list(self.span) if self.span else None, "story": self.story, "entity": self.entity,
            "note": self.note,
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


_BLOCK = 5000  # claims read per round trip: memory stays bounded while the evidence list grows


def _own_conversion(r: Any, following: list[Any]) -> float | None:
    """A USD figure the text gives right after a foreign-currency one: 42亿元人民币(约5.892亿美元)."""
    for nxt in following[:2]:
        if nxt.document_id == r.document_id and nxt.unit == "USD" and 0 <= nxt.start - r.end <= 6:
            return float(nxt.value)
    return None


def _following(conn: sa.Connection, where: list[Any], indicators: list[str]) -> dict[int, list[Any]]:
    """claim id -> the claims right after it in its document (any indicator), for the claims matching
    ``where`` that may need the text's own conversion (a foreign currency for a USD indicator). Only
    claims starting between such a claim's start and 6 characters past its end can matter, so one
    join on the (document_id, start) index reads just those, not whole documents."""
    nb = t.claims.alias("nb")
    q = (
        sa.select(t.claims.c.id.label("owner"), nb.c.id, nb.c.document_id, nb.c.start, nb.c.end, nb.c.unit,
                  nb.c.value)
        .select_from(t.claims.join(nb, sa.and_(nb.c.document_id == t.claims.c.document_id,
                                               nb.c.start >= t.claims.c.start, nb.c.start <= t.claims.c.end + 6)))
        .where(*where, t.claims.c.metric.in_(indicators),
               t.claims.c.unit.in_([c for c in CURRENCIES if c != "USD"]))
        .order_by("owner", nb.c.start, nb.c.id)
    )
    near: dict[int, list[Any]] = {}
    for r in conn.execute(q):
        near.setdefault(r.owner, []).append(r)
    out: dict[int, list[Any]] = {}
    for owner, seq in near.items():
        pos = next(k for k, c in enumerate(seq) if c.id == owner)
        out[owner] = seq[pos + 1 : pos + 3]
    return out


def claim_evidence(store: Store, *, indicator: str | None = None, country: str | None = None) -> list[Evidence]:
    """Every stored claim with an indicator and a country, converted to the indicator's unit."""
    cat = catalogue()
    wanted = [i for i in ([indicator] if indicator else sorted(cat.indicators)) if i in cat.indicators]
    if not wanted:
        return []
    # The filters run in the database (the (metric, id) and (subject, id) indexes), not in Python.
    where = [t.claims.c.metric.in_(wanted), t.claims.c.subject.is_not(None), t.claims.c.subject != ""]
    if country:
        where.append(t.claims.c.subject == country)
    q = (
        sa.select(t.claims, t.documents.c.doc_id, t.documents.c.title, t.documents.c.outlet,
                  t.documents.c.published, t.documents.c.source_uri, t.documents.c.story_id)
        .join(t.documents, t.documents.c.id == t.claims.c.document_id)
        .where(*where)
        .order_by(t.claims.c.document_id, t.claims.c.start, t.claims.c.id)
    )
    out: list[Evidence] = []
    with store.engine.connect() as conn:
        following = _following(conn, where, [i for i in wanted if cat.indicators[i].unit == "USD"])
        for block in conn.execution_options(yield_per=_BLOCK).execute(q).partitions():
            out += [e for r in block if (e := _evidence(r, cat.indicators[r.metric], following)) is not None]
    return out


def _evidence(r: Any, ind: Any, following: dict[int, list[Any]]) -> Evidence | None:
    value, high, unit, note = float(r.value), r.value_high, r.unit, None
    if ind.unit == "USD" and unit in CURRENCIES and unit != "USD":
        own = _own_conversion(r, following.get(r.id, []))
        if own is not None:
            factor, note = own / value, "converted by the text itself"
        else:
            conv = to_usd(value, unit, r.period)
            if conv is None:
                return None
            factor, note = conv.value / value, conv.note
        value, high, unit = value * factor, (high * factor if high is not None else None), "USD"
    low, top = _interval(value, high, r.qualifier)
    return Evidence(
        indicator=r.metric, country=r.subject, period=r.period, aspect=r.aspect, value=value, low=low,
        high=top, unit=unit, source_class="news", source=f"claim:{r.id}", publisher=r.outlet,
        vintage=r.published, title=r.title, published=r.published, url=r.source_uri, quote=r.quote,
        number_text=r.number_text, doc_id=r.doc_id, span=(r.start, r.end), story=r.story_id or r.document_id,
        entity=r.entity if ind.id in _ENTITY_INDICATORS else None, note=note,
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
