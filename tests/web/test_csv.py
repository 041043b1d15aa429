"""CSV downloads open right in Excel: UTF-8 with a BOM, and no cell that a spreadsheet would run as a
formula; the gap is there as CSV too."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

TOKEN = "test-token-123"  # the live fixture's token
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BOM = b"\xef\xbb\xbf"


def _rows(r: httpx.Response) -> list[dict[str, str]]:
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example","点击")', "+1+cmd|' /C calc'!A0", "-2+3",
                                   "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_formula_cells_are_neutralised(live: httpx.Client, title: str) -> None:
    r = live.post("/api/documents", json={"text": f"2024年中国AI投资约400亿美元。{title}", "title": title}, headers=AUTH)
    assert r.status_code == 201, r.text
    rows = _rows(live.get("/api/documents", params={"format": "csv"}))
    assert [row["title"] for row in rows if row["title"].lstrip("'") == title] == ["'" + title]
    claims = _rows(live.get("/api/claims", params={"format": "csv", "source": r.json()["doc_id"]}))
    assert claims and all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for row in claims for v in row.values())


def test_csv_has_a_bom_and_chinese_survives(live: httpx.Client) -> None:
    docs = _rows(live.get("/api/documents", params={"format": "csv"}))
    titles = [d["title"] for d in docs]
    assert len(docs) == 5 and any("中美" in t for t in titles), titles
    assert "quote_a" in live.get("/api/conflicts", params={"format": "csv"}).text.splitlines()[0]  # even if empty
    assert _rows(live.get("/api/claims", params={"format": "csv", "limit": 500}))


def test_gap_as_csv(live: httpx.Client) -> None:
    data = live.get("/api/gap").json()
    rows = _rows(live.get("/api/gap", params={"format": "csv"}))
    assert [r["indicator"] for r in rows] == [i["id"] for i in data["indicators"]]
    first = next(i for i in data["indicators"] if "US" in i["values"] and "CN" in i["values"])
    row = next(r for r in rows if r["indicator"] == first["id"])
    assert float(row["US"]) == pytest.approx(first["values"]["US"]["value"])
    assert float(row["CN"]) == pytest.approx(first["values"]["CN"]["value"])
    assert row["pillar"] == first["pillar"] and row["unit"] == first["unit"]
    assert live.get("/api/gap", params={"format": "xlsx"}).status_code == 400
