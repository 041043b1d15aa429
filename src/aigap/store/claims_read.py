"""The store's claim reads (a part of ``Store``): claims by filter, with their documents, counted,
and the evidence's claim rows; and how a claim becomes a row and back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from aigap.records import Claim, StoredClaim

from . import evidence_queries as _evq
from .claim_queries import (
    _DOC_SUMMARY,
    ClaimFilter,
    _claims_statement,
    _filtered,
    _packed_statement,
    _params,
    _Shape,
    _unpack,
)
from .evidence_queries import EvidenceQuery

__all__ = ["ClaimsMixin", "claim_from_row", "claim_row"]


def claim_row(c: Claim, document_id: int, version: str) -> dict[str, Any]:
    row = c.to_json()
    row.pop("doc")
    row["document_id"] = document_id
    row["extractor_version"] = version
    return row


def claim_from_row(r: Any, doc_id: str) -> StoredClaim:
    claim = Claim(
        doc=doc_id,
        start=r.start,
        end=r.end,
        number_text=r.number_text,
        quote=r.quote,
        value=r.value,
        value_high=r.value_high,
        qualifier=r.qualifier,
        unit=r.unit,
        subject=r.subject,
        entity=r.entity,
        metric=r.metric,
        aspect=r.aspect,
        period=r.period,
        confidence=r.confidence,
        note=r.note,
    )
    return StoredClaim(id=r.id, document_id=r.document_id, claim=claim, extractor_version=r.extractor_version)


class ClaimsMixin:
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def claims(self, f: ClaimFilter | None = None, **kwargs: Any) -> list[StoredClaim]:
        """Claims matching ``f`` (or keyword filters), ordered by document and position; with
        ``after_id``, the next claims by id."""
        return [c for c, _ in self._claim_rows(f or ClaimFilter(**kwargs), with_documents=False)]

    def claims_with_documents(self, f: ClaimFilter) -> list[tuple[StoredClaim, dict[str, Any]]]:
        """As ``claims``, each with its document's title, language, publication date and outlet, in the
        same query (a page of the explorer)."""
        return self._claim_rows(f, with_documents=True)

    def _claim_rows(self, f: ClaimFilter, *, with_documents: bool) -> list[tuple[StoredClaim, dict[str, Any]]]:
        shape = _Shape.of(f, with_documents)
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                rows: Any = _unpack(conn.execute(_packed_statement(shape), _params(f)).scalar_one(), shape)
            else:
                rows = conn.execute(_claims_statement(shape), _params(f))
            if not with_documents:
                return [(claim_from_row(r, r.doc_id), {}) for r in rows]
            return [(claim_from_row(r, r.doc_id), {k: getattr(r, k) for k in _DOC_SUMMARY}) for r in rows]

    def count_claims(self, f: ClaimFilter | None = None) -> int:
        f = f or ClaimFilter()
        q = _filtered(_Shape.of(f, False)).subquery()
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(q), _params(f)).scalar_one())

    def evidence_claim_rows(self, q: EvidenceQuery, *, ids: Sequence[int] | None = None,
                            in_stories: bool = False) -> Iterator[Sequence[Any]]:
        """Claims with provenance for the evidence of ``q``, in blocks of rows: all of them, those of
        ``ids``, or (``in_stories``) those of documents in a story."""
        if ids is not None:
            return _evq.claim_rows_by_id(self.engine, q, ids)
        if in_stories:
            return _evq.story_claim_rows(self.engine, q)
        return _evq.claim_rows(self.engine, q)

    def evidence_pooled_counts(self, q: EvidenceQuery) -> dict[int, int]:
        """First claim id of each distinct figure outside stories -> how many documents give it."""
        return _evq.pooled_claim_counts(self.engine, q)
