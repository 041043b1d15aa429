"""Reading and extracting the documents sent to the API, off the request threads.

Extraction is CPU-bound Python: on a request thread it holds the GIL and one of the few request
threads (two on SQLite), so two big previews kept /healthz waiting for seconds. It runs in a pool of
processes sized to the cores instead, with a bounded number of jobs waiting (more answer 503 at
once rather than queueing without end); URL fetches wait on the network in threads of their own.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from aigap.errors import AigapError, ValidationError
from aigap.records import Claim, Document

__all__ = ["Busy", "Workers", "extract_and_preview", "extract_only", "read_and_extract", "read_and_preview"]

T = TypeVar("T")


class Busy(AigapError):
    status_code = 503


def read_document(src: dict[str, Any]) -> Document:
    """A pasted text or an uploaded file as a Document (no network)."""
    from aigap.sources import document_from_bytes, document_from_text

    if src.get("file") is not None:
        doc = document_from_bytes(src["file"], src["filename"], source_uri=f"upload:{src['filename']}",
                                  content_type=src.get("content_type"))
        if src.get("title"):
            doc.title = str(src["title"])
        return doc
    if src.get("text"):
        return document_from_text(src["text"], title=src.get("title"), url=src.get("url"))
    raise ValidationError("give text, a url or a file")


def read_and_extract(src: dict[str, Any]) -> tuple[Document, list[Claim]]:
    """Runs in a worker process."""
    doc = read_document(src)
    return doc, extract_only(doc)


def extract_only(doc: Document) -> list[Claim]:
    """Runs in a worker process."""
    from aigap.sources.ingest import extract_document

    return extract_document(doc)


def preview_body(doc: Document, claims: list[Claim]) -> bytes:
    """A preview's JSON, encoded where it was extracted: 20,000 claims take seconds to encode, which
    on the event loop would stall every other request."""
    from .service import encode

    return encode({"id": None, "doc_id": doc.doc_id, "title": doc.title, "stored": False,
                   "claims": [c.to_json() for c in claims]})


def read_and_preview(src: dict[str, Any]) -> bytes:
    """Runs in a worker process."""
    return preview_body(*read_and_extract(src))


def extract_and_preview(doc: Document) -> bytes:
    """Runs in a worker process."""
    return preview_body(doc, extract_only(doc))


# What a reader process imports before its first job: loaded once in the fork server, so each new
# reader (a server's first job, a reader replaced after a crash) starts in a fraction of a second
# instead of importing aigap again (seconds on a loaded machine).
_PRELOAD = ["aigap.web.workers", "aigap.web.service", "aigap.sources.ingest", "aigap.extract"]


def _reader_context() -> Any:
    """forkserver, not fork: forking this process, which runs threads, can copy a held lock; the fork
    server is a fresh single-threaded process, forked from instead of spawning an interpreter a job."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)  # read when the fork server starts (the first pool of the process)
    return ctx


class Workers:
    """The app's extraction processes (started at the first job) and fetch threads."""

    def __init__(self, processes: int | None = None, max_waiting: int | None = None, fetchers: int = 8) -> None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        self.processes = processes or cores
        self.max_jobs = self.processes + (4 * self.processes if max_waiting is None else max_waiting)
        self._jobs = 0  # touched only on the event loop
        self._pool: ProcessPoolExecutor | None = None
        self._fetch = ThreadPoolExecutor(max_workers=fetchers, thread_name_prefix="aigap-fetch")
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.processes, mp_context=_reader_context())
            return self._pool

    async def extract(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker process; 503 when too many jobs are already waiting."""
        if self._jobs >= self.max_jobs:
            raise Busy(f"the server is already reading {self._jobs} documents", hint="try again in a few seconds")
        self._jobs += 1
        try:
            pool = self._executor()
            try:
                # submitted off the event loop: a pool's first job starts its processes, and the fork
                # server's first start waits for its imports (seconds) while other requests would wait
                job = await asyncio.to_thread(pool.submit, fn, *args)
                return await asyncio.wrap_future(job)
            except BrokenProcessPool:  # a worker died (out of memory?): the next job gets a new pool
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
                raise Busy("a document reader process stopped; the job was not finished",
                           hint="try again; a very large document may need more memory") from None
        finally:
            self._jobs -= 1

    async def fetch(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on a fetch thread: a slow server holds no request thread."""
        return await asyncio.wrap_future(self._fetch.submit(fn, *args))

    def close(self) -> None:
        self._fetch.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
