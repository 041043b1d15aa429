"""The notebook API, mirroring the CLI with the same configuration::

    import aigap
    obs = aigap.open()                       # AIGAP_HOME / AIGAP_DATABASE_URL, or aigap.open("sqlite:///x.db")
    obs.claims(indicator="ai_researchers", country="CN")   # pandas DataFrames with provenance columns
    obs.conflicts()
    obs.observations()
    obs.gap(countries=("US", "CN"))          # tidy: one row per country x indicator
    obs.gap(as_dict=True)                    # the full answer, the JSON of `aigap gap -f json`
    obs.gap_answer()                         # the typed answer (aigap.analyze.answer.GapAnswer)
    obs.trend("notable_ml_models")           # tidy: one row per period x country (as_dict=True: the answer)
    obs.lag("eci")                           # tidy: one row per benchmark x date (summary=True: per benchmark)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from aigap.config import load_settings
from aigap.reconcile import conflicts, evidence, reconcile
from aigap.store import Store

if TYPE_CHECKING:
    from aigap.analyze.answer import GapAnswer

__all__ = ["Observatory", "open_observatory"]


class Observatory:
    """aigap's evidence as DataFrames."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def claims(self, indicator: str | None = None, country: str | None = None) -> pd.DataFrame:
        """Every figure (claims and reference data) with its source; a story counts once."""
        items = [e for g in reconcile(evidence(self.store, indicator=indicator, country=country)) for e in g.items]
        return pd.DataFrame([e.to_json() for e in items])

    def conflicts(self, indicator: str | None = None, country: str | None = None) -> pd.DataFrame:
        rows: list[dict[str, Any]] = []
        for c in conflicts(self.store, indicator=indicator, country=country):
            rows.append({"indicator": c.indicator, "country": c.country, "period": c.period,
                         "value_a": c.a.value, "source_a": c.a.source, "quote_a": c.a.quote,
                         "value_b": c.b.value, "source_b": c.b.source, "quote_b": c.b.quote,
                         "consensus": c.consensus.value, "low": c.consensus.low, "high": c.consensus.high})
        # The columns stand even when nothing conflicts (revisions and outweighed figures are not conflicts).
        return pd.DataFrame(rows, columns=["indicator", "country", "period", "value_a", "source_a", "quote_a",
                                           "value_b", "source_b", "quote_b", "consensus", "low", "high"])

    def observations(self, indicator: str | None = None, country: str | None = None) -> pd.DataFrame:
        """Reference-dataset observations with dataset id and row locator."""
        return pd.DataFrame(self.store.observations(indicator=indicator, country=country))

    def gap_answer(self, countries: tuple[str, ...] = ("US", "CN"), *, weights: str = "equal",
                   normalize: str = "ratio", per: str | None = None, draws: int = 2000, seed: int = 0) -> GapAnswer:
        """The typed gap answer (what the CLI, report and web read)."""
        from aigap.analyze import GapOptions, gap, load_weights, parse_countries

        cs = parse_countries(",".join(countries))
        opts = GapOptions(countries=cs, weights=load_weights(weights), normalize=normalize, per=per,
                          draws=draws, seed=seed)
        return gap(self.store, opts).answer()

    def gap(self, countries: tuple[str, ...] = ("US", "CN"), *, weights: str = "equal", normalize: str = "ratio",
            per: str | None = None, draws: int = 2000, seed: int = 0, as_dict: bool = False,
            ) -> pd.DataFrame | dict[str, Any]:
        """One row per country x indicator: figure, interval, score with its 90% interval, pillar, kind
        of scale, as-of date, sources. ``as_dict``: the full answer (composite, pillars, robustness,
        anchors, notes) as the JSON of `aigap gap --format json`."""
        a = self.gap_answer(countries, weights=weights, normalize=normalize, per=per, draws=draws, seed=seed)
        if as_dict:
            return a.to_json()
        rows = []
        for ind in a.indicators:
            for c, f in ind.values.items():
                s = ind.scores.get(c)
                rows.append({"country": c, "country_name": a.names.get(c, c), "indicator": ind.id,
                             "pillar": ind.pillar, "name": ind.name, "unit": ind.unit, "kind": ind.kind,
                             "period": f.period, "as_of": f.period, "value": f.value, "low": f.low, "high": f.high,
                             "score": s.point if s else None, "score_median": s.median if s else None,
                             "score_low": s.low if s else None, "score_high": s.high if s else None, "leader": ind.leader, "weight": ind.weight,
                             "n_sources": f.n_sources or len(f.sources), "sources": list(f.sources)})
        return pd.DataFrame(rows, columns=["country", "country_name", "indicator", "pillar", "name", "unit", "kind",
                                           "period", "as_of", "value", "low", "high", "score", "score_median",
                                           "score_low", "score_high", "leader", "weight", "n_sources", "sources"])

    def trend(self, indicator: str, countries: tuple[str, ...] = ("US", "CN"), *, since: int | None = None,
              as_dict: bool = False) -> pd.DataFrame | dict[str, Any]:
        """One row per period x country (value, sources); the fitted trend per pair is in ``as_dict``."""
        from aigap.analyze import trend

        t = trend(self.store, indicator, countries, since=since)
        if as_dict:
            return t.to_json()
        rows = [{"indicator": t.indicator, "period": s.period, "country": c, "value": v.value,
                 "sources": v.sources} for s in t.series for c, v in s.values.items()]
        return pd.DataFrame(rows, columns=["indicator", "period", "country", "value", "sources"])

    def lag(self, benchmark: str | None = None, countries: tuple[str, str] = ("US", "CN"), *,
            summary: bool = False) -> pd.DataFrame:
        """One row per benchmark x date of its series (month starts): both frontiers, their models, the lag in months and the score gap.
        ``summary``: one row per benchmark (current, mean, min and max lag, trend)."""
        from aigap.analyze import frontier_lag

        found = frontier_lag(self.store, benchmark, countries)
        if summary:
            return pd.DataFrame([{k: v for k, v in b.to_json().items() if k != "series"} for b in found])
        rows = [{"benchmark": b.benchmark, **p.to_json()} for b in found for p in b.series]
        return pd.DataFrame(rows, columns=["benchmark", "date", "lead_best", "follow_best", "lead_model",
                                           "follow_model", "lag_months", "score_gap"])

    def close(self) -> None:
        self.store.close()


def open_observatory(db: str | None = None) -> Observatory:
    """Open the configured database (created or migrated on first use)."""
    return Observatory(Store.open(load_settings(db).database_url))
