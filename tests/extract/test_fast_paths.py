"""The extractor's fast paths give exactly what the plain computations give: the first-character
lookahead of ``aigap.extract.rx``, the matching copy's character replacement, the garbage count."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aigap.extract.furniture import _CHUNK, _TEXTLIKE, _garbage_spans
from aigap.extract.normalize import _table, _translate, normalize
from aigap.extract.patterns import _alt
from aigap.extract.rx import fast, first_chars

# Sentences written for this test, mixing the forms the scanners read.
TEXTS = [
    "中国AI投资增长了百分之十二,较去年提高3个百分点;约三成企业、负5%、八折、千分之五、一半、第二位。",
    "美國的投資約為500億美元,佔全球的四分之一,翻了一番,超过2倍,前10名,3元5角。",
    "Investment more than doubled to about $4.5 billion, up 12 percent, roughly a third of the total; "
    "hundreds of millions of dollars, 3 percent of 40, minus 2%, the US and China had 40 and 15.",
    "", "12345", "no numbers at all here", "A\u00a0B 1,234.5 tn 7B parameters 30-year-old",
    "It ranked second-largest, in first place, No. 3, the 2nd biggest; 近三成 and 超过五成以上.",
    "From 2014 to 2023, in FY2024, 2024年上半年, 2023年5月, March 2025, last year, 去年, 2020年至2024年间.",
    "It grew 37pc to 75 USD million, 30 MUSD; 5.6pc.",
    "Call 010-8765-4321 or (021) 12345678 at 09:30:15, code 600519.SH, mail a.b@example.com, 12-3号.",
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
    (r"(?i:a)b", 0, "[aA]"),  # a scoped re.I: its opening letter in both cases
    (r"(a)\1", 0, "[a]"),
    (r"(a)?\1b", 0, None),  # a back reference may come first
    (r"(?i:ab)c|x", 0, "[aAx]"),  # a scoped re.I: both cases of its opening letter
    (r"(?i:[a-z])c", 0, None),  # ... a range under it is not bounded here
])
def test_first_chars_bounds_the_start_of_every_match(pattern: str, flags: int, expected: str | None) -> None:
    assert first_chars(pattern, flags) == expected


_TURNED = [r"(?<!\d)\d{2}", r"\b\d{1,3}-\d", r"(?=\d)(?<![\d:])\d{1,2}:\d\d(?![\d:])", r"(?<![a1-])(?P<n>\d+)(?P<u>%|a)?",
           r"(?<![a-])[a1]++-", r"(?<!a)(?<=[ 1])1+?a", r"\b(?:(?P<g>1)a|1)"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="1a -:%2", max_size=40))
def test_turned_patterns_match_like_the_plain_ones(text: str) -> None:
    for source in _TURNED:
        turned, plain = fast(source), re.compile(source)
        for pos in (0, 1, 3):
            assert [(m.span(), m.groups()) for m in turned.finditer(text, pos)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text, pos)], source


def test_fast_turns_patterns_that_open_with_assertions_and_one_character() -> None:
    # same source, other compiled code: the character first (the engine then scans for it itself)
    for source in _TURNED[:-1]:
        assert fast(source).pattern == source
        assert fast(source) != re.compile(source)
    assert fast(r"\b(?:(?P<g>1)a|1)").pattern.startswith("(?=[1])")  # an alternation is not turned


def test_fast_leaves_prefix_optimised_patterns_alone() -> None:
    # a pattern opening with a literal or a lookahead is already skipped along by the engine
    assert fast(r"数[十百]|几十").pattern == r"数[十百]|几十"
    assert fast(r"(?=[ab])(?:a|b)").pattern == r"(?=[ab])(?:a|b)"
    assert fast(r"(?:负)?百分").pattern.startswith("(?=[负百])")
    # a hand-written opening lookahead wider than the pattern's real first characters gets the narrower one
    assert fast(r"(?=[a-z\d])(?:\d+%|from)").pattern.startswith("(?=[\\df])")


def _scanner_patterns() -> list[re.Pattern[str]]:
    from aigap.extract import dates, furniture, percent_zh, scan_forms, scan_more
    from aigap.extract.patterns import patterns

    p = patterns()
    return [p.zh, p.zh_vague, p.zh_special, p.en, p.en_vague, p.en_pct_of, p.en_multiple, percent_zh._pattern(),
            *(v for v in vars(scan_more).values() if isinstance(v, re.Pattern)),
            *(v for v in vars(scan_forms).values() if isinstance(v, re.Pattern)), *furniture._patterns()[1],
            dates._DATE]


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


@pytest.mark.parametrize("index", range(len(_scanner_patterns())))
def test_fast_patterns_match_exactly_what_the_plain_patterns_match(index: int) -> None:
    compiled = _scanner_patterns()[index]
    plain = re.compile(_unwrapped(compiled), compiled.flags)
    for text in TEXTS:
        for pos in range(len(text)):  # every starting position, so lookbehinds see real context
            got = [(m.span(), m.groupdict()) for m in compiled.finditer(text, pos)]
            want = [(m.span(), m.groupdict()) for m in plain.finditer(text, pos)]
            assert got == want, (plain.pattern[:60], text, pos)


_TABLE_CHARS = "".join(chr(k) for k in _table())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TABLE_CHARS + "ab1,. 中国美國\n"), max_size=60))
def test_translate_is_str_translate(text: str) -> None:
    assert _translate(text) == text.translate(_table())


def test_normalize_maps_full_width_forms_and_keeps_length() -> None:
    text = "美國投資１２３億美元，佔３５％。"
    out = normalize(text)
    assert out == "美国投资123亿美元,占35%."
    assert len(out) == len(text)


def _garbage_by_counting_language(text: str) -> list[tuple[int, int]]:
    """The count as first written: the chunk's length less its language characters."""
    spans = []
    for lo in range(0, len(text), _CHUNK):
        chunk = text[lo : lo + _CHUNK]
        bad = len(chunk) - len(_TEXTLIKE.findall(chunk)) + chunk.count("\ufffd") * 2
        if bad > len(chunk) * 0.15:
            spans.append((lo, lo + len(chunk)))
    return spans


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 中。1%\ufffd\x00\x07\u2603\U0001f600@^~"), max_size=700))
def test_garbage_spans_count_what_is_not_language(text: str) -> None:
    assert _garbage_spans(text) == _garbage_by_counting_language(text)


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(alphabet="aAb ", min_size=1, max_size=4), min_size=1, max_size=6),
       st.text(alphabet="aAbc ", max_size=30), st.sampled_from([0, re.I]))
