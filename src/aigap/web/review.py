"""Review through the web: the REST endpoints (``/api/review/...``, bearer token with a role) and the
keyboard-driven review page (``/review``, English and Chinese)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from aigap.errors import NotFound
from aigap.review import STATUSES, export_gold, influences, review_queue
from aigap.review.queue import Influence
from aigap.store import ClaimFilter, Store

from .auth import User, require_role
from .i18n import pick_lang

__all__ = ["api_router", "page_router"]

api_router = APIRouter(prefix="/api/review", tags=["review"])
page_router = APIRouter()

reader = require_role("reader")
reviewer = require_role("reviewer")

# The review page's own words (kept here, not in i18n.yaml, so the page is one self-contained module).
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "review": "Review claims", "queue": "Queue", "influence": "Influence", "confidence": "Confidence",
        "status": "Status", "claim": "Claim", "why": "Why", "accept": "Accept (a)", "fix": "Fix (f, Enter)",
        "reject": "Reject (r)", "next": "Next (j/n)", "add_selection": "Add from selection (s)",
        "keys": "Keys: j or n next · a accept · f fix a field · r reject (say why, Enter) · s add the selected "
                "characters as a claim", "empty": "Nothing to review with these filters.",
        "reviewed_by": "reviewed by {user} on {date}", "unreviewed": "unreviewed", "reviewed": "reviewed",
        "corrected": "corrected", "all": "all", "apply": "Apply", "need_why": "Say why first (the Why field).",
        "saved": "Saved.", "select_first": "Select the characters of a number in the text first.",
    },
    "zh": {
        "review": "审核数据声明", "queue": "待审队列", "influence": "影响", "confidence": "置信度",
        "status": "状态", "claim": "声明", "why": "理由", "accept": "接受 (a)", "fix": "修改 (f, 回车)",
        "reject": "驳回 (r)", "next": "下一条 (j/n)", "add_selection": "将选中文字添加为声明 (s)",
        "keys": "快捷键：j 或 n 下一条 · a 接受 · f 修改字段 · r 驳回（填写理由后回车）· s 将选中文字添加为声明",
        "empty": "当前筛选条件下没有待审声明。", "reviewed_by": "由 {user} 于 {date} 审核",
        "unreviewed": "未审核", "reviewed": "已审核", "corrected": "已修正", "all": "全部", "apply": "应用",
        "need_why": "请先填写理由。", "saved": "已保存。", "select_first": "请先在正文中选中一个数字的文字。",
    },
}
FORM_FIELDS = ("subject", "metric", "value", "value_high", "unit", "qualifier", "aspect", "period", "entity", "note")


class Why(BaseModel):
    why: str | None = Field(None, description="Why (required for fix and reject).")


class Fix(Why):
    fields: dict[str, Any] = Field(..., description="New values, e.g. {\"subject\": \"CN\"}.")


class Add(Why):
    document_id: int
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=1)
    fields: dict[str, Any]


def _store(request: Request) -> Store:
    s: Store = request.app.state.open_store()
    return s


def _queue(request: Request, **filters: Any) -> list[dict[str, Any]]:
    """The queue, with the influences computed once per change of the data (they run the gap)."""
    store = _store(request)
    infl: Influence = request.app.state.cache.get(("review-influence",), lambda: influences(store))
    return review_queue(store, influence=infl, **filters)


def _written(request: Request, c: Any) -> dict[str, Any]:
    request.app.state.cache.clear()
    out: dict[str, Any] = c.to_json()
    out["provenance"] = c.provenance
    return out


@api_router.get("/queue")
def api_queue(request: Request, indicator: str | None = None, country: str | None = None,
              document: str | None = None, status: str = "all", limit: int = Query(100, ge=1, le=5000),
              _user: User = Depends(reader)) -> list[dict[str, Any]]:
    """Claims to review, by influence on the composite (desc), then confidence (asc)."""
    return _queue(request, indicator=indicator, country=country, document=document, status=status, limit=limit)


@api_router.post("/add", status_code=201)
def api_add(request: Request, body: Add, user: User = Depends(reviewer)) -> dict[str, Any]:
    c = _store(request).review.add(body.document_id, body.start, body.end, body.fields, user=user.name,
                                   why=body.why or "", via="api")
    return _written(request, c)


@api_router.post("/{claim_id}/fix")
def api_fix(request: Request, claim_id: int, body: Fix, user: User = Depends(reviewer)) -> dict[str, Any]:
    c = _store(request).review.fix(claim_id, body.fields, user=user.name, why=body.why or "", via="api")
    return _written(request, c)


@api_router.post("/{claim_id}/reject")
def api_reject(request: Request, claim_id: int, body: Why, user: User = Depends(reviewer)) -> dict[str, Any]:
    return _written(request, _store(request).review.reject(claim_id, user=user.name, why=body.why or "", via="api"))


@api_router.post("/{claim_id}/accept")
def api_accept(request: Request, claim_id: int, body: Why | None = None,
               user: User = Depends(reviewer)) -> dict[str, Any]:
    why = body.why if body else None
    return _written(request, _store(request).review.accept(claim_id, user=user.name, why=why, via="api"))


@api_router.get("/export")
def api_export(request: Request, _user: User = Depends(reader)) -> Response:
    """The reviewed claims as gold JSON Lines (``aigap review export``)."""
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in export_gold(_store(request)))
    return Response(body, media_type="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="gold.jsonl"'})


@page_router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, claim: int | None = Query(None, ge=1), status: str = "unreviewed",
                indicator: str | None = None, country: str | None = None, document: str | None = None,
                ) -> HTMLResponse:
    from .pages import _render

    lang = pick_lang(request)
    words = STRINGS[lang]
    if status not in STATUSES:
        status = "unreviewed"
    store = _store(request)
    queue = _queue(request, indicator=indicator or None, country=country or None, document=document or None,
                   status=status, limit=200)
    ids = [r["id"] for r in queue]
    current_id = claim if claim is not None else (ids[0] if ids else None)
    current = None
    segments: tuple[str, str, str] | None = None
    doc = None
    if current_id is not None:
        found = store.claims(ClaimFilter(ids=[current_id]))
        if not found:
            raise NotFound(f"claim {current_id} is not in the database (rejected?)")
        current = found[0]
        doc = store.document(current.document_id)
        text = doc.text or ""
        s, e = current.claim.start, current.claim.end
        segments = (text[:s], text[s:e], text[e:])  # the stored offsets, not a text search
    pos = ids.index(current_id) if current_id in ids else -1
    following = ids[pos + 1:] if pos >= 0 else ids
    nxt = next((i for i in following if i != current_id), None)
    filters = {k: v for k, v in {"status": status, "indicator": indicator, "country": country,
                                 "document": document}.items() if v}
    mark = store.review.marks([current_id]).get(current_id) if current_id is not None else None

    def rt(key: str, **kw: Any) -> str:
        s = words.get(key, key)
        return s.format(**kw) if kw else s

    return _render(request, "review.html", {
        "rt": rt, "queue": queue, "current": current, "doc": doc, "segments": segments, "next_id": nxt,
        "filters": filters, "filter_query": urlencode(filters), "statuses": STATUSES, "form_fields": FORM_FIELDS,
        "values": {f: getattr(current.claim, f) for f in FORM_FIELDS} if current else {},
        "mark": mark, "words_json": json.dumps(words, ensure_ascii=False)})
