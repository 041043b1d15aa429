"""English words that place a subject or round a figure, read where no number is written:

- places: "ranks fifth", "second to Zhipu", "the top-ranked app", "the number one model", "at the top
  of the leaderboard", "is on top", "in the top 10", "global top 5" (annotation.md: ordinals that
  place a subject are claims; a list bound that places one is a rank, at most N);
- the middle of a decade: "mid-30% growth", "mid-70s gross margins" (about 35, about 75 percent);
- a couple of a magnitude: "a couple of hundred people", "a couple of hundred billions" (about 2 of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from aigap.records import Quantity

from .rx import fast, finditer
from .scan_en import en_count_unit, en_unit_from_noun

__all__ = ["en_rank_words"]

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10}
_SMALL = {"three": 3, "five": 5, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100}
_ORDS = "|".join(_ORD)
# the ranking nouns after "at the top of": a board or list that ranks (not "the top of the page")
_BOARD = r"(?:leaderboards?|rankings?|charts?|lists?|benchmarks?|app ?stores?|table)"
_RANKS = fast(
    rf"\b(?:ranks|ranked|ranking|placed|places|finished|came|comes)\s+(?:in\s+)?(?P<ord>{_ORDS})\b"
    rf"|(?<![\w-])(?P<ord2>second|third)(?=\s+(?:only\s+)?to\b(?!\s+none))"
    r"|(?<![\w-])(?P<one>top-ranked|number one)\b"
    rf"|(?<![\w-])(?P<attop>at the top)(?= of (?:[\w'-]+ ){{0,4}}?{_BOARD}\b)"
    r"|\b(?:is|are|was|were)\s+(?P<ontop>on top)\b(?! of)"
    r"|\b(?:jumped|climbed|shot|rose)(?:\s+right)?\s+(?P<totop>to the top)\b(?! of)"
    rf"|(?<![\w-])(?P<top>top[ -](?P<n>\d{{1,3}}|{'|'.join(_SMALL)}))\b(?!%|\s?percent|-)"
    r"(?=\s*(?:[.,;:!?)]|$|(?:of|on|in|globally|worldwide|for|by|and|list|ranking|spots?|places?)\b))"
    r"|(?<![\w-])(?P<mid>mid-(?P<dec>[1-9]0)(?:%|s(?=\s+(?:\w+\s+)?(?:margins?|growth|percent|range)\b)))", re.I)
_GROUPS = ("ord", "ord2", "one", "attop", "ontop", "totop", "top", "mid")
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_COUPLE = fast(r"(?<![\w-])(?P<couple>a couple (?:of )?(?P<sc>hundred|thousand|million|billion|trillion)s?"
               r"(?:\s(?P<sc2>thousand|million|billion|trillion)s?)?)\b", re.I)
# "in the top 10", "global top 5": the bound places the subject only after a frame that ranks
_TOP_FRAME = re.compile(r"(?:\b(?:in|into|within|among|of|the|global|world|worldwide|world's)\s+)$", re.I)


_CUR = {"dollars": "USD", "us dollars": "USD", "yuan": "CNY", "euros": "EUR", "yen": "JPY"}
_CUR_AFTER = re.compile(r"\s+(dollars|us dollars|yuan|euros|yen)\b", re.I)


def en_rank_words(norm: str) -> Iterator[Quantity]:
    for m in finditer(_RANKS, norm):
        g = next(k for k in _GROUPS if m.group(k))
        s, e = m.span(g)
        if m.group("ord") or m.group("ord2"):
            yield Quantity(s, e, "", float(_ORD[(m.group("ord") or m.group("ord2")).lower()]), None, "exact", "rank",
                           "level", "rank")
        elif m.group("top"):
            if not _TOP_FRAME.search(norm, max(0, s - 12), s):
                continue  # "top 10 companies ..." (a bound that frames another figure) is no claim
            n = m.group("n").lower()
            value = float(_SMALL[n]) if n in _SMALL else float(n)
            yield Quantity(s, e, "", value, None, "at_most", "rank", "level", "rank")
        elif m.group("mid"):
            yield Quantity(s, e, "", float(m.group("dec")) + 5, None, "approx", "percent", "level", "percent")
        else:
            yield Quantity(s, e, "", 1.0, None, "exact", "rank", "level", "rank")
    for m in finditer(_COUPLE, norm):
        value = 2 * _SCALE[m.group("sc").lower()] * _SCALE.get((m.group("sc2") or "").lower(), 1.0)
        cur = _CUR_AFTER.match(norm, m.end())
        big = (m.group("sc2") or m.group("sc")).lower() in ("billion", "trillion")
        # (a bare "billions" is money, as the vague amounts read it: "misspending a couple of hundred billions")
        unit = (_CUR[cur.group(1).lower()] if cur else en_unit_from_noun(norm, m.end())
                or ("USD" if big else en_count_unit(norm, m.start(), m.end())))
        yield Quantity(m.start(), m.end(), "", value, None, "approx", unit, "level", "vague")
