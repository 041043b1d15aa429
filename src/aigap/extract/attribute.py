"""Attribution: whose figure it is (subject, entity), what it measures (metric), when it holds
(period), and whether it is a level, a change or a share (aspect)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aigap.records import Quantity

from .context import Context, Mention
from .period import period

__all__ = ["Attribution", "attribute"]

_SHARE_CLAUSE = re.compile(r"^\s*(?:其中|(?:of which|with|including|among them)\b)", re.I)
_SHARE_RATIO = re.compile(r"(?:仅为|只有|为|是|相当于)[^,，。;]{0,6}的\s?$")
_ORIGIN_BEFORE = re.compile(r"(?:来自|源自|为|属于|在|from|in|of)\s?$", re.I)
# 占全球…的三成, "a share of the global market": the world is the whole, not whose figure it is.
_WHOLE_BEFORE = re.compile(r"(?:占|佔|占据|of the|of)\s?$")
# Sold, shipped or exported *to* a country: a multinational's sales there are that country's figure.
_DESTINATION_BEFORE = re.compile(r"(?:to|into|in|向|对|销往|出口到|卖给)\s?(?:the\s)?$", re.I)
_TRADE_WORDS = re.compile(r"sold|sell|sales|shipped|ship|shipments|export|revenue|market share|销售|出货|出口|营收|收入|份额")
# A comparison opens a new subject: "DeepSeek charges $0.14 versus OpenAI's $15", "而美国为…".
_CONTRAST = re.compile(r"\b(?:versus|vs\.?|compared (?:to|with)|than|while|whereas)\b|相比|对比|相较|而(?![是且言])|高于|低于", re.I)
_COUNT_UNITS = {"models", "companies", "count", "chips", "people", "papers"}
_CURRENCIES = {"USD", "CNY", "EUR", "JPY", "GBP", "HKD"}


@dataclass(slots=True)
class Attribution:
    subject: str | None
    entity: str | None
    metric: str
    aspect: str
    period: str | None
    # the evidence behind the metric: the winning cue score and the runner-up's (for confidence)
    metric_score: float = 0.0
    metric_runner_up: float = 0.0


@dataclass(frozen=True, slots=True)
class _Cue:
    """A cue word: found when its letters occur (a fast substring test) and, for a cue written in
    letters, as a whole word."""

    literal: str
    pattern: re.Pattern[str] | None

    def search(self, text: str) -> bool:
        return self.literal in text and (self.pattern is None or self.pattern.search(text) is not None)


@dataclass(frozen=True, slots=True)
class _Cues:
    cues: tuple[_Cue, ...]
    strong: tuple[_Cue, ...]
    units: frozenset[str]


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
    raw = {k: v for k, v in _cue_table().items() if k != "refinements"}
    return {k: _Cues(tuple(_cue(str(c).lower()) for c in v.get("cues", [])),
                     tuple(_cue(str(c).lower()) for c in v.get("strong", [])),
                     frozenset(str(u) for u in v.get("units", []))) for k, v in raw.items()}


def _first(ctx: Context, lo: int, hi: int, *, kinds: tuple[str, ...] = ("country", "entity"),
           exclude: tuple[str, ...] = ("WORLD",)) -> Mention | None:
    for m in ctx.places_in(lo, hi):
        if m.end <= hi and m.kind in kinds and m.code not in exclude and not m.source:
            return m
    return None


def _last(ctx: Context, lo: int, hi: int, *, kinds: tuple[str, ...] = ("country", "entity"),
          exclude: tuple[str, ...] = ("WORLD",)) -> Mention | None:
    for m in reversed(ctx.places_in(lo, hi)):
        if m.end <= hi and m.kind in kinds and m.code not in exclude and not m.source:
            return m
    return None


def _in_parens(text: str, lo: int, pos: int) -> bool:
    """Is ``pos`` inside a parenthesis opened after ``lo``?"""
    seg = text[lo:pos]
    return seg.count("(") > seg.count(")")


def _subject_position(ctx: Context, m: Mention) -> bool:
    """A mention that opens its clause (after a connective) is the clause's subject, not an object."""
    c0, _c1 = ctx.clause(m.start)
    lead = ctx.norm[c0 : m.start]
    lead = re.sub(r"^\s*(?:而|但是|但|和|且|同时|此外|其中|在|当时|则|in contrast|meanwhile|while|and|the)?\s*", "", lead,
                  flags=re.I)
    return len(lead.strip()) <= 2


