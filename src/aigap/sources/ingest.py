"""Ingest: read each input, extract its claims, store it; reject bad inputs with a reason.

    load     expand the inputs lazily (files, directories, list files, JSON Lines, URLs)
    process  read and parse one input into a Document, extract its claims
    save     store it with its claims in one transaction (idempotent by content hash), then link
             near duplicates and translations into stories; record the run
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from aigap.corpus import corpus_uri
from aigap.errors import AigapError, InputError
from aigap.extract import EXTRACTOR_VERSION, extract_claims
from aigap.records import Claim, Document
from aigap.store import AddResult, DocumentRefused, Store

from .documents import (
    clean_metadata,
    document_from_bytes,
    document_from_parsed,
    document_from_text,
    slug_for_url,
)
from .fetch import FetchOptions, fetch_url
from .formats import parse_bytes
from .inputs import Input, expand_inputs
from .lifecycle import deferred_signals, recorded_run
from .metadata import normalise_date
from .stories import link_stories

__all__ = [
    "REJECTABLE",
    "IngestOptions",
    "IngestReport",
    "document_from_record",
    "extract_document",
    "fetch_document",
    "file_uri",
    "ingest",
    "link_pending",
    "read_file",
    "read_input",
    "record_uri",
    "refused",
    "rejection",
    "run_command",
    "run_summary",
    "store_document",
]

# What rejects one input (a reader bug on one input must not stop the batch); other errors stop it.
REJECTABLE: tuple[type[Exception], ...] = (AigapError, OSError, ValueError, UnicodeError)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    max_bytes: int = 20 * 1024 * 1024
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    claims: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # aigap's own reports
    notes: list[tuple[str, str]] = field(default_factory=list)  # stored, with a caveat (bytes replaced)
    document_ids: list[int] = field(default_factory=list)
    run_id: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "claims": self.claims,
            "rejected": [{"input": i, "reason": r} for i, r in self.rejected],
            "skipped": [{"input": i, "reason": r} for i, r in self.skipped],
            "notes": [{"input": i, "note": n} for i, n in self.notes],
            "run_id": self.run_id,
        }


def fetch_document(url: str, *, allow_private: bool, options: IngestOptions | None = None,
                   allowed_hosts: frozenset[str] = frozenset()) -> Document:
    opts = options or IngestOptions()
    fo = replace(opts.fetch, max_bytes=min(opts.fetch.max_bytes, opts.max_bytes), allow_private=allow_private,
                 allowed_hosts=allowed_hosts | opts.fetch.allowed_hosts)
    got = fetch_url(url, fo)
    parsed = parse_bytes(url, got.content, got.content_type, got.charset)
    return document_from_parsed(
        parsed, doc_id=slug_for_url(got.final_url), source_uri=url, raw=got.content, final_uri=got.final_url
    )


def read_input(item: Input, options: IngestOptions) -> Document:
    """One input to a Document, or InputError naming the input and the reason."""
    if item.problem:
        raise InputError(item.problem)
    if item.url:
        return fetch_document(item.url, allow_private=options.fetch.allow_private, options=options)
    if item.record is not None:
        return document_from_record(item.record, item.name)
    assert item.path is not None
    data = read_file(item, options)
    return document_from_bytes(data, item.path.name, source_uri=file_uri(item), label=item.name)


def document_from_record(rec: dict[str, object], name: str) -> Document:
    """A JSON Lines record (``text``, ``url``, ``title``, ``published``, ``outlet``, ``lang``, ``id``)."""
    text = str(rec["text"])
    doc = document_from_text(text, title=_opt(rec, "title"), url=_opt(rec, "url"), doc_id=_opt(rec, "id"))
    doc.source_uri = record_uri(rec, name)
    doc.published = _record_date(_opt(rec, "published"), name) or doc.published
    doc.outlet = _opt(rec, "outlet") or doc.outlet
    doc.language = _record_language(_opt(rec, "lang"), name) or doc.language
    return clean_metadata(doc)


def record_uri(rec: dict[str, object], name: str) -> str:
    return _opt(rec, "url") or name


def file_uri(item: Input) -> str:
    """A file's source URI: ``aigap:corpus/<name>`` for the bundled corpus (no local path stored),
    else its ``file://`` URL."""
    assert item.path is not None
    return corpus_uri(item.path) or item.path.resolve().as_uri()


def read_file(item: Input, options: IngestOptions) -> bytes:
    """A file input's bytes, or InputError when it is not a regular file, over the size cap or
    unreadable. Reads at most the cap plus one byte, whatever the file claims its size is."""
    assert item.path is not None
    try:
        mode = item.path.stat().st_mode
        if not stat.S_ISREG(mode):
            # Opening a FIFO blocks until a writer comes; a device may never end (/dev/zero).
            raise InputError(f"{item.name}: not a regular file ({_file_kind(mode)})")
        with item.path.open("rb") as fh:
            data = fh.read(options.max_bytes + 1)
            if len(data) > options.max_bytes:
                size = max(os.fstat(fh.fileno()).st_size, len(data))
                raise InputError(f"{item.name}: file is {size} bytes, over the {options.max_bytes}-byte cap")
        return data
    except OSError as exc:
        raise InputError(f"{item.name}: cannot read ({exc.strerror or exc})") from None


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "not a file"


def rejection(name: str, exc: Exception) -> str:
    """The reason an input is rejected, always naming the input."""
    if isinstance(exc, AigapError):
        return exc.message
    return f"{name}: {type(exc).__name__}: {exc}"


