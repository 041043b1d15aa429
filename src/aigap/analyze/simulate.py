"""The composite and its uncertainty, as arrays: (draws, indicators, countries).

Each draw picks, per indicator and country, one of the competing sources (by source weight) and a
value from its interval (triangular, peaked at the figure), draws the weights from a Dirichlet
around the chosen ones, normalises and aggregates. A figure that pools independent sources
(``Figure.pooled``) is drawn from its pooled interval alone. Heavy-tailed quantities (the log kind:
money, compute) are drawn on the log scale, where a "within 30x" range is symmetric about the figure. Everything is vectorised over draws, in chunks
so memory stays bounded; the generator is seeded, so a run is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .inputs import Figure, IndicatorData
from .normalize import KINDS, kind_codes, normalize
from .weights import Weights

__all__ = ["Draws", "Problem", "aggregate", "build_problem", "point", "simulate"]

Array = npt.NDArray[np.floating[Any]]  # float64 for inputs, float32 inside the draws


@dataclass(slots=True)
class Problem:
    indicators: list[str]
    countries: list[str]
    pillars: list[str]
    member: Array  # (I, P) one-hot pillar of each indicator
    value: Array  # (I, C) consensus figure, NaN where missing
    alt_value: Array  # (I, C, K) competing figures
    alt_low: Array
    alt_high: Array
    alt_cum: Array  # (I, C, K) cumulative source weights (last = 1)
    lower: npt.NDArray[np.bool_]  # (I,) smaller is better
    w_ind: Array  # (I,)
    w_pil: Array  # (P,)
    kind: npt.NDArray[np.int8] | None = None  # (I,) scale kind codes (``normalize.KINDS``); None: ratio
    span: Array | None = None  # (I,) interval kind: the range a difference is read against
    # (I, C) the column whose random draw a cell shares: figures of one indicator resting on one and the
    # same single source (one dataset, one document) err together, so they are drawn jointly
    joint: npt.NDArray[np.intp] | None = None

    def scores(self, values: Array, method: str) -> Array:
        """``normalize`` with each indicator's own scale."""
        return normalize(values, self.lower, method, self.kind, self.span)


def build_problem(data: list[IndicatorData], countries: list[str], weights: Weights,
                  pillars: list[str]) -> Problem:
    n_i, n_c = len(data), len(countries)
    k = max([1 if f.pooled else len(f.alternatives) or 1 for d in data for f in d.figures.values()] + [1])
    value = np.full((n_i, n_c), np.nan)
    av, al, ah = (np.full((n_i, n_c, k), np.nan) for _ in range(3))
    cum = np.ones((n_i, n_c, k))
    for i, d in enumerate(data):
        for j, c in enumerate(countries):
            f = d.figures.get(c)
            if f is None:
                continue
            value[i, j] = f.value
            alts = [(f.value, f.low, f.high, 1.0, "")] if f.pooled or not f.alternatives else f.alternatives
            w = np.array([a[3] for a in alts], dtype=float)
            w = w / w.sum() if w.sum() > 0 else np.full(len(alts), 1 / len(alts))
            for m in range(k):
                a = alts[min(m, len(alts) - 1)]
                av[i, j, m], al[i, j, m], ah[i, j, m] = a[0], min(a[1], a[0]), max(a[2], a[0])
            cum[i, j, : len(alts)] = np.cumsum(w)
            cum[i, j, len(alts) - 1 :] = 1.0
    joint = np.tile(np.arange(n_c, dtype=np.intp), (n_i, 1))
    for i, d in enumerate(data):
        first: dict[str, int] = {}
        for j, c in enumerate(countries):
            key = _single_source(d.figures.get(c))
            if key is not None:
                joint[i, j] = first.setdefault(key, j)
    member = np.zeros((n_i, len(pillars)))
    for i, d in enumerate(data):
        member[i, pillars.index(d.pillar)] = 1.0
    return Problem(
        [d.id for d in data], list(countries), list(pillars), member, value, av, al, ah, cum,
        np.array([d.better == "lower" for d in data], dtype=bool),
        np.array([weights.indicator(d.id) for d in data], dtype=float),
        np.array([weights.pillar(p) for p in pillars], dtype=float),
        kind_codes([d.kind for d in data]),
        np.array([d.span if d.span and d.span > 0 else 100.0 for d in data], dtype=float),
        joint,
    )


