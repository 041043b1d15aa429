"""Uncertainty from evidence (``uncertainty.yaml``): a publisher's own uncertainty label turned into
an interval, and independent sources of one figure pooled into one interval.

Every interval here is the support of the triangular law the Monte Carlo draws from (peaked at the
figure): a labelled factor range is its central ``coverage`` share, and a pool's spread is the
standard deviation of that law. Heavy-tailed units (money, compute) are read on the log scale.

The pool is a random-effects (DerSimonian-Laird) inverse-variance mean: n sources that agree give a
standard error of about 1/sqrt(n) of one; sources that disagree add the between-source variance
tau^2, so their interval is wider than either's alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Pooled", "label_interval", "label_reason", "pool", "pooled_on_log", "triangular_sd"]

SQRT6 = math.sqrt(6.0)  # a symmetric triangular law of half-width h has sd h / sqrt(6)


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("uncertainty.yaml").read_text(encoding="utf-8"))
    return data


def _label(label: str | None, publisher: str | None) -> dict[str, Any] | None:
    """The table entry for a label in its publisher's vocabulary (a vocabulary applies to its
    publisher's rows only: another publisher's "Likely" may mean something else)."""
    if not label:
        return None
    pub = (publisher or "").lower()
    for vocab, labels in _table()["labels"].items():
        if vocab in pub:
            entry = labels.get(label.strip().lower())
            return dict(entry) if entry else None
    return None


def label_reason(label: str | None, publisher: str | None) -> str | None:
    entry = _label(label, publisher)
    return str(entry["reason"]) if entry else None


def label_interval(value: float, label: str | None, publisher: str | None) -> tuple[float, float] | None:
    """The triangular support (low, high) around a positive ``value`` whose central ``coverage`` share
    is the label's factor range on the log scale (``Speculative``: within 30x); None for no label, an
    unknown one (``Unknown``, ``Unverified``) or a value that is not positive."""
    entry = _label(label, publisher)
    if entry is None or not value > 0:
        return None
    # A symmetric triangular law of half-width h has its central share p within h * (1 - sqrt(1 - p)).
    half = math.log(float(entry["factor"])) / (1.0 - math.sqrt(1.0 - float(_table()["coverage"])))
    return value * math.exp(-half), value * math.exp(half)


def pooled_on_log(unit: str) -> bool:
    return unit.split(" per ", 1)[0] in set(_table()["pooling"]["log_units"])


def triangular_sd(low: float, mode: float, high: float) -> float:
    """Standard deviation of the triangular law on [low, high] peaked at mode."""
    a, b, c = low, high, mode
    return math.sqrt(max(a * a + b * b + c * c - a * b - a * c - b * c, 0.0) / 18.0)


@dataclass(frozen=True, slots=True)
class Pooled:
    low: float
    high: float
    sd: float  # on the pool's scale (log for heavy-tailed units)
    mean: float  # the random-effects mean, in the figures' unit
    tau2: float  # between-source variance on the pool's scale
    n: int
    log: bool

    def to_json(self) -> dict[str, Any]:
        return {"method": "random-effects (DerSimonian-Laird)", "scale": "log" if self.log else "linear",
                "independent_sources": self.n, "mean": self.mean, "sd": self.sd, "tau2": self.tau2,
                "low": self.low, "high": self.high}


def pool(sources: Sequence[tuple[float, float, float]], centre: float, *, log: bool) -> Pooled | None:
    """Pool independent sources, each (value, low, high), into one interval around ``centre``.

    The interval is the triangular support whose sd covers the random-effects standard error and
    the distance from ``centre`` (the class-weighted consensus) to the random-effects mean, so the
    consensus and its draws never part. None for fewer than two sources, or when a log-scale pool
    meets a figure that is not positive."""
    if len(sources) < 2:
        return None
    if log and (centre <= 0 or any(v <= 0 or lo <= 0 for v, lo, _ in sources)):
        return None
    f = math.log if log else (lambda x: x)
    ys = [f(v) for v, _, _ in sources]
    floor = float(_table()["pooling"]["min_relative_sd"]) * (1.0 if log else max(abs(y) for y in ys) or 1.0)
    var = [max(triangular_sd(f(lo), f(v), f(hi)), floor) ** 2 for v, lo, hi in sources]
    w = [1 / v for v in var]
    sw = sum(w)
    fixed = sum(wi * y for wi, y in zip(w, ys, strict=True)) / sw
    q = sum(wi * (y - fixed) ** 2 for wi, y in zip(w, ys, strict=True))
    c = sw - sum(wi * wi for wi in w) / sw
    tau2 = max(0.0, (q - (len(ys) - 1)) / c) if c > 0 else 0.0
    ws = [1 / (v + tau2) for v in var]
    mean = sum(wi * y for wi, y in zip(ws, ys, strict=True)) / sum(ws)
    se2 = 1 / sum(ws)
    mid = f(centre)
    sd = math.sqrt(se2 + (mid - mean) ** 2)
    half = SQRT6 * sd
    low, high = (math.exp(mid - half), math.exp(mid + half)) if log else (mid - half, mid + half)
    return Pooled(low, high, sd, math.exp(mean) if log else mean, tau2, len(ys), log)
