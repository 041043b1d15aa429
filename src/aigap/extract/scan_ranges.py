"""Ranges written as two quantities: "$52 billion to $56 billion", "between 1% and 2%", "2% to 3%",
"one or two years", "six to 12 months", 19.23万元～24.03万元, 1～3成.

The number passes read each end on its own (the second end repeats the unit or the scale, or the
first end is a bare number the unit of the second one covers). A range is one claim (annotation.md:
qualifier range, value the low end, value_high the high end), so the two ends are joined here, after
the overlaps are resolved: one pass over the quantities in text order, linear in their number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from aigap.records import Quantity

from .scan_zh import read_number

__all__ = ["join_ranges"]

_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
          r"sixty|seventy|eighty|ninety|hundred")
_NUM = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{_WORDS})(?:-(?:{_WORDS}))?|[一二两三四五六七八九十]+"


@cache
def _rx() -> dict[str, re.Pattern[str]]:
    return {
        # what may stand between the two ends: a dash, a tilde, to, or, 至/到 ("and" only after "between")
        "gap": re.compile(r"\s?(?:-|~|to|or|至|到)\s?|\s(?P<and>and)\s", re.I),
        "between": re.compile(r"\bbetween\s+$", re.I),
        # "from 95% to 0%", "from under 10,000 to 52,000", 从95%到0%: a change between two figures, two claims
        "from": re.compile(r"(?:\bfrom|从|由)\s*$", re.I),
        # a bare first end right before the second one: "six to 12 months", "2.5 to 3 US dollars", 1～3成
        "bare": re.compile(rf"(?<![A-Za-z0-9_.,:/$-])(?P<n1>{_NUM})(?P<gap>\s?(?:-|~|to|or|至|到)\s?)$", re.I),
        "num": re.compile(rf"{_NUM}", re.I),
        "year": re.compile(r"(?:19|20)\d\d"),
    }


_CJK = re.compile(r"[一二两三四五六七八九十]")


def _factor(norm: str, q: Quantity) -> float | None:
    """What the second end's own number was multiplied by (its scale word and unit: 3成 → 10,
    $56 billion → 1e9), so a bare first end takes the same scale."""
    m = _rx()["num"].search(norm, q.start, q.end)
    if m is None:
        return None
    n = read_number(m.group(0))
    if not n or q.value == 0:
        return None
    return abs(q.value) / n


def _join(q1: Quantity | None, low: float, q2: Quantity, start: int) -> Quantity | None:
    high = abs(q2.value)
    low_abs = abs(low)
    if not low_abs < high:
        return None  # a range is written low to high; 95% to 0% is a fall, two figures
    aspect = q1.aspect if q1 is not None and q1.aspect == "change" else q2.aspect
    if low < 0:  # "down 5% to 10%": the fall spans -10..-5 (a change is signed)
        lo, hi = -high, -low_abs
    else:
        lo, hi = low_abs, high
    return Quantity(start, q2.end, "", lo, hi, "range", q2.unit, aspect, q2.kind)


def join_ranges(norm: str, text: str, quantities: Sequence[Quantity]) -> list[Quantity]:
    """The quantities with each two-part range made one; ``quantities`` in text order."""
    rx = _rx()
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        joined: Quantity | None = None
        # (the second end may carry a hedge on the whole range: 1~3成左右 is still the range)
        if q.value_high is None and q.qualifier in ("exact", "approx") and q.kind not in ("rank", "multiple"):
            if prev is not None and prev.value_high is None and prev.unit == q.unit and prev.kind == q.kind \
                    and q.start - prev.end <= 5 and not rx["from"].search(norm, max(0, prev.start - 6), prev.start):
                gap = rx["gap"].fullmatch(norm, prev.end, q.start)
                if gap and (not gap.group("and") or rx["between"].search(norm, max(0, prev.start - 9), prev.start)):
                    joined = _join(prev, prev.value, q, prev.start)
                    if joined is not None:
                        out.pop()
            if joined is None:
                lo = max(prev.end if prev is not None else 0, q.start - 16)
                bare = rx["bare"].search(norm, lo, q.start)
                if bare and not rx["year"].fullmatch(bare.group("n1")) \
                        and not rx["from"].search(norm, max(0, bare.start() - 6), bare.start()):
                    n1, factor = read_number(bare.group("n1")), _factor(norm, q)
                    # a Chinese numeral is a range end only before another (一到两年): a numeral character
                    # ending a word before 到 (统一到20%) is no range end
                    own = rx["num"].search(norm, q.start, q.end)
                    same = not _CJK.match(bare.group("n1")) or (own is not None and _CJK.match(own.group(0)) is not None)
                    if n1 is not None and factor is not None and same:
                        joined = _join(None, n1 * factor, q, bare.start())
        if joined is not None:
            joined.number_text = text[joined.start : joined.end]
            out.append(joined)
        else:
            out.append(q)
    return out
