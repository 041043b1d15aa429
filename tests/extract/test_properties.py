"""Round trips: every integer and decimal up to 10^13 written as Chinese numerals, as Arabic digits
with 万/亿 scales, and as English words parses back to its value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from aigap.extract.numerals import parse_en_words, parse_number, parse_zh

DIGITS = "零一二三四五六七八九"
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _zh_section(n: int) -> str:
    """0 < n < 10000 in Chinese numerals, with 零 for gaps (一千零一)."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += DIGITS[d] + unit
            zero = False
        else:
            zero = True
    return out


def to_zh(n: int) -> str:
    if n == 0:
        return "零"
    parts, out = [], ""
    while n:
        parts.append(n % 10000)
        n //= 10000
    units = ["", "万", "亿", "万亿"]
    for i in range(len(parts) - 1, -1, -1):
        sec = parts[i]
        if sec:
            if out and sec < 1000:
                out += "零"
            out += _zh_section(sec) + units[i]
    return out


def to_en(n: int) -> str:
    def small(k: int) -> str:
        words = []
        if k >= 100:
            words += [ONES[k // 100], "hundred"]
            k %= 100
        if k >= 20:
            words.append(TENS[k // 10] + ("-" + ONES[k % 10] if k % 10 else ""))
        elif k:
            words.append(ONES[k])
        return " ".join(words)

    if n == 0:
        return "zero"
    words = []
    for value, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        k = n // value % 1000
        if k:
            words.append((small(k) + " " + name).strip())
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_zh(to_zh(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**13))
def test_english_words_round_trip(n: int) -> None:
    assert parse_en_words(to_en(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**13), st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]))
def test_arabic_with_scale_round_trip(n: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    digits = Decimal(n) / factor
    text = f"{digits.normalize():f}{word}"
    assert parse_number(text) == float(Decimal(n)) or abs(parse_number(text) - n) <= 1e-9 * n  # type: ignore[operator]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d: Decimal) -> None:
    assert parse_number(f"{d:f}") == float(d)
    assert parse_number(f"{d:,f}") == float(d)
