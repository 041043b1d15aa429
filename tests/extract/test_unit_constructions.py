"""Units as claims.md and annotation.md give them: counts with their noun, token counts, prices per
unit, and what is not a claim at all. Sentences are written for these tests (not corpus quotes)."""

from __future__ import annotations

import pytest
import sentence_claims
from sentence_claims import claims

from aigap.records import Claim


def one(text: str, number_text: str) -> Claim:
    return sentence_claims.one(text, number_text, exact=True)  # units: the number text as annotated


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


@pytest.mark.parametrize(("text", "number_text", "unit"), [
    ("该应用的月活用户已超3亿,位居行业前列。", "超3亿", "people"),  # the users it is said of, before it
    ("平台付费用户达 120 万。", "120 万", "people"),
    ("开源社区聚集了80万开发者。", "80万", "people"),  # the noun right after
    ("The assistant now has 40 million weekly users.", "40 million", "people"),
    ("公司计划把服务扩展到50万商家。", "50万", "companies"),  # merchants are businesses
    ("全年交易额突破 9 亿。", "突破 9 亿", "count"),  # no noun names a unit: count stays
])
def test_a_count_of_users_developers_or_merchants_takes_their_unit(text: str, number_text: str, unit: str) -> None:
    assert one(text, number_text).unit == unit


@pytest.mark.parametrize(("text", "number_text", "unit"), [
    ("全国在用标准机架超过500万架。", "超过500万架", "other:racks"),
    ("该园区机架规模达到2.4万架。", "2.4万架", "other:racks"),
    ("今年前五个月芯片进口量为 1800 亿片。", "1800 亿片", "chips"),
    ("集成电路出口达到 95 亿块。", "95 亿块", "chips"),
])
def test_racks_and_chips_counted_by_their_measure_word(text: str, number_text: str, unit: str) -> None:
    assert one(text, number_text).unit == unit


@pytest.mark.parametrize(("text", "number_text", "unit"), [
    ("The new model reads up to 500,000 Chinese characters in one prompt.", "up to 500,000", "chars"),
    ("Its context window holds 128,000 characters.", "128,000", "chars"),
    ("The foundry shipped 1.2 million dies last quarter.", "1.2 million", "other:dies"),
    ("A supplier delivered 3 million HBM stacks to the buyer.", "3 million", "other:stacks"),
    ("这些公司的数据中心分布在12个国家的40个城市。", "12个", "count"),  # places are counted as things, not as the firms named
    ("训练一次耗电 0.3kW·h,推理耗电 0.02kWh。", "0.3kW·h", "other:kWh"),
    ("全年耗电 120 千瓦时。", "120 千瓦时", "other:kWh"),
])
def test_count_nouns_and_energy_units(text: str, number_text: str, unit: str) -> None:
    assert one(text, number_text).unit == unit


def test_a_million_after_a_slash_is_a_denominator_not_a_claim() -> None:
    found = [c.number_text for c in claims("输入和输出分别收费 2美元/百万和 8美元/百万。")]
    assert "百万" not in found and "2美元" in found and "8美元" in found


# -- not claims (annotation.md: counters, phone numbers, names with digits, wafer sizes, windows) --


@pytest.mark.parametrize("text", [
    "Read 2,345 times | 78 comments | 9 likes",
    "For questions call (212) 555-0187 or write to the desk.",
    "Shares of Fortune 500 firms and the S&P 500 index gained on the news.",
    "The fab produces 12-inch wafers on a mature node.",
    "The console streams 4K video and 8K screens are next.",
    "近两年来,公司推出了新一代芯片。",
])
def test_counters_phones_names_and_sizes_are_not_claims(text: str) -> None:
    assert claims(text) == [], [(c.number_text, c.unit) for c in claims(text)]


def test_a_duration_ahead_is_asserted_a_window_back_is_a_period() -> None:
    """The seed gold's convention: 未来十到二十年的主题 is a claim (years), 近两年 only dates."""
    assert [(c.number_text, c.unit) for c in claims("弱两极格局可能是未来十到二十年的主题。")] == [("十到二十年", "years")]
    assert claims("近两年来,公司推出了新一代芯片。") == []