def test_alt_trie_matches_like_the_longest_first_alternation(words: set[str], text: str, flags: int) -> None:
    flat = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # what follows may or may not match: the order the words are tried in decides the match
    shaped, plain = re.compile(f"(?:{_alt(words)})(?:c|)", flags), re.compile(f"(?:{flat})(?:c|)", flags)
    assert [m.span() for m in shaped.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_context_spans_are_remembered_per_unit() -> None:
    from aigap.extract.context import build_context

    ctx = build_context("Intro line here.\nFirst, the US had 40; then 50. China had 30 of them.")
    pos = ctx.norm.index("40")
    first = (ctx.clause(pos), ctx.sentence(pos), ctx.paragraph(pos))
    assert ctx.norm[slice(*first[0])].strip() == "the US had 40;"
    assert ctx.norm[slice(*first[1])].strip() == "First, the US had 40;"
    assert (ctx.clause(pos), ctx.sentence(pos), ctx.paragraph(pos)) == first  # the memo keeps units apart


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["5", "12", "%", "percent", "per cent", "of", "doubled", "个", "亿", "成", "分之", "倍",
                                 "thirds", "half", "x", "fold", "pc", "ſ", "ı", "PERCENT", " ", "，", "Two", "第"]),
                max_size=12))
def test_a_skipped_pass_could_not_have_matched(words: list[str]) -> None:
    from aigap.extract.rx import may_match

    text = " ".join(words)
    for compiled in _scanner_patterns():
        if compiled.search(text):
            assert may_match(compiled, text), (compiled.pattern[:60], text)


def test_a_pass_is_skipped_only_without_its_strings() -> None:
    from aigap.extract.rx import finditer, may_match

    pct_of = re.compile(r"\bper ?cents?\s+of\s+\d+", re.I)
    assert not may_match(pct_of, "美国的投资为500亿美元。")
    assert list(finditer(pct_of, "Two PER CENT OF 40")) != []
    assert may_match(re.compile(r"seven", re.I), "ſeven")  # ſ is an s under re.I: lower-casing misses it
    assert re.compile(r"seven", re.I).search("ſeven")


def _cue_sentences() -> list[str]:
    """Lower-cased sentences of the seed corpus and of TEXTS: the texts cue hits are asked about."""
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "src" / "aigap" / "data" / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))] + TEXTS
    return [s.lower() for t in texts for s in re.split(r"(?<=[。.;；!?！？\n])", t) if s.strip()]


def test_cue_hits_found_by_literal_are_each_cues_own_search() -> None:
    from aigap.extract.attribute import _hits
    from aigap.extract.cues import _cues

    sentences = _cue_sentences()
    assert len(sentences) > 200
    found = 0
    for text in sentences:
        for ind, spec in _cues().items():
            plain = (frozenset(i for i, c in enumerate(spec.cues) if c.search(text)),
                     frozenset(i for i, c in enumerate(spec.strong) if c.search(text)))
            assert _hits(text, ind) == plain, (ind, text[:80])
            found += bool(plain[0] or plain[1])
    assert found > 100  # the sentences do hold cues


