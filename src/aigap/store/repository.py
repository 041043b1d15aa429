"""The Store: every read and write of aigap's database goes through here.

Writes are transactional per document: a document and its claims land together or not at all.
Documents are keyed by content hash, so storing the same content twice stores nothing new (the
second source URI is recorded against the first document).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from aigap.errors import NotFound
from aigap.records import Claim, Document, StoredClaim, StoredDocument

from . import schema as t
from .bulk import AddResult, NewDocument, SeenDocument, lookup, write_batch
from .engine import create_engine, upgrade

__all__ = ["AddResult", "ClaimFilter", "Counts", "Store"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    claims: int
    datasets: int
    observations: int
    indicators: int
    runs: int


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


def _claim_row(c: Claim, document_id: int, version: str) -> dict[str, Any]:
    row = c.to_json()
    row.pop("doc")
    row["document_id"] = document_id
    row["extractor_version"] = version
    return row


def _claim_from_row(r: Any, doc_id: str) -> StoredClaim:
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


def _params(f: ClaimFilter) -> dict[str, Any]:
    out: dict[str, Any] = {"indicator": f.indicator, "country": f.country, "document_id": f.document_id,
                           "doc_id": f.doc_id, "language": f.language, "after_id": f.after_id, "lim": f.limit,
                           "off": f.offset}
    if f.period:
        out["period_prefix"] = f.period + "%"
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
        q = q.where(c.period.like(sa.bindparam("period_prefix", literal_execute=True)))
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


class Store:
    """aigap's database. ``Store.open(url)`` creates or upgrades the schema first."""

    def __init__(self, engine: Engine, *, migrated: bool = False) -> None:
        self.engine = engine
        self.migrated = migrated

    @classmethod
    def open(cls, url: str) -> Store:
        engine = create_engine(url)
        migrated = upgrade(engine)
        return cls(engine, migrated=migrated)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- documents -------------------------------------------------------------------------------

    def find_document_by_hash(self, content_hash: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(t.documents.c.id).where(t.documents.c.content_hash == content_hash)
            ).scalar_one_or_none()

    def add_document(self, doc: Document, claims: Sequence[Claim], extractor_version: str) -> AddResult:
        """Store a document and its claims in one transaction; a known content hash stores nothing
        new but records the source URI."""
        if not doc.content_hash:
            raise ValueError("Document.content_hash must be set before storing")
        with self.engine.begin() as conn:
            existing = conn.execute(
                sa.select(t.documents.c.id, t.documents.c.doc_id).where(
                    t.documents.c.content_hash == doc.content_hash
                )
            ).first()
            if existing is not None:
                self._add_source(conn, existing.id, doc.final_uri or doc.source_uri)
                n = conn.execute(
                    sa.select(sa.func.count()).select_from(t.claims).where(t.claims.c.document_id == existing.id)
                ).scalar_one()
                return AddResult(id=existing.id, doc_id=existing.doc_id, new=False, n_claims=n)
            inserted = conn.execute(
                t.documents.insert().values(
                    doc_id=doc.doc_id,
                    source_uri=doc.source_uri,
                    final_uri=doc.final_uri,
                    title=doc.title,
                    author=doc.author,
                    outlet=doc.outlet,
                    published=doc.published,
                    language=doc.language,
                    script=doc.script,
                    media_type=doc.media_type,
                    content_hash=doc.content_hash,
                    text=doc.text,
                    raw=doc.raw,
                    furniture=[list(span) for span in doc.furniture],
                    status="stored",
                    extractor_version=extractor_version,
                    extra=doc.extra or None,
                    created_at=_now(),
                )
            ).inserted_primary_key
            assert inserted is not None
            doc_pk = int(inserted[0])
            self._add_source(conn, doc_pk, doc.final_uri or doc.source_uri)
            if claims:
                conn.execute(t.claims.insert(), [_claim_row(c, doc_pk, extractor_version) for c in claims])
        return AddResult(id=doc_pk, doc_id=doc.doc_id, new=True, n_claims=len(claims))

    def add_documents(self, items: Sequence[NewDocument | SeenDocument], extractor_version: str) -> list[AddResult]:
        """Store a batch of documents with their claims in one transaction (see ``store.bulk``);
        like ``add_document`` for each item, in order, but in a few statements."""
        for attempt in range(3):
            try:
                with self.engine.begin() as conn:
                    return write_batch(conn, items, extractor_version)
            except sa.exc.IntegrityError:
                if attempt == 2:
                    raise
                # Another writer stored one of these contents since the lookup: look again.
        raise AssertionError("unreachable")

    def known_content(self, content_hashes: Iterable[str]) -> dict[str, int]:
        """content hash -> document id, for the hashes already stored."""
        with self.engine.connect() as conn:
            return lookup(conn, t.documents.c.content_hash, content_hashes)

    def known_inputs(self, input_hashes: Iterable[str]) -> dict[str, int]:
        """input hash (``store.bulk.input_hash``) -> document id, for input files already stored."""
        with self.engine.connect() as conn:
            return lookup(conn, t.documents.c.input_hash, input_hashes)

    def _add_source(self, conn: sa.Connection, document_id: int, uri: str) -> None:
        seen = conn.execute(
            sa.select(t.document_sources.c.id).where(
                t.document_sources.c.document_id == document_id, t.document_sources.c.uri == uri
            )
        ).first()
        if seen is None:
            conn.execute(t.document_sources.insert().values(document_id=document_id, uri=uri, seen_at=_now()))

    def replace_claims(self, document_id: int, claims: Sequence[Claim], extractor_version: str) -> int:
        """Swap a document's claims for a new extraction, atomically."""
        with self.engine.begin() as conn:
            conn.execute(t.claims.delete().where(t.claims.c.document_id == document_id))
            if claims:
                conn.execute(t.claims.insert(), [_claim_row(c, document_id, extractor_version) for c in claims])
            conn.execute(
                t.documents.update()
                .where(t.documents.c.id == document_id)
                .values(extractor_version=extractor_version)
            )
        return len(claims)

    def document(self, key: int | str, *, with_text: bool = True) -> StoredDocument:
        """A document by numeric id or by doc_id."""
        col = t.documents.c.id if isinstance(key, int) else t.documents.c.doc_id
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.documents).where(col == key).order_by(t.documents.c.id)).first()
            if row is None:
                raise NotFound(f"no document {key!r}")
            n = conn.execute(
                sa.select(sa.func.count()).select_from(t.claims).where(t.claims.c.document_id == row.id)
            ).scalar_one()
        return self._doc_from_row(row, with_text=with_text, n_claims=n)

    @staticmethod
    def _doc_from_row(row: Any, *, with_text: bool, n_claims: int = 0) -> StoredDocument:
        return StoredDocument(
            id=row.id,
            doc_id=row.doc_id,
            source_uri=row.source_uri,
            title=row.title,
            author=row.author,
            outlet=row.outlet,
            published=row.published,
            language=row.language,
            script=row.script,
            content_hash=row.content_hash,
            status=row.status,
            story_id=row.story_id,
            text=row.text if with_text else None,
            created_at=row.created_at,
            n_claims=n_claims,
            extra=dict(row.extra) if isinstance(row.extra, dict) else None,
        )

    def documents(self, *, limit: int | None = None, offset: int = 0, story_id: int | None = None,
                  ) -> list[StoredDocument]:
        """Documents in id order (without their text), each with its number of claims; with
        ``story_id``, the documents of one story."""
        # Counted per listed document on the (document_id, start) index, not grouped over every claim.
        n_claims = (sa.select(sa.func.count()).select_from(t.claims)
                    .where(t.claims.c.document_id == t.documents.c.id).scalar_subquery())
        cols = [c for c in t.documents.c if c.name not in ("text", "raw")]
        q = sa.select(*cols, n_claims.label("n_claims")).order_by(t.documents.c.id).offset(offset)
        if story_id is not None:
            q = q.where(t.documents.c.story_id == story_id)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [self._doc_from_row(r, with_text=False, n_claims=r.n_claims) for r in conn.execute(q)]

    def document_sources(self, document_id: int) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(t.document_sources.c.uri)
                    .where(t.document_sources.c.document_id == document_id)
                    .order_by(t.document_sources.c.id)
                ).scalars()
            )

    def link_documents(self, a_id: int, b_id: int, kind: str, score: float | None = None) -> bool:
        """Link two documents (near duplicate or translation). Returns True when the link is new."""
        a_id, b_id = min(a_id, b_id), max(a_id, b_id)
        with self.engine.begin() as conn:
            exists = conn.execute(
                sa.select(t.document_links.c.id).where(
                    t.document_links.c.a_id == a_id,
                    t.document_links.c.b_id == b_id,
                    t.document_links.c.kind == kind,
                )
            ).first()
            if exists:
                return False
            conn.execute(t.document_links.insert().values(a_id=a_id, b_id=b_id, kind=kind, score=score))
        return True

    def links(self, kind: str | None = None) -> list[tuple[int, int, str, float | None]]:
        q = sa.select(t.document_links).order_by(t.document_links.c.id)
        if kind:
            q = q.where(t.document_links.c.kind == kind)
        with self.engine.connect() as conn:
            return [(r.a_id, r.b_id, r.kind, r.score) for r in conn.execute(q)]

    def set_story(self, document_ids: Iterable[int], story_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.documents.update().where(t.documents.c.id.in_(list(document_ids))).values(story_id=story_id)
            )

    def set_document_class(self, key: int | str, source_class: str | None) -> StoredDocument:
        """Record the user's source class for a document (None: back to the outlet table's), kept
        in its ``extra`` beside what ingestion read; the evidence reads it before anything else."""
        doc = self.document(key, with_text=False)
        run = self.start_run(f"docs set-class {doc.doc_id} {source_class or '(outlet table)'}")  # revision moves
        with self.engine.begin() as conn:
            extra = conn.execute(sa.select(t.documents.c.extra).where(t.documents.c.id == doc.id)).scalar_one()
            extra = dict(extra or {})
            if source_class is None:
                extra.pop("source_class_user", None)
            else:
                extra["source_class_user"] = source_class
            conn.execute(t.documents.update().where(t.documents.c.id == doc.id).values(extra=extra))
        self.finish_run(run, {"documents": 1})
        return doc

    # -- claims ----------------------------------------------------------------------------------

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
                return [(_claim_from_row(r, r.doc_id), {}) for r in rows]
            return [(_claim_from_row(r, r.doc_id), {k: getattr(r, k) for k in _DOC_SUMMARY}) for r in rows]

    def count_claims(self, f: ClaimFilter | None = None) -> int:
        f = f or ClaimFilter()
        q = _filtered(_Shape.of(f, False)).subquery()
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(q), _params(f)).scalar_one())

    # -- reference datasets and observations -----------------------------------------------------

    def dataset_hash(self, dataset_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(t.datasets.c.content_hash).where(t.datasets.c.id == dataset_id)
            ).scalar_one_or_none()

    def put_dataset(self, meta: dict[str, Any], rows: Iterable[dict[str, Any]]) -> tuple[bool, int]:
        """Replace a dataset and its observations in one transaction when its content hash changed.

        ``meta`` has the ``datasets`` columns (``id``, ``title``, ``content_hash`` ...); ``rows`` the
        ``observations`` columns. Returns (changed, number of observations written).
        """
        if self.dataset_hash(meta["id"]) == meta["content_hash"]:
            return False, 0
        batch: list[dict[str, Any]] = []
        n = 0
        with self.engine.begin() as conn:
            conn.execute(t.observations.delete().where(t.observations.c.dataset_id == meta["id"]))
            conn.execute(t.datasets.delete().where(t.datasets.c.id == meta["id"]))
            conn.execute(t.datasets.insert().values(**meta, loaded_at=_now()))
            for row in rows:
                batch.append({**row, "dataset_id": meta["id"]})
                if len(batch) >= 5000:
                    conn.execute(t.observations.insert(), batch)
                    n += len(batch)
                    batch = []
            if batch:
                conn.execute(t.observations.insert(), batch)
                n += len(batch)
        return True, n

    def datasets(self) -> list[dict[str, Any]]:
        counts = (
            sa.select(t.observations.c.dataset_id, sa.func.count().label("n"))
            .group_by(t.observations.c.dataset_id)
            .subquery()
        )
        q = (
            sa.select(t.datasets, sa.func.coalesce(counts.c.n, 0).label("observations"))
            .select_from(t.datasets.outerjoin(counts, counts.c.dataset_id == t.datasets.c.id))
            .order_by(t.datasets.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def observations(
        self,
        *,
        indicator: str | None = None,
        country: str | None = None,
        dataset_id: str | None = None,
    ) -> list[dict[str, Any]]:
        q = sa.select(t.observations).order_by(t.observations.c.id)
        if indicator:
            q = q.where(t.observations.c.indicator == indicator)
        if country:
            q = q.where(t.observations.c.country == country)
        if dataset_id:
            q = q.where(t.observations.c.dataset_id == dataset_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- runs ------------------------------------------------------------------------------------

    def start_run(self, command: str) -> int:
        with self.engine.begin() as conn:
            key = conn.execute(
                t.runs.insert().values(command=command, started_at=_now(), status="running")
            ).inserted_primary_key
            assert key is not None
            return int(key[0])

    def finish_run(
        self, run_id: int, counts: dict[str, Any], errors: Sequence[dict[str, Any]] = (), status: str | None = None
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                t.runs.update()
                .where(t.runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    counts=counts,
                    errors=list(errors),
                    status=status or ("errors" if errors else "ok"),
                )
            )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            q = sa.select(t.runs).order_by(t.runs.c.id.desc()).limit(limit)
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- summary ---------------------------------------------------------------------------------

    def revision(self) -> tuple[Any, ...]:
        """A fingerprint that changes with every write, read from indexes and small tables only
        (milliseconds at 10 million claims): new documents and claims raise their largest ids,
        every ingest and re-extraction run records its end (story links and claims that reuse
        freed ids included), and loading a dataset stamps it."""
        parts = [sa.select(sa.func.max(t.documents.c.id)), sa.select(sa.func.max(t.claims.c.id)),
                 sa.select(sa.func.max(t.runs.c.id)), sa.select(sa.func.max(t.runs.c.finished_at)),
                 sa.select(sa.func.count()).select_from(t.datasets), sa.select(sa.func.max(t.datasets.c.loaded_at))]
        with self.engine.connect() as conn:
            return tuple(conn.execute(sa.select(*(p.scalar_subquery() for p in parts))).one())

    def counts(self) -> Counts:
        with self.engine.connect() as conn:

            def n(table: sa.Table) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

            claim_ind = sa.select(t.claims.c.metric).where(t.claims.c.metric != "other")
            obs_ind = sa.select(t.observations.c.indicator).where(t.observations.c.indicator != "other")
            union = sa.union(claim_ind, obs_ind).subquery()
            indicators = int(conn.execute(sa.select(sa.func.count()).select_from(union)).scalar_one())
            return Counts(
                documents=n(t.documents),
                claims=n(t.claims),
                datasets=n(t.datasets),
                observations=n(t.observations),
                indicators=indicators,
                runs=n(t.runs),
            )

    def iter_documents_text(self) -> Iterator[tuple[int, str, str]]:
        """(id, doc_id, text) of every document, for re-extraction."""
        with self.engine.connect() as conn:
            yield from conn.execute(
                sa.select(t.documents.c.id, t.documents.c.doc_id, t.documents.c.text).order_by(t.documents.c.id)
            ).tuples()
