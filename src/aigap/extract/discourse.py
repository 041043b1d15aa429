"""Decisions that need more than one number at a time: respectively-lists and notes.

- ``distribute``: "美国和中国分别为500亿和400亿美元", "the US and China had 40 and 15 models
  (respectively)": k coordinated countries and k coordinated numbers of one unit in one sentence
  pair up in order.
- ``note_for``: what a reader must know that the fields cannot say: a monthly average (月均,
  "a month") is not an annual total; a top-talent share counts by origin or by workplace.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from aigap.records import Quantity

from .attribute import Attribution
from .context import Context, Mention

__all__ = ["distribute", "inherit_parts", "note_for"]

_AND = r"\s?(?:和|与|及|、|以及|,|，|and|&|as well as)\s?"
_COORD_NUM = re.compile(rf"^{_AND}$|^\s?(?:和|与|、|and)\s?$", re.I)
_RESPECTIVELY = re.compile(r"分别|各自|respectively|apiece", re.I)
_MONTHLY = re.compile(r"月均|每月平均|平均每月|月平均|monthly average|a month\b|per month\b|each month\b|every month\b", re.I)
_ORIGIN = re.compile(r"来自|出身|本科|原籍|origin|undergraduate|born in|come from|came from|hail from", re.I)
_WORKPLACE = re.compile(r"工作|就职|任职|供职|效力|work(?:s|ed|ing)? (?:in|at|for)|employed|workplace|based in", re.I)


def _countries_before(ctx: Context, lo: int, hi: int) -> list[Mention]:
    """Countries named as one coordinated group in [lo, hi): "美国和中国", "the US, China and the EU"."""
    group: list[Mention] = []
    for m in ctx.places_in(lo, hi):
        if m.kind != "country" or m.code in ("WORLD", "NONE") or m.source or m.end > hi:
            continue
        if group and not re.fullmatch(rf"{_AND}(?:the\s)?", ctx.norm[group[-1].end : m.start], re.I):
            group = []
        if not group or m.code not in {g.code for g in group}:
            group.append(m)
    return group


def distribute(ctx: Context, quantities: Sequence[Quantity], attrs: list[Attribution]) -> None:
    """Give each number of a respectively-list its own country, in order (in place)."""
    i = 0
    while i < len(quantities):
        s0, s1 = ctx.sentence(quantities[i].start)
        j = i
        while j + 1 < len(quantities) and quantities[j + 1].start < s1:
            j += 1
        run = list(range(i, j + 1))
        i = j + 1
        if len(run) < 2:
            continue
        # the longest chain of coordinated numbers of one unit
        chains: list[list[int]] = [[run[0]]]
        for a, b in itertools.pairwise(run):
            qa, qb = quantities[a], quantities[b]
            if qa.unit == qb.unit and _COORD_NUM.match(ctx.norm[qa.end : qb.start]):
                chains[-1].append(b)
            else:
                chains.append([b])
        for a, b in itertools.pairwise(run):
            _pair_versus(ctx, quantities[a], quantities[b], attrs, a, b)
        for chain in chains:
            if len(chain) < 2:
                continue
            first = quantities[chain[0]]
            countries = _countries_before(ctx, s0, first.start)
            explicit = bool(_RESPECTIVELY.search(ctx.norm[s0:s1]))
            if len(countries) != len(chain) and explicit:
                # "$67 billion and $8 billion in the US and China, respectively": the countries follow
                countries = _countries_before(ctx, quantities[chain[-1]].end, s1)
            if len(countries) == len(chain) and (explicit or len(countries) >= 2):
                for k, idx in enumerate(chain):
                    attrs[idx].subject = countries[k].code


_COUNTS = frozenset({"count", "models", "companies", "chips", "people", "papers"})
_VERSUS_PAIR = re.compile(r"^\s?(?:vs\.?|versus|对|比)\s?$", re.I)


def _pair_versus(ctx: Context, qa: Quantity, qb: Quantity, attrs: list[Attribution], a: int, b: int) -> None:
    """"美国数据中心数量为中国的8倍多(4165个 vs. 500个)": a bare "N vs. M" in a parenthesis after a
    comparison of two countries gives the figures to them in the order they were named."""
    same_kind = qa.unit == qb.unit or {qa.unit, qb.unit} <= _COUNTS  # "632个 vs. 156个": both counts
    if not same_kind or not _VERSUS_PAIR.match(ctx.norm[qa.end : qb.start]):
        return
    open_at = ctx.norm.rfind("(", max(0, qa.start - 3), qa.start)
    if open_at < 0 or ctx.norm[open_at + 1 : qa.start].strip():
        return  # only a parenthesis holding the two numbers alone
    c0, _c1 = ctx.clause(open_at)
    named = [m for m in ctx.places_in(c0, open_at) if m.kind == "country" and m.code not in ("WORLD", "NONE")
             and not m.source]
    codes = list(dict.fromkeys(m.code for m in named))
    if len(codes) == 2:
        attrs[a].subject, attrs[b].subject = codes


# A breakdown clause: "…, including 7M in December", "其中…", "of which": a part of the figure before.
# "这一比例为29%", "this share rose to 30%": the figure continues the one before it.
_ANAPHOR = re.compile(r"这一比例|该比例|这一数字|该数字|这一份额|这一比重|this (?:share|figure|ratio|proportion|number)"
                      r"|that (?:share|figure)", re.I)
_PART_OPENER = re.compile(r"^\s*(?:其中|(?:including|of which|among them)\b)", re.I)


def inherit_parts(ctx: Context, quantities: Sequence[Quantity], attrs: list[Attribution]) -> None:
    """A part given in a breakdown clause, or a figure that refers back ("这一比例为29%"), naming no
    country of its own belongs to the figure before's subject: "Samsung shipped 11.4M stacks to China,
    including 7M in December" (in place)."""
    for i in range(1, len(quantities)):
        q = quantities[i]
        # the figure before, passing over definitions (前20%, "top 2%"), which belong to no one
        j = next((k for k in range(i - 1, -1, -1)
                  if not (quantities[k].kind == "rank" and quantities[k].unit == "percent")), None)
        if j is None:
            continue
        prev = quantities[j]
        c0, _c1 = ctx.clause(q.start)
        if prev.end > c0 or ctx.sentence(prev.start) != ctx.sentence(q.start):
            continue  # the whole must stand in an earlier clause of the same sentence
        opener = ctx.norm[c0 : q.start]
        if not (_PART_OPENER.match(opener) or _ANAPHOR.search(opener)) or any(
                m.kind == "country" and not m.source for m in ctx.places_in(c0, q.start)):
            continue
        attrs[i].subject = attrs[j].subject


def note_for(ctx: Context, q: Quantity, metric: str) -> str | None:
    _c0, c1 = ctx.clause(q.start)
    s0, s1 = ctx.sentence(q.start)
    before = ctx.norm[max(s0, q.start - 20) : q.start]
    notes = []
    if _MONTHLY.search(before) or _MONTHLY.search(ctx.norm[q.end : min(c1, q.end + 14)]):
        notes.append("monthly average")
    if metric in ("top_ai_researchers_share", "elite_ai_researchers_share"):
        sentence = ctx.norm[s0:s1]
        if _ORIGIN.search(sentence):
            notes.append("basis: origin")
        elif _WORKPLACE.search(sentence):
            notes.append("basis: workplace")
    return "; ".join(notes) or None
