"""The headline reads the typed gap answer: the source that moves the answer most, the as-of date,
a lead said from the leader's side, and the answer's own verdict on the gap's direction."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aigap.analyze.answer import CompositeGap, GapAnswer, GapTrend, IndicatorRow, Robustness
from aigap.analyze.inputs import Figure
from aigap.analyze.robustness import LeaveOneOut
from aigap.web.headline import as_of, headline, top_source
from aigap.web.reweigh import ReweighedGap


def _row(periods: dict[str, str]) -> IndicatorRow:
    return IndicatorRow("x", "research", "X", "X", "count", "ratio", None, None, None, None, None, None,
                        {c: Figure(1.0, 1.0, 1.0, p, []) for c, p in periods.items()}, {}, None, 1.0, "", None)


def gap(loo: list[LeaveOneOut] | None = None, **extra: Any) -> GapAnswer:
    a = GapAnswer(
        countries=["US", "CN"], names={}, leader=None, normalize="ratio", per=None, draws=10, seed=0,
        weight_spread=0.0, weights={}, as_of=None, as_of_oldest=None, composite={},
        composite_gap=CompositeGap(["US", "CN"], -12.0, -12.4, -20.2, -3.1, 0.02), rank_probability={},
        pillars={}, indicators=[_row({"US": "2023", "CN": "2024"})], missing=[], pillar_trends={},
        gap_trend=GapTrend(widening=3, narrowing=1, no_clear_trend=0, direction="widening"), sensitivity=[],
        robustness=Robustness(loo or [], None, None, None), anchors=[], anchors_note="", notes=[])
    return replace(a, **extra)


def _loo(source: str, title: str, without: float | None) -> LeaveOneOut:
    return LeaveOneOut(source, title, 1, without, None, {})


def test_leader_is_the_draw_sets_and_the_gap_is_from_its_side() -> None:
    en = headline(gap(), "en")
    assert en.startswith("China leads the United States by 12 points out of 100 (90% interval 3.1 to 20)"), en
    assert "98% of the simulations put China ahead" in en and "very likely" in en
    assert "widening on balance: it narrows on 1 and widens on 3 of the 4 indicators" in en
    assert "as of 2024" in en and "source" not in en  # no source left out: that part is left out
    zh = headline(gap(), "zh")
    assert zh.startswith("中国领先美国12分") and "数据截至2024" in zh and "总体在扩大" in zh


def test_the_verdict_is_the_answers() -> None:
    """2 widening, 1 narrowing of 4 is not "widening on balance" (it was, counted on the page): the
    headline says the answer's verdict, which needs most indicators with a trend."""
    mixed = gap(gap_trend=GapTrend(widening=2, narrowing=1, no_clear_trend=1, direction="mixed"))
    en = headline(mixed, "en")
    assert "without a clear direction: it narrows on 1 and widens on 2 of the 4 indicators" in en, en
    assert "on balance" not in en and "没有明确方向" in headline(mixed, "zh")
    none = headline(gap(gap_trend=GapTrend(0, 0, 0, "mixed")), "en")
    assert "too few years of figures" in none


def test_the_source_that_moves_the_answer_most() -> None:
    g = gap([_loo("dataset:a", "AI Index", -11.0), _loo("document:7", "Xinhua", -2.5), _loo("document:8", "", None)])
    assert top_source(g) == ("Xinhua", -2.5)
    assert headline(g, "en").endswith("The source that moves the answer most is <cite>Xinhua</cite>: without it "
                                      "the lead would be 2.5 points.")
    assert "对结论影响最大的来源是<cite>Xinhua</cite>" in headline(g, "zh")
    # a source's title is text: quoted, never markup
    assert "<cite>&lt;b&gt;x&lt;/b&gt;</cite>" in headline(gap([_loo("document:1", "<b>x</b>", 0.0)]), "en")
    assert top_source(gap([_loo("document:9", "", 4.0)])) == ("document:9", 4.0)  # no title: the source
    assert top_source(gap()) is None


def test_the_sliders_gap_is_said_when_given() -> None:
    said = ReweighedGap(["US", "CN"], 5.0, 1.0, 9.0, 0.9)
    en = headline(gap([_loo("dataset:a", "AI Index", -11.0), _loo("document:7", "Xinhua", 4.0)]), "en", said)
    assert en.startswith("The United States leads China by 5 points out of 100 (90% interval 1 to 9)"), en
    assert "<cite>AI Index</cite>" in en  # moved most from the sliders' gap (5 -> -11), not the answer's


def test_as_of_given_by_the_analysis_wins() -> None:
    assert as_of(gap(as_of="2025-06-30")) == "2025-06-30"
    assert as_of(gap()) == "2024"  # else the latest figure's period
    assert as_of(gap(indicators=[])) is None
