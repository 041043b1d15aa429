"""What the pages say, read from the HTML a real server sends: figures as their sources stated them
(bounds, ranges, vague amounts, spans), in each language's conventions, never in e-notation."""

from __future__ import annotations

import html
import re

import httpx

E_NOTATION = re.compile(r"\d[eE][+-]?\d")


def cells(page: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        found = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if found:
            rows.append(found)
    return rows


def row_of(page: str, name: str) -> list[str]:
    return next(r for r in cells(page) if r[0] == name)


def test_dashboard_figures_as_stated(live: httpx.Client) -> None:
    en = live.get("/?lang=en").text
    assert row_of(en, "AI market size")[2:4] == ["$100 bn–1 tn [1]", "$100 bn–1 tn [1]"]  # "several hundred billion"
    assert row_of(en, "Total AI investment (venture and corporate)")[2:4] == ["> $50 bn [1]", "≈ $40 bn [1]"]
    assert row_of(en, "AI patents or patent applications")[1] == "2017–2023"
    assert row_of(en, "Largest training compute of the year")[2].startswith("5 × 10²⁶ FLOP")
    zh = live.get("/?lang=zh").text
    assert row_of(zh, "AI市场规模")[2] == "1000亿–1万亿美元 [1]"
    assert row_of(zh, "AI投资总额")[2:4] == ["超过500亿美元 [1]", "约400亿美元 [1]"]
    assert " bn" not in zh and "$" not in "".join(c for r in cells(zh) for c in r)
    for page in (en, zh):
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        assert not E_NOTATION.search(text), E_NOTATION.search(text)


def test_claims_pages_show_bounds_and_ranges(live: httpx.Client) -> None:
    zh = live.get("/claims", params={"lang": "zh", "limit": 500}).text
    rows = cells(zh)
    vague = next(r for r in rows if "数千亿美元" in r[0])
    assert vague[1] == "1000亿–1万亿美元", vague
    over = next(r for r in rows if "超过50万人" in r[0])
    assert over[1] == "超过50万", over
    for page in (zh, live.get("/claims", params={"lang": "en", "limit": 500}).text, live.get("/conflicts").text):
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        quotes = " ".join(r[0] for r in cells(page))
        assert not E_NOTATION.search(text.replace(quotes, "")), E_NOTATION.search(text)


def test_explorer_highlights_each_claims_own_characters(live: httpx.Client, web_db: str) -> None:
    from aigap.store import Store

    store = Store.open(web_db)
    texts: dict[int, str] = {}
    page = live.get("/claims", params={"limit": 500, "lang": "en"}).text
    rows = re.findall(r'<tr class="claim" id="row-(\d+)" data-start="(\d+)" data-end="(\d+)">'
                      r'<td class="quote"[^>]*>(.*?)</td>', page, re.S)
    assert len(rows) > 100
    moved = 0
    claims = {c["id"]: c for c in live.get("/api/claims", params={"limit": 500}).json()["claims"]}
    for cid, start, end, cell in rows:
        c = claims[int(cid)]
        text = texts.setdefault(c["document_id"], store.document(int(c["document_id"])).text or "")
        before, marked, after = re.fullmatch(r"(.*?)<mark>(.*?)</mark>(.*)", cell, re.S).groups()  # type: ignore[union-attr]
        assert html.unescape(marked) == text[int(start):int(end)], cid
        assert html.unescape(before + marked + after) == c["quote"]
        moved += html.unescape(before) != c["quote"][: c["quote"].find(c["number_text"])]
    assert moved  # some claims' numbers appear earlier in their quote: the first occurrence would be wrong
    store.close()
