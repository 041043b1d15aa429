"""English forms read apart from the main number pattern: the noun after a number that names its
unit, "percent of N", verbal multiples (doubled, tripling) and vague amounts (thousands of, billions)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from aigap.records import Quantity

from .numerals import parse_en_words, tables
from .patterns import patterns, unit_tables
from .rx import finditer, scanning

__all__ = ["COUNTER_AFTER", "EVENT_VERB", "NAME_BEFORE", "OUT_OF_AFTER", "OUT_OF_BEFORE", "READ_BEFORE",
           "en_compared_or_dated", "en_count_unit", "en_multiple", "en_percent_of", "en_plural_head", "en_unit_from_noun", "en_vague"]

_CHIP_PLURAL = re.compile(r"\s+(?:[A-Za-z]+\s)?[A-Z]{1,3}\d{2,4}[A-Z]?s?\b(?![-.]\d)")


_CONTEXT_AFTER = re.compile(r"[\s-]?(?:上下文|context\b)", re.I)
_ENGLISH_AFTER = re.compile(r"[\s\-]+[A-Za-z]")
_TIMES_AFTER = re.compile(r"-times?\b", re.I)
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
_PHRASE_BREAK = re.compile(r"[,;:!?()\[\]]|\.\s")
_ACRONYM = re.compile(r"\([a-z]{1,8}\)")
_WORD = re.compile(r"[a-z][a-z\-]*")


@functools.cache
def _noun_index() -> dict[str, tuple[int, str]]:
    """Each noun of units.yaml ``en_nouns`` with the first unit (in the table's order) that lists it."""
    index: dict[str, tuple[int, str]] = {}
    for rank, (unit, words) in enumerate(unit_tables()["en_nouns"].items()):
        for word in words:
            index.setdefault(word, (rank, str(unit)))
    return index


def en_unit_from_noun(norm: str, end: int) -> str | None:
    if _CONTEXT_AFTER.match(norm[end : end + 9]):
        return "tokens"  # a 128K context (window), 128K上下文: a context length is counted in tokens
    if not _ENGLISH_AFTER.match(norm[end : end + 3]):
        return None  # the noun must follow in English (not 10月,美国...GPU)
    if _TIMES_AFTER.match(norm[end : end + 7]):
        return None  # a 3-time founder, a two-time winner: how often, as an adjective; no multiple
    if _CHIP_PLURAL.match(norm, end, min(len(norm), end + 24)):
        return "chips"  # 100,000 H100s, 20,000 Nvidia A100s, 1.46M H20: units of a chip model
    after = _HAN_CHAR.split(norm[end : end + 48].lower(), maxsplit=1)[0]  # English words only
    # the noun is in the number's own phrase (an acronym in parentheses inside it is a word of it)
    after = _PHRASE_BREAK.split(_ACRONYM.sub(" ", after), maxsplit=1)[0]
    words = _WORD.findall(after)[:6]
    # a partitive "50,000 of the latest GPUs" counts the noun after "of the"; else four words at most
    words = words[2:6] if words[:2] in (["of", "the"], ["of", "its"], ["of", "their"]) else words[:4]
    index = _noun_index()
    for i, w in enumerate(words):
        if w == "per":
            break  # "$5 million per system": the noun after "per" is the denominator, not what is counted
        if w in ("this", "that", "next", "last", "a", "each", "every") or w in _NUMBER_WORDS or (i > 0 and w in _NOT_HEADS):
            break  # "50000 robots this year", "10 includes three labs": another phrase begins
        found = min((index[x] for x in (w, w.rstrip("s") + "s") if x in index), default=None)
        if found is not None:
            unit = found[1]
            if not (i > 0 and unit in ("years", "months", "seconds", "other:days", "other:weeks", "other:hours")):
                return unit
            # only the word right after a number makes it a duration
        if w in ("of", "in", "for", "by", "to", "and", "with", "on") and words.index(w) > 0:
            break
    return None


_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand"}
# Words that end a noun phrase after a number (a head noun must come before them)
_PHRASE_END = {"of", "in", "for", "by", "to", "and", "or", "with", "on", "at", "from", "than", "as", "per", "the",
               "a", "an", "is", "are", "was", "were", "has", "have", "had", "will", "would", "that", "which", "who"}
# Plural-looking words that are verbs, or nouns whose count is time, or only structures the text
# (annotation.md: "18 key takeaways" is not a claim; durations are read elsewhere)
_NOT_HEADS = {"includes", "remains", "means", "seems", "becomes", "shows", "says", "goes", "does", "gets", "makes",
              "takes", "comes", "stands", "represents", "accounts", "ranks", "years", "months", "weeks", "days",
              "hours", "minutes", "seconds", "decades", "takeaways", "reasons", "ways", "things", "steps", "lessons",
              "questions", "pages", "chapters", "sections", "parts", "items", "tips", "facts", "points", "times",
              "trends", "pillars", "factors", "percents", "others", "ones", "terms", "levels", "stages", "rounds"}


_HEAD_WORDS = re.compile(r"[ -]([A-Za-z][A-Za-z-]*)(?: ([A-Za-z][A-Za-z-]*))?(?: ([A-Za-z][A-Za-z-]*))?(?: ([A-Za-z][A-Za-z-]*))?")


def en_plural_head(norm: str, end: int) -> bool:
    """A plural noun heads the words right after a bare number (140 entities, 14 existing entries,
    343 PLA equipment contracts): the number counts those things."""
    m = _HEAD_WORDS.match(norm[end : end + 60])
    if not m:
        return False
    for w in (g for g in m.groups() if g):
        lw = w.lower()
        if lw in _PHRASE_END:
            return False
        if lw in _NOT_HEADS or lw.endswith(("-year", "-month")):
            return False
        if len(lw) >= 4 and lw.endswith("s") and not lw.endswith(("ss", "us", "is", "'s")):
            return True
    return False


_DATED_AFTER = re.compile(r"\s?\((?:19|20)\d\d\)|\s+in\s+(?:19|20)\d\d\)|\s+(?:vs\.?|versus|compared (?:to|with))\s", re.I)
_WITH_BEFORE = re.compile(r"\bwith\s+$", re.I)
_CLAUSE_END = re.compile(r"\s?(?:[,;.)]|$)|\s+(?:and|followed|ahead|while|whereas)\b", re.I)
_COMPARED_BEFORE = re.compile(r"(?:\b(?:vs\.?|versus)\s+(?:the\s+)?[A-Z][A-Za-z.]*(?:'s|’s)?|[A-Za-z](?:'s|’s))\s+$")


def en_compared_or_dated(norm: str, start: int, end: int) -> bool:
    """A bare number that a year in parentheses dates (5,250 (2015), (39,000 in 2025)) or that is
    set against another (195,000 vs US 21,500, China's 5.1): a figure stated, its noun given earlier."""
    if _DATED_AFTER.match(norm, end, min(len(norm), end + 24)):
        return True
    if _WITH_BEFORE.search(norm, max(0, start - 6), start) and _CLAUSE_END.match(norm, end, min(len(norm), end + 12)) \
            and re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d{2,}", norm[start:end]):
        return True  # "China leads with 310, the US with 120": the noun is the ranking's, named before
    if _FROM_TO.search(norm, max(0, start - 90), start):
        return True  # "from 500 engineers to 900": the second figure of a change
    return _COMPARED_BEFORE.search(norm, max(0, start - 24), start) is not None


_NUMBER_OF = re.compile(r"\b(?:number|numbers|count|total)\s+of\s+(?P<n>[A-Za-z -]{1,48})$", re.I)
_NOUN_NUMBERS = re.compile(r"\b(?P<n>[a-z]+)\s+(?:numbers|base|count)\b[^.;:!?\n\d]{0,24}$", re.I)
_FROM_TO = re.compile(r"\bfrom\s+(?:(?!(?:pages?|chapters?|sections?|tables?|figures?|steps?|items?)\b)[a-z]+\s+)?~?"
                      r"(?P<x>\d[\d,.]*(?:\s?[kKmMbB](?![A-Za-z]))?)(?![\d,.])[^.;!?\n\d]{0,48}\bto\s+(?:[a-z]+\s+)?~?$")
_NUMBER_NOUN = re.compile(r"\d[\d,.]*\s+(?P<n>[a-z]+)\b")
_GENERIC_AFTER = re.compile(r"[\s-]+(?:units?|shipments?|pieces?)\b", re.I)
_CHIP_BEFORE = re.compile(r"\b(?:chips?|gpus?|processors?|accelerators?|ascend|semiconductors?)\b", re.I)
# searched in the window before (or the sentence of) every bare English number: the engine skips to
# the letters they can start with instead of entering them at every position
_WITH_BEFORE, _FROM_TO, _COMPARED_BEFORE, _NUMBER_OF, _NOUN_NUMBERS, _CHIP_BEFORE = map(
    scanning, (_WITH_BEFORE, _FROM_TO, _COMPARED_BEFORE, _NUMBER_OF, _NOUN_NUMBERS, _CHIP_BEFORE))


def en_count_unit(norm: str, start: int, end: int) -> str:
    """The unit of a count whose noun does not follow it: "the number of users reached 515 million",
    "user numbers reaching 602 million" (the noun before), "200,000 units" of chips named earlier in
    the sentence; else count."""
    lo = max(0, start - 80)
    before = norm[lo:start]
    m = _NUMBER_OF.search(before) or _NOUN_NUMBERS.search(before)
    for w in (m.group("n").lower().split()[:4] if m else []):
        unit = _noun_unit(w)
        if unit is not None and unit not in ("years", "months", "seconds"):
            return unit
    from_to = _FROM_TO.search(norm, max(0, start - 90), start)
    if from_to:  # "from 805k units this year to ~300k next year": the second figure counts what the first does
        first_end = from_to.end("x")
        unit = en_unit_from_noun(norm, first_end)
        if unit is None and first_end < start - 1:
            unit = en_count_unit(norm, from_to.start("x"), first_end)
        if unit is not None and unit != "count" and unit not in ("years", "months", "seconds"):
            return unit
    if _COMPARED_BEFORE.search(norm, max(0, start - 24), start):
        # "20.2 citations per patent vs China's 5.1": the figure set against takes the other's noun
        prior = list(_NUMBER_NOUN.finditer(norm, max(0, start - 80), start))
        if prior:
            unit = _noun_unit(prior[-1].group("n").lower())
            if unit is not None and unit not in ("years", "months", "seconds"):
                return unit
    if _GENERIC_AFTER.match(norm, end, min(len(norm), end + 12)):
        sent = re.split(r"[.;!?\n]\s", norm[max(0, start - 160) : start])[-1]
        of_what = re.match(r"[\s-]+units?\s+of\s+[^.;!?\n]{0,30}", norm[end : end + 48], re.I)  # units of its AI chips
        if _CHIP_BEFORE.search(sent) or (of_what and _CHIP_BEFORE.search(of_what.group(0))):
            return "chips"
    return "count"


def _noun_unit(w: str) -> str | None:
    for unit, ws in unit_tables()["en_nouns"].items():
        if w in ws or w.rstrip("s") + "s" in ws:
            return str(unit)
    return None


def en_percent_of(norm: str) -> Iterator[Quantity]:
    """"percent of 10": the unit before the number."""
    for m in finditer(patterns().en_pct_of, norm):
        v = parse_en_words(m.group("num"))
        if v is not None:
            yield Quantity(m.start(), m.end(), "", v, None, "exact", "percent", "level", "percent")


def en_multiple(norm: str) -> Iterator[Quantity]:
    """"doubled", "more than tripled": a change in percent."""
    p = patterns()
    table = {k.lower(): v for k, v in unit_tables()["en_multiples"].items()}
    for m in finditer(p.en_multiple, norm):
        qual = p.qualifier_of.get((m.group("qb") or "").lower(), "exact")
        yield Quantity(m.start(), m.end(), "", float(table[m.group("word").lower()]), None, qual,  # type: ignore[arg-type]
                       "percent", "change", "multiple")


def en_vague(norm: str) -> Iterator[Quantity]:
    t = unit_tables()
    en_scales = tables()["en_scales"]
    vague = {k.lower(): v for k, v in t["en_vague"].items()}
    for m in finditer(patterns().en_vague, norm):
        low, high = vague[m.group("vague").lower()]
        scale = en_scales[m.group("scale").lower()] if m.group("scale") else 1.0
        unit: str | None = None
        if m.group("unit"):
            unit = str(next(v for k, v in t["en_currency_suffix"].items() if k.lower() == m.group("unit").lower()))
        if m.group("cur"):
            unit = str(next(v for k, v in t["en_currency_prefix"].items() if k.lower() == m.group("cur").lower()))
        if m.group("vague").lower().endswith(" of") and m.group("scale"):
            low, high = low * scale, high * scale  # hundreds of millions
        elif m.group("scale"):
            low, high = low * scale, high * scale
        unit = unit or en_unit_from_noun(norm, m.end()) or _vague_default_unit(norm, m)
        if unit is None:
            continue
        s = m.start("vague") if not m.group("qb") else m.start()
        s = m.start("cur") if m.group("cur") and m.start("cur") < s else s
        yield Quantity(s, m.end(), "", float(low), float(high), "vague", unit, "level", "vague")
    for m in finditer(_VAGUE_DOLLAR, norm):
        scale = en_scales[m.group("sc").lower()]
        yield Quantity(m.start(), m.end(), "", scale, scale * 10, "vague", "USD", "level", "vague")
    for m in finditer(_VAGUE_SPAN, norm):
        sa, sb = (en_scales[g.lower().rstrip("s")] if g else None for g in (m.group("sa"), m.group("sb")))
        low = _LOW[m.group("a").lower()] * (sa or sb or 1.0)
        high = _LOW[m.group("b").lower()] * 10 * (sb or 1.0)
        if not low < high:
            continue
        top = max(sb or sa or 1.0, _LOW[m.group("b").lower()])  # the larger scale reached: low millions
        unit = en_unit_from_noun(norm, m.end()) or ("USD" if top >= 1e6 and not _OF_NOUN.match(norm, m.end())
                                                     else "count")
        yield Quantity(m.start(), m.end(), "", low, high, "vague", unit, "level", "vague")


# "millions"/"billions" with no noun of their own are money in English ("hefty billions", "hundreds of
# millions required"); "thousands of drones", "thousands" alone count things.
_OF_NOUN = re.compile(r"\s+of\s+[A-Za-z]")
_MONEY_SCALES = ("million", "billion", "trillion")


def _vague_default_unit(norm: str, m: re.Match[str]) -> str | None:
    word = m.group("vague").lower()
    scale = (m.group("scale") or "").lower()
    if _OF_NOUN.match(norm, m.end()):
        return "count"  # millions of Ascend dies
    if word.endswith(" of") and not scale:
        return "count"  # "thousands of" + a noun phrase in quotes or markup
    if scale in _MONEY_SCALES or word.rstrip("s") in _MONEY_SCALES:
        return "USD"
    if word == "thousands":
        return "count"
    return None


_LOW = {"tens": 10.0, "hundreds": 100.0, "thousands": 1000.0, "millions": 1e6, "billions": 1e9}
# a span of vague amounts: tens to hundreds of millions, hundreds of thousands to low millions
_VAGUE_SPAN = re.compile(r"(?=[tThHmMbB])\b(?P<a>tens|hundreds|thousands|millions)(?:\s+of\s+(?P<sa>thousands|millions|billions))?"
                         r"\s+to\s+(?:(?:the\s+)?(?:low|high|mid)\s+)?(?P<b>tens|hundreds|thousands|millions|billions)"
                         r"(?:\s+of\s+(?P<sb>thousands|millions|billions)\b)?", re.I)
# billion-dollar (investments): an amount of that order, [1e9, 1e10] (annotation.md: vague amounts)
# (multi-billion-dollar too: several of that order, the same interval)
_VAGUE_DOLLAR = re.compile(r"(?=[mMbBtT])(?<![\w-])(?:multi-?)?(?P<sc>million|billion|trillion)-dollar\b", re.I)


# Cues the main English pattern reads around a number (scanner._en)
# verbs of events counted: "cited 20,000 times" is a count of citations (but "grew three times" a multiple)
EVENT_VERB = re.compile(r"\b(?:cited|downloaded|viewed|used|called|accessed|installed|played|streamed|shared|"
                        r"mentioned|visited|searched|clicked|retweeted|invoked|queried)\s+(?:(?:over|more than|about|"
                        r"nearly|some|around|almost)\s+)?$", re.I)
OUT_OF_BEFORE = re.compile(r"(?<![\d,.])\d[\d,.]*\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:last\s+|past\s+)?$", re.I)
OUT_OF_AFTER = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:last\s+|past\s+)?\d", re.I)
COUNTER_AFTER = re.compile(r"\s+(?:views|comments|likes|replies|upvotes|retweets|reposts)\b", re.I)
READ_BEFORE = re.compile(r"\b(?:Read|Viewed|Views?)\s+$", re.I)
# a name joined to the number by one space ("Fortune 500", "S&P 500") inside a sentence: after a
# lower-case word (not a sentence's or a line's first word, nor a word of a title-case headline)
NAME_BEFORE = re.compile(r"\b[a-z]+,?\s(?:the\s)?[A-Z][A-Za-z&]+ $")
