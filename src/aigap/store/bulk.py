"""Batched writes for corpus-scale ingestion: many documents and their claims in one transaction.

A batch is written in a handful of statements whatever its size: one lookup of its content hashes,
then the new documents, their claims and their source URIs through the driver (COPY on PostgreSQL,
with document ids drawn from the sequence first; executemany on SQLite, documents one by one for
their row ids). An exact duplicate (stored before, or earlier in the same batch) stores nothing
new but gains its source URI, as with ``Store.add_document``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import sqlalchemy as sa

from aigap.records import Claim, Document

from . import schema as t

__all__ = [
    "CLAIM_COLUMNS",
    "AddResult",
    "DocumentRefused",
    "NewDocument",
    "SeenDocument",
    "assign_doc_ids",
    "copy_claims",
    "fit_doc_id",
    "input_hash",
    "insert_rows",
    "lookup",
    "scrub_document",
    "write_batch",
]

# Claim columns in COPY order.
CLAIM_COLUMNS: tuple[str, ...] = (
    "document_id", "start", "end", "number_text", "quote", "value", "value_high", "qualifier", "unit",
    "subject", "entity", "metric", "aspect", "period", "extractor_version", "confidence", "note",
)
_LOOKUP_CHUNK = 900  # bound parameters per IN (...): SQLite allows 999 in old builds


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A read and extracted document to store (or, when its content is known, to record a source for)."""

    doc: Document
    claims: Sequence[Claim] = field(default_factory=list)
    input_hash: str | None = None


@dataclass(frozen=True, slots=True)
class SeenDocument:
    """An input found already stored before it was read: only its source URI is recorded."""

    document_id: int
    uri: str


def input_hash(filename: str, data: bytes) -> str:
    """SHA-256 of a file input as the reader sees it: the suffix picks the parser, the bytes the text."""
    h = hashlib.sha256(PurePath(filename).suffix.lower().encode("utf-8") + b"\0")
    h.update(data)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing one document did: its id and doc_id, whether it is new, its number of claims."""

    id: int
    doc_id: str
    new: bool
    n_claims: int


class DocumentRefused(ValueError):
    """The database refused a document's values (PostgreSQL: invalid text, a value too long). The
    message is the driver's first line only: never the statement or the document's text."""

    @classmethod
    def of(cls, exc: sa.exc.DBAPIError) -> DocumentRefused:
        lines = str(exc.orig).strip().splitlines() or [type(exc.orig).__name__]
        return cls(lines[0][:200])


MAX_DOC_ID = 255  # the documents.doc_id column's width (VARCHAR(255) on PostgreSQL)
_TEXT_FIELDS = ("doc_id", "source_uri", "final_uri", "title", "author", "outlet", "published", "language",
                "script", "media_type", "text")


def fit_doc_id(doc_id: str) -> str:
    """``doc_id`` shortened to the column's width, deterministically: the head and a hash of the whole
    (two long ids that share their head stay different)."""
    if len(doc_id) <= MAX_DOC_ID:
        return doc_id
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{doc_id[: MAX_DOC_ID - 13]}-{digest}"


def scrub_document(doc: Document) -> Document:
    """PostgreSQL refuses NUL in text: each becomes U+FFFD (one character for one, so claim offsets
    stay right). Readers replace them earlier (``aigap.sources``); this is the store's last guard."""
    for name in _TEXT_FIELDS:
        v = getattr(doc, name)
        if isinstance(v, str) and "\x00" in v:
            setattr(doc, name, v.replace("\x00", "\ufffd"))
    doc.doc_id = fit_doc_id(doc.doc_id or "document")
    return doc


def assign_doc_ids(conn: sa.Connection, docs: Sequence[Document]) -> None:
    """Give each new document a doc_id no other document has: the first keeps its plain id (its file's
    base name, say); a later, different document with the same id gets a suffix of its content hash."""
    for d in docs:
        scrub_document(d)
    wanted = sorted({d.doc_id for d in docs})
    taken: set[str] = set()
    for part in _chunks(wanted):
        taken.update(conn.execute(sa.select(t.documents.c.doc_id).where(t.documents.c.doc_id.in_(part))).scalars())
    for d in docs:
        if d.doc_id in taken:
            base = d.doc_id
            for width in (8, 16, 64):
                d.doc_id = fit_doc_id(f"{base}-{d.content_hash[:width]}")
                if d.doc_id not in taken:
                    break
            if d.doc_id in taken:  # pragma: no cover - needs a SHA-256 collision
                raise ValueError(f"{base}: no free document id")
        taken.add(d.doc_id)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), _LOOKUP_CHUNK):
        yield values[i : i + _LOOKUP_CHUNK]