# a year or a month alone (2024, 2024-05, 2024/5, 2024年5月): what an outlet without days gives
_PARTIAL_DATE = re.compile(r"(\d{4})(?:[-/年](\d{1,2})月?)?")
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,8})(?:[-_][A-Za-z0-9]{1,8}){0,3}")  # zh, en-GB, zh-Hant-TW, other


def _record_date(value: str | None, name: str) -> str | None:
    """A record's ``published`` as the store keeps dates (YYYY-MM-DD, or a year or month alone): the
    same on every backend, where PostgreSQL would refuse a long string and SQLite keep it."""
    if value is None:
        return None
    if (part := _PARTIAL_DATE.fullmatch(value.strip())) is not None:
        year, month = part.group(1), part.group(2)
        if month is None:
            return year
        if 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
    day = normalise_date(value)
    if day is None:
        raise InputError(f"{name}: published {value[:40]!r} is not a date (write YYYY-MM-DD)")
    return day


def _record_language(value: str | None, name: str) -> str | None:
    """A record's ``lang`` as its primary language subtag (``zh-Hant`` -> ``zh``)."""
    if value is None:
        return None
    m = _LANGUAGE_TAG.fullmatch(value.strip())
    if m is None:
        raise InputError(f"{name}: lang {value[:40]!r} is not a language tag (write zh, en, ...)")
    return m.group(1).lower()


def _opt(rec: dict[str, object], key: str) -> str | None:
    v = rec.get(key)
    return str(v) if v not in (None, "") else None


def store_document(store: Store, doc: Document) -> tuple[AddResult, list[Claim]]:
    """Extract and store one document (a known content hash stores nothing new)."""
    existing = store.find_document_by_hash(doc.content_hash)
    claims = extract_document(doc) if existing is None else []
    return store.add_document(doc, claims, EXTRACTOR_VERSION), claims


def extract_document(doc: Document) -> list[Claim]:
    return extract_claims(doc.text, doc.doc_id, published=doc.published, language=doc.language, skip=doc.furniture)


def run_command(inputs: Sequence[str], from_list: str | None, jsonl: str | None) -> str:
    return "ingest " + " ".join([*inputs, *(x for x in (from_list, jsonl) if x)])


def run_summary(report: IngestReport) -> tuple[dict[str, object], list[dict[str, object]]]:
    """A run's counts and errors (its rejections) from its report."""
    return ({"stored": report.stored, "duplicates": report.duplicates, "claims": report.claims,
             "rejected": len(report.rejected), "pid": os.getpid()},
            [{"input": i, "reason": r} for i, r in report.rejected])


def link_pending(store: Store, report: IngestReport, link: bool) -> None:
    """Link stories when this run stored documents, or when an earlier run stored some and died
    before linking them (their story id is still unset): linking resumes on the next run."""
    if link and (report.stored or store.count_unlinked_documents()):
        link_stories(store)


def ingest(
    store: Store,
    inputs: Sequence[str],
    *,
    recursive: bool = False,
    from_list: str | None = None,
    jsonl: str | None = None,
    options: IngestOptions | None = None,
    progress: Callable[[int], None] | None = None,
    link: bool = True,
) -> IngestReport:
    opts = options or IngestOptions()
    report = IngestReport()

    def started(run_id: int) -> None:
        report.run_id = run_id

    with recorded_run(store, run_command(inputs, from_list, jsonl), lambda: run_summary(report), started):
        for item in expand_inputs(list(inputs), recursive=recursive, from_list=from_list, jsonl=jsonl):
            if item.skip:  # a report aigap wrote: not evidence
                report.skipped.append((item.name, item.skip))
                continue
            try:
                doc = read_input(item, opts)
                existing = store.find_document_by_hash(doc.content_hash)
                claims = extract_document(doc) if existing is None else []
                with deferred_signals():  # stored and counted, or neither
                    res = store.add_document(doc, claims, EXTRACTOR_VERSION)
                    count_stored(report, item.name, doc, res, len(claims))
            except REJECTABLE as exc:
                report.rejected.append((item.name, rejection(item.name, exc)))
            except DocumentRefused as exc:  # a value the database refuses: this input, not the batch
                report.rejected.append((item.name, refused(item.name, exc)))
            if progress:
                progress(1)
        link_pending(store, report, link)
    return report


def count_stored(report: IngestReport, name: str, doc: Document | None, res: AddResult, n_claims: int) -> None:
    """Count one write in the run's report: a new document with its claims, or a duplicate (``doc``:
    None for an input known before it was read, which has no text to note)."""
    report.document_ids.append(res.id)
    if res.new:
        report.stored += 1
        report.claims += n_claims
        if doc is not None:
            note_stored(report, name, doc)
    else:
        report.duplicates += 1


def note_stored(report: IngestReport, name: str, doc: Document) -> None:
    """What the user should know about a document stored as read: characters replaced with U+FFFD
    (bytes no encoding reads, NUL characters no database stores)."""
    notes = [doc.extra.get("decode_note")]
    if doc.extra.get("nul_replaced"):
        notes.append(f"{doc.extra['nul_replaced']} NUL characters replaced with U+FFFD")
    for note in filter(None, notes):
        report.notes.append((name, f"{name}: {note}"))


def refused(name: str, exc: DocumentRefused) -> str:
    return f"{name}: the database refused it ({exc})"
