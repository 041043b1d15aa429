"""Detection recall, value and unit: one case per construction (sentences written for these tests).

Each case fails without the rule it names: a form the scanner missed, read with the wrong value or
unit, or read as a claim where annotation.md says it is none.
"""

from __future__ import annotations

import pytest

from aigap.extract.scanner import scan

FOUND = [
    # text, number_text, value, value_high, qualifier, unit, aspect
    # a range of percentages with the sign on both ends (not a minus on the second)
    ("预计营收复合成长率将达54%至56%。", "54%至56%", 54, 56, "range", "percent", "level"),
    ("该部门的利润率约为 12%-15%。", "约为 12%-15%", 12, 15, "range", "percent", "level"),
    ("The firm expects to hold 30–40 % of the market.", "30–40 %", 30, 40, "range", "percent", "level"),
    ("Its chip reaches about 70 % of the rival's speed.", "about 70 %", 70, None, "approx", "percent", "level"),
    ("Revenue posted a 12.5-percent rise.", "12.5-percent", 12.5, None, "exact", "percent", "change"),
    # a scale word after "one" makes it an amount, not the article
    ("The new model has one trillion parameters.", "one trillion", 1e12, None, "exact", "parameters", "level"),
    # a fall over a range: the low end is the larger fall
    ("新工艺使功耗降低10-25%。", "降低10-25%", -25, -10, "range", "percent", "change"),
    # market verbs of rise and fall, with 了
    ("消息传出后该公司股价跌了 3%。", "跌了 3%", -3, None, "exact", "percent", "change"),
    ("營收成長25%。", "成長25%", 25, None, "exact", "percent", "change"),
    ("一年内市值大涨不止一倍。", "一倍", 100, None, "over", "percent", "change"),
    # tenths: 九成五 is 95%, and a change verb before them signs them
    ("订单中超过九成五来自海外。", "超过九成五", 95, None, "over", "percent", "level"),
    ("境外投资占比五年骤降约3成。", "约3成", -30, None, "approx", "percent", "change"),
    ("出口占比下降近两成。", "近两成", -20, None, "approx", "percent", "change"),
    # a bare count with a plural head noun after it (modifiers may stand between)
    ("The agency added 85 firms and revised 12 existing listings.", "12", 12, None, "exact", "count", "level"),
    ("A review of 410 procurement award notices found the trend.", "410", 410, None, "exact", "count", "level"),
    ("Can The Startup Ship 50000 Robots This Year?", "50000", 50000, None, "exact", "count", "level"),
    # vague amounts: plural scale words alone are money; "thousands" alone counts
    ("Rivals answer with their own hefty billions.", "billions", 1e9, 1e10, "vague", "USD", "level"),
    ("Each month brings another million-dollar deal.", "million-dollar", 1e6, 1e7, "vague", "USD", "level"),
    ("Such systems cost tens to hundreds of millions per unit.", "tens to hundreds of millions", 1e7, 1e9, "vague",
     "USD", "level"),
    ("Scale: hundreds to thousands of drones.", "hundreds to thousands", 100, 1e4, "vague", "count", "level"),
    ("The app now serves hundreds of millions of users.", "hundreds of millions", 1e8, 1e9, "vague", "people",
     "level"),
    ("The army wants \"thousands\" of small drones.", "thousands", 1000, 1e4, "vague", "count", "level"),
    # ratios, verbal multiples after a modal, ranges of plain numbers, digit-count words
    ("Its patent output outpaces rivals by 7:1.", "7:1", 7, None, "exact", "other:times", "level"),
    ("专利数量之比约为12.5:1。", "约为12.5:1", 12.5, None, "approx", "other:times", "level"),
    ("The foundry plans to triple its output next year.", "triple", 200, None, "exact", "percent", "change"),
    ("Analysts think sales could double by 2027.", "double", 100, None, "exact", "percent", "change"),
    ("Some 30,000 to 35,000 of these boards were shipped.", "30,000 to 35,000", 30000, 35000, "range", "count",
     "level"),
    ("The plant may make 150,000-250,000 units a year.", "150,000-250,000", 150000, 250000, "range", "count", "level"),
    ("The army wants the drones within 12-18 months.", "12-18 months", 12, 18, "range", "months", "level"),
    ("It funds 5-10 year research programmes.", "5-10 year", 5, 10, "range", "years", "level"),
    ("Staff grew from under 2,000 to 9,500 in a decade.", "9,500", 9500, None, "exact", "count", "level"),
    ("Most vendors report single-digit growth.", "single-digit", 1, 9, "vague", "percent", "change"),
    ("两家公司都有双位数增长。", "双位数", 10, 100, "vague", "percent", "change"),
    # slash fractions framed as a share; list bounds that place a subject
    ("其训练成本不到对手的1/20。", "1/20", 5, None, "under", "percent", "share"),
    ("About 1/4 of the budget goes to chips.", "1/4", 25, None, "exact", "percent", "share"),
    ("该模型首次跻身前五。", "前五", 5, None, "at_most", "rank", "level"),
    ("制造业是排名前三的行业。", "前三", 3, None, "at_most", "rank", "level"),
    # a bare number dated by a year in parentheses, or set against another figure
    ("Filings rose from 1,200 (2016) to 8,400 (2024).", "1,200", 1200, None, "exact", "count", "level"),
    ("Output (12,500 in 2024) kept rising.", "12,500", 12500, None, "exact", "count", "level"),
    ("Korea filed 9,800 vs Japan 2,100.", "2,100", 2100, None, "exact", "count", "level"),
    ("Korea filed 9,800 vs Japan 2,100.", "9,800", 9800, None, "exact", "count", "level"),
    ("Papers average 11.5 citations, against Germany's 6.2.", "6.2", 6.2, None, "exact", "other:citations", "level"),
    ("China leads with 310, followed by the US with 120.", "310", 310, None, "exact", "count", "level"),
    ("China leads with 310, followed by the US with 120.", "120", 120, None, "exact", "count", "level"),
    # a noun four words on; the noun after a magnitude suffix; U.S. dollars; a range of multiples
    ("It hosts 250 top foreign-born AI researchers.", "250", 250, None, "exact", "people", "level"),
    ("The pool holds 48K AI engineers.", "48K", 48000, None, "exact", "people", "level"),
    ("The deal is worth 12.5 billion U.S. dollars.", "12.5 billion U.S. dollars", 1.25e10, None, "exact", "USD",
     "level"),
    ("Costs are 5-8 times lower than abroad.", "5-8 times", 5, 8, "range", "other:times", "level"),
    ("They sold 2 million phones, double their 2023 sales.", "double", 100, None, "exact", "percent", "change"),
    # units from the words around: days, citations, the noun before ("the number of users"), units of chips
    ("Approval took about 300 days on average.", "about 300", 300, None, "approx", "other:days", "level"),
    ("Its papers drew 8.4 citations each.", "8.4", 8.4, None, "exact", "other:citations", "level"),
    ("By May the number of paying users reached 40 million.", "40 million", 4e7, None, "exact", "people", "level"),
    ("User numbers hit 12 million last year.", "12 million", 1.2e7, None, "exact", "people", "level"),
    ("The firm plans to ship its new AI chips at 400k units a year.", "400k", 4e5, None, "exact", "chips", "level"),
    ("It will make 50,000 AI chips next year, up from 20,000 units this year.", "20,000", 2e4, None, "exact", "chips",
     "level"),
    ("The fab may ship 10,000-20,000 units of its new GPUs.", "10,000-20,000", 1e4, 2e4, "range", "chips", "level"),
    ("Papers here get 9.1 citations each vs Japan's 4.2.", "4.2", 4.2, None, "exact", "other:citations", "level"),
    ("Unit costs run hundreds of thousands to low millions per drone.", "hundreds of thousands to low millions", 1e5,
     1e7, "vague", "USD", "level"),
    # "from X to Y": the second figure counts what the first does
    ("Output falls from 600k units of AI chips this year to ~250k next year.", "~250k", 2.5e5, None, "approx", "chips",
     "level"),
    ("Staff grew from 400 engineers to 750.", "750", 750, None, "exact", "people", "level"),
    # Chinese measure words: 张 (cards: the chip noun before), 台 (machines), 本, 道, 套, 分 (a score)
    ("去年国产GPU出货量超过90万张。", "超过90万张", 9e5, None, "over", "chips", "level"),
    ("该项目部署了2万台推理服务器。", "2万台", 2e4, None, "exact", "count", "level"),
    ("数据中心新增5000台GPU。", "5000台", 5000, None, "exact", "chips", "level"),
    ("题库由800道题扩充至1200道题。", "1200道", 1200, None, "exact", "count", "level"),
    ("出版社起诉其使用了数百本书籍。", "数百本", 100, 1000, "vague", "count", "level"),
    ("地方出台了20套扶持政策。", "20套", 20, None, "exact", "count", "level"),
    ("两者差距小于0.05分。", "小于0.05分", 0.05, None, "under", "score", "level"),
    ("该模型总分为71.2分。", "71.2分", 71.2, None, "exact", "score", "level"),
    # 当前/目前 are time words, not the list bound 前N
    ("当前850个主流模型中,开源占多数。", "850个", 850, None, "exact", "models", "level"),
    ("在20项评测中的15项,该模型领先。", "15项", 15, None, "exact", "count", "level"),
    # round magnitudes alone before a noun: approximate amounts
    ("平台计划接入百万开发者。", "百万", 1e6, None, "approx", "count", "level"),
    ("新模型参数达到万亿级别。", "万亿", 1e12, None, "approx", "parameters", "level"),
    # the nearest noun before names what a 个 counts
    ("研究机构统计的大模型采购项目共计950个。", "950个", 950, None, "exact", "count", "level"),
]


