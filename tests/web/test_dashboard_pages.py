"""The dashboard as a first-time analyst sees it, in chromium with every request off 127.0.0.1 refused:
the API reference offline, the answer first in both languages, no page wider than the screen, charts
with axis titles and a working PNG download. Screenshots of every page at both widths and languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

pytestmark = pytest.mark.browser
WIDTHS = {"phone": (390, 844), "desktop": (1400, 900)}
TOKEN = "test-token-123"  # the live fixture's token


def test_docs_list_operations_offline(offline: Any, live: httpx.Client, artifacts: Path) -> None:
    ops = {f"{m.upper()} {p}" for p, item in live.get("/openapi.json").json()["paths"].items() for m in item}
    assert "GET /api/gap" in ops
    page = offline.page()
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    shown = {f"{b.query_selector('.opblock-summary-method').inner_text().strip()} "
             f"{b.query_selector('.opblock-summary-path').get_attribute('data-path')}"
             for b in page.query_selector_all(".opblock")}
    assert ops <= shown
    page.screenshot(path=str(artifacts / "docs.png"), full_page=True)
    page.goto("/redoc")
    page.wait_for_selector("[data-section-id]")
    assert "/api/gap" in page.inner_text("body")
    page.screenshot(path=str(artifacts / "redoc.png"))
    csp = live.get("/docs").headers["content-security-policy"]
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "http" not in csp  # nothing from another host
    assert not offline.refused, offline.refused
    assert not offline.errors, offline.errors


def test_headline_answers_first_in_both_languages(offline: Any, live: httpx.Client, artifacts: Path) -> None:
    g = live.get("/api/gap").json()
    cg = g["composite_gap"]
    assert cg["probability_first_leads"] > 0.5 and cg["between"] == ["US", "CN"]  # the demo data: the US leads
    # as the headline writes them: whole points from 10 up, one decimal below
    gap, lo, hi = ((f"{round(v):,}" if abs(v) >= 10 else f"{v:.1f}").replace("-", "\u2212")
                   for v in (cg["median"], cg["low"], cg["high"]))
    pct = f"{round(100 * cg['probability_first_leads'])}%"
    latest = max(v["period"] for i in g["indicators"] for v in i["values"].values())
    trends = {k: sum(len(p.get(k, [])) for p in g["pillar_trends"].values()) for k in ("widening", "narrowing")}
    page = offline.page()
    page.goto("/?lang=en")
    # the first thing in the page's main column after its title
    assert page.evaluate("document.querySelector('main > h1').nextElementSibling.id") == "headline"
    text = page.inner_text("#headline")
    assert text.startswith(f"The United States leads China by {gap} points"), text
    assert f"90% interval {lo} to {hi}" in text and pct in text and f"as of {latest}" in text
    assert f"narrows on {trends['narrowing']} and widens on {trends['widening']}" in text
    assert " US " not in f" {text} " and " CN " not in f" {text} "  # names, not codes
    assert len(re.findall(r"\.(?!\d)", text)) <= 3  # one or two sentences (decimal points are no full stops)
    page.screenshot(path=str(artifacts / "headline-en.png"))
    page.goto("/?lang=zh")
    zh = page.inner_text("#headline")
    assert zh.startswith(f"美国领先中国{gap}分"), zh
    assert f"90%区间{lo}至{hi}" in zh and pct in zh and f"数据截至{latest}" in zh
    assert f"{trends['narrowing']}项缩小、{trends['widening']}项扩大" in zh
    assert not any(w in zh for w in ("US", "CN", "points", "interval"))
    page.screenshot(path=str(artifacts / "headline-zh.png"))
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def every_page(live: httpx.Client) -> list[str]:
    """One URL of each kind of page, with real content (a document with claims, a dataset row)."""
    doc = max(live.get("/api/documents").json(), key=lambda d: d["claims"])
    claim = live.get("/api/claims", params={"source": doc["doc_id"], "limit": 1}).json()["claims"][0]
    ref = next(s for i in live.get("/api/gap").json()["indicators"] for v in i["values"].values()
               for s in v["sources"] if s.startswith("dataset:"))
    return ["/", "/claims", f"/documents/{doc['id']}", "/conflicts", "/add", f"/source?ref={quote(ref)}",
            f"/source?ref=claim:{claim['id']}", "/methodology", "/report", "/docs", "/redoc"]


# Names that stay as they are on a 中文 page: products, benchmarks, formats, this program, the switch.
PROPER = {"aigap", "English", "CSV", "JSON", "API", "Epoch", "ECI", "FLOP", "GPQA", "Diamond", "SWE-bench", "Verified",
          "FrontierMath", "OTIS", "AIME", "SimpleQA", "Chatbot", "Arena", "SuperCLUE", "Elo", "PNG", "SVG", "BibTeX",
          "PDF", "HAI", "GDP", "GAII", "Tortoise"}
# The page's own words: source texts (quotations, titles of works, ids, a document's text, marked with its
# language) are the sources' words, not the page's.
OWN_WORDS = """() => { const b = document.body.cloneNode(true);
  b.querySelectorAll('script, style, code, cite, blockquote, [lang], .modebar, datalist').forEach(e => e.remove());
  return b.innerText; }"""


def english_words(page: Any) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", page.evaluate(OWN_WORDS)) if w not in PROPER]


def test_every_page_fits_both_widths_and_languages(offline: Any, live: httpx.Client, artifacts: Path) -> None:
    wide: list[str] = []
    english: dict[str, list[str]] = {}
    paths = every_page(live)  # the same pages at each width and language (this test writes nothing)
    for size, (w, h) in WIDTHS.items():
        page = offline.page(w, h)
        for lang in ("en", "zh"):
            for path in paths:
                page.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
                page.wait_for_load_state("load")
                if path == "/":
                    page.wait_for_selector("#trend-chart .main-svg")
                    page.wait_for_selector("#lag-chart .main-svg")
                elif path == "/docs":
                    page.wait_for_selector(".opblock")
                elif path == "/redoc":
                    page.wait_for_selector("[data-section-id]")
                scroll, client = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                if scroll > client:
                    wide.append(f"{path} {lang} at {w}px: {scroll} > {client}")
                # Swagger UI and Redoc speak English (the briefing's footnotes mark the sources' own
                # words as quoted: <q lang>, <cite>, <code>)
                skip = ("/docs", "/redoc")
                if lang == "zh" and path not in skip and (words := english_words(page)):
                    english[path] = words
                name = path.strip("/").split("?")[0].replace("/", "-") or "dashboard"
                # JPEG: 44 full pages, some 30,000 px tall, encode in half the time PNG takes
                page.screenshot(path=str(artifacts / f"{name}-{lang}-{size}.jpg"), full_page=True, quality=85)
    assert not wide, wide
    assert not english, english
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def test_charts_have_axis_titles_year_ticks_and_download(offline: Any, wait_until: Any, artifacts: Path) -> None:
    page = offline.page()
    page.goto("/?lang=en")
    for chart in ("#pillar-chart", "#trend-chart", "#lag-chart"):
        page.wait_for_selector(f"{chart} .main-svg")
    assert page.text_content("#lag-chart .ytitle") == "lag (months)"
    assert page.text_content("#lag-chart .xtitle") == "date"
    assert "score (0–100" in page.text_content("#pillar-chart .ytitle")
    # a single-year indicator: points, year ticks, no "2,023.5"
    page.select_option("#trend-pick", "ai_papers")
    wait_until(page, lambda: "AI publications" in page.text_content("#trend-chart .gtitle"))
    assert page.text_content("#trend-chart .ytitle") == "papers" and page.text_content("#trend-chart .xtitle") == "year"
    ticks = [t.text_content() for t in page.query_selector_all("#trend-chart .xtick text")]
    assert "2023" in ticks and all(t.isdigit() and len(t) == 4 for t in ticks), ticks
    assert not page.query_selector_all("#trend-chart .scatterlayer .js-line")  # markers, no line
    assert page.query_selector_all("#trend-chart .scatterlayer .point")
    # compute since 1950 spans 20 orders of magnitude: a log axis
    page.select_option("#trend-pick", "frontier_training_compute")
    wait_until(page, lambda: page.text_content("#trend-chart .ytitle") == "FLOP")
    yt = [t.text_content() for t in page.query_selector_all("#trend-chart .ytick text")]
    assert any("10" in t for t in yt) and not any("e+" in t for t in yt), yt
    assert page.query_selector("#trend-chart .modebar") is not None
    assert page.query_selector("#trend-chart [data-title*='Cloud' i], #trend-chart [data-title*='Chart Studio' i]") is None
    page.hover("#trend-chart")
    with page.expect_download() as png:
        page.click("#trend-chart .modebar-btn[data-title='Download plot as a png'], "
                   "#trend-chart .modebar-btn[data-title='Download plot as a PNG']")
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    with page.expect_download() as svg:
        page.click("#trend-chart .modebar-btn[data-title='Download plot as SVG']")
    assert b"<svg" in Path(svg.value.path()).read_bytes()[:500]
    page.screenshot(path=str(artifacts / "charts-en.png"), full_page=True)
    page.goto("/?lang=zh")
    page.wait_for_selector("#lag-chart .main-svg")
    assert page.text_content("#lag-chart .ytitle") == "落后（月）"
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def test_view_lives_in_the_url_and_sliders_answer(offline: Any, wait_until: Any, artifacts: Path) -> None:
    page = offline.page()
    page.goto("/?lang=en")
    page.wait_for_selector("#pillar-chart .main-svg")
    assert page.is_disabled("input[data-pillar=policy]")  # the demo data has nothing on policy
    before = page.inner_text("#composite-US")
    # the demo's market figures rest on one blog alone, set aside: no data enters that pillar either
    assert page.is_disabled("input[data-pillar=market]")
    for p in ("research", "talent", "investment", "models"):
        page.fill(f"input[data-pillar={p}]", "0")
    page.fill("input[data-pillar=compute]", "5")
    wait_until(page, lambda: "w_compute=5" in page.url and "w_research=0" in page.url
               and not page.query_selector("#composite[aria-busy]"))
    wait_until(page, lambda: page.inner_text("#composite-US") != before)
    shown = {k: page.inner_text(k) for k in ("#composite-US", "#composite-CN", "#interval-CN", "#lead-probability")}
    assert float(shown["#composite-US"]) > float(before)
    assert "w_policy" not in page.url  # a pillar without data moves nothing and is not part of the view
    page.reload()
    page.wait_for_selector("#pillar-chart .main-svg")
    assert {k: page.inner_text(k) for k in shown} == shown  # the URL reproduces the view
    assert page.input_value("input[data-pillar=compute]") == "5"
    assert page.input_value("input[data-pillar=research]") == "0"
    page.screenshot(path=str(artifacts / "dashboard-weights-en.png"), full_page=True)
    page.click("#reset-view")
    page.wait_for_url("**/")
    assert page.inner_text("#composite-US") == before
    page.select_option("#view-per", "capita")
    page.click("#view-form button[type=submit]")
    page.wait_for_url("**per=capita**")
    assert page.input_value("#view-per") == "capita"
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def test_methodology_report_and_cite(offline: Any, live: httpx.Client, artifacts: Path) -> None:
    from aigap import __version__
    from aigap.indicators import catalogue

    page = offline.page()
    for lang in ("en", "zh"):
        page.goto(f"/methodology?lang={lang}")
        names = page.inner_text("#catalogue")
        for ind in catalogue().indicators.values():
            assert (ind.zh if lang == "zh" else ind.en).split(" (")[0].split("（")[0] in names, ind.id
            if ind.pillar in catalogue().pillars:  # each definition in the page's language
                assert ind.definition_zh and (ind.definition_zh if lang == "zh" else ind.definition) in names, ind.id
        presets = page.inner_text("#weight-presets")
        assert ("等权：每个支柱权重相同" if lang == "zh" else "Equal weights: every pillar") in presets
        assert "gov_ai_rd_funding" not in names
        assert page.query_selector("nav a[href='/methodology']") and page.query_selector("nav a[href='/report']")
        page.screenshot(path=str(artifacts / f"methodology-{lang}.png"), full_page=True)
    page.goto("/report?lang=zh")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.query_selector("nav.site a[href='/']") and page.query_selector("nav.site a[href='/methodology']")
    with page.expect_download(timeout=180_000) as pdf:
        page.click("#report-pdf")
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
    g = live.get("/api/gap").json()
    latest = max(v["period"] for i in g["indicators"] for v in i["values"].values())
    page.goto("/?lang=en")
    text, bib = page.inner_text("#cite-text"), page.inner_text("#cite-bibtex")
    assert f"aigap {__version__}" in text and f"data as of {latest}" in text
    assert bib.startswith("@software{aigap") and f"version = {{{__version__}}}" in bib and latest in bib
    for path in ("/", "/claims", "/conflicts", "/add"):
        page.goto(path)
        assert page.query_selector("nav a[href='/methodology']") and page.query_selector("nav a[href='/report']"), path
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def test_add_page_tells_the_truth(offline: Any, wait_until: Any, artifacts: Path) -> None:
    page = offline.page()
    page.goto("/add?lang=en")
    page.fill("#token", TOKEN)
    page.fill("#add-text", "2024年，中国人工智能私人投资为93亿美元。该市有94家咖啡馆。")
    page.click("#store-btn")
    page.wait_for_selector("#stored-link")
    assert page.inner_text("#add-status").startswith("Stored as document")
    marked = [r.inner_text() for r in page.query_selector_all("#add-claims tr.no-indicator")]
    counted = [r.inner_text() for r in page.query_selector_all("#add-claims tr.added-claim:not(.no-indicator)")]
    assert len(counted) == 1 and "Private AI investment" in counted[0], counted
    assert len(marked) == 1 and "94家" in marked[0] and "(counts for no indicator)" in marked[0], marked
    page.click("#store-btn")  # the same text again
    wait_until(page, lambda: page.inner_text("#add-status").startswith("Already stored"))
    page.screenshot(path=str(artifacts / "add-again-en.png"), full_page=True)
    page.goto("/add?lang=zh")
    page.fill("#token", "wrong")
    page.fill("#add-text", "2024年投资100亿元。")
    page.click("#store-btn")
    wait_until(page, lambda: "令牌" in page.inner_text("#add-status"))
    said = page.inner_text("#add-status")
    assert "提示：" in said and "AIGAP_TOKEN" in said and not re.search(r"\b(required|header|token is)\b", said), said
    page.fill("#token", TOKEN)
    page.fill("#add-text", "")
    page.fill("#add-url", "http://10.0.0.1/x.html")
    page.click("#store-btn")
    wait_until(page, lambda: "--allow-url-host" in page.inner_text("#add-status"))
    assert "已拒绝" in page.inner_text("#add-status")
    assert not offline.refused, offline.refused
