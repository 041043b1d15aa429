"""Period attribution, round 3 (spec/annotation.md, "period"): what a period is not (a length of time,
a specification, a benchmark's edition, a number in a range), what a date dates (not the next
sentence's present facts when it is a forecast's year, not the next HTML paragraph, not the figure
before a forecast), English quarters without their year, and bases.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one

from aigap.extract.dates import find_dates


@pytest.mark.parametrize(("text", "number_text"), [
    # a length of time holds at no date, not even its own clause's
    ("In 2025 the chairman said it takes two to three years to build a new fab.", "three"),
    ("In March 2024, suppliers expected the shortage to last for 18 months.", "18"),
    ("2025年测试中，该系统的首次响应延迟达29秒。", "29秒"),
    ("目前该团队需要三年才能完成同等规模的工作。", "三年"),
])
def test_a_length_of_time_has_no_period(text: str, number_text: str) -> None:
    assert one(text, number_text, "2025-06-01").period is None


@pytest.mark.parametrize(("text", "number_text"), [
    # a model's parameter count is its specification: "current" picks the models, it dates nothing
    ("当前的小模型如TinyLlama（11亿参数）在端侧表现不错。", "11亿"),
    ("Today's small models, such as one with 1.1 billion parameters, run on phones.", "1.1 billion"),
])
def test_a_parameter_count_is_a_specification(text: str, number_text: str) -> None:
    assert one(text, number_text, "2025-05-30").period is None


@pytest.mark.parametrize(("text", "number_text"), [
    # a year after the document's is a forecast's: the next sentence's present fact is not dated by it
    # (a first line is the document's title: these texts have one of their own)
    ("算力周报\n\n预计2026年全球智能算力规模将达到1460EFLOPS。英伟达在GPU市场占据40%份额。", "40%"),
    ("Weekly brief\n\nThe agency forecasts 900 GW of capacity in 2028. The grid is short of transformers, "
     "and 30% of orders are late.", "30%"),
])
def test_a_forecast_year_dates_its_own_sentence_only(text: str, number_text: str) -> None:
    assert one(text, number_text, "2025-03-10").period is None


def test_a_forecast_year_still_dates_its_own_sentence() -> None:
    text = "算力周报\n\n预计2026年全球智能算力规模将达到1460EFLOPS。英伟达在GPU市场占据40%份额。"
    assert one(text, "1460", "2025-03-10").period == "2026"


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # 现在/現在 is "now", like 目前
    ("其顶级模型现在的性能已达到美国水平的约90%。", "约90%", "2025-11"),
    ("其頂級模型現在的性能已達到美國水平的約90%。", "約90%", "2025-11"),
])
def test_xianzai_is_now(text: str, number_text: str, period: str) -> None:
    assert one(text, number_text, "2025-11-15").period == period


@pytest.mark.parametrize("text", [
    # a year-like number ending or starting a range of amounts is an amount
    "据悉，该公司使用了2000～3000块芯片。",
    "The lab trained on 1,500-2000 GPUs.",
    "They bought 2000 - 4000 servers.",
])
def test_a_range_of_amounts_holds_no_year(text: str) -> None:
    assert find_dates(text) == []


def test_a_span_of_years_is_still_a_span() -> None:
    assert [d.code for d in find_dates("2019-2023年间投资增长")] == ["2019/2023"]
    assert [d.code for d in find_dates("in 2020-21 the budget")] == ["2020"]


def test_a_closed_html_paragraph_ends_the_paragraph() -> None:
    text = ("芯片价格\n\n<p>美国政府在2022年限制了芯片出口。</p><p>　　</p>"
            "<p>多位人士透露，H100约为550万日元（约合人民币26.44万元）。</p>")
    assert one(text, "550万日元", "2025-02-11").period is None
    same = "芯片价格\n\n美国政府在2022年限制了芯片出口。多位人士透露，H100约为550万日元。"
    assert one(same, "550万日元", "2025-02-11").period == "2022"  # one paragraph: its date stands


@pytest.mark.parametrize(("number_text", "period"), [
    # the date after a forecast of another figure is the forecast's; the first level keeps its own
    ("$184.0 billion", "2024"),
    ("$243 billion", "2025"),
])
def test_a_date_after_a_forecast_dates_the_forecast(number_text: str, period: str) -> None:
    text = "In 2024, the AI market was valued at $184.0 billion and is projected to reach $243 billion in 2025."
    assert one(text, number_text, "2025-03-08").period == period


def test_parallel_figures_share_the_date_after_them() -> None:
    text = "The firm plans to produce 100,000 of its new chips and 300,000 older ones in 2025."
    assert one(text, "100,000", "2025-02-26").period == "2025"


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # English quarters without their year take the discourse's (the latest not after the document)
    ("The chipmaker reported on Thursday net income of $4.1 billion for the third quarter.", "$4.1 billion", "2025-Q3"),
    ("Revenue rose to $14.8 billion in the September quarter.", "$14.8 billion", "2025-Q3"),
    ("Management guided its fourth-quarter gross margin to 60% at the midpoint.", "60%", "2025-Q4"),
    # a year-earlier amount is the same period a year before
    ("Net income was $4.1 billion for the third quarter, compared with a year-earlier loss of $16.6 billion.",
     "$16.6 billion", "2024-Q3"),
    ("Net income was $4.1 billion in the third quarter, up from $3 billion a year ago.", "$3 billion", "2024-Q3"),
])
def test_english_quarters_without_a_year(text: str, number_text: str, period: str) -> None:
    assert one(text, number_text, "2025-10-28").period == period


@pytest.mark.parametrize(("number_text", "period"), [
    # "from its December 2025 valuation": a base, its own amount dated by it
    ("seven-fold", "2026-06"),
    ("$4 billion", "2025-12"),
])
def test_a_base_after_a_possessive(number_text: str, period: str) -> None:
    text = ("The startup said in June 2026 that it seeks up to $30 billion, a seven-fold increase from its "
            "December 2025 valuation of just over $4 billion.")
    assert one(text, number_text, "2026-06-09").period == period


@pytest.mark.parametrize(("text", "number_text"), [
    # a benchmark's edition year names what was measured, not when
    ("The new model scored 87.5% (AIME 2025), close to its rival.", "87.5%"),
    ("在 AIME 2025 测试中，其准确率提高到87.5%。", "87.5%"),
])
def test_a_benchmark_edition_is_no_date(text: str, number_text: str) -> None:
    assert one(text, number_text, "2025-05-30").period is None


def test_a_named_conference_still_dates() -> None:
    text = "At NeurIPS 2022, Chinese-origin researchers accounted for 26% of top AI researchers."
    assert one(text, "26%", "2024-03-01").period == "2022"


def test_the_year_a_multiple_is_taken_of_is_a_base() -> None:
    assert one("2020年数据中心工作负载约为2010年的九倍。", "九倍", "2025-03").period == "2010/2020"


def test_an_event_edition_still_dates() -> None:
    text = "At WAIC 2025, Chinese firms signed deals worth $2 billion."
    assert one(text, "$2 billion", "2025-08-01").period == "2025"


def test_a_base_year_then_a_new_figure() -> None:
    # "from 2023" is a base and "$5 billion" a new level: the base's year does not date it
    text = "Sales have doubled from 2023 to reach $5 billion this year."
    assert one(text, "$5 billion", "2025-08-01").period == "2025"


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # a total "through" a year runs from the start of the span the text named ending in that year
    ("Military AI spending, 2015-2025\n\nChina has spent $127.9 billion cumulative through 2025.", "$127.9 billion",
     "2015/2025"),
    ("军费报告（2015-2025年）\n\n到2025年，中国在该领域累计投入500亿美元。", "500亿美元", "2015/2025"),
    # with no such span it is the year's; a share "of total" is no cumulative figure
    ("Weekly brief\n\nChina has spent $127.9 billion cumulative through 2025.", "$127.9 billion", "2025"),
    ("Military AI spending, 2015-2025\n\nIn 2025, DARPA programs got $925 million (13% of total).", "$925 million",
     "2025"),
])
def test_a_cumulative_total_through_a_year(text: str, number_text: str, period: str) -> None:
    assert one(text, number_text, "2025-06-01").period == period


def test_a_year_total_is_not_cumulative() -> None:
    text = "Chip spending, 2020-2024\n\nTotal revenue in 2024 reached $5 billion."
    assert one(text, "$5 billion", "2025-06-01").period == "2024"


def test_a_date_after_a_base_amount_is_the_base_amount_s() -> None:
    text = "Weekly brief\n\nRevenue of $5 billion in the quarter was up from $4 billion a year ago."
    assert one(text, "$4 billion", "2025-10-28").period != one(text, "$5 billion", "2025-10-28").period
    assert one("Weekly brief\n\nSales were $5 billion, up from $4 billion in 2024.", "$5 billion", "2025-10-28").period != "2024"


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # a lead or a lag between two sides is a level that changes over time: dated like any other
    ("China's best models are now about six months behind the US.", "six", "2025-12"),
    ("目前中国大模型的发展比美国慢6个月左右。", "6个月", "2025-12"),
])
def test_a_gap_in_time_between_sides_is_dated(text: str, number_text: str, period: str) -> None:
    assert one(text, number_text, "2025-12-20").period == period