# Characters that an ASCII class matches under re.I only by case folding, and digits beyond the
# basic plane (\d matches them): the start set must hold them all.
_FOLD_TEXTS = ["ſeven ſome PERCENT 3 \u212aB 5\u212a İn ıt", "\U0001d7d95% 𝟗𝟗 \U000104a3 倍 ABOUT 𝟕 percent"]


def _searched_patterns() -> list[re.Pattern[str]]:
    """The scanners' passes and the patterns searched in windows around numbers."""
    from aigap.extract import scan_en

    return _scanner_patterns() + [v for v in vars(scan_en).values() if isinstance(v, re.Pattern)]


@pytest.mark.parametrize("index", range(len(_searched_patterns())))
def test_scanning_with_a_start_set_matches_what_the_pattern_matches(index: int) -> None:
    from aigap.extract.rx import scanning

    compiled = re.compile(_searched_patterns()[index].pattern, _searched_patterns()[index].flags)
    scanned = scanning(compiled)
    for text in TEXTS + _FOLD_TEXTS:
        for pos in range(len(text)):
            got = [(m.span(), m.groupdict()) for m in scanned.finditer(text, pos)]
            want = [(m.span(), m.groupdict()) for m in compiled.finditer(text, pos)]
            assert got == want, (compiled.pattern[:60], text, pos)
            assert bool(scanned.search(text, pos)) == bool(compiled.search(text, pos))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="1a -:%2sSſKkİıI\u212a𝟗", max_size=30))
def test_scanning_folds_case_like_the_engine(text: str) -> None:
    from aigap.extract.rx import scanning

    for source, flags in [(r"(?=[a-z\d])(?:s\w|k1|i\s|\d%)", re.I), (r"(?:(?P<q>about|ſ)\s)?(?P<n>\d+)%?", re.I),
                          (r"(?:a\s)?[1-2]+(?::|%)", 0), (r"(?<![a-z])(?:\d|İ)k?", re.I)]:
        plain = re.compile(source, flags)
        assert [(m.span(), m.groups()) for m in scanning(plain).finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_scanning_gives_a_start_set_to_patterns_re_leaves_without_one() -> None:
    from aigap.extract.rx import scanning

    led = re.compile(r"(?=[\dA])(?:(?:about\s)?\d+%)", re.I)
    assert scanning(led) is not led  # a lookahead-led pattern gets the set
    prefixed = re.compile(r"percent\s\d")
    assert scanning(prefixed) is prefixed  # re found the literal prefix itself
    assert scanning(re.compile(r".x")) is re.compile(r".x")  # first characters not bounded


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "an", "six", "sixteen", "sixty", "four", "fourteen", "forty", "nine", "ninety",
                                 "hundred", "dozen", "one", "-", " ", "x", "S", "AN", "Sixteen", "ty", "1"]), max_size=10))
def test_number_words_as_tries_match_like_the_words_in_order(words: list[str]) -> None:
    from aigap.extract.patterns import _EN_NUMBER_TAILS, _EN_NUMBER_WORDS, _alt, _number_words

    text = "".join(words)
    tried = re.compile(rf"\b{_number_words(_alt(_EN_NUMBER_WORDS), _alt(_EN_NUMBER_TAILS))}\b", re.I)
    plain = re.compile(rf"\b{_number_words('|'.join(_EN_NUMBER_WORDS), '|'.join(_EN_NUMBER_TAILS))}\b", re.I)
    assert [m.span() for m in tried.finditer(text)] == [m.span() for m in plain.finditer(text)]


