"""Calibration of claim confidence: among claims given confidence >= c, how many are right.

"Right" is what the confidence promises: a real claim (it matches gold) whose subject and metric are
both correct. ``calibration_table`` bins predictions by confidence and reports, per bin and for the
cumulative ">= threshold" rows the issue's target reads, the count and the share right.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Bin", "calibration_table"]

EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0000001)


@dataclass(frozen=True, slots=True)
class Bin:
    label: str
    low: float
    high: float
    n: int
    right: int
    mean_confidence: float | None

    @property
    def accuracy(self) -> float | None:
        return self.right / self.n if self.n else None

    def to_json(self) -> dict[str, Any]:
        acc = self.accuracy
        return {"bin": self.label, "n": self.n, "right": self.right,
                "accuracy": None if acc is None else round(acc, 4),
                "mean_confidence": None if self.mean_confidence is None else round(self.mean_confidence, 4)}


def _bin(label: str, lo: float, hi: float, rows: Sequence[tuple[float, bool]]) -> Bin:
    inside = [(c, ok) for c, ok in rows if lo <= c < hi]
    mean = sum(c for c, _ in inside) / len(inside) if inside else None
    return Bin(label, lo, hi, len(inside), sum(ok for _, ok in inside), mean)


def calibration_table(confidences: Sequence[tuple[float | None, bool]]) -> list[Bin]:
    """Bins [0, .2), [.2, .4), ... [.9, 1], then cumulative >= 0.8 and >= 0.9; claims without a
    confidence are a row of their own."""
    rows = [(c, ok) for c, ok in confidences if c is not None]
    out = [_bin(f"{lo:.1f}-{min(hi, 1.0):.1f}", lo, hi, rows) for lo, hi in itertools.pairwise(EDGES)]
    out += [_bin(f">={t}", t, 1.0000001, rows) for t in (0.8, 0.9)]
    none = [ok for c, ok in confidences if c is None]
    if none:
        out.append(Bin("none", 0.0, 0.0, len(none), sum(none), None))
    return out
