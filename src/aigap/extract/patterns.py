"""The scanner's regular expressions, built once from the tables (units, qualifiers, numerals).

Each pattern names its parts with groups that ``scanner.py`` resolves: ``dir`` (change direction),
``qb``/``qa`` (qualifier before/after), ``num``/``num2`` (numbers, a range when both), ``scale``,
``unit``, ``cur`` (currency prefix), ``vague``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .context import _trie_regex
from .rx import fast

__all__ = ["Patterns", "patterns", "unit_tables"]


@cache
def unit_tables() -> dict[str, Any]:
    base = Path(__file__).parent / "tables"
    units: dict[str, Any] = yaml.safe_load((base / "units.yaml").read_text(encoding="utf-8"))
    quals: dict[str, Any] = yaml.safe_load((base / "qualifiers.yaml").read_text(encoding="utf-8"))
    return {**units, **quals}


def _starts(*groups: Any) -> str:
    """A lookahead on the possible first characters of a pattern: positions that cannot start a
    match are rejected with one character test instead of a walk through every alternative."""
    chars: set[str] = set()
    for g in groups:
        for w in g:
            w = str(w)
            if w:
                chars.add(w[0])
                chars.add(w[0].lower())
                chars.add(w[0].upper())
    body = "".join(re.escape(c) for c in sorted(chars))
    return f"(?=[{body}])"


def _alt(words: Any) -> str:
    """An alternation, longest first, escaped; shaped as a trie (one walk down it per position
    instead of a try of every word), which tries the words that match at a position in the same
    order, longest first, unless case-insensitive matching could tell the two shapes apart."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    if _trie_safe(items):
        return _trie_regex(items)
    return "|".join(re.escape(w) for w in items)


def _trie_safe(items: list[str]) -> bool:
    """Whether no word is, ignoring case only, the start of another: under re.I the trie would
    reach the shorter of such a pair first, through its own branch."""
    lowered = [w.lower() for w in items]
    return all(not (lv.startswith(lu) and not v.startswith(u)) and len(lu) == len(u)
               for u, lu in zip(items, lowered, strict=True) for v, lv in zip(items, lowered, strict=True) if u != v)


_EN_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "a", "an")
_EN_NUMBER_TAILS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "hundred", "thousand", "dozen")


def _number_words(words: str, tails: str) -> str:
    """A number in words ("twenty-one", "a hundred"), the words as tries (one walk per word start,
    not a try of thirty words). Their order is free: a word that begins a longer one ("six" in
    "sixteen", "a" in "an") is followed by a letter where the \\b after the number needs a boundary,
    so at most one of them matches at a position (test_fast_paths)."""
    return rf"(?:(?:{words})(?:[\s-](?:{tails}))*)"


def _en_lead(t: dict[str, Any]) -> str:
    """A lookahead on how an English number's match can begin: a digit, or one of the words its
    optional lead groups and its number words open with (a direction, a qualifier, minus, a
    currency, "three"). A word start that begins none of them fails in one walk down one trie,
    not in a walk down each group's in turn (test_fast_paths compares with and without it)."""
    words = [*t["en_change_up"], *t["en_change_down"], *(w for ws in t["en_before"].values() for w in ws),
             "minus", "negative", *t["en_currency_prefix"], *_EN_NUMBER_WORDS]
    return rf"(?=\d|{_alt(words)})"



def _en_vague_lead(t: dict[str, Any]) -> str:
    """The same for a vague amount: a qualifier, a currency or the vague word itself opens it."""
    words = [*(w for ws in t["en_before"].values() for w in ws), *t["en_currency_prefix"], *t["en_vague"]]
    return f"(?={_alt(words)})"

@dataclass(frozen=True)
class Patterns:
    zh: re.Pattern[str]
    zh_vague: re.Pattern[str]
    zh_special: re.Pattern[str]
    en: re.Pattern[str]
    en_vague: re.Pattern[str]
    en_pct_of: re.Pattern[str]
    en_multiple: re.Pattern[str]
    qualifier_of: dict[str, str]