def _last_subject(ctx: Context, lo: int, hi: int) -> Mention | None:
    for m in reversed(ctx.places_in(lo, hi)):
        if m.end <= hi and m.code != "WORLD" and not m.source and _subject_position(ctx, m):
            return m
    return None


_DEICTIC = frozenset({"我国", "国内", "国产", "本土", "中资", "大陆", "mainland", "domestic"})
_LIST_LINE = re.compile(r"\s*(?:[-*•·]\s|#{1,6}\s|\d{1,2}[.)、]\s?|\||\*\*[^*\n]{1,40}\*\*\s?[:：])")


def _in_list(ctx: Context, pos: int) -> bool:
    """Is ``pos`` on a bullet, numbered, table or bold-labelled line (a section's item)?"""
    line_start = ctx.line_start(pos)
    return bool(_LIST_LINE.match(ctx.norm, line_start))


def _subject(ctx: Context, q: Quantity) -> tuple[str | None, str | None]:
    c0, c1 = ctx.clause(q.start)
    s0, _s1 = ctx.sentence(q.start)
    p0, _p1 = ctx.paragraph(q.start)
    after = next((m for m in ctx.places_in(q.end, c1) if m.end <= c1 and m.code != "WORLD" and not m.source
                  and not _in_parens(ctx.norm, q.end, m.start)), None)
    origin = None
    destination = None
    if after and (_ORIGIN_BEFORE.search(ctx.norm[max(0, after.start - 4) : after.start]) or after.start - q.end <= 1):
        origin = after  # 来自中国, 千百家本土企业: the counted thing's origin
    elif after and after.kind == "country" and _DESTINATION_BEFORE.search(ctx.norm[max(0, after.start - 8) : after.start]) \
            and _TRADE_WORDS.search(ctx.lower[c0:c1]):
        destination = after  # "Nvidia sold $7.3 billion of GPUs to China": China's purchases
    elif q.kind != "rank" or q.unit != "percent":
        # A world total: the clause opens with 全球/global and names no country or company before the
        # number ("全球AI投资达到…", "global shipments reached …"), whatever the sentence before named.
        opener = _first(ctx, c0, q.start, exclude=())
        if opener is not None and opener.code == "WORLD" and _first(ctx, opener.end, q.start) is None \
                and not _WHOLE_BEFORE.search(ctx.norm[max(c0, opener.start - 3) : opener.start]):
            entity_w = _first(ctx, c0, q.start, kinds=("entity",))
            return "WORLD", entity_w.text if entity_w else None
    if q.kind == "rank" and q.unit == "percent":
        return None, None  # 前20%: a definition, about no one country
    contrast = None
    for cm in _CONTRAST.finditer(ctx.norm, c0, q.start):
        contrast = cm
    contrasted = _first(ctx, contrast.end(), q.start) if contrast is not None else None
    choice = (
        destination
        or contrasted
        or _first(ctx, c0, q.start)
        or origin
        or _last_subject(ctx, s0, q.start)
        or _last(ctx, s0, q.start)
        or after
        or _last_subject(ctx, p0, q.start)
        or _last(ctx, p0, q.start)
    )
    entity_m = _first(ctx, c0, q.start, kinds=("entity",)) or _last(ctx, s0, q.start, kinds=("entity",))
    entity = entity_m.text if entity_m else None
    if choice is None:
        world = _first(ctx, s0, c1, exclude=())
        if world and world.code == "WORLD":
            return "WORLD", entity
        # a list item or a labelled line under a heading takes the section's country, named above it
        # (or the topic of the paragraph before, when that names a country outright: 国内/国产 describe
        # things, they do not set a topic)
        above = _last(ctx, max(0, p0 - 600), p0, kinds=("country",))
        if above is not None and not _in_list(ctx, q.start) and above.text in _DEICTIC:
            above = None
        choice = above
        if choice is None:
            return None, entity
    return (None if choice.code == "NONE" else choice.code), entity


