"""Values and qualifiers of the constructions a number is written in: ranges whose two ends are
written out, falls written high to low, signed changes and losses, hedges, and what is not a claim.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import claims, one


@pytest.mark.parametrize(("text", "number_text", "low", "high", "unit"), [
    ("The firm plans capital spending of $30 billion to $34 billion next year.", "$30 billion to $34 billion",
     30e9, 34e9, "USD"),
    ("Spending is expected to be between $61 billion and $70 billion.", "$61 billion and $70 billion",
     61e9, 70e9, "USD"),
    ("It now expects the margin to fall between 3% to 4%, against 4% to 5% before.", "3% to 4%", 3, 4, "percent"),
    ("Only 6% or 7% of the budget goes to chips.", "6% or 7%", 6, 7, "percent"),
    ("Building a new data centre takes three to four years.", "three to four", 3, 4, "years"),
    ("The lab expects a breakthrough in the next one or two years.", "one or two", 1, 2, "years"),
    ("Demand for training compute doubles every five to 10 months.", "five to 10", 5, 10, "months"),
    ("Rival services charge 1.5 to 2 US dollars per hour.", "1.5 to 2 US dollars", 1.5, 2, "USD"),
    ("日本的报价约为300万～350万日元。", "300万～350万日元", 3e6, 3.5e6, "JPY"),
    ("约合人民币14.2万元～16.8万元。", "14.2万元～16.8万元", 142000, 168000, "CNY"),
    ("国产芯片的价格便宜2～4成。", "2～4成", 20, 40, "percent"),
    ("项目总额为60亿～90亿日元。", "60亿～90亿日元", 6e9, 9e9, "JPY"),
])
def test_a_range_with_both_ends_written_is_one_claim(text: str, number_text: str, low: float, high: float,
                                                     unit: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.value_high, c.qualifier, c.unit) == (pytest.approx(low), pytest.approx(high), "range", unit)
    assert len([x for x in claims(text) if x.unit == unit]) == len(
        [x for x in claims(text) if x.qualifier == "range" and x.unit == unit]), "the high end is no claim of its own"


@pytest.mark.parametrize(("text", "low", "high"), [
    ("Its chip revenue rose 12% to 18% from last year.", 12, 18),
    ("Sales fell 5% to 10% in the quarter.", -10, -5),
])
def test_a_changes_range_keeps_its_direction(text: str, low: float, high: float) -> None:
    c = next(x for x in claims(text) if x.qualifier == "range")
    assert (c.value, c.value_high, c.aspect) == (low, high, "change")


@pytest.mark.parametrize(("text", "first", "second"), [
    ("The market grew from $3.1 billion in 2016 to $15 billion last year.", 3.1e9, 15e9),
    ("Its share went from 40% to 65% in five years.", 40, 65),
    ("英伟达在中国的份额从90%到0%。", 90, 0),
    ("其市场份额由80%降至20%。", 80, 20),
])
def test_a_move_from_one_figure_to_another_is_two_claims(text: str, first: float, second: float) -> None:
    values = [(c.value, c.value_high) for c in claims(text) if c.unit in ("USD", "percent")]
    assert values == [(first, None), (second, None)]


@pytest.mark.parametrize(("text", "number_text", "value", "aspect"), [
    ("该公司将其API价格下调了45%。", "45%", -45, "change"),
    ("分析师把增长预期上调了8%。", "8%", 8, "change"),
    ("The group swung to profit after a year-earlier loss of $3.2 billion.", "$3.2 billion", -3.2e9, "level"),
    ("The start-up reported a net loss of $540 million.", "$540 million", -540e6, "level"),
    ("该公司去年亏损12亿元。", "12亿元", -1.2e9, "level"),
])
def test_a_cut_and_a_loss_are_signed(text: str, number_text: str, value: float, aspect: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.aspect) == (pytest.approx(value), aspect)


def test_a_loss_in_revenue_names_the_revenue_lost() -> None:
    assert one("Guidance reflects a $4B loss in chip revenue.", "$4B").value == 4e9


@pytest.mark.parametrize(("text", "number_text", "value", "qualifier"), [
    ("其市场份额跌破40%。", "跌破40%", 40, "under"),
    ("中国的发电量是美国的三倍多。", "三倍多", 3, "over"),
    ("印度的算力将接近日本算力的1.5倍。", "1.5倍", 1.5, "approx"),
    ("2023年的训练成本约为2015年的七倍。", "七倍", 7, "approx"),
    ("售价为300万日元(约合人民币14.6万元)。", "14.6万元", 146000, "approx"),
    ("It earned $9 billion in Europe—about 15% of its revenue.", "15%", 15, "approx"),
    ("The yield was estimated to be around **45%** last year.", "45%", 45, "approx"),
    ("Approximately [1.2 million GPUs](https://example.org) were shipped.", "1.2 million", 1.2e6, "approx"),
    ("A median estimate of 90,000 chips were smuggled.", "90,000", 90000, "approx"),
    ("It compares with an estimated $50 million+ cost of the rival model.", "$50 million", 50e6, "over"),
])
def test_hedges_and_bounds_around_the_number(text: str, number_text: str, value: float, qualifier: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.qualifier) == (pytest.approx(value), qualifier)


@pytest.mark.parametrize(("text", "number_text", "value", "unit"), [
    ("The ministry is allocating ₹2,150.5 crore to AI research.", "₹2,150.5 crore", 21505e6, "other:INR"),
    ("Net profit rose to NT$310.2 billion in the quarter.", "NT$310.2 billion", 310.2e9, "other:TWD"),
    ("Local models will cost less than Rs 80 per hour.", "Rs 80", 80, "other:INR"),
    ("Gross margin increased by 70 basis points to 58%.", "70 basis points", 0.7, "percent"),
    ("该模型支持 50 万令牌的上下文窗口。", "50 万令牌", 5e5, "tokens"),
    ("每秒处理 80 万个令牌。", "80 万个", 8e5, "tokens"),
    ("全国用电总量达7.2万亿千瓦时。", "7.2万亿千瓦时", 7.2e12, "other:kWh"),
    ("模型训练了120万小时。", "120万小时", 1.2e6, "other:hours"),
])
def test_currencies_scales_and_measure_words(text: str, number_text: str, value: float, unit: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(("text", "number_text", "qualifier", "aspect"), [
    ("Revenue beat the top of the range by 150 basis points.", "150 basis points", "exact", "change"),
    ("数据调用的延迟 ≥36小时。", "≥36小时", "at_least", "level"),
])
def test_signs_and_differences(text: str, number_text: str, qualifier: str, aspect: str) -> None:
    c = one(text, number_text)
    assert (c.qualifier, c.aspect) == (qualifier, aspect)


@pytest.mark.parametrize("text", [
    "They started planning it 4-5 years ago.",
    "Four years from now, the fab will be running.",
    "该模型支持 4K 输出和原生音频。",
    "这两个模型都开源了。",
    "推理成本在三年内下降了约 90%。",
    "服务器在两小时内恢复。",
])
def test_what_is_not_a_claim(text: str) -> None:
    found = [c.number_text for c in claims(text) if c.unit != "percent"]
    assert found == []


def test_a_future_horizon_is_asserted() -> None:
    assert one("该公司计划在未来五年内投资超过300亿美元。", "五年").unit == "years"


@pytest.mark.parametrize(("text", "number_text", "value", "qualifier"), [
    ("The chatbot ranks fourth among free apps.", "fourth", 4, "exact"),
    ("Its model may only be second to Anthropic's.", "second", 2, "exact"),
    ("It became the top-ranked free app in Japan.", "top-ranked", 1, "exact"),
    ("It is now the number one open model.", "number one", 1, "exact"),
    ("The app was at the top of the download chart last week.", "at the top", 1, "exact"),
    ("On that benchmark, the Korean model is on top.", "on top", 1, "exact"),
    ("Its new model jumped right to the top.", "to the top", 1, "exact"),
    ("Three Chinese models are in the top 10.", "top 10", 10, "at_most"),
    ("Two open models lead the global top 3.", "top 3", 3, "at_most"),
])
def test_words_that_place_a_subject(text: str, number_text: str, value: float, qualifier: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.qualifier, c.unit) == (value, qualifier, "rank")


@pytest.mark.parametrize("text", [
    "The menu is at the top of the page.",
    "On top of that, the firm cut prices.",
    "Their product is second to none.",
])
def test_place_words_that_place_nothing(text: str) -> None:
    assert [c for c in claims(text) if c.unit == "rank"] == []


@pytest.mark.parametrize(("text", "number_text", "value", "high", "qualifier", "unit"), [
    ("The firm now expects mid-20% growth in sales.", "mid-20%", 25, None, "approx", "percent"),
    ("It targets mid-60s gross margins by year-end.", "mid-60s", 65, None, "approx", "percent"),
    ("Revenue is guided to $30B (+/-3%).", "+/-3%", 3, None, "exact", "percent"),
    ("Australia has spent some $US40 billion on it.", "$US40 billion", 40e9, None, "approx", "USD"),
    ("A 405B-parameter model was released.", "405B-parameter", 405e9, None, "exact", "parameters"),
    ("The unit posted double-digit growth.", "double-digit", 10, 100, "vague", "percent"),
    ("两家公司都有两位数增长。", "两位数", 10, 100, "vague", "percent"),
])
def test_written_amounts(text: str, number_text: str, value: float, high: float | None, qualifier: str,
                         unit: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.value_high, c.qualifier, c.unit) == (pytest.approx(value), high, qualifier, unit)


def test_a_decade_is_no_amount() -> None:
    assert claims("Chip design moved to Asia in the mid-1990s.") == []


@pytest.mark.parametrize(("text", "number_text", "qualifier"), [
    ("Cloud sales are annualizing >$6B.", "$6B", "over"),
    ("Error rates stay <3% on the benchmark.", "3%", "under"),
    ("The chipmaker is expected to cross the $2 trillion mark.", "$2 trillion", "over"),
    ("Two start-ups crossed $5B valuations this year.", "$5B", "over"),
    ("Inflation should be closer to 3% next year.", "3%", "approx"),
    ("One word is approximately equal to three tokens.", "three", "approx"),
    ("生成的视频最长 30 秒。", "30 秒", "at_most"),
    ("出口比重五年骤降约3成。", "3成", "approx"),
    ("其成本与美国的模型相比不到20分之1。", "20分之1", "under"),
    ("其训练成本不及GPT-4o训练成本的1/20。", "1/20", "under"),
    ("印度的发电量已超过日本的三倍。", "三倍", "over"),
    ("其收费大约是对手o3运行成本的1/40。", "1/40", "approx"),
])
def test_bounds_and_hedges_written_apart_from_the_number(text: str, number_text: str, qualifier: str) -> None:
    assert one(text, number_text).qualifier == qualifier


@pytest.mark.parametrize(("text", "number_text"), [
    ("营收增速高于先前预估的35%。", "35%"),
    ("智能算力占比首次超过通用算力(48%)。", "48%"),
])
def test_the_compared_sides_own_figure_is_not_bounded(text: str, number_text: str) -> None:
    assert one(text, number_text).qualifier == "exact"


def test_a_hedge_after_the_second_end_keeps_the_range() -> None:
    c = one("国产芯片便宜2～4成左右。", "2～4成")
    assert (c.value, c.value_high, c.qualifier) == (20, 40, "range")


@pytest.mark.parametrize(("text", "number_text", "value", "unit"), [
    ("The app had about 12 million MAU in May.", "about 12 million", 12e6, "people"),
    ("They risk misspending a couple of hundred billions.", "a couple of hundred billions", 2e11, "USD"),
    ("The lab has maybe a couple of hundred people.", "a couple of hundred", 200, "people"),
    ("It bought a couple of thousand GPUs.", "a couple of thousand", 2000, "chips"),
])
def test_spoken_amounts_and_their_units(text: str, number_text: str, value: float, unit: str) -> None:
    c = one(text, number_text)
    assert (c.value, c.qualifier if "couple" in number_text else "approx", c.unit) == (
        pytest.approx(value), "approx", unit)


def test_a_couple_of_years_is_no_amount() -> None:
    assert claims("It took a couple of years to build.") == []


@pytest.mark.parametrize("text", ["该公司计划三年内建成五座数据中心。", "市场规模可能在未来十年内翻三倍。"])
def test_a_horizon_that_frames_no_measured_change_is_asserted(text: str) -> None:
    assert [c.unit for c in claims(text) if c.unit == "years"] == ["years"]
