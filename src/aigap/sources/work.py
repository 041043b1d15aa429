"""The worker's side of parallel ingestion: read, parse and extract a chunk of inputs.

Workers never open the database: they return typed records (a ``Document`` and its claims, or the
reason an input was rejected) and the main process stores them. File inputs arrive as bytes read
by the main process, so a worker needs no access to the main process's disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from aigap.errors import InputError
from aigap.records import Claim, Document

from .documents import document_from_bytes
from .ingest import (
    REJECTABLE,
    IngestOptions,
    document_from_record,
    extract_document,
    fetch_document,
    rejection,
)

__all__ = ["Extracted", "Rejected", "Work", "process_chunk", "process_one", "restore"]


@dataclass(frozen=True, slots=True)
class Work:
    """One input to read: a file's bytes, a JSON Lines record, or a URL. ``name`` labels it in reasons."""

    name: str
    data: bytes | None = None
    filename: str | None = None
    source_uri: str | None = None
    record: dict[str, object] | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document read and extracted. ``failure`` is set when extraction (not reading) failed: the
    single-process path only extracts new documents, so the main process decides whether the input
    is rejected (new content) or a duplicate (known content)."""

    doc: Document
    claims: list[Claim] = field(default_factory=list)
    failure: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    name: str
    reason: str


def _read(work: Work, options: IngestOptions) -> Document:
    if work.url is not None:
        return fetch_document(work.url, allow_private=options.fetch.allow_private, options=options)
    if work.record is not None:
        return document_from_record(work.record, work.name)
    if work.data is None or work.filename is None:
        raise InputError(f"{work.name}: nothing to read")
    return document_from_bytes(work.data, work.filename, source_uri=work.source_uri, label=work.name)


def process_one(work: Work, options: IngestOptions) -> Extracted | Rejected:
    try:
        doc = _read(work, options)
    except REJECTABLE as exc:
        return Rejected(work.name, rejection(work.name, exc))
    try:
        out = Extracted(doc, extract_document(doc))
    except REJECTABLE as exc:
        out = Extracted(doc, [], failure=rejection(work.name, exc))
    _strip(doc, work)
    return out


def _strip(doc: Document, work: Work) -> None:
    """Leave out what the main process already holds (a file's bytes; a record's text, which is the
    document's text as is): results then carry mostly metadata and claims, not the corpus twice."""
    if work.data is not None:
        doc.raw = None
    if work.record is not None:
        doc.text, doc.raw = "", None


def restore(doc: Document, work: Work) -> Document:
    """Put back what ``_strip`` left out."""
    if work.data is not None:
        doc.raw = work.data
    if work.record is not None:
        doc.text = str(work.record["text"])
        doc.raw = doc.text.encode("utf-8")
    return doc


def process_chunk(works: Sequence[Work], options: IngestOptions) -> list[Extracted | Rejected]:
    """What a Dask task runs: one outcome per input, in order."""
    return [process_one(w, options) for w in works]
