"""Attribution: whose figure it is (subject, entity), what it measures (metric), when it holds
(period), and whether it is a level, a change or a share (aspect)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from aigap.records import Quantity

from .aspect import _COUNT_UNITS, _aspect
from .context import Context
from .cues import (
    _AI_SCOPED,
    _CHIP_WORDS,
    _COUNTED,
    _NOT_AI_SPECIFIC,
    _OF_MARKET_AFTER,
    _OF_MARKET_BEFORE,
    _POINTS,
    _chipmakers,
    _cues,
    _fab_builders,
    _percent_indicators,
    _refinements,
    not_an_indicator,
)
from .period import period
from .scope import _AI_WORDS, _BARE_OK, _ai_modifies, _bare_cue
from .subject import _BASE_BEFORE_MENTION, _first, _is_base, _subject
from .tablecells import _cell_words, _table_context
from .voices import _continues

__all__ = ["Attribution", "attribute"]

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


_NO_HITS: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())


_Use = tuple[re.Pattern[str] | None, str, int, int]  # a cue's pattern, indicator, strong?, index
# English letters, most frequent first: a literal is filed under its rarest character
_LETTER_RANK = {ch: i for i, ch in enumerate("etaoinsrhldcumfpgwybvkxjqz")}


@functools.cache
def _cue_index() -> tuple[tuple[str, tuple[tuple[str, tuple[_Use, ...]], ...]], ...]:
    """Each cue's letters once, with every (pattern, indicator, strong?, index) written with them,
    filed under the literal's rarest character (a Chinese character before any English letter, a
    letter before a space or digit): a text is searched only for the literals whose filing
    character it holds, and once per literal, not once per indicator's cue."""
    uses: dict[str, list[_Use]] = {}
    for ind, spec in _cues().items():
        for strong, cues in enumerate((spec.cues, spec.strong)):
            for i, c in enumerate(cues):
                uses.setdefault(c.literal, []).append((c.pattern, ind, strong, i))
    filed: dict[str, list[tuple[str, tuple[_Use, ...]]]] = {}
    for lit, u in uses.items():
        if lit:
            key = max(lit, key=lambda ch: _LETTER_RANK.get(ch, -1 if ch.isascii() else 99))
            filed.setdefault(key, []).append((lit, tuple(u)))
        else:  # an empty cue occurs in every text ("" is in every text too)
            filed.setdefault("", []).append((lit, tuple(u)))
    return tuple((k, tuple(v)) for k, v in filed.items())


@functools.lru_cache(maxsize=8192)
def _text_hits(text: str) -> dict[str, tuple[frozenset[int], frozenset[int]]]:
    """For every indicator with a cue in ``text``: which cues (by index) and strong cues occur
    (``_Cue.search``): computed once per clause or sentence, which every number in it shares."""
    found: dict[str, tuple[set[int], set[int]]] = {}
    for key, literals in _cue_index():
        if key not in text:
            continue  # a literal occurs only where its filing character does
        for lit, uses in literals:
            if lit in text:
                for pattern, ind, strong, i in uses:
                    if pattern is None or pattern.search(text) is not None:
                        found.setdefault(ind, (set(), set()))[strong].add(i)
    return {ind: (frozenset(c), frozenset(s)) for ind, (c, s) in found.items()}


@functools.lru_cache(maxsize=8192)
def _governing_hits(text: str) -> dict[str, tuple[frozenset[int], frozenset[int]]]:
    """``_text_hits`` less the cues whose every occurrence lies inside a longer cue of other indicators
    only: the longer words name what is measured ("market" of "market capitalization", 市场 of 市场份额,
    研究 of 研究人员). A longer cue of the same indicator leaves a cue counted (市场 and 市场规模 both
    cue the market size)."""
    hits = _text_hits(text)
    if len(hits) < 2:
        return hits
    spec = _cues()
    lits = {ind: [{spec[ind].cues[i].literal for i in c}, {spec[ind].strong[i].literal for i in s}]
            for ind, (c, s) in hits.items()}
    own = {ind: {c.literal for c in spec[ind].cues + spec[ind].strong} for ind in hits}
    out = {}
    for ind, (c, s) in hits.items():
        others = {lit for o, (lc, ls) in lits.items() if o != ind for lit in lc | ls} - own[ind]
        keep = [frozenset(i for i in idx if not _nested(text, cues[i].literal, others))
                for idx, cues in ((c, spec[ind].cues), (s, spec[ind].strong))]
        if keep[0] or keep[1]:
            out[ind] = (keep[0], keep[1])
    return out


