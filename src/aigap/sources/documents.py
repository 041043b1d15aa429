"""Building a ``Document`` from parsed input: id, content hash, metadata, furniture spans."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from aigap.records import Document

from .formats import Parsed, parse_bytes
from .metadata import normalise_date, text_metadata

__all__ = ["clean_metadata", "content_hash", "document_from_bytes", "document_from_parsed", "document_from_text", "slug_for_url", "without_nul"]


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode normalised and white space folded: the document's identity."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def slug_for_url(url: str) -> str:
    parts = urlsplit(url)
    tail = [p for p in parts.path.split("/") if p]
    base = Path(tail[-1]).stem if tail else parts.hostname or "document"
    slug = re.sub(r"[^\w\-]+", "-", base).strip("-")[:80]
    return slug or "document"


def _furniture(text: str) -> list[tuple[int, int]]:
    try:
        from aigap.extract.furniture import furniture_spans
    except ImportError:  # the extraction stage decides what furniture is; none before it exists
        return []
    return list(furniture_spans(text))


def without_nul(value: str | None) -> str | None:
    """NUL (which PostgreSQL refuses in text) as U+FFFD: one character for one, so offsets hold."""
    return value.replace("\x00", "\ufffd") if value and "\x00" in value else value


def document_from_parsed(parsed: Parsed, *, doc_id: str, source_uri: str, raw: bytes | None = None,
                         final_uri: str | None = None) -> Document:
    nuls = parsed.text.count("\x00")
    if nuls:  # replaced before hashing and extraction, and said so in the document's extra
        parsed.text = parsed.text.replace("\x00", "\ufffd")
        parsed.extra = {**parsed.extra, "nul_replaced": nuls}
    for name in ("title", "author", "published", "outlet"):
        setattr(parsed, name, without_nul(getattr(parsed, name)))
    meta = text_metadata(parsed.text)
    published = normalise_date(parsed.published) if parsed.published else None
    # The source class the text itself suggests (a WeChat repost, a staff-reporter byline), for
    # when the outlet table knows neither the outlet nor the host (aigap.reconcile.reliability).
    from aigap.reconcile.reliability import document_class

    cls, why = document_class(parsed.outlet or meta.outlet, final_uri or source_uri, parsed.text)
    return Document(
        doc_id=doc_id,
        text=parsed.text,
        source_uri=source_uri,
        final_uri=final_uri,
        title=parsed.title or meta.title,
        author=parsed.author or meta.author,
        outlet=parsed.outlet or meta.outlet,
        published=published or meta.published,
        language=meta.language,
        script=meta.script,
        content_hash=content_hash(parsed.text),
        raw=raw,
        media_type=parsed.media_type,
        furniture=_furniture(parsed.text),
        extra={**parsed.extra, "source_class": cls, "source_class_reason": why},
    )


def clean_metadata(doc: Document) -> Document:
    """NULs out of the fields a caller set after building the document (a JSON Lines record's)."""
    for name in ("doc_id", "source_uri", "title", "author", "outlet", "published", "language"):
        setattr(doc, name, without_nul(getattr(doc, name)))
    return doc


def document_from_text(text: str, *, title: str | None = None, url: str | None = None,
                       doc_id: str | None = None) -> Document:
    """A document from pasted text (the web API's JSON body)."""
    from aigap.errors import InputError

    if not text or not text.strip():
        raise InputError("text: empty")
    parsed = Parsed(text=text, media_type="text/plain", title=title)
    h = content_hash(text)
    return document_from_parsed(
        parsed,
        doc_id=doc_id or (slug_for_url(url) if url else f"text-{h[:12]}"),
        source_uri=url or f"text:{h[:16]}",
        raw=text.encode("utf-8"),
    )


def document_from_bytes(data: bytes, filename: str, *, source_uri: str | None = None,
                        content_type: str | None = None, label: str | None = None) -> Document:
    """A document from an uploaded or read file; the id is the file name without extension.
    ``label`` names the input in error messages (default: the file name)."""
    parsed = parse_bytes(label or filename, data, content_type)
    return document_from_parsed(
        parsed, doc_id=Path(filename).stem or "document", source_uri=source_uri or filename, raw=data
    )
