"""The cue tables (tables/cues.yaml) the metric is read from: each indicator's cue words, the
refinements, and the nouns that name a quantity no indicator measures (a price, a cost, a valuation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["not_an_indicator"]

_META_KEYS = frozenset({"refinements", "no_indicator", "fab_builders", "chip_designers"})


@dataclass(frozen=True, slots=True)
class _Cue:
    """A cue word: found when its letters occur (a fast substring test) and, for a cue written in
    letters, as a whole word."""

    literal: str
    pattern: re.Pattern[str] | None

    def search(self, text: str) -> bool:
        return self.literal in text and (self.pattern is None or self.pattern.search(text) is not None)

    def spans(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Where the cue occurs in ``text[lo:hi]``."""
        if text.find(self.literal, lo, hi) < 0:
            return []  # the fast substring test first: most cues are absent from most windows
        if self.pattern is not None:
            return [m.span() for m in self.pattern.finditer(text, lo, hi)]
        out, i = [], text.find(self.literal, lo, hi)
        while i >= 0:
            out.append((i, i + len(self.literal)))
            i = text.find(self.literal, i + 1, hi)
        return out


@dataclass(frozen=True, slots=True)
class _Cues:
    cues: tuple[_Cue, ...]
    strong: tuple[_Cue, ...]
    units: frozenset[str]
    # only a strong cue names the indicator (plain 算力 is all computing, 智能算力 the AI share)
    needs_strong: bool = False
    # modifiers that take a cue out of the indicator's scope ("military AI investment")
    excludes: tuple[_Cue, ...] = ()
    # the head noun the indicator counts, one of which its sentence must name (sector words alone
    # are no share of papers: "非农商业部门的劳动生产率")
    requires: tuple[_Cue, ...] = ()
    # units that themselves say what is measured (a length of text in tokens or characters): a number
    # in one of them scores half a cue
    unit_cues: frozenset[str] = frozenset()
    # the cue names the indicator only where an AI word modifies it ("AI独角兽", "unicorns in AI"):
    # unicorns in general are not AI unicorns
    ai_modified: bool = False

    def out_of_scope(self, text: str) -> bool:
        """Does an excluding modifier stand just before one of the cues ("军事AI投资", "military AI
        investment": the modifier narrows the noun to something the indicator does not count)?"""
        for ex in self.excludes:
            if ex.literal not in text:
                continue
            for _a, b in ex.spans(text, 0, len(text)):
                # the modifier's phrase only: a comma or a bracket ends it ("受芯片驱动，AI市场规模…")
                stop = _PHRASE_STOP.search(text, b, b + _MODIFIER_REACH)
                reach = stop.start() if stop else b + _MODIFIER_REACH
                if any(cue.spans(text, b, min(len(text), reach + len(cue.literal)))
                       for cue in self.cues + self.strong):
                    return True
        return False


_PHRASE_STOP = re.compile(r"[,，。;；:：、()（）!?！？]")
_MODIFIER_REACH = 12  # "military AI investment", "国防人工智能研发": a modifier and its noun


def _cue(cue: str) -> _Cue:
    return _Cue(cue, _cue_pattern(cue) if re.search(r"[a-z0-9]", cue) else None)


def _cue_pattern(cue: str) -> re.Pattern[str]:
    """A cue matches whole words where it is written in letters ("combat" does not contain "bat");
    Chinese cues match as written (no spaces between words)."""
    body = re.escape(cue)
    if re.match(r"[a-z0-9]", cue):
        body = r"(?<![a-z0-9])" + body
    if re.search(r"[a-z]$", cue):
        body += r"(?:s|es)?(?![a-z0-9])"  # plurals: "patent" cues "patents"
    elif re.search(r"[0-9]$", cue):
        body += r"(?![a-z0-9])"
    return re.compile(body)


@cache
def _cue_table() -> dict[str, Any]:
    return dict(yaml.safe_load((Path(__file__).parent / "tables" / "cues.yaml").read_text(encoding="utf-8")))


@cache
def _refinements() -> list[tuple[str, frozenset[str], tuple[_Cue, ...]]]:
    return [(k, frozenset(v["refines"]), tuple(_cue(str(m).lower()) for m in v["markers"]))
            for k, v in _cue_table().get("refinements", {}).items()]


@cache
def _cues() -> dict[str, _Cues]:
    raw = {k: v for k, v in _cue_table().items() if k not in _META_KEYS}
    return {k: _Cues(tuple(_cue(str(c).lower()) for c in v.get("cues", [])),
                     tuple(_cue(str(c).lower()) for c in v.get("strong", [])),
                     frozenset(str(u) for u in v.get("units", [])), v.get("needs") == "strong",
                     tuple(_cue(str(c).lower()) for c in v.get("excludes", [])),
                     tuple(_cue(str(c).lower()) for c in v.get("requires", [])),
                     frozenset(str(u) for u in v.get("unit_cues", [])),
                     v.get("scope") == "ai_modified") for k, v in raw.items()}




