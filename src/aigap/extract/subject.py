"""Subject attribution: the country a figure is credited to (spec/annotation.md, "subject").

The country governing the number's clause wins, not the nearest one: a comparison's other side, a
news source, a currency or a ticker suffix never does; a parenthesis, an "X (N)" label, a contrast
("versus", 而) and a multinational's market country (Nvidia's China revenue) come first; then the
clause's first mention, the sentence's subject, the paragraph's, a section heading above, and last
the document's topic (its title's one country).
"""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context, Mention
from .sections import (
    _clause_start,
    _column_header,
    _heading_above,
    _heads_section,
    _in_list,
    _in_parens,
    _open_paren,
)
from .voices import _bare_market, _coordinated_owner, _respondents, _speaker, _world_after

__all__ = ["_first", "_last", "_subject"]

_ORIGIN_BEFORE = re.compile(r"(?:来自|源自|为|属于|在|from|in|of)\s?$", re.I)
# 占全球…的三成, "a share of the global market": the world is the whole, not whose figure it is.
_WHOLE_BEFORE = re.compile(r"(?:占|佔|占据|of the|of)\s?$")
# Sold, shipped or exported *to* a country: a multinational's sales there are that country's figure.
_DESTINATION_BEFORE = re.compile(r"(?:to|into|in|向|对|销往|出口到|卖给)\s?(?:the\s)?$", re.I)
_TRADE_WORDS = re.compile(r"sold|sell|sales|shipped|ship|shipments|export|revenue|market share|provided|supplied|"
                          r"delivered|dumped|smuggled|invest|销售|出货|出口|营收|收入|份额|供应|投资")
# A comparison opens a new subject: "DeepSeek charges $0.14 versus OpenAI's $15", "而美国为…".
_CONTRAST = re.compile(r"\b(?:versus|vs\.?|compared (?:to|with)|than|while|whereas)\b|相比|对比|相较|而(?![是且言])|高于|低于", re.I)


def _first(ctx: Context, lo: int, hi: int, *, kinds: tuple[str, ...] = ("country", "entity"),
           exclude: tuple[str, ...] = ("WORLD",), q: Quantity | None = None) -> Mention | None:
    """The first mention in [lo, hi); with ``q``, skipping those that are only its comparison base."""
    for m in ctx.places_in(lo, hi):
        if m.end <= hi and m.kind in kinds and m.code not in exclude and not m.source \
                and (q is None or not _is_base(ctx, m, q)):
            return m
    return None


def _last(ctx: Context, lo: int, hi: int, *, kinds: tuple[str, ...] = ("country", "entity"),
          exclude: tuple[str, ...] = ("WORLD",), q: Quantity | None = None) -> Mention | None:
    for m in reversed(ctx.places_in(lo, hi)):
        if m.end <= hi and m.kind in kinds and m.code not in exclude and not m.source \
                and (q is None or not _is_base(ctx, m, q)):
            return m
    return None


# The other side of a comparison: "more than China", "behind American models", "surpassing the US",
# "超越美国", "落后于美国", "比美国高". Such a mention owns only a figure right after it ("than the US's 30%").
_BASE_BEFORE_MENTION = re.compile(
    r"(?:\b(?:than|behind|second only to|ahead of|above|below|surpass(?:es|ed|ing)?|overtak(?:e|es|en|ing)|outpac(?:e|es|ed|ing)"
    r"|trail(?:s|ed|ing)?|outperform(?:s|ed|ing)?|exceed(?:s|ed|ing)?)|超越|超过了?|落后于?|领先于?|(?:仅)?次于|不及|不足|仅为|相当于|高于|低于"
    r"|(?<![对相占])比)\s?(?:the\s|that of\s|those of\s)?$", re.I)
