"""The aspect of a figure: a level, a change (a growth or fall) or a share (a part of a stated whole),
read from the words around the number when the scanner's reading of it is a level."""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context

_COUNT_UNITS = {"models", "companies", "count", "chips", "people", "papers"}
_SHARE_CLAUSE = re.compile(r"^\s*(?:其中|(?:of which|including|among them)\b)", re.I)
# "with" opens a part of the whole before only as an absolute clause whose subject is the number
# ("..., with 40% of the funds going to...", "with 12 coming from China"); "with 30,000 researchers",
# "with user numbers reaching 602 million" attach a level to the clause before
_WITH_BEFORE = re.compile(r"^\s*with\s+(?:(?:over|about|nearly|almost|around|some|roughly|more than|less than|just)\s+)?$", re.I)
# (a participle that hands the part out counts too: "with $1.9 billion dedicated to core research")
# a clause "with <a part> ... and" before the number: the number continues the breakdown
_WITH_LIST_BEFORE = re.compile(r"^\s*with\s+(?:(?:over|about|nearly|almost|around|some|roughly|more than|just)\s+)?"
                               r"[$€£¥]?\d[^,;:\n]{0,80}?\s(?:dedicated|allocated|earmarked|going|set aside)\s"
                               r"(?:to|for)\b[^,;:\n]{0,60}\sand\s+$", re.I)
_WITH_PART_AFTER = re.compile(r"\s?(?:[a-z-]+\s){0,2}?(?:of|from|[a-z]{2,}ing|[a-z]{2,}ed\s(?:to|for))\b", re.I)
# a percentage after "占…", "accounts for", "makes up", "represents": the part of a whole it names
_PART_BEFORE = re.compile(r"(?:占[^,，。;；]{0,12}|(?:accounts?|accounted|accounting) for|(?:make|makes|made|making) up"
                          r"|represent(?:s|ed|ing)?|comprise[sd]?)\s?$", re.I)
# "N% of <a whole>" (up to the clause's end), and the nouns that make it a comparison of two things
_OF_WHOLE = re.compile(r"\s?of\s([^,;:.()\n]{0,40})")
_COMPARED = re.compile(r"\b(?:performance|speed|throughput|efficiency|capabilit\w*|power|level)\b")
_SHARE_RATIO = re.compile(r"(?:仅为|只有|为|是|相当于)[^,，。;]{0,6}的\s?$")

# a multiple naming a growth: "an 8x increase", "a fivefold surge", "grew 8x", "tripled by 3x"
_GROWTH_NOUN_AFTER = re.compile(r"[\s-]?(?:increases?|rises?|growth|jumps?|surges?|gains?|expansion|leap)\b", re.I)
_GROWTH_VERB_BEFORE = re.compile(r"\b(?:grew|grow|grows|growing|grown|increased|increases|increasing|rose|rises|rising|risen|"
                                 r"jumped|surged|soared|expanded)\s(?:by\s)?(?:about\s|nearly\s|almost\s|roughly\s|some\s)?$",
                                 re.I)


# the verb of "make up X%": its "up" starts no rise
_MAKE_UP = re.compile(r"\b(?:make|makes|made|making)\s$")
# a percentage after a growth verb ("revenue has grown 50%", "risen 20%"): the scanner reads "grew", "rose"
_PERCENT_GROWTH_VERB = re.compile(r"\b(?:grown|risen|increased)\s(?:by\s)?(?:about\s|nearly\s|almost\s|roughly\s|some\s)?$")
# a percentage a growth rate names: "增速达62%", "年复合增长率高达52.3%", "an annual growth rate of about
# 30 percent", "39% CAGR", "保持30%左右的年增长率", "(+73% YoY)", "同比+56%"
_RATE_BEFORE = re.compile(r"(?:增速|增长率|增幅|成长率|增长|成长|年增|growth rate|growth of|cagr)"
                          r"(?:\s?[(（][a-z]{2,6}[)）])?[^,，。;；:：()（）\d]{0,8}$"  # "年复合增长率（CAGR）为31.9%"
                          # a growth verb with its rate: "grow at a 27.7% annual rate", "growing at 30%"
                          r"|\b(?:grow|grows|grew|grown|growing|expand|expands|expanding|expanded)\sat\s(?:an?\s)?$"
                          r"|(?:同比|环比|yoy|qoq|y/y)\s?[+＋]?\s?$|[(（]\s?[+＋]$", re.I)