@functools.lru_cache(maxsize=8192)
def _hits(text: str, ind: str) -> tuple[frozenset[int], frozenset[int]]:
    """Which cues (by index) and strong cues of an indicator occur in ``text``: computed once per
    clause or sentence, which every number in it shares."""
    spec = _cues()[ind]
    return (frozenset(i for i, c in enumerate(spec.cues) if c.search(text)),
            frozenset(i for i, c in enumerate(spec.strong) if c.search(text)))


def _table_context(ctx: Context, pos: int) -> str:
    """For a number in a pipe-table row: the table's header row and the lines just above the table."""
    line_start = ctx.line_start(pos)
    if not ctx.norm.startswith("|", line_start) and not ctx.norm[line_start:pos].lstrip().startswith("|"):
        return ""
    top = line_start
    while top > 0 and line_start - top < 20000:  # a table's rows, up to its header
        prev = ctx.line_start(top - 1)
        if not ctx.norm[prev:top].lstrip().startswith("|"):
            break
        top = prev
    header_end = ctx.norm.find("\n", top)
    return ctx.lower[max(0, top - 300) : header_end if header_end > 0 else top]


_AI_WORDS = re.compile(r"(?<![a-z])(?:ai|a\.i\.|artificial intelligence|genai|llms?|machine learning)(?![a-z])"
                       r"|人工智能|智能|大模型|机器学习")
# "这一比例", "this share": the figure continues the one before it
_ANAPHOR = re.compile(r"这一比例|该比例|这一数字|该数字|这一份额|这一比重|this (?:share|figure|ratio|proportion|number)"
                      r"|that (?:share|figure)|the (?:same )?figure", re.I)
# Indicators of a whole country or the world; a company's own figure never measures them.
_NATIONAL = frozenset({"ai_papers", "ai_paper_share", "genai_papers", "ai_citation_share", "ai_researchers",
                       "top_ai_researchers_share", "elite_ai_researchers_share", "ai_phd_retention",
                       "gov_ai_rd_funding", "ai_investment_total", "private_ai_investment", "ai_funding_events",
                       "ic_imports_units", "ic_imports_value", "ic_output_units", "ai_compute_capacity",
                       "ai_market_size", "ai_unicorns", "ai_policies", "genai_startups", "approved_genai_services"})


def _company_subject(ctx: Context, q: Quantity, entity: str) -> bool:
    """Is the figure the entity's own: the entity opens the clause and no country word stands in it?"""
    c0, _c1 = ctx.clause(q.start)
    first = _first(ctx, c0, q.start)
    return first is not None and first.kind == "entity" and first.text == entity and not any(
        m.kind == "country" for m in ctx.places_in(c0, q.start))


def _metric(ctx: Context, q: Quantity, aspect: str) -> tuple[str, float, float]:
    """The indicator, its cue score and the runner-up's score."""
    if ctx.in_title(q.start):
        return "other", 0.0, 0.0  # a figure inside a publication's title
    c0, c1 = ctx.clause(q.start)
    s0, s1 = ctx.sentence(q.start)
    clause = ctx.lower[c0:c1]
    sentence = ctx.lower[s0:s1]
    table = _table_context(ctx, q.start)
    if table:
        sentence = sentence + "\n" + table  # a cell is read with its table's header and caption
    best, best_score, second = "other", 0.0, 0.0
    ai_context = bool(_AI_WORDS.search(sentence))
    # a multiple between two countries (是中国的11.7倍) measures the compared indicator
    between = q.unit == "other:times" and len({m.code for m in ctx.places_in(s0, s1)
                                                if m.kind == "country" and m.code not in ("WORLD", "NONE")}) >= 2
    for ind, spec in _cues().items():
        if q.unit == "rank" and ind != "model_benchmark_rank":
            continue
        if ind == "model_benchmark_rank" and not _hits(sentence, ind)[1]:
            continue  # a rank is a leaderboard rank only where a leaderboard is named
        if q.unit not in spec.units and not (aspect == "change" and q.unit == "percent") and not between:
            continue
        c_hits, s_hits = _hits(clause, ind), _hits(sentence, ind)
        score = sum(1.0 if i in c_hits[0] else 0.5 for i in s_hits[0] | c_hits[0])
        score += sum(2.0 if i in c_hits[1] else 1.0 for i in s_hits[1] | c_hits[1])
        if ai_context:
            score *= 1.5  # the indicators are AI's: in a sentence about AI one cue word is enough
        if score > best_score:
            best, best_score, second = ind, score, best_score
        elif score > second:
            second = score
    if q.kind == "rank" and q.unit == "percent":
        return "other", 0.0, 0.0  # 前20%: a definition, not a measurement
    return (best if best_score >= 1.5 else "other"), best_score, second