def _nested(text: str, lit: str, others: set[str]) -> bool:
    """Does every occurrence of ``lit`` in ``text`` lie inside one of the longer ``others``?"""
    longer = [o for o in others if len(o) > len(lit) and lit in o]
    if not longer:
        return False
    at = text.find(lit)
    while at >= 0:
        if not any(text.find(o, max(0, at - len(o) + len(lit)), at + len(o)) >= 0 for o in longer):
            return False
        at = text.find(lit, at + 1)
    return True


def _hits(text: str, ind: str) -> tuple[frozenset[int], frozenset[int]]:
    """Which cues (by index) and strong cues of an indicator occur in ``text``."""
    return _text_hits(text).get(ind, _NO_HITS)


# a clause that opens with its verb and the number: no noun of its own
_CONTINUES = re.compile(r"\s*(?:并|且|and\s)?(?:达到|达|为|升至|增至|增长至|增加到|增长到|降至|跌至|突破|"
                        r"reaching|reached|to|hitting|totaling|totalling)\s?(?:约|近|超过|about\s|nearly\s|over\s)?$")
# a list's opener ("…:", "… —") and an item that names only whose figure follows ("Microsoft ", "美国":
# a company or country must be named)
_LIST_OPENER = re.compile(r"(?:[:：]|\s[—–-])\s*$")
_ITEM_NAME = re.compile(r"\s*(?:[\w.&'-]+\s){0,2}?[\w.&'-]*\s?")
# unit words a table's column header names for the bare numbers under it
_HEADER_UNITS = {"token": "tokens", "令牌": "tokens", "词元": "tokens", "字符": "chars", "字数": "chars", "character": "chars", "参数": "parameters",
                 "parameter": "parameters", "param": "parameters"}
# the same words as the noun right after a count, one modifier allowed ("2 million Chinese characters")
_UNIT_NOUN = re.compile(r"\s?(?:[a-z-]+\s)?(tokens?|characters?|parameters?|params?)(?![a-z])|\s?(令牌|词元)")
_HEADER_UNIT = re.compile(r"(?<![a-z])(?:tokens?|characters?|parameters?|params?)(?![a-z])|字符|字数|参数")


# "这一比例", "this share": the figure continues the one before it
_ANAPHOR = re.compile(r"这一比例|该比例|这一数字|该数字|这一份额|这一比重|this (?:share|figure|ratio|proportion|number)"
                      r"|that (?:share|figure)|the (?:same )?figure", re.I)
# Indicators of a whole country or the world; a company's own figure never measures them.
_NATIONAL = frozenset({"ai_papers", "ai_paper_share", "ai_patents", "genai_papers", "ai_citation_share",
                       "ai_researchers", "top_ai_researchers_share", "elite_ai_researchers_share", "ai_phd_retention",
                       "gov_ai_rd_funding", "ai_investment_total", "private_ai_investment", "ai_funding_events",
                       "ic_imports_units", "ic_imports_value", "ic_output_units", "ai_compute_capacity",
                       "ai_market_size", "ai_unicorns", "ai_policies", "genai_startups", "approved_genai_services"})


# a count indicator -> the catalogue's share of it, and whether its own cue (top, 顶尖) must stand in the
# sentence: a share of all AI researchers is no share of the top ones
_SHARE_INDICATOR = {"ai_papers": ("ai_paper_share", False), "ai_researchers": ("top_ai_researchers_share", True)}


def _names_its_noun(ctx: Context, q: Quantity) -> bool:
    """Does the number's clause name what it measures (any indicator's cue: "半导体行业销售额达…")?
    Such a figure is no parallel of the one before, whose indicator it must not take."""
    cell = _cell_words(ctx, q.start)
    if cell is not None:
        return True  # a table cell's own header says what it measures, not the cell before it
    c0, c1 = ctx.clause(q.start)[0], ctx.clause(max(q.start, q.end - 1))[1]
    return _names_a_noun(ctx.lower[c0:c1])


def _names_a_noun(text: str) -> bool:
    """Does ``text`` hold any indicator's cue?"""
    return any(_hits(text, ind) != (frozenset(), frozenset()) for ind in _cues())


