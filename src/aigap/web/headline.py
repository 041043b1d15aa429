"""The dashboard's answer first: who leads, by how much, how sure, which way the gap moves, as of
when, and the source that moves the answer most, in one or two sentences of the page's language.

Built from the gap answer alone (``/api/gap``'s JSON); the parts the analysis may add later
(``as_of``, ``robustness.leave_one_source_out``) are read when present and otherwise left out or
taken from the figures themselves."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from aigap.report.numbers import MINUS, fmt_num
from aigap.report.sentences import labels

__all__ = ["as_of", "country_name", "headline", "top_source"]

# Sentence names: the headline says "the United States", not "US" (the report's "the US" elsewhere).
_FULL = {"en": {"US": "the United States", "WORLD": "the world"}, "zh": {"WORLD": "全球", "other": "其他"}}

_T: dict[str, dict[str, Any]] = {
    "en": {
        "lead": "{leader} leads {other} by {gap} points out of 100 (90% interval {lo} to {hi}); {how}: "
                "{p}% of the simulations put {leader_lc} ahead.",
        "how": {"very": "the lead is very likely", "likely": "the lead is likely", "unsure": "the lead is not certain"},
        "trend": "The gap is {verdict}: it narrows on {narrowing} and widens on {widening} of the {n} indicators "
                 "with enough years to tell{as_of}.",
        "trend_none": "There are too few years of figures to tell whether the gap is widening{as_of}.",
        "verdict": {"widening": "widening on balance", "narrowing": "narrowing on balance", "mixed": "without a clear direction"},
        "as_of": "; figures as of {date}",
        "source": " The source that moves the answer most is {source}: without it the lead would be {without} points.",
        "none": "There is not yet enough data to compare {countries}.",
        "and": " and ",
    },
    "zh": {
        "lead": "{leader}领先{other}{gap}分（满分100，90%区间{lo}至{hi}）；{how}：{p}%的模拟中{leader_lc}领先。",
        "how": {"very": "领先几乎可以确定", "likely": "领先较为可能", "unsure": "领先并不确定"},
        "trend": "差距{verdict}：在{n}项有足够年份可判断的指标中，{narrowing}项缩小、{widening}项扩大{as_of}。",
        "trend_none": "可判断趋势的年份太少，尚不能确定差距是否在扩大{as_of}。",
        "verdict": {"widening": "总体在扩大", "narrowing": "总体在缩小", "mixed": "没有明确方向"},
        "as_of": "；数据截至{date}",
        "source": "对结论影响最大的来源是{source}：去掉它，领先幅度为{without}分。",
        "none": "尚无足够数据比较{countries}。",
        "and": "与",
    },
}


def country_name(code: str, lang: str) -> str:
    """A country's name in a sentence ("the United States", "中国"); an unknown code as itself."""
    lang = lang if lang in _T else "en"
    names: dict[str, str] = labels()["countries"][lang]
    return _FULL[lang].get(code) or names.get(code, code)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _num(v: float) -> str:
    return fmt_num(v, 0 if abs(v) >= 10 else 1)


def as_of(g: dict[str, Any]) -> str | None:
    """The data's as-of date: the analysis's own when it gives one, else the latest figure's period."""
    given = g.get("as_of")
    if isinstance(given, dict):
        given = given.get("date") or given.get("latest") or given.get("as_of")
    if isinstance(given, str) and given:
        return given
    periods = [str(v.get("period")) for ind in g.get("indicators", []) for v in ind.get("values", {}).values()
               if v.get("period")]
    return max(periods) if periods else None


def top_source(g: dict[str, Any]) -> tuple[str, float] | None:
    """(source, composite gap without it) for the source whose removal moves the gap most, from
    ``robustness.leave_one_source_out`` (a list of rows or a mapping); None when not given."""
    rob = g.get("robustness")
    rows: Any = rob.get("leave_one_source_out") if isinstance(rob, dict) else None
    if isinstance(rows, dict):
        rows = [{"source": k, **(v if isinstance(v, dict) else {"gap_without": v})} for k, v in rows.items()]
    if not isinstance(rows, list):
        return None
    median = (g.get("composite_gap") or {}).get("median")
    best: tuple[float, str, float] | None = None
    for r in rows:
        if not isinstance(r, dict):
            continue
        name = r.get("title") or r.get("publisher") or r.get("name") or r.get("source")
        without = r.get("gap_without", r.get("composite_gap_without"))
        if isinstance(without, dict):
            without = without.get("median")
        shift = r.get("shift")
        if without is None and shift is not None and median is not None:
            without = median - shift
        if not name or not isinstance(without, int | float):
            continue
        moved = abs(shift) if isinstance(shift, int | float) else abs(without - median) if median is not None else 0.0
        if best is None or moved > best[0]:
            best = (moved, str(name), float(without))
    return None if best is None else (best[1], best[2])


def _trend_counts(g: dict[str, Any]) -> dict[str, int]:
    counts = {"widening": 0, "narrowing": 0, "no clear trend": 0}
    for groups in (g.get("pillar_trends") or {}).values():
        for k in counts:
            counts[k] += len(groups.get(k, []))
    return counts


def headline(g: dict[str, Any], lang: str, *, with_source: bool = True) -> Markup:
    """The answer in the page's language. ``with_source=False`` for weights the sliders chose: the
    source that moves the answer most was found at the preset's weights, and its "without it the
    lead would be" could contradict the reweighed lead."""
    lang = lang if lang in _T else "en"
    t = _T[lang]
    cg = g.get("composite_gap") or {}
    cs = list(g.get("countries") or [])
    p_first = cg.get("probability_first_leads")
    if p_first is None or cg.get("median") is None or len(cg.get("between", [])) != 2:
        return Markup.escape(_cap(t["none"].format(countries=t["and"].join(country_name(c, lang) for c in cs[:2]))))
    a, b = cg["between"]
    first = p_first >= 0.5
    leader, other = (a, b) if first else (b, a)
    sign = 1.0 if first else -1.0  # the gap is said from the leader's side
    lo, hi = sorted((sign * cg["low"], sign * cg["high"]))
    p = p_first if first else 1.0 - p_first
    how = t["how"]["very" if p >= 0.95 else "likely" if p >= 0.8 else "unsure"]
    text = _cap(t["lead"].format(leader=country_name(leader, lang), other=country_name(other, lang),
                                 leader_lc=country_name(leader, lang), gap=_num(sign * cg["median"]),
                                 lo=_num(lo), hi=_num(hi), how=how, p=fmt_num(100 * p)))
    date = as_of(g)
    when = t["as_of"].format(date=date) if date else ""
    counts = _trend_counts(g)
    n = sum(counts.values())
    if n:
        verdict = ("widening" if counts["widening"] > counts["narrowing"] else
                   "narrowing" if counts["narrowing"] > counts["widening"] else "mixed")
        text += (" " if lang == "en" else "") + t["trend"].format(
            verdict=t["verdict"][verdict], narrowing=counts["narrowing"], widening=counts["widening"], n=n, as_of=when)
    else:
        text += (" " if lang == "en" else "") + t["trend_none"].format(as_of=when)
    src = top_source(g) if with_source else None
    out = Markup.escape(text)
    if src is not None:
        # said from the leader's side, as the lead is: negative means the other country would lead;
        # the source's title is quoted as it is written (a <cite>, whatever the page's language)
        before, _, after = t["source"].partition("{source}")
        out += Markup.escape(before) + Markup("<cite>{}</cite>").format(src[0]) + Markup.escape(
            after.format(without=_num(sign * src[1]).replace("-", MINUS)))
    return out
