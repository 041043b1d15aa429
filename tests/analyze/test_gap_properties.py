"""Invariants of the gap, as property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from aigap.analyze import Figure, GapOptions, IndicatorData, compute_gap
from aigap.analyze.normalize import normalize

PILLARS = ["research", "talent", "investment", "compute", "models", "market"]
vals = st.floats(min_value=0.1, max_value=1e6, allow_nan=False, allow_infinity=False)


def _data(rows: list[tuple[float, float, int]], width: float = 0.0) -> list[IndicatorData]:
    out = []
    for n, (a, b, p) in enumerate(rows):
        figs = {c: Figure(v, v * (1 - width), v * (1 + width), "2024", [f"s{n}{c}"],
                          [(v, v * (1 - width), v * (1 + width), 1.0, f"s{n}{c}")]) for c, v in (("US", a), ("CN", b))}
        out.append(IndicatorData(f"i{n}", PILLARS[p % len(PILLARS)], f"i{n}", f"i{n}", "count", "higher", "2024", figs))
    return out


rows_st = st.lists(st.tuples(vals, vals, st.integers(0, 5)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(rows=rows_st, k=st.floats(min_value=1e-3, max_value=1e3))
def test_ratio_scores_ignore_a_change_of_unit(rows: list[tuple[float, float, int]], k: float) -> None:
    """Scaling an indicator's figures by a constant (for every country: a unit change) changes no score."""
    v = np.array([[a, b] for a, b, _ in rows])
    lower = np.zeros(len(rows), dtype=bool)
    scaled = v.copy()
    scaled[0] *= k
    assert np.allclose(normalize(v, lower, "ratio"), normalize(scaled, lower, "ratio"))
    assert np.allclose(normalize(v, lower, "minmax"), normalize(scaled, lower, "minmax"))


@settings(max_examples=60, deadline=None)
@given(rows=rows_st, k=st.floats(min_value=1.01, max_value=1e3))
def test_ratio_scores_of_the_leader_ignore_its_own_scale(rows: list[tuple[float, float, int]], k: float) -> None:
    """Scaling one country's figures up where it already leads leaves its ratio scores at 100."""
    v = np.array([[a, b] for a, b, _ in rows])
    lead = v[:, 0] >= v[:, 1]
    before = normalize(v, np.zeros(len(rows), dtype=bool), "ratio")
    v2 = v.copy()
    v2[lead, 0] *= k
    after = normalize(v2, np.zeros(len(rows), dtype=bool), "ratio")
    assert np.allclose(before[lead, 0], 100) and np.allclose(after[lead, 0], 100)
    assert np.allclose(after[lead, 1], before[lead, 1] / k)


@settings(max_examples=30, deadline=None)
@given(rows=rows_st, seed=st.integers(0, 2**16))
def test_reordering_changes_nothing(rows: list[tuple[float, float, int]], seed: int) -> None:
    data = _data(rows, 0.1)
    perm = np.random.default_rng(seed).permutation(len(data))
    a = compute_gap(data, [], GapOptions(draws=50, seed=1, weight_spread=0))
    b = compute_gap([data[i] for i in perm], [], GapOptions(draws=50, seed=1, weight_spread=0))
    assert np.allclose(a.point_composite, b.point_composite)
    assert np.allclose(np.nan_to_num(a.point_pillars), np.nan_to_num(b.point_pillars))


@settings(max_examples=30, deadline=None)
@given(rows=rows_st)
def test_swapping_countries_mirrors_every_gap(rows: list[tuple[float, float, int]]) -> None:
    data = _data(rows)
    a = compute_gap(data, [], GapOptions(countries=("US", "CN"), draws=20, weight_spread=0))
    b = compute_gap(data, [], GapOptions(countries=("CN", "US"), draws=20, weight_spread=0))
    assert np.allclose(a.point_composite, b.point_composite[::-1])
    ga, gb = a.composite_gap(), b.composite_gap()
    assert np.isclose(ga["point"], -gb["point"], atol=1e-3)
    for x, y in zip(a.indicators(), b.indicators(), strict=True):
        assert x["leader"] == y["leader"] and x["ratio"] == y["ratio"]


@settings(max_examples=40, deadline=None)
@given(rows=rows_st, method=st.sampled_from(["ratio", "minmax", "z"]))
def test_leading_everywhere_leads_the_composite(rows: list[tuple[float, float, int]], method: str) -> None:
    data = _data([(max(a, b) * 1.5, min(a, b), p) for a, b, p in rows])
    res = compute_gap(data, [], GapOptions(normalize=method, draws=200, seed=2))
    assert res.point_composite[0] > res.point_composite[1]
    assert (res.draws.composite[:, 0] >= res.draws.composite[:, 1]).all()
    assert res.leader() == "US"


@settings(max_examples=30, deadline=None)
@given(rows=rows_st, method=st.sampled_from(["ratio", "minmax", "z"]))
def test_zero_width_intervals_collapse_to_the_point(rows: list[tuple[float, float, int]], method: str) -> None:
    res = compute_gap(_data(rows, 0.0), [], GapOptions(normalize=method, draws=100, seed=5, weight_spread=0))
    comp = res.composite()
    for j, c in enumerate(res.countries):
        assert np.isclose(comp[c]["low"], comp[c]["high"], atol=1e-3)
        assert np.isclose(comp[c]["median"], res.point_composite[j], atol=1e-3)
    for ind in res.indicators():
        for s in ind["scores"].values():
            assert np.isclose(s["low"], s["high"], atol=1e-3)
    # with the weights drawn too, indicator scores still collapse (they do not depend on weights)
    res2 = compute_gap(_data(rows, 0.0), [], GapOptions(normalize=method, draws=100, seed=5))
    for ind in res2.indicators():
        for s in ind["scores"].values():
            assert np.isclose(s["low"], s["high"], atol=1e-3)


@settings(max_examples=40, deadline=None)
@given(rows=rows_st, width=st.floats(min_value=0.0, max_value=0.9), seed=st.integers(0, 2**16))
def test_point_estimate_and_draws_never_disagree_about_the_leader(rows: list[tuple[float, float, int]],
                                                                  width: float, seed: int) -> None:
    res = compute_gap(_data(rows, width), [], GapOptions(draws=200, seed=seed))
    a = res.answer()
    if a.leader is not None:
        rp = a.rank_probability[a.leader]
        assert rp is not None and rp["1"] >= 0.5
        j = a.countries.index(a.leader)
        assert res.point_composite[j] == np.nanmax(res.point_composite)