def _company_subject(ctx: Context, q: Quantity, entity: str) -> bool:
    """Is the figure the entity's own: the entity opens the clause and no country word stands in it?"""
    c0, _c1 = ctx.clause(q.start)
    first = _first(ctx, c0, q.start)
    return first is not None and first.kind == "entity" and first.text == entity and not any(
        m.kind == "country" for m in ctx.places_in(c0, q.start))


def _builds_fabs(ctx: Context, q: Quantity, entity: str | None) -> bool:
    """Is the spender a chipmaker that builds fabs (the figure's entity, or with none every company its
    sentence names), and the spending not said to be on AI?"""
    fabs = _fab_builders()
    s0, s1 = ctx.sentence(q.start)
    spec = _cues()["big_tech_ai_capex"]
    if _ai_modifies(spec.cues + spec.strong, ctx.lower[s0:s1]):
        return False  # "a spending spree on AI infrastructure": AI spending, whoever the sentence names
    if entity is not None:
        return any(e.strip().lower() in fabs for e in entity.split(";"))
    named = {m.text.lower() for m in ctx.places_in(s0, s1) if m.kind == "entity"}
    return bool(named) and named <= fabs


def _metric(ctx: Context, q: Quantity, aspect: str) -> tuple[str, float, float]:
    """The indicator, its cue score and the runner-up's score."""
    if ctx.in_title(q.start):
        return "other", 0.0, 0.0  # a figure inside a publication's title
    # the clause holds the whole number: the comma of "38,210 inventions" separates no clauses
    c0, c1 = ctx.clause(q.start)[0], ctx.clause(max(q.start, q.end - 1))[1]
    s0, s1 = ctx.sentence(q.start)
    clause = ctx.lower[c0:c1]
    if c0 > s0 and (_CONTINUES.match(ctx.lower, c0, q.start) or (
            _LIST_OPENER.search(ctx.lower, max(s0, c0 - 3), c0) and _ITEM_NAME.fullmatch(ctx.lower, c0, q.start)
            and ctx.places_in(c0, q.start))):
        # (or a short item after "…:" or "… —": "AI capex commitments — Microsoft $80B, Meta $65B")
        # a clause opening with its verb ("营收增长43倍，达到28.8亿元", "revenue rose 40%, reaching $3
        # billion") has the previous clause's subject: its noun is named there
        clause = ctx.lower[max(s0, ctx.clause(c0 - 1)[0]) : c1]
    sentence = ctx.lower[s0:s1]
    # the sentence's words that may name the number's noun: those up to the end of its clause; a
    # cue in a later clause governs that clause's own number ("大涨2.66%, 市值升至…": the 市值 is
    # the later figure's, not the price move's)
    lead = ctx.lower[s0:max(c1, s0)]
    table = _table_context(ctx, q.start)
    cell_parts = _cell_words(ctx, q.start) if table else None
    cell = " | ".join(dict.fromkeys(cell_parts)) if cell_parts else ""
    headed = bool(cell) and _names_a_noun(cell)
    if headed:
        # a cell whose column header or row label names what it measures is read with those as its
        # own clause and its row as its sentence; the caption then only says the topic is AI
        clause, sentence = cell, sentence + "\n" + cell
        lead = sentence
    elif table:
        sentence = sentence + "\n" + table  # a cell is read with its table's header and caption
        lead = sentence
    unit = q.unit
    if headed and q.unit == "count":
        # a bare number under a header that names its unit ("| 上下文 Token 长度 |", "| Params |")
        # is in that unit: the header says what the column's numbers count
        named = _HEADER_UNIT.search(cell_parts[1]) if cell_parts else None
        unit = _HEADER_UNITS[named.group(0).rstrip("s")] if named else unit
    elif q.unit == "count" and (noun := _UNIT_NOUN.match(ctx.lower, q.end, c1)):
        unit = _HEADER_UNITS[(noun.group(1) or noun.group(2)).rstrip("s")]  # "2 million Chinese characters", "20万令牌"
    best, best_score, second = "other", 0.0, 0.0
    ai_context = bool(_AI_WORDS.search(sentence))
    ai_topic = ai_context or bool(_AI_WORDS.search(ctx.lower[max(0, s0 - 300) : s0])) or bool(
        table and _AI_WORDS.search(table))
    # a market share is the catalogue's only when the market is of chips or chip equipment: a chip word
    # or a chipmaker in the sentence, the lines before it or its table ("40%的视频生成市场份额" is no chip
    # market's; "Nvidia's market share in China" is)
    chip_topic = bool(_CHIP_WORDS.search(sentence) or _CHIP_WORDS.search(ctx.lower, max(0, s0 - 300), s0)
                      or (table and _CHIP_WORDS.search(table))
                      or any(m.kind == "entity" and m.text.lower() in _chipmakers() for m in ctx.places_in(s0, s1)))
    # a multiple between two countries (是中国的11.7倍) measures the compared indicator
    between = q.unit == "other:times" and len({m.code for m in ctx.places_in(s0, s1)
                                                if m.kind == "country" and m.code not in ("WORLD", "NONE")}) >= 2
    # The indicator is named in the number's own clause ("营收38亿元" but not "…营收…, 估值80亿元");
    # a clause that names none ("同比增长35%", "而中国为28%") continues the sentence's noun.
    own = (not table or headed) and aspect == "level" and q.unit not in ("percent", "rank", "other:times")
    # a change in percentage points changes a percentage: it is no change of a money total or a count
    points = bool(_POINTS.search(q.number_text.lower()))
    # the noun a count quantifies, right after it ("38,210 inventions", "3500件专利"): what is counted
    head = _COUNTED.match(ctx.lower, q.end, c1) if q.unit in _COUNT_UNITS or q.unit in _CURRENCIES else None
    counted = head.group(0) if head else ""
    ranked_entity = q.unit == "rank" and any(m.kind == "entity" for m in ctx.places_in(s0, s1))
    market = q.unit == "percent" and aspect in ("level", "share") and (
        _OF_MARKET_AFTER.match(ctx.lower, q.end, c1) or _OF_MARKET_BEFORE.search(ctx.lower, c0, q.start))
    of_market = bool(market and _CHIP_WORDS.search(market.group(0)))
    for ind, spec in _cues().items():
        if q.unit == "rank" and ind != "model_benchmark_rank":
            continue
        if ind == "chip_market_share" and not chip_topic:
            continue
        if ind == "model_benchmark_rank" and not (_hits(sentence, ind)[1] and ranked_entity):
            continue  # a leaderboard rank places a named model (or its maker) where a leaderboard is named
        # a percentage change or part of any indicator keeps the indicator's id ("智能算力占全球30%"), and
        # so does a growth by a multiple ("an 8x increase in AI patents", "增长3倍")
        if unit not in spec.units and not (aspect in ("change", "share") and q.unit == "percent") and not between \
                and not (aspect == "change" and q.unit == "other:times"):
            continue
        if points and ind not in _percent_indicators():
            continue
        c_hits, s_hits = _governing_hits(clause).get(ind, _NO_HITS), _governing_hits(lead).get(ind, _NO_HITS)
        part = aspect == "share" and q.unit == "percent" and q.unit not in spec.units
        if part and not (c_hits[0] or c_hits[1]):
            continue  # a part of a money or count total names the total in its own clause ("智能算力占全球30%")
        if spec.needs_strong and not (c_hits if own else s_hits)[1]:
            continue
        if spec.excludes and spec.out_of_scope(sentence):
            continue
        if spec.requires and not any(c.search(sentence) for c in spec.requires):
            continue
        if spec.ai_modified and not _ai_modifies(spec.cues + spec.strong, sentence) and not (
                ind in _BARE_OK and ai_topic and _bare_cue(spec.cues + spec.strong, sentence)):
            continue
        if own and not (c_hits[0] or c_hits[1]):
            continue
        score = sum(1.0 if i in c_hits[0] else 0.5 for i in s_hits[0] | c_hits[0])
        score += sum(2.0 if i in c_hits[1] else 1.0 for i in s_hits[1] | c_hits[1])
        if unit in spec.unit_cues:
            score += 0.5
        if ind in _AI_SCOPED and not ai_topic:
            continue
        if counted and _hits(counted, ind)[0] | _hits(counted, ind)[1]:
            score += 1.0
        if ind == "chip_market_share" and of_market:
            score += 2.0  # "60% of China's AI-chip market", "占国内芯片市场的23%": a market share
        if ai_context or ind in _NOT_AI_SPECIFIC:
            # the indicators are AI's: in a sentence about AI one cue word is enough; a company's
            # accounts are the same whatever the sentence's topic
            score *= 1.5
        if part:
            score *= 0.5  # a share indicator fits a percentage better than a total it is a part of
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


