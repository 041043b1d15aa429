"""What a date mention is to a figure beside it (spec/annotation.md, "period"): a comparison base, a
forecast's target, a founding, a since-date, a ranking's edition, a year after the document's. Used by
period.py to pass over the dates that do not date a figure."""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context, Mention

__all__ = ["is_base", "is_edition", "is_founding", "is_future", "is_since", "is_target"]

# (a base may be the end or start of a year: "up 140% from the end of 2024", or someone's: "a
# seven-fold increase from its December 2025 valuation")
_BASE_BEFORE = re.compile(r"(?:较|比|相比|相较于?|同比|仅为|只为|than|from|compared (?:with|to)|versus|vs\.?)"
                          r"(?:\s(?:its|their|our|the|a))?(?:\s(?:the\s)?(?:end|start|beginning)\sof)?\s?$", re.I)
# between a base's date and the base's own amount: 的, or a noun and "of" ("valuation of just", "loss
# of"; "from 2023 to reach $5 billion" is a base and a new figure)
_RESTATED = re.compile(r"\s?[(（][^()（）\d]{0,6}")
_BASE_OWN = re.compile(r"\s?的\s?|(?:'s)?\s(?:[A-Za-z-]+\s){1,3}of\s(?:(?:just|about|nearly|around|roughly|some)\s)?")
_RATIO_BASE_BEFORE = re.compile(r"(?:为|是|相当于|達|达)\s?$")
_RATIO_BASE_AFTER = re.compile(r"\s?的\s?[约近逾超]?[\d.一二三四五六七八九十两]+\s?(?:倍|%|％|成)")
_FOUNDED_AFTER = re.compile(r"\s?(?:创立|成立|创办|创建|注册成立)")
_FOUNDED_BEFORE = re.compile(r"(?:(?:founded|established|incorporated|set up)\s(?:in|on)|成立于|创立于|创办于)\s?$", re.I)
_SINCE_BEFORE = re.compile(r"(?:\b[Ss]ince|自)\s?$")
_SNAPSHOT_END = re.compile(r"(?:榜|榜单|排行|排名|指数|名单)$")
_SINCE_AFTER = re.compile(r"\s?(?:以来|至今|起至今)")
_TARGET_BEFORE = re.compile(r"(?:\bby(?: the end of)?|到)\s?$")


def is_target(ctx: Context, d: Mention) -> bool:
    """A forecast's or plan's target date: "by 2030", 到2030年 (截至 "as of" is not one)."""
    return bool(_TARGET_BEFORE.search(ctx.norm[max(0, d.start - 16) : d.start]))


def is_founding(ctx: Context, d: Mention) -> bool:
    """于2024年创立的, "founded in 2019": when an organisation began, not when a figure holds."""
    return bool(_FOUNDED_AFTER.match(ctx.norm, d.end) or _FOUNDED_BEFORE.search(ctx.norm[max(0, d.start - 20) : d.start]))


def is_base(ctx: Context, d: Mention, q: Quantity) -> bool:
    """较2022年, "up from 2019", 仅为去年的19%: a comparison base, not the figure's period."""
    ratio = _RATIO_BASE_AFTER.match(ctx.norm, d.end)
    if ratio and _RATIO_BASE_BEFORE.search(ctx.norm, max(0, d.start - 4), d.start):
        # 2020年的负载约为2010年的九倍: the year a multiple is taken of, for the whole sentence; but in
        # 仅为去年的19%(月均219亿元) an amount in brackets right after the ratio restates the base's own
        # amount, which the base's date dates
        return not _RESTATED.fullmatch(ctx.norm, ratio.end(), max(ratio.end(), q.start))
    base = _BASE_BEFORE.search(ctx.norm[max(0, d.start - 24) : d.start])  # room for "from the end of "
    if base is None:
        return False
    if q.unit != "percent" and _BASE_OWN.fullmatch(ctx.norm, d.end, max(d.end, q.start)):
        return False  # 较去年10月的5000亿美元, "from a year-earlier loss of $16.6 billion": the base's own amount
    return q.unit == "percent" or not base.group(0).startswith(("仅为", "只为"))


def is_edition(ctx: Context, d: Mention) -> bool:
    """《2025全球独角兽榜》: a ranking's or index's edition year is the year its figures describe (a
    report's year, 《2025年技术和创新报告》, is when it was written: its forecasts hold later)."""
    if not ctx.norm.startswith("《", d.start - 1):
        return False
    close = ctx.norm.find("》", d.end, d.end + 80)
    return close > 0 and bool(_SNAPSHOT_END.search(ctx.norm, d.end, close))


def is_since(ctx: Context, d: Mention) -> bool:
    """"since 2019", 自2019年以来, 2019年至今: the start of a span that runs to the figure's time."""
    if d.kind != "date" or "/" in d.code:
        return False
    return bool(_SINCE_BEFORE.search(ctx.norm[max(0, d.start - 8) : d.start]) or _SINCE_AFTER.match(ctx.norm, d.end))


def is_future(d: Mention, published: str | None) -> bool:
    """A year after the document's: a forecast's or a plan's, which dates its own sentence only (the
    next sentence's "GPU市场由英伟达(40%份额)" is a present fact again)."""
    return d.kind == "date" and published is not None and published[:4].isdigit() and d.code[:4].isdigit() \
        and d.code[:4] > published[:4]
