"""Indicator scores on 0-100, vectorised over Monte Carlo draws, on each indicator's own scale.

``values`` has shape (..., indicators, countries) with NaN where a country has no figure; missing
stays missing (NaN), never zero. ``lower`` flags indicators where a smaller figure is better.
``kind`` (per indicator) says what the numbers measure:

    ratio     a count or share where zero means none: ratios are meaningful
    log       a heavy-tailed quantity (money, FLOP, FLOPS): compared by the log of the ratio
    interval  a score with no true zero (ECI, Elo, benchmark percentages): only differences mean
              anything; ``span`` is the measure's range, so a difference of one span scores 0

The methods:

    ratio   ratio kind:    100 * value / best value (lower-is-better: 100 * best / value)
            log kind:      100 + LOG_POINTS_PER_DECADE * log10(value / best), floored at 0
            interval kind: 100 - 100 * (best - value) / span, floored at 0
    minmax  100 * (value - worst) / (best - worst) (on log10 for the log kind); 100 when all equal
    z       100 * Phi(z), z the standard score across the countries (on log10 for the log kind)

Every kind is invariant to the changes its scale allows: ratio and log to a change of unit, interval
to a shift of the anchor (and, span scaled alike, a change of unit). z works in float64 (FLOP-scale
values, 1e26, overflow float32 when squared for a standard deviation); ratio and minmax keep the input's
precision (float64 for point estimates, float32 for the draws), which they cannot overflow.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["KINDS", "LOG_POINTS_PER_DECADE", "METHODS", "kind_codes", "normalize"]

METHODS = ("ratio", "minmax", "z")
KINDS = ("ratio", "log", "interval")
# Log kind: a factor of ten behind the leader costs 50 points (0 at 100x behind), what a factor of two
# costs on the ratio scale; heavy tails so do not crush every follower to near zero.
LOG_POINTS_PER_DECADE = 50.0
Array = npt.NDArray[np.floating[Any]]


def kind_codes(kinds: list[str]) -> npt.NDArray[np.int8]:
    """Per-indicator kind names as codes (index into KINDS)."""
    for k in kinds:
        if k not in KINDS:
            raise ValueError(f"scale kind must be one of {', '.join(KINDS)}, not {k!r}")
    return np.array([KINDS.index(k) for k in kinds], dtype=np.int8)


def _phi(z: Array) -> Array:
    """Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7), vectorised."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-x * x)
    return np.asarray(0.5 * (1.0 + np.sign(z) * erf))


def normalize(values: Array, lower: npt.NDArray[np.bool_], method: str = "ratio",
              kind: npt.NDArray[np.int8] | None = None, span: Array | None = None) -> Array:
    """Scores of the same shape as ``values``. ``kind`` codes (``kind_codes``) default to
    ratio for every indicator; ``span`` (per indicator) is used by the interval kind (default 100)."""
    if method not in METHODS:
        raise ValueError(f"normalisation must be one of {', '.join(METHODS)}, not {method!r}")
    v = np.asarray(values)
    # z squares deviations: FLOP-scale figures (1e26) overflow float32 there, so z works in float64.
    # ratio and minmax only divide by the row's best or span, which no float32 figure can overflow,
    # so the Monte Carlo draws keep their float32 (half the memory traffic; point estimates are float64).
    if method == "z" or not np.issubdtype(v.dtype, np.floating):
        v = v.astype(np.float64)
    n_i = v.shape[-2]
    kd = np.zeros(n_i, dtype=np.int8) if kind is None else np.asarray(kind, dtype=np.int8)
    sp = np.full(n_i, 100.0) if span is None else np.asarray(span, dtype=np.float64)
    low = np.asarray(lower, dtype=bool)[..., :, None]
    is_log = (kd == 1)[:, None]
    is_int = (kd == 2)[:, None]
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing rows stay NaN
        if method == "ratio":
            pos = np.where(v > 0, v, np.nan)
            x = np.where(low, 1 / pos, pos) if low.any() else pos
            best = np.nanmax(x, axis=-1, keepdims=True)
            out = x * (100 / best)
            if is_log.any():
                logs = np.maximum(0.0, 100.0 + LOG_POINTS_PER_DECADE * np.log10(x / best))
                out = np.where(is_log, logs, out)
            if is_int.any():
                d = np.where(low, -v, v)
                gap = np.nanmax(d, axis=-1, keepdims=True) - d
                width = np.where(sp > 0, sp, 100.0)[:, None]
                out = np.where(is_int, np.maximum(0.0, 100.0 - 100.0 * gap / width), out)
        else:
            x = np.where(is_log, np.log10(np.where(v > 0, v, np.nan)), v)
            x = np.where(low, -x, x)
            if method == "minmax":
                hi, lo = np.nanmax(x, axis=-1, keepdims=True), np.nanmin(x, axis=-1, keepdims=True)
                rng = hi - lo
                out = np.where(rng > 0, 100.0 * (x - lo) / np.where(rng > 0, rng, 1.0), 100.0)
            else:
                mean = np.nanmean(x, axis=-1, keepdims=True)
                sd = np.nanstd(x, axis=-1, keepdims=True)
                spread = sd > 1e-12 * np.abs(mean)  # equal figures: a mean's rounding is no spread
                out = np.where(spread, 100.0 * _phi((x - mean) / np.where(spread, sd, 1.0)), 50.0)
    # float32 rounding can land a best score a hair above 100 (minmax at 1e27): scores live in [0, 100]
    return np.asarray(np.where(np.isnan(v), np.nan, np.clip(out, 0.0, 100.0)), dtype=v.dtype)
