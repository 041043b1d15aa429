"""Who speaks and who acts in a clause: a company's first person, and a coordinated clause's own subject.

Split from subject.py (which calls these) to keep both modules short.
"""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context, Mention

__all__ = ["_bare_market", "_continues", "_coordinated_owner", "_respondents", "_speaker", "_world_after"]

# A company's letter or earnings call speaks in the first person: "our gross margin rose to 59.5%", "we
# repurchased US$11.9 billion of our shares", "我们的营收增长20%". Not a generic "us" ("let us"): the
# possessive or the subject "we" only.
_FIRST_PERSON = re.compile(r"\b(?:we|our)\b|我们|我司|本公司", re.I)
# what a company reports of itself in the first person: its books, its capacity, its customers
_COMPANY_BOOKS = re.compile(r"revenue|margin|capex|capital|dividend|shares|shareholder|customer|quarter|guidance|fiscal|"
                            r"\bfabs?\b|sales|profit|earnings|营收|收入|利润|毛利|股东|分红|回购|季度|客户|财年")
# how far back the speaker may have been named (a transcript quotes a few paragraphs after naming it)
_SPEAKER_REACH = 1500


def _speaker(ctx: Context, q: Quantity, s0: int) -> Mention | None:
    """In a first-person sentence naming no one, the company last named before it is the speaker whose
    figure it is (annotation.md: a company's figure takes its home country)."""
    # (an analyst's "we estimate …" is no company's voice: its books are what a company reports, in this
    # sentence or the one it continues, "… our gross margin … For the full year, we now expect it to be 1%")
    # The voice carries over from the sentence before ("… our 2025 CapEx … About 70% of the capital budget will
    # be allocated for advanced process technologies").
    before = ctx.sentence(s0 - 1)[0] if s0 > 0 else s0
    while before < s0 and ctx.norm[before].isspace():
        before += 1
    if ctx.line_start(before) != ctx.line_start(q.start):
        before = s0  # another line (a list item, a paragraph) speaks in its own voice
    if not _FIRST_PERSON.search(ctx.norm, before, q.start) or not _COMPANY_BOOKS.search(ctx.lower, before,
                                                                                       ctx.sentence(q.start)[1]):
        return None
    named: list[Mention] = []
    for m in reversed(ctx.places_in(max(0, s0 - _SPEAKER_REACH), s0)):
        if m.end <= s0 and not m.source and m.code not in ("WORLD", "NONE"):  # not "overseas fabs", "global boom"
            if m.kind != "entity":
                break  # a country named since: the "we" may be that nation's
            named.append(m)
    if not named:
        return None
    # the company the passage keeps naming, not a chip or a rival it named last ("our model … on Nvidia's H800s")
    counts: dict[str, int] = {}
    for m in named:
        counts[m.code] = counts.get(m.code, 0) + 1
    top = max(counts.values())
    return next(m for m in named if counts[m.code] == top)


# "The US leads with 758 and China follows with 343": after a figure, "and" opens a clause of its own
# whose subject owns the figures after it (a comma-less coordination the clause bounds do not split).
_AND_AFTER_FIGURE = re.compile(r"\d[^,;:.，；：。\n]{0,60}?\s(?:and|but|while|whereas)\s(?:the\s)?$", re.I)


def _coordinated_owner(ctx: Context, first: Mention, q: Quantity) -> Mention | None:
    """The subject of a coordinated clause between ``first`` and the number, if one opens after a figure."""
    owner = None
    before = first
    for m in ctx.places_in(first.end, q.start):
        if m.end <= q.start and not m.source and m.code != "WORLD" \
                and _AND_AFTER_FIGURE.search(ctx.norm, first.end, m.start) \
                and not _LIST_AND.fullmatch(ctx.norm, before.end, m.start):
            owner = m  # (not a list's last member: "imports from the US and Japan")
        before = m
    return owner


_LIST_AND = re.compile(r",?\s(?:and|or)\s(?:the\s)?", re.I)


# "70% of respondents", "26%的受访者": a survey's share of the people it asked; when its sentence names no
# country the text credits it to none (annotation.md: null), whatever the paragraph or the document is about.
_RESPONDENTS_AFTER = re.compile(r"\s?(?:的\s?)?(?:受访者|受访企业|受访人|受调查者|被调查者|"
                                r"of (?:the\s)?(?:[a-z]+\s){0,2}(?:respondents|those (?:surveyed|polled|asked)))", re.I)


def _respondents(ctx: Context, q: Quantity) -> bool:
    return q.unit == "percent" and _RESPONDENTS_AFTER.match(ctx.norm, q.end) is not None


