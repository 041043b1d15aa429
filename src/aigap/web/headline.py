"""The dashboard's answer first: who leads, by how much, how sure, which way the gap moves, as of
when, and the source that moves the answer most, in one or two sentences of the page's language.

Built from the typed gap answer (``aigap.analyze.answer.GapAnswer``) alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from aigap.report.numbers import MINUS, fmt_num
from aigap.report.sentences import labels

if TYPE_CHECKING:
    from aigap.analyze.answer import GapAnswer

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


class _Gap(Protocol):
    """The composite gap a headline says: the answer's, or the sliders' (``reweigh.ReweighedGap``)."""

    @property
    def between(self) -> list[str]: ...
    @property
    def median(self) -> float | None: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def probability_first_leads(self) -> float | None: ...


def as_of(a: GapAnswer) -> str | None:
    """The data's as-of date: the analysis's own when it gives one, else the latest figure's period."""
    if a.as_of:
        return a.as_of
    periods = [f.period for ind in a.indicators for f in ind.values.values() if f.period]
    return max(periods) if periods else None


def top_source(a: GapAnswer, said: _Gap | None = None) -> tuple[str, float] | None:
    """(source, composite gap without it) for the source whose removal moves the gap most, from
    ``robustness.leave_one_source_out``; None when no source's removal leaves a gap."""
    median = (said or a.composite_gap).median
    best: tuple[float, str, float] | None = None
    for r in a.robustness.leave_one_source_out:
        name, without = r.title or r.source, r.composite_gap_without
        if not name or without is None:
            continue
        moved = abs(without - median) if median is not None else 0.0
        if best is None or moved > best[0]:
            best = (moved, name, float(without))
    return None if best is None else (best[1], best[2])


def headline(a: GapAnswer, lang: str, said: _Gap | None = None, *, with_source: bool = True) -> Markup:
    """The answer in the page's language; ``said``: the composite gap to state, when not the answer's
    (the sliders' reweighed one). ``with_source=False`` for weights the sliders chose: the source that
    moves the answer most was found at the preset's weights, and its "without it the lead would be"
    could contradict the reweighed lead."""
    lang = lang if lang in _T else "en"
    t = _T[lang]
    cg = said or a.composite_gap
    cs = a.countries
    p_first = cg.probability_first_leads
    if p_first is None or cg.median is None or cg.low is None or cg.high is None or len(cg.between) != 2:
        return Markup.escape(_cap(t["none"].format(countries=t["and"].join(country_name(c, lang) for c in cs[:2]))))
    a_, b_ = cg.between
    first = p_first >= 0.5
    leader, other = (a_, b_) if first else (b_, a_)
    sign = 1.0 if first else -1.0  # the gap is said from the leader's side
    lo, hi = sorted((sign * cg.low, sign * cg.high))
    p = p_first if first else 1.0 - p_first
    how = t["how"]["very" if p >= 0.95 else "likely" if p >= 0.8 else "unsure"]
    text = _cap(t["lead"].format(leader=country_name(leader, lang), other=country_name(other, lang),
                                 leader_lc=country_name(leader, lang), gap=_num(sign * cg.median),
                                 lo=_num(lo), hi=_num(hi), how=how, p=fmt_num(100 * p)))
    date = as_of(a)
    when = t["as_of"].format(date=date) if date else ""
    gt = a.gap_trend
    if gt.of:
        # the answer's verdict: a direction only when most indicators with a trend say so
        verdict = gt.direction if gt.direction in ("widening", "narrowing") else "mixed"
        text += (" " if lang == "en" else "") + t["trend"].format(
            verdict=t["verdict"][verdict], narrowing=gt.narrowing, widening=gt.widening, n=gt.of, as_of=when)
    else:
        text += (" " if lang == "en" else "") + t["trend_none"].format(as_of=when)
    src = top_source(a, said) if with_source else None
    out = Markup.escape(text)
    if src is not None:
        # said from the leader's side, as the lead is: negative means the other country would lead;
        # the source's title is quoted as it is written (a <cite>, whatever the page's language)
        before, _, after = t["source"].partition("{source}")
        out += Markup.escape(before) + Markup("<cite>{}</cite>").format(src[0]) + Markup.escape(
            after.format(without=_num(sign * src[1]).replace("-", MINUS)))
    return out
