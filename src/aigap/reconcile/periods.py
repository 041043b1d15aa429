"""Periods as the comparison reads them: a fiscal year is its year (labelled FY), a cumulative span
("2017/2023", "2017-2023") is its own period, compared only with the same span, never filed under
its first year."""

from __future__ import annotations

import re

__all__ = ["is_span", "normalise_period", "period_key", "period_year"]

_FY = re.compile(r"^\s*FY\s*'?(\d{4}|\d{2})\s*$", re.I)
_SPAN = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:/|-|–|—|to)\s*((?:19|20)\d\d)\s*$")


def normalise_period(period: str | None) -> tuple[str | None, str | None]:
    """(period for comparisons, label when it differs): "FY2024" -> ("2024", "FY2024"),
    "2017-2023" -> ("2017/2023", None)."""
    if not period:
        return period, None
    m = _FY.match(period)
    if m:
        y = m.group(1)
        year = y if len(y) == 4 else f"20{y}"
        return year, f"FY{year}"
    m = _SPAN.match(period)
    if m and m.group(1) < m.group(2):
        return f"{m.group(1)}/{m.group(2)}", None
    return period, None


def is_span(period: str | None) -> bool:
    return bool(period and _SPAN.match(period))


def period_key(period: str | None) -> str | None:
    """The period a figure is compared under: the year, or the whole span."""
    if not period:
        return None
    p, _label = normalise_period(period)
    assert p is not None
    return p if is_span(p) else p[:4]


def period_year(period: str | None) -> int | None:
    """The year a figure stands for (a span's last year: a cumulative count as of then)."""
    key = period_key(period)
    if not key:
        return None
    y = key[-4:] if is_span(key) else key[:4]
    return int(y) if y.isdigit() else None