_RATE_AFTER = re.compile(r"\s?(?:左右)?的?(?:年均?|年度)?(?:复合)?(?:增长率|增速|增幅|增长|成长率)"
                         r"|\s?(?:annual(?:ized)?\s|compound annual\s|year-on-year\s|year-over-year\s)?(?:growth|cagr)\b"
                         r"|\s?(?:yoy|qoq|y/y|year[- ]on[- ]year|year[- ]over[- ]year)\b", re.I)


# a verb of change right before a percentage or a multiple ("算力成本降 37%", "微升0.16%", "提升3.5倍",
# "提升 5 个百分点"); "降至", "升到" name the level reached, so 至/到 between them is no change
_CHANGE_VERB_BEFORE = re.compile(r"(?:提升|抬升|上升|微升|微降|增加|增长|下降|降低|下跌|减少|下滑|上涨|大涨|大跌|暴涨|暴跌|"
                                 r"上调|下调|升|降|涨|跌|翻)了?\s?$")  # 翻三倍: grows threefold
_CHANGE_UNITS = frozenset({"percent", "other:times"})
# the next percentage of a coordination ("425% and 693% first-day gains": the noun after it is both's)
_NEXT_PERCENT = re.compile(r"\s?(?:and|or|to|和|至|到|[-–~])\s?(?:about\s)?[\d.]+\s?(?:%|percent)")
# a multiple of the same thing at an earlier time ("是前代的两倍", "为2010年的九倍", "去年同期的3倍")
_EARLIER_SELF = re.compile(r"(?:(?:19|20)\d\d\s?年|前代|上一代|去年|上年|前一年|同期)的\s?(?:约|近|超过)?$")
# a growth rate's own noun, which governs every percentage after it in its clause
_RATE_NOUN = re.compile(r"增长率|成长率|增速|(?<![a-z])cagr(?![a-z])|growth rate")
# a figure followed by its share of the total in brackets
_SHARE_AFTER = re.compile(r"\s?[(（]\s?(?:~|about\s|约)?[\d.]+\s?%\s?of\s(?:the\s)?(?:total|all|overall)\b"
                          r"|\s?[(（]\s?占[^)）\n]{0,10}?[\d.]+\s?%")
# a noun of change right after a percentage, one modifier allowed
_CHANGE_NOUN_AFTER = re.compile(r"\s?(?:[a-z-]+\s)?(?:gains?|jumps?|surges?|rises?|increases?|drops?|declines?|falls?|"
                                r"plunges?|slumps?)\b")


# "N%的<noun>": the percentage quantifies the noun, a part of all of them ("33%的企业", "15%的智能手机出货量"),
# unless the noun (after at most a short modifier) is itself a measure the percentage is the level of
# (77%的得分, 100%的额外关税, 30%的增长率)
_ZH_OF_NOUN = re.compile(r"\s?(?:左右|以上|以下)?的\s?(?![\u4e00-\u9fff]{0,3}(?:得分|分数|增长|增速|增幅|年增|年均|年复合|复合|关税|税|利率"
                         r"|回报|收益|毛利|利润率|性能|水平|准确率|概率|可能|速度|效率|折扣|溢价|涨幅|跌幅))[\u4e00-\u9fff]")
# a ratio noun governing the percentage names it a part of a whole ("营收比重达17%", "占比最高,为48%",
# "约50%的比例", "the share of ... rose to 30%", "a penetration rate of 30%"); a rate of use (使用率) is
# no part of the capacity it uses
_RATIO_NOUNS = (r"比例|比重|占比|份额|渗透率|覆盖率|占有率"
                r"|(?<![a-z])(?:share|proportion|penetration rate|penetration|adoption rate)s?(?![a-z])")
_RATIO_BEFORE = re.compile(rf"(?:{_RATIO_NOUNS})[^。;；()（）\d%]{{0,10}}$")
_RATIO_AFTER = re.compile(r"\s?(?:左右|以上)?的\s?(?:比例|比重|份额|占比)")
# a verb before the percentage makes "N%的X" its object's level ("达到30%的增长", "为20%的"), handled apart
_ZH_PREDICATE_BEFORE = re.compile(r"(?:占|为|是|达|至|到|了|以|超|近)\s?$")
# 前 before the percentage makes it a rank threshold that defines a group (排名前20%的研究人员, top 2%),
# a level (annotation.md: definitional thresholds), not a part of the noun after it
_TOP_BEFORE = re.compile(r"前\s?(?=\d|$)")  # before the number, or opening its text ("前20%")
# a percentage right before "higher"/"lower" compares the figure with an earlier one of its own
_HIGHER_AFTER = re.compile(r"\s?(?:higher|lower)\b")


