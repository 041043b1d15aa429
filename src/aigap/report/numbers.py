"""Numbers as a briefing writes them, in English and Chinese.

English groups thousands and names large amounts (``$109.1 billion``); Chinese counts in 万 and 亿
(``1091亿美元``). Negative numbers use the minus sign (U+2212) and ranges the en dash, so that a
hyphen only ever joins years (``2017-2023``) and a reader, or a test, can tell them apart.
"""

from __future__ import annotations

from aigap.format import power_of_ten

__all__ = [
    "COUNT_UNITS",
    "MINUS",
    "fmt_band",
    "fmt_months",
    "fmt_num",
    "fmt_ratio",
    "fmt_score",
    "fmt_value",
    "unit_kind",
]

MINUS = "\u2212"
DASH = "\u2013"
COUNT_UNITS = {"papers", "people", "count", "models", "companies"}


def unit_kind(unit: str) -> str:
    """What kind of quantity a unit measures: count, money, share, compute, rank or score."""
    if unit in COUNT_UNITS:
        return "count"
    if unit == "USD":
        return "money"
    if unit == "percent":
        return "share"
    if unit in ("FLOPS", "FLOP"):
        return "compute"
    if unit == "rank":
        return "rank"
    return "score"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_num(v: float, decimals: int = 0, *, group: bool = True) -> str:
    """A plain number: thousands grouped, trailing zeros dropped, a true minus sign."""
    text = _trim(f"{abs(v):,.{decimals}f}" if group else f"{abs(v):.{decimals}f}")
    return (MINUS if v < 0 and text.strip("0.,") else "") + text


def _en_large(v: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{fmt_num(v / size, 1 if abs(v) / size < 100 else 0)} {word}"
    return fmt_num(v)


def _zh_large(v: float) -> str:
    for size, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(v) >= size:
            q = v / size
            return f"{fmt_num(q, 2 if abs(q) < 10 else 1 if abs(q) < 1000 else 0, group=False)}{word}"
    return fmt_num(v, group=False)


def fmt_value(v: float, unit: str, lang: str) -> str:
    """A figure in its unit, as a sentence or a table cell shows it."""
    kind = unit_kind(unit)
    if kind == "money":
        if lang == "zh":
            return f"{_zh_large(v)}美元"
        return f"${_en_large(v)}" if abs(v) >= 1e6 else f"${fmt_num(v)}"
    if kind == "share" or unit.startswith("percent"):
        return f"{fmt_num(v, 1)}%"
    if kind == "compute":
        return f"{power_of_ten(v, 1, MINUS)} {'FLOP/s' if unit == 'FLOPS' else 'FLOP'}"
    if kind == "count":
        if lang == "zh":
            return _zh_large(v) if abs(v) >= 1e4 else fmt_num(v, group=False)
        return _en_large(v) if abs(v) >= 1e6 else fmt_num(v)
    if kind == "rank":
        return fmt_num(v)
    return fmt_num(v, 0 if abs(v) >= 1000 else 1)


def fmt_score(v: float | None) -> str:
    """A 0-100 score: whole points are as precise as the intervals allow."""
    return "–" if v is None else fmt_num(v)


def fmt_band(median: float | None, low: float | None, high: float | None) -> str:
    if median is None or low is None or high is None:
        return "–"
    return f"{fmt_score(median)} [{fmt_score(low)}{DASH}{fmt_score(high)}]"


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "–"
    return f"{fmt_num(r, 2 if r < 10 else 1)}×"


def fmt_months(m: float | None) -> str:
    return "–" if m is None else fmt_num(m, 1)
