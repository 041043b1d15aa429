"""Currency conversion to US dollars at the annual average rate of a figure's period
(``data/fx_usd_annual.csv``, US Federal Reserve G.5A). A conversion the text gives itself wins."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["CURRENCIES", "Converted", "rates", "to_usd"]

CURRENCIES = ("USD", "CNY", "HKD", "EUR", "JPY", "GBP")


@dataclass(frozen=True, slots=True)
class Converted:
    value: float
    rate: float  # units of the currency per USD
    year: int
    note: str


@cache
def rates() -> dict[str, dict[int, float]]:
    path = Path(str(resources.files("aigap").joinpath("data/fx_usd_annual.csv")))
    out: dict[str, dict[int, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["currency"], {})[int(row["year"])] = float(row["per_usd"])
    return out


def _year(period: str | None) -> int | None:
    if not period:
        return None
    digits = period[2:6] if period.startswith("FY") else period[:4]
    return int(digits) if digits.isdigit() else None


def to_usd(value: float, currency: str, period: str | None) -> Converted | None:
    """``value`` in ``currency`` as US dollars, or None for a currency the table lacks."""
    if currency == "USD":
        return Converted(value, 1.0, _year(period) or 0, "already USD")
    table = rates().get(currency)
    if not table:
        return None
    year = _year(period)
    note = "annual average rate"
    if year is None:
        year = max(table)
        note = "no period: latest annual rate"
    elif year not in table:
        nearest = max(table) if year > max(table) else min(table)
        note = f"no {year} rate: {nearest} annual rate used"
        year = nearest
    rate = table[year]
    return Converted(value / rate, rate, year, f"{currency}->USD at {rate} ({year}, {note})")