def _single_source(f: Figure | None) -> str | None:
    """The one source (a dataset or a document's claim) a figure rests on, or None when it pools several."""
    if f is None:
        return None
    # A row labelled with its own uncertainty (Epoch's "Speculative" on one model's compute estimate)
    # errs on its own: the key is the row, so two countries' rows of one file are drawn independently.
    own = bool(f.reliability.get("uncertainty"))
    keys = {s if own else s.split("#", 1)[0] for s in [*f.sources, *(a[4] for a in f.alternatives if a[4])]}
    return keys.pop() if len(keys) == 1 and len(f.alternatives) <= 1 else None


def aggregate(scores: Array, member: Array, w_ind: Array, w_pil: Array) -> tuple[Array, Array]:
    """Pillar scores (D, P, C) and composite (D, C): weighted means over what each country has."""
    s = scores if scores.ndim == 3 else scores[None]
    wi = np.broadcast_to(w_ind if w_ind.ndim == 2 else w_ind[None], (s.shape[0], s.shape[1]))
    wp = np.broadcast_to(w_pil if w_pil.ndim == 2 else w_pil[None], (s.shape[0], member.shape[1]))
    have = ~np.isnan(s)
    mem = member.astype(s.dtype)
    num = np.swapaxes(np.where(have, s, 0) * wi[:, :, None], 1, 2) @ mem  # (D, C, P)
    den = np.swapaxes(have * wi[:, :, None], 1, 2) @ mem
    with np.errstate(invalid="ignore", divide="ignore"):
        pillar = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)  # (D, C, P)
        has_p = ~np.isnan(pillar)
        cw = has_p * wp[:, None, :]
        tot = cw.sum(axis=2)
        comp = np.where(tot > 0, (np.where(has_p, pillar, 0.0) * cw).sum(axis=2) / np.where(tot > 0, tot, 1.0), np.nan)
    return np.swapaxes(pillar, 1, 2), comp


def point(p: Problem, method: str) -> tuple[Array, Array, Array]:
    """Indicator scores (I, C), pillar scores (P, C) and composite (C) at the consensus figures."""
    s = p.scores(p.value, method)
    pil, comp = aggregate(s[None], p.member, p.w_ind, p.w_pil)
    return s, pil[0], comp[0]


def _triangular(u: Array, lo: Array, width: Array, frac: Array) -> Array:
    """Inverse CDF of the triangular law on [lo, lo + width] peaked at lo + frac * width (one square root);
    a zero width gives lo."""
    left = u < frac
    r = np.sqrt(np.where(left, u * frac, (1 - u) * (1 - frac)))
    return lo + width * np.where(left, r, 1 - r)


def _dirichlet_weights(rng: np.random.Generator, w: Array, n: int, spread: float) -> Array:
    """Gamma draws with shape spread * w / sum(w): normalised they are Dirichlet around w (zeros stay 0)."""
    if spread <= 0 or not (w > 0).any():
        return np.broadcast_to(w, (n, len(w))).copy()
    shape = np.where(w > 0, spread * w / w[w > 0].sum(), 1.0)
    return np.where(w > 0, rng.gamma(shape, size=(n, len(w))), 0.0)


@dataclass(slots=True)
class Draws:
    values: Array  # (D, I, C) sampled figures
    scores: Array  # (D, I, C)
    pillars: Array  # (D, P, C)
    composite: Array  # (D, C)


Tables = tuple[Array, Array, Array, Array, Array]


