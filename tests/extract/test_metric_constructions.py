"""The metric (indicator) of a figure: which constructions name it, in both languages.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one


@pytest.mark.parametrize(("text", "number_text"), [
    ("公司AI营收大幅增长，并斥资3亿美元收购一家工厂。", "3亿美元"),
    ("Its AI revenue rose sharply, and the company bought a campus for $300 million.", "$300 million"),
])
def test_a_cue_in_another_clause_does_not_name_a_money_level(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("公司AI营收达38亿元，同比增长35%。", "35%", "company_revenue"),
    ("The company's AI revenue reached $3.8 billion, up 35% from a year earlier.", "35%", "company_revenue"),
    ("The company's AI revenue reached $3.8 billion, up 35% from a year earlier.", "$3.8 billion", "company_revenue"),
])
def test_a_clause_naming_no_noun_continues_the_sentences(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("这家AI初创公司完成20亿美元融资，估值达80亿美元。", "80亿美元", "other"),
    ("这家AI初创公司完成20亿美元融资，估值达80亿美元。", "20亿美元", "ai_funding_amount"),
    ("The AI startup raised $2 billion in funding at a valuation of $8 billion.", "$8 billion", "other"),
    ("The AI startup raised $2 billion in funding at a valuation of $8 billion.", "$2 billion", "ai_funding_amount"),
    ("训练这个AI模型的成本只有600万美元，远低于其融资额。", "600万美元", "other"),
    ("Training the AI model cost $6 million, far below the funding it raised.", "$6 million", "other"),
    ("政府对AI芯片销售征收15%的收入税。", "15%", "other"),
    ("The government takes a 15% revenue tax on AI chip sales.", "15%", "other"),
])
def test_a_price_cost_valuation_or_tax_is_no_indicator(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text"), [
    ("该AI模型每百万输入token收费0.5美元，营收增长很快。", "0.5美元"),
    ("The AI model's revenue grows as it charges $0.50 per million input tokens.", "$0.50"),
])
def test_a_money_figure_per_unit_is_a_price(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text"), [
    ("受AI需求推动，该芯片公司股价上涨8%。", "8%"),
    ("Driven by AI demand, the chipmaker's shares rose 8%.", "8%"),
])
def test_a_share_price_is_not_market_capitalisation(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text"), [
    ("公司将AI营收的年复合增长率预测上调5个百分点。", "5个百分点"),
    ("The firm raised its AI revenue growth forecast by 5 percentage points.", "5 percentage points"),
])
def test_percentage_points_change_no_money_total(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("这家晶圆厂预计今年资本支出将超过300亿美元，主要用于新工厂。", "300亿美元", "other"),
    ("The foundry expects capital expenditure of over $30 billion this year on new fabs.", "$30 billion", "other"),
    ("微软今年的AI资本支出将超过800亿美元。", "800亿美元", "big_tech_ai_capex"),
    ("Microsoft expects AI capital expenditure of over $80 billion this year.", "$80 billion", "big_tech_ai_capex"),
])
def test_ai_indicators_need_ai_in_view(text: str, number_text: str, metric: str) -> None:
    # the catalogue's investment and market indicators are AI's: a total with no AI word in its
    # sentence or just before it is some other spending
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("In terms of location, China (38,210 inventions) led the field.", "38,210", "ai_patents"),
    ("按地区看，中国(38210项发明)遥遥领先。", "38210项", "ai_patents"),
])
def test_the_noun_a_count_quantifies_names_its_indicator(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text"), [
    ("Tencent holds 2,074 AI patents.", "2,074"),
    ("腾讯拥有2074件AI专利。", "2074件"),
])
def test_a_companys_patent_count_is_not_the_national_indicator(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("在最新的AI排行榜上，通义千问排名第二。", "第二", "model_benchmark_rank"),
    ("按AI项目数量的排名，算力类项目排名第二。", "第二", "other"),
    ("DeepSeek's model took second place on the latest AI leaderboard.", "second", "model_benchmark_rank"),
    ("On the AI leaderboard of project types by count, compute projects took second place.", "second", "other"),
])
def test_a_leaderboard_rank_places_a_named_model(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("为支撑AI发展，全国算力总规模达到300EFLOPS。", "300EFLOPS", "other"),
    ("为支撑AI发展，全国智能算力规模达到300EFLOPS。", "300EFLOPS", "ai_compute_capacity"),
    ("To support AI, the country's total computing power reached 300 EFLOPS.", "300 EFLOPS", "other"),
    ("The country's AI computing power reached 300 EFLOPS.", "300 EFLOPS", "ai_compute_capacity"),
])
def test_only_ai_compute_is_the_compute_indicator(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("中国的军事AI投资累计达到1200亿美元。", "1200亿美元", "other"),
    ("中国的AI投资累计达到1200亿美元。", "1200亿美元", "ai_investment_total"),
    ("China's total military AI investment reached $120 billion.", "$120 billion", "other"),
    ("China's total AI investment reached $120 billion.", "$120 billion", "ai_investment_total"),
])
def test_military_spending_is_no_investment_indicator(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("AI推动下，美国非农商业部门的劳动生产率提升了7.2%。", "7.2%", "other"),
    ("在AI论文中，产业界的发文占比为19.2%。", "19.2%", "paper_share_by_sector"),
    ("With AI, labour productivity in the business sector rose 7.2%.", "7.2%", "other"),
    ("Industry authored 19.2% of AI publications, by sector.", "19.2%", "paper_share_by_sector"),
    ("约一半的AI博士学位授予了外国公民。", "一半", "other"),
    ("80%的AI博士毕业生留在了美国。", "80%", "ai_phd_retention"),
    ("Around half of AI PhDs are awarded to foreign citizens.", "Around half", "other"),
    ("80% of AI PhD graduates stayed in the US.", "80%", "ai_phd_retention"),
])
def test_an_indicator_needs_the_noun_it_counts(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text"), [
    ("By December, the startup claimed $100 million ARR.", "$100 million"),
    ("这款芯片将为该公司带来50亿美元的年收入。", "50亿美元"),
])
def test_the_noun_after_a_money_figure_names_it(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "company_revenue"


@pytest.mark.parametrize(("text", "number_text"), [
    ("US AI patents receive 20.2 citations per patent, far more than highly cited Chinese ones.", "20.2"),
    ("在美国，每家AI公司平均拥有120件专利。", "120件"),
])
def test_a_figure_per_unit_is_a_rate(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text"), [
    ("三个月前，该公司的年收入还是2亿美元。", "2亿美元"),
    ("Three months earlier, the firm's sales were $200 million.", "$200 million"),
])
def test_a_companys_accounts_need_no_ai_word(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "company_revenue"


@pytest.mark.parametrize(("text", "number_text"), [
    ("2024年美国半导体行业销售额达3180亿美元。", "3180亿美元"),
    ("US semiconductor industry sales reached $318 billion in 2024.", "$318 billion"),
])
def test_an_industrys_sales_are_no_companys_revenue(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text"), [
    ("美国AI市场规模为500亿美元，中国半导体行业销售额为300亿美元。", "300亿美元"),
    ("The US AI market size was $50 billion; China's semiconductor industry sales were $30 billion.",
     "$30 billion"),
])
def test_a_figure_naming_its_own_noun_is_no_parallel_of_the_one_before(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text"), [
    ("Huawei expects its AI chips to cover 60% of China's high-end AI-chip market.", "60%"),
    ("华为AI芯片占国内AI芯片市场的23%。", "23%"),
])
def test_a_percentage_of_a_chip_market_is_a_market_share(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "chip_market_share"


@pytest.mark.parametrize(("text", "number_text"), [
    ("The AI chatbot holds 60% of China's consumer app market.", "60%"),
])
def test_a_percentage_of_another_market_is_no_chip_share(text: str, number_text: str) -> None:
    assert one(text, number_text).metric != "chip_market_share"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("美国AI数据中心的耗电量占总用电量的4.4%。", "4.4%", "other"),
    ("US AI data centers used 4.4% of the country's electricity.", "4.4%", "other"),
    ("科技巨头今年的AI数据中心资本支出将达3000亿美元。", "3000亿美元", "big_tech_ai_capex"),
    ("Hyperscalers' AI data center spending will reach $300 billion this year.", "$300 billion",
     "big_tech_ai_capex"),
])
def test_capex_needs_spending_not_only_what_it_buys(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


def test_the_size_of_ai_in_money_is_its_market_size() -> None:
    assert one("据预测，到2033年全球AI的规模约为4.8万亿美元。", "4.8万亿美元").metric == "ai_market_size"


_PRICE_TABLE = """## 模型对比

