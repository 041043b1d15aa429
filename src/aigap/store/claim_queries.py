"""Claim queries: a ``ClaimFilter``'s statement, built once per shape of filter (which filters are
set, not their values) and run with bound values; on SQLite a page comes back packed as one JSON value."""

from __future__ import annotations

import collections
import dataclasses
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from . import schema as t

__all__ = ["ClaimFilter"]


@dataclass(slots=True)
class ClaimFilter:
    """Filters for ``Store.claims``; every field is optional and ANDed."""

    indicator: str | None = None
    indicators: Sequence[str] | None = None
    country: str | None = None
    period: str | None = None
    document_id: int | None = None
    doc_id: str | None = None
    language: str | None = None
    ids: Sequence[int] | None = None
    limit: int | None = None
    offset: int = 0
    # Keyset paging: claims with an id above this, in id order (what an explorer pages with; OFFSET
    # reads and discards every skipped row, so deep pages of 10 million claims get slow).
    after_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_DOC_SUMMARY = ("title", "language", "published", "outlet")


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which filters a claims query has, not their values: statements are built once per shape and
    run with bound values (building a SQLAlchemy statement costs more than running it)."""

    indicator: bool
    indicators: tuple[str, ...] | None
    country: bool
    period: bool
    document_id: bool
    doc_id: bool
    language: bool
    ids: bool
    after: bool
    limit: bool
    offset: bool
    with_documents: bool

    @classmethod
    def of(cls, f: ClaimFilter, with_documents: bool) -> _Shape:
        return cls(bool(f.indicator), tuple(sorted(set(f.indicators))) if f.indicators else None, bool(f.country),
                   bool(f.period), f.document_id is not None, bool(f.doc_id), bool(f.language), f.ids is not None,
                   f.after_id is not None, f.limit is not None, bool(f.offset), with_documents)


# "/" rather than a backslash: it needs no quoting in either dialect's string literals.
LIKE_ESCAPE = "/"


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching values that start with ``prefix`` taken literally (``%`` and ``_`` in
    a filter are characters, not wildcards)."""
    for ch in (LIKE_ESCAPE, "%", "_"):
        prefix = prefix.replace(ch, LIKE_ESCAPE + ch)
    return prefix + "%"


def _params(f: ClaimFilter) -> dict[str, Any]:
    out: dict[str, Any] = {"indicator": f.indicator, "country": f.country, "document_id": f.document_id,
                           "doc_id": f.doc_id, "language": f.language, "after_id": f.after_id, "lim": f.limit,
                           "off": f.offset}
    if f.period:
        out["period_prefix"] = like_prefix(f.period)
    if f.ids is not None:
        out["ids"] = list(f.ids)
    return out


def _filtered(shape: _Shape, *, ids_only: bool = False) -> sa.Select[Any]:
    """claims joined to their document, with the shape's filters as bound parameters; ``ids_only``:
    just the claim ids, joined to documents only if a filter needs them."""
    c, d = t.claims.c, t.documents.c
    if ids_only:
        q = sa.select(c.id)
        if shape.doc_id or shape.language:
            q = q.join(t.documents, d.id == c.document_id)
    else:
        cols: list[Any] = [t.claims, d.doc_id]
        if shape.with_documents:
            cols += [d[k] for k in _DOC_SUMMARY]
        q = sa.select(*cols).join(t.documents, d.id == c.document_id)
    if shape.indicator:
        q = q.where(c.metric == sa.bindparam("indicator"))
    elif shape.indicators:
        q = q.where(c.metric.in_(shape.indicators))
    if shape.country:
        q = q.where(c.subject == sa.bindparam("country"))
    if shape.period:
        # Rendered inline, not bound: the planner only turns a constant prefix into an index range.
        q = q.where(c.period.like(sa.bindparam("period_prefix", literal_execute=True), escape=LIKE_ESCAPE))
    if shape.document_id:
        q = q.where(c.document_id == sa.bindparam("document_id"))
    if shape.doc_id:
        q = q.where(d.doc_id == sa.bindparam("doc_id"))
    if shape.language:
        q = q.where(d.language == sa.bindparam("language"))
    if shape.ids:
        q = q.where(c.id.in_(sa.bindparam("ids", expanding=True)))
    return q


@functools.lru_cache(maxsize=512)
def _claims_statement(shape: _Shape) -> sa.Select[Any]:
    c = t.claims.c
    if shape.after and shape.limit and not shape.indicator and shape.indicators and len(shape.indicators) > 1:
        # A page over several indicators (a pillar): ``metric IN (...) AND id > ? ORDER BY id`` has no
        # index yielding id order, so the planner would walk every later claim of the table to fill
        # a page of a sparse pillar. Instead, one short (metric[, subject], id) index range per
        # indicator, ids only, merged; then the page's rows.
        n: Any = sa.bindparam("lim") + sa.bindparam("off")
        branches = []
        for m in shape.indicators:
            one = _filtered(dataclasses.replace(shape, indicators=None), ids_only=True).where(c.metric == sa.literal(m))
            branches.append(one.where(c.id > sa.bindparam("after_id")).order_by(c.id).limit(n).subquery().select())
        merged = sa.union_all(*branches).subquery()
        page = sa.select(merged.c.id).order_by(merged.c.id).limit(n)
        bare = dataclasses.replace(shape, indicators=None, country=False, period=False, document_id=False,
                                   doc_id=False, language=False, ids=False)
        q = _filtered(bare).where(c.id.in_(page)).order_by(c.id)
    else:
        q = _filtered(shape)
        if shape.after:
            q = q.where(c.id > sa.bindparam("after_id")).order_by(c.id)
        else:
            q = q.order_by(c.document_id, c.start)
    if shape.offset:
        q = q.offset(sa.bindparam("off"))
    if shape.limit:
        q = q.limit(sa.bindparam("lim"))
    return q


@functools.lru_cache(maxsize=512)
def _packed_statement(shape: _Shape) -> sa.Select[Any]:
    """SQLite: the rows of a claims statement as one JSON array of arrays, in one step.

    The sqlite3 driver releases and retakes the GIL for every row it steps; under a threaded web
    server that handoff costs more than the query, so a page comes back as a single value. Floats
    travel as 17-digit text (SQLite's JSON keeps only 15 digits).
    """
    sub = _claims_statement(shape).subquery()
    cols = [sa.case((c.is_(None), sa.null()), else_=sa.func.printf("%!.17g", c)) if isinstance(c.type, sa.Float)
            else c for c in sub.c]
    return sa.select(sa.func.coalesce(sa.func.json_group_array(sa.func.json_array(*cols)), "[]")).select_from(sub)


@functools.lru_cache(maxsize=512)
def _row_type(shape: _Shape) -> Any:
    return collections.namedtuple("_Row", [c.key for c in _claims_statement(shape).selected_columns])  # type: ignore[misc]


def _unpack(packed: str, shape: _Shape) -> list[Any]:
    row = _row_type(shape)
    floats = [i for i, c in enumerate(_claims_statement(shape).selected_columns) if isinstance(c.type, sa.Float)]
    out = []
    for values in json.loads(packed):
        for i in floats:
            if values[i] is not None:
                values[i] = float(values[i])
        out.append(row(*values))
    # The aggregate keeps the subquery's order in practice, not by contract: restore it.
    out.sort(key=(lambda r: r.id) if shape.after else (lambda r: (r.document_id, r.start, r.id)))
    return out
