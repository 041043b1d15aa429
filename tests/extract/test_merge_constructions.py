"""Constructions where two of round 3's rules met: each case failed after the merge, before its fix."""

from __future__ import annotations

from sentence_claims import one


def test_jiejin_after_a_figure_compares_it_and_does_not_hedge_the_next() -> None:
    # the first figure is "close to" the second: the second is stated exactly
    c = one("日本的占比为31%,接近德国的33%。", "33%")
    assert c.qualifier == "exact"
    # 接近 opening the predicate still hedges its own figure
    assert one("该公司的营收接近去年的两倍。", "两倍").qualifier == "approx"


def test_a_top_percentage_defines_a_group_and_is_a_level() -> None:
    c = one("论文作者中,排名前5%的学者有一半在欧洲工作。", "5%")
    assert c.aspect == "level"
    assert one("调查显示,30%的企业已经部署了大模型。", "30%").aspect == "share"


def test_an_amount_restating_the_base_in_brackets_takes_the_bases_date() -> None:
    text = "2025年上半年,该领域月均融资额为15亿元,仅为去年的40%(月均37亿元)。"
    assert one(text, "37亿元", "2025-09-01").period == "2024"
    assert one(text, "15亿元", "2025-09-01").period != "2024"
