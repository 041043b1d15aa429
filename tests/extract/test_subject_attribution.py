"""Subject attribution constructions (spec/annotation.md, "subject"), in both languages.

The sentences are written for these tests (illustrations of the language, not quotes of any corpus).
"""

from __future__ import annotations

import pytest
from sentence_claims import one


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a CamelCase brand written with its inner capital flattened is still that brand
    ("| Vendor | Price |\n|---|---|\n| Google | $1.25 |\n| Deepseek | $0.28 |\n", "$0.28", "CN"),
    ("Openai raised $6.6 billion last year.", "$6.6 billion", "US"),
    ("Minimax的新模型上下文长度达到400万个token。", "400万", "CN"),
])
def test_a_brand_with_its_inner_capital_flattened(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a paragraph whose only place is the world: its ownerless figures are the world's, not the country
    # the paragraph before ended on
    ("其中美国以758家领先,中国以343家位居第二。印度、英国等国家超60家。\n\n"
     "研究院在全球共发现1523家独角兽企业。其中,359家估值上升,203家为新独角兽。", "203家", "WORLD"),
    ("The US leads with 758 unicorns and China follows with 343. Britain has 60.\n\n"
     "The survey counted unicorns across the world. Together they are worth $5.6 trillion.", "$5.6 trillion", "WORLD"),
])
def test_a_paragraph_about_the_world(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a chip made for the Chinese market is China's figure, whoever makes it (spec/annotation.md)
    ("The H20 delivers only about 20% of the H100's training throughput.", "20%", "CN"),
    ("H800芯片的互联带宽被限制在400GB/s。", "400GB/s", "CN"),
    # a Korean conglomerate's purchase of American chips is Korea's figure, not the chips' maker's
    ("SK Group is building a data centre with over 40,000 NVIDIA GPUs.", "40,000", "KR"),
])
def test_chips_for_the_chinese_market_and_korean_buyers(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # 华 stands for China in 在华/对华: a multinational's business there is China's figure
    ("英伟达在华业务收入从170亿美元降至50亿美元。", "50亿美元", "CN"),
    ("Nvidia's China-specific data-centre revenue fell to $1.2 billion.", "$1.2 billion", "CN"),
])
def test_a_multinationals_business_in_china(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


def test_hua_opening_a_longer_name_is_not_china() -> None:
    # 对华为: 华 opens Huawei's name; the figure is Huawei's, named as such
    claim = one("对华为而言,去年营收达到8600亿元。", "8600亿元")
    assert (claim.subject, claim.entity) == ("CN", "华为")


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # "the chipmaker", "the company", 该公司: the company named before, not a country it dealt with
    ("NVIDIA signed a partnership with South Korea's government on Friday.\n\n"
     "The chipmaker reached a $5 trillion valuation this week.", "$5 trillion", "US"),
    ("NVIDIA signed a partnership with South Korea's government on Friday.\n\n"
     "The company's $5 trillion valuation exceeds its rivals' combined.", "$5 trillion", "US"),
    ("英伟达与韩国政府签署了合作协议。\n\n该公司市值突破5万亿美元。", "5万亿美元", "US"),
])
def test_the_company_named_before(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


def test_a_market_country_after_the_number() -> None:
    text = "Nvidia reported strong results.\n\nThe company recognized $2.1 billion in China data-centre revenue."
    assert one(text, "$2.1 billion").subject == "CN"


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # "Korea's $3 billion": the possessor right before the figure owns it, not the clause's first name
    ("NVIDIA's New Milestone Powers Korea's $3 Billion AI Plan", "$3 Billion", "KR"),
    ("Analysts at Nvidia praised Japan's $65 billion chip subsidy.", "$65 billion", "JP"),
])
def test_a_possessor_right_before_the_figure(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text"), [
    # a region of several countries is no one country: its figure has no subject
    ("中国市场增长迅速。其中北美以45%的份额领跑全球。", "45%"),
    ("China is catching up fast. North America still holds 48% of the installed capacity.", "48%"),
])
def test_a_region_is_no_one_country(text: str, number_text: str) -> None:
    assert one(text, number_text).subject is None


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a section headed by a company holds that company's figures
    ("## 融资动态\n\n中国公司继续领跑。\n\n**Reflection AI**\n\n- **融资**: B轮融资20亿美元。\n", "20亿美元", "US"),
    ("## Funding\n\nChina's labs raised less this year.\n\n**Perplexity**\n\n- **Round**: $500 million\n",
     "$500 million", "US"),
    ("## 科研动态\n\n美国实验室发布了新模型。\n\n**西湖大学**\n\n- **成果**: 生成超过5000个科学构想。\n", "超过5000个", "CN"),
])
def test_a_company_heading_above_its_list(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # the country after "vs" owns only the figure right after it; the ratio is the larger side's
    ("China's patent lead\n\n- **Total patents**: 120,000 vs US 15,000 (8:1 ratio)\n", "8:1", "CN"),
    ("China's patent lead\n\n- **Total patents**: 120,000 vs US 15,000 (8:1 ratio)\n", "15,000", "US"),
    # 仅为美国…, 不足美国…: the US is the base of that ratio, not the owner of the clause after it
    ("中国AI电力优势明显。\n\n工业电价仅为美国50%,风光绿电占比30%。", "30%", "CN"),
])
def test_the_other_side_after_vs_and_only(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a state's agencies stand for the state: BIS's rule, the Pentagon's programme, the PLA's drills
    ("Chinese firms pushed back against BIS's 50% ownership rule.", "50%", "US"),
    ("The Pentagon plans to buy 3,000 drones a year, China's state media noted.", "3,000", "US"),
    # a purpose clause against a rival names the rival, not whose figure it is
    ("# Programme notes\n\n**Objective**: field thousands of autonomous drones within two years to counter China's "
     "military mass.", "thousands", None),
    ("The Pentagon's goal: field thousands of autonomous drones within two years to counter China's military mass.",
     "thousands", "US"),
])
def test_state_agencies_and_rivals(text: str, number_text: str, subject: str | None) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # 该公司 refers back to the company that was the subject, not the one it was compared with
    ("寒武纪发布了新芯片,性能接近英伟达A100。\n\n该公司营收增长50%。", "50%", "CN"),
    # 全球领先 frames a ranking: the world is no scope for the paragraph's figures
    ("中国芯片企业发展迅速。\n\n这家企业已跻身全球领先行列,去年营收达到100亿元。", "100亿元", "CN"),
    # 对华 is a levy's target, not its levier
    ("美国政府宣布新规。\n\n对华芯片出口加征15%的关税。", "15%", "US"),
])
def test_references_back_ranking_frames_and_levy_targets(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


def test_the_company_is_the_one_named_last_when_no_subject_is_near() -> None:
    filler = "The industry has seen a long run of product launches and price cuts, and margins are thin. " * 5
    text = ("Huawei unveiled a new phone last week.\n\n" + filler +
            "\n\nAnalysts praised Nvidia's quarterly results. The company's revenue rose 30% from a year earlier.")
    assert one(text, "30%").subject == "US"


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a world group whose members a parenthesis lists: its enumeration commas end no clause
    ("中国企业加速追赶。\n企业端:全球四大云厂商(AWS、Azure、谷歌云、阿里云)资本开支增速超30%。", "超30%", "WORLD"),
    # a paragraph on the US–China race as a whole: its market forecast is the world's, not either side's
    ("中国已研制出新的光刻机原型。\n\n随着AI发展提速,中美AI竞赛正如火如荼。报告预测,AI市场规模将达4.8万亿美元。",
     "4.8万亿美元", "WORLD"),
])
def test_world_groups_and_the_race_as_a_whole(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a list's next member ("the US, the UK and the EU") is no clause's subject: the sentence's subject goes on
    ("In 2024, China's paper output matched the combined output of the US, the UK and the EU, and now commands more "
     "than 40% of global citations.", "more than 40%", "CN"),
    # an enumeration comma (、) ends no clause: the list's first country leads it
    ("美国独角兽企业最多。印度、英国等国家独角兽企业超60家。", "超60家", "IN"),
])
def test_lists_of_places(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # "N H100-equivalent GPUs": the chip is a unit of measure, not whose figure it is
    ("China's compute stock\n\n**Parameters:** a capacity of 500K A100-equivalent GPUs in the base case.", "500K", "CN"),
    # a parenthesis's own counted thing owns its figure, not the name before the parenthesis
    ("The stock counts 0.5M H100 chips (1.2M H20 chips at a third of the speed).", "1.2M", "CN"),
])
def test_units_of_measure_and_a_parenthesis_own_count(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


def test_no_dot_before_a_number_ends_no_sentence() -> None:
    # "No. 2" abbreviates "number": the sentence, and its subject, go on
    text = "Currently, China's computing power ranks No. 2 globally with about 30 percent growth annually."
    assert one(text, "about 30 percent").subject == "CN"


def test_origin_words_name_their_country() -> None:
    # 美系 ("US-origin") names the US as 国产 names China
    text = "同等任务下国产模型能耗0.05kW·h,而美系模型能耗2.0kW·h。"
    assert one(text, "2.0kW").subject == "US"


def test_the_worlds_biggest_as_a_group_is_the_world() -> None:
    # "the world's biggest chipmakers" is a group across countries: its total is the world's
    text = "Chinese chipmakers grew fast.\n\nAmong the world's biggest chipmakers, capital spending reached $100 billion."
    assert one(text, "$100 billion").subject == "WORLD"


def test_a_market_named_after_a_verb_is_not_the_figures() -> None:
    # only "in/of/from … China revenue" after the number names the figure's market
    text = "Microsoft expects $80 billion of capital spending to dwarf the China AI market."
    assert one(text, "$80 billion").subject == "US"


def test_the_company_does_not_reach_far_back() -> None:
    # "the company" far from any named company may be one the gazetteer does not know: no guess from far back
    filler = "The sector has seen a long run of launches and price cuts, and margins are thin. " * 12
    text = "# Funding roundup\n\nNvidia backed several startups.\n\n" + filler + "\n\nThe company raised $40 million."
    assert one(text, "$40 million").subject is None


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a company's letter or earnings call speaks as "we"/"our"/我们: its figures are the company named
    # before, not a country the passage mentioned in passing (annotation.md: a company's home country)
    ("# Dear Shareholders\n\nThis year Alibaba Group kept its focus on cloud computing and e-commerce.\n\n"
     "We repurchased US$11.9 billion of our shares.", "US$11.9 billion", "CN"),
    ("# Letter\n\nThe European Union set new rules this year, and Alibaba Group kept its focus on cloud "
     "computing.\n\nOur cloud revenue rose 13% to US$16 billion.", "US$16 billion", "CN"),
    ("# 致股东的信\n\n这一年，华为坚持聚焦云计算和终端业务。\n\n我们的全年营收增长到8600亿元。", "8600亿元", "CN"),
    # the voice carries over to the next sentence of the same paragraph, not to another list item
    ("# Letter\n\nTSMC reported strong results this quarter.\n\nWe are narrowing our 2025 capex to between USD40 "
     "billion and USD42 billion. About 70% of the capital budget will go to advanced processes.", "About 70%", "TW"),
    ("# Letter\n\nTSMC reported strong results this quarter.\n\n- We are narrowing our 2025 capex.\n"
     "- About 70% of the capital budget will go to advanced processes.", "About 70%", None),
    # the company the passage keeps naming speaks, not a supplier it named last
    ("# Interview\n\nDeepSeek's founder spoke this week. DeepSeek, he said, trains DeepSeek models on Nvidia's "
     "H100 chips.\n\nOur revenue rose to $50 million this quarter.", "$50 million", "CN"),
    # an analyst's "we estimate" is no company's voice: the company named before does not own the figure
    ("# Notes\n\nNvidia dominates the chip trade this year.\n\nWe estimate that 1.5 million chips were smuggled.",
     "1.5 million", None),
])
def test_a_companys_first_person_is_the_company(text: str, number_text: str, subject: str | None) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # "and" after a figure opens a clause of its own: its subject owns the figure after it
    ("Britain had 60 labs. The US leads with 758 unicorns and China follows with 343.", "343", "CN"),
    ("Britain had 60 labs. The US leads with 758 unicorns and China follows with 343.", "758", "US"),
    # a coordinated subject before any figure is still one subject ("The US and China have ...")
    ("Britain had 60 labs. The US spent $10 billion and 40% more than China.", "40%", "US"),
    # a list's last member after "and" opens no clause
    ("China imported $5 billion of chips from the US and Japan in a 20% rise.", "20%", "CN"),
])
def test_a_coordinated_clause_after_a_figure_has_its_own_subject(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # 是/达到 X…的N倍: the country before 的 is what the ratio is taken of, also when the compared quantity is
    # named between them; the figure is the other side's (the sentence's subject)
    ("2024年中国全年用电量达9.8万亿千瓦时，是美国同期发电量的两倍多。", "两倍", "CN"),
    ("中国人工智能行业进展迅速，其顶级模型的性能已达到美国水平的约90%。", "约90%", "CN"),
    # a percentage of a country's whole (not of its level) is still that country's share
    ("华为的份额达到中国市场的30%。", "30%", "CN"),
])
def test_a_ratio_to_a_countrys_named_quantity(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # the impersonal "it takes N years" is how long a thing takes anywhere: not the topic country's figure
    ("# Taiwan's chipmakers\n\nTaiwan expands its fabs. If you build a new fab, it takes two to three years to "
     "finish it.", "three", None),
    # a plan's deadline stays the section's (no impersonal "it takes")
    ("# Taiwan's chipmakers\n\nTaiwan expands its fabs. The plan is to finish them within 18 months.", "18", "TW"),
])
def test_it_takes_n_years_is_no_countrys_span(text: str, number_text: str, subject: str | None) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a survey's share of the people it asked is credited to no country unless its sentence names one
    ("# 中国AI调查\n\n据调查，超过70%的受访者认为算力不足。", "超过70%", None),
    ("# China's AI survey\n\nIn the survey, 70% of the respondents said compute was short.", "70%", None),
    ("# China's AI survey\n\nIn the survey of Chinese firms, 70% of the respondents said compute was short.",
     "70%", "CN"),
])
def test_a_share_of_survey_respondents(text: str, number_text: str, subject: str | None) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a world-scope word after the figure makes it the world's, whatever the sentence before was about
    ("The United States leads in compute. By 2025, about 3.5 million H100, H200 and H800 GPUs had been "
     "installed worldwide.", "3.5 million", "WORLD"),
    ("美国在算力上领先。截至2025年，约350万块GPU已在全球范围内部署。", "350万", "WORLD"),
    # not the world as a ranking's frame or as the whole
    ("美国在算力上领先。截至2025年，其算力规模达246EFLOPS，位于世界前列。", "246EFLOPS", "US"),
    ("China holds 38.58 percent of the worldwide total.", "38.58 percent", "CN"),
    # a share of a worldwide whole is its holder's
    ("# Notes\n\nThe US leads in compute.\n\nIn 2024, 40% of AI patents worldwide came from China.", "40%", "CN"),
])
def test_a_world_scope_word_after_the_figure(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


def test_a_flattened_lists_bullet_opens_its_items_subject() -> None:
    # "Investment in AI • The U.S. invested …": after the inline bullet the U.S. opens the item as its subject,
    # so the sentence after it ("This is estimated to reach …") continues the U.S., not a country named before
    text = ("China's strength comes from its government, and its plans are long.\n"
            "- Investment in AI • The U.S. invested $109.1 billion in AI in 2024, far more than China's $9.3 billion. "
            "This is estimated to reach $320 billion by 2025.")
    assert one(text, "$320 billion").subject == "US"


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a clause that only continues the figure before it (same unit, same sentence, nothing named between)
    # has that figure's subject: the market share it continues is still China's
    ("黄仁勋透露：四年前，英伟达在中国的市场份额高达95%，如今只有50%。", "50%", "CN"),
    # not when a pronoun or the whole names a new owner
    ("Nvidia's China revenue fell to $1 billion, while its revenue rose to $30 billion.", "$30 billion", "US"),
    ("Nvidia's China revenue fell to $1 billion, and total revenue rose to $30 billion.", "$30 billion", "US"),
])
def test_a_clause_continuing_the_figure_before(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a country opening the name of the institute that publishes a report (…院发布《…》) is the report's
    # source, not the subject of the world figures it states
    ("中国信通院发布《算力发展指数蓝皮书》，全球算力总规模为4495 EFlops；智能算力为3846 EFlops。", "3846 EFlops", "WORLD"),
    # the institute's country still owns what the report says of it
    ("中国信通院发布《算力发展指数蓝皮书》，中国智能算力为788 EFlops。", "788 EFlops", "CN"),
])
def test_a_report_publishers_country_is_its_source(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a model family takes its lab's home country (Mixtral is Mistral AI's)
    ("开源模型中，Mixtral 8x7B（470亿参数）表现突出。", "470亿参数", "FR"),
    ("Among open models, Mixtral 8x22B has 141 billion parameters.", "141 billion", "FR"),
])
def test_a_model_family_takes_its_labs_country(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # 仅次于 / "second only to" names the comparison's other side, not the owner of the score after it
    ("DeepSeek发布了新版本。在代码生成方面，新版本仅次于OpenAI的o3模型（得分达到73.1%）。", "73.1%", "CN"),
    ("DeepSeek released a new version. In coding, the new version is second only to OpenAI's o3 (a score of 73.1%).",
     "73.1%", "CN"),
])
def test_second_only_to_names_the_other_side(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # a market its sentence qualifies by no country is the whole (world) market, not the country the
    # paragraph before was about
    ("# Can India catch up with the US?\n\nIndia is accelerating its AI ambitions.\n\n"
     "In 2024, the AI market was valued at $184.0 billion.", "$184.0 billion", "WORLD"),
    ("# 印度能追上美国吗\n\n印度正在加快发展人工智能。\n\nAI芯片市场目前约500亿美元。", "约500亿美元", "WORLD"),
    # not a share of a market, a market in yuan, nor an unnamed market in a document about one country
    ("# Can India catch up with the US?\n\nIndia is accelerating its AI ambitions.\n\n"
     "In 2024, its share of the AI market was 5%.", "5%", "IN"),
    ("# 印度能追上美国吗\n\n印度正在加快发展人工智能。\n\nAI市场规模达到5000亿元。", "5000亿元", "IN"),
    ("# 中国AI产业\n\n中国正在加快发展人工智能。\n\nAI市场规模达到700亿美元。", "700亿美元", "CN"),
    # a stock market is no product market: its loss stays with the company the passage is about
    ("# Can India catch up with the US?\n\nNvidia fell sharply.\n\nThe stock market lost $1 trillion that day.",
     "$1 trillion", "US"),
])
def test_a_market_named_by_no_country(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject


@pytest.mark.parametrize(("text", "number_text", "subject"), [
    # 与X相比: the country the frame holds is the comparison's base, not the owner of the figure after it
    ("DeepSeek称，V3的开发费用为557.6万美元，这个费用与美国的AI模型相比不到10分之1。", "10分之1", "CN"),
    ("与美国相比，中国的AI论文数量多出30%。", "30%", "CN"),
])
def test_the_country_framed_by_yu_xiangbi_is_the_base(text: str, number_text: str, subject: str) -> None:
    assert one(text, number_text).subject == subject