def _refine(ctx: Context, q: Quantity, metric: str) -> str:
    """The narrower indicator when its marker stands in the sentence."""
    s0, s1 = ctx.sentence(q.start)
    window = ctx.lower[s0:s1]
    for narrow, broad, markers in _refinements():
        if metric in broad and q.unit in _cues()[narrow].units and any(m.search(window) for m in markers):
            return narrow
    return metric  # one weak cue alone is not enough


def _aspect(ctx: Context, q: Quantity) -> str:
    if q.aspect != "level":
        return q.aspect
    c0, _c1 = ctx.clause(q.start)
    s0, _s1 = ctx.sentence(q.start)
    if ctx.norm[q.end - 1 : q.end] == "席":
        return "share"
    if _SHARE_CLAUSE.search(ctx.norm[c0 : q.start]):
        return "share"
    # a clause after "其中..." or "...中," in the same sentence continues the breakdown
    prior = ctx.norm[s0:c0]
    if re.search(r"(?:^|[,;])\s*其中", prior):
        return "share"
    if q.unit in _COUNT_UNITS and re.search(r"中\s?[,，]", prior):
        return "share"
    if q.unit == "percent" and _SHARE_RATIO.search(ctx.norm[max(c0, q.start - 12) : q.start]):
        return "share"
    return "level"


def attribute(ctx: Context, q: Quantity, published: str | None, default_year: str | None = None,
              previous: tuple[Quantity, Attribution] | None = None) -> Attribution:
    """``default_year``: the year a document is about (its title's), for figures with no date of
    their own; ``previous``: the claim before, whose indicator a parallel figure of the same unit
    in the same paragraph takes when its own words name none ("the US ... 35%; China ... 28%")."""
    subject, entity = _subject(ctx, q)
    aspect = _aspect(ctx, q)
    metric, metric_score, runner_up = _metric(ctx, q, aspect)
    if metric == "other" and previous is not None and q.kind not in ("rank", "vague", "multiple"):
        pq, pa = previous
        same_paragraph = ctx.paragraph(pq.start) == ctx.paragraph(q.start)
        in_list = ctx.sentence(pq.start) == ctx.sentence(q.start) and q.kind == pq.kind  # "A (2,074), B (1,564)"
        c0, _c1 = ctx.clause(q.start)
        anaphor = bool(_ANAPHOR.search(ctx.norm[c0 : q.start]))
        if (pa.metric != "other" and pq.unit == q.unit and pa.aspect == aspect and q.start - pq.end < 300
                and same_paragraph and (pa.subject != subject or in_list or anaphor)):
            metric = pa.metric
    metric = _refine(ctx, q, metric)
    if metric in _NATIONAL and entity is not None and _company_subject(ctx, q, entity):
        # a company's own figure is never a national indicator; its own AI investment is its spending
        metric = "big_tech_ai_capex" if metric == "ai_investment_total" else "other"
    return Attribution(subject, entity, metric, aspect, period(ctx, q, published, default_year),
                       metric_score, runner_up)
