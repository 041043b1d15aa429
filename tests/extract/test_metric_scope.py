"""The metric's scope: what a cue names depends on the words around it (a benchmark's name, the
product a market sells, who spends, which market a share is of), in both languages.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one


@pytest.mark.parametrize(("text", "number_text"), [
    ("DeepSeek-R1 scored 90.8% on MMLU and 79.8% on AIME 2024.", "90.8%"),
    ("DeepSeek-R1 scored 90.8% on MMLU and 79.8% on AIME 2024.", "79.8%"),
    ("The new model reaches 74.9% on SWE-bench Verified.", "74.9%"),
    ("该模型在 GPQA（71.5%）和 LiveCodeBench（65.9%）上领先。", "71.5%"),
    ("该模型在 GPQA（71.5%）和 LiveCodeBench（65.9%）上领先。", "65.9%"),
    ("通义千问在 Terminal-bench 上的得分率为 43.2%。", "43.2%"),
])
def test_a_percentage_beside_a_named_benchmark_is_a_benchmark_score(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "model_benchmark_score"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    # "market" inside "market capitalization" names no market size
    ("During the AI boom Nvidia became the first company to cross a $5 trillion market capitalization.",
     "$5 trillion", "market_cap"),
    ("在AI热潮中，英伟达市值突破5万亿美元。", "5万亿美元", "market_cap"),
])
def test_a_cue_inside_a_longer_cue_counts_for_the_longer_ones_indicator(text: str, number_text: str,
                                                                        metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    # a foundry's capex builds fabs
    ("TSMC expects capital expenditure of $40 billion this year as AI demand booms.", "$40 billion", "other"),
    ("在AI需求推动下，台积电预计今年资本支出将达到400亿美元。", "400亿美元", "other"),
    ("As AI demand booms, Samsung plans capex of $35 billion for its memory fabs.", "$35 billion", "other"),
    # a tech giant's capex, and AI spending a chipmaker only reports, are big-tech AI capex
    ("Microsoft expects capital expenditure of $80 billion this year on AI data centers.", "$80 billion",
     "big_tech_ai_capex"),
    ("在AI热潮中，微软预计今年资本支出将达到800亿美元。", "800亿美元", "big_tech_ai_capex"),
    ("Hyperscalers' spending on AI infrastructure could reach $1 trillion, TSMC said.", "$1 trillion",
     "big_tech_ai_capex"),
])
def test_a_chipmakers_capex_is_no_big_tech_ai_capex(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    # the AI word modifies the product the market sells
    ("The AI chip market is worth about $50 billion today.", "$50 billion", "other"),
    ("目前AI芯片市场规模约为500亿美元。", "500亿美元", "other"),
    ("2024年全球AI服务器市场规模达到1250亿美元。", "1250亿美元", "other"),
    # the AI market itself; a product word in another phrase (after a comma) modifies nothing here
    ("China's AI market size reached $70 billion.", "$70 billion", "ai_market_size"),
    ("受芯片需求推动，中国AI市场规模达到5000亿元。", "5000亿元", "ai_market_size"),
    ("Driven by chip demand, the AI market reached $200 billion.", "$200 billion", "ai_market_size"),
])
def test_the_market_of_an_ai_product_is_no_ai_market_size(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("谷歌的AI模型占据了近40%的视频生成市场份额。", "40%", "other"),
    ("Google's AI model took nearly 40% of the video-generation market share.", "40%", "other"),
    ("Nvidia's market share in China's AI accelerator market fell to 50%.", "50%", "chip_market_share"),
    ("英伟达在中国AI市场的份额已从95%降至50%。", "95%", "chip_market_share"),
    ("华为昇腾在国内AI芯片市场的份额达到30%。", "30%", "chip_market_share"),
])
def test_a_market_share_is_a_chip_market_share_only_with_chips_in_view(text: str, number_text: str,
                                                                       metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    # a part of the world's papers is the paper share, whichever paper cue names them
    ("中国AI论文数量占全球的35%。", "35%", "ai_paper_share"),
    ("China's AI paper count makes up 35% of the world total.", "35%", "ai_paper_share"),
    # a part of the world's top researchers is the top-talent share; of all researchers it is not
    ("美国拥有全球47%的顶尖AI研究人员。", "47%", "top_ai_researchers_share"),
    ("The US employs 47% of the world's top AI researchers.", "47%", "top_ai_researchers_share"),
    ("中国AI研究人员占全球的30%。", "30%", "ai_researchers"),
    # a growth of the count keeps the count's id
    ("中国AI论文数量增长35%。", "35%", "ai_papers"),
])
def test_a_part_of_a_count_the_catalogue_shares_is_the_share_indicator(text: str, number_text: str,
                                                                       metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    # 令牌 (token) after a count is the unit that says a context length is counted
    ("新模型支持 100 万令牌的上下文窗口。", "100 万", "context_window"),
    # active parameters per token are the model's size, no rate of a total
    ("该模型每个令牌激活 220 亿参数。", "220 亿参数", "model_parameters"),
    ("The model activates 22 billion parameters per token.", "22 billion", "model_parameters"),
    # a money figure per token stays a price
    ("该模型每百万令牌收费2美元。", "2美元", "other"),
])
def test_token_counts_and_active_parameters(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text"), [
    ("AI firms owned by the government announced a total of US$3 billion in dividends for fiscal year 2025.",
     "US$3 billion"),
    ("政府控股的AI企业宣布本财年分红30亿元。", "30亿元"),
    ("The AI company's revenue rose and it paid $3 billion in dividends.", "$3 billion"),
])
def test_a_dividend_is_no_indicator(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"
