"""The scanner: every quantity in a text, with its span, value, unit and qualifier.

    normalise  a length-preserving matching copy (full-width -> ASCII, traditional -> simplified)
    match      the table-built patterns of ``patterns.py`` over the copy (each pass is linear)
    resolve    each match to a ``Quantity``; drop dates, names with digits, structure counts and
               time windows; keep the longest of overlapping matches
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from functools import cache

from aigap.records import Quantity

from .normalize import normalize
from .numerals import parse_zh, tables
from .patterns import patterns, unit_tables
from .percent_zh import scan_zh_percent
from .rx import finditer
from .scan_en import (
    en_multiple,
    en_percent_of,
    en_vague,
)
from .scan_en_pass import en_numbers
from .scan_forms import coordinated_changes, more_forms, signed_losses
from .scan_more import more_quantities
from .scan_ranges import join_ranges
from .scan_ranks import en_rank_words
from .scan_table import table_units
from .scan_zh import char_at as _char
from .scan_zh import read_number as _num
from .scan_zh import zh_special

__all__ = ["scan"]

# 当前/目前/此前...: time adverbs ending in 前, not the list bound 前N (当前976个知名模型)
_TIME_QIAN = ("当前", "目前", "此前", "之前", "提前", "眼前", "以前", "日前", "先前", "早前", "年前", "月前")
# (a year may stand in the gap: 约为2010年的九倍; another figure may not, the hedge would be its own)
_ZH_HEDGED_COPULA = re.compile(r"(?:(?:大约|大概|约)(?:是|为|相当于)|接近|将近)(?:[^,.;:!?\n\d]|\d{4}年){0,20}的\s?$")
# "中国占比为26%,接近美国的28%": a 接近 right after a figure compares that figure with this one, which it
# does not hedge (the one before is "close to" it)
_FIGURE_THEN_COMMA = re.compile(r"[\d%成倍]\s?[,，]\s?$")
# 约合人民币26.44万元, (约合1228亿元人民币): a conversion "about equal to" the figure
_ZH_CONVERTED = re.compile(r"约合(?:人民币|美元|日元|港币|港元|欧元|新台币)?\s?$")
_WINDOW_OF_CHANGE = re.compile(r"内\s?(?:下降|下跌|减少|降低|增长|增加|上升|上涨|提升|提高|翻)")
_ZH_DIGIT_RANGE = re.compile(r"^([一二两三四五六七八九])([二两三四五六七八九])$")  # 一两, 两三, 五六


@cache
def _zh_bounds_before() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A Chinese qualifier right before a figure the special forms read (约4成, 不到10分之1), and a
    comparison verb whose compared side stands between it and the figure (超过美国的两倍, 不到对手的1/10)."""
    words = sorted({str(w) for ws in unit_tables()["zh_before"].values() for w in ws}, key=len, reverse=True)
    right_before = re.compile(rf"(?:{'|'.join(map(re.escape, words))})\s?$")
    # (digits may stand in the gap, GPT-4o, 2010年: the search never reaches back past the figure before)
    compared = re.compile(r"(?:(?P<w>超过|超出|高于|多于|不到|不足|不及|低于|少于)|(?P<h>(?:大约|大概|约)(?:是|为|相当于)))"
                          r"[^,.;:!?\n]{1,20}?的?\s?$")
    return right_before, compared


def _zh_bounds(norm: str, out: list[Quantity]) -> None:
    right_before, compared = _zh_bounds_before()
    qualifier_of = patterns().qualifier_of
    prev_end = 0
    for q in out:
        lo = max(prev_end, q.start - 20)
        prev_end = q.end
        if q.qualifier != "exact" or q.value_high is not None:
            continue
        m = right_before.search(norm, max(lo, q.start - 4), q.start)
        if m:
            q.start, q.qualifier = m.start(), qualifier_of.get(m.group(0).strip(), "exact")  # type: ignore[assignment]
            continue
        # only a multiple or a part of the compared side is bounded by the verb (超过美国的两倍, 不到对手的1/10);
        # a level after it is the compared side's own figure (高于先前预估的45%), a rank no bound at all
        m = compared.search(norm, lo, q.start) if q.unit == "other:times" or q.aspect == "share" else None
        if m:
            q.qualifier = qualifier_of.get(m.group("w"), "exact") if m.group("w") else "approx"  # type: ignore[assignment]


def _in_skip(start: int, end: int, skip: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in skip)


_NOUN_PHRASE_END = re.compile(r"[,.;:!?()\n依使是有在为被将已了]")


