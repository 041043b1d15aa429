"""Frontier lag: synthetic cases worked by hand, and the shipped ECI and Arena data."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from aigap.analyze import frontier_lag
from aigap.analyze.frontier import Measure, ScorePoint
from aigap.analyze.lag import DAYS_PER_MONTH, lag_for_points
from aigap.cli import main
from aigap.errors import InputError
from aigap.store import Store

D = dt.date


def _pts(rows: list[tuple[str, dt.date, float]]) -> list[ScorePoint]:
    return [ScorePoint(d, c, v, f"{c}-{v}", f"dataset:t#{n}") for n, (c, d, v) in enumerate(rows)]


RELEASE = Measure("toy", "Toy", "玩具", "points", "release", "points", "test")


def test_release_lag_by_hand() -> None:
    pts = _pts([("US", D(2023, 1, 1), 10), ("US", D(2023, 7, 1), 20),
                ("CN", D(2023, 4, 1), 10), ("CN", D(2024, 1, 1), 20)])
    out = lag_for_points(RELEASE, pts, since=D(2023, 1, 1))
    assert out.window == (D(2023, 4, 1), D(2024, 1, 1))
    # on 2024-01-01 CN reaches 20, which the US reached on 2023-07-01: 184 days
    assert out.current_lag_months == pytest.approx(184 / DAYS_PER_MONTH)
    first = out.series[0]
    assert first.date == D(2023, 4, 1) and first.lag_months == pytest.approx(0 / DAYS_PER_MONTH + 90 / DAYS_PER_MONTH)
    # the lag grows by a day each day while CN stands still: max just before CN's second model
    assert out.max_lag_months == pytest.approx((D(2023, 12, 31) - D(2023, 1, 1)).days / DAYS_PER_MONTH)
    assert out.current_score_gap == 0
    j = out.to_json()
    assert {"benchmark", "unit", "current_lag_months", "mean_lag_months", "min_lag_months", "max_lag_months",
            "window", "method", "series"} <= set(j)


def test_follower_ahead_gives_a_negative_lag() -> None:
    pts = _pts([("US", D(2023, 1, 1), 10), ("CN", D(2023, 3, 1), 30), ("US", D(2023, 6, 1), 20)])
    out = lag_for_points(RELEASE, pts, since=D(2023, 1, 1), until=D(2023, 6, 1))
    # on 2023-06-01 the US best (20) was first reached by CN on 2023-03-01: CN leads by 92 days
    assert out.current_lag_months == pytest.approx(-92 / DAYS_PER_MONTH)


def test_snapshot_lag_and_percent_gap() -> None:
    arena = Measure("arena", "Arena", "竞技场", "Elo", "snapshot", "percent", "test")
    pts = [ScorePoint(d, c, v, m, "dataset:t#1") for d, c, v, m in [
        (D(2024, 1, 1), "US", 1200, "gpt"), (D(2024, 1, 1), "CN", 1100, "qwen"),
        (D(2024, 3, 1), "US", 1210, "gpt"), (D(2024, 3, 1), "CN", 1150, "deepseek")]]
    out = lag_for_points(arena, pts, since=D(2024, 1, 1))
    assert out.series[0].score_gap == pytest.approx(100 / 1100 * 100)
    assert out.current_score_gap == pytest.approx(60 / 1150 * 100)
    # 'gpt', rated 1210 in the second snapshot, was first seen 2024-01-01: 60 days before it
    assert out.current_lag_months == pytest.approx(60 / DAYS_PER_MONTH)


def test_eci_reproduces_epochs_order_of_magnitude(demo_store: Store) -> None:
    (eci,) = frontier_lag(demo_store, "eci")
    assert eci.window and eci.window[0] >= D(2023, 1, 1)
    assert 4 <= (eci.mean_lag_months or 0) <= 14  # Epoch: about 7 months on average, range 4-14
    assert eci.max_lag_months and eci.max_lag_months >= 12
    assert any("Epoch" in n and "7 months" in n for n in eci.notes)
    assert any("new CN record" in n for n in eci.notes)


def test_arena_gap_matches_ai_index_february_2025(demo_store: Store) -> None:
    (arena,) = frontier_lag(demo_store, "arena")
    feb = [p.score_gap for p in arena.series if p.date.isoformat().startswith("2025-02") and p.score_gap]
    assert feb and min(abs(g - 1.70) for g in feb) < 0.15  # AI Index 2025: 1.70% in February 2025
    assert arena.gap_unit == "percent"


def test_superclue_gives_no_months(demo_store: Store) -> None:
    (sc,) = frontier_lag(demo_store, "superclue")
    assert sc.current_lag_months is None and sc.current_score_gap is not None


def test_unknown_benchmark(demo_store: Store) -> None:
    with pytest.raises(InputError, match="unknown benchmark 'mmlu-pro'"):
        frontier_lag(demo_store, "mmlu-pro")


def test_cli_lag_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", demo_db, "lag", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    ids = [b["benchmark"] for b in out["benchmarks"]]
    assert {"eci", "arena_elo", "gpqa_diamond"} <= set(ids)
    b = out["benchmarks"][0]
    for key in ("benchmark", "unit", "current_lag_months", "mean_lag_months", "min_lag_months",
                "max_lag_months", "window", "method", "series"):
        assert key in b