# 与X相比, 和X相较, 跟X比起来: the framed X is the other side of the comparison
_WITH_BEFORE = re.compile(r"(?:与|和|同|跟)\s?$")
_COMPARED_AFTER = re.compile(r"[^,，。;；:：\n]{0,12}?(?:相比|相较|比较|比起)")
# "195,000 vs US 21,500": after a figure, the country after vs is the other side (not in "US vs China: …")
_VS_AFTER_FIGURE = re.compile(r"\d[^,;:，；：。\n]{0,30}?(?:vs\.?|versus)\s?(?:the\s)?$", re.I)
# "是中国的11.7倍", "仅为美国的19%": the country after 是/为 and before 的 is what the ratio is taken of.
_RATIO_OF_BEFORE = re.compile(r"(?:是|为|相当于|达到|只有|仅有|不到|超过)\s?$")
_RATIO_UNITS = frozenset({"percent", "other:times"})
# 是美国同期发电量的两倍: the compared quantity may be named between the country and 的 (a noun phrase, no
# punctuation); for a percentage only a level or a same-period figure is compared (达到美国水平的90%), not a
# whole it is a part of (达到中国市场的30% is China's share)
_RATIO_NOUN_GAP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9 ]{0,10}?的\s?(?:约|近|大约|将近|超过|逾|不到|仅)?\s?")
_LEVEL = re.compile(r"水平|同期")


# A tax, tariff or levy is the levier's figure; the country it falls on is only its target.
_LEVY = re.compile(r"\btax|\btariff|\blev(?:y|ies)\b|\bdut(?:y|ies)\b|关税|税率|征税|加征")
_TARGET_BEFORE = re.compile(r"(?:\b(?:on|to|against|from)|对|向)\s?(?:the\s)?(?:[a-z-]+\s){0,3}?$", re.I)


def _is_levy(ctx: Context, q: Quantity) -> bool:
    c0, c1 = ctx.clause(q.start)
    return _LEVY.search(ctx.lower[c0:c1]) is not None


# "the US's 30%", "美国53.7GW", "India (1,350)", "美国为500亿": what lies between an owner and its figure
_OWNER_GAP = re.compile(r"\s?(?:['’]s)?\s?(?:[(（]\s?)?(?:为|是|达|约|有)?\s?")
_POSSESSIVE = re.compile(r"\s?['’]s\b")
_POSSESSOR_GAP = re.compile(r"['’]s?\s(?:(?:own|estimated|reported|roughly|about|nearly|some|planned)\s)?")
_MEASURED_AGAINST = re.compile(r"\s?(?:%|percent|per cent|times)?\s?(?:of|that of)\s(?:the\s)?"
                               r"(?:[a-z-]+\s(?:of\s(?:the\s)?)?)?(?:\d{4}\s)?", re.I)


def _owns_next(ctx: Context, m: Mention, q: Quantity) -> bool:
    """Does ``m`` stand right before ``q`` as its owner ("the US's 30%", "美国53.7GW", "India (1,350)")?"""
    gap = ctx.norm[m.end : q.start]
    return q.start >= m.end and _OWNER_GAP.fullmatch(gap) is not None


def _is_base(ctx: Context, m: Mention, q: Quantity) -> bool:
    """Is ``m`` only the other side of a comparison with ``q``'s figure, not whose figure it is?"""
    if _owns_next(ctx, m, q):
        return False
    if (_TARGET_BEFORE.search(ctx.norm[max(0, m.start - 8) : m.start]) or m.text.startswith("对")) and _is_levy(ctx, q):
        return True  # "a 15% tax on chips sold to China", "对中国商品加征100%关税": the target, not the levier
    if _WITH_BEFORE.search(ctx.norm, max(0, m.start - 2), m.start) and _COMPARED_AFTER.match(ctx.norm, m.end):
        return True  # 与美国的AI模型相比不到10分之1: what 与…相比 frames is the comparison's base
    if _BASE_BEFORE_MENTION.search(ctx.norm[max(0, m.start - 24) : m.start]) \
            or _VS_AFTER_FIGURE.search(ctx.norm[max(0, m.start - 40) : m.start]):
        return True
    if q.unit in _RATIO_UNITS or ctx.norm[q.end : q.end + 2].lstrip().startswith("%"):
        if m.end <= q.start and _RATIO_OF_BEFORE.search(ctx.norm[max(0, m.start - 4) : m.start]) and (
                (ctx.norm.startswith("的", m.end) and q.start - m.end <= 4)
                or ((q.unit == "other:times" or _LEVEL.search(ctx.norm, m.end, q.start))
                    and _RATIO_NOUN_GAP.fullmatch(ctx.norm, m.end, q.start))):
            return True  # 是中国的11.7倍, 是美国同期发电量的两倍, 达到美国水平的约90%
        if m.start >= q.end and (m.kind == "entity" or _POSSESSIVE.match(ctx.norm[m.end : m.end + 3])) \
                and _MEASURED_AGAINST.fullmatch(ctx.norm[q.end : m.start]):
            return True  # "80% of Nvidia's H100": the figure is measured against it
    return False


