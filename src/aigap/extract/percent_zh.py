"""Chinese percentages beyond "N%": 百分之N, N个百分点, 千分之N, N成 (tenths), N折 (a discount, the
share paid), 对折, and signed forms, including the spaced-out writing of forms and OCR (百 分 之 五).

Only these anchored forms allow spaces between characters, so ordinary text is not over-read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from aigap.records import Quantity

from .numerals import parse_zh
from .patterns import unit_tables
from .rx import fast, finditer

__all__ = ["scan_zh_percent", "zh_direction"]

_N0 = r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟\d]"
_N = r"[零〇一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟\d.,]"
# possessive (*+): a long run of digits and commas is read once, never re-tried from each position
_NB = "零〇一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟\\d"
_NUM = rf"(?<![{_NB}])(?<![{_NB}][.,]){_N0}(?:\s*{_N})*+"
_DENOMINATORS = {"千": 1e3, "仟": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "万万": 1e8, "百万万": 1e10}


@cache
def _pattern() -> re.Pattern[str]:
    dens = "|".join(sorted(_DENOMINATORS, key=len, reverse=True))
    return fast(
        # every form starts with a sign, a numeral, 对 or 半: one character test rejects other positions
        rf"(?=[负\-对半+±{_NB}])(?:(?P<tol>\+/-\s*|±\s*)|(?P<sign>负\s*|(?<![\d%/A-Za-z])-\s*))?(?:"
        # (54%-59%: a range's dash, mid-30%: a hyphen after a word, neither a minus; +/-2%, ±2%: a
        # tolerance, stated as its size)
        rf"百\s*分\s*之\s*(?P<pct>{_NUM})(?P<k>\s*[kK])?"
        rf"|(?P<pts>{_NUM})(?P<k2>\s*[kK])?\s*个\s*百\s*分\s*点"
        rf"|(?P<den>{dens})\s*分\s*之\s*(?P<permil>{_NUM})"
        rf"|(?P<cheng>{_NUM}|半)\s*成(?:\s*(?P<chalf>半)|\s*(?P<cdigit>[一二三四五六七八九](?![十百千万亿])))?(?P<cqa>以上|左右|多)?"
        rf"|(?P<zhe>{_NUM}|对|半)\s*折"
        rf"|(?<!\d)(?<!\d\.)(?P<ppct>\d+(?:\.\d+)?)\s*%"
        rf")"
    )


@cache
def _direction_before() -> re.Pattern[str]:
    t = unit_tables()
    words = sorted({*t["zh_change_up"], *t["zh_change_down"]}, key=len, reverse=True)
    quals = sorted({w for ws in t["zh_before"].values() for w in ws}, key=len, reverse=True)
    return re.compile(rf"(?P<dir>{'|'.join(words)})了?\s?(?:{'|'.join(quals)})?\s?$")


def zh_direction(norm: str, start: int) -> int:
    """+1 or -1 when a change verb stands right before ``start`` (骤降约4成, 增长近三成), else 0."""
    m = _direction_before().search(norm, max(0, start - 8), start)
    if not m:
        return 0
    return -1 if m.group("dir") in unit_tables()["zh_change_down"] else 1


def _value(raw: str) -> float | None:
    s = re.sub(r"\s+", "", raw).rstrip(".,")
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    if "," in s:
        return None
    return parse_zh(s)


def _zhe(raw: str) -> float | None:
    """A discount: 八折 = 80%, 75折 = 75%, 三八折 = 38%, 9.9折 = 99%, 八点五折 = 85%."""
    s = re.sub(r"\s+", "", raw)
    if s in ("对", "半"):
        return 50.0
    if re.fullmatch(r"\d\d", s):
        return float(s)
    if re.fullmatch(r"[一二两三四五六七八九]{2}", s):
        a, b = parse_zh(s[0]), parse_zh(s[1])
        return None if a is None or b is None else a * 10 + b
    v = _value(s)
    return None if v is None or v >= 10 else v * 10


def scan_zh_percent(norm: str) -> Iterator[Quantity]:
    for m in finditer(_pattern(), norm):
        value: float | None
        g = m.groupdict()
        kind, aspect, qualifier = "percent", "level", "exact"
        if g["pct"] is not None:
            value = _value(g["pct"])
            if value is not None and g["k"]:
                value *= 1000
        elif g["pts"] is not None:
            value = _value(g["pts"])
            kind = "points"
            if value is not None and g["k2"]:
                value *= 1000
        elif g["den"] is not None:
            v = _value(g["permil"])
            value = None if v is None else v / _DENOMINATORS[g["den"]] * 100
        elif g["cheng"] is not None:
            base = 0.5 if g["cheng"] == "半" else _value(g["cheng"])
            if base is None or base > 10 or re.match(r"[为功本立员都果长熟就交不千为]", norm[m.end() : m.end() + 1]):
                continue  # 成为, 成功, 一成不变: not tenths
            value = (base + (0.5 if g["chalf"] else 0) + ((parse_zh(g["cdigit"]) or 0) / 10 if g["cdigit"] else 0)) * 10
            aspect = "share"
            qualifier = {"以上": "over", "多": "over", "左右": "approx"}.get(g["cqa"] or "", "exact")
            sign = zh_direction(norm, m.start())
            if sign:
                value, aspect = value * sign, "change"
        elif g["zhe"] is not None:
            value = _zhe(g["zhe"])
            if norm[m.end() : m.end() + 1] and norm[m.end()] in "合扣算旧叠返射线":
                continue  # 折合, 折扣, 折旧: other words
        else:
            if not g["sign"] and not g["tol"]:
                continue  # plain N% is read by the main scanner
            value = float(g["ppct"])
        if value is None:
            continue
        if g["sign"]:
            value = -value
        yield Quantity(m.start(), m.end(), "", value, None, qualifier, "percent", aspect, kind)  # type: ignore[arg-type]
