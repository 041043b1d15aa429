"""The aspect of a figure (level, change, share): which constructions make it a part of a whole.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    # "with" + the number as the subject of its own verb or "of" phrase: a part of the whole before
    ("The fund raised $2 billion, with 40% of the money going to chip start-ups.", "40%", "share"),
    ("Some 500 companies answered the survey, with 120 companies coming from China.", "120", "share"),
    # "with" attaching a level to the clause before: no part of any whole
    ("The lab has grown fast, with 3,000 full-time AI researchers on its staff.", "3,000", "level"),
    ("The app spread quickly, with over 9 million monthly active users by June.", "over 9 million", "level"),
    ("The chip runs hot, with power draw near 400 W under load.", "400 W", "level"),
    ("Adoption kept rising, with the usage rate climbing to 70 percent last year.", "70 percent", "level"),
    # the unambiguous openers stay shares
    ("The fund raised $2 billion, of which $500 million came from the state.", "$500 million", "share"),
    ("该基金募资20亿美元，其中5亿美元来自政府。", "5亿美元", "share"),
])
def test_with_opens_a_share_only_as_an_absolute_clause(text: str, number_text: str, aspect: str) -> None:
    assert one(text, number_text).aspect == aspect


@pytest.mark.parametrize(("text", "number_text", "metric", "aspect"), [
    # a percentage of a total that is no share indicator: the total's id, aspect share
    ("中国智能算力规模将占全球35%以上。", "35%以上", "ai_compute_capacity", "share"),
    ("AI computing power accounts for more than 40 percent of the country's new computing capacity.",
     "more than 40 percent", "ai_compute_capacity", "share"),
    ("Its cloud unit represents 20% of the company's revenue.", "20%", "company_revenue", "share"),
    # a share indicator's own percentage is its level
    ("中国AI论文占全球AI论文的36%。", "36%", "ai_paper_share", "level"),
    ("Chinese institutions account for 36% of the world's AI publications.", "36%", "ai_paper_share", "level"),
    # a part whose total its own clause does not name is no figure of an indicator
    ("AI市场规模持续扩大，北美占52%。", "52%", "other", "share"),
])
def test_a_percentage_that_a_part_makes_up(text: str, number_text: str, metric: str, aspect: str) -> None:
    c = one(text, number_text)
    assert (c.metric, c.aspect) == (metric, aspect)


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("China saw an 8x increase in AI patents between 2017 and 2019.", "8x", "ai_patents"),
    ("The chipmaker's revenue grew 4x in two years.", "4x", "company_revenue"),
    ("中国AI专利数量增长了8倍。", "8倍", "ai_patents"),
])
def test_a_growth_by_a_multiple_is_a_change_of_its_indicator(text: str, number_text: str, metric: str) -> None:
    c = one(text, number_text)
    assert (c.metric, c.aspect) == (metric, "change")


def test_a_multiple_between_two_figures_is_no_change() -> None:
    c = one("US private AI investment was 12 times China's.", "12 times")
    assert c.aspect == "level"


@pytest.mark.parametrize(("text", "number_text"), [
    ("中国智能算力规模增速达55%。", "55%"),
    ("预计该公司AI营收的年复合增长率将达到48%。", "48%"),
    ("公司营收保持25%左右的年增长率。", "25%"),
    ("公司Q3营收92亿美元(同比+41%)。", "41%"),
    ("AI compute capacity expanded at an annual growth rate of about 33 percent.", "about 33 percent"),
    ("The AI chip market is forecast to reach $40B by 2030 (31% CAGR).", "31%"),
    ("Data center revenue came in at $22B (+61% YoY).", "61%"),
])
def test_a_growth_rate_is_a_change(text: str, number_text: str) -> None:
    assert one(text, number_text).aspect == "change"


@pytest.mark.parametrize(("text", "number_text"), [
    ("中国AI论文占全球的36%。", "36%"),
    ("The survey found 45% of firms use AI tools.", "45%"),
])
def test_a_percentage_naming_no_growth_is_no_change(text: str, number_text: str) -> None:
    assert one(text, number_text).aspect != "change"


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    ("Chinese models now power nearly 25% of global AI usage.", "nearly 25%", "share"),
    ("The cloud unit brought in about 30% of the group's revenue.", "about 30%", "share"),
    ("China held 65% of worldwide AI patents by 2024.", "65%", "share"),
    # a comparison with another chip or its performance is no part of a whole
    ("The new chip delivers 70% of the H100's inference performance.", "70%", "level"),
    ("It reaches roughly 85% of the speed of the leading GPU.", "roughly 85%", "level"),
])
def test_a_percentage_of_a_whole_is_a_share(text: str, number_text: str, aspect: str) -> None:
    assert one(text, number_text).aspect == aspect


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    ("该芯片的推理成本降 40%。", "40%", "change"),
    ("公司股价盘中微升0.25%。", "0.25%", "change"),
    ("新一代芯片能效提升4.5倍。", "4.5倍", "change"),
    ("预计增速将大幅提升 8 个百分点。", "8 个百分点", "change"),
    # "降至", "升到": the level reached
    # (a market share names a part of its market: a share, unless the indicator is itself a share, as a
    # chip market's is)
    ("该公司市场份额降至12%。", "12%", "share"),
    ("该芯片公司市场份额降至12%。", "12%", "level"),
])
def test_a_verb_of_change_before_the_number_makes_it_a_change(text: str, number_text: str, aspect: str) -> None:
    assert one(text, number_text).aspect == aspect


@pytest.mark.parametrize(("text", "number_text"), [
    ("The listing closed with a 310% first-day gain.", "310%"),
    ("Analysts expect a 12% drop in chip exports.", "12%"),
])
def test_a_noun_of_change_after_a_percentage_makes_it_a_change(text: str, number_text: str) -> None:
    assert one(text, number_text).aspect == "change"


@pytest.mark.parametrize(("text", "number_text"), [
    ("- Basic research: $420 million (9% of total)", "$420 million"),
    ("地方政府投入12亿元(占总额的15%)，中央财政投入68亿元。", "12亿元"),
])
def test_a_figure_stated_with_its_share_of_the_total_is_a_share(text: str, number_text: str) -> None:
    assert one(text, number_text).aspect == "share"


def test_a_participle_hands_out_the_parts_of_a_with_breakdown() -> None:
    text = "The agency spent $4.0 billion on AI, with $2.5 billion allocated to basic research and $1.5 billion for applications."
    assert one(text, "$2.5 billion").aspect == "share"
    assert one(text, "$1.5 billion").aspect == "share"  # the next part of the same breakdown
    assert one("The fund closed at $900 million, with $300 million raised abroad.", "$300 million").aspect == "level"


def test_a_share_indicators_percentage_after_zhanbi_keeps_the_parallel_indicator() -> None:
    """占比 makes a percentage a part, but a share indicator's percentage is its level, and a parallel
    figure after it takes the indicator of the one before ("美国…占35%; 中国…占比28%")."""
    text = "从论文来看,美国在AI领域的论文发表数量占全球较大比例,约为35%。而中国的发表数也不少,占比约28%。"
    first, second = one(text, "35%"), one(text, "约28%")
    assert first.metric == "ai_paper_share" and second.metric == first.metric
    assert second.aspect == "level"


def test_a_bare_market_size_in_an_article_about_ai_is_the_ai_market() -> None:
    """A bare noun (only size words between it and its determiner or possessive) in an article about AI is
    AI's; a noun another word modifies, or one a complement gives another domain, is not."""
    text = "AI adoption keeps spreading. The US also has a large market size estimated at about $150 billion."
    assert one(text, "$150 billion").metric == "ai_market_size"
    text = "AI spending rose again. Japan's total investment reached about $12 billion last year."
    assert one(text, "$12 billion").metric == "ai_investment_total"
    text = "AI spending rose again. The country's telecom investment reached about $12 billion last year."
    assert one(text, "$12 billion").metric == "other"


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    # a perfect growth verb, a comparative after the number, the rate a growth verb grows at: changes
    ("The company's AI revenue has grown 50% since 2022.", "50%", "change"),
    ("AI investment has risen 20% since last year.", "20%", "change"),
    ("Its net profit was 35% higher than a year earlier.", "35%", "change"),
    ("The AI market is expected to grow at a 27.7% annual rate.", "27.7%", "change"),
    ("公司AI营收自2022年以来增长了50%。", "50%", "change"),
    # "make up X% of": the part of a whole, not a rise of "up X%"
    ("Chinese AI papers make up 40% of the world's total.", "40%", "level"),
    ("Chinese firms make up 30% of the world's AI unicorns.", "30%", "share"),
    ("中国企业占全球AI独角兽的30%。", "30%", "share"),
])
def test_growth_verbs_comparatives_and_make_up(text: str, number_text: str, aspect: str) -> None:
    assert one(text, number_text).aspect == aspect