def _has_base(ctx: Context, q: Quantity) -> bool:
    """Is ``q`` measured against a country (仅为美国50%)? Its subject is then no topic a next clause continues."""
    c0 = ctx.clause(q.start)[0]
    return any(m.end <= q.start and (_is_base(ctx, m, q) or _BASE_BEFORE_MENTION.search(ctx.norm, max(0, m.start - 24),
                                                                                     m.start))
               for m in ctx.places_in(c0, q.start))


def attribute(ctx: Context, q: Quantity, published: str | None, default_year: str | None = None,
              previous: tuple[Quantity, Attribution] | None = None) -> Attribution:
    """``default_year``: the year a document is about (its title's), for figures with no date of
    their own; ``previous``: the claim before, whose indicator a parallel figure of the same unit
    in the same paragraph takes when its own words name none ("the US ... 35%; China ... 28%")."""
    subject, entity = _subject(ctx, q)
    if previous is not None and _continues(ctx, previous[0], q) and not _has_base(ctx, previous[0]):
        subject = previous[1].subject  # "…在中国的市场份额高达95%,如今只有50%": the same share, the same subject
    aspect = _aspect(ctx, q)
    metric, metric_score, runner_up = _metric(ctx, q, aspect)
    if metric == "other" and previous is not None and q.kind not in ("rank", "vague", "multiple"):
        pq, pa = previous
        same_paragraph = ctx.paragraph(pq.start) == ctx.paragraph(q.start)
        in_list = ctx.sentence(pq.start) == ctx.sentence(q.start) and q.kind == pq.kind  # "A (2,074), B (1,564)"
        c0, _c1 = ctx.clause(q.start)
        anaphor = bool(_ANAPHOR.search(ctx.norm[c0 : q.start]))
        # a percentage of a share indicator is its level, whatever 占比 made of it ("... 35%; China ... 占比28%")
        same_aspect = pa.aspect == aspect or (q.unit == "percent" and pa.metric in _percent_indicators()
                                              and {pa.aspect, aspect} == {"level", "share"})
        if (pa.metric != "other" and pq.unit == q.unit and same_aspect and q.start - pq.end < 300
                and same_paragraph and (pa.subject != subject or in_list or anaphor)
                and not _names_its_noun(ctx, q)):
            metric = pa.metric
    if aspect == "share" and q.unit == "percent" and metric in _SHARE_INDICATOR:
        # a part of all the world's papers is the share indicator ("论文数量占全球的35%"), of its top
        # researchers the top-talent share ("全球47%的顶尖AI研究人员"): the catalogue measures the share itself
        share_id, needs = _SHARE_INDICATOR[metric]
        s0, s1 = ctx.sentence(q.start)
        if not needs or any(c.search(ctx.lower[s0:s1]) for c in _cues()[share_id].cues):
            metric = share_id
    metric = _refine(ctx, q, metric)
    if metric == "big_tech_ai_capex" and _builds_fabs(ctx, q, entity):
        metric = "other"  # a foundry's or memory maker's capex buys fabs, not AI infrastructure
    if metric in _NATIONAL and entity is not None and _company_subject(ctx, q, entity):
        # a company's own figure is never a national indicator; its own AI investment is its spending
        metric = "big_tech_ai_capex" if metric == "ai_investment_total" else "other"
    m0, m1 = ctx.clause(q.start)[0], ctx.clause(max(q.start, q.end - 1))[1]
    # a percentage or a rank is never "per" something; parameters "per token" (每个令牌激活130亿参数) are
    # the model's active size, a spec of the model, not a rate of a total
    rate = q.unit not in ("percent", "rank", "parameters")
    if metric != "other" and not_an_indicator(ctx.lower, m0, m1, q.start, q.end, metric, rate):
        metric = "other"  # a price, a cost or a valuation: the catalogue measures none of them
    if aspect == "share" and q.unit == "percent" and metric in _percent_indicators():
        aspect = "level"  # the indicator is itself a share: its percentage is its level (论文占全球30%)
    return Attribution(subject, entity, metric, aspect, period(ctx, q, published, default_year, aspect),
                       metric_score, runner_up)