# A scope word after the figure: "3.5 million GPUs had been installed worldwide", "sold across the world",
# "在全球范围内部署了200万台": the figure is the world's (not "the world's largest", a ranking's frame).
_WORLD_SCOPE_BEFORE = re.compile(r"(?:\b(?:around|across|throughout|in)\s(?:the\s)?|在|于)\s?$", re.I)
_WORLD_SCOPE_AFTER = re.compile(r"\s?范围内")
# another figure, a contrast or a comparison between the number and the world word: the world is another's
_NEW_CLAUSE = re.compile(r"\b(?:while|whereas|but|than|versus|vs|above|below)\b|[;；。]|而|但|相比|高于|低于|(?<![A-Za-z0-9])\d", re.I)
# 位于世界前列, 全球领先, "the world average": the world frames a ranking or a comparison, it is no scope
_WORLD_FRAME_AFTER = re.compile(r"\s?(?:前列|领先|最大|最高|第|首|平均|average|'s|’s|-leading|leading)", re.I)
_WHOLE = re.compile(r"(?:\bof\s(?:the\s)?|占|佔)\s?$", re.I)


def _world_after(ctx: Context, q: Quantity, s1: int) -> Mention | None:
    """A world-scope word after the number in its sentence, before any country, contrast or clause of its own
    ("approximately 3.56 million H100, H200 and H800 GPUs had been installed worldwide"), when the figure
    is no ranking."""
    if q.kind == "rank" or q.unit == "percent":
        return None  # "40% of AI patents worldwide came from China": a share of the world's whole is its holder's
    for m in ctx.places_in(q.end, s1):
        if m.end > s1 or m.source:
            continue
        if _NEW_CLAUSE.search(ctx.norm, q.end, m.start):
            return None  # "…, while the world…", "; globally…": another clause's scope
        if m.kind == "entity":
            continue  # "3.5 million H100 GPUs installed worldwide": the chip is what is counted
        if m.code != "WORLD":
            return None  # a country after the number is the clause's own business
        if _WHOLE.search(ctx.norm, max(0, m.start - 8), m.start):
            continue  # "38% of the worldwide total", 占全球的85%: the world is the whole, not the scope
        if _WORLD_FRAME_AFTER.match(ctx.norm, m.end):
            continue
        word = m.text.lower()
        if word in ("worldwide", "globally") or (word in ("world", "全球", "全世界", "世界")
                and (_WORLD_SCOPE_BEFORE.search(ctx.norm, max(0, m.start - 12), m.start)
                     or _WORLD_SCOPE_AFTER.match(ctx.norm, m.end))):
            return m
    return None


def _continues(ctx: Context, pq: Quantity, q: Quantity) -> bool:
    """Is ``q`` in a clause of its own that only continues the figure before it, of the same unit, in the same
    sentence, naming nothing between them ("英伟达在中国的市场份额高达95%,如今只有50%", "China's share was
    95% in 2020 and is now 50%")? Such a figure has the figure before's subject."""
    if pq.unit != q.unit or pq.end > q.start or ctx.sentence(pq.start) != ctx.sentence(q.start):
        return False
    if ctx.clause(pq.start) == ctx.clause(q.start):
        return False  # a range or a list in one clause is read on its own
    c0, c1 = ctx.clause(q.start)
    if _NEW_OWNER.search(ctx.norm, c0, q.start):
        return False  # "…, while its revenue rose to $30 billion": a new owner, named by a pronoun
    # nothing named between them nor in its own clause ("… 14 entries under China")
    return not any(m.end <= c1 and not m.source for m in ctx.places_in(pq.end, c1))


# (or the whole the part was of: "…, and total revenue rose to $30 billion", 整体营收)
_NEW_OWNER = re.compile(r"\b(?:its|their|while|whereas|it|they|total|overall)\b|其|它|而|整体|总体|总营收|总收入", re.I)


# "The AI market was valued at $184 billion", "AI芯片市场目前约500亿美元", "Generative AI Chip Market to Reach
# $40 Billion": a market the sentence qualifies by no country (a country or 国内 would be a place named in it)
# is the whole market, the world's, whatever country the paragraph before was about.
_MARKET_SUBJECT = re.compile(r"(?<!stock )(?<!equity )(?<!bond )\bmarket\b(?!\s(?:share|cap|capitali[sz]ation|value|valuation|leader|position|"
                             r"participants|access|entry|debut|price|rally|reaction|sentiment))|市场规模|市场(?!份额|占有率|占比|价值|地位|准入|表现|情绪)",
                             re.I)


def _bare_market(ctx: Context, q: Quantity, s0: int) -> bool:
    """Does the number's clause, naming no place, measure a market (its size, its growth)?"""
    if q.unit not in ("USD", "percent", "other:times"):
        return False  # a market counted in yuan, yen or euros is that currency's country's, read from the context
    c0 = ctx.clause(q.start)[0]
    m = _MARKET_SUBJECT.search(ctx.norm, max(s0, c0), q.start)
    # 占算力芯片市场60%, "60% of the chip market": the market is the whole a part is of, not the owner
    return m is not None and not _PART_OF.search(ctx.norm, max(s0, c0), m.start())


_PART_OF = re.compile(r"占|佔|\bof\b|\bshare\b", re.I)
