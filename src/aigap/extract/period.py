"""When a figure holds (spec/annotation.md, "period"): the clause's own date, else the governing
date of the sentence, else of the paragraph; relative dates (去年, "last year", 目前, "now") count
from the document's date; null when nothing dates the figure and it is a specification. A change
runs over a span: since a date, over a window (过去10年), from a base two or more years back, or
between two dated levels ("from A (2015) to B (2025)")."""

from __future__ import annotations

import re

from aigap.records import Quantity

from .context import Context, Mention
from .period_marks import is_base as _is_base
from .period_marks import is_edition as _is_edition
from .period_marks import is_founding as _is_founding
from .period_marks import is_future as _is_future
from .period_marks import is_since as _is_since
from .period_marks import is_target as _is_target

__all__ = ["period"]

_CONTRAST_BEFORE = re.compile(r"(?:而|当时|此前|之前)\s?$")
_DATE_RIGHT_AFTER = re.compile(r"^[^\d,，。;；]{0,14}?\b(?:in|by|as of|at the end of|by the end of|during|for|on)(?:\sthe)?\s?$"
                               r"|^[^\d,，。;；()（）]{0,30}[（(]\s?$", re.I)  # "62,700 patents (2025)"
# "805k units this year", "~300k next year": a relative year is an adverb, it needs no preposition.
_RELATIVE_RIGHT_AFTER = re.compile(r"^[^\d,，。;；]{0,14}?\s$")
# Product specifications hold whenever the product exists: no default period.
_SPEC_UNITS = {"seconds", "parameters", "chars", "tokens", "years", "months", "rank"}
# A length of time ("it takes two to three years", 延迟29秒, "within 18-24 months") measures how long
# something lasts, not how much of it there is at a time: no date, not even its clause's, dates it.
_DURATION_UNITS = {"years", "months", "seconds", "other:weeks", "other:days", "other:hours", "other:minutes"}
# ... unless it is a lead or a lag between two sides ("China is six months behind", 差距缩短至3至6个月):
# a gap is a level that changes over time, dated like any other
_GAP = re.compile(r"behind|ahead|\blag|\bgap\b|差距|落后|领先|領先|落後|慢|快", re.I)
# What a product is built with (its power, bandwidth, context window): dated by its own sentence
# ("2024年2月更新…支持200万汉字"), never by a date the paragraph gives another figure.
# (a model's parameter count is one too: "TinyLlama (1.1B parameters)")
_PHYSICAL_UNITS = {"tokens", "chars", "parameters", "other:W", "other:TB/s", "other:GB/s"}
# a product's performance against another's (性能达H20的80%, "60% of the H100's inference performance",
# a chip's TFLOPS) is a specification too: its own sentence may date it, the paragraph's date does not
_PERFORMANCE = re.compile(r"性能|能效|能耗比|performance|efficien|inference speed|推理速度", re.I)
_RATE = re.compile(r"(?:[复複]合|年均|年化)?(?:增长|增長|成长|成長)率|CAGR|compound annual|annual(?:ized)? growth", re.I)
_FRONTED = re.compile(r"(?:[Ss]ince|自|从)?")
# two levels a change runs between: "from A (2015) to B (2025)", 从A增加到B, "A → B"
_FROM_TO = re.compile(r"\b[Ff]rom\b.{1,80}?\bto\b|[从從].{1,40}?(?:到|至|→)|→")
# what makes a date after a number another figure's: a forecast of it, or a base's own amount
# ("revenue of $5 billion was up from $4 billion a year ago"; "29,525 vs 3,225 (2025)" share theirs)
_FORECAST_THEN_FIGURE = re.compile(r"(?:\b(?:projected|expected|forecast|set)\s(?:to\s)?|预计|预期|有望|将)"
                                   r"[^\d,，;；]{0,24}\d"
                                   r"|(?:\b(?:from|than|compared (?:with|to))\s|较|比)[^\d,，;；]{0,12}\d", re.I)
