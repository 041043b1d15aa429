"""The trust battery (issue 14, items 1-3): each scenario on a real database (SQLite and
PostgreSQL) through the store, the reconciliation and, where it matters, the gap answer, with the
direction an expert expects."""

from __future__ import annotations

import pytest

from aigap.analyze import GapOptions, gap
from aigap.reconcile import estimates, load_reference, reconcile
from aigap.reconcile.consensus import _figures
from aigap.records import Claim, Document, Estimate
from aigap.sources import content_hash
from aigap.store import Store


def _doc(store: Store, name: str, outlet: str | None, sentences: list[tuple[str, str, float, str, str, str | None]],
         *, url: str | None = None) -> int:
    """A document whose text is its sentences; each (sentence, number text, value, unit, metric,
    period) becomes a claim about the country the metric's tuple names (``CN:`` / ``US:`` prefix)."""
    text = "\n".join(s for s, *_ in sentences)
    claims, at = [], 0
    for sentence, number, value, unit, metric, period in sentences:
        country, metric = metric.split(":")
        start = text.index(number, at)
        claims.append(Claim(doc=name, start=start, end=start + len(number), number_text=number, quote=sentence,
                            value=value, unit=unit, subject=country, metric=metric, period=period))
        at = start
    doc = Document(doc_id=name, text=text, source_uri=url or f"file:///{name}.txt", title=name, outlet=outlet,
                   content_hash=content_hash(text), language="zh" if any(ord(ch) > 0x3000 for ch in text) else "en")
    return store.add_document(doc, claims, "test").id


def _dataset(store: Store, did: str, source: str, rows: list[dict[str, object]], source_class: str = "official") -> None:
    base = {"aspect": "level", "source_class": source_class, "source": source}
    store.put_dataset({"id": did, "title": did, "content_hash": did, "kind": "reference", "source": source},
                      [{**base, "row_locator": f"r{n}", **r} for n, r in enumerate(rows)])


def _one(store: Store, indicator: str, country: str, period: str | None = None) -> Estimate:
    # All indicators read at once, as the gap reads them: the consistency rules compare indicators.
    found = [e for e in estimates(store, [country]) if e.indicator == indicator and (period is None or e.period == period)]
    assert len(found) == 1, found
    return found[0]


def test_an_unsourced_blog_cannot_outweigh_a_primary_figure(store: Store) -> None:
    _dataset(store, "ai_index", "Stanford HAI AI Index",
             [{"indicator": "private_ai_investment", "country": "US", "period": "2024", "value": 109.1e9, "unit": "USD",
               "vintage": "AI Index Report 2025"}])
    _doc(store, "blog", "CODE IS PLAY",
         [("In 2024 US private AI investment exceeded $50 billion.", "$50 billion", 50e9, "USD",
           "US:private_ai_investment", "2024")])
    est = _one(store, "private_ai_investment", "US")
    assert est.value == pytest.approx(109.1e9)  # the blog does not drag the primary figure down
    assert est.reliability["class"] == "primary" and est.n_independent == 1
    (aside,) = est.reliability["set_aside"]
    assert aside["class"] == "blog" and aside["value"] == pytest.approx(50e9) and "outweighed" in aside["reason"]
    # The blog alone stands, but flagged, and its interval is wider than its text's.
    _doc(store, "blog2", "CODE IS PLAY",
         [("中国全年投资约400亿美元", "约400亿美元", 40e9, "USD", "CN:ai_investment_total", "2024")])
    alone = _one(store, "ai_investment_total", "CN")
    assert alone.reliability["tier"] == "low"
    assert any("rests on one low-reliability source" in f for f in alone.flags)
    assert alone.low < 40e9 * 0.9 and alone.high > 40e9 * 1.1  # "约" is ±10%; a blog's is wider


