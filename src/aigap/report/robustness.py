"""The report's robustness section, read from the typed gap answer: the composite gap with fixed and
sampled weights, leave-one-source-out, and the published composites beside aigap's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aigap.analyze.answer import Band, GapAnswer

from .numbers import DASH, fmt_num
from .sentences import Writer

__all__ = ["RobustnessSection", "edition_in", "robustness_section", "split_edition"]

MAX_SOURCES = 8
# "GVT 2025 (data 2024)": the edition's name, then the year of its data (the anchors file's gloss)
_DATA_YEAR = re.compile(r"\s*(?:\(data (\d{4})\)|（(\d{4})年数据）)$")


def split_edition(edition: str) -> tuple[str, str]:
    """(the edition's own name, aigap's gloss on its data year, as written)."""
    m = _DATA_YEAR.search(edition)
    return (edition, "") if m is None else (edition[:m.start()], edition[m.start():])


def edition_in(edition: str, lang: str) -> str:
    """The edition with the year of its data said in ``lang``: "GVT 2025（2024年数据）"."""
    m = _DATA_YEAR.search(edition)
    if m is None:
        return edition
    year = m.group(1) or m.group(2)
    return edition[:m.start()] + (f"（{year}年数据）" if lang == "zh" else f" (data {year})")


@dataclass(slots=True)
class RobustnessSection:
    sentences: list[str] = field(default_factory=list)
    mover_title: str | None = None  # the source the answer rests on most, named after the sentence
    loo: list[tuple[str, str, str, str]] = field(default_factory=list)  # title, figures, gap without, change
    anchor_columns: list[str] = field(default_factory=list)
    anchors: list[list[str]] = field(default_factory=list)
    why: str = ""
    # the numbers its sentences state
    sampled: Band | None = None  # composite gap, weights sampled
    fixed: Band | None = None  # composite gap, weights fixed
    base: float | None = None  # composite gap with every source
    without: float | None = None  # composite gap without the biggest mover
    both: int = 0  # indicators with figures for both countries


def _band(b: Band | None) -> str:
    if b is None or b.median is None or b.low is None or b.high is None:
        return "–"
    return f"{fmt_num(b.median, 1)} [{fmt_num(b.low, 1)}{DASH}{fmt_num(b.high, 1)}]"


def _num(x: float | None, nd: int = 1, sign: bool = False) -> str:
    if x is None:
        return "–"
    return ("+" if sign and x > 0 else "") + fmt_num(x, nd)


def robustness_section(w: Writer, a: GapAnswer) -> RobustnessSection | None:
    if len(a.countries) < 2 or a.composite_gap.point is None:
        return None
    c0, c1 = a.countries[:2]
    out = RobustnessSection()
    r = a.robustness
    out.sampled, out.fixed, out.base = r.composite_gap_sampled_weights, r.composite_gap_fixed_weights, a.composite_gap.point
    if r.composite_gap_fixed_weights is not None:
        out.sentences.append(w.label("weights_intervals", first=w.country(c0), second=w.country(c1),
                                     sampled=_band(r.composite_gap_sampled_weights),
                                     fixed=_band(r.composite_gap_fixed_weights)))
    m = r.biggest_mover
    if m is not None and m.composite_gap_without is not None:
        out.sentences.append(w.label("mover", without=_num(m.composite_gap_without), base=_num(a.composite_gap.point)))
        out.mover_title, out.without = m.title, m.composite_gap_without
    out.loo = [(x.title, str(x.figures), _num(x.composite_gap_without), _num(x.change, sign=True))
               for x in r.leave_one_source_out[:MAX_SOURCES]]
    names = [w.country_title(c) for c in a.countries]
    out.anchor_columns = [w.label("anchors_index"), w.label("anchors_edition"), *names,
                          w.label("anchors_ratio", first=w.country(c0), second=w.country_title(c1)),
                          w.label("anchors_aigap", first=w.country(c0), second=w.country_title(c1))]
    out.anchors = [[x.index, edition_in(x.edition, w.lang), *[fmt_num(x.values[c], 2) if c in x.values else w.label("anchors_missing")
                                          for c in a.countries], _num(x.ratio, 2), _num(x.aigap_ratio, 2)]
                   for x in a.anchors]
    out.both = sum(1 for i in a.indicators if c0 in i.values and c1 in i.values and not i.set_aside)
    out.why = w.label("anchors_why", n=out.both, weights=w.weights_label(a.weights))
    return out