# (not "24% of total", a share of a whole)
_CUMULATIVE = re.compile(r"\b(?:cumulative(?:ly)?|in total)\b|累计|累積|累积|总计|總計", re.I)
# "total" is a year's total too ("total revenue in 2024"): cumulative only up to a year ("total … by 2025")
_TOTAL = re.compile(r"(?<!of\s)\btotal\b", re.I)
_THROUGH_BEFORE = re.compile(r"\b(?:through|by|up to)\s?$", re.I)
_THOUSANDS = re.compile(r"\d{3}(?!\d)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADING = re.compile(r"#{1,6}\s")
_ITEM = re.compile(r"[ \t]*(?:[-*•·]\s|\d{1,2}[.)、]\s?)")


def _clause(ctx: Context, q: Quantity) -> tuple[int, int]:
    """The number's clause as a date reads it: a comma inside a number ("62,700 patents (2025)") does
    not end it, an arrow ("2015: $2.8 billion → 2025: …") and a blank line do."""
    c0, c1 = ctx.clause(q.start)
    norm = ctx.norm
    for _ in range(8):  # a few numbers with thousands separators; bounded
        if 2 <= c1 < len(norm) and norm[c1 - 1] == "," and norm[c1 - 2].isdigit() and _THOUSANDS.match(norm, c1):
            c1 = ctx.clause(c1)[1]
        else:
            break
    for _ in range(8):
        if c0 >= 2 and norm[c0 - 1] == "," and norm[c0 - 2].isdigit() and _THOUSANDS.match(norm, c0):
            c0 = ctx.clause(c0 - 2)[0]
        else:
            break
    arrow = norm.rfind("→", c0, q.start)
    c0 = arrow + 1 if arrow >= 0 else c0
    arrow = norm.find("→", q.end, c1)
    c1 = arrow if arrow >= 0 else c1
    blank = _BLANK_LINE.search(norm, q.end, c1)
    return c0, blank.start() if blank else c1


def _item(ctx: Context, pos: int) -> int | None:
    """Where the bullet or numbered item holding ``pos`` starts; None off a list."""
    start = ctx.line_start(pos)
    return start if _ITEM.match(ctx.norm, start) else None


def _heading_end(ctx: Context, pos: int) -> int | None:
    """Where the heading holding ``pos`` ends (the title, a Markdown heading or a line in bold alone);
    None if ``pos`` is not in one."""
    start = ctx.line_start(pos)
    end = ctx.norm.find("\n", pos, pos + 300)  # bounded: a text with no line breaks is no heading
    if end < 0:
        return None
    line = ctx.norm[start:end].strip()
    if not ctx.norm[:start].strip():
        return end  # the document's title, dated by its dateline or lead
    if _HEADING.match(line) or (line.startswith("**") and line.endswith("**") and line.count("**") == 2):
        return end
    return None


def _section_end(ctx: Context, pos: int) -> int:
    """The end of the first paragraph after a heading ending at ``pos`` (at most 600 characters)."""
    body = ctx.norm[pos : pos + 600]
    text = body.lstrip()
    stop = re.search(r"\n\s*\n|\n#", text)
    return pos + (len(body) - len(text)) + (stop.start() if stop else len(text))


def _table_date(ctx: Context, pos: int) -> Mention | None:
    """For a cell of a pipe table: the date heading its column, else (a header without dates) the date
    of the caption or heading just above the table ("### 总排行榜（2023年12月）")."""
    row = ctx.line_start(pos)
    if not ctx.norm.startswith("|", row):
        return None
    top = row
    for _ in range(60):  # up to the header row; bounded, each cell walks its table once
        if top == 0:
            break
        prev = ctx.line_start(top - 1)
        if not ctx.norm.startswith("|", prev):
            break
        top = prev
    header_end = ctx.norm.find("\n", top, top + 2000)
    header_end = top + 2000 if header_end < 0 else header_end
    column = ctx.norm.count("|", row, pos)
    in_header = [d for d in ctx.dates_in(top, header_end) if d.kind != "relative"]
    if in_header:
        return next((d for d in in_header if ctx.norm.count("|", top, d.start) == column), None)
    return next((d for d in reversed(ctx.dates_in(max(0, top - 300), top)) if d.kind != "relative"), None)


def _spans_clause(ctx: Context, d: Mention, q: Quantity) -> bool:
    """A window (过去10年) or a since-date opens a span for the figures of its own clause only, unless it
    opens its sentence ("Over the past five years, …", "Since 2019, …"): a figure in a later clause
    ("…since 2019, raising the share to 36%") holds at the span's end."""
    if not (d.code.endswith(";window") or _is_since(ctx, d)):
        return False
    lead = ctx.norm[ctx.sentence(d.start)[0] : d.start].strip(" \t\n*#-")
    return not _FRONTED.fullmatch(lead)


def _before(ctx: Context, q: Quantity, lo: int, *, paragraph: bool, published: str | None = None) -> Mention | None:
    """The nearest date before the number from ``lo`` on that can date it."""
    item = _item(ctx, q.start) if paragraph else None
    c0 = _clause(ctx, q)[0]
    for d in reversed(ctx.dates_in(lo, q.start)):
        if d.end > q.start or _is_base(ctx, d, q) or (ctx.in_title(d.start) and not _is_edition(ctx, d)) \
                or _is_founding(ctx, d):
            continue
        if d.start < c0 and _spans_clause(ctx, d, q) and _level_side(ctx, q, *ctx.sentence(q.start)) is None:
            continue  # (the levels of a from–to the span opens still hold at its ends: 3年从5%→25%)
        if paragraph and (_is_target(ctx, d) or _is_future(d, published)):
            continue  # "projected to reach 524 EFLOPS by 2026": a forecast's target year dates that forecast only
        if paragraph and ((d.kind == "relative" and not d.code.endswith("now")) or _CONTRAST_BEFORE.search(ctx.norm[max(0, d.start - 3) : d.start])):
            continue  # 去年 steers its own sentence only (目前/"now" set the time of what follows, as a date
            # does); 而/此前 opens a contrast
        if d.code.endswith(";same") and len(ctx.norm[d.end : q.start].strip()) > (16 if d.text.isascii() else 4):
            continue  # 去年同期 dates the amount it introduces (去年同期亏损5.3亿元, "a year-earlier loss of
            # $16.6 billion": English puts the noun between); further on it is a base
        if item is not None and (other := _item(ctx, d.start)) is not None and other != item:
            continue  # an item of a list is dated by itself or the list's lead-in, not by its siblings
        return d
    return None


def _after(ctx: Context, q: Quantity, hi: int) -> Mention | None:
    """The first date after the number before ``hi``: "reach 1.73 trillion yuan by 2030". A date after a
    forecast of another figure ("valued at $184 billion and projected to reach $243 billion in 2025")
    is the forecast's (parallel figures, "100,000 and 300,000 chips in 2025", share theirs)."""
    d = next((d for d in ctx.dates_in(q.end, hi) if not _is_base(ctx, d, q)), None)
    return None if d is None or _FORECAST_THEN_FIGURE.search(ctx.norm, q.end, d.start) else d


def _year_of(code: str) -> str:
    return code[2:6] if code.startswith("FY") else code[:4]


def _governing_year(ctx: Context, lo: int, pos: int) -> str | None:
    """The year the nearest date with a year before ``pos`` (from ``lo``) names."""
    for d in reversed(ctx.dates_in(lo, pos)):
        if d.kind == "date" and d.end <= pos and not _is_founding(ctx, d):
            return _year_of(d.code)
    return None


def _resolve(ctx: Context, d: Mention, p0: int, published: str | None, default_year: str | None) -> str | None:
    """A mention's period: relative ones from the document's date, yearless ones in the discourse's year."""
    if d.kind == "date":
        return d.code
    governing = _governing_year(ctx, p0 if d.kind == "relative" else ctx.sentence(d.start)[0], d.start)
    pub_year = published[:4] if published and published[:4].isdigit() else None
    if d.kind == "undated":
        # a month without a year takes the year its sentence names ("2024年…其中7月"); with none, the
        # document's: the latest such month not after the document's date ("in December", written in
        # January). A year further back may be a target's ("goals through 2030. … an IPO in July").
        if governing is not None:
            return d.code.replace("{y}", governing)
        if pub_year is None:
            return None
        year = int(pub_year)
        m = re.search(r"-(\d\d)|-Q(\d)|-H(\d)", d.code)
        first = 0 if m is None else int(m.group(1)) if m.group(1) else (int(m.group(2)) - 1) * 3 + 1 \
            if m.group(2) else 1 if m.group(3) == "1" else 7
        pub_month = published[5:7] if published and len(published) >= 7 else ""
        if pub_month.isdigit() and first > int(pub_month):
            year -= 1
        return d.code.replace("{y}", str(year))
    offset, _, shape = d.code.partition(";")
    if shape == "window":
        # 过去10年, "the past five years": back from the year the paragraph names, counted inclusively
        # (近六年 of a 2023 report: 2018–2023), else from the document's date (2016–2026 written in 2026)
        if governing is not None and (pub_year is None or governing < pub_year):
            return f"{int(governing) + int(offset) + 1}/{governing}"
        return f"{int(pub_year) + int(offset)}/{pub_year}" if pub_year else None
    if shape == "day":  # a weekday: a day of the document's week, its month
        return published[:7] if published and re.fullmatch(r"\d{4}-\d\d", published[:7]) else pub_year
    if shape == "now":
        # 目前, "now": the document's own date, as precisely as it is known; in a look back at a year
        # ("China's AI in 2025", published in 2026) the present is that year's
        if default_year is not None and pub_year is not None and default_year < pub_year:
            return default_year
        if published and re.fullmatch(r"\d{4}-\d\d", published[:7]):
            return published[:7]
        return pub_year or governing
    if shape == "same":  # 去年同期: the shape of the period the paragraph is about, a year earlier
        # (a weekday says when the news came, not the period it is about)
        about = next((m for m in reversed(ctx.dates_in(p0, d.start)) if m.end <= d.start
                      and not m.code.endswith(("now", "same", "day"))), None)
        if about is None:
            shape = ""
        else:
            code = _resolve(ctx, about, p0, published, None)
            if code is None or not re.fullmatch(r"\d{4}(?:-H\d|-Q\d|-\d\d)?", code):
                return None
            return f"{int(code[:4]) + int(offset)}{code[4:]}"
    # 去年/last year count from the document's date (spec/annotation.md); a date governing the
    # paragraph stands in only when the document has none.
    base_year = pub_year or governing
    if base_year is None:
        return None
    return (shape or "{y}").replace("{y}", str(int(base_year) + int(offset)))


def _since_span(ctx: Context, q: Quantity, d: Mention, start: str, p0: int, published: str | None) -> str:
    """"266 million users since December 2024" (the paragraph is as of June 2025): from the since-date to
    the time the paragraph speaks of, else to the document's date, as precisely as the start is given."""
    for m in reversed(ctx.dates_in(p0, q.start)):
        if m is d or m.kind != "date" or "/" in m.code or _is_since(ctx, m) or _is_base(ctx, m, q):
            continue
        if m.code[:7] > start[:7]:
            return f"{start}/{m.code}"
    if not published or not published[:4].isdigit():
        return start
    end = published[:7] if len(start) == 7 and re.fullmatch(r"\d{4}-\d\d", published[:7]) else published[:4]
    return f"{start}/{end}" if end > start else start


def _change_span(ctx: Context, q: Quantity, c0: int, c1: int, code: str) -> str:
    """较2024年翻倍 of a 2026 target: a change over more than a year spans its base year to its own; a
    year-on-year change (较2022年下降15.4% in 2023) is its year's."""
    if not re.fullmatch(r"\d{4}", code):
        return code
    for d in (*ctx.dates_in(c0, q.start), *ctx.dates_in(q.end, c1)):
        if d.kind == "date" and re.fullmatch(r"\d{4}", d.code) and _is_base(ctx, d, q) and int(code) - int(d.code) >= 2:
            return f"{d.code}/{code}"
    return code


def _from_to_span(ctx: Context, q: Quantity, s0: int, s1: int) -> str | None:
    """"grew 46x, from $2.8 billion (2015) to $127.9 billion (2025)", 从2019年的5%升至2024年的25%:
    a change between two dated levels spans their dates."""
    for m in _FROM_TO.finditer(ctx.norm, s0, s1):
        if m.start() <= q.start <= m.end() + 3:
            continue  # the figure is one of the two levels (从227家增加到343家), dated by its own date
        # the first level's date before the "to" (from it, or just before an arrow), the second's right after
        ends = [_span_end(ctx, d) for d in (ctx.dates_in(max(s0, m.start() - 30), m.end())[-1:]
                                             + ctx.dates_in(m.end(), min(s1, m.end() + 30))[:1])]
        if len(ends) == 2 and None not in ends and ends[0] < ends[1]:  # type: ignore[operator]
            return f"{ends[0]}/{ends[1]}"
    return None


def _level_side(ctx: Context, q: Quantity, s0: int, s1: int) -> int | None:
    """0 when the figure is the first level of a from–to in its sentence (从227家增加到343家), 1 when it
    is the second; None otherwise."""
    if _RATE.search(ctx.norm, s0, q.start):
        return None  # a growth rate revised from 20% to 25% holds over the whole span, both values
    for m in _FROM_TO.finditer(ctx.norm, s0, s1):
        if m.start() <= q.start < m.end():
            return 0
        if m.end() <= q.start <= m.end() + 3:
            return 1
    return None


def _span_end(ctx: Context, d: Mention) -> str | None:
    """A date that can bound a span: a year or a month (not a span itself, a founding or a title)."""
    if d.kind != "date" or not re.fullmatch(r"\d{4}(?:-\d\d)?", d.code) or _is_founding(ctx, d) or ctx.in_title(d.start):
        return None
    return d.code


def period(ctx: Context, q: Quantity, published: str | None, default_year: str | None,
           aspect: str = "level") -> str | None:
    """``default_year``: the year the document is about (its title's), for undated figures; ``aspect``:
    whether the figure is a change (a change between two dates spans them)."""
    if q.kind == "rank" and q.unit == "percent":
        return None  # a definition holds at no particular time
    c0, c1 = _clause(ctx, q)
    if q.unit in _DURATION_UNITS and not _GAP.search(ctx.norm, c0, c1):
        return None  # nor does a length of time
    s0, s1 = ctx.sentence(q.start)
    p0, _p1 = ctx.paragraph(q.start)
    if (aspect == "change" or q.unit == "other:times") and (span := _from_to_span(ctx, q, s0, s1)) is not None:
        return span
    chosen: Mention | None = None
    # "under 50,000 in 2015", "10% in 2019", "602 million by December 2025", "~300k next year": a date
    # right after the number dates that number, before any date earlier in the sentence. A date may
    # hold a comma of its own ("January 27, 2025"): it belongs to the clause it starts in.
    for d in ctx.dates_in(q.end, c1):
        gap = ctx.norm[q.end : d.start]
        if _DATE_RIGHT_AFTER.match(gap) or (d.kind == "relative" and _RELATIVE_RIGHT_AFTER.match(gap)):
            chosen = d
        break
    # the clause's own date (before the number, else after it), else the sentence's, else the
    # paragraph's. A date after the number in a later clause is not looked at: it opens a figure of its
    # own or a source ("…为23%,而Gartner 2022年数据显示…").
    if chosen is None:
        chosen = _before(ctx, q, c0, paragraph=False) or _after(ctx, q, c1)
    if chosen is None:  # a table's cell: its column's date or its caption's, before the rows above
        chosen = _table_date(ctx, q.start)
    if chosen is None:
        chosen = _before(ctx, q, s0, paragraph=False)
    if chosen is not None and q.unit == "parameters" and chosen.kind == "relative" and chosen.code.startswith("0;"):
        chosen = None  # "当前的小模型如TinyLlama(11亿参数)": "current" picks the models, it is no time for their size
        # (a count of tokens used, "5.16T weekly tokens today", is dated by it)
    spec = q.unit in _PHYSICAL_UNITS or q.unit == "other:TFLOPS" or bool(_PERFORMANCE.search(ctx.norm, c0, c1))
    if chosen is None and not spec:
        chosen = _before(ctx, q, p0, paragraph=True, published=published)
    if chosen is None and (heading_end := _heading_end(ctx, q.start)) is not None:
        # a headline figure with no date of its own is dated where the section tells the story: its
        # first paragraph ("## OpenAI 完成1100亿美元融资" / "OpenAI 于2月27日宣布完成…")
        chosen = next((d for d in ctx.dates_in(heading_end, _section_end(ctx, heading_end))
                       if (d.kind != "relative" or d.code.endswith("now")) and not _is_founding(ctx, d)
                       and not _is_future(d, published)), None)
    if chosen is None:
        return default_year if q.unit not in _SPEC_UNITS and not spec else None
    code = _resolve(ctx, chosen, p0, published, default_year)
    since = code is not None and _is_since(ctx, chosen)
    if code is not None and since:
        code = _since_span(ctx, q, chosen, code, p0, published)
    if code is not None and (since or chosen.code.endswith(";window")):
        # 过去五年,企业从227家增加到343家: the first level holds at the span's start, the second at its end
        side = _level_side(ctx, q, s0, s1)
        return code if side is None or "/" not in code else code.split("/")[side]
    if code is not None and (aspect == "change" or q.unit in ("percent", "other:times")):
        return _change_span(ctx, q, c0, c1, code)  # a percentage against a base date is a change
    if code is not None and re.fullmatch(r"\d{4}", code) and (_CUMULATIVE.search(ctx.norm, c0, c1) or (
            _TOTAL.search(ctx.norm, c0, c1) and _THROUGH_BEFORE.search(ctx.norm, max(0, chosen.start - 12), chosen.start))):
        return _cumulative_span(ctx, q, code)
    return code


def _cumulative_span(ctx: Context, q: Quantity, year: str) -> str:
    """"$127.9 billion cumulative through 2025", 累计投资: a total up to a year runs from the start of
    the span the text has named ending in that year ("2015-2025" in its title), else it is that year's."""
    spans = [d.code for d in ctx.dates_in(max(0, q.start - 20000), q.start)[-60:]  # bounded look back
             if d.kind == "date" and re.fullmatch(r"\d{4}/" + year, d.code)]
    return min(spans) if spans else year  # the widest: the whole, not a phase of it
