"""sources: read documents (text, HTML, PDF, DOCX, URLs, JSON Lines; any encoding) into ``Document``
records, extract and store them, and link duplicates and translations into stories."""

from __future__ import annotations

from .documents import content_hash, document_from_bytes, document_from_text
from .fetch import FetchOptions
from .ingest import IngestOptions, IngestReport, fetch_document, ingest, read_input, store_document
from .parallel import ingest_parallel
from .reextract import reextract_stale
from .stories import Story, link_stories, stories

__all__ = [
    "FetchOptions",
    "IngestOptions",
    "IngestReport",
    "Story",
    "content_hash",
    "document_from_bytes",
    "document_from_text",
    "fetch_document",
    "ingest",
    "ingest_parallel",
    "link_stories",
    "read_input",
    "reextract_stale",
    "store_document",
    "stories",
]
