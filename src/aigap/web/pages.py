"""HTML pages (Jinja2, autoescaped): dashboard, claims explorer, document view, conflicts, add."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from aigap.analyze.answer import CompositeGap, GapAnswer
from aigap.errors import NotFound
from aigap.format import figure, period_span, short_number
from aigap.indicators import catalogue
from aigap.store import ClaimFilter, Store

from .extra import cite
from .guard import MAX_INT
from .headline import as_of, country_name, headline
from .i18n import LANGS, pick_lang, tr
from .labels import LABELS, indicator_name, note, unit_name
from .panels import anchors_view, country_picker
from .service import (
    Cache,
    ClaimQuery,
    claims_page,
    conflicts_json,
    counts,
    document_view,
    gap_analysis,
    gap_answer,
    gap_json,
)

__all__ = ["router"]

SOURCE_SUGGESTIONS = 500

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
router = APIRouter()


def safe_href(url: str | None) -> str | None:
    """Only http(s) links become hrefs: a javascript: or data: URL from a document stays text."""
    if not url:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# Catalogue names carry notes for whoever writes claims ("say which in the claim"): not for readers.
_EDITOR_NOTE = re.compile(r"\s*;\s*say which[^)]*")


def display_name(name: str | None) -> str:
    """An indicator's name as a reader sees it: no editor's note, no e-notation (1e23 -> 10²³)."""
    text = _EDITOR_NOTE.sub("", name or "")
    text = re.sub(r"\b1e(\d+)\b", lambda m: "10" + m.group(1).translate(_SUP), text)
    return text.replace(">=", "≥").replace("<=", "≤")


TEMPLATES.env.filters["num"] = short_number
TEMPLATES.env.filters["name"] = display_name
TEMPLATES.env.filters["span"] = period_span
TEMPLATES.env.globals["safe_href"] = safe_href


def _render(request: Request, name: str, ctx: dict[str, Any]) -> HTMLResponse:
    lang = pick_lang(request)
    cat = catalogue()
    base = {"lang": lang, "t": tr(lang), "other_lang": "zh" if lang == "en" else "en", "cat": cat,
            "path": request.url.path, "query": {k: v for k, v in request.query_params.items() if k != "lang"},
            "pillar_name": lambda p: cat.pillars[p].zh if lang == "zh" and p in cat.pillars else
            (cat.pillars[p].en if p in cat.pillars else p),
            # a figure as its source stated it, in the page's conventions (aigap.format.figure)
            "fig": lambda v, unit=None, q=None, high=None: figure(v, unit, lang, q, high),
            "unit_name": lambda u: unit_name(u, lang), "L": LABELS[lang],
            "ind_name": lambda i: display_name(indicator_name(i, lang)),
            "note": lambda n: note(n, lang),
            "country": lambda c: (n := country_name(c, lang))[:1].upper() + n[1:]}
    resp = TEMPLATES.TemplateResponse(request, name, {**base, **ctx})
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie("lang", lang, samesite="lax", httponly=True)
    return resp


def _store(request: Request) -> Store:
    s: Store = request.app.state.open_store()
    return s


def _cache(request: Request) -> Cache:
    c: Cache = request.app.state.cache
    return c


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, weights: str = "equal", normalize: str = "ratio",
              per: str | None = None) -> HTMLResponse:
    # The view lives in the URL (shareable; a reload reproduces it): the same parameters as /api/gap.
    # Countries as "US,CN,IN" or, from the picker's form sent without JavaScript, countries=US&countries=CN.
    from .api import _pillar_weights
    from .reweigh import ReweighedGap, base_result, reweigh

    countries = ",".join(v for v in request.query_params.getlist("countries") if v.strip()) or None
    view = {"countries": countries, "weights": weights, "normalize": normalize, "per": per or None}
    pw = _pillar_weights(request)
    key = gap_analysis(countries=countries, weights=weights, normalize=normalize, per=per or None).key
    if pw or _cache(request).peek(key) is None:
        # one computation serves the page, /api/gap and the sliders (after a write, say)
        res = base_result(_store(request), _cache(request), countries=countries, weights=weights,
                          normalize=normalize, per=per or None, draws=1000, seed=0)
    g = gap_json(_store(request), _cache(request), **view)  # the JSON, for the template
    a = gap_answer(_store(request), _cache(request), **view)  # the record, for what is computed here
    said: CompositeGap | ReweighedGap = a.composite_gap
    if pw:  # the composite exactly as the sliders computed it (/api/gap/composite), so a reload agrees
        rw = reweigh(res, pw)
        j = rw.to_json()
        # each country's card keeps its coverage and as-of; its scores are the reweighed ones
        g = {**g, "composite": {c: {**g["composite"].get(c, {}), **v} for c, v in j["composite"].items()},
             "weights": {**g["weights"], "pillars": rw.pillar_weights},
             **{k: j[k] for k in ("composite_gap", "rank_probability") if k in j}}
        said = rw.composite_gap or said
    by_pillar: dict[str, list[dict[str, Any]]] = {}
    for ind in g["indicators"]:
        by_pillar.setdefault(ind["pillar"], []).append(ind)
    from aigap.reconcile import attribution

    lang = pick_lang(request)
    stated = _stated_forms(_store(request), a)
    names = {p: (v.zh if lang == "zh" else v.en) for p, v in catalogue().pillars.items()}
    return _render(request, "dashboard.html", {"g": g, "by_pillar": by_pillar, "attribution": attribution(),
                                               "headline": headline(a, lang, said, with_source=not pw),
                                               "reweighed": bool(pw), "stated": stated, "view": view,
                                               "cite": cite(as_of(a), lang),
                                               "picker": country_picker(_store(request), _cache(request),
                                                                        list(g["countries"]), lang),
                                               "anchors": anchors_view(g, lang),
                                               "country_names_json": json.dumps(
                                                   {c: (n := country_name(c, lang))[:1].upper() + n[1:]
                                                    for c in g["countries"]}, ensure_ascii=False),
                                               "counts": counts(_store(request), _cache(request)),
                                               "pillar_names_json": json.dumps(names, ensure_ascii=False)})


def _stated_forms(store: Store, a: GapAnswer) -> dict[tuple[str, str], tuple[str, float | None]]:
    """(indicator, country) -> (qualifier, high) for figures that come from one claim: the dashboard
    then shows "> $50 bn" or "$100 bn–1 tn" as the text said, not a bare "50 bn". A figure converted
    (yuan to dollars) keeps its claim's proportions."""
    wanted: dict[int, tuple[str, str, float]] = {}
    for ind in a.indicators:
        for c, v in ind.values.items():
            srcs = v.sources
            if len(srcs) == 1 and srcs[0].startswith("claim:") and srcs[0][6:].isdigit():
                wanted[int(srcs[0][6:])] = (ind.id, c, float(v.value))
    out: dict[tuple[str, str], tuple[str, float | None]] = {}
    if not wanted:
        return out
    for sc in store.claims(ClaimFilter(ids=sorted(wanted))):
        ind_id, c, value = wanted[sc.id]
        cl = sc.claim
        high = cl.value_high
        if high is not None and cl.value:
            high = high * value / cl.value
        out[(ind_id, c)] = (cl.qualifier, high)
    return out