# Every form of the date pattern that opens with a digit or an English word, in sentences written for
# this test (and the opener words' near misses: "these", "total", "inside", "Marchers").
_DATE_TEXTS = [
    "A year-earlier loss, the year-ago quarter, up from $3 billion a year ago, a year earlier; fourth-quarter sales.",
    "Over the past five years, in the last 3 years, the past two years; five years ago, 12 years ago.",
    "From 2014 to 2023 and between 2019 and 2021; in FY2024, FY 25, FY'26, fiscal year 2023, 2024 fiscal year.",
    "Q1 FY26, FY2026 Q3, the first half of 2024, Second half of 2023, H1 2025, 2025H2, the third quarter of 2024.",
    "Fourth quarter of 2022, Q3 2024, 2024 Q4, the end of 2025, End of 2019, March 2025, Sept. 3, 2024, Jan 2023.",
    "2025-10-11, 2026/01/16, 2025-10, 2025.10.11, in 2024, the 2022 H100, 1950 billion, 《2025全球独角兽榜》.",
    "Last year, THIS YEAR, The Previous Year, next year; now, Currently, current, to date, At present, Today.",
    "Yesterday, this week, This month, on Thursday, On Monday, last week, over the past month, In the past week.",
    "January 27, December 3rd, in April, by June, since May, from July, until August, through September.",
    "During October, early November, late December, end of January, last February, this March, Mid-March.",
    "Q2 guidance, Q4, these totals, thereby, tenfold, twofold, sixty, seventy, eighty, ninety, fifteen, Marchers.",
    "inside, bystander, nowhere, Octopus, Decimal, Monthly, Wedge, Junk, Julep, Augment, Satin, Sunny, Tuesday.",
    "10年前, 3年间, 7年来, 3年从5%到25%, 5个年, 12月, 3-5月, 2024年上半年, 去年10月, 过去10年, 近六年, 周四, 近期.",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "past", "last", "Last", "five", "years", "ago", "in", "In", "2024", "12",
                                 "3", "年", "月", "个", "至", "-", "Q3", "FY", "H1", "from", "to", "first", "half", "of",
                                 "quarter", "end", "March", "May", "on", "Monday", "this", "week", "now", "THIS", "YEAR",
                                 "next", "year", "mid-", "Mid-", "April", "x", " ", ",", "\n"]), max_size=12))
def test_date_openers_only_skip_positions_no_date_starts_at(words: list[str]) -> None:
    from aigap.extract import dates

    fast_dates = dates._DATE
    plain = re.compile(fast_dates.pattern.replace(dates._OPENERS, "", 1), fast_dates.flags)
    assert plain.pattern != fast_dates.pattern
    for text in [" ".join(words), "".join(words)]:
        assert [(m.span(), m.groupdict()) for m in fast_dates.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], text


def test_date_openers_keep_every_date_form() -> None:
    from aigap.extract import dates

    fast_dates = dates._DATE
    plain = re.compile(fast_dates.pattern.replace(dates._OPENERS, "", 1), fast_dates.flags)
    for text in _DATE_TEXTS + TEXTS + _cue_sentences():
        for pos in range(0, len(text), 7):
            got = [(m.span(), m.groupdict()) for m in fast_dates.finditer(text, pos)]
            assert got == [(m.span(), m.groupdict()) for m in plain.finditer(text, pos)], (text, pos)
    assert len(list(fast_dates.finditer(" ".join(_DATE_TEXTS)))) > 70  # the sentences hold the forms


def test_per_pattern_memo_computes_once_per_pattern_object() -> None:
    from aigap.extract.patcache import per_pattern

    calls: list[re.Pattern[str]] = []

    @per_pattern
    def upper(p: re.Pattern[str]) -> str:
        calls.append(p)
        return p.pattern.upper()

    a, b = re.compile("ab"), re.compile("xy", re.I)
    assert upper(a) == upper(a) == "AB" and calls == [a]  # remembered
    assert upper(b) == "XY" and calls == [a, b]  # another pattern is computed for itself
    assert upper(a) == "AB" and len(calls) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["rose", "fell", "by", "about", "over", "more", "than", "~", "minus", "negative", "US$", "$",
                                 "HK$", "RMB", "three", "a", "an", "hundred", "12", "1,200", "4.5", "billion", "%",
                                 "percent", "-", "to", "model", "Apple", "x", " ", ",", "A100"]), max_size=12))
def test_en_lead_only_skips_positions_no_number_starts_at(words: list[str]) -> None:
    from aigap.extract.patterns import _en_lead, patterns, unit_tables

    led = patterns().en
    plain = re.compile(led.pattern.replace(_en_lead(unit_tables()), "", 1), led.flags)
    assert plain.pattern != led.pattern
    for text in [" ".join(words), "".join(words), " ".join(words).upper()]:
        assert [(m.span(), m.groupdict()) for m in led.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], text
    for text in TEXTS + _DATE_TEXTS:
        assert [(m.span(), m.groupdict()) for m in led.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["about", "over", "nearly", "some", "US$", "$", "hundreds", "of", "thousands", "millions",
                                 "dozens", "several", "billion", "dollars", "yuan", "tens", "model", "x", " ", ","]),
                max_size=10))
def test_en_vague_lead_only_skips_positions_no_vague_amount_starts_at(words: list[str]) -> None:
    from aigap.extract.patterns import _en_vague_lead, patterns, unit_tables

    led = patterns().en_vague
    plain = re.compile(led.pattern.replace(_en_vague_lead(unit_tables()), "", 1), led.flags)
    assert plain.pattern != led.pattern
    for text in [" ".join(words), "".join(words), " ".join(words).title(), *TEXTS]:
        assert [(m.span(), m.groupdict()) for m in led.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(text)], text