def test_five_agreeing_sources_against_one(store: Store) -> None:
    outlets = ["Reuters", "Bloomberg", "Financial Times", "The New York Times", "The Wall Street Journal"]
    for n, o in enumerate(outlets):
        _doc(store, f"agree{n}", o, [(f"China has about 500,000 AI researchers ({o}).", "500,000", 5e5, "people",
                                      "CN:ai_researchers", "2024")])
    _doc(store, "lone", "Caixin", [("中国AI研究人员20万人", "20万", 2e5, "people", "CN:ai_researchers", "2024")])
    est = _one(store, "ai_researchers", "CN")
    assert est.n_independent == 6
    assert est.value == pytest.approx((5 * 5e5 + 2e5) / 6)  # five independent outlets outweigh one
    assert est.value > 4.4e5


def test_outlets_relaying_one_primary_count_once(store: Store) -> None:
    outlets = ["Reuters", "Bloomberg", "Financial Times", "The New York Times", "The Wall Street Journal"]
    for n, o in enumerate(outlets):
        _doc(store, f"relay{n}", o, [(f"According to the AI Index, China has 500,000 AI researchers ({o}).", "500,000",
                                      5e5, "people", "CN:ai_researchers", "2024")])
    _doc(store, "other", "Caixin", [("中国AI研究人员20万人", "20万", 2e5, "people", "CN:ai_researchers", "2024")])
    est = _one(store, "ai_researchers", "CN")
    assert est.n_independent == 2  # five relays of one primary, and Caixin
    assert est.value == pytest.approx(3.5e5)  # the relays weigh what one news source weighs
    chains = est.reliability["chains"]
    assert ["Reuters", "Stanford HAI AI Index"] in chains and len(chains) == 5


def test_origin_and_workplace_shares_are_never_pooled(store: Store) -> None:
    load_reference(store)  # the shipped MacroPolo rows: origin CN 47 / US 18, workplace US 42 / CN 28
    _doc(store, "huxiu", "虎嗅", [("根据MacroPolo的分析,2022年全球47%的顶尖人工智能研究人员来自中国", "47%", 47.0, "percent",
                                  "CN:top_ai_researchers_share", "2022")])
    groups = [g for g in reconcile(_figures(store, indicator="top_ai_researchers_share")) if g.period == "2022"]
    assert {(g.country, g.basis) for g in groups} == {("CN", "origin"), ("US", "origin"), ("CN", "workplace"),
                                                      ("US", "workplace")}
    for g in groups:  # one basis per group: no consensus between 47 and 28
        assert g.estimate is not None and len({e.basis for e in g.items}) == 1
    us, cn = _one(store, "top_ai_researchers_share", "US", "2022"), _one(store, "top_ai_researchers_share", "CN", "2022")
    assert (us.basis, us.value, cn.basis, cn.value) == ("workplace", 42.0, "workplace", 28.0)
    origin_cn = next(g for g in groups if (g.country, g.basis) == ("CN", "origin"))
    assert origin_cn.estimate is not None and origin_cn.estimate.n_independent == 1  # the article relays MacroPolo
    res = gap(store, GapOptions(draws=200, trends=False, benchmarks=False))
    row = next(i for i in res.indicators() if i["id"] == "top_ai_researchers_share")
    assert row["values"]["US"]["value"] == 42.0 and row["values"]["US"]["reliability"]["basis"] == "workplace"
    assert row["values"]["CN"]["value"] == 28.0


def test_a_monthly_average_is_not_an_annual_total(store: Store) -> None:
    annual = "2023年中国AI行业融资总金额达2631亿元人民币"
    monthly = "平均每月的融资金额为42亿元人民币,仅为去年的19%(月均219亿元人民币)"
    _doc(store, "a", "中国经营报", [(annual, "2631亿元人民币", 2.631e11, "CNY", "CN:ai_funding_amount", "2023")])
    _doc(store, "m", "中国经营报", [(monthly, "219亿元人民币", 2.19e10, "CNY", "CN:ai_funding_amount", "2023")])
    est = _one(store, "ai_funding_amount", "CN")
    assert est.value == pytest.approx(2.631e11 / 7.0809, rel=0.01)  # the annual figure, not the mean with 219亿
    assert [a["reason"] for a in est.reliability["set_aside"]] == [
        "a monthly average, not an annual total (an annual figure exists)"]
    # Alone, a monthly average stands annualised, and says so.
    _doc(store, "m24", "中国经营报", [(monthly.replace("去年", "前年"), "42亿元人民币", 4.2e9, "CNY", "CN:ai_funding_amount", "2024")])
    (item,) = [e for g in reconcile(_figures(store, indicator="ai_funding_amount")) if g.period == "2024" for e in g.items]
    assert item.monthly and item.value == pytest.approx(12 * 4.2e9 / 7.1217, rel=0.02)
    assert "annualised from a monthly average" in str(item.note)
    # An annual figure below twelve times the monthly average cannot be true.
    _doc(store, "low", "中国经营报", [("2022年融资总额为1000亿元人民币", "1000亿元人民币", 1e11, "CNY", "CN:ai_funding_amount", "2022"),
                                  ("月均219亿元人民币", "219亿元人民币", 2.19e10, "CNY", "CN:ai_funding_amount", "2022")])
    bad = _one(store, "ai_funding_amount", "CN", "2022")
    assert any("below twelve times the monthly average" in f for f in bad.flags)