@cache
def _fab_builders() -> frozenset[str]:
    """The chipmakers whose capex builds fabs (tables/cues.yaml ``fab_builders``), lower-cased."""
    return frozenset(str(n).lower() for n in _cue_table().get("fab_builders", {}).get("names", []))


@cache
def _chipmakers() -> frozenset[str]:
    """Every chipmaker of tables/cues.yaml: the fab builders and the chip designers, lower-cased."""
    return _fab_builders() | frozenset(str(n).lower() for n in _cue_table().get("chip_designers", {}).get("names", []))


@cache
def _no_indicator() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The nouns as one pattern (one scan of a window, not one per noun), and the rate patterns."""
    spec = _cue_table().get("no_indicator", {})
    nouns = [_cue(str(c).lower()) for c in spec.get("nouns", [])]
    alternation = "|".join(n.pattern.pattern if n.pattern else re.escape(n.literal) for n in nouns) or r"(?!)"
    return (re.compile(alternation), re.compile(str(spec.get("rate_after", r"(?!)"))),
            re.compile(str(spec.get("rate_before", r"(?!)"))))


# How far from the number a noun still governs it: the words linking them ("估值达到", "costs about",
# "a valuation of") are short; a noun further away belongs to another phrase.
_BEFORE, _AFTER = 20, 16


def _nearest_before(cues: tuple[_Cue, ...], text: str, lo: int, start: int) -> int | None:
    """The distance back from ``start`` to the nearest of ``cues`` ending in ``text[lo:start]``."""
    ends = [b for cue in cues for _a, b in cue.spans(text, lo, start)]
    return start - max(ends) if ends else None


def not_an_indicator(text: str, c0: int, c1: int, start: int, end: int, indicator: str | None,
                     rate: bool) -> bool:
    """Does a noun for a quantity no indicator measures (a price, a cost, a valuation, a tax) govern
    the number ``text[start:end]`` of the clause ``text[c0:c1]``? After the number it heads the noun
    phrase ("15% revenue tax", "15%的收入税": the last noun is the head); before it, it governs when
    nearer than any cue of ``indicator`` ("营收增长, 估值达80亿美元"). A money figure per unit
    ("$0.55 per million tokens", "每股24美元") is a price too, and with ``rate`` any figure per unit
    ("20 citations per patent") is a rate, not a total."""
    nouns, rate_after, rate_before = _no_indicator()
    if rate and (rate_after.match(text, end, c1) or rate_before.search(text[max(c0, start - 12) : start])):
        return True
    if nouns.search(text, end, min(c1, end + _AFTER)):
        return True
    ends = [m.end() for m in nouns.finditer(text, max(c0, start - _BEFORE), start)]
    if not ends:
        return False
    priced = start - max(ends)
    spec = _cues().get(indicator or "")
    cued = _nearest_before(spec.cues + spec.strong, text, c0, start) if spec else None
    return cued is None or priced < cued


# -- facts about the indicators that the metric rules read ------------------------------------

# the words right after a number, up to punctuation: the noun it quantifies ("38,210 inventions")
_COUNTED = re.compile(r"[^,，。;；:：()（）\n]{0,24}")
# a percentage of a chip market is a share of it: "X% of China's high-end AI-chip market", "占国内芯片市场的X%"
# (the indicator is the semiconductor or equipment market's share: other markets are not it)
_CHIP_WORDS = re.compile(r"chip|semiconductor|gpu|processor|accelerator|equipment|lithography|foundr|wafer|芯片|晶片|半导体|处理器|设备|光刻|代工|晶圆")
_OF_MARKET_AFTER = re.compile(r"\s?of\s[^,.;:()]{0,40}?\bmarkets?\b")
_OF_MARKET_BEFORE = re.compile(r"占[^,，。;；]{0,20}市场[^,，。;；]{0,4}$")
# percentage points (and basis points) change a percentage
_POINTS = re.compile(r"百分点|百分點|percentage points?|(?<![a-z])pp(?![a-z])|基点|basis points?")


@cache
def _percent_indicators() -> frozenset[str]:
    from aigap.indicators import catalogue

    return frozenset(k for k, v in catalogue().indicators.items() if v.unit == "percent")


# indicators of AI money and compute: a figure of them needs AI in view (an AI word in its sentence
# or just before it)
_AI_SCOPED = frozenset({"ai_investment_total", "private_ai_investment", "big_tech_ai_capex", "ai_funding_amount",
                        "ai_funding_events", "ai_market_size", "gov_ai_rd_funding", "ai_compute_capacity"})

# a company's accounts, and a semiconductor market share (the catalogue's chip_market_share is any chip
# or equipment market's, AI or not): the same whatever the sentence's topic, so no AI word is needed
_NOT_AI_SPECIFIC = frozenset({"company_revenue", "company_net_profit", "company_orders", "market_cap", "chip_market_share"})