def _aspect(ctx: Context, q: Quantity) -> str:
    """The figure's aspect: the scanner's when it read a change or share, else from the words around."""
    if q.aspect == "change" and _MAKE_UP.search(ctx.lower, max(0, q.start - 8), q.start) \
            and q.number_text.lower().startswith("up"):
        return "share"  # "make up 20% of": the part of a whole, not a rise ("up 20%")
    if q.aspect != "level":
        return q.aspect
    if q.unit != "percent" and _SHARE_AFTER.match(ctx.lower, q.end):
        return "share"  # "$1.8 billion (26% of total)", "18亿美元(占总额的26%)": a part stated with its share
    if q.unit == "percent" and (_CHANGE_NOUN_AFTER.match(ctx.lower, q.end) or (
            (nxt := _NEXT_PERCENT.match(ctx.lower, q.end)) and _CHANGE_NOUN_AFTER.match(ctx.lower, nxt.end()))):
        return "change"  # "a 693% first-day gain", "a 12% drop", "425% and 693% first-day gains"
    if q.unit == "percent" and (_PERCENT_GROWTH_VERB.search(ctx.lower, max(0, q.start - 30), q.start)
                                or _HIGHER_AFTER.match(ctx.lower, q.end)):
        return "change"  # "has grown 50%", "net profit 35% higher"
    if q.unit in _CHANGE_UNITS and _CHANGE_VERB_BEFORE.search(ctx.lower, max(0, q.start - 6), q.start):
        return "change"
    if q.unit == "percent" and (_RATE_BEFORE.search(ctx.lower, max(0, q.start - 16), q.start)
                                or _RATE_AFTER.match(ctx.lower, q.end)):
        return "change"  # a growth rate is a change of the figure it grows
    if q.unit == "other:times" and _EARLIER_SELF.search(ctx.norm, max(0, q.start - 16), q.start):
        return "change"  # "是前代的两倍", "约为2010年的九倍": a multiple of its own earlier value is a growth
    if q.unit == "percent" and _RATE_NOUN.search(ctx.lower, ctx.clause(q.start)[0], q.start):
        return "change"  # "年复合成长率从20%上调至25%": every percentage of a growth rate's clause is a rate
    if q.unit == "other:times" and (_GROWTH_NOUN_AFTER.match(ctx.norm, q.end)
                                    or _GROWTH_VERB_BEFORE.search(ctx.norm, max(0, q.start - 30), q.start)):
        return "change"
    c0, _c1 = ctx.clause(q.start)
    s0, _s1 = ctx.sentence(q.start)
    if ctx.norm[q.end - 1 : q.end] == "席":
        return "share"
    if _SHARE_CLAUSE.search(ctx.norm[c0 : q.start]):
        return "share"
    if _WITH_BEFORE.match(ctx.norm[c0 : q.start]) and _WITH_PART_AFTER.match(ctx.norm, q.end):
        return "share"
    if _WITH_LIST_BEFORE.match(ctx.norm[c0 : q.start]):
        return "share"  # the next part of the same breakdown: "with $1.9 billion dedicated to X and $1.2 billion for Y"
    # a clause after "其中..." or "...中," in the same sentence continues the breakdown
    prior = ctx.norm[s0:c0]
    if re.search(r"(?:^|[,;])\s*其中", prior):
        return "share"
    if q.unit in _COUNT_UNITS and re.search(r"中\s?[,，]", prior):
        return "share"
    if q.unit == "percent" and _SHARE_RATIO.search(ctx.norm[max(c0, q.start - 12) : q.start]):
        return "share"
    if q.unit == "percent" and _PART_BEFORE.search(ctx.norm, max(c0, q.start - 24), q.start):
        return "share"  # a share indicator's own percentage is its level: see attribute()
    if q.unit == "percent" and (_RATIO_BEFORE.search(ctx.lower, max(s0, q.start - 16), q.start)
                                or _RATIO_AFTER.match(ctx.lower, q.end)):
        return "share"  # "营收比重达17%", "渗透率超30%", "约50%的比例", "a penetration rate of 30%": a ratio's part
    if q.unit == "percent" and _ZH_OF_NOUN.match(ctx.norm, q.end) \
            and not _ZH_PREDICATE_BEFORE.search(ctx.norm, max(c0, q.start - 2), q.start) \
            and not _TOP_BEFORE.search(ctx.norm, max(c0, q.start - 2), q.start + 1):
        return "share"  # "33%的企业应用", "约80%的新建算力": the part of a population the noun names
    if q.unit == "percent" and (of := _OF_WHOLE.match(ctx.lower, q.end)) and not _COMPARED.search(of.group(1)) \
            and not any(m.kind == "entity" for m in ctx.places_in(q.end, of.end())):
        return "share"  # "70% of worldwide AI patents"; not "80% of the H100's performance", a comparison
    return "level"