@pytest.mark.parametrize(("text", "number_text", "value", "high", "qualifier", "unit", "aspect"), FOUND)
def test_found_with_value_and_unit(text: str, number_text: str, value: float, high: float | None,
                                   qualifier: str, unit: str, aspect: str) -> None:
    got = [q for q in scan(text) if q.number_text == number_text]
    assert got, [q.number_text for q in scan(text)]
    q = got[0]
    assert q.value == pytest.approx(value)
    assert (q.value_high is None) == (high is None)
    if high is not None:
        assert q.value_high == pytest.approx(high)
    assert (q.qualifier, q.unit, q.aspect) == (qualifier, unit, aspect)


NOT_CLAIMS = [
    # process nodes (annotation.md: not claims)
    ("The fab runs a 5 nm process and 3-nanometer test chips.", ["5", "3"]),
    # the age of an event, a relative window
    ("The listing came a mere three months after its filing, two years ago.", ["three", "two"]),
    # a planning cycle's name
    ("Beijing released its new five-year plan.", ["five"]),
    # a reference to things already named, not a count stated
    ("The two companies that build the machines are Dutch.", ["two"]),
    # a plural word after a bare number that is a verb, a time or a structure noun says nothing
    ("The top 10 includes three labs.", ["10"]),
    ("The report lists 18 key takeaways.", ["18"]),
    ("The plan covers the next 12-18 months.", ["12-18 months", "12", "18"]),
    ("A double standard applies; scores ran 3-1 on 1/10.", ["double", "3-1", "1/10"]),
    ("From 2017-2020 the fund grew.", ["2017-2020"]),
    ("这件事十分重要,百分之百确定。", ["十分"]),
    ("对手在30分钟后发布了新版本。", ["30分钟"]),
    ("Gemini 2.5 Pro 支持200万 token 上下文。", ["2.5"]),
    # list items, a date's day in parentheses, structure counts, a ranking with no subject placed
    ("第一,技术上仍有差距。第二,资金上也有差距。", ["第一", "第二"]),
    ("该股今 (18) 日开盘上涨。", ["18"]),
    ("企业主要通过两种方式融资。", ["两种"]),
    ("评测聚焦于模型的三个能力象限。", ["三个"]),
    ("排名前五的行业保持稳定。", ["前五"]),
    ("在20项评测中的15项,该模型领先。", ["20项"]),
    ("每百万token收费1美元,千万不要浪费。", ["百万", "千万"]),
    ("公司坚持三条不可逾越的底线。", ["三条"]),
    ("See page 14 (2021) and Table 2 (2023).", ["14", "2"]),
    ("It was a double win for the team.", ["double"]),
    ("Read from page 3 to 9, or from 2019 to 2024.", ["9", "2024"]),
    # a range of percentages is one claim: neither end alone, no minus
    ("毛利率预计为 40%-45%。", ["-45%", "40%"]),
    # durations that are windows: 五年间, 十多年过去了, 创十年新高, 早三年
    ("2020年至2025年五年间,该行业变化很大。", ["五年"]),
    ("十多年过去了,它仍然领先。", ["十多年"]),
    ("指数创十年新高。", ["十年"]),
    ("这款产品比对手早三年上市。", ["三年"]),
    ("它比对手早了两年推出。", ["两年"]),
    ("The founder, 41 years old, hired a 29-year-old CTO.", ["41", "29"]),
]