@pytest.mark.parametrize(("text", "number_text", "unit"), [
    ("China led with 4,100 papers vs US 3,900 in the survey.", "3,900", "papers"),  # a country before: compared, kept
    ("The country had more than 4,000 artificial intelligence (AI) companies.", "more than 4,000", "companies"),
])
def test_a_count_keeps_its_noun_inside_its_own_phrase(text: str, number_text: str, unit: str) -> None:
    assert one(text, number_text).unit == unit


def test_a_noun_after_a_comma_belongs_to_the_next_phrase() -> None:
    found = {c.number_text: c.unit for c in claims("The alliance counted 300 overall; firms abroad numbered 120.")}
    assert found.get("300") != "companies", found


# -- recall: Chinese forms ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number_text", "unit", "value", "qualifier"), [
    ("去年新增独角兽80家。45家公司估值下降。", "45家", "companies", 45, "exact"),  # after a full stop (。)
    ("美国先后实施了三轮出口管制。", "三轮", "count", 3, "exact"),
    ("该公司完成了四轮融资。", "四轮", "count", 4, "exact"),
    ("中国的开源贡献仅为美国 1/5。", "1/5", "percent", 20, "exact"),  # the copula before the compared side
    ("其数据中心规模不足欧洲1/4。", "1/4", "percent", 25, "under"),
])
def test_zh_counts_rounds_and_fractions_of_another(text: str, number_text: str, unit: str, value: float,
                                                    qualifier: str) -> None:
    c = one(text, number_text)
    assert (c.unit, c.value, c.qualifier) == (unit, pytest.approx(value), qualifier)


def test_a_tricycle_is_no_round() -> None:
    assert [c.number_text for c in claims("街上停着一辆三轮车。")] == []


# -- recall and units: English forms ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "number_text", "unit", "value"), [
    ("The group set aside 250B RMB for data centres.", "250B RMB", "CNY", 250e9),
    ("Its capex is nearing 80B RMB this year.", "nearing 80B RMB", "CNY", 80e9),
    ("The platform served 3.4T monthly tokens in March.", "3.4T", "tokens", 3.4e12),
    ("The app logged 2.7B interactions over the holiday.", "2.7B", "count", 2.7e9),
    ("The lab is installing 50,000 H200s for training.", "50,000", "chips", 50_000),
    ("Earnings came to 62 cents a share.", "62", "USD", 0.62),
    ("Her paper has been cited over 9,000 times.", "over 9,000", "count", 9_000),
])
def test_en_amounts_with_their_units(text: str, number_text: str, unit: str, value: float) -> None:
    c = one(text, number_text)
    assert (c.unit, c.value) == (unit, pytest.approx(value))


def test_nearing_is_approximate() -> None:
    assert one("Its capex is nearing 80B RMB this year.", "nearing 80B RMB").qualifier == "approx"


def test_n_out_of_m_states_the_part_and_the_whole_only_frames_it() -> None:
    found = {c.number_text: c for c in claims("The firm topped forecasts in 11 out of the 12 last quarters.")}
    assert set(found) == {"11"} and found["11"].aspect == "share"
    found = {c.number_text: c for c in claims("In the review, 9 of 14 chatbots refused the request.")}
    assert set(found) == {"9"} and (found["9"].unit, found["9"].aspect) == ("models", "share")


def test_a_multiple_stays_a_multiple_and_a_model_name_stays_a_name() -> None:
    assert [c.unit for c in claims("Sales grew three times faster than the market.")] == ["other:times"]
    assert [c.number_text for c in claims("Llama 3.1 8B models run on a laptop.")] == []


def test_a_number_in_a_column_of_names_is_a_name() -> None:
    table = "| 排名 | 模型 | 厂商 | 总分 |\n| --- | --- | --- | --- |\n| 3 | 某模型 | 360 | 68.5 |\n"
    assert "360" not in [c.number_text for c in claims(table)]
    assert "68.5" in [c.number_text for c in claims(table)]


@pytest.mark.parametrize(("text", "number_text", "value", "aspect"), [
    ("今年服务器进口量降 40%。", "降 40%", -40, "change"),  # 降 alone is a fall
    ("股价盘中一度跌1.5%及2.4%。", "2.4%", -2.4, "change"),  # the second of two figures joined by 及
    ("The shares rose 4% and 6% on consecutive days.", "6%", 6, "change"),
])
def test_zh_fall_and_coordinated_changes(text: str, number_text: str, value: float, aspect: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.aspect) == (pytest.approx(value), aspect)


