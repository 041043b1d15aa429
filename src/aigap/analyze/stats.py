"""Small statistics shared by trends and lags: least squares with a t interval, quantiles."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Fit", "lag1_autocorrelation", "newey_west_lags", "ols", "summary", "t95"]

# Upper 95% point of Student's t (two-sided 90% interval), by degrees of freedom; 1.645 beyond 30.
_T95 = [6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761,
        1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701,
        1.699, 1.697]


def t95(df: int) -> float:
    return _T95[df - 1] if 1 <= df <= len(_T95) else 1.645


@dataclass(frozen=True, slots=True)
class Fit:
    slope: float
    intercept: float
    low: float  # 90% interval of the slope
    high: float
    n: int

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


def newey_west_lags(n: int) -> int:
    """The usual bandwidth for a Newey-West (HAC) variance: floor(4 (n/100)^(2/9))."""
    return int(4 * (n / 100) ** (2 / 9))


def lag1_autocorrelation(r: npt.ArrayLike) -> float:
    a = np.asarray(r, dtype=float)
    a = a - float(a.mean())
    den = float((a * a).sum())
    return float((a[1:] * a[:-1]).sum() / den) if den > 0 and len(a) > 2 else 0.0


def ols(x: npt.ArrayLike, y: npt.ArrayLike, hac: bool = False) -> Fit | None:
    """Least-squares line with a 90% interval on the slope; None below three points or no spread in x.
    ``hac``: the slope's variance by Newey-West (Bartlett kernel), for autocorrelated residuals such as a
    monthly lag series, where the plain OLS interval is far too narrow."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(xa)
    if n < 3 or float(np.ptp(xa)) == 0.0:
        return None
    xm, ym = xa.mean(), ya.mean()
    sxx = float(((xa - xm) ** 2).sum())
    slope = float(((xa - xm) * (ya - ym)).sum() / sxx)
    intercept = float(ym - slope * xm)
    resid = ya - (intercept + slope * xa)
    se = math.sqrt(float((resid**2).sum()) / (n - 2) / sxx)
    if hac:
        u = (xa - xm) * resid
        s = float((u * u).sum())
        for lag in range(1, newey_west_lags(n) + 1):
            s += 2 * (1 - lag / (newey_west_lags(n) + 1)) * float((u[lag:] * u[:-lag]).sum())
        se = max(se, math.sqrt(max(s, 0.0) * n / (n - 2)) / sxx)  # never narrower than the plain interval
    half = t95(n - 2) * se
    return Fit(slope, intercept, slope - half, slope + half, n)


def summary(samples: npt.NDArray[np.float64], axis: int = 0) -> tuple[npt.NDArray[np.float64], ...]:
    """Median and 90% interval (5th and 95th percentiles) along an axis."""
    with warnings.catch_warnings():  # an all-missing slice is missing in the output, not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        q = np.nanpercentile(samples, [50, 5, 95], axis=axis)
    return q[0], q[1], q[2]
