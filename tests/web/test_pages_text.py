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
