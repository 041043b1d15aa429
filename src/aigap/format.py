"""How a figure is written for a reader in a table (CLI and web): short, with bn and M; and how a
cell is written into a CSV a spreadsheet may open (no formula injection)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["csv_cell", "short_number"]

# What a spreadsheet takes as the start of a formula (OWASP "CSV injection"); tab and CR too, as
# some programs strip them and then read what follows.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def short_number(v: Any) -> str:
    """1.2345e9 -> '1.234 bn', 2500000 -> '2.5 M', 12345 -> '12,345'; None -> ''; text as it is."""
    if v is None:
        return ""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return str(v)
    a = abs(x)
    if a >= 1e15:
        return f"{x:.3g}"
    if a >= 1e9:
        return f"{x / 1e9:,.4g} bn"
    if a >= 1e6:
        return f"{x / 1e6:,.4g} M"
    return f"{x:,.0f}" if a >= 1000 else f"{x:,.4g}"


def csv_cell(v: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: text starting with =, +, -, @, tab or CR gets
    a leading single quote. Numbers (and text that is only a number, like "-12.5") stay as they are."""
    if not isinstance(v, str) or not v.startswith(_FORMULA_START) or _NUMBER.fullmatch(v):
        return v
    return "'" + v
