"""How a figure is written for a reader in a table (CLI and web): short, with bn and M; and how a
cell is written into a CSV a spreadsheet may open (no formula injection)."""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["csv_cell", "figure", "period_span", "plain_number", "power_of_ten", "short_number"]

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


# -- figures as the text stated them (the web pages) ---------------------------------------------------

_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_EN_BOUND = {"over": "> ", "under": "< ", "at_least": "≥ ", "at_most": "≤ ", "approx": "≈ "}
_ZH_BOUND = {"over": "超过", "under": "不到", "at_least": "至少", "at_most": "至多", "approx": "约"}
DASH = "\u2013"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sig(x: float) -> str:
    """Up to four significant digits, grouped, trailing zeros dropped: 109.1, 1,263, 0.35."""
    a = abs(x)
    decimals = 0 if a >= 1000 else 1 if a >= 100 else 2 if a >= 1 else 3
    text = _trim(f"{a:,.{decimals}f}")
    return ("\u2212" if x < 0 and text.strip("0.,") else "") + text


def power_of_ten(x: float, decimals: int = 2, minus: str = "-") -> str:
    """x as m × 10ⁿ (5 × 10²⁶), never e-notation: the mantissa to ``decimals`` places, trailing zeros
    dropped; ``minus`` is the sign a negative number gets (the report writes U+2212)."""
    if x == 0:
        return "0"
    exp = math.floor(math.log10(abs(x)))
    mant = abs(x) / 10**exp
    if round(mant, decimals) >= 10:
        mant, exp = mant / 10, exp + 1
    text = _trim(f"{mant:.{decimals}f}")
    return f"{minus if x < 0 else ''}{text} × 10{str(exp).translate(_SUP)}"


def plain_number(x: float, lang: str = "en") -> str:
    """A bare amount in the page's conventions: 1.263 bn / 12.63亿, 2.5 M / 250万, 5 × 10²⁶."""
    a = abs(x)
    if a >= 1e15:
        return power_of_ten(x)
    steps = (((1e12, "万亿"), (1e8, "亿"), (1e4, "万")) if lang == "zh" else
             ((1e12, " tn"), (1e9, " bn"), (1e6, " M")))
    for size, word in steps:
        if a >= size * (1 - 1e-9):  # 999.9999999 bn, a converted trillion, is 1 tn
            text = f"{_sig(x / size)}{word}"
            return text.replace(",", "") if lang == "zh" else text
    return _sig(x).replace(",", "") if lang == "zh" else _sig(x)  # 中文 groups by 万, not by thousands


def _with_unit(text: str, unit: str | None, lang: str, *, first: bool = True) -> str:
    if unit == "USD":
        return (f"{text}美元" if first else text) if lang == "zh" else (f"${text}" if first else text)
    if unit in ("percent",) or (unit or "").startswith("percent"):
        return f"{text}%"
    if unit in ("FLOP", "FLOPS"):
        return f"{text} {'FLOP/s' if unit == 'FLOPS' else 'FLOP'}"
    return text


def figure(value: Any, unit: str | None = None, lang: str = "en", qualifier: str | None = None,
           high: Any = None) -> str:
    """A figure as its source stated it: "$100 bn–1 tn" for a range or a vague amount ("several
    hundred billion": up to ten times the stated order), "> $50 bn" for a bound, "≈ $40 bn" for an
    approximation; in Chinese "1000亿–1万亿美元", "超过500亿美元", "约400亿美元". Never e-notation."""
    if value is None:
        return ""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    hi: float | None = None
    if qualifier in ("range", "vague"):
        hi = float(high) if isinstance(high, int | float) else (x * 10 if qualifier == "vague" and x > 0 else None)
    if hi is not None and hi != x:
        low_text, high_text = plain_number(x, lang), plain_number(hi, lang)
        if lang == "zh":  # the unit after the range: 1000亿–1万亿美元
            return _with_unit(f"{low_text}{DASH}{high_text}", unit, lang)
        if unit == "USD":
            return f"${low_text}{DASH}{high_text}"
        return _with_unit(f"{low_text}{DASH}{high_text}", unit, lang)
    text = _with_unit(plain_number(x, lang), unit, lang)
    bound = (_ZH_BOUND if lang == "zh" else _EN_BOUND).get(qualifier or "")
    return f"{bound}{text}" if bound else text


def period_span(period: Any) -> str:
    """A period as a span: "2017/2023" (the spec's ISO interval) or "2017-2023" -> "2017–2023" (the en
    dash of a range); others as they are."""
    if not period:
        return ""
    p = str(period)
    if len(p) == 9 and p[4] in "-/" and p[:4].isdigit() and p[5:].isdigit():
        return f"{p[:4]}{DASH}{p[5:]}"
    return p