@functools.cache
def _context_nouns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The measure words' nouns (units.yaml ``context_nouns``), compiled once."""
    return tuple((re.compile(str(n["pattern"])), str(n["unit"])) for n in unit_tables()["context_nouns"])


def _context_unit(norm: str, start: int, end: int, default: str) -> str:
    """The unit of a contextual measure word (个, 项, 席) from nouns right after it, else the first
    noun earlier in the sentence."""
    nouns = _context_nouns()

    def noun_after(pos: int) -> str | None:
        after = _NOUN_PHRASE_END.split(norm[pos : pos + 12], maxsplit=1)[0]
        for pattern, unit in nouns:
            if pattern.search(after):
                return unit
        return None

    found = noun_after(end)
    if found:
        return found
    lo = max(0, start - 200)  # bounded: a text without punctuation must stay linear
    sent_start = max(norm.rfind(c, lo, start) for c in "。.!?;\n") + 1
    sent_start = max(sent_start, lo)
    before = norm[sent_start:start]
    word = norm[end - 1 : end]
    # an earlier count with the same measure word names the noun: 20个大语言模型中, 17个...
    for m in re.finditer(rf"[\d一二两三四五六七八九十百千万]+{re.escape(word)}", before):
        found = noun_after(sent_start + m.end())
        if found:
            return found
    if word in ("个", "席", "张"):
        # the nearest noun before names what is counted (大模型相关中标项目共计1810个: projects)
        best: tuple[int, str] | None = None
        for pattern, unit in nouns:
            for m2 in pattern.finditer(before):
                if best is None or m2.start() > best[0]:
                    best = (m2.start(), unit)
        if best:
            return best[1]
    return default

# the checks every match of the pass makes, compiled once
_NAME_END = re.compile(r"[A-Za-z\-_/]$|(?<![\u4e00-\u9fff）)”])\.$")
_FOUR_DIGITS = re.compile(r"\d{4}")
_CLAUSE_CUT = re.compile(r"[,.;:!?()\n]")

