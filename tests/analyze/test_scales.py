"""Scores on the right scale: ratio where zero means none, log ratio for heavy tails, differences for
interval scales; every normalisation finite and ordered at FLOP scale (float32 draws included)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aigap.analyze import Figure, GapOptions, IndicatorData, compute_gap
from aigap.analyze.inputs import scale_kind
from aigap.analyze.normalize import LOG_POINTS_PER_DECADE, METHODS, kind_codes, normalize

flop = st.floats(min_value=1e18, max_value=1e28, allow_nan=False, allow_infinity=False)
eci = st.floats(min_value=50.0, max_value=200.0, allow_nan=False, allow_infinity=False)


@settings(max_examples=80, deadline=None)
@given(vals=st.lists(flop, min_size=2, max_size=6), method=st.sampled_from(METHODS),
       kind=st.sampled_from(["ratio", "log"]), f32=st.booleans())
@example(vals=[1e18, 7.221467913176203e27], method="minmax", kind="ratio", f32=True)  # float32 gave 100.00001
def test_every_normalisation_is_finite_and_ordered_at_flop_scale(vals: list[float], method: str, kind: str,
                                                                 f32: bool) -> None:
    """FLOP-scale figures (as the draws hold them, float32, or float64) give finite scores in [0, 100]
    that keep the figures' order; z (computed in float64) is no longer 50 for everyone (float32 overflowed)."""
    v = np.array([vals], dtype=np.float32 if f32 else np.float64)
    s = normalize(v, np.array([False]), method, kind_codes([kind]))
    assert s.dtype == (np.float32 if f32 and method != "z" else np.float64)
    assert np.isfinite(s).all() and (s >= 0).all() and (s <= 100 + 1e-9).all()
    x = v[0].astype(float)
    for a in range(len(vals)):
        for b in range(len(vals)):
            if x[a] > x[b] * (1 + 1e-5):
                assert s[0, a] > s[0, b], (method, kind, x[a], x[b], s)
    if method == "z" and np.ptp(x) > 1e-5 * x.max():
        assert not np.allclose(s, 50.0)


def test_z_at_flop_scale_by_hand() -> None:
    """Two countries with 1e26 and 1e25 FLOP: z = +1 and -1 whatever the scale (was 50/50 in float32)."""
    v = np.array([[1e26, 1e25]], dtype=np.float32)
    for kind in ("ratio", "log"):
        s = normalize(v, np.array([False]), "z", kind_codes([kind]))
        assert np.allclose(s, [[84.134, 15.866]], atol=1e-2)


@settings(max_examples=80, deadline=None)
@given(vals=st.lists(eci, min_size=2, max_size=6), shift=st.floats(min_value=-40.0, max_value=400.0),
       method=st.sampled_from(METHODS), span=st.floats(min_value=10.0, max_value=200.0))
def test_interval_scores_ignore_a_shift_of_the_anchor(vals: list[float], shift: float, method: str,
                                                      span: float) -> None:
    """An interval scale (ECI, Elo) has no true zero: moving every figure by the same amount changes no score."""
    v = np.array([vals])
    k = kind_codes(["interval"])
    a = normalize(v, np.array([False]), method, k, np.array([span]))
    b = normalize(v + shift, np.array([False]), method, k, np.array([span]))
    assert np.allclose(a, b, atol=1e-6)


def test_shifting_eci_by_100_leaves_china_where_it_was() -> None:
    """The issue's case: ratio-to-leader moved China from 93.5 to 83 when ECI's anchor moved by 100."""
    def gap_for(shift: float) -> float:
        figs = {c: Figure(v + shift, v + shift, v + shift, "2025-12-01", [f"dataset:eci#{c}"],
                          [(v + shift, v + shift, v + shift, 1.0, f"dataset:eci#{c}")])
                for c, v in (("US", 155.0), ("CN", 145.0))}
        d = IndicatorData("best_model:eci", "models", "ECI", "ECI", "ECI points", "higher", "2025-12-01", figs,
                          kind="interval", span=80.0)
        res = compute_gap([d], [], GapOptions(draws=10, weight_spread=0))
        return float(res.point_scores[0, 1])

    assert math.isclose(gap_for(0.0), 100 - 100 * 10 / 80)
    assert math.isclose(gap_for(0.0), gap_for(100.0)) and math.isclose(gap_for(0.0), gap_for(-100.0))


@settings(max_examples=60, deadline=None)
@given(vals=st.lists(st.floats(min_value=1e3, max_value=1e12), min_size=2, max_size=6),
       k=st.floats(min_value=1e-3, max_value=1e3), method=st.sampled_from(METHODS))
def test_log_scores_ignore_a_change_of_unit(vals: list[float], k: float, method: str) -> None:
    v = np.array([vals])
    kc = kind_codes(["log"])
    assert np.allclose(normalize(v, np.array([False]), method, kc), normalize(v * k, np.array([False]), method, kc),
                       atol=1e-6)


def test_log_ratio_by_hand_and_the_kinds_by_unit() -> None:
    """Money 14x behind the leader: 100 - 50 log10(14) (the ratio scale would give 7)."""
    s = normalize(np.array([[109.1e9, 7.76e9]]), np.array([False]), "ratio", kind_codes(["log"]))
    assert np.allclose(s, [[100, 100 - LOG_POINTS_PER_DECADE * math.log10(109.1 / 7.76)]])
    far = normalize(np.array([[1e26, 1e20]]), np.array([False]), "ratio", kind_codes(["log"]))
    assert far[0, 1] == 0.0  # a million times behind floors at 0, never negative
    assert [scale_kind(u) for u in ("USD", "FLOP", "FLOPS", "USD per million people")] == ["log"] * 4
    assert [scale_kind(u) for u in ("papers", "percent", "people", "count")] == ["ratio"] * 4
    assert [scale_kind(u) for u in ("Elo", "ECI points", "percent correct", "score")] == ["interval"] * 4


def test_an_interval_indicator_has_no_ratio_in_the_answer() -> None:
    figs = {c: Figure(v, v, v, "2025", [f"s{c}"], [(v, v, v, 1.0, f"s{c}")]) for c, v in (("US", 1443.0), ("CN", 1360.0))}
    d = IndicatorData("best_model:arena_elo", "models", "Arena", "Arena", "Elo", "higher", "2025", figs,
                      kind="interval", span=600.0)
    row = compute_gap([d], [], GapOptions(draws=10)).answer().indicators[0]
    assert row.kind == "interval" and row.ratio is None and row.difference == 83.0 and row.leader == "US"
