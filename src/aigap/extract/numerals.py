"""Numbers written in Chinese numerals, Arabic digits with scale words, or English words.

Tables live in ``tables/numerals.yaml``. Every parser returns ``None`` for text it cannot read,
never raises.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["fullwidth_table", "parse_en_words", "parse_number", "parse_zh", "tables"]

_ARABIC = re.compile(r"\d+(?:\.\d+)?")


@cache
def tables() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (Path(__file__).parent / "tables" / "numerals.yaml").read_text(encoding="utf-8")
    )
    return data


@cache
def fullwidth_table() -> dict[int, str]:
    t = tables()
    return {ord(a): b for a, b in zip(t["fullwidth"], t["ascii"], strict=True)}


def _small(s: str) -> float | None:
    """A section below 万: 四千六百, 十二, 一百零一, 1千, 2024 written as 二〇二四."""
    t = tables()
    digits, units = t["zh_digits"], t["zh_small_units"]
    if not s:
        return 0.0
    if all(ch in digits for ch in s) and len(s) > 1:
        return float("".join(str(digits[ch]) for ch in s))  # digit by digit: 二〇二四
    total = 0.0
    number: float | None = None
    last_unit = 0
    pos = 0
    while pos < len(s):
        m = _ARABIC.match(s, pos)
        if m:
            number = float(m.group(0))
            pos = m.end()
            continue
        ch = s[pos]
        if ch in "零〇" and pos > 0:
            number = None  # a zero place holder: 一千零十 = 1010
        elif ch in digits:
            number = float(digits[ch])
        elif ch in units:
            total += (1.0 if number is None else number) * units[ch]
            last_unit = units[ch]
            number = None
        else:
            return None
        pos += 1
    if number is not None and last_unit >= 100 and s[-2] in units:
        number *= last_unit / 10  # colloquial 两千六 = 2600, 一百二 = 120
    return total + (number or 0.0)


def parse_zh(text: str) -> float | None:
    """三十一亿 -> 3.1e9, 两万亿 -> 2e12, 5億1萬4千6百 -> 500014600, 1.2万亿 -> 1.2e12,
    负十一 -> -11, 零点零一 -> 0.01, 三万五 -> 35000."""
    s = re.sub(r"\s+", "", text.translate(fullwidth_table())).replace(",", "")
    s = s.replace("廿", "二十").replace("卅", "三十")
    if not s:
        return None
    if s[0] in "负-":
        v = parse_zh(s[1:])
        return None if v is None else -v
    if "点" in s:
        whole, _, frac = s.partition("点")
        wv = parse_zh(whole) if whole else 0.0
        digits = tables()["zh_digits"]
        if wv is None or not frac:
            return None
        if frac.isdigit():
            return wv + float("0." + frac)
        if not all(ch in digits for ch in frac):
            return None
        return wv + float("0." + "".join(str(digits[ch]) for ch in frac))
    big = tables()["zh_big_units"]
    for unit_char, unit in sorted(big.items(), key=lambda kv: -kv[1]):
        if unit_char in s:
            left, _, right = s.partition(unit_char)
            lv = parse_zh(left) if left else 1.0
            if lv is None:
                return None
            if right and right[0] in big and big[right[0]] > 0:
                # 万亿: the next big unit multiplies what came before
                rest = parse_zh(right[1:]) if right[1:] else 0.0
                if rest is None:
                    return None
                return lv * unit * big[right[0]] + rest
            digits = tables()["zh_digits"]
            if len(right) == 1 and right in digits:
                return lv * unit + digits[right] * unit / 10  # 三万五 = 35000
            rv = parse_zh(right) if right else 0.0
            if rv is None:
                return None
            return lv * unit + rv
    return _small(s)


def parse_en_words(text: str) -> float | None:
    """sixty-one -> 61, two hundred and five -> 205, a dozen -> 12, three million -> 3e6."""
    t = tables()
    units, tens, mult = t["en_units"], t["en_tens"], t["en_multipliers"]
    words = [w for w in re.split(r"[\s\-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if _ARABIC.fullmatch(w.replace(",", "")):
            current += float(w.replace(",", ""))
        elif w in units:
            current += units[w]
        elif w in tens:
            current += tens[w]
        elif w in mult:
            m = mult[w]
            if m == 100:
                current = (current or 1) * 100
            elif m == 12:
                current = (current or 1) * 12
            else:
                total += (current or 1) * m
                current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """Any one number: Arabic with separators and scale words (31亿, 12,450, 1.9bn), Chinese
    numerals (三十一亿, 百分之二十八 -> 28), or English words (sixty-one)."""
    s = text.strip().translate(fullwidth_table())
    if not s:
        return None
    m = re.fullmatch(r"百分之(.+)", s)
    if m:
        return parse_zh(m.group(1))
    m = re.fullmatch(r"(.+?)分之(.+)", s)
    if m:
        den, num = parse_zh(m.group(1)), parse_zh(m.group(2))
        return None if not den or num is None else num / den * 100
    m = re.fullmatch(r"([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([A-Za-z]+)?", s)
    if m:
        value = float(m.group(2).replace(",", "") + (m.group(3) or ""))
        if m.group(1) == "-":
            value = -value
        if m.group(4):
            scale = tables()["en_scales"].get(m.group(4).lower())
            if scale is None:
                return None
            value *= scale
        return value
    money = re.fullmatch(r"(.+?)[元圆](?:(.)角)?(?:(.)分)?[整正]?", s)
    if money and re.search(r"[\u4e00-\u9fff]", money.group(1)):
        yuan = parse_zh(money.group(1))
        jiao = parse_zh(money.group(2)) if money.group(2) else 0.0
        fen = parse_zh(money.group(3)) if money.group(3) else 0.0
        if yuan is None or jiao is None or fen is None:
            return None
        return yuan + jiao / 10 + fen / 100
    if re.search(r"[\u3007\u4e00-\u9fff]", s) or s[0] in "-+":
        return parse_zh(s)
    return parse_en_words(s)
