"""End to end on news-shaped pages the rules were not written from: encodings, metadata, claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigap.sources import ingest
from aigap.store import Store

PAGES = Path(__file__).resolve().parents[1] / "data" / "realistic"


def test_news_pages_ingest_with_metadata_and_claims(store: Store) -> None:
    rep = ingest(store, [str(PAGES / n) for n in ("sina.html", "news.html", "tw.txt")])
    assert rep.rejected == [] and rep.stored == 3
    docs = {d.doc_id: d for d in store.documents()}
    assert (docs["sina"].author, docs["sina"].outlet, docs["sina"].published, docs["sina"].script) == \
        ("张明", "新浪科技", "2024-09-12", "Hans")
    assert (docs["news"].author, docs["news"].outlet, docs["news"].published, docs["news"].language) == \
        ("Sam Lee", "Example News", "2025-04-08", "en")
    assert (docs["tw"].author, docs["tw"].script) == ("王小明", "Hant")
    got = {}
    for c in store.claims():
        text = store.document(c.document_id).text or ""
        assert text[c.claim.start : c.claim.end] == c.claim.number_text
        got[(c.claim.doc, c.claim.number_text)] = c.claim
    nav_or_footer = [k for k in got if k[0] == "sina" and ("4006900000" in k[1] or "1996" in k[1])]
    assert nav_or_footer == []
    assert got[("sina", "超过190个")].metric == "approved_genai_services" and got[("sina", "超过190个")].period == "2024-08"
    assert got[("sina", "1117.4EFLOPS")].value == pytest.approx(1.1174e21)
    assert got[("news", "$109.1 billion")].metric == "private_ai_investment"
    assert got[("news", "$9.3 billion")].subject == "CN"
    assert got[("news", "at least 380 billion yuan")].unit == "CNY"
    assert ("news", "over three") not in got  # "over three years" is a time span, not a claim
    assert got[("tw", "新台幣1兆元")].unit == "other:TWD" if ("tw", "新台幣1兆元") in got else \
        got[("tw", "1兆元")].unit == "other:TWD"
    assert got[("tw", "三成以上")].qualifier == "over" and got[("tw", "三成以上")].subject == "US"