# what may stand before a clause's subject: a list bullet, heading mark or footnote digit ("- **", "#### ",
# "• 2DeepSeek"), then a date opening the clause, then a connective
_LEAD_MARK = re.compile(r"^\s*(?:[-*•·#]+\s*\d{0,2}|\d{1,2}[.)、])?\s*(?:\*\*)?")
_LEAD_DATE = re.compile(r"^\s*(?:\d{4}\s?年(?:\d{1,2}月)?(?:底|末|初)?|in \d{4},?)", re.I)
_LEAD_CONNECTIVE = re.compile(r"^\s*(?:而|但是|但|和|且|同时|此外|其中|在|当时|则|in contrast|meanwhile|while|and|the)?\s*",
                              re.I)


def _subject_position(ctx: Context, m: Mention) -> bool:
    """A mention that opens its clause (after a connective) is the clause's subject, not an object."""
    c0, _c1 = ctx.clause(m.start)
    lead = ctx.norm[c0 : m.start]
    lead = lead[lead.rfind("•") + 1 :]  # a flattened list ("Investment in AI • The U.S. invested"): its item opens here
    # a list bullet, heading mark or footnote digit before it ("- **", "#### ", "• 2DeepSeek") opens the line
    lead = _LEAD_MARK.sub("", lead, count=1)
    lead = _LEAD_DATE.sub("", lead, count=1)
    lead = _LEAD_CONNECTIVE.sub("", lead, count=1)
    return len(lead.strip()) <= 2 and not _listed_after(ctx, c0)


def _listed_after(ctx: Context, c0: int) -> bool:
    """Does a place end right before the comma that opens this clause ("the US, UK, and the EU", "印度、英国")?
    The mention is then a list's next member, not a new clause's subject."""
    before = ctx.places_in(max(0, c0 - 40), c0)
    return bool(before) and before[-1].end <= c0 and re.fullmatch(r"\s?[,、，]\s?", ctx.norm[before[-1].end : c0]) is not None


def _names_country(ctx: Context, lo: int, hi: int) -> bool:
    """Does [lo, hi) name a country (全球47%的研究人员来自中国: the world is only the whole there)?"""
    return any(m.kind == "country" and m.code not in ("WORLD", "NONE") and not m.source for m in ctx.places_in(lo, hi))


def _last_subject(ctx: Context, lo: int, hi: int, *, q: Quantity | None = None, world: bool = False) -> Mention | None:
    """The last mention in [lo, hi) that opens its clause; ``world``: 全球/global opening a clause of the
    sentence counts too ("全球算力规模达到910EFLOPS,同比增长40%": the world's growth)."""
    for m in reversed(ctx.places_in(lo, hi)):
        if m.end <= hi and (m.code != "WORLD" or world) and not m.source and _subject_position(ctx, m) \
                and (q is None or not _is_base(ctx, m, q)) \
                and not (m.code == "WORLD" and (_WORLD_WHOLE_AFTER.match(ctx.norm[m.end : m.end + 8])
                                                or _WHOLE_BEFORE.search(ctx.norm[max(0, m.start - 3) : m.start])
                                                or _names_country(ctx, *ctx.clause(m.start)))):
            return m
    return None


