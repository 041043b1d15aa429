"""Fast, honest sliders: the composite for new pillar weights, recomputed from the cached draws of
the pillar scores instead of a whole new gap (2.5-4 s). A pillar's scores do not depend on the
pillar weights, so only the last step - the weighted mean over the pillars each country has, with
the weights drawn around the chosen ones (Dirichlet, as ``aigap.analyze.simulate``) - runs again:
milliseconds. Pillars without data for any country get weight 0: moving them moves nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aigap.analyze import GapOptions, gap, load_weights, parse_countries
from aigap.analyze.answer import plain
from aigap.analyze.gap import GapResult
from aigap.analyze.simulate import _dirichlet_weights
from aigap.errors import InputError

from .guard import MAX_INT
from .headline import headline
from .i18n import pick_lang, strings
from .service import Answer, Cache, encode, gap_analysis, gap_answer

__all__ = ["Reweighed", "ReweighedGap", "ReweighedScore", "reweigh", "router"]

router = APIRouter()


def _band(a: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """(median, low, high) of the draws that have a value: the 90% interval."""
    a = a[~np.isnan(a)]
    if not a.size:
        return None, None, None
    lo, med, hi = np.percentile(a, [5, 50, 95])
    return round(float(med), 4), round(float(lo), 4), round(float(hi), 4)


@dataclass(frozen=True, slots=True)
class ReweighedScore:
    point: float | None
    median: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class ReweighedGap:
    """First country minus second under the new weights (what the headline says)."""

    between: list[str]
    median: float | None
    low: float | None
    high: float | None
    probability_first_leads: float | None


@dataclass(frozen=True, slots=True)
class Reweighed:
    """The composite under new pillar weights; ``to_json`` is what /api/gap/composite sends."""

    countries: list[str]
    draws: int
    pillar_weights: dict[str, float]
    pillars_without_data: list[str]
    composite: dict[str, ReweighedScore]
    method: str
    composite_gap: ReweighedGap | None
    rank_probability: dict[str, dict[str, float]] | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "countries": self.countries, "draws": self.draws, "weights": {"pillars": self.pillar_weights},
            "pillars_without_data": self.pillars_without_data,
            "composite": {c: plain(v) for c, v in self.composite.items()}, "method": self.method}
        if self.composite_gap is not None:
            out["composite_gap"] = plain(self.composite_gap)
            out["rank_probability"] = self.rank_probability
        return out


def base_result(store: Any, cache: Cache, *, countries: str | None, weights: str, normalize: str, per: str | None,
                draws: int, seed: int) -> GapResult:
    if weights not in ("equal", "gaii"):
        raise InputError(f"weights {weights!r}: the API takes a preset (equal, gaii) and pillar weights")
    cs = parse_countries(countries)

    def compute() -> GapResult:
        return gap(store, GapOptions(countries=cs, weights=load_weights(weights), normalize=normalize, per=per,
                                     draws=draws, seed=seed))

    res: GapResult = cache.get(("gap-result", cs, weights, normalize, per, draws, seed), compute)
    # the same result answers /api/gap (and the page) for these parameters: one computation, not two
    analysis = gap_analysis(countries=countries, weights=weights, normalize=normalize, per=per, draws=draws, seed=seed)
    if cache.peek(analysis.key) is None:
        cache.get(analysis.key, lambda: Answer(data := res.to_json(), encode(data), res.answer()))
    return res


def reweigh(res: GapResult, pillar_weights: dict[str, float]) -> Reweighed:
    """Composite, composite gap and rank probabilities of ``res``'s draws under new pillar weights."""
    p = res.problem
    pil = res.draws.pillars.astype(float)  # (D, P, C)
    has_any = ~np.all(np.isnan(pil), axis=(0, 2))  # (P,) a pillar with data for some country
    w = np.array([pillar_weights.get(pid, float(p.w_pil[k])) for k, pid in enumerate(p.pillars)], dtype=float)
    w = np.where(has_any, w, 0.0)
    n = pil.shape[0]
    rng = np.random.default_rng(res.options.seed + 1)
    wp = _dirichlet_weights(rng, w, n, res.options.weight_spread) if w.any() else np.zeros((n, len(w)))
    have = ~np.isnan(pil)
    cw = have * wp[:, :, None]
    tot = cw.sum(axis=1)  # (D, C)
    with np.errstate(invalid="ignore", divide="ignore"):
        comp = np.where(tot > 0, (np.where(have, pil, 0.0) * cw).sum(axis=1) / np.where(tot > 0, tot, 1.0), np.nan)
        pt = res.point_pillars.astype(float)  # (P, C)
        pw = ~np.isnan(pt) * w[:, None]
        ptot = pw.sum(axis=0)
        point = np.where(ptot > 0, (np.where(np.isnan(pt), 0.0, pt) * pw).sum(axis=0) / np.where(ptot > 0, ptot, 1.0),
                         np.nan)
    cs = res.countries
    gap_, ranks = None, None
    if len(cs) >= 2:
        d = comp[:, 0] - comp[:, 1]
        ok = ~np.isnan(d)
        prob = float((d[ok] > 0).mean()) if ok.any() else None
        gap_ = ReweighedGap(cs[:2], *_band(d), prob)
        ranked = np.argsort(-np.where(np.isnan(comp), -np.inf, comp), axis=1)
        ranks = {c: {str(r + 1): float((ranked[:, r] == j).mean()) for r in range(len(cs))} for j, c in enumerate(cs)}
    return Reweighed(
        cs, n, {pid: float(w[k]) for k, pid in enumerate(p.pillars)},
        [pid for k, pid in enumerate(p.pillars) if not has_any[k]],
        {c: ReweighedScore(None if np.isnan(point[j]) else round(float(point[j]), 4), *_band(comp[:, j]))
         for j, c in enumerate(cs)},
        "reweighted from the cached draws of the pillar scores (weights drawn around the chosen ones)", gap_, ranks)


@router.get("/api/gap/composite", tags=["api"])
def api_composite(request: Request, countries: str = "US,CN", weights: str = "equal", normalize: str = "ratio",
                  per: str | None = None, draws: int = Query(1000, ge=1, le=20000),
                  seed: int = Query(0, ge=0, le=MAX_INT)) -> Response:  # as /api/gap: numpy refuses seed<0
    """The composite for pillar weights w_<pillar>=N, recomputed from the cached draws of
    `/api/gap` with the same other parameters: what the dashboard's sliders call."""
    from .api import _pillar_weights

    store = request.app.state.open_store()
    res = base_result(store, request.app.state.cache, countries=countries, weights=weights, normalize=normalize,
                      per=per, draws=draws, seed=seed)
    rw = reweigh(res, _pillar_weights(request))
    # the headline from the same draws, in the page's language (?lang=, else the cookie), so the
    # sentence above the cards never disagrees with them
    lang = pick_lang(request)
    a = gap_answer(store, request.app.state.cache, countries=countries, weights=weights, normalize=normalize,
                   per=per, draws=draws, seed=seed)
    body = rw.to_json()
    body["headline"] = headline(a, lang, rw.composite_gap, with_source=False).striptags()
    body["headline_note"] = strings(lang)["headline_reweighed"]
    return Response(encode(body), media_type="application/json")
