"""Period attribution, round 2 (spec/annotation.md, "period"): fiscal and bare quarters, cumulative
spans, changes between two dates and relative windows, in both languages.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest

from aigap.extract import extract_claims
from aigap.records import Claim


def one(text: str, number_text: str, published: str | None = None) -> Claim:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    found = extract_claims(text, "t", published=published, language=lang)
    hits = [c for c in found if number_text in c.number_text]
    assert hits, [c.number_text for c in found]
    return hits[0]


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # a fiscal quarter: FY26 ends early in 2026, so its first quarter lies in 2025
    ("The chipmaker posted Q1 FY26 sales of $12B, up 40% YoY.", "$12B", "2025-06", "2025-Q1"),
    ("The chipmaker posted Q1 FY26 sales of $12B, up 40% YoY.", "40%", "2025-06", "2025-Q1"),
    ("For FY2027 Q3 the firm guides revenue to $9B.", "$9B", "2026-03", "2026-Q3"),
    ("该公司FY26 Q2营收达到120亿美元。", "120亿美元", "2025-09", "2025-Q2"),
    # a two-digit fiscal year
    ("Capital spending reached $80 billion in FY25.", "$80 billion", "2025-09", "FY2025"),
    # a quarter without its year takes the document's (the latest such quarter not after its date)
    ("Q3 guidance of $20B disappointed some analysts.", "$20B", "2025-08", "2025-Q3"),
    ("Q3营收达到200亿美元,超出预期。", "200亿美元", "2025-08", "2025-Q3"),
    ("Q4 sales came in at $3B.", "$3B", "2026-02", "2025-Q4"),
])
def test_fiscal_and_bare_quarters(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period