def _quote_marks(store: Store, rows: list[dict[str, Any]]) -> dict[int, tuple[int, int]]:
    """Claim id -> (start, end) of the claim's own characters inside its quote, from its offsets in
    the document (the first occurrence of the number text may be another figure: "另一席")."""
    texts: dict[int, str] = {}
    out: dict[int, tuple[int, int]] = {}
    for r in rows:
        quote, start, end = r.get("quote") or "", r.get("start"), r.get("end")
        if not quote or start is None or end is None:
            continue
        if r["document_id"] not in texts:
            texts[r["document_id"]] = store.document(int(r["document_id"])).text or ""
        text = texts[r["document_id"]]
        # the quote is a window of the text around the claim: the occurrence that contains its span
        at = text.find(quote, max(0, end - len(quote)))
        while at != -1 and at <= start:
            if at + len(quote) >= end:
                out[r["id"]] = (start - at, end - at)
                break
            at = text.find(quote, at + 1)
    return out


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, indicator: str | None = None, pillar: str | None = None, country: str | None = None,
           period: str | None = None, source: str | None = None, language: str | None = None,
           conflicting: bool = False, after: int | None = Query(None, ge=0, le=MAX_INT), limit: int = Query(50, ge=1, le=500),
           ) -> HTMLResponse:
    q = ClaimQuery(indicator or None, pillar or None, country or None, period or None, source or None,
                   language or None, conflicting, after, limit)
    page = claims_page(_store(request), q, _cache(request), pick_lang(request))
    params = {k: v for k, v in request.query_params.items() if k not in ("after", "lang")}
    next_url = f"/claims?{urlencode({**params, 'after': page.next_after})}" if page.next_after else None
    export = urlencode({k: v for k, v in params.items()})
    return _render(request, "claims.html", {"page": page, "q": q, "next_url": next_url, "export_query": export,
                                            "marks": _quote_marks(_store(request), page.rows),
                                            # suggestions, not a list of a million documents
                                            "docs": _store(request).documents(limit=SOURCE_SUGGESTIONS)})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: int = PathParam(ge=-MAX_INT, le=MAX_INT)) -> HTMLResponse:
    store = _store(request)
    view = document_view(store, doc_id)
    # where a figure's source link leads: each claim says who reviewed it and when
    lang = pick_lang(request)
    view["reviewed"] = {cid: m.said(lang) for cid, m in store.review.marks([c.id for c in view["claims"]]).items()}
    return _render(request, "document.html", view)


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts(request: Request) -> HTMLResponse:
    return _render(request, "conflicts.html", {"conflicts": conflicts_json(_store(request), _cache(request), pick_lang(request))})


@router.get("/add", response_class=HTMLResponse)
def add(request: Request) -> HTMLResponse:
    lang = pick_lang(request)
    names = {i.id: display_name(i.zh if lang == "zh" else i.en) for i in catalogue().indicators.values()}
    return _render(request, "add.html", {"indicator_names_json": json.dumps(names, ensure_ascii=False)})


@router.get("/source", response_class=HTMLResponse, response_model=None)
def source(request: Request, ref: str) -> HTMLResponse | RedirectResponse:
    """Where a figure came from: a claim opens at its place in the document; a dataset row is shown."""
    store = _store(request)
    kind, _, rest = ref.partition(":")
    if kind == "claim" and rest.isdigit() and int(rest) <= MAX_INT:
        found = store.claims(ClaimFilter(ids=[int(rest)]))
        if not found:
            raise NotFound(f"claim {rest} is not in the database")
        return RedirectResponse(f"/documents/{found[0].document_id}#claim-{found[0].id}", status_code=303)
    if kind == "dataset" and "#" in rest:
        dataset_id, _, locator = rest.partition("#")
        meta = next((d for d in store.datasets() if d["id"] == dataset_id), None)
        if meta is None:
            raise NotFound(f"dataset {dataset_id!r} is not in the database")
        rows = [o for o in store.observations(dataset_id=dataset_id) if o.get("row_locator") == locator]
        return _render(request, "source.html", {"ref": ref, "meta": meta, "rows": rows})
    raise NotFound(f"source {ref!r}: expected claim:<id> or dataset:<id>#<row>")
