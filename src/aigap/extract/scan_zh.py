"""Chinese special forms: fractions (三分之一), halves (一半), doublings (翻倍), multiples of a change
(增长两倍), ranks (位居第二), list bounds (前十名), 榜首, and money in 元/角/分; with the small readers
the scanners share (the character at a position, a number in any script)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aigap.records import Quantity

from .numerals import parse_en_words, parse_zh
from .patterns import patterns, unit_tables
from .rx import finditer

__all__ = ["char_at", "read_number", "zh_special"]


def char_at(text: str, pos: int) -> str:
    """The character at ``pos``, or NUL outside the text (so ``in "..."`` tests stay honest)."""
    return text[pos] if 0 <= pos < len(text) else "\0"


_HAN = re.compile(r"[\u3007\u4e00-\u9fff]")


def read_number(text: str) -> float | None:
    s = text.replace(",", "").strip()
    try:
        return float(s)
    except ValueError:
        pass
    if _HAN.search(s):
        return parse_zh(s)
    return parse_en_words(s)


def zh_special(norm: str) -> Iterator[Quantity]:
    t = unit_tables()
    for m in finditer(patterns().zh_special, norm):
        s, e, g = m.start(), m.end(), m.lastgroup
        text = m.group(0)
        if g == "frac":
            den, _, numr = text.partition("分之")
            if den in ("百", "千", "万"):
                continue  # 百分之N and 千分之N are read by the percent grammar
            dv, nv = read_number(den), read_number(numr)
            if dv and nv is not None:
                yield Quantity(s, e, "", nv / dv * 100, None, "exact", "percent", "share", "percent")
        elif g == "half":
            if char_at(norm, e) not in "年天" and char_at(norm, s - 1) not in "上下":
                qb = re.search(r"(?:超过|超|逾|近|将近|约|不到|不足)$", norm[max(0, s - 2) : s])  # 超过一半
                s = qb.start() + max(0, s - 2) if qb else s
                qual = patterns().qualifier_of.get(qb.group(0), "exact") if qb else "exact"
                yield Quantity(s, e, "", 50.0, None, qual, "percent", "share", "percent")  # type: ignore[arg-type]
        elif g == "double":
            v = 300.0 if "两" in text else 100.0
            yield Quantity(s, e, "", v, None, "exact", "percent", "change", "multiple")
        elif g == "times":
            body = re.search(r"([一二三四五六七八九十两\d.]+)倍", text)
            assert body
            v = read_number(body.group(1)) or 0.0
            qual = next((patterns().qualifier_of[q] for q in patterns().qualifier_of if q in text and re.search(r"[\u4e00-\u9fff]", q)), "exact")
            sign = -1 if any(w in text for w in t["zh_change_down"]) else 1
            q_start = s + text.index(next((q for q in ("超过", "约", "近", "至少") if q in text), body.group(0)))
            yield Quantity(q_start, e, "", sign * v * 100, None, qual, "percent", "change", "multiple")  # type: ignore[arg-type]
        elif g == "rank":
            num = re.search(r"第([一二三四五六七八九十\d]+)", text)
            assert num
            has_verb = re.match(r"(?:并列|排名|位居|位列|排在|名列|排|居)", text)
            tail_ok = re.search(r"(?:位|名|大)$", text) or char_at(norm, e) in ",.;!?)\n\0"
            if not (has_verb or tail_ok) or char_at(norm, e) in "次类篇章届代批季期轮版页号条步点个":
                continue
            if not has_verb and char_at(norm, s - 1) in "\n.;:!?\0 *#" and char_at(norm, e) in ",、:":
                continue  # 第一,技术上...: a list item's number at the head of a clause
            rank_v = read_number(num.group(1))
            if rank_v is not None:
                yield Quantity(s, e, "", rank_v, None, "exact", "rank", "level", "rank")
        elif g == "top":
            if "中" in norm[e : e + 5] or "里" in norm[e : e + 3] or (text.endswith("名") and norm[e : e + 1] == "的"):
                continue  # 前十名中: a list that frames another figure
            top_v = read_number(text[1:].rstrip("%位名"))
            if top_v is not None:
                unit = "percent" if text.endswith("%") else "rank"
                yield Quantity(s, e, "", top_v, None, "at_most", unit, "level", "rank")
        elif g == "money":
            parts = re.fullmatch(r"(.+?)(元|块|美元)又?(.+?)(毛|角|美分)(?:(.)分)?", text)
            assert parts
            whole, small = read_number(parts.group(1)), read_number(parts.group(3))
            if whole is None or small is None:
                continue
            fen = (read_number(parts.group(5)) or 0.0) / 100 if parts.group(5) else 0.0
            value = whole + (small / 100 if parts.group(4) == "美分" else small / 10) + fen
            unit = "USD" if parts.group(2) == "美元" else "CNY"
            yield Quantity(s, e, "", value, None, "exact", unit, "level", "amount")
        elif g == "first":
            yield Quantity(s, e, "", 1.0, None, "exact", "rank", "level", "rank")