def test_a_revised_edition_replaces_the_older_one(store: Store) -> None:
    # The issue's case: two spellings of one publisher, the 2024 release and the 2025 report.
    _dataset(store, "gvt", "Stanford HAI (AI Index / Global Vibrancy Tool 2024)",
             [{"indicator": "private_ai_investment", "country": "CN", "period": "2023", "value": 7.76e9, "unit": "USD",
               "vintage": "Global Vibrancy Tool 2024 release (data year 2023)"}], source_class="secondary")
    _dataset(store, "aii", "Stanford HAI AI Index",
             [{"indicator": "private_ai_investment", "country": "CN", "period": "2023", "value": 7.26e9, "unit": "USD",
               "vintage": "AI Index Report 2025 (prior-year figure)"}], source_class="secondary")
    est = _one(store, "private_ai_investment", "CN")
    assert est.value == pytest.approx(7.26e9)  # not 7.51, a figure nobody published
    assert [r["value"] for r in est.reliability["revisions"]] == [pytest.approx(7.76e9)]
    # The AI Index's notable-model counts are Epoch data: Epoch's newer file replaces them.
    _dataset(store, "aii_models", "Stanford HAI AI Index",
             [{"indicator": "notable_ml_models", "country": "US", "period": "2023", "value": 61, "unit": "models",
               "vintage": "AI Index Report 2024"}], source_class="secondary")
    _dataset(store, "epoch", "Epoch AI",
             [{"indicator": "notable_ml_models", "country": "US", "period": "2023", "value": 84, "unit": "models",
               "vintage": "2026-01-26", "rule": "any-org"}], source_class="reference")
    models = _one(store, "notable_ml_models", "US")
    assert models.value == 84 and [r["value"] for r in models.reliability["revisions"]] == [61]
    # A claim naming the report's edition competes the same way.
    _doc(store, "old", "Reuters", [("The AI Index 2024 counts 70 foundation models from the US.", "70", 70, "models",
                                    "US:foundation_models", "2023")])
    _doc(store, "new", "Bloomberg", [("The AI Index 2025 revised it to 109 foundation models from the US.", "109", 109,
                                      "models", "US:foundation_models", "2023")])
    fm = _one(store, "foundation_models", "US")
    assert fm.value == pytest.approx(109) and [r["value"] for r in fm.reliability["revisions"]] == [70]


def test_shipped_reference_resolves_the_issue_cases(store: Store) -> None:
    load_reference(store)
    cn = _one(store, "private_ai_investment", "CN", "2023")
    assert cn.value == pytest.approx(7.26e9) and cn.reliability["revisions"]
    us = _one(store, "notable_ml_models", "US", "2023")
    assert us.value == 84 and 61 in [r["value"] for r in us.reliability["revisions"]]
    patents = [e for e in estimates(store, ["US", "CN"], indicator="ai_patents")]
    assert {e.period for e in patents} == {"2017/2023"}  # a cumulative span, not 2017
    # '"over"' survives as an interval (up to a quarter more), widened by the secondary source's class.
    assert all(e.high == pytest.approx(e.value * 1.25 * 1.1) and e.low == pytest.approx(e.value * 0.9) for e in patents)


