"""Units as claims.md and annotation.md give them: counts with their noun, token counts, prices per
unit, and what is not a claim at all. Sentences are written for these tests (not corpus quotes)."""

from __future__ import annotations

import pytest

from aigap.extract import extract_claims
from aigap.records import Claim


def claims(text: str) -> list[Claim]:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    return extract_claims(text, "t", language=lang)


def one(text: str, number_text: str) -> Claim:
    found = [c for c in claims(text) if c.number_text == number_text]
    assert found, [c.number_text for c in claims(text)]
    return found[0]


ZH_TABLE = """| 模型 | 输入价格 | 上下文 Token 长度 | 最大输出 Token | 发布数量 |
| ---- | -------- | ----------------- | -------------- | -------- |
| 甲模型 | 3 元 | 64k | 8k | 12 |
| 乙模型 | 1.5 元 | 1M | 4k | 7 |
"""
EN_TABLE = """| Model | Context window (tokens) | GPUs used | Notes |
|---|---|---|---|
| Alpha | 200K | 16,000 | 3 variants |
| Beta | 32K | 2,048 | 12 |
"""


@pytest.mark.parametrize(("text", "number_text", "unit", "value"), [
    (ZH_TABLE, "64k", "tokens", 64_000), (ZH_TABLE, "1M", "tokens", 1e6), (ZH_TABLE, "4k", "tokens", 4_000),
    (EN_TABLE, "200K", "tokens", 200_000), (EN_TABLE, "16,000", "chips", 16_000), (EN_TABLE, "2,048", "chips", 2_048),
])
def test_a_table_cell_counts_what_its_column_header_names(text: str, number_text: str, unit: str, value: float) -> None:
    c = one(text, number_text)
    assert (c.unit, c.value) == (unit, pytest.approx(value))


def test_a_table_cell_keeps_its_own_unit_and_a_header_without_a_noun_leaves_count() -> None:
    assert one(ZH_TABLE, "3 元").unit == "CNY"  # the cell's own currency, whatever the header
    assert one(ZH_TABLE, "12").unit == "count"  # 发布数量 names no unit
    assert one(EN_TABLE, "12").unit == "count"  # "Notes" names none either
