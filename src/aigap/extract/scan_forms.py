"""Further general forms of quantities, each a construction of the language:

- ratios: 9:1, 18.6:1 (a multiple, other:times);
- verbal multiples after a modal or "to": aims to triple, could double (a change in percent);
- ranges of plain numbers: 40,000 to 50,000 chips, 200,000-300,000 units, 18-24 months, 10-15 year
  programmes ("from X to Y" is a change from one figure to another: two claims);
- digit-count words: single-digit percentages, double-digit growth, 双位数成长 (a vague percent);
- slash fractions: 成本的1/10, 1/3 of (a share in percent);
- Chinese list bounds that place a subject: 跻身前十, 排名前五 (rank, at most N);
- Chinese round magnitudes before a noun: 百万用户, 千亿级别 (approx).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from aigap.records import Quantity

from .rx import finditer
from .scan_en import en_count_unit, en_plural_head, en_unit_from_noun

__all__ = ["coordinated_changes", "more_forms", "signed_losses"]

_RATIO = re.compile(r"(?=\d)(?<![A-Za-z0-9_.:/-])(?P<n>\d+(?:\.\d+)?):1(?![\d:]|\.\d)")
_EN_QB = r"(?:(?P<qb>nearly|almost|more than|roughly|about|over)\s+)?"
_MODAL_MULT = re.compile(rf"(?=[nNaAmMrRoOdDtTqQ])(?<![\w-]){_EN_QB}(?P<w>double|triple|quadruple)(?![\w-])", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:to|will|would|could|can|may|might|must|should)\s+$", re.I)
# "double its 2024 output": the multiple of a stated quantity, after a comma or a verb's object
_MULT_OF = re.compile(r"\s+(?:its|their|his|her|our|the|that of|those of)\b", re.I)
_MULT_VALUE = {"double": 100.0, "triple": 200.0, "quadruple": 300.0}
_QUAL = {"nearly": "approx", "almost": "approx", "roughly": "approx", "about": "approx", "more than": "over",
         "over": "over"}
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_RANGE = re.compile(rf"(?=\d)(?<![A-Za-z0-9_.,/:$€£¥-])(?P<a>{_NUM})\s?(?:-|to|‑)\s?(?P<b>{_NUM})(?![\w.,/:%-]|\.\d|,\d)"
                    r"(?P<dur>[\s-](?:years?|months?)\b)?", re.I)
_FROM = re.compile(r"\b(?:from|between)\s+(?:under|over|about|around|roughly|nearly|some|just)?\s*$", re.I)
_WINDOW = re.compile(r"\b(?:next|past|last|previous|coming|recent|first|following)\s+$", re.I)
_DIGIT_WORD = re.compile(r"(?=[sdtSDT个两双三])(?:(?<![\w-])(?P<en>single|double|triple)-digit(?=[\s-]+(?:\w+[\s-]+)?"
                         r"(?:percent|percentage|growth|gains?|increases?|declines?|rises?|%))"
                         r"|(?P<zh>个位数|两位数|双位数|三位数)(?=的?(?:增长|成长|增幅|涨幅|下降|下滑|跌幅|百分比|%)))", re.I)
# double-digit, triple-digit: vague amounts of a magnitude, [X, 10X] as annotation.md reads 数X / several X
_DIGIT_RANGE = {"single": (1.0, 9.0), "double": (10.0, 100.0), "triple": (100.0, 1000.0), "个位数": (1.0, 9.0),
                "两位数": (10.0, 100.0), "双位数": (10.0, 100.0), "三位数": (100.0, 1000.0)}
_SLASH = re.compile(r"(?=\d)(?<![A-Za-z0-9_./:-])(?P<n>\d{1,2})/(?P<d>\d{1,3})(?![A-Za-z0-9_/:-]|\.\d)")
_ZH_TOP = re.compile(r"(?=[跻位排进挤名稳])(?:跻身|位居|位列|排名|进入|挤进|跻入|排在|名列|稳居)(?:全球|世界|全国)?"
                     r"(?P<top>前(?P<n>[一二三四五六七八九十两]|\d{1,3}))(?![\d一二三四五六七八九十两百千万名位%])")
_ZH_N = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _f(num: str) -> float:
    return float(num.replace(",", ""))


def _ratios(norm: str) -> Iterator[Quantity]:
    """9:1, 18.6:1: how many times the one side is the other (a clock time never ends in :1)."""
    for m in finditer(_RATIO, norm):
        v = _f(m.group("n"))
        if v > 1:
            yield Quantity(m.start(), m.end(), "", v, None, "exact", "other:times", "level", "multiple")


def _modal_multiples(norm: str) -> Iterator[Quantity]:
    """"aims to triple", "could double": the verb after a modal is a change (double = +100%)."""
    for m in finditer(_MODAL_MULT, norm):
        if re.search(r"\b(?:an?|the)\s+$", norm[max(0, m.start() - 5) : m.start()], re.I):
            continue  # "a double", "the triple": a noun or an adjective
        modal = _MODAL_BEFORE.search(norm, max(0, m.start() - 8), m.start())
        qual = _QUAL.get((m.group("qb") or "").lower(), "exact")
        if m.group("qb") and not modal:
            # "nearly double the US figure", "—almost triple": a hedged comparison is a ratio, no verb
            yield Quantity(m.start(), m.end(), "", _MULT_VALUE[m.group("w").lower()] / 100 + 1, None, qual,  # type: ignore[arg-type]
                           "other:times", "level", "multiple")
            continue
        if not (modal or _MULT_OF.match(norm, m.end())):
            continue  # "a double standard", "double-digit": not the verb
        yield Quantity(m.start(), m.end(), "", _MULT_VALUE[m.group("w").lower()], None, qual,  # type: ignore[arg-type]
                       "percent", "change", "multiple")


def _ranges(norm: str) -> Iterator[Quantity]:
    """A range of plain numbers that a noun or a time unit says the kind of."""
    for m in finditer(_RANGE, norm):
        a, b = _f(m.group("a")), _f(m.group("b"))
        if not a < b or re.fullmatch(r"(?:19|20)\d\d", m.group("a")) or re.fullmatch(r"(?:19|20)\d\d", m.group("b")):
            continue  # 2017-2020 is a period; 5-3 a score
        before = norm[max(0, m.start() - 24) : m.start()]
        if _FROM.search(before):
            # "from under 10,000 to 52,000": two figures; the first is read as it stands, the second
            # counts what the first does
            if re.match(r"\s?to\s?", norm[m.end("a") : m.start("b")]):
                unit_b = en_unit_from_noun(norm, m.end("b")) or "count"
                yield Quantity(m.start("b"), m.end("b"), "", b, None, "exact", unit_b, "level", "amount")
            continue
        if re.search(r"[A-Za-z]\s?$", before) and before.rstrip()[-1:].isupper():
            continue  # Pages 10-15, Table 3-4, GPT 4-5
        end = m.end()
        if m.group("dur"):
            if _WINDOW.search(before) and not re.search(r"\bwithin\s+(?:the\s+)?\w+\s+$", before, re.I):
                continue  # "over the next 18-24 months": a window ("within the next 18-24 months" is a target)
            if re.match(r"\s+(?:ago|later|earlier|before|after|from now)\b", norm[end : end + 12], re.I):
                continue  # "5-6 years ago": the age of an event, not a claim
            dur_unit = "years" if m.group("dur").lower().strip(" -").startswith("year") else "months"
            yield Quantity(m.start(), end, "", a, b, "range", dur_unit, "level", "duration")
            continue
        unit = en_unit_from_noun(norm, end)
        times = re.match(r"[\s-]?(?:times|fold)\b|\s?[x×](?![A-Za-z0-9])", norm[end : end + 7])
        if times:  # 10-20 times lower, 3-5x: a range of multiples
            yield Quantity(m.start(), end + times.end(), "", a, b, "range", "other:times", "level", "multiple")
            continue
        if unit is None and (en_plural_head(norm, end) or re.match(r"\s+of\s+(?:these|those|the|its|their)\b", norm[end : end + 12])):
            unit = en_count_unit(norm, m.start(), end)
        if unit is None or unit in ("years", "months", "seconds", "other:days", "other:weeks", "other:hours"):
            continue
        yield Quantity(m.start(), end, "", a, b, "range", unit, "level", "amount")


def _digit_words(norm: str) -> Iterator[Quantity]:
    for m in finditer(_DIGIT_WORD, norm):
        key = (m.group("en") or "").lower() or m.group("zh")
        low, high = _DIGIT_RANGE[key]
        after = norm[m.end() : m.end() + 24].lower()
        change = re.match(r"[\s-]*(?:\w+[\s-]+)?(?:growth|gains?|increases?|rises?)|的?(?:增长|成长|增幅|涨幅)", after)
        yield Quantity(m.start(), m.end(), "", low, high, "vague", "percent", "change" if change else "level", "vague")


def _slash_fractions(norm: str) -> Iterator[Quantity]:
    """成本的1/10, 1/3 of the market: a share; a date (1/10 alone, 2024/1/10) has no such frame."""
    for m in finditer(_SLASH, norm):
        n, d = int(m.group("n")), int(m.group("d"))
        if not 0 < n < d:
            continue
        after = norm[m.end() : m.end() + 6]
        before = norm[max(0, m.start() - 10) : m.start()]
        # the copula may stand before the compared side: 仅为美国 1/8, 不足美国1/10
        frame = re.search(r"(?P<c>的|是|为|约|仅|不及|不到|不足|近|相当于)(?:[\u4e00-\u9fff]{1,4}(?<![的是为]))?\s?$", before)
        if not (re.match(r"\s?(?:的|左右|以上|以下|of\b|th\b)", after) or frame):
            continue
        qual = {"不及": "under", "不到": "under", "不足": "under", "约": "approx", "近": "approx"}.get(
            frame.group("c") if frame else "", "exact")
        yield Quantity(m.start(), m.end(), "", n / d * 100, None, qual, "percent", "share", "fraction")  # type: ignore[arg-type]


def _zh_top(norm: str) -> Iterator[Quantity]:
    """跻身前十, 排名前五的行业: a list bound that places a subject (annotation.md: rank, at_most N)."""
    for m in finditer(_ZH_TOP, norm):
        g = m.group("n")
        value = float(g) if g.isdigit() else float(_ZH_N[g])
        if "中" in norm[m.end() : m.end() + 5] or "里" in norm[m.end() : m.end() + 3]:
            continue  # 前十中: a list that frames another figure
        if m.group(0).startswith("排名"):
            clause = norm[max(0, m.start() - 30) : m.start()]
            clause = re.split(r"[,.;:!?\n]", clause)[-1]
            if "是" not in clause and not re.match(r"的?[^,.;]{0,8}都是", norm[m.end() : m.end() + 12]):
                continue  # 排名前五的行业保持稳定: the ranking (a noun), no subject placed in it
        yield Quantity(m.start("top"), m.end(), "", value, None, "at_most", "rank", "level", "rank")


# a round magnitude alone before a noun or 级 (百万用户, 千亿级别参数, 万亿级市场): an approximate amount
# (每百万token, 15美元/百万: a denominator, not an amount)
_ZH_ROUND = re.compile(r"(?=[百千万])(?<![零〇一二两三四五六七八九十百千万亿\d数几上近逾超约每/])(?P<w>百万|千万|百亿|千亿|万亿)"
                       r"(?![零〇一二两三四五六七八九十百千万亿\d美元人家个台块片张倍不别要])")
_ZH_ROUND_VALUE = {"百万": 1e6, "千万": 1e7, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12}


# 万卡集群, 十万卡级: a cluster's size in accelerator cards (chips), the Chinese "10,000-GPU cluster"
_ZH_CARDS = re.compile(r"(?=[十万千一二两三四五六七八九\d])(?<![零〇一二两三四五六七八九十百千万亿\d数几.])"
                       r"(?P<n>[一二两三四五六七八九]|\d{1,3})?(?P<w>十万|万|千)卡(?=集群|级|规模|以上)")
_ZH_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_CARDS_VALUE = {"十万": 1e5, "万": 1e4, "千": 1e3}


def _zh_cards(norm: str) -> Iterator[Quantity]:
    for m in finditer(_ZH_CARDS, norm):
        n = m.group("n")
        k = float(_ZH_DIGIT[n] if n in _ZH_DIGIT else int(n)) if n else 1.0
        yield Quantity(m.start(), m.end(), "", k * _ZH_CARDS_VALUE[m.group("w")], None, "exact", "chips", "level", "amount")


def _zh_round(norm: str) -> Iterator[Quantity]:
    for m in finditer(_ZH_ROUND, norm):
        nxt = norm[m.end() : m.end() + 1]
        if not (nxt == "级" or re.match(r"[A-Za-z\u4e00-\u9fff]", nxt)):
            continue
        sent = re.split(r"[.;!?\n]", norm[max(0, m.start() - 40) : m.start()])[-1] + norm[m.end() : m.end() + 8]
        unit = "parameters" if "参数" in sent else ("people" if re.search(r"用户|人口|网民", sent) else "count")
        yield Quantity(m.start(), m.end(), "", _ZH_ROUND_VALUE[m.group("w")], None, "approx", unit, "level", "amount")


def more_forms(norm: str, has_cjk: bool) -> Iterator[Quantity]:
    yield from _ratios(norm)
    yield from _modal_multiples(norm)
    yield from _ranges(norm)
    yield from _digit_words(norm)
    yield from _slash_fractions(norm)
    if has_cjk:
        yield from _zh_top(norm)
        yield from _zh_round(norm)
        yield from _zh_cards(norm)


_COORD = re.compile(r"\s?(?:及|和|与|、|以及|或|and|or)\s?")


def coordinated_changes(norm: str, out: list[Quantity]) -> None:
    """跌2.81%及3.55%, rose 3% and 5%: a percentage joined to a change right before it is the same
    change (the direction word is written once)."""
    for prev, q in pairwise(out):
        if (prev.aspect == "change" and q.aspect == "level" and prev.unit == q.unit == "percent"
                and q.kind == prev.kind and _COORD.fullmatch(norm, prev.end, q.start)):
            q.aspect = "change"
            if prev.value < 0 < q.value:
                q.value, q.value_high = -q.value, (-q.value_high if q.value_high is not None else None)


# a loss stated by its amount: "a (net) loss of $16.6 billion", "losses of", 亏损5.3亿元, 净亏损达
_LOSS_BEFORE = re.compile(r"(?:\bloss(?:es)?\s+of\s+|亏损\s?(?:了|达|为)?\s?)$", re.I)
_MONEY = re.compile(r"[A-Z]{3}")


def signed_losses(norm: str, out: list[Quantity]) -> None:
    """A loss is a negative profit: its amount is signed, as a fall is (亏损5.3亿元 → -5.3e8)."""
    for q in out:
        if (q.value > 0 and q.value_high is None and q.aspect == "level" and _MONEY.fullmatch(q.unit)
                and _LOSS_BEFORE.search(norm, max(0, q.start - 12), q.start)):
            q.value = -q.value
