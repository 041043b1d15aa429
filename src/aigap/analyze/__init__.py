"""analyze: who leads where, by how much, how sure, and whether the gap is closing.

    inputs     one figure per (indicator, country) from the reconciled evidence and reference data
    normalize  scores 0-100 (ratio, min-max, z)
    simulate   aggregation to pillars and a composite; Monte Carlo over figures, sources, weights
    gap        the answer with intervals, coverage, rank probabilities and sensitivity
    trend      slopes of the log ratio, widening or narrowing, years to parity
    lag        months the follower's best models trail the leader's, per benchmark
"""

from __future__ import annotations

from .coverage import CountryCoverage, Coverage, country_coverage
from .gap import GapOptions, GapResult, compute_gap, gap, parse_countries
from .headline import IndicatorComparison, PillarLine, compare_indicators, pillar_headline
from .inputs import Figure, IndicatorData, Missing, gather
from .lag import BenchmarkLag, frontier_lag
from .trend import Trend, pillar_trends, trend
from .weights import Weights, load_weights, presets

__all__ = [
    "BenchmarkLag", "CountryCoverage", "Coverage", "Figure", "GapOptions", "GapResult", "IndicatorComparison", "IndicatorData", "Missing",
    "PillarLine", "Trend", "Weights", "compare_indicators", "compute_gap", "country_coverage", "frontier_lag", "gap", "gather",
    "load_weights", "parse_countries", "pillar_headline", "pillar_trends", "presets", "trend",
]
