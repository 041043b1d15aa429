from __future__ import annotations

import hashlib

from aigap.analyze import compare_indicators, pillar_headline
from aigap.store import Store


def _put(store: Store, rows: list[tuple[str, str, str, float]]) -> None:
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    store.put_dataset({"id": "t", "title": "t", "content_hash": digest, "kind": "reference"},
                      [{"indicator": i, "country": c, "period": p, "value": v, "unit": "x", "aspect": "level",
                        "source_class": "reference", "row_locator": f"r{n}"} for n, (i, c, p, v) in enumerate(rows)])


def test_leader_per_indicator_and_pillar(store: Store) -> None:
    _put(store, [
        ("ai_papers", "US", "2023", 100), ("ai_papers", "CN", "2023", 300),
        ("ai_papers", "US", "2024", 120),  # no CN figure for 2024: 2023 is the latest common year
        ("ai_patents", "US", "2023", 50), ("ai_patents", "CN", "2023", 40),
        ("model_benchmark_rank", "US", "2024", 1), ("model_benchmark_rank", "CN", "2024", 3),  # lower is better
        ("approved_genai_services", "US", "2024", 5), ("approved_genai_services", "CN", "2024", 180),  # not ranked
        ("ai_unicorns", "US", "2024", 10), ("ai_unicorns", "CN", "2024", 10),  # a tie
    ])
    comps = {c.indicator: c for c in compare_indicators(store)}
    assert comps["ai_papers"].period == "2023" and comps["ai_papers"].leader == "CN" and comps["ai_papers"].ratio == 3
    assert comps["ai_patents"].leader == "US"
    assert comps["model_benchmark_rank"].leader == "US" and comps["model_benchmark_rank"].ratio == 3
    assert "approved_genai_services" not in comps
    assert comps["ai_unicorns"].leader is None
    lines = {line.pillar: line for line in pillar_headline(store)}
    assert lines["research"].leads == {"CN": 1, "US": 1} and lines["research"].leader is None
    assert lines["models"].leader == "US" and lines["market"].gap_text == "level on every indicator compared"
    assert lines["talent"].compared == 0 and lines["talent"].gap_text == "no comparable data"
