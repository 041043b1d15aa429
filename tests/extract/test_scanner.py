"""One case per construction, both languages: span, value, interval, qualifier, unit, aspect."""

from __future__ import annotations

import pytest

from aigap.extract.scanner import scan

CASES = [
    # text, number_text, value, value_high, qualifier, unit, aspect
    ("美国投资达到31亿美元。", "31亿美元", 3.1e9, None, "exact", "USD", "level"),
    ("营业收入2631亿元人民币", "2631亿元人民币", 2.631e11, None, "exact", "CNY", "level"),
    ("进口集成电路4795亿颗", "4795亿颗", 4.795e11, None, "exact", "chips", "level"),
    ("研发人员超过50万人", "超过50万人", 5e5, None, "over", "people", "level"),
    ("市场规模达1.2万亿元", "1.2万亿元", 1.2e12, None, "exact", "CNY", "level"),
    ("投资三十一亿美元", "三十一亿美元", 3.1e9, None, "exact", "USD", "level"),
    ("市值突破两万亿美元", "突破两万亿美元", 2e12, None, "over", "USD", "level"),
    ("占比百分之二十八", "百分之二十八", 28, None, "exact", "percent", "level"),
    ("融资额３１亿元", "３１亿元", 3.1e9, None, "exact", "CNY", "level"),
    ("发表了约12,450篇论文", "约12,450篇", 12450, None, "approx", "papers", "level"),
    ("已有500余家企业", "500余家", 500, None, "over", "companies", "level"),
    ("發表了12,450多篇論文", "12,450多篇", 12450, None, "over", "papers", "level"),
    ("中國約有兩千億元投資", "約有兩千億元", 2e11, None, "approx", "CNY", "level"),
    ("市场规模已突破数千亿美元", "数千亿美元", 1e11, 1e12, "vague", "USD", "level"),
    ("有几十家公司", "几十家", 10, 100, "vague", "companies", "level"),
    ("上百个模型", "上百个", 100, None, "at_least", "models", "level"),
    ("已有数百万用户", "数百万", 1e6, 1e7, "vague", "people", "level"),  # users are people (claims.md)
    ("融资10-20亿元", "10-20亿元", 1e9, 2e9, "range", "CNY", "level"),
    ("融资10至20亿元", "10至20亿元", 1e9, 2e9, "range", "CNY", "level"),
    ("同比增长6.9%", "同比增长6.9%", 6.9, None, "exact", "percent", "change"),
    ("较上年下降10.8%", "下降10.8%", -10.8, None, "exact", "percent", "change"),
    ("价格翻倍", "翻倍", 100, None, "exact", "percent", "change"),
    ("同比增长超过一倍", "增长超过一倍", 100, None, "over", "percent", "change"),
    ("阿里巴巴与Claude并列第二", "并列第二", 2, None, "exact", "rank", "level"),
    ("GPT-4位居榜首", "榜首", 1, None, "exact", "rank", "level"),
    ("包揽前两位", "前两位", 2, None, "at_most", "rank", "level"),
    ("其中有一半来自中国", "一半", 50, None, "exact", "percent", "share"),
    ("约42亿元人民币(约5.892亿美元)", "约5.892亿美元", 5.892e8, None, "approx", "USD", "level"),
    ("The US allocated $3.1 billion to AI.", "$3.1 billion", 3.1e9, None, "exact", "USD", "level"),
    ("raised $50B in total", "$50B", 5e10, None, "exact", "USD", "level"),
    ("revenue of 1.9bn yuan", "1.9bn yuan", 1.9e9, None, "exact", "CNY", "level"),
    ("a market of 2 trillion dollars", "2 trillion dollars", 2e12, None, "exact", "USD", "level"),
    ("over 500,000 researchers", "over 500,000", 5e5, None, "over", "people", "level"),
    ("about 35% of papers", "about 35%", 35, None, "approx", "percent", "level"),
    ("grew 5 per cent last year", "grew 5 per cent", 5, None, "exact", "percent", "change"),
    ("fell 2.5 percentage points", "fell 2.5 percentage points", -2.5, None, "exact", "percent", "change"),
    ("at least 262 startups", "at least 262", 262, None, "at_least", "companies", "level"),
    ("up to 200,000 tokens", "up to 200,000", 2e5, None, "at_most", "tokens", "level"),
    ("less than 20 companies", "less than 20", 20, None, "under", "companies", "level"),
    ("nearly 80 models", "nearly 80", 80, None, "approx", "models", "level"),
    ("between $10–20 billion", "$10–20 billion", 1e10, 2e10, "range", "USD", "level"),
    ("sixty-one notable models", "sixty-one", 61, None, "exact", "models", "level"),
    ("a dozen companies", "a dozen", 12, None, "exact", "companies", "level"),
    ("several hundred billion dollars", "several hundred billion dollars", 1e11, 1e12, "vague", "USD", "level"),
    ("hundreds of startups", "hundreds of", 100, 1000, "vague", "companies", "level"),
    ("HK$3 billion in funding", "HK$3 billion", 3e9, None, "exact", "HKD", "level"),
    ("€2 billion for chips", "€2 billion", 2e9, None, "exact", "EUR", "level"),
    ("RMB 40 billion", "RMB 40 billion", 4e10, None, "exact", "CNY", "level"),
    ("its revenue more than doubled", "more than doubled", 100, None, "over", "percent", "change"),
    ("a market of £200m", "£200m", 2e8, None, "exact", "GBP", "level"),
    ("China's output was three times larger", "three times", 3, None, "exact", "other:times", "level"),
]


@pytest.mark.parametrize(("text", "number_text", "value", "high", "qualifier", "unit", "aspect"), CASES)
def test_construction(text: str, number_text: str, value: float, high: float | None, qualifier: str, unit: str,
                      aspect: str) -> None:
    got = [q for q in scan(text) if number_text in q.number_text or q.number_text in number_text]
    assert got, f"nothing found in {text!r}: {scan(text)}"
    q = got[-1] if "(" in text else got[0]
    assert text[q.start : q.end] == q.number_text
    assert q.value == pytest.approx(value)
    assert (q.value_high is None) if high is None else q.value_high == pytest.approx(high)
    assert (q.qualifier, q.unit, q.aspect) == (qualifier, unit, aspect)


@pytest.mark.parametrize(
    "text",
    [
        "2024年,美国决定限制AI芯片出口。", "by Anthony Law    2024-12-15", "截至2024年8月", "in fiscal 2024",
        "电话: (852) 92622251", "地址: 香港北角英皇道367-373号上润中心19A室", "京ICP备2023006237号-1",
        "GPT-4的表现", "Qwen 1.5系列", "Llama-2模型", "昇腾910B芯片", "A100 GPU", "华为Mate 60系列", "新麒麟9000芯片",
        "这三个因素是关键", "分为两大类", "近两年受到关注", "在过去的两三年里", "不到两年的时间里", "百模大战",
        "实现0到1的突破", "第二次工业革命", "688082.SH", "Copyright © 2024 All rights Reserved", "一个开发栈",
        "This is the second of three articles", "Part Two", "the 2023 report", "over the next three years",
    ],
)
def test_not_a_claim(text: str) -> None:
    from aigap.extract import extract_claims

    assert extract_claims(text, "t") == []


def test_offsets_survive_traditional_and_full_width() -> None:
    text = "據統計，中國ＡＩ企業融資約３１億元，佔全球兩成。"
    qs = scan(text)
    assert [text[q.start : q.end] for q in qs] == [q.number_text for q in qs]
    assert {q.number_text: q.value for q in qs} == {"約３１億元": 3.1e9, "兩成": 20.0}
