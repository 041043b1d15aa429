"""English forms read apart from the main number pattern: the noun after a number that names its
unit, "percent of N", verbal multiples (doubled, tripling) and vague amounts (thousands of, billions)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from aigap.records import Quantity

from .numerals import parse_en_words, tables
from .patterns import patterns, unit_tables

__all__ = ["en_multiple", "en_percent_of", "en_unit_from_noun", "en_vague"]

def en_unit_from_noun(norm: str, end: int) -> str | None:
    if not re.match(r"[\s\-]+[A-Za-z]", norm[end : end + 3]):
        return None  # the noun must follow in English (not 10月,美国...GPU)
    after = norm[end : end + 40].lower()
    words = re.findall(r"[a-z][a-z\-]*", after)[:3]
    nouns = unit_tables()["en_nouns"]
    for w in words:
        for unit, ws in nouns.items():
            if w in ws or w.rstrip("s") + "s" in ws:
                return str(unit)
        if w in ("of", "in", "for", "by", "to", "and", "with", "on") and words.index(w) > 0:
            break
    return None


def en_percent_of(norm: str) -> Iterator[Quantity]:
    """"percent of 10": the unit before the number."""
    for m in patterns().en_pct_of.finditer(norm):
        v = parse_en_words(m.group("num"))
        if v is not None:
            yield Quantity(m.start(), m.end(), "", v, None, "exact", "percent", "level", "percent")


def en_multiple(norm: str) -> Iterator[Quantity]:
    """"doubled", "more than tripled": a change in percent."""
    p = patterns()
    table = {k.lower(): v for k, v in unit_tables()["en_multiples"].items()}
    for m in p.en_multiple.finditer(norm):
        qual = p.qualifier_of.get((m.group("qb") or "").lower(), "exact")
        yield Quantity(m.start(), m.end(), "", float(table[m.group("word").lower()]), None, qual,  # type: ignore[arg-type]
                       "percent", "change", "multiple")


def en_vague(norm: str) -> Iterator[Quantity]:
    t = unit_tables()
    en_scales = tables()["en_scales"]
    vague = {k.lower(): v for k, v in t["en_vague"].items()}
    for m in patterns().en_vague.finditer(norm):
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
        unit = unit or en_unit_from_noun(norm, m.end())
        if unit is None:
            continue
        s = m.start("vague") if not m.group("qb") else m.start()
        s = m.start("cur") if m.group("cur") and m.start("cur") < s else s
        yield Quantity(s, m.end(), "", float(low), float(high), "vague", unit, "level", "vague")