def test_a_part_of_papers_made_up_is_the_paper_share() -> None:
    assert one("Chinese AI papers make up 40% of the world's total.", "40%").metric == "ai_paper_share"


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    # "N%的<名词>": the percentage quantifies the noun, a part of all of them
    ("调查显示，超过60%的受访企业已部署大模型。", "60%", "share"),
    ("预计到2027年，25% 的智能手机将内置AI芯片。", "25%", "share"),
    # the noun is a measure the percentage is the level of, or a verb makes it a predicate
    ("美国对这些芯片加征50%的额外关税。", "50%", "level"),
    ("该模型在测试中获得85%的得分。", "85%", "level"),
])
def test_a_chinese_percentage_of_a_noun_is_a_part_of_it(text: str, number_text: str, aspect: str) -> None:
    assert one(text, number_text).aspect == aspect


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    # a ratio noun governing the percentage: a part of a whole by name
    ("政府背景基金参与AI融资的比例约为20%。", "20%", "share"),
    ("AI业务在公司营收中的比重达到35%。", "35%", "share"),
    ("这一数字远低于五年前约40%的比例。", "40%", "share"),
    ("Of all AI deals last year, the state-backed share rose to 20%.", "20%", "share"),
    # no ratio noun: a level
    ("该芯片的良率约为20%。", "20%", "level"),
])
def test_a_ratio_noun_makes_its_percentage_a_part(text: str, number_text: str, aspect: str) -> None:
    assert one(text, number_text).aspect == aspect


@pytest.mark.parametrize(("text", "number_text", "aspect"), [
    # the change noun after the last of coordinated percentages is every one's
    ("The two AI chip start-ups listed with 300% and 500% first-day gains.", "300%", "change"),
    # a growth rate with its abbreviation in brackets, and every percentage of its clause
    ("中国AI市场年复合增长率（CAGR）为28.5%。", "28.5%", "change"),
    ("机构把AI服务器出货量的年复合增长率从接近 20% 上调至接近 30%。", "30%", "change"),
    # 翻N倍, and a multiple of its own earlier value, are growths
    ("预计中国智能算力规模五年内翻两倍。", "两倍", "change"),
    ("该模型的推理速度是前代的三倍。", "三倍", "change"),
    ("2024年AI专利申请量约为2015年的六倍。", "六倍", "change"),
    # a multiple of another party is no change
    ("美国AI投资是中国的三倍。", "三倍", "level"),
])
def test_coordinated_rates_growth_rates_and_multiples_of_an_earlier_self(text: str, number_text: str,
                                                                         aspect: str) -> None:
    assert one(text, number_text).aspect == aspect