def _zh(norm: str) -> Iterator[Quantity]:
    t = unit_tables()
    measures, currencies = t["zh_measures"], t["zh_currency"]
    scales = tables()["zh_scales"]
    structure = re.compile(t["zh_structure_nouns"])
    window = re.compile(f"(?:{t['zh_window_prefix']})$")
    p = patterns()
    for m in finditer(p.zh, norm):
        num, unit_word = m.group("num"), m.group("unit")
        start, end = m.start(), m.end()
        before = norm[max(0, start - 2) : start]
        if _NAME_END.search(before) and not m.group("qb") and not m.group("dir"):
            continue  # GPT-4个: names with digits (a full stop after Chinese text is the normalised 。)
        if before[-1:] in ("这", "那") and not m.group("qb") and re.fullmatch(r"[一二两三四五六七八九十]", num):
            continue  # 这两个模型, 那三家公司: a reference to things named before, not a count stated
        if before.endswith("每") and not m.group("qb"):
            continue  # 每百万tokens, 每1000人: the denominator of a rate or a price, not a claim
        if before.endswith(("第", "前")) and not m.group("qb") and not before.endswith(_TIME_QIAN):
            continue  # 第二篇, 前十名: ordinals and list bounds (the special patterns read those)
        value = _num(num)
        if value is None:
            continue
        if unit_word == "年" or unit_word == "个月":
            if _FOUR_DIGITS.fullmatch(num) or _char(norm, end) in "代底初末中前后":
                continue  # 2024年 is a date; 五六十年代 an era
            qb = m.group("qb") or ""
            if (not re.search(r"[\u4e00-\u9fff]", num) or window.search(norm[max(0, start - 4) : start].rstrip())
                    or qb in ("近", "不到", "不足", "最近") or _char(norm, end) in "来里间过新"
                    or (_WINDOW_OF_CHANGE.match(norm, end, min(len(norm), end + 6))
                        and norm[max(0, start - 2) : start] != "未来")):
                # 近两年, 过去的两三年, 不到两年, 五年间, 十多年过去了, 十年新高, 在两年内下降了: a time window (the
                # span a change is measured over), not a claim (未来十年内翻三倍, 三年内建成: a target's horizon, asserted)
                continue
        if unit_word in ("年", "个月") and norm[start - 1 : start] in ("几", "多"):
            continue
        if unit_word == "分" and (not re.fullmatch(r"[\d.,]+", num) or _char(norm, end) in "之钟析类配布别享成散化割支行部段区期"
                                 or re.search(r"\d\s?[点时]\s?$", norm[max(0, start - 4) : start])):
            continue  # 十分 (very), 百分之, 3分之1, 5分钟, 10点30分 (a clock time): only Arabic digits + 分 alone are a score
        if unit_word in ("分钟", "秒", "小时") and norm[end : end + 1] in ("后", "前", "内") and not m.group("qb"):
            continue  # 20分钟后, 两小时内: the age of an event or a window, not a claim
        if unit_word == "轮" and _char(norm, end) in "车胎椅毂":
            continue  # 三轮车, 两轮车: vehicles, not rounds
        if num == "一" and unit_word in measures and unit_word not in ("席",):
            continue  # 一个, 一家, 最近一项: the indefinite article
        after = _CLAUSE_CUT.split(norm[end : end + 9], maxsplit=1)[0]
        if unit_word in measures and measures[unit_word]["kind"] in ("contextual", "measure") and structure.search(after):
            continue  # 两大类, 三个因素, 5个关键阶段, 两条不可谈判的红线
        if unit_word in measures and re.match(rf"[^,.;:!?\n\d]{{0,8}}中的?\s?[\d一二三四五六七八九十两]+\s?{re.escape(unit_word)}",
                                              norm[end : end + 20]):
            continue  # 在16项基准中的13项: a list bound that frames another figure (the claim is 13项)
        high: float | None = None
        qualifier = "exact"
        zh_range = _ZH_DIGIT_RANGE.match(num)
        if zh_range:
            value, high, qualifier = parse_zh(zh_range.group(1)) or 0.0, parse_zh(zh_range.group(2)), "range"
        scale = scales.get(m.group("scale") or "", 1.0)  # 万亿, 亿, 万, 千, 兆
        if m.group("num2"):
            v2 = _num(m.group("num2"))
            if v2 is None:
                continue
            scale2 = scales.get(m.group("scale2") or "", 1.0)
            if scale == 1.0 and scale2 != 1.0:
                scale = scale2
            high, qualifier = v2 * scale2 if m.group("scale2") else v2, "range"
        kind = "amount"
        aspect = "level"
        if unit_word in currencies:
            cu = currencies[unit_word]
            unit, factor = str(cu["unit"]), float(cu["scale"])
            for prefix, code in t["zh_currency_prefix"].items():
                if norm[max(0, start - len(prefix)) : start] == prefix and not m.group("qb"):
                    unit = str(code)  # 新台币6,735亿元 is in TWD, not CNY
        elif unit_word in ("%", "‰"):
            unit, factor, kind = "percent", (0.1 if unit_word == "‰" else 1.0), "percent"
        else:
            mw = measures[unit_word]
            unit, factor, kind = str(mw["unit"]), 1.0, str(mw["kind"])
            if kind == "contextual":
                unit = _context_unit(norm, start, end, unit)
            elif kind == "minutes":
                factor, kind = 60.0, "duration"
            elif kind == "eflops":
                factor = 1e18
            elif kind == "pflops":
                factor = 1e15
        value *= scale * factor
        if high is not None:
            high *= (scale if not m.group("scale2") else 1.0) * factor
        for q in (m.group("qb"), m.group("qa"), m.group("qa2")):
            if q and high is None:  # a range stays a range (value_high is set for range and vague only)
                qualifier = p.qualifier_of.get(q, qualifier)
        hedge = _ZH_HEDGED_COPULA.search(norm, max(0, start - 30), start) if qualifier == "exact" else None
        if hedge and hedge.group().startswith(("接近", "将近")) and _FIGURE_THEN_COMMA.search(
                norm, max(0, hedge.start() - 8), hedge.start()):
            hedge = None
        if qualifier == "exact" and (hedge or _ZH_CONVERTED.search(norm, max(0, start - 6), start)):
            qualifier = "approx"  # 大约是对手的30%: the hedge on the copula hedges the figure it states
        if m.group("u1") and unit != "percent":
            continue  # 5%至10亿元: not one range
        if high is not None and m.group("num2") and high <= value and not m.group("dir"):
            # 从95%到0%: written high to low it is a move between two figures, not a range: two claims
            mid = m.end("u1") if m.group("u1") else m.end("scale") if m.group("scale") else m.end("num")
            first = p.qualifier_of.get(m.group("qb") or "", "exact")
            yield Quantity(start, mid, "", value, None, first, unit, aspect, kind)  # type: ignore[arg-type]
            yield Quantity(m.start("num2"), end, "", high, None, "exact", unit, aspect, kind)  # type: ignore[arg-type]
            continue
        if m.group("dir"):
            aspect = "change"
            if m.group("dir") in t["zh_change_down"]:
                value, high = (-high, -value) if high is not None else (-value, None)  # 降低15-20%: -20..-15
        yield Quantity(start, end, "", value, high, qualifier, unit, aspect, kind)  # type: ignore[arg-type]