# The impersonal "it takes N years (to build a fab)" states how long a thing takes anywhere: a span no country's
# own unless its sentence names one, whatever the paragraph or the document is about ("within 18 months", a
# plan's deadline, stays its planner's).
_SPANS = frozenset({"years", "months"})
_IT_TAKES = re.compile(r"\bit\s(?:(?:will|would|may|might|could|can|usually|typically|still)\s)?(?:takes?|took)\b", re.I)
_DEICTIC = frozenset({"我国", "国内", "国产", "本土", "中资", "大陆", "mainland", "domestic"})
# A clause about "it" (其, 该公司) continues the sentence before's subject, not an object it names;
# not "its"/"their": "Its rival OpenAI raised $6.6 billion" is OpenAI's figure.
_PRONOUN_OPENER = re.compile(r"^\s*(?:同时|此外|并且|并|而|and|but)?\s*(?:其|它们?|该公司|该企业|(?:it|they|the company)\b)",
                             re.I)
# After the number, only a prepositional phrase leads to the market: "$4.6B in H20 China-specific revenue",
# not "$80 billion capex dwarfs China's AI market".
_IN_MARKET = re.compile(r"\s?(?:[a-z]+\s)?(?:in|of|from)\s(?:[\w-]+\s){0,2}", re.I)
# A definite noun for a company opening the clause refers back to the company named before it.
_COMPANY_ANAPHOR = re.compile(r"\s*(?:[-*•]\s*)?(?:(?:the|this) (?:company|firm|chipmaker|chip maker|chip giant|startup|"
                              r"start-up|lab|tech giant)(?![a-z])|该公司|该企业|这家公司|这家企业)", re.I)
# A country that qualifies a multinational's market: "Nvidia's China revenue", "英伟达在中国市场的份额".
# A word or two may qualify the market noun: "China-specific GPU revenue", "在华相关业务", "China data-centre sales".
_MARKET_AFTER = re.compile(r"^\s?(?:-specific\s|-based\s)?(?:[a-z][\w-]*\s){0,2}?(?:相关|的)?(?:market|sales|revenue|"
                           r"business|shipments|demand|operations|市场|销售|营收|收入|业务|出货|份额|区)", re.I)
_LOCATION_BEFORE = re.compile(r"(?:\b(?:in|to|into)|在|向|对|销往|出口到|卖给)\s?(?:the\s)?$", re.I)
_SCOPE_BEFORE = re.compile(r"(?:在|于|\b(?:in|across|around)(?:\sthe)?)\s?$", re.I)
# 全球领先, 全球最大, 全球首个, "world-leading": the world frames one actor's ranking, it is no scope of figures
# (not "the world's biggest chipmakers", a group across countries whose figures are the world's)
_WORLD_RANK_AFTER = re.compile(r"\s?(?:领先|最大|最高|首|第一|前列|范围内领先|-leading)", re.I)
_WORLD_WHOLE_AFTER = re.compile(r"^\s?(?:占比|占|份额|比重|排名|第|的份额|share)", re.I)


_EQUIVALENT = re.compile(r"[\s-]?(?:equivalents?\b|等效|当量)", re.I)
# A purpose clause against a rival ("to counter China's military mass", "以抗衡美国"): its object is the rival.
_RIVAL = re.compile(r"\bto\s(?:counter|rival|challenge|deter|contain|outcompete|compete with|catch up with|keep pace with)\b"
                    r"|对抗|抗衡|遏制", re.I)
_LESS_THAN = re.compile(r"\s?(?:times\s)?(?:lower|less|smaller|fewer|slower|cheaper|weaker|below)\b[^,;.]{0,30}\bthan\s", re.I)


