"""Source commands: ``ingest`` (read, extract, store) and ``docs`` (list documents or stories, set a
document's source class)."""

from __future__ import annotations

import getpass
import os
import threading

import typer

from aigap.errors import NotFound, ValidationError
from aigap.reconcile.reliability import CLASSES, document_class
from aigap.sources import FetchOptions, IngestOptions, ingest_parallel, stories
from aigap.sources import ingest as run_ingest
from aigap.sources.inputs import count_inputs

from ._app import app
from ._common import OutputFormat, console, emit, err_console, progress, state, terminal_text

__all__: list[str] = []


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(None, help="Files, directories or http(s) URLs to ingest."),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Descend into sub-directories."),
    from_list: str | None = typer.Option(None, "--from-list", help="A file listing paths and URLs, one a line."),
    jsonl: str | None = typer.Option(None, "--jsonl", help="A JSON Lines corpus (text, url, title, published, outlet, lang)."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", help="Reject inputs larger than this."),
    workers: int | None = typer.Option(
        None, "--workers", "-w", min=1,
        help="Read and extract on a local Dask cluster of N processes (needs aigap[scale]); this process stores."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Use the Dask cluster whose scheduler is at this address (tcp://HOST:8786)."),
    link: bool = typer.Option(
        True, "--link/--no-link", help="Link near duplicates and translations into stories afterwards."),
    no_private_urls: bool = typer.Option(
        False, "--no-private-urls",
        help="Refuse URLs (and redirect hops) that resolve to loopback, private or other non-public addresses."),
    allow_url_host: list[str] = typer.Option(
        None, "--allow-url-host", help="With --no-private-urls, still trust this host (repeatable)."),
    fetch_deadline: float = typer.Option(
        60.0, "--fetch-deadline", min=0.1, help="Give up on a URL after this many seconds in all."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Report format (table or json)."),
) -> None:
    """Ingest documents: read, extract every claim, store once. Exit 0 when all were stored,
    2 when any input was rejected (the rest are stored)."""
    items = list(inputs or [])
    if not items and not from_list and not jsonl:
        raise typer.BadParameter("name at least one input, --from-list FILE or --jsonl FILE")
    store = state.store()
    options = IngestOptions(max_bytes=max_bytes, fetch=FetchOptions(
        deadline=fetch_deadline, allow_private=not no_private_urls,
        allowed_hosts=frozenset(h.lower() for h in allow_url_host or ())))
    with progress("ingesting", unit="docs") as advance:
        if workers or scheduler:
            # The total comes from a cheap count (lines, file names) in the background: the ETA
            # appears once it is known, and ingestion does not wait for it.
            counter = threading.Thread(
                target=lambda: advance.set_total(
                    count_inputs(items, recursive=recursive, from_list=from_list, jsonl=jsonl)),
                daemon=True)
            counter.start()
            rep = ingest_parallel(
                store, items, recursive=recursive, from_list=from_list, jsonl=jsonl, options=options,
                progress=advance, link=link, workers=workers, scheduler=scheduler,
            )
        else:
            rep = run_ingest(
                store, items, recursive=recursive, from_list=from_list, jsonl=jsonl, options=options,
                progress=advance, link=link,
            )
    if fmt is OutputFormat.json:
        emit(rep.to_json(), fmt)
    else:
        console.print(
            f"stored {rep.stored} new documents ({rep.claims} claims), "
            f"{rep.duplicates} already stored, {len(rep.rejected)} rejected"
        )
        for _inp, reason in rep.skipped:
            err_console.print(terminal_text(f"skipped: {reason}", one_line=True), soft_wrap=True)
        for _inp, note in rep.notes:
            err_console.print(terminal_text(f"note: {note}", one_line=True), soft_wrap=True)
        for _inp, reason in rep.rejected:
            err_console.print(terminal_text(f"rejected: {reason}", one_line=True), soft_wrap=True)
    if rep.rejected:
        raise typer.Exit(2)


docs_app = typer.Typer(help="Stored documents: list them (or their stories), set a document's source class.",
                       invoke_without_command=True)
app.add_typer(docs_app, name="docs")


@docs_app.callback()
def docs(
    ctx: typer.Context,
    show_stories: bool = typer.Option(False, "--stories", help="List stories (translations and duplicates grouped)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List stored documents with their source class, or with --stories the groups of one story."""
    if ctx.invoked_subcommand is not None:
        return
    store = state.store(read_only=True)
    if show_stories:
        groups = stories(store)
        emit([g.to_json() for g in groups], fmt, columns=["story", "documents"],
             rows=[[g.story, ", ".join(g.documents)] for g in groups])
        return
    rows = store.documents()
    data = []
    for d in rows:
        cls, why = document_class(d.outlet, d.source_uri, None, d.extra)
        data.append({"id": d.doc_id, "title": d.title, "author": d.author, "outlet": d.outlet,
                     "published": d.published, "language": d.language, "script": d.script, "story": d.story_id,
                     "claims": d.n_claims, "source": d.source_uri, "source_class": cls, "class_reason": why})
    emit(data, fmt, columns=["id", "title", "published", "language", "claims", "story", "class"],
         rows=[[d["id"], d["title"], d["published"], d["language"], d["claims"], d["story"], d["source_class"]]
               for d in data])


@docs_app.command("set-class")
def set_class(
    doc_id: str = typer.Argument(..., help="The document's id (as `aigap docs` lists it) or its number."),
    source_class: str = typer.Argument(..., help=f"One of {', '.join(CLASSES)}, or 'auto' for the outlet table's."),
) -> None:
    """Set a document's source class (its figures' weight in the consensus), overriding the outlet table."""
    cls = None if source_class.strip().lower() == "auto" else source_class.strip().lower().replace("-", "_")
    if cls is not None and cls not in CLASSES:
        raise ValidationError(f"source class {source_class!r}: not a class", hint=f"use one of {', '.join(CLASSES)} or auto")
    store = state.store()
    try:
        doc = store.set_document_class(doc_id, cls)
    except NotFound:
        if not doc_id.isdigit():
            raise
        doc = store.set_document_class(int(doc_id), cls)
    # a person's judgement that moves the consensus: in the audit log like the API's writes
    store.review.log(os.environ.get("USER") or getpass.getuser(), "documents.class", f"document:{doc.id}",
                     {"source_class": cls}, via="cli")
    console.print(f"{doc.doc_id}: source class {cls or 'from the outlet table'}", highlight=False, markup=False)