@pytest.mark.parametrize(("text", "absent"), NOT_CLAIMS)
def test_not_a_claim(text: str, absent: list[str]) -> None:
    found = [q.number_text for q in scan(text)]
    assert not set(absent) & set(found), found


CHANGES = [
    # the noun after a percentage says it is a change; a fall's noun signs it
    ("Shares posted a 40 percent jump on the first day.", "40 percent", 40, "change"),
    ("The new method brought a roughly 80% cost reduction.", "roughly 80%", -80, "change"),
    ("Only 20% of growth came from exports.", "20%", 20, "level"),
    ("The vendor keeps a 15% cut of sales.", "15%", 15, "level"),
    # a loss stated by its size is a fall
    ("The chipmaker lost $300 billion in market value.", "lost $300 billion", -3e11, "change"),
    ("The sell-off wiped $90 billion off its value.", "wiped $90 billion", -9e10, "change"),
]


@pytest.mark.parametrize(("text", "number_text", "value", "aspect"), CHANGES)
def test_change_read_from_the_words_around(text: str, number_text: str, value: float, aspect: str) -> None:
    got = [q for q in scan(text) if q.number_text == number_text]
    assert got, [q.number_text for q in scan(text)]
    assert (got[0].value, got[0].aspect) == (pytest.approx(value), aspect)


