"""Trends: slope of the log ratio, direction, years to parity."""

from __future__ import annotations

import hashlib
import json
import math

import pytest

from aigap.analyze import trend
from aigap.analyze.trend import _pair
from aigap.cli import main
from aigap.errors import InputError
from aigap.store import Store


def test_narrowing_gap_and_years_to_parity() -> None:
    # the ratio halves its log every ... : ln(US/CN) = 2.0, 1.5, 1.0, 0.5 (exact line, slope -0.5/yr)
    series = {2020 + k: {"US": math.exp(2.0 - 0.5 * k), "CN": 1.0} for k in range(4)}
    p = _pair(series, "US", "CN", lower=False)
    assert p.slope == pytest.approx(-0.5) and p.direction == "narrowing" and p.leader_now == "US"
    assert p.years_to_parity and p.years_to_parity.point == pytest.approx(1.0)
    assert p.years_to_parity.year == pytest.approx(2024.0)


def test_widening_and_unclear() -> None:
    wide = {2020 + k: {"US": math.exp(0.2 * k + 0.1), "CN": 1.0} for k in range(5)}
    assert _pair(wide, "US", "CN", lower=False).direction == "widening"
    noisy = {2020: {"US": 2.0, "CN": 1.0}, 2021: {"US": 1.0, "CN": 1.0}, 2022: {"US": 3.0, "CN": 1.0},
             2023: {"US": 1.2, "CN": 1.0}}
    p = _pair(noisy, "US", "CN", lower=False)
    assert p.direction == "no clear trend" and p.years_to_parity is None
    assert _pair({2020: {"US": 2.0, "CN": 1.0}}, "US", "CN", lower=False).direction == "not enough data"


def test_trend_from_stored_series(store: Store) -> None:
    rows = [("ai_papers", c, str(y), v) for y, us, cn in [(2019, 100, 50), (2020, 100, 70), (2021, 100, 90),
                                                           (2022, 100, 110)] for c, v in (("US", us), ("CN", cn))]
    store.put_dataset({"id": "t", "title": "t", "content_hash": hashlib.sha256(b"t").hexdigest(), "kind": "reference"},
                      [{"indicator": i, "country": c, "period": p, "value": v, "unit": "papers", "aspect": "level",
                        "source_class": "reference", "row_locator": f"r{n}"} for n, (i, c, p, v) in enumerate(rows)])
    t = trend(store, "ai_papers")
    assert [s.period for s in t.series] == ["2019", "2020", "2021", "2022"]
    assert t.series[0].values["US"].sources == ["dataset:t#r0"]
    pair = t.pairs[0]
    # CN overtook in 2022 and keeps gaining: the current leader's lead widens
    assert pair.direction == "widening" and pair.leader_now == "CN" and pair.slope and pair.slope < 0
    with pytest.raises(InputError, match="unknown indicator"):
        trend(store, "ai_paperz")


def test_cli_trend_benchmark(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", demo_db, "trend", "best_model:eci", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["indicator"] == "best_model:eci" and len(out["series"]) >= 3
    assert out["pairs"][0]["between"] == ["US", "CN"]


# -- trends that do not over-claim ------------------------------------------------------------------


def test_three_points_are_not_a_trend() -> None:
    """Three points fit almost any line: GPQA's "parity in 0.4 years" came from three."""
    three = {2023 + k: {"US": math.exp(1.0 - 0.4 * k), "CN": 1.0} for k in range(3)}
    p = _pair(three, "US", "CN", lower=False)
    assert p.points == 3 and p.direction == "not enough data" and p.years_to_parity is None and p.slope is None
    four = {2022 + k: {"US": math.exp(1.6 - 0.4 * k), "CN": 1.0} for k in range(4)}
    assert _pair(four, "US", "CN", lower=False).direction == "narrowing"


def test_no_parity_year_that_is_already_past() -> None:
    """A year's figure (annual total, frontier at the year's end) is known at the year's end: a parity
    date inside the last observed year is already past and is not given."""
    # ln ratio 1.2, 0.8, 0.4, 0.1: parity about 0.3 years after the last point, within 2025
    s = {2022: {"US": math.exp(1.2), "CN": 1.0}, 2023: {"US": math.exp(0.8), "CN": 1.0},
         2024: {"US": math.exp(0.4), "CN": 1.0}, 2025: {"US": math.exp(0.1), "CN": 1.0}}
    p = _pair(s, "US", "CN", lower=False, year_end=True)
    assert p.direction == "narrowing" and p.years_to_parity is None and p.parity_note and p.as_of == "2025"
    far = {2020 + k: {"US": math.exp(4.0 - 0.5 * k), "CN": 1.0} for k in range(5)}  # parity 6 years on
    q = _pair(far, "US", "CN", lower=False, year_end=True)
    assert q.years_to_parity and q.years_to_parity.low is not None and q.years_to_parity.low > 1


def test_overall_direction_needs_most_indicators() -> None:
    from aigap.analyze.trend import overall_direction

    # the case: "on balance narrowing" from 2 of 7 indicators
    assert overall_direction({"widening": 1, "narrowing": 2, "no clear trend": 4}) == "mixed"
    assert overall_direction({"widening": 0, "narrowing": 4, "no clear trend": 3}) == "narrowing"
    assert overall_direction({"widening": 3, "narrowing": 4, "no clear trend": 0}) == "mixed"
    assert overall_direction({"widening": 5, "narrowing": 1, "no clear trend": 1}) == "widening"


def test_since_cuts_the_series(store: Store, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    rows = [("ai_papers", c, str(y), v) for y in range(2016, 2024) for c, v in (("US", 100.0), ("CN", 40.0 + 10 * (y - 2016)))]
    store.put_dataset({"id": "s", "title": "s", "content_hash": hashlib.sha256(b"s").hexdigest(), "kind": "reference"},
                      [{"indicator": i, "country": c, "period": p, "value": v, "unit": "papers", "aspect": "level",
                        "source_class": "reference", "row_locator": f"r{n}"} for n, (i, c, p, v) in enumerate(rows)])
    assert len(trend(store, "ai_papers").series) == 8
    t = trend(store, "ai_papers", since=2021)
    assert [s.period for s in t.series] == ["2021", "2022", "2023"] and t.pairs[0].direction == "not enough data"
    main(["--db", db_url, "trend", "ai_papers", "--since", "2020", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert [s["period"] for s in out["series"]] == ["2020", "2021", "2022", "2023"] and out["pairs"][0]["as_of"] == "2023"


def test_hac_interval_is_wider_for_autocorrelated_residuals() -> None:
    """A monthly lag series with lag-1 autocorrelation 0.8: the OLS interval is too narrow."""
    import numpy as np

    from aigap.analyze.stats import lag1_autocorrelation, ols

    rng = np.random.default_rng(3)
    e = np.zeros(48)
    for k in range(1, 48):
        e[k] = 0.8 * e[k - 1] + rng.normal()
    x = np.arange(48) / 12
    y = 7.0 - 0.5 * x + e
    plain, hac = ols(x, y), ols(x, y, hac=True)
    assert plain and hac and hac.slope == plain.slope
    assert lag1_autocorrelation(y - plain.at(x)) > 0.5
    assert hac.high - hac.low > 1.5 * (plain.high - plain.low)
