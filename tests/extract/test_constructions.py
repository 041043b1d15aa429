"""One test per construction the extraction issue names, in both languages, with expected fields.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest

from aigap.extract import extract_claims
from aigap.records import Claim


def claims(text: str, published: str | None = None) -> list[Claim]:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    return extract_claims(text, "t", published=published, language=lang)


def one(text: str, number_text: str, published: str | None = None) -> Claim:
    found = [c for c in claims(text, published) if number_text in c.number_text]
    assert found, [c.number_text for c in claims(text, published)]
    return found[0]


# -- attribution -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pairs"), [
    ("美国和中国的AI投资分别为500亿和400亿美元。", [("500亿", "US"), ("400亿美元", "CN")]),
    ("中国与美国分别拥有30家和25家独角兽企业。", [("30家", "CN"), ("25家", "US")]),
    ("The US and China had 40 and 15 notable models, respectively.", [("40", "US"), ("15", "CN")]),
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
    ("It stockpiled 2.9M+ dies.", "2.9M+", 2.9e6, "count"),
    ("The share rose to 37pc.", "37pc", 37, "percent"),
    ("The startup raised half a million dollars.", "half a million dollars", 5e5, "USD"),
    ("The app reached a quarter million users.", "a quarter million", 2.5e5, "count"),
    ("It raised 75 USD million in 2024.", "75 USD million", 75e6, "USD"),
    ("The fund holds 30 MUSD.", "30 MUSD", 30e6, "USD"),
    ("Revenue reached $5.6bn.", "$5.6bn", 5.6e9, "USD"),
    ("ChatGPT 周活跃用户突破 9 亿。", "突破 9 亿", 9e8, "count"),
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
