"""The Store: every read and write of aigap's database goes through here.

Writes are transactional per document: a document and its claims land together or not at all.
Documents are keyed by content hash, so storing the same content twice stores nothing new (the
second source URI is recorded against the first document).

``Store`` is assembled from its parts: documents here, claim reads (``claims_read``), runs and
summaries (``activity``), reference datasets (``datasets``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from aigap.errors import NotFound
from aigap.records import Claim, Document, StoredDocument

from . import schema as t
from .activity import Counts, ReextractItem, RunsMixin
from .bulk import AddResult, DocumentRefused, NewDocument, SeenDocument, assign_doc_ids, lookup, write_batch
from .claim_queries import ClaimFilter
from .claims_read import ClaimsMixin, claim_row
from .datasets import DatasetsMixin
from .engine import create_engine, upgrade
from .review import Review, reapply

__all__ = ["AddResult", "ClaimFilter", "Counts", "DocumentRefused", "ReextractItem", "Store"]


# Each retry after a unique-key conflict finds what the other writer stored, so a write conflicts at
# most once per concurrent writer of the same content; this many covers any sane number of writers.
_WRITE_ATTEMPTS = 20
_STORY_LOCK = 0x73746F72  # "stor": PostgreSQL advisory lock key of story assignment


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store(ClaimsMixin, RunsMixin, DatasetsMixin):
    """aigap's database. ``Store.open(url)`` creates or upgrades the schema first."""

    def __init__(self, engine: Engine, *, migrated: bool = False) -> None:
        self.engine = engine
        self.migrated = migrated
        self._open_runs: set[int] = set()  # started here, not finished: failed if the process errs

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> Store:
        """``read_only``: the caller only reads, so a SQLite file in a read-only folder will do."""
        engine = create_engine(url, read_only=read_only)
        migrated = upgrade(engine)
        return cls(engine, migrated=migrated)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def review(self) -> Review:
        """Analysts' corrections, users and the audit log (``store.review``)."""
        return Review(self)

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
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                return self._add_document(doc, claims, extractor_version)
            except sa.exc.DataError as exc:
                raise DocumentRefused.of(exc) from None
            except sa.exc.IntegrityError:
                # Another process stored this content (or this source) since our lookup: look again,
                # and find it stored.
                if attempt == _WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _add_document(self, doc: Document, claims: Sequence[Claim], extractor_version: str) -> AddResult:
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
            assign_doc_ids(conn, [doc])
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
                conn.execute(t.claims.insert(), [claim_row(c, doc_pk, extractor_version) for c in claims])
        return AddResult(id=doc_pk, doc_id=doc.doc_id, new=True, n_claims=len(claims))

    def add_documents(self, items: Sequence[NewDocument | SeenDocument], extractor_version: str) -> list[AddResult]:
        """Store a batch of documents with their claims in one transaction (see ``store.bulk``);
        like ``add_document`` for each item, in order, but in a few statements."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self.engine.begin() as conn:
                    return write_batch(conn, items, extractor_version)
            except sa.exc.DataError as exc:
                raise DocumentRefused.of(exc) from None
            except sa.exc.IntegrityError:
                if attempt == _WRITE_ATTEMPTS - 1:
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
        """Swap a document's claims for a new extraction, atomically; analysts' corrections are applied
        again (those whose characters no longer match become stale: ``store.review.corrections``)."""
        with self.engine.begin() as conn:
            conn.execute(t.claims.delete().where(t.claims.c.document_id == document_id))
            if claims:
                conn.execute(t.claims.insert(), [claim_row(c, document_id, extractor_version) for c in claims])
            # Analysts' corrections outlive the machine claims: applied again to the same characters.
            reapply(conn, document_id)
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
        """Link two documents (near duplicate or translation). Returns True when the link is new.

        One INSERT ... ON CONFLICT DO NOTHING, not a look-up then an insert: concurrent ingests link
        the same pairs, and the loser of that race finds the link made instead of failing."""
        a_id, b_id = min(a_id, b_id), max(a_id, b_id)
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        stmt = (insert(t.document_links).values(a_id=a_id, b_id=b_id, kind=kind, score=score)
                .on_conflict_do_nothing(index_elements=["a_id", "b_id", "kind"]).returning(t.document_links.c.id))
        with self.engine.begin() as conn:
            return conn.execute(stmt).first() is not None

    def links(self, kind: str | None = None) -> list[tuple[int, int, str, float | None]]:
        q = sa.select(t.document_links).order_by(t.document_links.c.id)
        if kind:
            q = q.where(t.document_links.c.kind == kind)
        with self.engine.connect() as conn:
            return [(r.a_id, r.b_id, r.kind, r.score) for r in conn.execute(q)]

    def count_unlinked_documents(self) -> int:
        """Documents not yet given a story id: stored by a run that did not link (or died first)."""
        with self.engine.connect() as conn:
            q = sa.select(sa.func.count()).select_from(t.documents).where(t.documents.c.story_id.is_(None))
            return int(conn.execute(q).scalar_one())

    def assign_stories(self, linked: Iterable[int]) -> int:
        """Give each document the smallest id of the documents its links connect it to (its story);
        returns how many story ids changed. ``linked``: the documents whose links were just computed;
        a document stored since (still without a story) is left to the run that stored it, so a crash
        of that run leaves it unlinked and the next run links it.

        Read and written in one transaction under the write lock: of concurrent linkers, each sees
        every link committed before it, so one that read the links before another stored and linked
        a document joining two stories cannot split them again afterwards."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STORY_LOCK})
            rows = conn.execute(sa.select(t.documents.c.id, t.documents.c.story_id))
            current: dict[int, int | None] = {i: story for i, story in rows}
            root = {i: i for i in current}

            def find(x: int) -> int:
                while root[x] != x:
                    root[x] = root[root[x]]
                    x = root[x]
                return x

            for a, b in conn.execute(sa.select(t.document_links.c.a_id, t.document_links.c.b_id)):
                ra, rb = find(a), find(b)
                root[max(ra, rb)] = min(ra, rb)
            changed: dict[int, list[int]] = {}
            mine = set(linked)
            for i, story in current.items():
                if (story is not None or i in mine) and story != find(i):
                    changed.setdefault(find(i), []).append(i)
            for story, members in changed.items():
                for at in range(0, len(members), 10_000):  # SQLite's bound-parameter limit
                    conn.execute(t.documents.update().where(t.documents.c.id.in_(members[at:at + 10_000]))
                                 .values(story_id=story))
            conn.commit()
        return sum(map(len, changed.values()))

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
