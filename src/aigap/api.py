"""The notebook API, mirroring the CLI with the same configuration::

    import aigap
    obs = aigap.open()                       # AIGAP_HOME / AIGAP_DATABASE_URL, or aigap.open("sqlite:///x.db")
    obs.claims(indicator="ai_researchers", country="CN")   # pandas DataFrames with provenance columns
    obs.conflicts()
    obs.observations()
    obs.gap(countries=("US", "CN"), weights="equal", draws=2000)  # the same JSON as `aigap gap -f json`
    obs.trend("notable_ml_models"); obs.lag("eci")
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from aigap.config import load_settings
from aigap.reconcile import conflicts, evidence, reconcile
from aigap.store import Store

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

    def gap(self, countries: tuple[str, ...] = ("US", "CN"), *, weights: str = "equal", normalize: str = "ratio",
            per: str | None = None, draws: int = 2000, seed: int = 0) -> dict[str, Any]:
        """Scores per indicator and pillar, the composite with 90% intervals, coverage and sensitivity."""
        from aigap.analyze import GapOptions, gap, load_weights

        opts = GapOptions(countries=countries, weights=load_weights(weights), normalize=normalize, per=per,
                          draws=draws, seed=seed)
        return gap(self.store, opts).to_json()

    def trend(self, indicator: str, countries: tuple[str, ...] = ("US", "CN")) -> dict[str, Any]:
        from aigap.analyze import trend

        return trend(self.store, indicator, countries).to_json()

    def lag(self, benchmark: str | None = None, countries: tuple[str, str] = ("US", "CN")) -> pd.DataFrame:
        """One row per benchmark: current, mean, min and max lag in months and the score gap."""
        from aigap.analyze import frontier_lag

        rows = [{k: v for k, v in b.to_json().items() if k != "series"}
                for b in frontier_lag(self.store, benchmark, countries)]
        return pd.DataFrame(rows)

    def close(self) -> None:
        self.store.close()


def open_observatory(db: str | None = None) -> Observatory:
    """Open the configured database (created or migrated on first use)."""
    return Observatory(Store.open(load_settings(db).database_url))
