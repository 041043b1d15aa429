"""The first-character lookahead of ``aigap.extract.rx``: it must never change what a pattern matches."""

from __future__ import annotations

import re

import pytest

from aigap.extract.rx import fast, first_chars

# Sentences written for this test, mixing the forms the scanners read.
TEXTS = [
    "中国AI投资增长了百分之十二,较去年提高3个百分点;约三成企业、负5%、八折、千分之五、一半、第二位。",
    "美國的投資約為500億美元,佔全球的四分之一,翻了一番,超过2倍,前10名,3元5角。",
    "Investment more than doubled to about $4.5 billion, up 12 percent, roughly a third of the total; "
    "hundreds of millions of dollars, 3 percent of 40, minus 2%, the US and China had 40 and 15.",
    "", "12345", "no numbers at all here", "A\u00a0B 1,234.5 tn 7B parameters 30-year-old",
]


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"(?P<sign>负\s*|-\s*)?(?:百\s*分|(?P<n>\d+)%)", 0, "[负\\-百\\d]"),  # optional lead, then a choice
    (r"\b(?:(?:about|over)\s+)?(?:doubled|tripled)\b", re.I, "[aodt]"),  # zero-width \b skipped
    (r"(?<!\d)(?:a|b?)c", 0, "[abc]"),  # an optional alternative lets the next item start a match
    (r"\d{0,2}[A-Z]", 0, "[\\dA-Z]"),
    (r"a*b?", 0, None),  # can match the empty string: no bound
    (r".x", 0, None),  # any character
    (r"[^a]b", 0, None),  # a negated class
    (r"(?i)abc", 0, None),  # an inline global flag
    (r"(?i:a)b", 0, None),  # a scoped flag changes what a class would mean
    (r"(a)\1", 0, "[a]"),
    (r"(a)?\1b", 0, None),  # a back reference may come first
])
def test_first_chars_bounds_the_start_of_every_match(pattern: str, flags: int, expected: str | None) -> None:
    assert first_chars(pattern, flags) == expected


def test_fast_leaves_prefix_optimised_patterns_alone() -> None:
    # a pattern opening with a literal or a lookahead is already skipped along by the engine
    assert fast(r"数[十百]|几十").pattern == r"数[十百]|几十"
    assert fast(r"(?=[ab])(?:a|b)").pattern == r"(?=[ab])(?:a|b)"
    assert fast(r"(?:负)?百分").pattern.startswith("(?=[负百])")


def _scanner_patterns() -> list[re.Pattern[str]]:
    from aigap.extract import percent_zh
    from aigap.extract.patterns import patterns

    p = patterns()
    return [p.zh, p.zh_vague, p.zh_special, p.en, p.en_vague, p.en_pct_of, p.en_multiple, percent_zh._pattern()]


def _unwrapped(compiled: re.Pattern[str]) -> str:
    """The pattern ``fast`` was given: its output is ``(?=<first chars>)(?:<pattern>)``."""
    source, flags = compiled.pattern, compiled.flags & re.I
    k = source.find("])(?:")
    while source.startswith("(?=[") and k != -1:
        raw = source[k + 5 : -1]
        try:
            if first_chars(raw, flags) == source[3 : k + 1]:
                return raw
        except re.error:
            pass  # not where the wrapping ends
        k = source.find("])(?:", k + 1)
    return source


@pytest.mark.parametrize("index", range(8))
def test_fast_patterns_match_exactly_what_the_plain_patterns_match(index: int) -> None:
    compiled = _scanner_patterns()[index]
    plain = re.compile(_unwrapped(compiled), compiled.flags)
    for text in TEXTS:
        for pos in range(len(text)):  # every starting position, so lookbehinds see real context
            got = [(m.span(), m.groupdict()) for m in compiled.finditer(text, pos)]
            want = [(m.span(), m.groupdict()) for m in plain.finditer(text, pos)]
            assert got == want, (plain.pattern[:60], text, pos)
