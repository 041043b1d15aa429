"""How a figure is written for a reader in a table (CLI and web): short, with bn and M."""

from __future__ import annotations

from typing import Any

__all__ = ["short_number"]


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
