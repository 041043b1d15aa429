"""Fast, honest sliders: the composite for new pillar weights, recomputed from the cached draws of
the pillar scores instead of a whole new gap (2.5-4 s). A pillar's scores do not depend on the
pillar weights, so only the last step - the weighted mean over the pillars each country has, with
the weights drawn around the chosen ones (Dirichlet, as ``aigap.analyze.simulate``) - runs again:
milliseconds. Pillars without data for any country get weight 0: moving them moves nothing."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aigap.analyze import GapOptions, gap, load_weights, parse_countries
from aigap.analyze.gap import GapResult
from aigap.analyze.simulate import _dirichlet_weights
from aigap.errors import InputError

from .headline import headline
from .i18n import pick_lang, strings
from .service import Answer, Cache, encode, gap_analysis, gap_json

__all__ = ["reweigh", "reweighed_gap", "router"]

router = APIRouter()


def _band(a: np.ndarray) -> dict[str, float | None]:
    a = a[~np.isnan(a)]
    if not a.size:
        return {"median": None, "low": None, "high": None}
    lo, med, hi = np.percentile(a, [5, 50, 95])
    return {"median": round(float(med), 4), "low": round(float(lo), 4), "high": round(float(hi), 4)}


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
        cache.get(analysis.key, lambda: Answer(data := res.to_json(), encode(data)))
    return res


def reweigh(res: GapResult, pillar_weights: dict[str, float]) -> dict[str, Any]:
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
    out: dict[str, Any] = {
        "countries": cs, "draws": n,
        "weights": {"pillars": {pid: float(w[k]) for k, pid in enumerate(p.pillars)}},
        "pillars_without_data": [pid for k, pid in enumerate(p.pillars) if not has_any[k]],
        "composite": {c: {"point": None if np.isnan(point[j]) else round(float(point[j]), 4), **_band(comp[:, j])}
                      for j, c in enumerate(cs)},
        "method": "reweighted from the cached draws of the pillar scores (weights drawn around the chosen ones)",
    }
    if len(cs) >= 2:
        d = comp[:, 0] - comp[:, 1]
        ok = ~np.isnan(d)
        prob = float((d[ok] > 0).mean()) if ok.any() else None
        out["composite_gap"] = {"between": cs[:2], **_band(d), "probability_first_leads": prob}
        ranked = np.argsort(-np.where(np.isnan(comp), -np.inf, comp), axis=1)
        out["rank_probability"] = {c: {str(r + 1): float((ranked[:, r] == j).mean()) for r in range(len(cs))}
                                   for j, c in enumerate(cs)}
    return out


def reweighed_gap(g: dict[str, Any], rw: dict[str, Any]) -> dict[str, Any]:
    """The gap answer ``g`` with the composite parts the sliders recomputed (``reweigh``): what the
    page and its headline show for those weights."""
    out = {**g, "composite": {c: {**g["composite"].get(c, {}), **v} for c, v in rw["composite"].items()},
           "weights": {**g["weights"], "pillars": rw["weights"]["pillars"]}}
    for k in ("composite_gap", "rank_probability"):
        if k in rw:
            out[k] = rw[k]
    return out


@router.get("/api/gap/composite", tags=["api"])
def api_composite(request: Request, countries: str = "US,CN", weights: str = "equal", normalize: str = "ratio",
                  per: str | None = None, draws: int = Query(1000, ge=1, le=20000), seed: int = 0) -> Response:
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
    g = gap_json(store, request.app.state.cache, countries=countries, weights=weights, normalize=normalize, per=per,
                 draws=draws, seed=seed)
    rw["headline"] = headline(reweighed_gap(g, rw), lang, with_source=False).striptags()
    rw["headline_note"] = strings(lang)["headline_reweighed"]
    return Response(encode(rw), media_type="application/json")
