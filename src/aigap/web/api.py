"""The REST API: documents, claims, conflicts, gap, trend, lag, exports; writes need the token.

List endpoints answer JSON, or CSV with ``format=csv``. Errors share one shape (see ``app``).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from aigap.analyze.answer import GapAnswer
from aigap.errors import AigapError, InputError, ValidationError
from aigap.indicators import catalogue
from aigap.records import Claim, Document
from aigap.store import Store

from .auth import audit_write, require_token
from .guard import MAX_INT, clean_filename
from .service import (
    Analysis,
    Answer,
    Cache,
    ClaimQuery,
    answer,
    claims_page,
    conflicts_json,
    document_view,
    encode,
    gap_analysis,
    lag_analysis,
    review_json,
    trend_analysis,
)
from .workers import Workers, extract_and_preview, extract_only, read_and_extract, read_and_preview

__all__ = ["TooLarge", "router"]

router = APIRouter(prefix="/api")


class TooLarge(AigapError):
    status_code = 413


class NewDocument(BaseModel):
    text: str | None = Field(None, description="The document's text (or give a url).")
    title: str | None = None
    url: str | None = Field(None, description="Fetched when no text is given; private addresses are refused.")


def _store(request: Request) -> Store:
    s: Store = request.app.state.open_store()
    return s


def _cache(request: Request) -> Cache:
    c: Cache = request.app.state.cache
    return c


def _json(body: bytes) -> Response:
    # Encoded once here (and cached for the analyses) rather than walked by FastAPI's generic
    # encoder, which costs more than the query behind a claims page.
    return Response(body, media_type="application/json")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(v: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: a string that would start a formula gets a
    leading ' (numbers stay numbers)."""
    if isinstance(v, dict | list):
        v = json.dumps(v, ensure_ascii=False)
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def _csv(rows: list[dict[str, Any]], name: str, columns: Sequence[str] = ()) -> Response:
    """``columns``: the header when there may be no rows (an empty table still says what it holds)."""
    # A BOM first: without it Excel reads UTF-8 as the local code page (Chinese turns to mojibake).
    buf = io.StringIO()
    buf.write("\ufeff")
    cols: list[str] = list(columns)
    for r in rows:
        cols += [k for k in r if k not in cols]
    w = csv.DictWriter(buf, fieldnames=[_cell(c) for c in cols] or ["empty"], extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({_cell(k): _cell(v) for k, v in r.items()})
    return Response(buf.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _gap_rows(a: GapAnswer) -> list[dict[str, Any]]:
    """The gap's indicators, one row each: the figure of every country, the leader and the ratio."""
    rows = []
    for i in a.indicators:
        row: dict[str, Any] = {"indicator": i.id, "name": i.name, "name_zh": i.name_zh, "pillar": i.pillar,
                               "period": i.period, "unit": i.unit, "leader": i.leader, "ratio": i.ratio}
        for c in a.countries:
            row[c] = i.values[c].value if c in i.values else None
        rows.append(row)
    return rows


def _listing(rows: list[dict[str, Any]], fmt: str, name: str) -> Any:
    if fmt == "csv":
        return _csv(rows, name)
    if fmt != "json":
        raise InputError(f"format {fmt!r}: choose json or csv")
    return _json(encode(rows))


def _doc_json(d: Any) -> dict[str, Any]:
    from aigap.reconcile.reliability import document_class

    cls, why = document_class(d.outlet, d.source_uri, None, d.extra)
    return {"id": d.id, "doc_id": d.doc_id, "title": d.title, "author": d.author, "outlet": d.outlet,
            "published": d.published, "language": d.language, "script": d.script, "story": d.story_id,
            "claims": d.n_claims, "source": d.source_uri, "source_class": cls, "class_reason": why}


class SourceClassBody(BaseModel):
    source_class: str | None  # None or "auto": back to the outlet table's class


@router.put("/documents/{doc_id}/class", dependencies=[Depends(require_token)])
def api_set_class(request: Request, doc_id: int, body: SourceClassBody) -> dict[str, Any]:
    """Override a document's source class (its figures' weight in the consensus); needs the token."""
    from aigap.reconcile.reliability import CLASSES

    raw = (body.source_class or "auto").strip().lower().replace("-", "_")
    cls = None if raw == "auto" else raw
    if cls is not None and cls not in CLASSES:
        raise ValidationError(f"source class {body.source_class!r}: not a class", hint=f"use one of {', '.join(CLASSES)} or auto")
    store = _store(request)
    store.set_document_class(doc_id, cls)
    audit_write(request, "documents.class", f"document:{doc_id}", {"source_class": cls})  # a write: audited
    request.app.state.cache.clear()
    return _doc_json(store.document(doc_id, with_text=False))


@router.get("/documents")
def api_documents(request: Request, limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_INT),
                  format: str = "json") -> Any:
    return _listing([_doc_json(d) for d in _store(request).documents(limit=limit, offset=offset)], format, "documents")


@router.get("/documents/{doc_id}")
def api_document(request: Request, doc_id: int = PathParam(ge=-MAX_INT, le=MAX_INT)) -> dict[str, Any]:
    v = document_view(_store(request), doc_id)
    d = v["doc"]
    marks = _store(request).review.marks([c.id for c in v["claims"]])
    return {**_doc_json(d), "text": d.text, "translations": v["translations"],
            "claims": [{"id": c.id, **c.claim.to_json(), **review_json(marks.get(c.id))} for c in v["claims"]]}


def _claim_query(indicator: str | None, pillar: str | None, country: str | None, period: str | None,
                 source: str | None, language: str | None, conflicting: bool, after: int | None,
                 limit: int) -> ClaimQuery:
    return ClaimQuery(indicator or None, pillar or None, country or None, period or None, source or None,
                      language or None, conflicting, after, limit)


@router.get("/claims")
def api_claims(request: Request, indicator: str | None = None, pillar: str | None = None, country: str | None = None,
               period: str | None = None, source: str | None = None, language: str | None = None,
               conflicting: bool = False, after: int | None = Query(None, ge=0, le=MAX_INT),
               limit: int = Query(50, ge=1, le=500), format: str = "json") -> Any:
    page = claims_page(_store(request), _claim_query(indicator, pillar, country, period, source, language,
                                                     conflicting, after, limit), _cache(request))
    if format == "csv":
        return _csv(page.rows, "claims")
    if format != "json":
        raise InputError(f"format {format!r}: choose json or csv")
    return _json(encode({"claims": page.rows, "next_after": page.next_after, "count": len(page.rows)}))


@router.get("/conflicts")
def api_conflicts(request: Request, format: str = "json") -> Any:
    rows = conflicts_json(_store(request), _cache(request))
    if format == "csv":
        flat = [{"indicator": c["indicator"], "country": c["country"], "period": c["period"],
                 "value_a": c["figures"][0]["value"], "source_a": c["figures"][0]["source"],
                 "quote_a": c["figures"][0]["quote"], "value_b": c["figures"][1]["value"],
                 "source_b": c["figures"][1]["source"], "quote_b": c["figures"][1]["quote"],
                 "consensus": c["consensus"]["value"]} for c in rows]
        return _csv(flat, "conflicts", ("indicator", "country", "period", "value_a", "source_a", "quote_a",
                                        "value_b", "source_b", "quote_b", "consensus"))
    return _listing(rows, format, "conflicts")


def _pillar_weights(request: Request) -> dict[str, float]:
    out = {}
    for k, v in request.query_params.items():
        if k.startswith("w_"):
            pid = k[2:]
            if pid not in catalogue().pillars:
                raise InputError(f"{k}: unknown pillar {pid!r}")
            try:
                out[pid] = float(v)
            except ValueError:
                raise ValidationError(f"{k}={v!r}: a weight is a number") from None
            if not 0 <= out[pid] <= 100:  # also refuses nan
                raise ValidationError(f"{k}={v!r}: a weight is between 0 and 100")
    return out


async def _respond(request: Request, analysis: Analysis, fmt: str = "json",
                   rows: Any = None, name: str = "") -> Response:
    """An analysis as JSON (or CSV of ``rows(record)``): from the cache in the event loop when
    current, else computed (or the data's revision checked) in a worker thread."""
    if fmt not in ("json", "csv") or (fmt == "csv" and rows is None):
        raise InputError(f"format {fmt!r}: choose {'json or csv' if rows is not None else 'json'}")
    cache = _cache(request)
    hit: Answer | None = cache.peek(analysis.key)
    if hit is None:
        hit = await run_in_threadpool(lambda: answer(_store(request), cache, analysis))
    if fmt == "csv":
        return _csv(rows(hit.record), name)
    return _json(hit.body)


@router.get("/gap")
async def api_gap(request: Request, countries: str = "US,CN", weights: str = "equal", normalize: str = "ratio",
                  per: str | None = None, draws: int = Query(1000, ge=1, le=20000),
                  seed: int = Query(0, ge=0, le=MAX_INT), format: str = "json") -> Response:
    """Same parameters and JSON as `aigap gap`; pillar weights as w_<pillar>=N (e.g. w_models=2).
    ``format=csv``: the indicators, one row each."""
    return await _respond(request, gap_analysis(countries=countries, weights=weights,
                                                pillar_weights=_pillar_weights(request), normalize=normalize,
                                                per=per, draws=draws, seed=seed), format, _gap_rows, "gap")


@router.get("/trend/{indicator}")
async def api_trend(request: Request, indicator: str, countries: str = "US,CN") -> Response:
    return await _respond(request, trend_analysis(indicator, countries))


@router.get("/lag")
async def api_lag(request: Request, benchmark: str | None = None, countries: str = "US,CN") -> Response:
    return await _respond(request, lag_analysis(benchmark, countries))


@router.get("/indicators")
def api_indicators() -> list[dict[str, Any]]:
    return [i.model_dump() for i in catalogue().indicators.values()]


@router.get("/export/datapackage")
def api_datapackage(request: Request) -> Response:
    """Claims, observations and consensus with provenance and attribution, as a zipped data package."""
    from aigap.reconcile.export import export

    with tempfile.TemporaryDirectory() as tmp:
        files = export(_store(request), "datapackage", Path(tmp))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in files:
                z.write(f, f.relative_to(tmp).as_posix())
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="aigap-datapackage.zip"'})


async def _read_body(request: Request) -> tuple[bytes, str]:
    cap: int = request.app.state.max_upload
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise TooLarge(f"upload of {int(declared):,} bytes is over the {cap:,}-byte limit")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            raise TooLarge(f"upload is over the {cap:,}-byte limit")
    return body, request.headers.get("content-type", "")


@router.post("/documents", dependencies=[Depends(require_token)], status_code=201)
async def api_add_document(request: Request) -> Response:
    """JSON ``{"text", "title", "url"}`` or a multipart upload (field ``file``); answers the id and claims.
    With ``?preview=1`` the claims are extracted and returned but nothing is stored."""
    body, ctype = await _read_body(request)
    preview = request.query_params.get("preview") in ("1", "true")
    if ctype.startswith("multipart/form-data"):
        doc_src: dict[str, Any] = await _multipart(request, body, ctype)
    elif ctype.startswith("application/json"):
        try:
            doc_src = NewDocument.model_validate_json(body).model_dump()
        except ValueError as exc:
            raise ValidationError(f"request body: {str(exc).splitlines()[0]}") from None
    else:
        raise ValidationError("send JSON {\"text\", \"title\", \"url\"} or a multipart file upload",
                              hint=f"content type {ctype or 'missing'}")
    for key in ("text", "title", "url"):
        value = doc_src.get(key)
        if isinstance(value, str) and "\x00" in value:  # neither database stores one
            raise ValidationError(f"{key} contains a NUL character")
    got = await _read_and_extract(request, doc_src, preview)
    if isinstance(got, bytes):
        return Response(got, status_code=200, media_type="application/json")
    body, new = await run_in_threadpool(_save, request, *got)
    return Response(body, status_code=201 if new else 200, media_type="application/json")


async def _multipart(request: Request, body: bytes, ctype: str) -> dict[str, Any]:
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartException, MultiPartParser

    async def stream() -> Any:
        yield body

    try:
        form = await MultiPartParser(request.headers, stream(), max_part_size=request.app.state.max_upload).parse()
    except MultiPartException as exc:
        raise ValidationError(f"multipart upload: {exc.message}",
                              hint="send multipart/form-data with a boundary and a field named file") from None
    try:
        f = form.get("file")
        title = form.get("title")
        title = title if isinstance(title, str) and title.strip() else None
        if isinstance(f, UploadFile):
            return {"file": await f.read(), "filename": clean_filename(f.filename),
                    "content_type": f.content_type, "title": title}
        text, url = form.get("text"), form.get("url")
        if isinstance(text, str) and text.strip():
            return {"text": text, "title": title, "url": url if isinstance(url, str) and url.strip() else None}
        if isinstance(url, str) and url.strip():
            return {"text": None, "title": title, "url": url.strip()}
        raise ValidationError("the form needs a file, text or url")
    finally:
        await form.close()  # uploaded parts are spooled to temporary files


async def _read_and_extract(request: Request, src: dict[str, Any], preview: bool) -> tuple[Document, list[Claim]] | bytes:
    """Fetch (on a fetch thread), read and extract (in a worker process): no request thread waits.
    A preview comes back as its JSON, encoded in the worker."""
    from aigap.sources import fetch_document
    from aigap.sources.ingest import REJECTABLE, rejection

    workers: Workers = request.app.state.workers
    state = request.app.state
    try:
        if src.get("file") is None and not src.get("text") and src.get("url"):
            doc = await workers.fetch(lambda: fetch_document(src["url"], allow_private=state.allow_private_urls,
                                                             allowed_hosts=state.allowed_url_hosts,
                                                             options=state.fetch_options))
            if src.get("title"):
                doc.title = src["title"]
            if preview:
                return await workers.extract(extract_and_preview, doc)
            return doc, await workers.extract(extract_only, doc)
        if preview:
            return await workers.extract(read_and_preview, src)
        return await workers.extract(read_and_extract, src)
    except REJECTABLE as exc:  # a reader's surprise about one input is that input's fault, as in the CLI
        if isinstance(exc, AigapError):
            raise
        raise InputError(rejection(src.get("filename") or src.get("url") or "text", exc)) from None


def _save(request: Request, doc: Document, claims: list[Claim]) -> tuple[bytes, bool]:
    """Store the document; its JSON (encoded here, off the event loop) and whether it was new."""
    from aigap.extract import EXTRACTOR_VERSION

    store = _store(request)
    # as sources.ingest.store_document: a known content hash stores no claims again
    known = store.find_document_by_hash(doc.content_hash) is not None
    res = store.add_document(doc, [] if known else claims, EXTRACTOR_VERSION)
    audit_write(request, "documents.add", f"document:{res.id}", {"new": res.new, "doc_id": res.doc_id})
    request.app.state.cache.clear()
    stored = store.claims(document_id=res.id)
    return encode({"id": res.id, "doc_id": res.doc_id, "title": doc.title, "new": res.new, "stored": True,
                   "claims": [{"id": c.id, **c.claim.to_json()} for c in stored]}), res.new
