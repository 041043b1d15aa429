"""Period attribution (spec/annotation.md, "period"), one test per construction, in both languages.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one

from aigap.extract.dates import find_dates


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # the clause's own date after the number outranks a date elsewhere in the paragraph
    ("The five-year plan sets goals through 2030.\nThe chipmaker raised $2 billion in its listing this year.",
     "$2 billion", "2025-12-05", "2025"),
    ("规划提出了到2030年的目标。\n该公司募资80亿元创今年新高。", "80亿元", "2025-12-05", "2025"),
    # a relative year right after the number needs no preposition
    ("Output falls from 805k units this year to ~300k next year.", "~300k", "2025-09-08", "2026"),
    ("产量将从今年的80万片降至明年约30万片。", "30万片", "2025-09-08", "2026"),
])
def test_the_clauses_own_date_first(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    ("海关数据显示，仅7月份集成电路出口就达到270亿块。", "270亿块", "2024-08-08", "2024-07"),
    ("OpenAI于2月27日宣布完成1100亿美元融资。", "1100亿美元", "2026-02-28", "2026-02"),
    ("The company booked $5 billion in April.", "$5 billion", "2025-08-27", "2025-04"),
    ("Nvidia lost $589 billion in market value on January 27.", "$589 billion", "2025-02-10", "2025-01"),
    # the latest such month not after the document's date: "in December", written in January
    ("By December, the startup claimed $100 million in annual revenue.", "$100 million", "2026-01-21", "2025-12"),
    ("12月，该公司的年收入达到1亿美元。", "1亿美元", "2026-01-21", "2025-12"),
    # a year its sentence names gives the month its year
    ("2023年全年出货量为500万台，其中7月出货80万台。", "80万台", "2025-02-01", "2023-07"),
])
def test_months_without_a_year(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    ("台积电预计第四季度毛利率将达到58%。", "58%", "2024-10-17", "2024-Q4"),
    ("今年上半年，公司营收达到28.8亿元。", "28.8亿元", "2025-08-28", "2025-H1"),
    ("2025年1至3月，政府背景机构参与融资的比例约为16%。", "16%", None, "2025-Q1"),
    ("今年前8个月，初创企业从海外融资66亿美元。", "66亿美元", "2025-11-16", "2025-01/2025-08"),
    ("较去年10月的5000亿美元估值大幅跃升。", "5000亿美元", "2026-02-28", "2025-10"),
    # 去年同期: the period being talked about, a year earlier; further on it is only a base
    ("今年上半年，公司由去年同期亏损5.3亿元转为盈利10.4亿元。", "5.3亿元", "2025-08-28", "2024-H1"),
    ("今年上半年，公司由去年同期亏损5.3亿元转为盈利10.4亿元。", "10.4亿元", "2025-08-28", "2025-H1"),
    ("In the first half of 2024, shipments reached 1.2 million units.", "1.2 million", None, "2024-H1"),
    ("Revenue was $30 billion in Q3 2025.", "$30 billion", None, "2025-Q3"),
    ("China had 1.1 billion internet users by the end of 2025.", "1.1 billion", None, "2025-12"),
    ("截至2023年底，全球算力规模达到910EFLOPS。", "910EFLOPS", None, "2023-12"),
])
def test_quarters_halves_and_spans_of_months(text: str, number_text: str, published: str | None,
                                               period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    ("目前，中国算力总规模保持30%左右的年增长率。", "30%左右", "2023-07-19", "2023-07"),
    # 目前 sets the time of the rest of its paragraph, as a date does
    ("目前，中国算力总规模居全球第二。\n中西部算力设施占全国比例提升至39%。", "39%", "2023-07-19", "2023-07"),
    ("近日举行的大会上，官员表示我国机架总规模超过800万标准机架。", "800万标准机架", "2024-10-17", "2024-10"),
    ("Chinese models now account for 17% of global downloads.", "17%", "2025-10-18", "2025-10"),
    ("- Current investment: $48.5 billion from the central government", "$48.5 billion", "2025-06", "2025-06"),
    # the news's own days: yesterday, today, this month
    ("该公司股价昨日大涨4.4%，市值升至1.2万亿元。", "4.4%", "2026-01-16", "2026-01"),
    ("The administration this month approved exports under a deal to remit 15 percent of sales.", "15 percent",
     "2025-08-27", "2025-08"),
])
def test_now_is_the_documents_date(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text"), [
    # the digits of a link date the page, not the figure
    ("[Around half of the PhDs go abroad](https://example.org/2025/01/14/talent-report/), the study said.",
     "half"),
    # a model's release year before its name
    ("The chip reaches roughly 80% of the performance of Nvidia's 2022 H100.", "80%"),
    # a sibling item of a list does not date another item
    ("Key facts:\n- Milestone: patents surpassed 100,000 in 2021\n- Growth: a steady 15% a year\n", "15%"),
    # power and bandwidth are not dated by a date the paragraph gives another figure
    ("Chips\n\nHuawei launched the chip in 2019. With power near 310 W, it stays efficient.", "310 W"),
    # a forecast's target year ("by 2026", 到2030年) dates that forecast, not the paragraph's other figures
    ("Chips\n\nIts supercluster is projected to reach 524 EFLOPS by 2026.\nTwo chipmakers listed with 425% "
     "first-day gains.", "425%"),
    ("芯片\n\n预计到2030年市场规模将达到1万亿元。\n两家公司上市首日分别上涨425%和693%。", "425%"),
    # a founding date is the organisation's, not the figure's
    ("融资消息\n\n由两位研究员于2024年创立的初创公司，估值从半年前的5.45亿美元升至80亿美元。", "5.45亿美元"),
    ("Funding news\n\nThe lab, founded in 2021 by two researchers, is now valued at $8 billion.", "$8 billion"),
    # a title holding a day's date is a dateline, not the year the document is about
    ("每日AI新闻摘要 - 2025年10月11日\n\n公司计划部署6吉瓦的GPU。", "6吉瓦"),
])
def test_dates_that_are_not_the_figures(text: str, number_text: str) -> None:
    assert one(text, number_text).period is None


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # a comma inside a number does not end the clause its date stands in
    ("Patents by country\n\n- China: 62,700 patents (2025), broad applications", "62,700", "2025"),
    # an arrow separates two states (the date after it is the next figure's, not this one's)
    ("- 2015: $2.8 billion → 2025: $127.9 billion", "$2.8 billion", "2015"),
    ("- 2015年：28亿美元 → 2025年：1279亿美元", "28亿美元", "2015"),
    # a list's lead-in dates its items
    ("In 2024:\n- China: 300 models\n- US: 400 models\n", "300", "2024"),
])
def test_clause_and_list_structure(text: str, number_text: str, period: str) -> None:
    assert one(text, number_text).period == period


def test_the_title_takes_its_datelines_date() -> None:
    text = "某指数上涨4.5%\n\n新华财经|2025年02月07日\n\n正文与此无关。"
    assert one(text, "4.5%").period == "2025-02"


def test_a_clause_does_not_run_past_a_blank_line() -> None:
    text = ("Chip shares\n\nShares opened at 650 yuan, far above the offer price of 114.28 yuan\n\n"
            "The plan sets goals through 2030.")
    assert one(text, "114.28 yuan").period is None


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    ("## 某公司获1亿美元融资\n\n该公司于2月5日宣布完成1亿美元B轮融资。", "1亿美元", "2026-02-28", "2026-02"),
    ("## Startup raises $80 million\n\nThe startup said on March 3 that it closed an $80 million round.",
     "$80 million", "2025-06-01", "2025-03"),
])
def test_a_headline_takes_its_sections_date(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


def test_a_table_cell_takes_its_columns_year_else_its_caption() -> None:
    rows = "".join(f"| 模型{i} | {50 + i}.5 | {40 + i}.5 |\n" for i in range(40))
    text = f"测评结果\n\n### 总排行榜（2023年12月）\n\n| 模型 | 总分 | 客观题 |\n|---|---|---|\n{rows}"
    assert one(text, "89.5").period == "2023-12"  # the last row, far below the caption
    text = "AI patents\n\n| Country | 2022 | 2023 |\n|---|---|---|\n| China | 29853 | 38210 |\n"
    assert one(text, "29853").period == "2022" and one(text, "38210").period == "2023"


@pytest.mark.parametrize(("text", "published", "period"), [
    ('---\ntitle: "China AI in 2025: a review"\n---\n\nQwen models drew 400 million downloads.', None, "2025"),
    # "now" in a look back at a year, published the year after, is that year's
    ('---\ntitle: "China AI in 2025: a review"\n---\n\nChinese models now draw 400 million downloads.',
     "2026-01-21", "2025"),
])
def test_the_title_year_from_front_matter(text: str, published: str | None, period: str) -> None:
    assert one(text, "400 million", published).period == period


def test_date_forms_found_once_per_document() -> None:
    codes = [(d.text, d.code, d.kind) for d in find_dates("2024年上半年、去年同期、7月份、第三季度和 the end of 2025")]
    assert ("2024年上半年", "2024-H1", "date") in codes
    assert ("7月份", "{y}-07", "undated") in codes
    assert ("第三季度", "{y}-Q3", "undated") in codes
    assert ("2025", "2025-12", "date") in codes
    # durations and counts of months are not dates
    assert not find_dates("持续8个月，差距为3至6个月")
