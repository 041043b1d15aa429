"""Pages people expect: /methodology (generated from the catalogue, the weight presets and the
report's own methodology sentences) and /report (the briefing in the page's language, and as PDF),
both in English and Chinese; and the "cite this" text of the dashboard."""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from aigap import __version__
from aigap.analyze import load_weights
from aigap.indicators import catalogue
from aigap.report.model import Report, build_report

from .i18n import pick_lang, tr
from .labels import unit_name

__all__ = ["cite", "router"]

router = APIRouter(include_in_schema=False)


def report_model(request: Request, lang: str) -> Report:
    store = request.app.state.open_store()
    model: Report = request.app.state.cache.get(("report", lang), lambda: build_report(store, lang=lang))
    return model


def cite(as_of: str | None, lang: str) -> dict[str, str]:
    """Text and BibTeX for citing the dashboard's data, with its as-of date and aigap's version."""
    date = as_of or "n.d."
    year = date[:4] if date[:4].isdigit() else "n.d."
    title = "aigap：中美人工智能竞争的证据与差距分析" if lang == "zh" else "aigap: evidence on the US–China AI race and gap analysis"
    text = (f"aigap {__version__}（数据截至{date}）。{title}。" if lang == "zh"
            else f"aigap {__version__} (data as of {date}). {title}.")
    key = f"aigap{year}"
    bib = (f"@software{{{key},\n  title = {{{title}}},\n  version = {{{__version__}}},\n"
           f"  year = {{{year}}},\n  note = {{data as of {date}}}\n}}")
    return {"text": text, "bibtex": bib}


@router.get("/methodology", response_class=HTMLResponse)
def methodology(request: Request) -> HTMLResponse:
    from .pages import _render, display_name

    lang = pick_lang(request)
    cat = catalogue()
    rows = [{"id": i.id, "name": display_name(i.zh if lang == "zh" else i.en),
             "pillar": cat.pillars[i.pillar].zh if lang == "zh" else cat.pillars[i.pillar].en,
             "unit": unit_name(i.unit, lang), "better": i.better, "definition": i.definition_in(lang),
             "source": i.source or ""} for i in cat.indicators.values() if i.pillar in cat.pillars]
    presets = [load_weights(name) for name in ("equal", "gaii")]
    return _render(request, "methodology.html", {"rows": rows, "presets": presets,
                                                 "sentences": report_model(request, lang).methodology})


def _with_nav(html_text: str, lang: str) -> str:
    """The briefing as ``aigap report`` writes it, with the site's links on top."""
    t = tr(lang)
    nav = (f'<nav class="site"><a href="/">{escape(t("nav_dashboard"))}</a> · <a href="/methodology">'
           f'{"方法说明" if lang == "zh" else "Methodology"}</a> · <a id="report-pdf" href="/report.pdf?lang={lang}">PDF</a>'
           f' · <a href="/report?lang={"en" if lang == "zh" else "zh"}">{escape(t("other_lang"))}</a></nav>')
    # on a phone a wide table scrolls in its own box, and locators wrap: the page never scrolls sideways
    fit = ("<style>td,th,li,a,p,code{overflow-wrap:anywhere}svg{max-width:100%;height:auto}"
           "@media (max-width:720px){table{display:block;overflow-x:auto;max-width:100%}}</style>")
    return html_text.replace("</head>", f"{fit}</head>", 1).replace("<body>", f"<body>{nav}", 1)


@router.get("/report", response_class=HTMLResponse)
def report(request: Request) -> HTMLResponse:
    from aigap.report.html import render_html

    lang = pick_lang(request)
    return HTMLResponse(_with_nav(render_html(report_model(request, lang)), lang))


@router.get("/report.pdf")
def report_pdf(request: Request) -> Response:
    from aigap.report.html import render_html
    from aigap.report.pdf import html_to_pdf

    lang = pick_lang(request)

    def make() -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            out = html_to_pdf(render_html(report_model(request, lang)), Path(tmp) / "report.pdf")
            return out.read_bytes()

    data: bytes = request.app.state.cache.get(("report.pdf", lang), make)
    return Response(data, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="aigap-report-{lang}.pdf"'})


