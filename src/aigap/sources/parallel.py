"""Parallel ingestion on Dask: workers read, parse and extract; the main process is the only writer.

    stream   inputs are expanded lazily and cut into chunks (``CHUNK_SIZE`` inputs or ``CHUNK_BYTES``)
    skip     before a chunk is sent, inputs already stored are found by hash (a record's content hash,
             a file's input hash) and only gain their source URI: an interrupted run resumes cheaply
    submit   at most ``IN_FLIGHT_PER_WORKER`` chunks per worker are in flight, so memory stays bounded
             whatever the corpus size
    store    results are taken in input order (the same document ids, reports and duplicates as the
             single-process ``ingest``) and written in batches (``Store.add_documents``)

Reports, rejections, run records and story linking are those of ``aigap.sources.ingest``.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from aigap.errors import AigapError
from aigap.extract import EXTRACTOR_VERSION
from aigap.store import AddResult, DocumentRefused, NewDocument, SeenDocument, Store, input_hash

from .cluster import dask_client, local_cluster
from .documents import content_hash
from .ingest import (
    IngestOptions,
    IngestReport,
    count_stored,
    file_uri,
    link_pending,
    read_file,
    record_uri,
    refused,
    run_command,
    run_summary,
)
from .inputs import Input, expand_inputs
from .lifecycle import deferred_signals, recorded_run
from .work import Extracted, Rejected, Work, process_chunk, restore

__all__ = ["CHUNK_SIZE", "dask_client", "ingest_parallel", "local_cluster"]

CHUNK_SIZE = 256  # inputs per task: enough to make Dask's per-task overhead negligible
CHUNK_BYTES = 8 * 1024 * 1024  # ... or fewer when the files are large
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: keeps every worker busy while the head is written
BATCH_SIZE = 512  # documents per write transaction
# Seconds a task may wait while the cluster has no worker at all before this process reads its
# inputs itself: workers killed while starting (a restart killed again) are not started anew, and
# the task would wait for one forever.
NO_WORKER_GRACE = 30.0
# Seconds an input whose workers died waits for the cluster's other tasks to finish before it is
# tried alone (a shared cluster may never be idle: then it is tried anyway).
CONFIRM_WAIT = 60.0

log = logging.getLogger(__name__)

Outcome = Rejected | NewDocument | SeenDocument


@dataclass(slots=True)
class _Chunk:
    """Inputs cut from the stream, in order: each resolved in the main process or sent to a worker."""

    names: list[str] = field(default_factory=list)
    resolved: list[Outcome | None] = field(default_factory=list)  # None: the worker's outcome fills it
    works: list[Work] = field(default_factory=list)
    input_hashes: dict[int, str] = field(default_factory=dict)  # slot -> input hash of a file
    size: int = 0
    future: Any = None


def _cut(items: Iterable[Input], options: IngestOptions) -> Iterator[_Chunk]:
    chunk = _Chunk()
    for item in items:
        chunk.names.append(item.name)
        slot = len(chunk.resolved)
        if item.problem:
            chunk.resolved.append(Rejected(item.name, item.problem))
        elif item.path is not None:
            try:
                data = read_file(item, options)  # on the main process: a remote worker may not see this disk
            except AigapError as exc:
                chunk.resolved.append(Rejected(item.name, exc.message))
            else:
                chunk.resolved.append(None)
                chunk.input_hashes[slot] = input_hash(item.path.name, data)
                chunk.works.append(Work(item.name, data=data, filename=item.path.name, source_uri=file_uri(item)))
                chunk.size += len(data)
        else:
            chunk.resolved.append(None)
            chunk.works.append(Work(item.name, record=item.record, url=item.url))
        if len(chunk.names) >= CHUNK_SIZE or chunk.size >= CHUNK_BYTES:
            yield chunk
            chunk = _Chunk()
    if chunk.names:
        yield chunk


def _skip_known(store: Store, chunk: _Chunk) -> None:
    """Resolve the inputs whose content is already stored, so no worker reads them again."""
    slots = [i for i, r in enumerate(chunk.resolved) if r is None]
    keys: dict[int, str] = {}  # slot -> content hash (records) or input hash (files)
    for slot, work in zip(slots, chunk.works, strict=True):
        if work.record is not None and str(work.record["text"]).strip():
            keys[slot] = content_hash(str(work.record["text"]))
        elif slot in chunk.input_hashes:
            keys[slot] = chunk.input_hashes[slot]
    if not keys:
        return
    records = [k for s, k in keys.items() if s not in chunk.input_hashes]
    files = [k for s, k in keys.items() if s in chunk.input_hashes]
    known = {**(store.known_content(records) if records else {}), **(store.known_inputs(files) if files else {})}
    remaining: list[Work] = []
    for slot, work in zip(slots, chunk.works, strict=True):
        doc_pk = known.get(keys.get(slot, ""))
        if doc_pk is None:
            remaining.append(work)
            continue
        uri = record_uri(work.record, work.name) if work.record is not None else str(work.source_uri)
        chunk.resolved[slot] = SeenDocument(doc_pk, uri)
    chunk.works = remaining


class _Writer:
    """Buffers outcomes in input order and stores them in batches, updating the report."""

    def __init__(self, store: Store, report: IngestReport, progress: Callable[[int], None] | None) -> None:
        self.store, self.report, self.progress = store, report, progress
        self.buffer: list[tuple[str, NewDocument | SeenDocument]] = []
        self.unreported = 0  # inputs taken since the progress bar last moved

    def take(self, name: str, outcome: Outcome) -> None:
        self.unreported += 1
        if isinstance(outcome, Rejected):
            self.report.rejected.append((name, outcome.reason))
        else:
            self.buffer.append((name, outcome))
        if len(self.buffer) >= BATCH_SIZE:
            self.flush()

    def _write(self) -> list[tuple[str, NewDocument | SeenDocument, AddResult]]:
        items = [o for _n, o in self.buffer]
        try:
            return [(n, o, r) for (n, o), r in zip(self.buffer, self.store.add_documents(items, EXTRACTOR_VERSION),
                                                   strict=True)]
        except DocumentRefused:
            pass  # a value the database refuses: find which input, store the others
        out: list[tuple[str, NewDocument | SeenDocument, AddResult]] = []
        for name, o in self.buffer:
            try:
                out.append((name, o, self.store.add_documents([o], EXTRACTOR_VERSION)[0]))
            except DocumentRefused as exc:
                self.report.rejected.append((name, refused(name, exc)))
        return out

    def flush(self) -> None:
        if self.buffer:
            with deferred_signals():  # a batch stored and counted, or neither
                for name, outcome, res in self._write():
                    if isinstance(outcome, NewDocument):
                        count_stored(self.report, name, outcome.doc, res, len(outcome.claims))
                    else:
                        count_stored(self.report, name, None, res, 0)
                self.buffer = []
        if self.progress and self.unreported:
            self.progress(self.unreported)
        self.unreported = 0

    def failed_extraction(self, name: str, got: Extracted, in_hash: str | None) -> Outcome:
        """Extraction failed: a duplicate stays a duplicate (the single path never extracts those)."""
        self.flush()  # so "known" includes every earlier input of this run
        known = self.store.known_content([got.doc.content_hash]).get(got.doc.content_hash)
        if known is None:
            return Rejected(name, got.failure or f"{name}: extraction failed")
        return NewDocument(got.doc, [], in_hash)


def _outcomes(chunk: _Chunk, results: Sequence[Extracted | Rejected], writer: _Writer) -> Iterator[tuple[str, Outcome]]:
    pending = iter(zip(chunk.works, results, strict=True))
    for slot, (name, res) in enumerate(zip(chunk.names, chunk.resolved, strict=True)):
        if res is not None:
            yield name, res
            continue
        work, got = next(pending)
        if isinstance(got, Extracted):
            restore(got.doc, work)
        if isinstance(got, Rejected):
            yield name, got
        elif got.failure:
            yield name, writer.failed_extraction(name, got, chunk.input_hashes.get(slot))
        else:
            yield name, NewDocument(got.doc, got.claims, chunk.input_hashes.get(slot))


def ingest_parallel(
    store: Store,
    inputs: Sequence[str],
    *,
    recursive: bool = False,
    from_list: str | None = None,
    jsonl: str | None = None,
    options: IngestOptions | None = None,
    progress: Callable[[int], None] | None = None,
    link: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
) -> IngestReport:
    """``ingest`` with reading and extraction on a Dask cluster: a local one of ``workers``
    processes, the one whose scheduler is at ``scheduler`` (``tcp://host:8786``), or the one of an
    open ``distributed.Client``."""
    report = IngestReport()

    def started(run_id: int) -> None:
        report.run_id = run_id

    with recorded_run(store, run_command(inputs, from_list, jsonl), lambda: run_summary(report), started):
        with ExitStack() as stack:
            if client is None:
                client = stack.enter_context(dask_client(workers, scheduler))
            _run(store, client, report, inputs, recursive=recursive, from_list=from_list, jsonl=jsonl,
                 options=options or IngestOptions(), progress=progress, workers=workers)
        link_pending(store, report, link)
    return report


def _results(client: Any, chunk: _Chunk, options: IngestOptions, watch: _Watch) -> list[Extracted | Rejected]:
    """A chunk's outcomes. When its task failed (its worker died too often: ``KilledWorker``; or an
    error no reader catches), each input is retried alone, so only the inputs that fail alone are
    rejected, each with its name."""
    try:
        return _result(client, chunk.future, chunk.works, options, watch)
    except Exception as exc:
        if len(chunk.works) == 1:
            return [_confirmed(client, chunk.works[0], exc, options, watch)]
        # Workers died reading this chunk: one of its inputs may kill whoever reads it, so with no
        # worker left its inputs are not read in this process (which it would kill too).
        suspect = type(exc).__name__ == "KilledWorker"
    finally:
        chunk.future.release()  # frees the result on the worker now, not at garbage collection
    singles = [client.submit(process_chunk, [w], options, pure=False) for w in chunk.works]
    out: list[Extracted | Rejected] = []
    for work, fut in zip(chunk.works, singles, strict=True):
        try:
            out += _result(client, fut, [work], options, watch, suspect)
        except Exception as exc:
            out.append(_confirmed(client, work, exc, options, watch))
        finally:
            fut.release()
    return out


def _confirmed(client: Any, work: Work, exc: Exception, options: IngestOptions, watch: _Watch) -> Extracted | Rejected:
    """An input alone in its task whose workers died: rejected only if they die again while it is
    the only task on the cluster. A worker's death counts against every task it held, the ones
    queued behind the running one too, so an input that shares a worker with one that kills it
    can fail without being the cause."""
    if type(exc).__name__ != "KilledWorker":
        return _task_failed(work, exc)
    deadline = time.monotonic() + CONFIRM_WAIT
    while any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.1)  # the tasks in flight finish on their own: their results wait for us
    fut = client.submit(process_chunk, [work], options, pure=False)
    try:
        return _result(client, fut, [work], options, watch, suspect=True)[0]
    except Exception as again:
        return _task_failed(work, again)
    finally:
        fut.release()


@dataclass(slots=True)
class _Watch:
    """Since when the cluster has had no worker (None: it has one). Shared by every wait of a run, so
    once the grace has passed the remaining inputs are read here at once, not after a grace each."""

    alone_since: float | None = None
    told: bool = False

    def gone(self, client: Any) -> bool:
        if client.scheduler_info().get("workers"):
            self.alone_since = None
        elif self.alone_since is None:
            self.alone_since = time.monotonic()
        return self.alone_since is not None and time.monotonic() - self.alone_since >= NO_WORKER_GRACE


def _result(client: Any, future: Any, works: Sequence[Work], options: IngestOptions, watch: _Watch,
            suspect: bool = False) -> list[Extracted | Rejected]:
    """``future``'s outcomes; read here, in this process, when the cluster has had no worker for
    ``NO_WORKER_GRACE`` seconds (every worker died and none came back), so the batch goes on; a
    ``suspect`` input (of a chunk its workers died reading) is then rejected, not read here."""
    # A task that ended (an error included: KilledWorker names an input that kills its reader) is
    # never read here: only inputs no worker was left to read.
    while future.done() or not watch.gone(client):
        try:
            return list(future.result(timeout=1.0))
        except TimeoutError:
            pass
    future.cancel()
    if suspect:
        return [Rejected(w.name, f"{w.name}: not read: workers died reading the inputs sent with it and "
                                 "no worker is left") for w in works]
    if not watch.told:
        watch.told = True
        log.warning("no Dask worker left for %.0f s: the rest of the batch is read in this process", NO_WORKER_GRACE)
    return process_chunk(works, options)


def _task_failed(work: Work, exc: Exception) -> Rejected:
    if type(exc).__name__ == "KilledWorker":
        return Rejected(work.name, f"{work.name}: the worker reading it died each time it was tried")
    return Rejected(work.name, f"{work.name}: {type(exc).__name__}: {exc}".splitlines()[0])


def _run(store: Store, client: Any, report: IngestReport, inputs: Sequence[str], *, recursive: bool,
         from_list: str | None, jsonl: str | None, options: IngestOptions,
         progress: Callable[[int], None] | None, workers: int | None) -> None:
    writer = _Writer(store, report, progress)
    n_workers = max(1, len(client.scheduler_info().get("workers", {})), workers or 0)
    window: deque[_Chunk] = deque()
    watch = _Watch()

    def drain_head() -> None:
        head = window.popleft()
        results: list[Extracted | Rejected] = []
        if head.future is not None:
            if not head.future.done():
                writer.flush()  # write what is ready while the workers finish the head
            results = _results(client, head, options, watch)
        for name, outcome in _outcomes(head, results, writer):
            writer.take(name, outcome)

    def unskipped() -> Iterator[Input]:
        for item in expand_inputs(list(inputs), recursive=recursive, from_list=from_list, jsonl=jsonl):
            if item.skip:
                report.skipped.append((item.name, item.skip))
            else:
                yield item

    for chunk in _cut(unskipped(), options):
        _skip_known(store, chunk)
        if chunk.works:
            chunk.future = client.submit(process_chunk, chunk.works, options, pure=False)
        window.append(chunk)
        while len(window) >= IN_FLIGHT_PER_WORKER * n_workers:
            drain_head()
    while window:
        drain_head()
    writer.flush()
