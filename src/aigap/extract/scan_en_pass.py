"""The English number pass of the scanner: each match of the table-built English pattern resolved to
a ``Quantity`` (scale words, currencies before and after, ranges, counts with their noun), or dropped
when it is a year, a name with digits, a counter or a time window."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aigap.records import Quantity

from .numerals import tables
from .patterns import patterns, unit_tables
from .rx import finditer
from .scan_en import (
    COUNTER_AFTER,
    EVENT_VERB,
    NAME_BEFORE,
    OUT_OF_AFTER,
    OUT_OF_BEFORE,
    READ_BEFORE,
    en_compared_or_dated,
    en_count_unit,
    en_plural_head,
    en_unit_from_noun,
)
from .scan_zh import read_number as _num

__all__ = ["en_numbers"]

_PER_AFTER = re.compile(r"\s+per\s+[A-Za-z]")
_CHANGE_NOUN = re.compile(r"[\s-]+(?:(?!(?:of|in|to|the|an?|for|from|and|on|by|with|than)\b)[a-z]+[\s-]+)?(?:(?P<up>increase|rise|jump|growth|gain|surge|spike|boost)"
                          r"|(?P<down>drop|decline|fall|decrease|reduction|slump|plunge|contraction))s?\b", re.I)
_COUNTER_BEFORE = re.compile(r"\b(?:pages?|pp?\.|chapters?|sections?|figures?|fig\.|tables?|items?|steps?|parts?|vol\.|"
                             r"volumes?|issues?|footnotes?|slides?|articles?)\s*$", re.I)

# the checks every match of the pass makes, compiled once (re's own cache costs a lookup per call)
_ALNUM = re.compile(r"[A-Za-z0-9]")
_DURATION_AFTER = re.compile(r"\s+(?:years?|months?|weeks?|days?)\b")
_OLD_AFTER = re.compile(r"(?:\s+years?|-years?)?[\s-]old\b")
_NODE_AFTER = re.compile(r"[\s-]?(?:nm|nanomet(?:er|re)s?)\b", re.I)
_INCH_AFTER = re.compile(r"[\s-]?(?:inch|in\.|英寸)", re.I)
_YEAR = re.compile(r"(?:1[89]|20|21)\d\d")
_NAME_END = re.compile(r"[A-Za-z\-_/]$|(?<![\u4e00-\u9fff）)”])\.$")
_GLUED_AFTER = re.compile(r"[.\-/:]?\d|[A-Za-z]")
_CENTS_AFTER = re.compile(r"\s+cents?\b", re.I)
_PER_BEFORE = re.compile(r"\bper\s+$", re.I)
_PREV_WORD = re.compile(r"([A-Za-z]+)\W*$")

def en_numbers(norm: str) -> Iterator[Quantity]:
    t = unit_tables()
    p = patterns()
    en_scales = tables()["en_scales"]
    for m in finditer(p.en, norm):
        num = m.group("num")
        s, e = m.start(), m.end()
        if not _ALNUM.search(m.group(0)):
            continue
        is_digits = num[0].isdigit()
        value = _num(num)
        if value is None:
            continue
        unit: str | None = None
        kind = "amount"
        scale = 1.0
        if m.group("scale"):
            scale = en_scales[m.group("scale").lower()]
        elif m.group("bscale"):
            if re.match(r"[\s\-]*(?:parameters?|参数)", norm[e : e + 12]) or (m.group("hyph") or "").lower() == "parameter":
                unit, kind = "parameters", "measure"  # 7B参数, a 70B-parameter model
            elif not m.group("cur"):
                continue  # 910B, A100: names
            scale = en_scales[m.group("bscale").lower()]
        u = (m.group("unit") or m.group("unit2") or "").lower().strip()
        if u.startswith("basis point") or u == "bps":
            unit, kind, scale = "percent", "points", scale * 0.01  # a basis point is a hundredth of a percentage point
        elif u.startswith("percentage point") or u == "points":
            unit, kind = ("percent", "points") if u.startswith("percentage") else ("score", "points")
        elif u == "%" or u.startswith(("percent", "per cent", "percent")) or u.replace(" ", "").startswith("percent"):
            unit, kind = "percent", "percent"
        elif u:
            unit = next((str(v) for k, v in t["en_currency_suffix"].items() if k.lower() == u), None)
        if m.group("cur"):
            unit = str(next(v for k, v in t["en_currency_prefix"].items() if k.lower() == m.group("cur").lower()))
        if m.group("hyph"):
            h = m.group("hyph").lower()
            unit = {"second": "seconds", "minute": "seconds", "month": "months", "year": "years",
                    "parameter": "parameters", "person": "people", "member": "people"}.get(h)
            if unit is None:
                continue
            if h == "minute":
                value *= 60
            kind = "duration" if unit in ("seconds", "months", "years") else kind
        is_duration = unit in ("years", "months") or _DURATION_AFTER.match(norm[e : e + 8])
        if is_duration and (re.search(rf"\b(?:{t['en_window_prefix']})\s+$", norm[max(0, s - 12) : s], re.I)
                            or (m.group("qb") or "").lower() in ("over", "in excess of")):
            continue  # "over the next three years": a time window, not a claim
        if is_duration and re.match(r"(?:\s+(?:years?|months?|weeks?|days?))?\s+(?:after|later|ago|earlier|before|from now)\b",
                                    norm[e : e + 24]):
            continue  # "four months after", "two years ago", "three years from now": the age of an event, not a claim
        if _OLD_AFTER.match(norm[e : e + 12]):
            continue  # 45 years old, a 30-year-old founder: a person's age
        if m.group("hyph") and re.match(r"\s+plans?\b", norm[e : e + 8], re.I):
            continue  # a five-year plan: the name of a planning cycle
        if _NODE_AFTER.match(norm[e : e + 14]):
            continue  # 7 nm, 5-nanometer: a process node, not a quantity
        if _INCH_AFTER.match(norm[e : e + 8]) and not m.group("cur"):
            continue  # 12-inch wafers: a wafer size (annotation.md), not a quantity
        if COUNTER_AFTER.match(norm, e, min(len(norm), e + 16)) or (
                READ_BEFORE.search(norm, max(0, s - 8), s) and re.match(r"\s+times\b", norm[e : e + 8])):
            continue  # 56 comments, Read 1,234 times: a page's counters (annotation.md), not claims
        before = norm[max(0, s - 20) : s]
        if _COUNTER_BEFORE.search(before) and not m.group("cur"):
            continue  # page 12, Table 3, No. 5: page counters and numbering, not claims
        if is_digits and _YEAR.fullmatch(num) and unit is None and not m.group("scale"):
            continue  # a year
        # (a full stop after Chinese text is the normalised 。 that ends a sentence, not a name's dot)
        if _NAME_END.search(before) and not m.group("qb") \
                and not m.group("cur") and not m.group("dir"):
            continue  # GPT-4, A100, 01.AI
        if _GLUED_AFTER.match(norm[e : e + 2]) and unit is None:
            continue  # 2024-12-15, 18:58, 4o
        if unit is None and _CENTS_AFTER.match(norm[e : e + 8]) and not m.group("scale"):
            unit, scale = "USD", 0.01  # 75 cents: an amount of money in dollars
        out_of = is_digits and OUT_OF_AFTER.match(norm, e, min(len(norm), e + 32)) is not None
        if _PER_BEFORE.search(before) and not m.group("cur") and not m.group("qb"):
            continue  # $5 per 1,000 tokens: the denominator of a price or a rate, not a claim
        if is_digits and OUT_OF_BEFORE.search(before) and not m.group("qb"):
            continue  # 16 out of the 17 quarters, 17 of 20 LLMs: the whole only frames the part (annotation.md)
        if unit is None:
            unit = en_unit_from_noun(norm, e)
            if unit is None and out_of:
                unit = en_count_unit(norm, s, e)  # 16 out of the 17: the part is a figure stated
            prev_word = _PREV_WORD.search(before)
            if unit is None and is_digits and en_compared_or_dated(norm, s, e):
                unit = en_count_unit(norm, s, e)  # 5,250 (2015); 195,000 vs US 21,500; China's 5.1 (citations)
            elif unit is None and is_digits and en_plural_head(norm, e):
                unit = en_count_unit(norm, s, e)  # 140 entities, 14 existing entries: a plural noun says what it counts
                if len(num.replace(",", "")) < 4:
                    unit = None if prev_word and prev_word.group(1)[0].isupper() else unit  # Mate 60 phones: a name
            elif unit is None and is_digits and _PER_AFTER.match(norm, e, min(len(norm), e + 24)):
                unit = en_count_unit(norm, s, e)  # "20.2 per patent": a rate is a figure stated, per its denominator
            if prev_word and prev_word.group(1)[0].isupper() and prev_word.group(1).lower() not in t["en_not_names"] \
                    and not m.group("qb") and (unit is None or (NAME_BEFORE.search(before) and not out_of
                                                                 and not en_compared_or_dated(norm, s, e))):
                continue  # Qwen 1.5, Mate 60, ChatGPT 4.0; Fortune 500 firms, the Nasdaq 100 (a name, a space, the number)
            if unit is None and not (m.group("qb") or m.group("scale")):
                continue  # a bare number with nothing to say what it counts
            unit = unit or en_count_unit(norm, s, e)
        if unit == "other:times" and EVENT_VERB.search(before) and not m.group("dir"):
            unit = "count"  # cited 20,000 times: how often something happened, not a multiple
        if not is_digits and unit == "count" and not m.group("scale"):
            continue
        if not is_digits and value == 1 and num.lower() in ("a", "an", "one") and not m.group("scale"):
            continue  # "a model", "one of" (but "one trillion parameters" is an amount)
        if not is_digits and value <= 10 and re.search(r"\b(?:the|these|those|both|all)\s+$", before, re.I):
            continue  # "the three companies": a reference to things named, not a count stated
        value *= scale
        if m.group("neg"):
            value = -value
        high = None
        qualifier = "exact"
        if m.group("num2"):
            v2 = _num(m.group("num2"))
            if v2 is not None:
                high, qualifier = v2 * scale, "range"
        for q in (m.group("qb"), m.group("qa")):
            if q and high is None:
                qualifier = p.qualifier_of.get(q.lower(), qualifier)
        aspect = "share" if out_of and unit != "percent" else "level"  # 17 of 20 LLMs: a part of a stated whole
        noun = _CHANGE_NOUN.match(norm, e, min(len(norm), e + 32)) if unit == "percent" and not m.group("dir") else None
        if noun:  # "a 12-percent increase", "a 95% cost reduction": the noun after says it is a change
            aspect = "change"
            if noun.group("down"):
                value = -value
        if kind == "points" and re.search(r"\bby\s+$", before, re.I):
            aspect = "change"  # "exceeded it by 200 basis points", "to increase by 2 points": the difference stated
        if m.group("dir"):
            aspect = "change"
            if m.group("dir").lower() in [w.lower() for w in t["en_change_down"]]:
                value, high = (-high, -value) if high is not None else (-value, None)
            start_dir = s
        else:
            start_dir = s
        yield Quantity(start_dir, e, "", value, high, qualifier, unit, aspect, kind)  # type: ignore[arg-type]
