"""Definitions a figure keeps: the basis of a talent share (where researchers come from or where
they work), a monthly average (never an annual total), the qualifier of a cited reference row, and
the consistency rules that flag figures that cannot all be true."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from aigap.format import figure

if TYPE_CHECKING:
    from aigap.records import Estimate

__all__ = ["BASIS_INDICATORS", "basis_of", "consistency_flags", "is_monthly", "row_qualifier"]

# Talent shares that count researchers either by origin (undergraduate degree) or by workplace.
BASIS_INDICATORS = frozenset({"top_ai_researchers_share", "elite_ai_researchers_share"})

_WORKPLACE = re.compile(r"workplace|work(?:s|ing)? (?:at|in|for)|employ|based in|affiliat|destination|"
                        r"工作|就职|任职|供职|效力", re.I)
_ORIGIN = re.compile(r"origin|undergraduate|born|educated|hail(?:s|ing)? from|come from|"
                     r"来自|出身|本科|培养|籍", re.I)
_MONTHLY = re.compile(r"(?:月均|平均每月|每月平均|每个月|每月|monthly average|a month|per month|each month|monthly)", re.I)


def basis_of(indicator: str, note: str | None, text: str | None = None) -> str | None:
    """origin | workplace | None: the claim's note ("basis: origin") first, else a cue in the text."""
    if indicator not in BASIS_INDICATORS:
        return None
    m = re.search(r"basis\s*:\s*(origin|workplace)", note or "", re.I)
    if m:
        return m.group(1).lower()
    t = text or ""
    work, origin = bool(_WORKPLACE.search(t)), bool(_ORIGIN.search(t))
    if work != origin:
        return "workplace" if work else "origin"
    return None


def is_monthly(note: str | None, quote: str | None, number_text: str | None) -> bool:
    """The figure is a monthly average: the note says so, or a monthly cue stands within a few
    characters before its number in the quote ("月均219亿元", "平均每月的融资金额为42亿元")."""
    if note and "monthly average" in note.lower():
        return True
    if not quote or not number_text:
        return False
    at = quote.find(number_text)
    if at < 0:
        return False
    before = quote[max(0, at - 12):at]
    after = quote[at + len(number_text):at + len(number_text) + 12]
    return bool(_MONTHLY.search(before)) or bool(re.match(r"\s*(?:a month|per month|each month|/month|/月)", after))


def row_qualifier(text: str | None) -> str:
    """A reference row's qualifier text as an interval rule: '"over"' -> over, 'approx.' -> approx."""
    t = (text or "").lower()
    if re.search(r"\bover\b|more than|超过|逾", t):
        return "over"
    if re.search(r"at least|至少", t):
        return "at_least"
    if re.search(r"\bunder\b|less than|不足", t):
        return "under"
    if re.search(r"approx|about|nearly|roughly|约|~", t):
        return "approx"
    return "exact"


def _is_share(e: Estimate) -> bool:
    return e.unit == "percent" and ("share" in e.indicator or e.indicator.endswith("_retention"))


def consistency_flags(ests: Iterable[Estimate]) -> dict[int, list[str]]:
    """Flags per estimate (by ``id``) for what cannot be true: a share above 100, a total below its
    private part. (An annual figure below twelve times its monthly average is flagged in its group.)"""
    out: dict[int, list[str]] = defaultdict(list)
    by_key: dict[tuple[str, str, str | None], Estimate] = {}
    items = list(ests)
    for e in items:
        by_key.setdefault((e.indicator, e.country, e.period), e)
        if _is_share(e) and e.value > 100:
            out[id(e)].append(f"cannot be true: a share of {e.value:g}% is above 100")
    for e in items:
        if e.indicator == "ai_investment_total":
            private = by_key.get(("private_ai_investment", e.country, e.period))
            if private is not None and e.high < private.low:
                out[id(e)].append(f"cannot be true: total AI investment ({figure(e.value, e.unit)}) is below "
                                  f"private AI investment alone ({figure(private.value, private.unit)})")
    return out
