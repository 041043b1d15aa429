"""The headline's parts the analysis may or may not give: the source that moves the answer most,
the as-of date, and a lead said from the leader's side."""

from __future__ import annotations

from typing import Any

from aigap.web.headline import as_of, headline, top_source


def gap(**extra: Any) -> dict[str, Any]:
    g: dict[str, Any] = {
        "countries": ["US", "CN"],
        "composite_gap": {"between": ["US", "CN"], "median": -12.4, "low": -20.2, "high": -3.1,
                          "probability_first_leads": 0.02},
        "pillar_trends": {"research": {"widening": ["a", "b"], "narrowing": ["c"], "no clear trend": ["d"]}},
        "indicators": [{"values": {"US": {"period": "2023"}, "CN": {"period": "2024"}}}],
    }
    g.update(extra)
    return g


def test_leader_is_the_draw_sets_and_the_gap_is_from_its_side() -> None:
    en = headline(gap(), "en")
    assert en.startswith("China leads the United States by 12 points out of 100 (90% interval 3.1 to 20)"), en
    assert "98% of the simulations put China ahead" in en and "very likely" in en
    assert "widening on balance: it narrows on 1 and widens on 2 of the 4 indicators" in en
    assert "as of 2024" in en and "source" not in en  # no robustness table: that part is left out
    zh = headline(gap(), "zh")
    assert zh.startswith("中国领先美国12分") and "数据截至2024" in zh and "总体在扩大" in zh


def test_the_source_that_moves_the_answer_most() -> None:
    rows = [{"source": "dataset:a#1", "title": "AI Index", "gap_without": -11.0},
            {"source": "claim:7", "title": "Xinhua", "gap_without": -2.5},
            {"source": "claim:8", "gap_without": None}]
    g = gap(robustness={"leave_one_source_out": rows})
    assert top_source(g) == ("Xinhua", -2.5)
    assert headline(g, "en").endswith("The source that moves the answer most is <cite>Xinhua</cite>: without it "
                                      "the lead would be 2.5 points.")
    assert "对结论影响最大的来源是<cite>Xinhua</cite>" in headline(g, "zh")
    # a source's title is text: quoted, never markup
    rows_html = [{"source": "document:1", "title": "<b>x</b>", "gap_without": 0.0}]
    assert "<cite>&lt;b&gt;x&lt;/b&gt;</cite>" in headline(gap(robustness={"leave_one_source_out": rows_html}), "en")
    assert top_source(gap(robustness={"leave_one_source_out": {"claim:9": {"shift": 4.0}}})) == ("claim:9", -16.4)
    assert top_source(gap(robustness="n/a")) is None


def test_as_of_given_by_the_analysis_wins() -> None:
    assert as_of(gap(as_of="2025-06-30")) == "2025-06-30"
    assert as_of(gap(as_of={"date": "2025-01-01"})) == "2025-01-01"
    assert as_of({"indicators": []}) is None
