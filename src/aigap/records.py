"""Typed records that pass between pipeline stages.

sources -> ``Document`` -> extract -> ``Quantity`` -> ``Claim`` -> store -> ``StoredDocument`` /
``StoredClaim`` -> reconcile -> ``Observation`` -> analyze.

``Claim`` is the exchange record of ``docs/spec/claims.md``: ``to_json()`` gives exactly the spec's fields.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CLAIM_FIELDS",
    "Aspect",
    "Claim",
    "Document",
    "Estimate",
    "Origin",
    "Qualifier",
    "Quantity",
    "StoredClaim",
    "StoredDocument",
]

Qualifier = Literal["exact", "approx", "over", "under", "at_least", "at_most", "range", "vague"]
Aspect = Literal["level", "change", "share"]

# The spec's field order; JSON Lines output keeps it.
CLAIM_FIELDS: tuple[str, ...] = (
    "doc",
    "start",
    "end",
    "number_text",
    "quote",
    "value",
    "value_high",
    "qualifier",
    "unit",
    "subject",
    "entity",
    "metric",
    "aspect",
    "period",
    "confidence",
    "note",
)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document or dataset came from (owid-style provenance)."""

    producer: str | None = None
    title: str | None = None
    url: str | None = None
    licence: str | None = None
    citation: str | None = None
    published: str | None = None
    accessed: str | None = None
    content_hash: str | None = None


@dataclass(slots=True)
class Quantity:
    """A number the scanner found, before it is attributed to a subject and an indicator.

    ``start``/``end`` index the document text as stored (end exclusive).
    """

    start: int
    end: int
    number_text: str
    value: float
    value_high: float | None = None
    qualifier: Qualifier = "exact"
    unit: str = "count"
    aspect: Aspect = "level"
    # Free-form hints from the scanner for the attribution stage (e.g. "rank", "currency").
    kind: str = "amount"


@dataclass(slots=True)
class Claim:
    """One quantitative claim, exactly the fields of ``spec/claims.md``."""

    doc: str
    start: int
    end: int
    number_text: str
    quote: str
    value: float
    value_high: float | None = None
    qualifier: Qualifier = "exact"
    unit: str = "count"
    subject: str | None = None
    entity: str | None = None
    metric: str = "other"
    aspect: Aspect = "level"
    period: str | None = None
    # How likely subject and metric are both right (0-1), calibrated on the evaluation corpus.
    confidence: float | None = None
    # What a reader of the figure must know: a monthly average, a top-talent share's basis, ...
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The spec's JSON object, fields in spec order."""
        return {name: getattr(self, name) for name in CLAIM_FIELDS}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Claim:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in obj.items() if k in names})


@dataclass(slots=True)
class Document:
    """A document as read by ``aigap.sources``, ready to be extracted and stored.

    ``text`` is the text as read (decoded; for HTML/PDF/DOCX the extracted main text). Claim offsets
    index it. ``raw`` keeps the input bytes.
    """

    doc_id: str
    text: str
    source_uri: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" (or "YYYY-MM"), None when unknown
    language: str | None = None  # zh | en | other
    script: str | None = None  # Hans | Hant | Latn
    content_hash: str = ""
    final_uri: str | None = None
    raw: bytes | None = None
    media_type: str | None = None
    # Character spans of page furniture (navigation, footers, contact blocks) inside ``text``.
    furniture: list[tuple[int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class StoredDocument:
    """A document row read back from the store."""

    id: int
    doc_id: str
    source_uri: str
    title: str | None
    author: str | None
    outlet: str | None
    published: str | None
    language: str | None
    script: str | None
    content_hash: str
    status: str
    story_id: int | None = None
    text: str | None = None
    created_at: dt.datetime | None = None
    n_claims: int = 0
    extra: dict[str, Any] | None = None  # what ingestion read (encoding, pages, source class) and overrides


@dataclass(slots=True)
class StoredClaim:
    """A claim row read back from the store, with its provenance."""

    id: int
    document_id: int
    claim: Claim
    extractor_version: str


@dataclass(slots=True)
class Estimate:
    """The reconciled figure for one (indicator, country, period): what ``aigap.analyze`` consumes.

    ``value`` is the consensus, ``low``/``high`` its interval, in the indicator's canonical ``unit``.
    ``alternatives`` are the competing figures, (value, low, high, weight, source label), so the
    analysis can sample over which conflicting source is right. ``sources`` are provenance labels
    that resolve to a claim (``claim:<id>``) or a dataset row (``dataset:<id>#<locator>``).
    """

    indicator: str
    country: str
    period: str | None
    value: float
    low: float
    high: float
    unit: str
    sources: list[str] = field(default_factory=list)
    conflicting: bool = False
    alternatives: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    entity: str | None = None  # set when the figure is one organisation's or model's, not the country's
    n_sources: int = 0  # documents and dataset rows behind it (``sources`` names one per pooled figure)
    # What the figure rests on (``aigap.reconcile.independence.reliability_summary``): best source
    # class and tier, independent sources and the chains to their primary, revisions, flags.
    reliability: dict[str, Any] = field(default_factory=dict)
    n_independent: int = 0  # sources relaying one primary count once
    basis: str | None = None  # talent shares: origin | workplace (never pooled across)
    period_label: str | None = None  # "FY2024" when read from a fiscal year
    flags: list[str] = field(default_factory=list)  # consistency and reliability warnings
    # low/high pool two or more independent sources (random effects): the analysis draws from this
    # one interval, not from the competing sources one at a time
    pooled: bool = False