def _after_owner(ctx: Context, q: Quantity, c1: int) -> Mention | None:
    """The first mention after the number in its clause that can own it: not in a parenthesis, not the
    other side of a comparison ("20.2 citations vs China's 5.1", "6 months behind American models")."""
    for m in ctx.places_in(q.end, c1):
        if m.end > c1 or m.code == "WORLD" or m.source or _in_parens(ctx.norm, q.end, m.start) \
                or _EQUIVALENT.match(ctx.norm, m.end):
            continue  # "0.6M H100-equivalent GPUs": the chip is the unit of measure, not the owner
        if q.unit == "other:times" and _LESS_THAN.match(ctx.norm, q.end, m.start):
            return m  # "20 times lower than Nvidia's": a ratio takes the larger side
        if _CONTRAST.search(ctx.norm, q.end, m.start) or _is_base(ctx, m, q) or _RIVAL.search(ctx.norm, q.end, m.start):
            return None  # what follows a comparison is the other side's; "to counter China's" names the rival
        return m
    return None


def _market_country(ctx: Context, owner: Mention, q: Quantity, c0: int, c1: int) -> Mention | None:
    """A multinational's figure in one country: "Nvidia's China market share", "its revenue in China",
    "OpenAI计划在阿根廷投资…", "sold … to China" (spec/annotation.md: that country's figure)."""
    trade = _TRADE_WORDS.search(ctx.lower[c0:c1]) is not None
    for m in ctx.places_in(max(owner.end, c0), c1):
        if m.end > c1 or m.kind != "country" or m.code in ("WORLD", "NONE") or m.source or _is_base(ctx, m, q):
            continue
        if _MARKET_AFTER.match(ctx.norm[m.end : m.end + 40]) and (
                m.start < q.start or _IN_MARKET.fullmatch(ctx.norm, q.end, m.start)):
            return m  # "Nvidia's China revenue fell to $1B", "recognized $4.6B in China-specific revenue"
        # before the number, the trade word must stand by the place ("market share in China",
        # "在阿根廷投资"): a place elsewhere in the clause only locates the company
        near = _TRADE_WORDS.search(ctx.lower[max(c0, m.start - 24) : min(c1, m.end + 6)]) is not None
        if trade and _LOCATION_BEFORE.search(ctx.norm[max(0, m.start - 8) : m.start]) \
                and ((m.start < q.start and near) or _DESTINATION_BEFORE.search(ctx.norm[max(0, m.start - 8) : m.start])):
            return m
    return None


# Words naming the US and China together; a gap between them belongs to neither.
_PAIR_WORDS = frozenset({"中美", "中美两国", "US-China", "U.S.-China", "China-US"})
_GAP = re.compile(r"差距|差异|gap|difference")


