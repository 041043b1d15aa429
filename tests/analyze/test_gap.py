"""Hand-computed cases for every normalisation and the aggregation, and the gap on the demo data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aigap.analyze import Figure, GapOptions, IndicatorData, compute_gap, gap, load_weights
from aigap.analyze.normalize import normalize
from aigap.analyze.simulate import aggregate
from aigap.errors import InputError
from aigap.store import Store

NAN = float("nan")


def test_ratio_minmax_z_by_hand() -> None:
    v = np.array([[50.0, 100.0, 25.0], [2.0, 1.0, NAN]])
    lower = np.array([False, True])  # the second: smaller is better (a rank)
    r = normalize(v, lower, "ratio")
    assert np.allclose(r[0], [50, 100, 25]) and np.allclose(r[1, :2], [50, 100]) and np.isnan(r[1, 2])
    m = normalize(v, lower, "minmax")
    assert np.allclose(m[0], [100 * 25 / 75, 100, 0]) and np.allclose(m[1, :2], [0, 100])
    z = normalize(v, lower, "z")
    mean, sd = np.mean([50, 100, 25]), np.std([50, 100, 25])
    expected = [50 * (1 + math.erf((x - mean) / sd / math.sqrt(2))) for x in (50, 100, 25)]
    assert np.allclose(z[0], expected, atol=1e-4)
    assert np.allclose(z[1, :2], [15.865, 84.134], atol=1e-2)  # two countries: z = -1 and +1


def test_ties_and_single_country() -> None:
    same = normalize(np.array([[7.0, 7.0]]), np.array([False]), "minmax")
    assert np.allclose(same, 100)
    assert np.allclose(normalize(np.array([[7.0, 7.0]]), np.array([False]), "z"), 50)


def test_aggregation_by_hand() -> None:
    # indicators: two in pillar A (weights 1 and 3), one in pillar B; pillar weights A=1, B=2
    s = np.array([[[100.0, 50.0], [20.0, 100.0], [100.0, NAN]]])
    member = np.array([[1.0, 0], [1.0, 0], [0, 1.0]])
    pil, comp = aggregate(s, member, np.array([1.0, 3.0, 1.0]), np.array([1.0, 2.0]))
    a_us = (100 + 3 * 20) / 4
    a_cn = (50 + 3 * 100) / 4
    assert np.allclose(pil[0, 0], [a_us, a_cn])
    assert pil[0, 1, 0] == 100 and np.isnan(pil[0, 1, 1])  # missing stays missing, never zero
    assert np.isclose(comp[0, 0], (a_us + 2 * 100) / 3)
    assert np.isclose(comp[0, 1], a_cn)  # CN's composite averages only the pillar it has


def _ind(iid: str, pillar: str, us: float, cn: float, better: str = "higher", width: float = 0.0) -> IndicatorData:
    figs = {c: Figure(v, v * (1 - width), v * (1 + width), "2024", [f"test:{iid}:{c}"],
                      [(v, v * (1 - width), v * (1 + width), 1.0, f"test:{iid}:{c}")])
            for c, v in (("US", us), ("CN", cn)) if not math.isnan(v)}
    return IndicatorData(iid, pillar, iid, iid, "count", better, "2024", figs)


def test_conflicting_sources_are_sampled() -> None:
    f = Figure(150, 150, 150, "2024", ["a", "b"], [(100, 100, 100, 0.5, "a"), (200, 200, 200, 0.5, "b")], True)
    d = IndicatorData("x", "research", "x", "x", "count", "higher", "2024",
                      {"US": f, "CN": Figure(150, 150, 150, "2024", ["c"], [(150, 150, 150, 1.0, "c")])})
    res = compute_gap([d], [], GapOptions(draws=4000, seed=1, weight_spread=0))
    ind = res.indicators()[0]
    p = ind["gap"]["probability_first_leads"]
    assert 0.45 < p < 0.55  # US is right half the time (200 > 150) and wrong half (100 < 150)


def test_weights_presets_and_files(tmp_path) -> None:
    assert load_weights("equal").pillar("models") == 1
    g = load_weights("gaii")
    # policy has no cited directional data: out of every preset, with the reason (was weight 2 in gaii)
    assert "Tortoise" in g.source and g.pillar("policy") == 0 and "weight 2" in g.excluded["policy"]
    assert load_weights("equal").pillar("policy") == 0 and "policy" in load_weights("equal").excluded
    f = tmp_path / "w.yaml"
    f.write_text("pillars: {models: 3, research: 1}\nindicators: {ai_papers: 2}\n", encoding="utf-8")
    w = load_weights(str(f))
    assert w.pillar("models") == 3 and w.pillar("talent") == 0 and w.indicator("ai_papers") == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("pillars: {modles: 1}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown pillar 'modles'"):
        load_weights(str(bad))
    with pytest.raises(InputError, match="not a preset"):
        load_weights(str(tmp_path / "missing.yaml"))


def test_pillar_weights_move_the_composite() -> None:
    data = [_ind("a", "research", 100, 50), _ind("b", "models", 50, 100)]
    eq = compute_gap(data, [], GapOptions(draws=10, weight_spread=0))
    assert np.isclose(eq.point_composite[0], eq.point_composite[1])
    tilt = compute_gap(data, [], GapOptions(draws=10, weight_spread=0,
                                            weights=load_weights("equal", {"research": 3})))
    assert tilt.point_composite[0] > tilt.point_composite[1] and tilt.leader() == "US"


def test_no_data_says_so() -> None:
    res = compute_gap([], [], GapOptions(countries=("FR", "JP"), draws=5))
    out = res.to_json()
    assert out["indicators"] == [] and out["composite"]["FR"]["median"] is None
    assert any("nothing to compare" in n for n in out["notes"])


def test_demo_gap_shape_and_provenance(demo_store: Store) -> None:
    res = gap(demo_store, GapOptions(draws=500, seed=3))
    out = res.to_json()
    for key in ("countries", "composite", "pillars", "indicators", "sensitivity", "notes"):
        assert key in out
    assert set(out["composite"]) == {"US", "CN"}
    for c in ("US", "CN"):
        b = out["composite"][c]
        assert b["low"] <= b["median"] <= b["high"]
    assert out["pillars"]["models"]["US"]["coverage"]["used"] >= 5
    ids = {i["id"] for i in out["indicators"]}
    assert {"ai_papers", "private_ai_investment", "best_model:eci"} <= ids
    for i in out["indicators"]:
        for v in i["values"].values():
            assert v["sources"] and all(s.startswith(("claim:", "dataset:")) for s in v["sources"])
    priv = next(i for i in out["indicators"] if i["id"] == "private_ai_investment")
    assert priv["leader"] == "US" and priv["ratio"] > 5
    assert out["sensitivity"] and {"indicator", "shift", "correlation"} <= set(out["sensitivity"][0])
    again = gap(demo_store, GapOptions(draws=500, seed=3)).to_json()
    assert again["composite"] == out["composite"]  # seeded: reproducible
    assert out["missing"] and all(m["lack"] or m["have"] == [] or len(m["have"]) < 2 for m in out["missing"])


def test_per_capita_view(demo_store: Store) -> None:
    out = gap(demo_store, GapOptions(draws=50, per="capita")).to_json()
    res = {i["id"]: i for i in out["indicators"]}
    r = res["ai_researchers"]
    assert r["unit"].endswith("per million people")
    # 500,000 researchers over ~1.41 billion people against 250,000 over ~335 million: the US leads
    assert r["leader"] == "US"
    assert res["ai_paper_share"]["unit"] == "percent"  # shares are not divided
    assert any("World Bank" in n for n in out["notes"])


def test_bad_options() -> None:
    with pytest.raises(InputError, match="--normalize"):
        compute_gap([], [], GapOptions(normalize="rank"))
    with pytest.raises(InputError, match="--draws"):
        compute_gap([], [], GapOptions(draws=0))


def test_notebook_api(demo_db: str) -> None:
    import aigap

    obs = aigap.open(demo_db)
    try:
        g = obs.gap(draws=100, as_dict=True)
        assert isinstance(g, dict) and g["countries"] == ["US", "CN"] and g["composite"]["US"]["median"] is not None
        # tidy: one row per country x indicator, the same figures and scores as the answer
        df = obs.gap(draws=100)
        assert not isinstance(df, dict) and len(df) == sum(len(i["values"]) for i in g["indicators"])
        assert not df.duplicated(["country", "indicator"]).any() and set(df["country"]) == {"US", "CN"}
        row = df[(df["indicator"] == g["indicators"][0]["id"]) & (df["country"] == "US")].iloc[0]
        assert row["value"] == g["indicators"][0]["values"]["US"]["value"]
        assert row["score"] == g["indicators"][0]["scores"]["US"]["point"]
        assert obs.gap_answer(draws=50).composite["US"].name == "United States"
        lags = obs.lag(summary=True)
        assert "eci" in set(lags["benchmark"]) and "series" not in lags.columns
        daily = obs.lag("eci")  # one row per date of the series (month starts)
        assert len(daily) >= 24 and not daily.duplicated(["benchmark", "date"]).any() and "lag_months" in daily
        t = obs.trend("best_model:eci")
        assert not isinstance(t, dict) and not t.duplicated(["period", "country"]).any() and len(t) >= 6
        assert obs.trend("best_model:eci", as_dict=True)["series"]
    finally:
        obs.close()
