"""The dashboard's view in chromium, offline: the country picker (every country with data, its
coverage, in both languages; the choice in the URL), the headline recomputed with the sliders, and the
published composites (anchors) under the composite cards."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from aigap.analyze import country_coverage
from aigap.analyze.countries import known_countries
from aigap.store import Store

pytestmark = pytest.mark.browser


def _picker(page: Any) -> dict[str, str]:
    """Country code -> its line in the picker ("India — 4/25 indicators")."""
    return {b.get_attribute("value"): b.evaluate("b => b.parentNode.textContent").strip()
            for b in page.query_selector_all("#picker-list input[type=checkbox]")}


def test_country_picker_lists_every_country_with_its_coverage(offline: Any, live: httpx.Client, web_db: str,
                                                              wait_until: Any, artifacts: Path) -> None:
    store = Store.open(web_db)
    try:
        cov = country_coverage(store)
    finally:
        store.close()
    used = {c.country: c.used for c in cov.countries}
    assert len(used) > 10 and set(used) <= known_countries() and "IN" in used
    g = live.get("/api/gap").json()
    # the picker counts the indicators the gap has a figure for (those set aside for weak evidence
    # included: they are data, shown; the cards count what enters the composite)
    for c in ("US", "CN"):
        with_figure = sum(1 for i in g["indicators"] if c in i["values"])
        assert (used[c], cov.of) == (with_figure, g["composite"][c]["coverage"]["of"])
        in_composite = sum(1 for i in g["indicators"] if c in i["values"] and not i["set_aside"])
        assert g["composite"][c]["coverage"]["used"] == in_composite

    page = offline.page()
    page.goto("/?lang=en")
    lines = _picker(page)
    assert set(lines) == set(used)  # every country with data, none without
    assert lines["IN"] == f"India — {used['IN']}/{cov.of} indicators"
    assert lines["US"] == f"United States — {used['US']}/{cov.of} indicators"
    assert list(lines)[:2] == ["US", "CN"]  # the chosen first, in the view's order
    assert page.inner_text("#picker-chosen") == "United States, China"
    page.click("#country-picker summary")
    page.check("#picker-list input[value=IN]")
    assert page.inner_text("#picker-chosen") == "United States, China, India"
    page.screenshot(path=str(artifacts / "picker-en.png"), full_page=True)
    page.click("#view-form button[type=submit]")
    page.wait_for_url("**countries=US,CN,IN**")
    assert page.query_selector("#composite-IN") is not None
    assert page.inner_text("#picker-chosen") == "United States, China, India"
    # the sliders keep the view's countries
    page.fill("input[data-pillar=models]", "4")
    wait_until(page, lambda: "w_models=4" in page.url and not page.query_selector("#composite[aria-busy]"))
    assert "countries=US%2CCN%2CIN" in page.url or "countries=US,CN,IN" in page.url
    shown = page.inner_text("#composite-IN")
    page.reload()
    assert page.inner_text("#composite-IN") == shown and _picker(page)["IN"].startswith("India")
    # fewer than two: the form says so and does not send
    page.goto("/?lang=en")
    page.click("#country-picker summary")
    page.uncheck("#picker-list input[value=CN]")
    assert page.is_disabled("#view-form button[type=submit]") and page.is_visible("#picker-two")

    page.goto("/?lang=zh")
    zh = _picker(page)
    assert zh["IN"] == f"印度 — {used['IN']}/{cov.of}项指标" and zh["CN"].startswith("中国 — ")
    assert zh["HK"].startswith("中国香港 — ")  # the label tables' names, not CLDR's
    assert page.inner_text("#picker-chosen") == "美国、中国"
    page.screenshot(path=str(artifacts / "picker-zh.png"), full_page=True)
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def test_country_picker_form_works_without_javascript(live: httpx.Client) -> None:
    # what a browser without JavaScript sends: one countries= per box, in the list's order
    r = live.get("/", params=[("countries", "US"), ("countries", "CN"), ("countries", "IN"), ("lang", "en")])
    assert r.status_code == 200
    assert 'id="composite-IN"' in r.text and 'id="picker-chosen">United States, China, India<' in r.text
    assert re.search(r'value="IN" data-name="India" checked', r.text)
    same = live.get("/?countries=US,CN,IN&lang=en").text
    pick = re.compile(r'id="composite-(\w+)"[^>]*>([^<]*)<')
    assert pick.findall(r.text) == pick.findall(same)


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))


def test_headline_follows_the_sliders(offline: Any, live: httpx.Client, wait_until: Any, artifacts: Path) -> None:
    others = ("talent", "investment", "compute", "models", "market")
    q = "w_research=5&" + "&".join(f"w_{p}=0" for p in others)
    for lang, starts, first_says in (("en", "China leads the United States by ", "The United States leads China"),
                                     ("zh", "中国领先美国", "美国领先中国")):
        rw = live.get(f"/api/gap/composite?{q}&lang={lang}").json()
        cg = rw["composite_gap"]
        assert cg["probability_first_leads"] < 0.5  # research alone: China leads in the demo data
        page = offline.page()
        page.goto(f"/?lang={lang}")
        before = page.inner_text("#headline")
        assert before.startswith(first_says), before
        for p in others:
            if page.is_enabled(f"input[data-pillar={p}]"):  # a pillar without data has no live slider
                page.fill(f"input[data-pillar={p}]", "0")
        page.fill("input[data-pillar=research]", "5")
        wait_until(page, lambda p=page, s=starts: p.inner_text("#headline").startswith(s))
        wait_until(page, lambda p=page: not p.query_selector("#composite[aria-busy]"))
        text = page.inner_text("#headline")
        # the numbers of the same draws: the gap and its interval from China's side, the share of draws
        gap, lo, hi = (f"{round(-v)}" if abs(v) >= 10 else f"{-v:.1f}" for v in (cg["median"], cg["high"], cg["low"]))
        pct = f"{round(100 * (1 - cg['probability_first_leads']))}%"
        nums = _numbers(text)
        assert nums[:3] == [gap, "100", lo] or nums[:4] == [gap, "100", "90", lo], (nums, text)
        assert hi in nums and pct in text, text
        # ... and they agree with the cards and the line under them
        us, cn = float(page.inner_text("#composite-US")), float(page.inner_text("#composite-CN"))
        assert cn > us
        assert page.inner_text("#lead-probability") == (f"probability China leads: {pct}" if lang == "en"
                                                         else f"中国领先的概率：{pct}")
        # the source that moves the answer most was found at the preset weights: not said for these
        assert not page.query_selector("#headline cite") and page.inner_text("#headline-note")
        if lang == "zh":
            assert not re.search(r"[A-Za-z]{3,}", text), text
        page.screenshot(path=str(artifacts / f"headline-reweighed-{lang}.png"))
        page.reload()
        assert page.inner_text("#headline") == text  # the URL reproduces the sentence too
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)


def test_published_composites_under_the_cards(offline: Any, live: httpx.Client, artifacts: Path) -> None:
    g = live.get("/api/gap").json()
    anchors = g["anchors"]
    assert {a["index"] for a in anchors} >= {"Global AI Vibrancy Tool", "Tortoise Global AI Index"}
    # compared in the composite: both countries have a figure and it is not set aside for weak evidence
    both = sum(1 for i in g["indicators"] if "US" in i["values"] and "CN" in i["values"] and not i["set_aside"])
    page = offline.page()
    for lang in ("en", "zh"):
        page.goto(f"/?lang={lang}")
        # under the composite cards, in their section
        assert page.evaluate("!!document.querySelector('#composite #anchors table')")
        rows = [[td.inner_text() for td in tr.query_selector_all("td")]
                for tr in page.query_selector_all("#anchors tbody tr")]
        assert len(rows) == len(anchors)
        for row, a in zip(rows, anchors, strict=True):
            assert row[0] == a["publisher"]
            assert row[1].startswith(a["edition"].split(" (")[0])
            us, cn = (f"{a['values'][c]:g}" if c in a["values"] else ("not published" if lang == "en" else "未发布")
                      for c in ("US", "CN"))
            assert [row[2].replace(",", ""), row[3].replace(",", "")] == [us, cn], row
            assert row[4] == (f"{a['ratio']:.2f}".rstrip("0").rstrip(".") if a["ratio"] is not None else "–")
        why = page.inner_text("#anchors-why")
        if lang == "en":
            assert page.inner_text("#anchors h3") == "Published composites"
            assert why.startswith("Why aigap differs") and f"coverage ({both} indicators" in why
            assert "(data 2024)" in rows[1][1]
        else:
            assert page.inner_text("#anchors h3") == "已发布的综合指数"
            assert why.startswith("aigap与之不同的原因") and f"指标{both}项" in why and "权重（等权）" in why
            assert "（2024年数据）" in rows[1][1] and "data" not in rows[1][1]
        page.screenshot(path=str(artifacts / f"anchors-{lang}.png"), full_page=True)
    assert not offline.refused and not offline.errors, (offline.refused, offline.errors)