def _subject(ctx: Context, q: Quantity) -> tuple[str | None, str | None]:
    c0, c1 = _clause_start(ctx, q), ctx.clause(q.start)[1]
    s0, _s1 = ctx.sentence(q.start)
    p0, _p1 = ctx.paragraph(q.start)
    after = _after_owner(ctx, q, c1)
    origin = None
    destination = None
    if after and (_ORIGIN_BEFORE.search(ctx.norm[max(0, after.start - 4) : after.start]) or after.start - q.end <= 1):
        origin = after  # 来自中国, 千百家本土企业: the counted thing's origin
    dest = next((m for m in ctx.places_in(q.end, c1) if m.kind == "country" and m.end <= c1 and not m.source
                 and m.code not in ("WORLD", "NONE")
                 and _DESTINATION_BEFORE.search(ctx.norm[max(0, m.start - 8) : m.start])), None)
    if dest is not None and _TRADE_WORDS.search(ctx.lower[c0:c1]) and not _CONTRAST.search(ctx.norm, q.end, dest.start) \
            and not _is_base(ctx, dest, q):
        destination = dest  # "Nvidia sold $7.3 billion of GPUs to China", "shipped 1.4M H20 chips to China"
    if origin is None and destination is None and (q.kind != "rank" or q.unit != "percent"):
        # A world total: the clause opens with 全球/global and names no country or company before the
        # number ("全球AI投资达到…", "global shipments reached …"), whatever the sentence before named;
        # not 全球占比/全球第二 (the world is then the whole a country's figure is part of).
        opener = _first(ctx, c0, q.start, exclude=())
        # (the members a parenthesis lists, "全球Top4云厂商(AWS、Azure、谷歌云、阿里云)", are still the world's)
        named = next((m for m in ctx.places_in(opener.end, q.start) if m.end <= q.start and m.code != "WORLD"
                      and not m.source and not _in_parens(ctx.norm, opener.end, m.start)), None) if opener else None
        if opener is not None and opener.code == "WORLD" and named is None \
                and not _WHOLE_BEFORE.search(ctx.norm[max(c0, opener.start - 3) : opener.start]) \
                and not _WORLD_WHOLE_AFTER.match(ctx.norm[opener.end : opener.end + 8]):
            entity_w = _first(ctx, c0, q.start, kinds=("entity",))
            if opener.text in _PAIR_WORDS and _GAP.search(ctx.lower[c0 : q.end]):
                return None, entity_w.text if entity_w else None  # 中美…差距: neutral between the two
            return "WORLD", entity_w.text if entity_w else None
    if q.kind == "rank" and q.unit == "percent":
        return None, None  # 前20%: a definition, about no one country
    contrast = None
    for cm in _CONTRAST.finditer(ctx.norm, c0, q.start):
        contrast = cm
    contrasted = _first(ctx, contrast.end(), q.start, q=q) if contrast is not None else None
    if contrast is not None and contrasted is None and after is not None and q.start - contrast.end() <= 24:
        contrasted = after  # "versus the estimated $100 million cost of training GPT-4": its owner follows
    # inside a parenthesis, its own words first: "(美国53.7GW vs. 中国31.9GW)", "India (1,350)"
    paren = _open_paren(ctx, s0, q.start)
    in_paren = _first(ctx, paren + 1, q.start, q=q) if paren is not None and paren >= c0 else None
    if in_paren is None and paren is not None and paren >= c0 and origin is not None \
            and not _in_parens(ctx.norm, q.end, origin.start) and ctx.norm.find(")", q.end, origin.start) < 0:
        in_paren = origin  # "(1.46M H20 at ~30% …)": the parenthesis's own counted thing, not the name before it
    label = _last(ctx, c0, q.start, kinds=("country",), q=q)  # "Japan (3,409) and India (1,350)"
    if label is not None and not re.fullmatch(r"\s?[(（]\s?", ctx.norm[label.end : q.start]):
        label = None
    possessor = _last(ctx, c0, q.start, q=q)  # "Korea's $3 billion", "the US's 30%": its owner stands right before it
    if possessor is not None and not _POSSESSOR_GAP.fullmatch(ctx.norm, possessor.end, q.start):
        possessor = None
    first = possessor or _first(ctx, c0, q.start, q=q)
    if first is not None and possessor is None:
        co = _coordinated_owner(ctx, first, q)  # "the US leads with 758 and China follows with 343"
        if co is not None and not _is_base(ctx, co, q):
            first = co
    if first is None and _COMPANY_ANAPHOR.match(ctx.norm, c0, q.start):
        # "The chipmaker reached $5 trillion", "该公司市值…": the company that was the subject of the sentence
        # or two before, not one it was compared with ("性能接近英伟达A100。该公司…"); else the company named
        # last in the paragraph or two before (further back, "the company" may be one the gazetteer lacks)
        lo = max(0, c0 - 800)
        first = next((m for m in reversed(ctx.places_in(max(lo, c0 - 400), c0)) if m.kind == "entity"
                      and m.end <= c0 and not m.source and _subject_position(ctx, m)), None) \
            or _last(ctx, lo, c0, kinds=("entity",))
    if first is not None and first.kind == "entity":
        market = _market_country(ctx, first, q, c0, c1)
        if market is not None:
            first = market
        elif _PRONOUN_OPENER.match(ctx.norm[c0 : first.start]):
            # "It outperformed OpenAI's … and raised $75 million": the subject before, else the mention before
            first = _last_subject(ctx, p0, c0, q=q) or _last(ctx, p0, c0, q=q) or first
    choice = (
        destination
        or _column_header(ctx, q)
        or contrasted
        or in_paren
        or label
        or first
        or _world_after(ctx, q, ctx.sentence(q.start)[1])  # "3.5 million H100s installed worldwide": the scope outranks the chip's maker
        or origin
        or _last_subject(ctx, s0, q.start, q=q, world=True)
        or _last(ctx, s0, q.start, q=q)
        or _speaker(ctx, q, s0)
        or after
    )
    entity_m = _first(ctx, c0, q.start, kinds=("entity",)) or _last(ctx, s0, q.start, kinds=("entity",))
    entity = entity_m.text if entity_m else None
    if choice is None and (_respondents(ctx, q) or (q.unit in _SPANS and _IT_TAKES.search(ctx.norm, s0, q.start))):
        return None, entity  # "it takes two to three years to build a fab": a span of time no country's own
    if choice is None and ctx.topic is None and _bare_market(ctx, q, s0):
        # "the AI market was valued at $184 billion", AI芯片市场约500亿美元: no country's market (in a document
        # about one country, its own market may go unnamed)
        return "WORLD", entity
    choice = choice or _last_subject(ctx, p0, q.start, q=q) or _last(ctx, p0, q.start, q=q)
    if choice is None:
        world = _first(ctx, s0, c1, exclude=())
        if world and world.code == "WORLD" and not _WORLD_RANK_AFTER.match(ctx.norm, world.end):
            return "WORLD", entity
        # a paragraph whose only place is the world ("研究院在全球共发现1523家…其中,359家…") is about the
        # world: a country the paragraph before ended on does not own its figures
        # (the world as the scope: opening a clause or after 在/in/across, not 全球领先/全球第一 or 占全球…)
        in_para = [m for m in ctx.places_in(p0, q.start) if m.end <= q.start and not m.source]
        if in_para and all(m.code == "WORLD" for m in in_para) and not _GAP.search(ctx.lower, p0, q.end) and any(
                (_subject_position(ctx, m) or _SCOPE_BEFORE.search(ctx.norm, max(0, m.start - 12), m.start))
                and not _WORLD_RANK_AFTER.match(ctx.norm, m.end) for m in in_para):
            return "WORLD", entity
        # a list item or a labelled line under a heading takes the section's country, named above it
        # (or the topic of the paragraph before, when that names a country outright: 国内/国产 describe
        # things, they do not set a topic)
        # A country opening its clause up there (a heading, a lead-in sentence) names the section; a
        # country only mentioned in passing yields to the document's topic (its title's one country).
        above = [m for m in ctx.places_in(max(0, p0 - 600), p0) if m.kind == "country" and m.end <= p0
                 and m.code != "WORLD" and not m.source and not _is_base(ctx, m, q)]
        if above and not _in_list(ctx, q.start) and above[-1].text in _DEICTIC:
            above = []
        # the heading right above ("**Reflection AI**" over "- **融资**: B轮融资20亿美元"), else one further up
        leading = _heading_above(ctx, p0) or next(
            (m for m in reversed(above) if _subject_position(ctx, m) and _heads_section(ctx, m)), None)
        if leading is not None:
            choice = leading
        elif ctx.topic is not None:
            return ctx.topic, entity
        elif above:
            choice = above[-1]
        else:
            return None, entity
    if choice.code == "WORLD" and choice.text in _PAIR_WORDS and _GAP.search(ctx.lower[s0 : q.end]):
        return None, entity  # 中美…差距, "the US-China gap": neutral between the two (spec/annotation.md)
    return (None if choice.code == "NONE" else choice.code), entity
