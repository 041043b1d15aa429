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
# one pass keyed on the words themselves (an ordinal, "top", "number one", "mid-"), the frame around
# them read after: a verb before an ordinal, "at the"/"on"/"to the" before top, N after it
_KEY = fast(rf"(?<![\w-])(?:(?P<ord>{_ORDS})\b|(?P<top>top)\b|(?P<one>number one)\b|(?P<mid>mid-(?P<dec>[1-9]0)(?:%|s\b)))",
            re.I)
_RANK_VERB = re.compile(r"\b(?:ranks|ranked|ranking|placed|places|finished|came|comes)\s+(?:in\s+)?$", re.I)
_SECOND_TO = re.compile(r"\s+(?:only\s+)?to\b(?!\s+none)", re.I)
_AT_THE = re.compile(r"\bat the $", re.I)
_OF_BOARD = re.compile(rf" of (?:[\w'-]+ ){{0,4}}?{_BOARD}\b", re.I)
_ON = re.compile(r"\b(?:is|are|was|were)\s+on $", re.I)
_TO_THE = re.compile(r"\b(?:jumped|climbed|shot|rose)(?:\s+right)?\s+to the $", re.I)
_TOP_N = re.compile(rf"[ -](?P<n>\d{{1,3}}|{'|'.join(_SMALL)})\b(?!%|\s?percent|-)"
                    r"(?=\s*(?:[.,;:!?)]|$|(?:of|on|in|globally|worldwide|for|by|and|list|ranking|spots?|places?)\b))",
                    re.I)
_MARGIN = re.compile(r"\s+(?:\w+\s+)?(?:margins?|growth|percent|range)\b", re.I)
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_COUPLE = fast(r"(?<![\w-])(?P<couple>a couple (?:of )?(?P<sc>hundred|thousand|million|billion|trillion)s?"
               r"(?:\s(?P<sc2>thousand|million|billion|trillion)s?)?)\b", re.I)
# "in the top 10", "global top 5": the bound places the subject only after a frame that ranks
_TOP_FRAME = re.compile(r"(?:\b(?:in|into|within|among|of|the|global|world|worldwide|world's)\s+)$", re.I)


_CUR = {"dollars": "USD", "us dollars": "USD", "yuan": "CNY", "euros": "EUR", "yen": "JPY"}
_CUR_AFTER = re.compile(r"\s+(dollars|us dollars|yuan|euros|yen)\b", re.I)


def _place(norm: str, m: re.Match[str]) -> Quantity | None:
    s, e = m.start(), m.end()
    before = norm[max(0, s - 24) : s]
    if m.group("ord"):
        word = m.group("ord").lower()
        if _RANK_VERB.search(before) or (word in ("second", "third") and _SECOND_TO.match(norm, e, e + 16)):
            return Quantity(s, e, "", float(_ORD[word]), None, "exact", "rank", "level", "rank")
        return None
    if m.group("one"):
        return Quantity(s, e, "", 1.0, None, "exact", "rank", "level", "rank")
    if m.group("mid"):
        if m.group(0).endswith("s") and not _MARGIN.match(norm, e, e + 24):
            return None  # the mid-70s: a decade, unless a margin or a growth rate follows
        return Quantity(s, e, "", float(m.group("dec")) + 5, None, "approx", "percent", "level", "percent")
    if norm[e : e + 7].lower() == "-ranked":
        return Quantity(s, e + 7, "", 1.0, None, "exact", "rank", "level", "rank")
    not_of = norm[e : e + 3].lower() != " of"  # "on top of that": an idiom
    if _AT_THE.search(before) and _OF_BOARD.match(norm, e, e + 60):
        return Quantity(s - 7, e, "", 1.0, None, "exact", "rank", "level", "rank")
    if not_of and _ON.search(before):
        return Quantity(s - 3, e, "", 1.0, None, "exact", "rank", "level", "rank")
    if not_of and _TO_THE.search(before):
        return Quantity(s - 7, e, "", 1.0, None, "exact", "rank", "level", "rank")
    n = _TOP_N.match(norm, e, e + 40)
    if n and _TOP_FRAME.search(before):  # "top 10 companies ..." (a bound framing another figure) is no claim
        v = n.group("n").lower()
        return Quantity(s, n.end("n"), "", float(_SMALL[v]) if v in _SMALL else float(v), None, "at_most", "rank",
                        "level", "rank")
    return None


def en_rank_words(norm: str) -> Iterator[Quantity]:
    for m in finditer(_KEY, norm):
        q = _place(norm, m)
        if q is not None:
            yield q
    for m in finditer(_COUPLE, norm):
        value = 2 * _SCALE[m.group("sc").lower()] * _SCALE.get((m.group("sc2") or "").lower(), 1.0)
        cur = _CUR_AFTER.match(norm, m.end())
        big = (m.group("sc2") or m.group("sc")).lower() in ("billion", "trillion")
        # (a bare "billions" is money, as the vague amounts read it: "misspending a couple of hundred billions")
        unit = (_CUR[cur.group(1).lower()] if cur else en_unit_from_noun(norm, m.end())
                or ("USD" if big else en_count_unit(norm, m.start(), m.end())))
        yield Quantity(m.start(), m.end(), "", value, None, "approx", unit, "level", "vague")