def lookup(conn: sa.Connection, column: sa.Column[Any], keys: Iterable[str]) -> dict[str, int]:
    """key -> document id for the keys (content or input hashes) already stored."""
    wanted = sorted(set(keys))
    out: dict[str, int] = {}
    for part in _chunks(wanted):
        q = sa.select(column, t.documents.c.id).where(column.in_(part)).order_by(t.documents.c.id)
        for key, doc_pk in conn.execute(q):
            out.setdefault(key, doc_pk)  # input hashes may repeat: the first document wins
    return out


def _claim_counts(conn: sa.Connection, ids: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for part in _chunks(sorted(set(ids))):
        q = (sa.select(t.claims.c.document_id, sa.func.count()).where(t.claims.c.document_id.in_(part))
             .group_by(t.claims.c.document_id))
        out.update((int(d), int(n)) for d, n in conn.execute(q))
    return out


def _doc_ids(conn: sa.Connection, ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for part in _chunks(sorted(set(ids))):
        q = sa.select(t.documents.c.id, t.documents.c.doc_id).where(t.documents.c.id.in_(part))
        out.update((int(d), str(n)) for d, n in conn.execute(q))
    return out


_DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "source_uri", "final_uri", "title", "author", "outlet", "published", "language", "script",
    "media_type", "content_hash", "text", "raw", "furniture", "status", "extractor_version", "extra",
    "created_at", "input_hash",
)


def _document_tuple(item: NewDocument, version: str, now: dt.datetime) -> tuple[Any, ...]:
    doc = item.doc
    return (doc.doc_id, doc.source_uri, doc.final_uri, doc.title, doc.author, doc.outlet, doc.published,
            doc.language, doc.script, doc.media_type, doc.content_hash, doc.text, doc.raw,
            [list(span) for span in doc.furniture], "stored", version, doc.extra or None, now, item.input_hash)


def _claim_tuples(claims: Sequence[Claim], document_id: int, version: str) -> Iterable[tuple[Any, ...]]:
    for c in claims:
        yield (document_id, c.start, c.end, c.number_text, c.quote, c.value, c.value_high, c.qualifier, c.unit,
               c.subject, c.entity, c.metric, c.aspect, c.period, version, c.confidence, c.note)


def _bound(conn: sa.Connection, table: sa.Table, columns: Sequence[str],
           rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Rows as SQLAlchemy would bind them (JSON serialised, dates formatted for SQLite), so values
    written past it through the driver read back exactly like the single-document path's."""
    procs = [(i, p) for i, c in enumerate(columns)
             if (p := table.c[c].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)) is not None]
    if not procs:
        yield from rows
        return
    for row in rows:
        out = list(row)
        for i, p in procs:
            out[i] = p(out[i])
        yield tuple(out)


def _sql_columns(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def insert_rows(conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert rows (tuples in ``columns`` order) in the connection's transaction, through the driver:
    COPY on PostgreSQL, executemany on SQLite (SQLAlchemy's per-row work would cost more than the writes)."""
    raw = conn.connection.driver_connection
    assert raw is not None
    bound = _bound(conn, table, columns, rows)
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({_sql_columns(columns)}) FROM STDIN") as copy:
            for row in bound:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    raw.executemany(f"INSERT INTO {table.name} ({_sql_columns(columns)}) VALUES ({marks})", list(bound))


def copy_claims(conn: sa.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert claim rows (CLAIM_COLUMNS order) in the connection's transaction: COPY on PostgreSQL."""
    insert_rows(conn, t.claims, CLAIM_COLUMNS, rows)


def _insert_documents(conn: sa.Connection, rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert document rows (``_DOCUMENT_COLUMNS`` order); their new ids, in order."""
    if conn.dialect.name == "postgresql":
        # Ids drawn from the sequence first, so the rows can go by COPY with them.
        q = sa.text("SELECT nextval(pg_get_serial_sequence('documents', 'id')) FROM generate_series(1, :n)")
        ids = sorted(int(i) for i in conn.execute(q, {"n": len(rows)}).scalars())
        insert_rows(conn, t.documents, ("id", *_DOCUMENT_COLUMNS),
                    ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
        return ids
    raw = conn.connection.driver_connection
    assert raw is not None
    marks = ", ".join("?" for _ in _DOCUMENT_COLUMNS)
    sql = f"INSERT INTO documents ({_sql_columns(_DOCUMENT_COLUMNS)}) VALUES ({marks})"
    cur = raw.cursor()
    out: list[int] = []
    for row in _bound(conn, t.documents, _DOCUMENT_COLUMNS, rows):
        cur.execute(sql, row)
        out.append(int(cur.lastrowid))
    cur.close()
    return out


def _add_sources(conn: sa.Connection, pairs: list[tuple[int, str]], known_new: set[int], now: dt.datetime) -> None:
    """Record (document id, uri) pairs not yet recorded; documents created in this batch have none yet."""
    wanted = list(dict.fromkeys(pairs))
    old_ids = sorted({d for d, _u in wanted if d not in known_new})
    seen: set[tuple[int, str]] = set()
    for part in _chunks(old_ids):
        q = sa.select(t.document_sources.c.document_id, t.document_sources.c.uri).where(
            t.document_sources.c.document_id.in_(part))
        seen.update(conn.execute(q))
    rows = [(d, u, now) for d, u in wanted if (d, u) not in seen]
    if rows:
        insert_rows(conn, t.document_sources, ("document_id", "uri", "seen_at"), rows)


def write_batch(conn: sa.Connection, items: Sequence[NewDocument | SeenDocument], version: str) -> list[AddResult]:
    """Store a batch in the connection's transaction; one ``AddResult`` per item, in order."""
    now = dt.datetime.now(dt.UTC)
    new_items = [it for it in items if isinstance(it, NewDocument)]
    if any(not nd.doc.content_hash for nd in new_items):
        raise ValueError("Document.content_hash must be set before storing")
    stored = lookup(conn, t.documents.c.content_hash, (nd.doc.content_hash for nd in new_items))
    # Decide in input order, so the first of several equal documents is the one stored.
    first: dict[str, int] = {}  # content hash -> index of the item that stores it
    for i, it in enumerate(items):
        if isinstance(it, NewDocument) and it.doc.content_hash not in stored:
            first.setdefault(it.doc.content_hash, i)
    fresh = [nd for i in first.values() if isinstance(nd := items[i], NewDocument)]
    ids: dict[str, int] = {}  # content hash -> id of the document this batch creates
    if fresh:
        assign_doc_ids(conn, [nd.doc for nd in fresh])
        new_ids = _insert_documents(conn, [_document_tuple(nd, version, now) for nd in fresh])
        ids = {nd.doc.content_hash: pk for nd, pk in zip(fresh, new_ids, strict=True)}
        copy_claims(conn, (row for nd in fresh for row in _claim_tuples(nd.claims, ids[nd.doc.content_hash], version)))
    old = [it.document_id for it in items if isinstance(it, SeenDocument)] + list(stored.values())
    counts, names = _claim_counts(conn, old), _doc_ids(conn, old)
    out: list[AddResult] = []
    sources: list[tuple[int, str]] = []
    for i, it in enumerate(items):
        if isinstance(it, SeenDocument):
            pk, uri = it.document_id, it.uri
            out.append(AddResult(pk, names.get(pk, ""), False, counts.get(pk, 0)))
        else:
            h, uri = it.doc.content_hash, it.doc.final_uri or it.doc.source_uri
            if h in stored:
                pk = stored[h]
                out.append(AddResult(pk, names.get(pk, ""), False, counts.get(pk, 0)))
            else:
                owner = items[first[h]]
                assert isinstance(owner, NewDocument)
                pk = ids[h]
                out.append(AddResult(pk, owner.doc.doc_id, first[h] == i, len(owner.claims)))
        sources.append((pk, uri))
    _add_sources(conn, sources, set(ids.values()), now)
    return out