def _zh_vague(norm: str) -> Iterator[Quantity]:
    t = unit_tables()
    phrases = t["zh_vague_phrases"]
    for m in finditer(patterns().zh_vague, norm):
        word, unit_word = m.group("vague"), m.group("unit")
        if word in phrases:
            low, high, qual = phrases[word]
        else:
            base = parse_zh("一" + word[1:])
            if base is None:
                continue
            low, high, qual = base, base * 10, "vague"
        end = m.end()
        if unit_word:
            if unit_word in ("年", "个月"):
                continue  # 几年, 几个月: indefinite durations
            if unit_word in t["zh_currency"]:
                cu = t["zh_currency"][unit_word]
                unit, f = str(cu["unit"]), float(cu["scale"])
            elif unit_word == "%":
                unit, f = "percent", 1.0
            else:
                mw = t["zh_measures"][unit_word]
                unit, f = str(mw["unit"]), 1.0
                if mw["kind"] == "contextual":
                    unit = _context_unit(norm, m.start(), end, unit)
        else:
            large = re.search(r"[万亿]", word) is not None
            if not large and (word not in phrases or word in ("数十", "数百", "数千", "几十", "几百", "几千", "十几", "千百")):
                continue  # 数千 alone (数千年) is not an amount; 数百万 (用户) is
            unit, f = _context_unit(norm, m.start(), end, "count"), 1.0
        yield Quantity(m.start(), end, "", float(low) * f, float(high) * f if high else None, qual, unit, "level", "vague")


_PRIORITY = {"vague": 0, "multiple": 0, "rank": 0, "points": 0}


def _resolve(cands: list[Quantity]) -> list[Quantity]:
    """Longest first among overlapping candidates (special forms win ties), then in text order.
    Taken spans are kept sorted and disjoint, so each check looks at two neighbours only."""
    cands.sort(key=lambda q: (-(q.end - q.start), _PRIORITY.get(q.kind, 1), q.start))
    starts: list[int] = []
    taken: list[Quantity] = []
    for q in cands:
        i = bisect.bisect_left(starts, q.start)
        if i > 0 and taken[i - 1].end > q.start:
            continue
        if i < len(taken) and taken[i].start < q.end:
            continue
        starts.insert(i, q.start)
        taken.insert(i, q)
    return taken


def scan(text: str, *, skip: Sequence[tuple[int, int]] = (), norm: str | None = None) -> list[Quantity]:
    """Every quantity in ``text``; offsets index ``text`` itself. ``norm``: ``normalize(text)`` when
    the caller has it already (normalising converts the whole text)."""
    if not text:
        return []
    norm = normalize(text) if norm is None else norm
    has_cjk = bool(re.search(r"[\u4e00-\u9fff]", norm))
    cands: list[Quantity] = []
    gens = [en_numbers(norm), en_vague(norm), en_percent_of(norm), en_multiple(norm), scan_zh_percent(norm),
            more_quantities(norm, has_cjk), more_forms(norm, has_cjk), en_rank_words(norm)]
    if has_cjk:
        gens = [_zh(norm), _zh_vague(norm), zh_special(norm), *gens]
    for gen in gens:
        for q in gen:
            if not _in_skip(q.start, q.end, skip):
                cands.append(q)
    out = _resolve(cands)
    if has_cjk:
        _zh_bounds(norm, out)
    for q in out:
        if norm[q.end : q.end + 1] == "+" and not re.match(r"[\d\w]", norm[q.end + 1 : q.end + 2]) and q.qualifier in ("exact", "approx"):
            q.end, q.qualifier = q.end + 1, "over"  # 50%+, an estimated $100 million+: "or more" bounds it
        # trim white space the patterns allowed at the edges
        while q.start < q.end and text[q.start].isspace():
            q.start += 1
        while q.end > q.start and (text[q.end - 1].isspace() or text[q.end - 1] in ",.，。、"):
            q.end -= 1
        q.number_text = text[q.start : q.end]
    out = join_ranges(norm, text, out)
    if "|" in norm:
        out = table_units(norm, out)
    coordinated_changes(norm, out)
    signed_losses(norm, out)
    return out