SPOKEN = [
    # spoken transcripts: no punctuation between figures, fillers around them; each is read with its unit
    ("so um we raised like twenty billion dollars and uh maybe thirty percent went to chips and you know "
     "four million GPUs", [("twenty billion dollars", 2e10, "USD"), ("thirty percent", 30, "percent"),
                           ("four million", 4e6, "chips")]),
    ("嗯我们团队大概有两百多个人然后差不多百分之三十是研究员还有五千多张卡",
     [("两百多个", 200, "people"), ("差不多百分之三十", 30, "percent"), ("五千多张", 5000, "chips")]),
]


@pytest.mark.parametrize(("text", "expected"), SPOKEN)
def test_spoken_transcripts(text: str, expected: list[tuple[str, float, str]]) -> None:
    got = {q.number_text: q for q in scan(text)}
    for number_text, value, unit in expected:
        assert number_text in got, list(got)
        assert (got[number_text].value, got[number_text].unit) == (pytest.approx(value), unit)


QUALIFIED = [
    # hedges and bounds attached to a number (annotation.md: number_text includes them)
    ("The older part gives only ~40% of the speed.", "~40%", "approx"),
    ("Demand shows 30%+ annual growth.", "30%+", "over"),
    ("The run cost $50 million+ in compute.", "$50 million+", "over"),
    ("Spending was expected to exceed 2.5 trillion yuan.", "exceed 2.5 trillion yuan", "over"),
    ("It draws near 450 W under load.", "near 450 W", "approx"),
    ("Stocks will run out within 6 months.", "within 6", "at_most"),
    ("其用户规模大约是对手的 30%。", "30%", "approx"),
    ("政府资金占比约达12%。", "约达12%", "approx"),
    ("本轮估值最高为80亿美元。", "最高为80亿美元", "at_most"),
    ("海外收入占比超过一半。", "超过一半", "over"),
    ("机架规模超过 500 万标准机架。", "超过 500 万标准机架", "over"),
]


@pytest.mark.parametrize(("text", "number_text", "qualifier"), QUALIFIED)
def test_qualifiers_attached(text: str, number_text: str, qualifier: str) -> None:
    got = [q for q in scan(text) if number_text in q.number_text]
    assert got, [q.number_text for q in scan(text)]
    assert got[0].qualifier == qualifier
