"""The briefing's parts as typed data (``Report`` and what it holds): what ``build_report`` fills and
the renderers lay out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from aigap.analyze.answer import GapTrend
from aigap.analyze.trend import Parity
from aigap.store import Counts

from .citations import Footnote
from .numbers import fmt_band
from .robustness import RobustnessSection
from .sentences import Writer

__all__ = ["Band", "Cell", "ConflictItem", "ConflictSide", "EvidenceGap", "IndicatorRow", "LagRow", "LagSection", "Lead",
           "PillarSection", "Report", "Sentence", "TrendLine"]


@dataclass(frozen=True, slots=True)
class Band:
    median: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, b: Any) -> Band:
        """From any record with a median, low and high (the answer's bands, scores and composites)."""
        return cls(b.median, b.low, b.high) if b is not None else cls(None, None, None)

    @property
    def ok(self) -> bool:
        return self.median is not None and self.low is not None and self.high is not None

    def text(self) -> str:
        return fmt_band(self.median, self.low, self.high)

    def tuple(self) -> tuple[float | None, float | None, float | None]:
        return (self.median, self.low, self.high)


@dataclass(slots=True)
class Sentence:
    """A sentence generated from the data, with the footnotes of the figures it states."""

    text: str
    notes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    """One country's figure on one indicator, as shown, with its footnotes."""

    country: str
    value: float
    low: float
    high: float
    period: str | None
    text: str
    notes: list[int]
    conflicting: bool = False


@dataclass(slots=True)
class IndicatorRow:
    id: str
    name: str
    unit: str
    period: str | None
    leader: str | None
    ratio: float | None
    ratio_text: str
    cells: dict[str, Cell]
    scores: dict[str, Band]  # the normalised 0-100 scores, for the chart
    trend: str  # the gap's direction, in words
    sentence: Sentence
    n_sources: int = 0  # documents and dataset rows behind the figures (the sentence says it)
    parity: Parity | None = None  # years to parity when the gap narrows (the trend sentence says it)


@dataclass(slots=True)
class TrendLine:
    """One indicator's gap over time: first country's figure over the second's, per year."""

    label: str
    points: list[tuple[float, float]]


@dataclass(slots=True)
class PillarSection:
    id: str
    name: str
    leader: str | None
    probability: float | None
    scores: dict[str, Band]
    used: int
    of: int
    rows: list[IndicatorRow]
    sentences: list[Sentence]
    trend_lines: list[TrendLine]


@dataclass(slots=True)
class LagRow:
    benchmark: str
    name: str
    current: float | None
    mean: float | None
    low: float | None
    high: float | None
    window: tuple[str, str] | None
    direction: str | None  # narrowing | widening | no clear trend | None (no lag in months)
    score_gap: float | None
    score_gap_text: str
    notes: list[int]
    series: list[tuple[dt.date, float]]
    remarks: list[str]  # the analysis' own notes (English)


@dataclass(slots=True)
class LagSection:
    leader: str
    follower: str
    rows: list[LagRow]
    sentences: list[Sentence]
    n_timed: int = 0  # benchmarks that can date a lag (the range sentence counts them)


@dataclass(slots=True)
class ConflictSide:
    value_text: str
    quote: str
    origin: str  # title, outlet and date, or the dataset and its publisher
    note: int
    same: int  # other sources giving the same figure


@dataclass(slots=True)
class ConflictItem:
    indicator: str
    country: str
    period: str
    a: ConflictSide
    b: ConflictSide
    consensus: str


@dataclass(slots=True)
class EvidenceGap:
    pillar: str
    indicator: str
    lack: list[str]
    have: list[str]


@dataclass(frozen=True, slots=True)
class Lead:
    """What the headline says of the composite: said from the leader's side."""

    leader: str
    other: str
    leader_band: Band
    other_band: Band
    gap: Band  # the leader's composite minus the other's
    probability: float  # share of the draws ranking the leader first


@dataclass(slots=True)
class Report:
    lang: str
    countries: list[str]
    title: str
    generated: str
    no_data: str | None
    headline: list[Sentence]
    composite: dict[str, Band]
    pillars: list[PillarSection]
    lag: LagSection
    conflicts: list[ConflictItem]
    conflicts_more: int
    gaps: list[EvidenceGap]
    methodology: list[str]
    attribution: list[str]
    footnotes: list[Footnote]
    writer: Writer
    draws: int
    robustness: RobustnessSection | None = None  # leave-one-source-out and the published composites
    lead: Lead | None = None  # the headline's composite lead
    gap_trend: GapTrend | None = None  # the headline's count of widening / narrowing indicator gaps
    counts: Counts | None = None  # documents, claims and observations the report was generated from
    generated_on: str = ""  # the date the report says it was generated

    def label(self, key: str, **kw: Any) -> str:
        return self.writer.label(key, **kw)
