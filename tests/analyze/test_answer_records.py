"""The gap, trend and lag answers are typed records all the way down; JSON is their serialisation, and
no reader of an answer digs in that JSON."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path

from aigap.analyze import Figure, GapOptions, IndicatorData, compute_gap
from aigap.analyze.answer import GapTrend, IndicatorGap, PillarHeadline, Score, Sensitivity, plain
from aigap.analyze.lag import LagTrend
from aigap.analyze.trend import PairTrend, Parity, _pair

SRC = Path(__file__).resolve().parents[2] / "src" / "aigap"


def _ind(iid: str, pillar: str, us: float, cn: float) -> IndicatorData:
    figs = {c: Figure(v, v, v, "2024", [f"test:{iid}:{c}"]) for c, v in (("US", us), ("CN", cn))}
    return IndicatorData(iid, pillar, iid, iid, "count", "higher", "2024", figs)


def test_gap_answer_parts_are_records_and_json_is_their_serialisation() -> None:
    res = compute_gap([_ind("ai_papers", "research", 100, 50), _ind("ai_researchers", "talent", 30, 60)], [],
                      GapOptions(draws=200, seed=1))
    res.trends["ai_papers"] = PairTrend(("US", "CN"), 5, -0.1, -0.2, -0.05, "narrowing", "US",
                                        Parity(3.0, 2.0, 6.0, 2027.0), "2024")
    res.invalidate()
    a = res.answer()
    row = next(i for i in a.indicators if i.id == "ai_papers")
    assert isinstance(row.scores["US"], Score) and row.scores["US"].point == 100.0
    assert isinstance(row.gap, IndicatorGap) and row.gap.probability_first_leads == 1.0
    assert isinstance(row.trend, PairTrend) and isinstance(row.trend.years_to_parity, Parity)
    assert isinstance(a.gap_trend, GapTrend) and (a.gap_trend.narrowing, a.gap_trend.of) == (1, 1)
    assert all(isinstance(s, Sensitivity) for s in a.sensitivity) and a.sensitivity
    assert all(isinstance(h, PillarHeadline) for h in res.headline())
    # the JSON: the records' fields under their names (and the shapes the API always sent)
    j = json.loads(json.dumps(a.to_json()))
    ji = next(i for i in j["indicators"] if i["id"] == "ai_papers")
    assert list(ji["scores"]["US"]) == ["point", "median", "low", "high"]
    assert list(ji["gap"]) == ["between", "score_difference", "probability_first_leads"]
    assert ji["trend"]["years_to_parity"] == {"point": 3.0, "low": 2.0, "high": 6.0, "year": 2027.0}
    assert j["gap_trend"] == {"widening": 0, "narrowing": 1, "no clear trend": 0, "of": 1, "direction": "narrowing"}
    assert list(j["sensitivity"][0]) == ["indicator", "pillar", "composite_gap_without", "shift", "correlation"]
    assert plain(res.headline())[0].keys() == {"pillar", "leader", "probability", "gap_text", "coverage_text"}


def test_trend_and_lag_parts_are_records() -> None:
    series = {2020 + k: {"US": math.exp(2.0 - 0.5 * k), "CN": 1.0} for k in range(4)}
    p = _pair(series, "US", "CN", lower=False)
    assert isinstance(p.years_to_parity, Parity) and p.to_json()["years_to_parity"]["point"] == p.years_to_parity.point
    t = LagTrend(-1.0, -2.0, -0.5, "OLS", 0.3, 30)
    assert t.direction == "narrowing" and list(t.to_json()) == ["slope", "low", "high", "method",
                                                                 "lag1_autocorrelation", "points"]


def _json_digging(path: Path) -> list[str]:
    """``x.to_json()[...]``: a reader taking an answer apart through its JSON."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "to_json":
            out.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return out


# The answer's parts by their JSON keys, as a reader digging in the JSON would name them.
_KEYS = ('["composite"]', '["composite_gap"]', '["indicators"]', '["pillars"]', '["robustness"]', '["series"]',
         '["years_to_parity"]', '["values"]', '["scores"]', '["sensitivity"]', '["rank_probability"]',
         '["pairs"]', '["benchmarks"]', '["current_lag_months"]')


def test_no_reader_digs_in_an_answers_json() -> None:
    readers = [*(SRC / "report").glob("*.py"), *(SRC / "cli").glob("*.py"), SRC / "up.py", SRC / "api.py",
               SRC / "web" / "headline.py", SRC / "web" / "api.py", SRC / "review" / "queue.py"]
    found = [x for p in readers for x in _json_digging(p)]
    found += [f"{p.relative_to(SRC)}: {k}" for p in readers for k in _KEYS if k in p.read_text(encoding="utf-8")]
    assert not found, found
