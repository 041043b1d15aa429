"""The claim queries behind ``aigap.reconcile.evidence``: claims with their document's provenance
and the text's own USD conversion, one by one or pooled by figure. The reconcile stage names what
it wants (indicators, currencies); the SQL lives here, with the tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import schema as t

__all__ = ["EvidenceQuery", "claim_rows", "claim_rows_by_id", "pooled_claim_counts", "story_claim_rows"]

OWN_WINDOW = 6  # characters between a foreign figure and the USD figure the text gives for it


@dataclass(frozen=True, slots=True)
class EvidenceQuery:
    """Which claims: of ``indicators`` (those in ``usd_indicators`` get the text's own USD figure
    when given in one of ``foreign_units``), optionally of one ``country``; ``entity_indicators``
    keep their entity apart when pooling."""

    indicators: Sequence[str]
    usd_indicators: Sequence[str] = ()
    foreign_units: Sequence[str] = ()
    entity_indicators: Sequence[str] = ()
    country: str | None = None
    block: int = 5000  # rows per round trip: memory stays bounded while the caller's list grows


def _own_usd(c: Any, q: EvidenceQuery) -> Any:
    """The USD figure a text gives right after a foreign-currency one (42亿元人民币(约5.892亿美元)),
    as a column: one of the next two claims of the document, starting at most 6 characters after the
    figure's end. Only computed for foreign-currency claims of USD indicators (the index on
    (document_id, start) answers both lookups)."""
    nb, mid = t.claims.alias("nb"), t.claims.alias("mid")
    after_c = sa.or_(mid.c.start > c.start, sa.and_(mid.c.start == c.start, mid.c.id > c.id))
    before_nb = sa.or_(mid.c.start < nb.c.start, sa.and_(mid.c.start == nb.c.start, mid.c.id < nb.c.id))
    between = (sa.select(sa.func.count()).select_from(mid)
               .where(mid.c.document_id == c.document_id, after_c, before_nb).correlate_except(mid).scalar_subquery())
    own = (sa.select(nb.c.value)
           .where(nb.c.document_id == c.document_id, nb.c.unit == "USD", nb.c.start >= c.end,
                  nb.c.start <= c.end + OWN_WINDOW, between <= 1)
           .order_by(nb.c.start, nb.c.id).limit(1).correlate_except(nb).scalar_subquery())
    return sa.case((sa.and_(c.unit.in_(list(q.foreign_units)), c.metric.in_(list(q.usd_indicators))), own),
                   else_=None)


def _where(q: EvidenceQuery) -> list[Any]:
    # The filters run in the database (the (metric, id) and (subject, id) indexes), not in Python.
    where = [t.claims.c.metric.in_(list(q.indicators)), t.claims.c.subject.is_not(None), t.claims.c.subject != ""]
    if q.country:
        where.append(t.claims.c.subject == q.country)
    return where


def _detail(q: EvidenceQuery) -> sa.Select[Any]:
    return (
        sa.select(t.claims, t.documents.c.doc_id, t.documents.c.title, t.documents.c.outlet,
                  t.documents.c.published, t.documents.c.source_uri, t.documents.c.story_id, t.documents.c.extra,
                  _own_usd(t.claims.c, q).label("own_usd"))
        .join(t.documents, t.documents.c.id == t.claims.c.document_id)
        .order_by(t.claims.c.document_id, t.claims.c.start, t.claims.c.id)
    )


def _blocks(engine: Engine, stmt: sa.Select[Any], block: int) -> Iterator[Sequence[Any]]:
    with engine.connect() as conn:
        yield from conn.execution_options(yield_per=block).execute(stmt).partitions()


def claim_rows(engine: Engine, q: EvidenceQuery) -> Iterator[Sequence[Any]]:
    """Every matching claim with provenance, in blocks of rows."""
    return _blocks(engine, _detail(q).where(*_where(q)), q.block)


def pooled_claim_counts(engine: Engine, q: EvidenceQuery) -> dict[int, int]:
    """For matching claims of documents outside any story: the first claim id of each distinct figure
    -> how many documents give it (one GROUP BY)."""
    c, d = t.claims.c, t.documents.c
    entity = sa.case((c.metric.in_(sorted(q.entity_indicators)), c.entity), else_=None)
    inner = (
        sa.select(c.metric, c.subject, c.period, c.aspect, entity.label("ent"), c.value, c.value_high, c.unit,
                  c.qualifier, c.note, d.outlet, _own_usd(c, q).label("own_usd"), c.id, c.document_id)
        .join(t.documents, d.id == c.document_id)
        .where(*_where(q), d.story_id.is_(None))
        .subquery()
    )
    # Documents of different outlets (or notes: a basis, a monthly average) are different figures.
    key = [inner.c[k] for k in ("metric", "subject", "period", "aspect", "ent", "value", "value_high", "unit",
                                 "qualifier", "note", "outlet", "own_usd")]
    pooled = sa.select(sa.func.min(inner.c.id).label("first"),
                       sa.func.count(sa.distinct(inner.c.document_id)).label("n")).group_by(*key)
    with engine.connect() as conn:
        return {int(r.first): int(r.n) for r in conn.execute(pooled)}


def claim_rows_by_id(engine: Engine, q: EvidenceQuery, ids: Sequence[int]) -> Iterator[Sequence[Any]]:
    """The claims of ``ids`` with provenance, in blocks of rows."""
    for k in range(0, len(ids), q.block):
        yield from _blocks(engine, _detail(q).where(t.claims.c.id.in_(list(ids[k : k + q.block]))), q.block)


def story_claim_rows(engine: Engine, q: EvidenceQuery) -> Iterator[Sequence[Any]]:
    """Matching claims of documents in a story, with provenance, in blocks of rows."""
    in_stories = sa.select(t.documents.c.id).where(t.documents.c.story_id.is_not(None))  # the story_id index
    return _blocks(engine, _detail(q).where(*_where(q), t.claims.c.document_id.in_(in_stories)), q.block)
