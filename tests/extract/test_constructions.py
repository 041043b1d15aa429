"""One test per construction the extraction issue names, in both languages, with expected fields.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import claims, one

# -- attribution -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pairs"), [
    ("美国和中国的AI投资分别为500亿和400亿美元。", [("500亿", "US"), ("400亿美元", "CN")]),
    ("中国与美国分别拥有30家和25家独角兽企业。", [("30家", "CN"), ("25家", "US")]),
    ("The US and China had 40 and 15 notable models, respectively.", [("40", "US"), ("15", "CN")]),
    # the countries may follow the numbers
    ("Private AI investment reached $67 billion and $8 billion in the US and China, respectively.",
     [("$67 billion", "US"), ("$8 billion", "CN")]),
    ("私人AI投资分别达到670亿美元和80亿美元,分别来自美国和中国。", [("670亿美元", "US"), ("80亿美元", "CN")]),
])
def test_respectively_lists_pair_in_order(text: str, pairs: list[tuple[str, str]]) -> None:
    for number_text, subject in pairs:
        assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    ("英国《金融时报》报道称，中国去年的AI投资为500亿美元。", "500亿美元", "CN"),
    ("据韩联社报道，美国的芯片出口增长了12%。", "12%", "US"),
    ("A Japanese survey found China had 40% of the global market.", "40%", "CN"),
    ("According to German media, American firms spent $30 billion on AI chips.", "$30 billion", "US"),
])
def test_the_source_is_not_the_subject(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text"), [
    ("美国的AI投资领先。全球AI投资达到2000亿美元。", "2000亿美元"),
    ("China trails the US. Global AI investment reached $250 billion in 2024.", "$250 billion"),
])
def test_world_totals_after_a_sentence_naming_a_country(text: str, number_text: str) -> None:
    assert one(text, number_text).subject == "WORLD"


@pytest.mark.parametrize(("text", "number_text", "subject", "not_metric"), [
    ("华为去年的研发投入达到1647亿元。", "1647亿元", "CN", "gov_ai_rd_funding"),
    ("Nvidia reported fiscal-year revenue of $60.9 billion.", "$60.9 billion", "US", "gov_ai_rd_funding"),
    ("OpenAI raised $6.6 billion in new funding.", "$6.6 billion", "US", "ai_investment_total"),
])
def test_company_figures_take_the_home_country_and_no_national_indicator(
        text: str, number_text: str, subject: str, not_metric: str) -> None:
    c = one(text, number_text)
    assert c.subject == subject and c.metric != not_metric


def test_a_multinationals_sales_in_one_country_take_that_country() -> None:
    assert one("Nvidia sold $7 billion of data-center chips to China last year.", "$7 billion").subject == "CN"


def test_cues_match_whole_words() -> None:
    # "combat" contains the letters of the cue "bat"; "BAT" is a cue of big-tech spending only as a word
    assert one("The combat drone programme received $2 billion.", "$2 billion").metric != "big_tech_ai_capex"


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    ("美国的AI投资是中国的11.7倍。", "11.7倍", "US"),
    ("US private AI investment was 12 times larger than China's.", "12 times", "US"),
])
def test_ratios_between_countries_take_the_larger_side(text: str, number_text: str, subject: str) -> None:
    c = one(text, number_text)
    assert c.subject == subject and c.unit == "other:times"


def test_a_table_cell_takes_its_row_header() -> None:
    text = ("各国AI专利数量\n\n| 国家 | 专利数 |\n|---|---|\n| 中国 | 38210 |\n| 美国 | 6276 |\n")
    assert one(text, "38210").subject == "CN" and one(text, "6276").subject == "US"
    assert one(text, "38210").metric == "ai_patents"


@pytest.mark.parametrize(("text", "number_text", "period", "published"), [
    ("FY2025 federal AI R&D spending was $3.3 billion.", "$3.3 billion", "FY2025", None),
    ("2024财年，美国政府AI研发预算为30亿美元。", "30亿美元", "FY2024", None),
    ("2014年至2023年间，中国共申请了3.8万件生成式AI专利。", "3.8万件", "2014/2023", None),
    ("Between 2014 and 2023, China filed 38,000 GenAI patents.", "38,000", "2014/2023", None),
    ("去年中国AI市场规模达到5000亿元。", "5000亿元", "2024", "2025-03-01"),
    ("Last year the US spent $109 billion on private AI investment.", "$109 billion", "2023", "2024-04-15"),
    ("The workforce grew from under 10,000 in 2015 to 52,000 in 2024.", "under 10,000", "2015", None),
])
def test_periods(text: str, number_text: str, period: str, published: str | None) -> None:
    assert one(text, number_text, published).period == period


def test_a_monthly_average_keeps_its_year_and_says_so() -> None:
    c = one("2023年，中国AI领域融资月均219亿元。", "219亿元")
    assert c.period == "2023" and c.note == "monthly average"


@pytest.mark.parametrize(("text", "basis"), [
    ("60%的顶尖AI研究人员本科来自中国。", "basis: origin"),
    ("42% of top-tier AI researchers work in the United States.", "basis: workplace"),
])
def test_top_talent_shares_say_their_basis(text: str, basis: str) -> None:
    c = next(c for c in claims(text) if c.unit == "percent")
    assert c.metric == "top_ai_researchers_share" and c.note == basis


# -- recall ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number_text", "value", "unit"), [
    ("华为(3500件)和腾讯(2800件)位居前列。", "3500件", 3500, "count"),
    ("Tencent (2,074 inventions) and Baidu (1,234) follow.", "1,234", 1234, "count"),
    ("Lawmakers passed 120 AI-related laws last year.", "120", 120, "count"),
    ("Huawei cut output from 805k units to ~300k.", "805k", 805e3, "count"),
    ("It stockpiled 2.9M+ dies.", "2.9M+", 2.9e6, "other:dies"),  # a die is counted apart from packaged chips
    ("The share rose to 37pc.", "37pc", 37, "percent"),
    ("The startup raised half a million dollars.", "half a million dollars", 5e5, "USD"),
    ("The app reached a quarter million users.", "a quarter million", 2.5e5, "count"),
    ("It raised 75 USD million in 2024.", "75 USD million", 75e6, "USD"),
    ("The fund holds 30 MUSD.", "30 MUSD", 30e6, "USD"),
    ("Revenue reached $5.6bn.", "$5.6bn", 5.6e9, "USD"),
    ("ChatGPT 周活跃用户突破 9 亿。", "突破 9 亿", 9e8, "people"),  # users are people (claims.md)
    ("OpenAI与AMD达成6吉瓦GPU部署协议。", "6吉瓦", 6, "other:GW"),
])
def test_recall_forms(text: str, number_text: str, value: float, unit: str) -> None:
    c = one(text, number_text)
    assert abs(c.value - value) <= 1e-6 * value and c.unit == unit


@pytest.mark.parametrize(("text", "number_text", "value"), [
    ("China became the third-largest market.", "third", 3),
    ("The model finished in first place.", "first", 1),
    ("中国的专利数量位居全球第一。", "位居全球第一", 1),
])
def test_ordinals_that_place_a_subject(text: str, number_text: str, value: float) -> None:
    c = one(text, number_text)
    assert c.unit == "rank" and c.value == value


@pytest.mark.parametrize(("text", "number_text", "value", "qualifier"), [
    ("More than a third of the chips were imported.", "More than a third", 100 / 3, "over"),
    ("One-eighth of the total went to startups.", "One-eighth", 12.5, "exact"),
    ("Nearly a quarter of firms use the model.", "Nearly a quarter", 25, "approx"),
    ("Around half of PhDs stay.", "Around half", 50, "approx"),
    ("近三成企业已部署大模型。", "近三成", 30, "approx"),
    ("过半的企业计划增加投入。", "过半", 50, "over"),
])
def test_verbal_fractions(text: str, number_text: str, value: float, qualifier: str) -> None:
    c = one(text, number_text)
    assert abs(c.value - value) < 1e-3 and c.unit == "percent" and c.qualifier == qualifier


def test_spoken_transcripts_with_little_punctuation() -> None:
    text = ("so we think china has maybe 30 percent of the chips and the us has about 60 percent and that gap "
            "is about 6 to 18 months behind on models")
    found = {c.number_text for c in claims(text)}
    assert {"30 percent", "about 60 percent"} <= found
    assert any(c.unit == "months" and c.value_high == 18 for c in claims(text))


# -- subject: the country governing the number's clause -----------------------------------------


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # the other side of a comparison is not whose figure it is
    ("Huawei's new chip is fast: it reaches roughly 80% of Nvidia's H100.", "80%", "CN"),
    ("美国的数据中心数量很多,但容量仅为中国的1.7倍。", "1.7倍", "US"),
    ("中国大模型发展迅速,下载量超越美国达到3亿次。", "3亿", "CN"),
    ("Chinese labs ship fast. Their models are 6 months behind American ones.", "6", "CN"),
    ("Huawei's chip is cheap. Its bandwidth is 10 times lower than Nvidia's.", "10 times", "US"),
    # a comparison opening the clause: the figure's owner follows the number
    ("DeepSeek trained its model for under $6 million, versus the estimated $100 million cost of training GPT-4.",
     "$100 million", "US"),
])
def test_a_comparison_base_is_not_the_subject(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "pairs"), [
    ("#### US focus on quality\n- **Citations**: 20.2 per patent vs China's 5.1\n- **Growth**: a steady 15-20% a year\n",
     [("20.2", "US"), ("15-20%", "US")]),
    ("By location, China (38,210) led, ahead of the US (6,276), Japan (about 3400) and India (about 1300).",
     [("38,210", "CN"), ("3400", "JP"), ("1300", "IN")]),
    ("美国数据中心更多,但容量仅为中国的1.7倍(美国53.7GW vs. 中国31.9GW)。", [("53.7GW", "US"), ("31.9GW", "CN")]),
    ("中国大陆和中国台湾的销售份额分别占4.5%和6.5%。", [("4.5%", "CN"), ("6.5%", "TW")]),
])
def test_headings_labels_and_parentheses_name_their_figures(text: str, pairs: list[tuple[str, str]]) -> None:
    for number_text, subject in pairs:
        assert one(text, number_text).subject == subject, number_text


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    ("NVIDIA's China market share fell from 95% to 50%.", "95%", "CN"),
    ("英伟达在中国市场的份额从95%降至50%。", "50%", "CN"),
    ("OpenAI计划在阿根廷投资250亿美元建设数据中心。", "250亿美元", "AR"),
    ("Nvidia shipped more than 1.4 million H20 chips to China.", "1.4 million", "CN"),
    ("Samsung supplied 11 million HBM stacks to China.", "11 million", "CN"),
    # a place that only locates the company is not its figure's market
    ("Nvidia, based in the US and selling chips in China and elsewhere for years now, reported revenue of $60 billion.",
     "$60 billion", "US"),
])
def test_a_multinationals_figure_in_one_country(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    ("Manus is a Beijing startup. It beat OpenAI's agent on benchmarks and raised $75 million.", "$75 million", "CN"),
    ("DeepSeek冲上了中国区免费榜首位,同时其在苹果App Store美区的排名升至第一位。", "第一位", "CN"),
    # a possessive pronoun before a company named in apposition is that company's figure
    ("DeepSeek is growing fast. Its rival OpenAI raised $6.6 billion.", "$6.6 billion", "US"),
])
def test_a_pronoun_clause_continues_the_subject_before(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a group separator does not end the clause: the country after the number still governs it
    ("Between 2014 and 2023, more than 38,000 GenAI patents came out of China.", "38,000", "CN"),
    # a currency is not a country named: the IPO is on the mainland
    ("Moore Threads raised 8 billion yuan (US$1.13 billion) in the second-largest IPO on the mainland.", "second",
     "CN"),
    # an exchange suffix is not a country named
    ("晶圆代工龙头台积电(2330-TW)(TSM-US)昨日法说会惊艳市场,ADR终场大涨4.44%。", "4.44%", "TW"),
    # 美国本土 is the US's homeland, not China's 本土
    ("黄仁勋指出,美国本土的新规太多。这些规则让研发周期延迟3至6个月。", "3至6个月", "US"),
    # a chip named by its number alone is still its maker's
    ("Performance gap with Nvidia H100\nAccording to analysts, the 910C delivers about 800 TFLOPS of FP16 compute.",
     "800 TFLOPS", "CN"),
])
def test_what_is_not_a_country_mention(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    ("据中国信息通信研究院测算,全球算力规模达到910EFLOPS,同比增长40%。", "40%", "WORLD"),
    ("中国算力总规模达到435EFLOPS,全球占比31%。", "31%", "CN"),
])
def test_world_figures_and_world_wholes(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a list ends its paragraph: the next section's heading names the next list's country
    ("**China's approach**:\n- **Timeline**: capability targeted by 2027 for intelligentized warfare programmes\n\n"
     "**US model**:\n- **Government funding**: $1.8B for defence AI annually\n", "$1.8B", "US"),
    # a section with no country of its own: the lead-in line above names it, not the comparison base in it
    ("# AI spending compared\n\nChina's military AI investment is vast:\n- **Total**: $127.9 billion\n"
     "- **Comparison**: 18.6x greater than US spending\n\n### Distribution\n- **R&D**: 40% of investment\n",
     "40%", "CN"),
    # nothing above names one: the document's title does, not a country mentioned in passing
    ("# China's military AI\n\nIts spending dwarfs the US budget.\n\n### Investment\n- **Central**: $48.5 billion a year\n",
     "$48.5 billion", "CN"),
])
def test_sections_and_the_documents_topic(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    ("Chinese models now hold 17.1% of global downloads, surpassing the US for first place.", "first", "CN"),
    ("Huawei's chip shows its strengths. Tests find it reaches about 60 % of the H100's inference speed.", "60",
     "CN"),
    ("中国本土企业优势明显。GB300液冷覆盖发热量80%以上的高功耗元件。", "80%", "US"),
    # a part in a breakdown clause belongs to the whole's country
    ("Samsung shipped 11.4M HBM stacks into China, including 7M in the month before the deadline.", "7M", "CN"),
    ("英伟达去年向中国出口了100万颗芯片,其中30万颗在第四季度。", "30万", "CN"),
])
def test_more_comparison_bases_products_and_parts(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "pairs"), [
    ("美国的数据中心数量为中国的8倍多(4200个 vs. 520个)。", [("4200个", "US"), ("520个", "CN")]),
    ("Europe's share of AI compute is far smaller than America's (12% vs. 45%).", [("12%", "EU"), ("45%", "US")]),
])
def test_a_bare_versus_pair_follows_the_countries_compared(text: str, pairs: list[tuple[str, str]]) -> None:
    for number_text, subject in pairs:
        assert one(text, number_text).subject == subject, number_text


@pytest.mark.parametrize(("text", "number_text"), [
    ("中美AI模型的差距已经缩短至3至6个月。", "3至6个月"),
    ("The US-China gap in frontier models has narrowed to about 3 months.", "about 3"),
])
def test_a_gap_between_the_two_is_neutral(text: str, number_text: str) -> None:
    assert one(text, number_text).subject is None


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a levy is the levier's: the country it falls on is its target
    ("The US export regime changed again. The new deal includes a 15% revenue tax on sales of AI chips to China.",
     "15%", "US"),
    ("美国的贸易政策持续升级。特朗普政府宣布对中国商品加征100%的额外关税。", "100%", "US"),
    # "U.S." is one word: its first full stop ends no clause, so "to the U.S. government" stays in it
    ("The administration approved Nvidia's H20 exports to China under a new arrangement, requiring the company to "
     "remit 15 percent of sales proceeds to the U.S. government.", "15 percent", "US"),
    # a currency named in words is not the country the figure belongs to
    ("The digital economy of China is large. Its core industries reached 1.2 trillion yuan (about 171 billion U.S. "
     "dollars) in 2025.", "171 billion", "CN"),
])
def test_levies_and_currencies(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "pairs"), [
    ("各国AI专利数量\n\n| 指标 | 中国 | 美国 |\n|---|---|---|\n| 专利数 | 38210件 | 6276件 |\n| 论文数 | 12000篇 | 9000篇 |\n",
     [("38210", "CN"), ("6276", "US"), ("12000", "CN"), ("9000", "US")]),
    ("Private AI investment\n\n| Year | China | United States |\n|---|---|---|\n| 2023 | $7.8 billion | $67.2 billion |\n",
     [("$7.8 billion", "CN"), ("$67.2 billion", "US")]),
])
def test_a_table_cell_takes_its_column_header(text: str, pairs: list[tuple[str, str]]) -> None:
    for number_text, subject in pairs:
        assert one(text, number_text).subject == subject, number_text


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # the counted thing's origin outranks a 全球 that only frames the count
    ("全球前十大机构中有一半来自中国。", "一半", "CN"),
    # a co-holder named right before a rank is not its owner
    ("中国的AI人才储备与美国并列世界第一。", "第一", "CN"),
    # a figure that refers back (这一比例) continues the one before, past a definition in between
    ("2022年全球47%的顶尖研究人员(指排名前20%的研究人员)来自中国,而2019年这一比例为29%。", "29%", "CN"),
])
def test_origins_co_holders_and_references_back(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject
