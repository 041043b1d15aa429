"""Period attribution, round 2 (spec/annotation.md, "period"): fiscal and bare quarters, cumulative
spans, changes between two dates and relative windows, in both languages.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one


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


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # since a date: the span runs to the document's date, as precisely as its start is given
    ("The paper has been cited over 9,000 times since 2018.", "9,000", "2024-03", "2018/2024"),
    ("该领域的论文自2018年以来累计发表超过9000篇。", "9000篇", "2024-03", "2018/2024"),
    # ... or to the later date the paragraph speaks of
    ("As of June 2025, the app had 300 million users. That is 120 million more users since December 2024, "
     "lifting its share to 20 percent.", "120 million", "2025-10-18", "2024-12/2025-06"),
    # a since-date opens a span for its own clause only: the later clause holds at the paragraph's date
    ("As of June 2025, the app had 300 million users. That is 120 million more users since December 2024, "
     "lifting its share to 20 percent.", "20 percent", "2025-10-18", "2025-06"),
])
def test_since_a_date(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # a window back from now: the document's year less N, to it; opening its sentence it dates the
    # sentence, inside a clause that clause
    ("中国的发电装机容量过去10年翻倍增长。", "翻倍", "2026-01", "2016/2026"),
    ("过去10年,中国的发电装机容量翻倍增长。", "翻倍", "2026-01", "2016/2026"),
    ("Over the past five years, the number of AI startups grew by 150%.", "150%", "2025-06", "2020/2025"),
    # a window of a year the paragraph names counts that year in (six years: 2018 to 2023)
    ("2023年全国算力规模继续扩大。我国近六年累计出货超过2000万台服务器。", "2000万台", "2025-01", "2018/2023"),
])
def test_windows_back_from_their_end(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # a change against a base two or more years back spans base to target; year on year it is its year's
    ("预计到2027年,该国算力规模将较2024年翻倍。", "翻倍", "2025-03", "2024/2027"),
    ("By 2030, output is expected to grow 200% compared with 2024.", "200%", "2025-03", "2024/2030"),
    ("2023年,该市AI企业数量较2022年增长15%。", "15%", "2024-03", "2023"),
    # a change between two dated levels spans their dates; each level keeps its own
    ("Spending grew 12x, from $1.5 billion (2016) to $18 billion (2024).", "12x", "2025-06", "2016/2024"),
    ("Spending grew 12x, from $1.5 billion (2016) to $18 billion (2024).", "$1.5 billion", "2025-06", "2016"),
    ("Spending grew 12x, from $1.5 billion (2016) to $18 billion (2024).", "$18 billion", "2025-06", "2024"),
    ("该国AI企业从2019年的300家增加到2024年的900家,增长了两倍。", "增长了两倍", "2025-06", "2019/2024"),
    ("**2016**: $1.5 billion → **2024**: $18 billion (12x increase)", "12x", "2025-06", "2016/2024"),
    # between two years: the span
    ("Between 2019 and 2024, Chinese AI patent filings rose 250%.", "250%", "2025-06", "2019/2024"),
])
def test_changes_between_two_dates(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # the two levels of a from–to inside a window hold at its start and its end
    ("过去五年,该国数据中心从120个增加到300个。", "120个", "2025-06", "2020"),
    ("过去五年,该国数据中心从120个增加到300个。", "300个", "2025-06", "2025"),
    ("Since 2019, the lab's headcount went from 40 people to 120 people.", "40", "2025-06", "2019"),
])
def test_the_levels_of_a_span(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # a weekday in news is a day of the document's week
    ("受此影响,该公司股价周四下跌4.2%。", "4.2%", "2026-03-06", "2026-03"),
    ("受此影響,該公司股價星期四下跌4.2%。", "4.2%", "2026-03-06", "2026-03"),
    ("The chipmaker's shares fell 4.2% on Thursday.", "4.2%", "2026-03-06", "2026-03"),
    # 现行 "currently in force" speaks of the document's time
    ("现行规则仅覆盖约30个国家。", "30个", "2026-03-06", "2026-03"),
])
def test_weekdays_and_current_rules_are_the_documents_time(text: str, number_text: str, published: str,
                                                           period: str) -> None:
    assert one(text, number_text, published).period == period


def test_a_weekday_range_or_a_weekly_habit_is_no_date() -> None:
    from aigap.extract.dates import find_dates
    assert find_dates("门店周一至周五营业,每周三盘点。") == []


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # a sentence may open with the word that speaks of the document's time
    ("Currently, the country's computing power grows about 25 percent a year.", "25 percent", "2023-07-19", "2023-07"),
    ("Today witnessed a record $40B funding round.", "$40B", "2026-02", "2026-02"),
    ("This month, the group pledged to invest $20 billion in data centres.", "$20 billion", "2025-09", "2025-09"),
    ("The app's ad spending has reached at least 100,000 yuan per day over the past month.", "100,000 yuan",
     "2024-03", "2024-03"),
    # 近期/最近 "recently" reach back from the document's date
    ("该基金最近以3亿美元投资了一家芯片公司。", "3亿美元", "2024-12-04", "2024-12"),
    ("公司近期透露,其月活用户已超5亿。", "5亿", "2025-10-11", "2025-10"),
])
def test_now_words_opening_a_sentence_and_recently(text: str, number_text: str, published: str,
                                                   period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # a ranking's edition year dates the figures the sentence reads from it ...
    ("行业动态\n\n某研究院发布《2025全球创业企业榜》,全球上榜企业达1200家,美国以600家领先。", "600家", "2025"),
    # ... a report's year does not: it is when the report was written
    ("行业动态\n\n《2025年技术和创新报告》指出,AI市场规模约4.8万亿美元。", "4.8万亿美元", None),
])
def test_a_rankings_edition_year(text: str, number_text: str, period: str | None) -> None:
    assert one(text, number_text, "2025-06").period == period


def test_recently_dates_its_own_sentence_not_the_paragraph() -> None:
    # 近期 narrates one event; a plan in the next sentence is not dated by it (目前 would set the present)
    text = "公司近期上线了结账功能。此外,公司计划在南美投资20亿美元建设数据中心。"
    assert one(text, "20亿美元", "2025-10-11").period is None
    assert one("公司目前的用户超过3亿。此外,其月活用户已超2亿。", "2亿", "2025-10-11").period == "2025-10"


@pytest.mark.parametrize(("text", "number_text", "published", "period"), [
    # so many years ago: a year counted back from the document's
    ("该公司10年前的营收仅为5亿元。", "5亿元", "2025-11-16", "2015"),
    ("Five years ago, the firm shipped 2 million units; five years ago is 2020.", "2 million", "2025-06", "2020"),
    ("十年前,该国只有300家AI企业。", "300家", "2025-06", "2015"),
    # N年来 and a bare count of years opening a change are windows too
    ("该国初创企业海外融资比重7年骤降约4成。", "4成", "2025-11-16", "2018/2025"),
    ("国产化率3年从5%提升到25%。", "5%", "2025-08", "2022"),
    ("国产化率3年从5%→25%。", "25%", "2025-08", "2025"),
    # a window ending at the document's year counts back from it, not inclusively
    ("2026年,电力需求继续上升。过去10年中国电网能力翻倍增长。", "翻倍", "2026-01", "2016/2026"),
    # a base at the end of a year: "from the end of 2024" is a base, not the figure's date
    ("In December 2025, usage rose 140 percent from the end of 2024.", "140 percent", "2026-02-05", "2025-12"),
    # a growth rate revised over a span keeps the span, both values
    ("公司将2024至2029年的年复合增长率从20%上调至25%。", "20%", "2026-01-16", "2024/2029"),
])
def test_years_ago_counts_of_years_and_bases(text: str, number_text: str, published: str, period: str) -> None:
    assert one(text, number_text, published).period == period


@pytest.mark.parametrize(("text", "number_text"), [
    # a product's performance against another's is a specification: the paragraph's date is another
    # figure's
    ("Q2营收达到300亿美元。\n- 新一代芯片同功耗性能达竞品2倍\n- 能效比前代提升3倍", "2倍"),
    ("The firm booked $30 billion in 2025. Its new chip reaches about 60% of the H100's performance.", "60%"),
])
def test_performance_is_a_specification(text: str, number_text: str) -> None:
    assert one(text, number_text, "2025-08").period is None


@pytest.mark.parametrize(("text", "number_text", "period"), [
    # an ISO or slashed date (a dateline's, a front matter's) names its month
    ("---\ntitle: 每日摘要\ndate: 2025-10-11 06:00:00 +0800\nexcerpt: 某公司获20亿美元融资\n---\n", "20亿美元", "2025-10"),
    ("2026/01/16,该公司股价大涨4.4%。", "4.4%", "2026-01"),
    ("Updated 2025.10.11: the lab raised $2 billion.", "$2 billion", "2025-10"),
])
def test_iso_and_slashed_dates(text: str, number_text: str, period: str) -> None:
    assert one(text, number_text, "2026-02").period == period


def test_a_decimal_is_no_date() -> None:
    from aigap.extract.dates import find_dates
    assert find_dates("Revenue reached 2024.5 million yuan.") == []