def test_a_fall_to_a_level_is_not_a_change_and_an_own_direction_wins() -> None:
    found = {c.number_text: c for c in claims("营收增长5%和利润下降3%。")}
    assert found["增长5%"].value == 5 and found["下降3%"].value == -3


def test_money_whose_currency_was_named_before() -> None:
    text = "该公司去年营收800亿美元。今年一季度营收230亿,数据中心收入150亿,瞄准一个900亿市场。"
    assert [one(text, n).unit for n in ("230亿", "150亿", "900亿")] == ["USD", "USD", "USD"]
    assert one("平台用户规模达3亿,市场规模达到500亿。", "500亿").unit == "count"  # no currency named: a count


def test_a_hedged_double_is_a_ratio_and_a_planned_one_a_change() -> None:
    c = one("Chinese output is now almost triple the European figure.", "almost triple")
    assert (c.unit, c.value, c.qualifier, c.aspect) == ("other:times", 3, "approx", "level")
    c = one("The company aims to double its output.", "double")
    assert (c.unit, c.value, c.aspect) == ("percent", 100, "change")


def test_multi_billion_dollar_is_vague_money() -> None:
    c = one("They signed multi-billion-dollar contracts.", "multi-billion-dollar")
    assert (c.unit, c.value, c.value_high, c.qualifier) == ("USD", 1e9, 1e10, "vague")


@pytest.mark.parametrize(("text", "number_text", "unit"), [
    ("The vendor shipped 2.1M H20 to the region.", "2.1M", "chips"),  # a chip model, singular
    ("The site will hold over 40,000 of the latest Nvidia GPUs.", "over 40,000", "chips"),  # a partitive
])
def test_chip_models_and_partitives_count_chips(text: str, number_text: str, unit: str) -> None:
    assert one(text, number_text).unit == unit


def test_a_docket_code_is_no_chip_count() -> None:
    assert [c.number_text for c in claims("See the companion rule (0694-AJ74) for details.")] == []


@pytest.mark.parametrize("text", [
    "发布会于上午9点45分开始。",  # a clock time, not a score
    "He is a 4-time founder and a two-time winner.",  # how often, as an adjective
])
def test_clock_minutes_and_n_time_adjectives_are_not_claims(text: str) -> None:
    assert claims(text) == [], [(c.number_text, c.unit) for c in claims(text)]


def test_a_score_in_points_stays_a_score() -> None:
    assert one("该模型在测评中得到86分。", "86分").unit == "score"


# -- prices per unit and context lengths (claims.md: USD per million tokens is a USD claim) -------


def test_a_price_per_unit_is_the_currency_claim_and_its_denominator_is_none() -> None:
    found = [(c.number_text, c.unit) for c in claims("Output costs $1.10 per 1M tokens, input $0.30 per 1,000,000 tokens.")]
    assert found == [("$1.10", "USD"), ("$0.30", "USD")], found
    found = [(c.number_text, c.unit) for c in claims("输出价格为每百万tokens 4元,输入为每1000人次0.5元。")]
    assert found == [("4元", "CNY"), ("0.5元", "CNY")], found


@pytest.mark.parametrize(("text", "number_text", "unit", "value"), [
    ("The model offers a 256K context window.", "256K", "tokens", 256_000),
    ("该模型支持32K上下文。", "32K", "tokens", 32_000),
    ("该芯片的算力为512 TOPS。", "512 TOPS", "other:TOPS", 512),
])
def test_context_lengths_in_tokens_and_tops(text: str, number_text: str, unit: str, value: float) -> None:
    c = one(text, number_text)
    assert (c.unit, c.value) == (unit, pytest.approx(value))


@pytest.mark.parametrize(("text", "number_text", "value"), [
    ("该企业建成了万卡集群。", "万卡", 1e4),
    ("计划建设十万卡级智算中心。", "十万卡", 1e5),
    ("他们部署了两万卡集群。", "两万卡", 2e4),
])
def test_a_cluster_size_in_cards_counts_chips(text: str, number_text: str, value: float) -> None:
    c = one(text, number_text)
    assert (c.unit, c.value) == ("chips", value)