| 厂商 | 模型 | 输入价格 | 上下文 Token 长度 | 最大输出 Token |
| ---- | ---- | -------- | ----------------- | -------------- |
| 甲公司 | Alpha-2 | 3 元 | 128k | 4k |
| 乙公司 | Beta-7 | 5 元 | 1M | 32k |
"""

_SPEC_TABLE = """Model specifications

| Developer | Model | Context window (tokens) | Max output tokens |
|---|---|---|---|
| Acme | Acme-Large | 200k | 16k |
"""


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    (_PRICE_TABLE, "128k", "context_window"),
    (_PRICE_TABLE, "1M", "context_window"),
    (_PRICE_TABLE, "4k", "other"),  # under 最大输出 Token: the other column's header is not its context
    (_PRICE_TABLE, "32k", "other"),
    (_PRICE_TABLE, "3 元", "other"),
    (_SPEC_TABLE, "200k", "context_window"),
    (_SPEC_TABLE, "16k", "other"),
])
def test_a_table_cell_takes_its_column_header_as_its_context(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("The chatbot accepts a contextual input of 1 million Chinese characters.", "1 million", "context_window"),
    ("该模型的上下文窗口达到20万token。", "20万", "context_window"),
    # a count of tokens that names no context is no context window
    ("The platform processed 30 trillion tokens a day in March.", "30 trillion", "other"),
    ("该平台3月日均处理30万亿token。", "30万亿", "other"),
])
def test_a_context_window_needs_context_named(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("全球AI独角兽数量增至40家。", "40家", "ai_unicorns"),
    ("中国人工智能独角兽企业达到12家。", "12家", "ai_unicorns"),
    ("There were 40 AI unicorns worldwide at the end of the year.", "40", "ai_unicorns"),
    ("There are now 25 unicorns in generative AI.", "25", "ai_unicorns"),
    # a unicorn index counts every sector: a topic of AI nearby does not make them AI unicorns
    ("AI导读：AI热潮延续。全球独角兽企业达到1200家。", "1200家", "other"),
    ("Amid the AI boom, the world now counts 1,200 unicorns across all sectors.", "1,200", "other"),
])
def test_unicorns_are_ai_unicorns_only_where_ai_modifies_them(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("该公司ADR收盘大涨4.4%，今日开盘再涨2.6%，市值升至5万亿元。", "4.4%", "other"),
    ("该公司ADR收盘大涨4.4%，今日开盘再涨2.6%，市值升至5万亿元。", "2.6%", "other"),
    ("该公司ADR收盘大涨4.4%，今日开盘再涨2.6%，市值升至5万亿元。", "5万亿元", "market_cap"),
    ("The stock jumped 3% on Tuesday, lifting its market value to $2 trillion.", "3%", "other"),
    ("The stock jumped 3% on Tuesday, lifting its market value to $2 trillion.", "$2 trillion", "market_cap"),
    # a cue before the number still names a change that follows it
    ("The company's market value rose to $2 trillion, up 3% on the day.", "3%", "market_cap"),
])
def test_a_cue_in_a_later_clause_names_that_clauses_number(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("2024年中国人工智能市场规模达到5000亿元。", "5000亿元", "ai_market_size"),
    ("The global AI market is expected to reach $800 billion by 2030.", "$800 billion", "ai_market_size"),
    # another market, in a sentence about AI: not the AI market
    ("受AI带动，2024年全球云计算市场规模达6000亿美元。", "6000亿美元", "other"),
    ("Driven by AI, the global cloud computing market reached $600 billion in 2024.", "$600 billion", "other"),
    ("中国AI投资达到300亿美元。", "300亿美元", "ai_investment_total"),
    ("Venture investment in AI reached $30 billion last year.", "$30 billion", "ai_investment_total"),
    # an investment in equipment or factories, in an article about AI: no AI investment
    ("为支持AI发展，美国将进行高达1万亿美元的软硬件设备投资。", "1万亿美元", "other"),
    ("Amid the AI boom, the group announced a $20 billion investment in steel mills.", "$20 billion", "other"),
])
def test_an_ai_market_or_investment_needs_ai_to_modify_it(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text"), [
    ("政府允许该公司出口芯片，但征收15%的收入分成。", "15%"),
    ("The deal sets a 15% revenue share payable to the government on every chip sold.", "15%"),
])
def test_a_cut_of_sales_paid_to_another_party_is_no_revenue(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text"), [
    ("The chipmaker's revenue rose, and its gross margin reached 72.5% last quarter.", "72.5%"),
    ("该芯片公司营收增长，毛利率预计为72.5%。", "72.5%"),
    ("Revenue beat forecasts, though the firm took a $3.2B charge for unsold inventory.", "$3.2B"),
])
def test_a_margin_or_a_charge_is_no_revenue(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "other"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("DeepSeek登上苹果App Store中国区免费榜榜首。", "榜首", "other"),
    ("The Qwen app climbed to first place on the App Store's free download chart.", "first", "other"),
    ("DeepSeek在LMArena排行榜上位居第三。", "第三", "model_benchmark_rank"),
])
def test_an_app_store_chart_is_no_benchmark_leaderboard(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text"), [
    ("英伟达在华芯片业务份额从90%降至10%。", "90%"),
    ("该公司在国内GPU供应中的份额约为35%。", "约为35%"),
])
def test_a_chip_market_share_needs_no_ai_word(text: str, number_text: str) -> None:
    assert one(text, number_text).metric == "chip_market_share"


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("China's AI computing industry revenue is expected to reach 3 trillion yuan by 2026.", "3 trillion yuan",
     "ai_market_size"),
    ("The scale of the country's core AI industry is expected to exceed 900 billion yuan this year.",
     "900 billion yuan", "ai_market_size"),
    # an AI word in the next sentence modifies nothing here
    ("全球独角兽企业达到1200家.AI企业增长最快。", "1200家", "other"),
])
def test_an_ai_word_modifies_the_noun_in_its_phrase(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("该公司净利润转正，营收同比增长40倍，达到30亿元。", "30亿元", "company_revenue"),
    ("公司营收同比增长35%，达38亿元。", "38亿元", "company_revenue"),
    ("The chipmaker's revenue rose 40% in the quarter, reaching $3 billion.", "$3 billion", "company_revenue"),
])
def test_a_clause_opening_with_its_verb_takes_the_previous_clauses_noun(text: str, number_text: str,
                                                                        metric: str) -> None:
    assert one(text, number_text).metric == metric


@pytest.mark.parametrize(("text", "number_text", "metric"), [
    ("Hyperscalers' AI capex plans for 2025 — Microsoft $70B, Google $60B — face review.", "$70B", "big_tech_ai_capex"),
    ("Hyperscalers' AI capex plans for 2025 — Microsoft $70B, Google $60B — face review.", "$60B", "big_tech_ai_capex"),
    ("科技巨头2025年AI资本支出计划：微软700亿美元，谷歌600亿美元。", "700亿美元", "big_tech_ai_capex"),
])
def test_list_items_after_a_dash_or_colon_take_the_openers_noun(text: str, number_text: str, metric: str) -> None:
    assert one(text, number_text).metric == metric