@cache
def patterns() -> Patterns:
    t = unit_tables()
    qualifier_of: dict[str, str] = {}
    for table in ("zh_before", "zh_after", "en_before", "en_after"):
        for qual, words in t[table].items():
            for w in words:
                qualifier_of[str(w).lower()] = qual
    num_ar = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    zh_chars = "零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟"
    num_zh = f"[{zh_chars}]+"
    zh_units = _alt([*t["zh_currency"], *t["zh_measures"], "%", "‰"])
    zh_dir = _alt([*t["zh_change_up"], *t["zh_change_down"]])
    zh_qb = _alt([w for ws in t["zh_before"].values() for w in ws])
    zh_qa = _alt([w for ws in t["zh_after"].values() for w in ws if w not in ("左右", "上下", "以上", "以下", "以内")])
    zh_qa2 = "左右|上下|以上|以下|以内"
    zh_first = _starts([*t["zh_change_up"], *t["zh_change_down"]], [w for ws in t["zh_before"].values() for w in ws],
                       "0123456789", zh_chars)
    # (a scale word also stands before a range's separator: 400万~500万日元, 80亿至150亿元; 跌破 is
    # no fall by the figure but a level below it, read by the qualifier 跌破; 两倍多, 8倍余: more than)
    zh = re.compile(
        rf"{zh_first}(?:(?P<dir>{zh_dir})(?!破)了?\s?)?(?:(?P<qb>{zh_qb})\s?)?"
        rf"(?P<num>(?<!\d)(?<!\d[.,])(?:{num_ar})|(?<![{zh_chars}]){num_zh})(?:\s?(?P<scale>万亿|亿|万|千|兆)(?=\s?(?:{zh_units}|[-~至到]\s?[\d{zh_chars}])))?"
        rf"(?:(?P<u1>\s?%)?\s?(?P<sep>-|~|至|到)\s?(?P<num2>{num_ar}|{num_zh})(?:\s?(?P<scale2>万亿|亿|万|千))?)?"
        rf"(?P<qa>{zh_qa})?\s?(?P<unit>{zh_units})(?P<qa2>{zh_qa2}|(?<=倍)[多余])?"
    )
    vague_phrases = _alt(t["zh_vague_phrases"])
    zh_vague = fast(
        rf"(?P<vague>数[十百千万亿]{{2,}}|几[十百千万亿]{{2,}}|{vague_phrases}|数[十百千万亿]|几[十百千万亿])(?P<unit>{zh_units})?"
    )
    zh_special = fast(
        r"(?P<frac>[一二三四五六七八九十百\d]+分之[一二三四五六七八九十\d]+)"
        r"|(?P<half>一半)"
        r"|(?P<double>翻倍|翻一番|翻了一番|翻两番|翻了两番)"
        rf"|(?P<times>(?:{zh_dir})\s?(?:{zh_qb})?\s?[一二三四五六七八九十两\d.]+倍)"
        r"|(?P<rank>(?:并列|排名|位居|位列|排在|名列|排|居)?(?:世界|全球|全国)?第[一二三四五六七八九十\d]+(?:位|名|大)?)"
        r"|(?P<top>前[一二三四五六七八九十两\d]+(?:%|位|名))"
        r"|(?P<first>榜首)"
        r"|(?P<money>[一二两三四五六七八九十百千万\d.]+(?:元|块|美元)又?[一二两三四五六七八九十\d]+(?:毛|角|美分)"
        r"(?:[一二两三四五六七八九\d]分)?)"
    )
    en_qb = _alt([w for ws in t["en_before"].values() for w in ws])
    en_qa = _alt([w for ws in t["en_after"].values() for w in ws])
    en_dir = _alt([*t["en_change_up"], *t["en_change_down"]])
    cur_pre = _alt(t["en_currency_prefix"])
    cur_suf = _alt(t["en_currency_suffix"])
    # as tries (one walk per word start, not a try of thirty words): the order is free, since a
    # word that begins a longer one ("six" in "sixteen", "a" in "an") is followed by a letter where
    # the \b after the number needs a boundary, so at most one word matches at a position
    num_words = _number_words(_alt(_EN_NUMBER_WORDS), _alt(_EN_NUMBER_TAILS))
    en_scale = r"trillion|billion|million|thousand|crore|lakh|bn|tn|mn"
    en_first = _starts([*t["en_change_up"], *t["en_change_down"]], [w for ws in t["en_before"].values() for w in ws],
                       t["en_currency_prefix"], "0123456789", ["minus", "negative"],
                       ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                        "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "a", "an"])
    # (a range's first end is never a year: "from $2.8 billion in 2015 to $12 billion" is no range; a
    # hedge may follow a dash, an em dash normalised: "-about 25%", and open a bold or a link: about **30%**)
    en = re.compile(
        rf"{en_first}(?<![A-Za-z0-9/])(?:(?<!-)|(?=(?:{en_qb})\s))(?<![A-Za-z0-9%]\.){_en_lead(t)}(?:(?P<dir>{en_dir})\s+(?:by\s+)?)?(?:(?P<qb>{en_qb})(?:\s+(?:\*\*|\[|[\x22\u201c])?|(?<=[~<>])))?(?P<neg>minus\s+|negative\s+)?(?P<cur>{cur_pre})?\s?"
        rf"(?P<num>(?<!\d)(?<!\d[.,])(?:{num_ar})|\b{num_words}\b)(?!\.\d)"
        rf"(?:(?<!(?:19|20)\d\d)\s?(?:(?P<u1>%)\s?-|-|to|and)\s?(?:{cur_pre})?(?P<num2>{num_ar})(?=\s?(?:{en_scale}|%|percent|per cent)))?"
        rf"(?:\s?(?P<scale>{en_scale})\b|(?P<bscale>[BMK])(?=[\s\-]*(?:parameters?|参数|\W|$)))?"
        rf"(?:(?:\s?|-)(?P<unit>%|percent(?:age points?|ages?|s)?|per ?cents?|basis points?|bps|points|{cur_suf})\b|(?P<unit2>\s?%))?"
        rf"(?:-(?P<hyph>second|minute|hour|day|week|month|year|parameter|person|member|page)s?\b)?"
        rf"(?:\s+(?P<qa>{en_qa})\b)?",
        re.I,
    )
    en_multiple = fast(rf"\b(?:(?P<qb>{en_qb})\s+)?(?P<word>{_alt(t['en_multiples'])})\b", re.I)
    en_pct_of = fast(rf"\b(?P<unit>percents?|per ?cents?)\s+of\s+(?P<num>{num_ar}|{num_words})\b", re.I)
    en_vague_first = _starts([w for ws in t["en_before"].values() for w in ws], t["en_currency_prefix"], t["en_vague"])
    en_vague = fast(
        rf"{en_vague_first}\b{_en_vague_lead(t)}(?:(?P<qb>{en_qb})\s+)?(?P<cur>{cur_pre})?(?P<vague>{_alt(t['en_vague'])})"
        rf"(?:\s+(?P<scale>{en_scale})s?\b)?(?:\s+(?P<unit>{cur_suf})\b)?",
        re.I,
    )
    return Patterns(zh, zh_vague, zh_special, en, en_vague, en_pct_of, en_multiple, qualifier_of)
