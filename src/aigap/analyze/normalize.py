"""Indicator scores on 0-100, vectorised over Monte Carlo draws.

``values`` has shape (..., indicators, countries) with NaN where a country has no figure; missing
stays missing (NaN), never zero. ``lower`` flags indicators where a smaller figure is better.

    ratio   100 * value / best value             (for lower-is-better: 100 * best / value)
    minmax  100 * (value - worst) / (best - worst); 100 for everyone when all are equal
    z       100 * Phi(z), z the standard score across the countries compared; 50 when all are equal
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["METHODS", "normalize"]

METHODS = ("ratio", "minmax", "z")
Array = npt.NDArray[np.floating[Any]]


def _phi(z: Array) -> Array:
    """Standard normal CDF (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7), vectorised."""
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-x * x)
    return np.asarray(0.5 * (1.0 + np.sign(z) * erf))


def normalize(values: Array, lower: npt.NDArray[np.bool_], method: str = "ratio") -> Array:
    if method not in METHODS:
        raise ValueError(f"normalisation must be one of {', '.join(METHODS)}, not {method!r}")
    v = np.asarray(values)
    if not np.issubdtype(v.dtype, np.floating):
        v = v.astype(float)
    low = np.asarray(lower, dtype=bool)[..., :, None]
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing rows stay NaN
        if method == "ratio":
            pos = np.where(v > 0, v, np.nan)
            x = np.where(low, 1 / pos, pos) if low.any() else pos
            best = np.nanmax(x, axis=-1, keepdims=True)
            out = x * (100 / best)
        elif method == "minmax":
            x = np.where(low, -v, v)
            hi, lo = np.nanmax(x, axis=-1, keepdims=True), np.nanmin(x, axis=-1, keepdims=True)
            span = hi - lo
            out = np.where(span > 0, 100.0 * (x - lo) / np.where(span > 0, span, 1.0), 100.0)
        else:
            x = np.where(low, -v, v)
            mean = np.nanmean(x, axis=-1, keepdims=True)
            sd = np.nanstd(x, axis=-1, keepdims=True)
            out = np.where(sd > 0, 100.0 * _phi((x - mean) / np.where(sd > 0, sd, 1.0)), 50.0)
    return np.asarray(np.where(np.isnan(v), np.nan, out), dtype=v.dtype)