def test_a_company_figure_beside_a_national_one(store: Store) -> None:
    _dataset(store, "caict", "中国信通院",
             [{"indicator": "ai_market_size", "country": "CN", "period": "2024", "value": 8.0e10, "unit": "USD",
               "vintage": "2025"}])
    _doc(store, "nv", "NVIDIA", [("China's AI market is worth $200 billion, NVIDIA said.", "$200 billion", 2e11, "USD",
                                  "CN:ai_market_size", "2024")])
    est = _one(store, "ai_market_size", "CN")
    assert est.value == pytest.approx(8.0e10) and est.reliability["set_aside"][0]["class"] == "company"
    # Without the national figure the company's stands, flagged, at a company's weight.
    _doc(store, "nv2", "NVIDIA", [("US AI market: $300 billion.", "$300 billion", 3e11, "USD", "US:ai_market_size", "2024")])
    us = _one(store, "ai_market_size", "US")
    assert us.reliability["class"] == "company" and any("low-reliability" in f for f in us.flags)


def test_a_fiscal_year_figure_is_compared_as_its_year(store: Store) -> None:
    _doc(store, "fy", "Reuters", [("In FY2024 the US government spent $3.1 billion on AI R&D.", "$3.1 billion", 3.1e9,
                                   "USD", "US:gov_ai_rd_funding", "FY2024")])
    _doc(store, "cn", "Xinhua", [("2024年中国政府人工智能研发投入约100亿元", "约100亿元", 1e10, "CNY", "CN:gov_ai_rd_funding", "2024")])
    us = _one(store, "gov_ai_rd_funding", "US")
    assert (us.period, us.period_label) == ("2024", "FY2024")
    res = gap(store, GapOptions(draws=200, trends=False, benchmarks=False))
    row = next(i for i in res.indicators() if i["id"] == "gov_ai_rd_funding")
    assert row["values"]["US"]["value"] == pytest.approx(3.1e9)
    assert row["values"]["US"]["reliability"]["period_label"] == "FY2024"
    assert all("reliability" in v for i in res.indicators() for v in i["values"].values())


def test_consistency_rules_flag_what_cannot_be_true(store: Store) -> None:
    _dataset(store, "aii", "Stanford HAI AI Index",
             [{"indicator": "private_ai_investment", "country": "US", "period": "2024", "value": 109.1e9, "unit": "USD",
               "vintage": "AI Index Report 2025"}])
    _doc(store, "blog", "CODE IS PLAY",
         [("投资总数上,美国在 AI 领域投资超过500亿美元", "超过500亿美元", 5e10, "USD", "US:ai_investment_total", "2024"),
          ("美国AI论文占全球的135%", "135%", 135.0, "percent", "US:ai_paper_share", "2024")])
    total = _one(store, "ai_investment_total", "US")
    assert any("total AI investment" in f and "below private" in f for f in total.flags)
    share = _one(store, "ai_paper_share", "US")
    assert any("above 100" in f for f in share.flags)
    assert not any("cannot be true" in f for f in _one(store, "private_ai_investment", "US").flags)


def test_the_demo_answer_says_what_each_figure_rests_on(demo_db: str) -> None:
    s = Store.open(demo_db)
    try:
        res = gap(s, GapOptions(draws=200, trends=False))
    finally:
        s.close()
    rows = {i["id"]: i for i in res.indicators()}
    for i in rows.values():
        for v in i["values"].values():
            assert v["reliability"]["class"] and v["reliability"]["n_independent"] >= 1
    # The software firm's blog (seeds 000/001) still gives its figures, each flagged.
    for ind in ("ai_paper_share", "ai_researchers", "ai_market_size", "ai_investment_total"):
        assert all(v["reliability"]["tier"] == "low" and v["reliability"]["flags"] for v in rows[ind]["values"].values())
    assert any("below private" in f for f in rows["ai_investment_total"]["values"]["US"]["reliability"]["flags"])
    # Talent by where researchers work (the same report's origin shares kept apart).
    talent = rows["top_ai_researchers_share"]["values"]
    assert (talent["US"]["value"], talent["CN"]["value"]) == (42.0, 28.0)
    assert rows["ai_patents"]["period"] == "2017/2023"