def _tables(p: Problem) -> Tables:
    """Per source: lower end, width and peak position as float32 (the draws need no more precision),
    and 1 where the source is drawn on the log scale (a log-kind indicator, a positive, open interval:
    a point figure stays exactly itself)."""
    lo, val, hi = p.alt_low, p.alt_value, p.alt_high
    is_log = np.zeros(lo.shape, dtype=bool)
    if p.kind is not None:
        with np.errstate(invalid="ignore"):
            is_log = (p.kind == KINDS.index("log"))[:, None, None] & (lo > 0) & (hi > lo)
        with np.errstate(invalid="ignore", divide="ignore"):
            lo, val, hi = (np.where(is_log, np.log(np.where(is_log, x, 1.0)), x) for x in (lo, val, hi))
    width = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(width > 0, (val - lo) / np.where(width > 0, width, 1.0), 0.0)
    f32 = np.float32
    return (lo.astype(f32), width.astype(f32), frac.astype(f32), p.alt_cum.astype(f32), is_log.astype(f32))


def _sample_values(rng: np.random.Generator, p: Problem, n: int, tables: Tables | None = None) -> Array:
    lo_t, w_t, f_t, cum, g_t = tables or _tables(p)
    k = lo_t.shape[-1]
    lo, w, f, g = lo_t[..., 0], w_t[..., 0], f_t[..., 0], g_t[..., 0]
    if k > 1:  # pick a source per cell by its weight
        u = rng.random((n, *p.value.shape), dtype=np.float32)
        for m in range(1, k):
            later = u > cum[None, :, :, m - 1]
            lo, w, f, g = (np.where(later, t[..., m], cur) for t, cur in ((lo_t, lo), (w_t, w), (f_t, f), (g_t, g)))
    u = rng.random((n, *p.value.shape), dtype=np.float32)
    if p.joint is not None and (p.joint != np.arange(p.value.shape[1])[None, :]).any():
        u = np.take_along_axis(u, np.broadcast_to(p.joint[None], u.shape), axis=2)  # one source: one draw
    vals = _triangular(u, lo, w, f)
    if g_t.any():
        with np.errstate(over="ignore", invalid="ignore"):
            vals = np.where(g > 0, np.exp(np.where(g > 0, vals, 0)), vals)
    return np.where(np.isnan(p.value)[None], np.float32(np.nan), vals)


# Cells (draws x indicators x countries) sampled per block: half a million float32 arrays (2 MB) stay
# in the CPU cache through the dozen passes a block takes; blocks of 2 million were 14% slower.
CHUNK_CELLS = 500_000


def simulate(p: Problem, method: str, draws: int = 2000, seed: int = 0, weight_spread: float = 50.0,
             chunk: int | None = None, keep_values: bool = False) -> Draws:
    """Monte Carlo over figures, sources and weights; ``weight_spread`` 0 keeps the weights fixed.
    Draws go in blocks of ``chunk`` (default: about CHUNK_CELLS sampled cells a block)."""
    rng = np.random.default_rng(seed)
    n_i, n_c, n_p = len(p.indicators), len(p.countries), len(p.pillars)
    chunk = chunk or max(1, CHUNK_CELLS // max(1, n_i * n_c))
    comp = np.empty((draws, n_c))
    pil = np.empty((draws, n_p, n_c))
    scores = np.empty((draws, n_i, n_c), dtype=np.float32)
    values = np.empty((draws, n_i, n_c), dtype=np.float32) if keep_values else np.empty((0, n_i, n_c))
    tables = _tables(p)
    for start in range(0, draws, chunk):
        n = min(chunk, draws - start)
        v = _sample_values(rng, p, n, tables)
        s = p.scores(v, method)
        wi = _dirichlet_weights(rng, p.w_ind, n, weight_spread).astype(np.float32)
        wp = _dirichlet_weights(rng, p.w_pil, n, weight_spread).astype(np.float32)
        pl, cp = aggregate(s, p.member, wi, wp)
        comp[start : start + n], pil[start : start + n], scores[start : start + n] = cp, pl, s
        if keep_values:
            values[start : start + n] = v
    return Draws(values, scores, pil, comp)
