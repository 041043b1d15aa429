"""analyze: who leads where, by how much, how sure, and whether the gap is closing."""

from __future__ import annotations

from .headline import IndicatorComparison, PillarLine, compare_indicators, pillar_headline

__all__ = ["IndicatorComparison", "PillarLine", "compare_indicators", "pillar_headline"]
