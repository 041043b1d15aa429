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
    assert p.years_to_parity and p.years_to_parity["point"] == pytest.approx(1.0)
    assert p.years_to_parity["year"] == pytest.approx(2024.0)


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
    assert [s["period"] for s in t.series] == ["2019", "2020", "2021", "2022"]
    assert t.series[0]["values"]["US"]["sources"] == ["dataset:t#r0"]
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
