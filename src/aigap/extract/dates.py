"""Date mentions: the periods a text names (spec/annotation.md, "period"), found once per document.

A mention is one of three kinds:
- ``date``: it names its year ("2024年", "March 2025", "FY2024", "2014年至2023年间"); code is the period.
- ``relative``: it counts from the document's date (去年, "last year", 今年上半年, 目前, "now"); code
  is the year offset, then optionally ``;`` and the shape of the period with ``{y}`` for the year
  ("-1", "0;{y}-H1"), ``0;now`` for the document's own month, ``0;day`` for a day of its week that
  dates one sentence (周四, "recently"), ``-1;same`` for 去年同期 (the period being talked about, a
  year earlier), or ``-N;window`` for a span of N years back from its end (过去10年, "the past five
  years").
- ``undated``: a month, quarter or half named without its year (7月份, 第四季度, "in April",
  "January 27"); code is the shape ("{y}-07"). Its year is the discourse's: the year a date before it
  in the paragraph names, else the document's (the latest such month not after the document's date).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .rx import fast, finditer

__all__ = ["DateMention", "find_dates"]


class DateMention(NamedTuple):
    start: int
    end: int
    text: str
    code: str
    kind: str


_MONTH_NAMES = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
                r"Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
# Spelled-out English months only: "Mar"/"May" alone are words too often when no year follows.
_MONTH_FULL = r"January|February|March|April|May|June|July|August|September|October|November|December"
_ZH_NUM = "一二三四五六七八九十"
# What may follow a Chinese year (or 今年/去年) to narrow it: a half, a quarter, the first N quarters
# or months, a month or a range of months.
_ZH_SUB = (rf"(?:同期|上半年|下半年|前[一二三]季度|第?[一二三四1-4]季度|第[一二三四1-4]季|前(?:\d{{1,2}}|[{_ZH_NUM}]{{1,2}})\s?个月"
           r"|\d{1,2}\s?(?:(?:至|到|-|~)\s?\d{1,2}\s?)?月(?:份|底|末|初)?)")
# The same without a year: a month (not "8个月", a duration: the digit must touch 月), a month range,
# a quarter (not 前三季度 "the first three") or a half.
_ZH_UNDATED = (r"(?<![\d年个])\d{1,2}\s?(?:(?:至|到|-|~)\s?\d{1,2}\s?)?月(?:份|底|末|初|\d{1,2}\s?日)?"
               r"|第[一二三四1-4]季度?|(?<![前第\d一二三四五六七八九十])[一二三四]季度|(?<!年)[上下]半年")
# What a form that starts at a digit or a letter opens with: four digits (a year) or one or two
# before 年/月/个/至/"years"; the words the English forms open with ("the", "in", "last", a month, a
# weekday). Most word starts ("model", "and", "of") then fail on two or three characters instead of
# a walk through every form (speed: bench/extract.py). A form opening with another word must add it
# here (tests/extract/test_fast_paths.py compares the pattern with and without this lookahead).
_OPENERS = (r"(?=\d(?:\d\d\d|\d?\s?[个年月至到~-]|\d?\syears)"
            r"|[Tt]h(?:e\s|i|r)|Thu|[Tt]o(?:day| date)|two|ten|Tu|[Oo]ver\s|Oct|[Ii]n\s|[Pp]ast|[Ll]a(?:st|te)"
            r"|[Ff](?:rom|irst|our)|fi(?:ve|scal)|FY|Feb|Fri|[Ss](?:econd|ince)|six|seven|Sep|Sat|Sun"
            r"|eight|[Ee](?:nd|arly)|nine|[Nn]ow|Nov|[Bb](?:etween|y)|Q[1-4]|H[12]|[Cc]urrent|[Aa]t present|Apr|Aug"
            r"|[Yy]esterday|[Uu]ntil|[Dd]uring|Dec|[Mm]id-|Ma[ry]|Mon|J(?:an|u[nl])|Wed"
            r"|year-[ea]|a year [ea]"  # year-earlier, year-ago, a year earlier/ago (the period's year before)
            r"|(?i:last year|this year|the previous year|next year))")
_DATE = fast(
    # where a form can start: a digit, a word's first letter, or one of the Chinese words below. The
    # engine rejects every other position with a character test or two (speed: bench/extract.py).
    r"(?:(?=[\dA-Za-z])(?<![A-Za-z])" + _OPENERS + r"|(?=[去上下前今本明目截当當现現如迄近最日昨第一二三四过過周星两五六七八九十])"
    r"(?=[去上前今本明]年|[上下]半|前[一二三]|今[日天]|本[周月]|目前|截至|当前|如今|迄今|近日|日前|昨[日天]"
    r"|第[一二三四1-4]季|[一二三四]季|[过過]去|近\s?[\d一二两三四五六七八九十]|周[一二三四五六日天]|星期|當前|[现現][行在]|近期|最近|[一二两三四五六七八九十]{1,2}\s?(?:个\s?)?年))(?:"
    # a window counting back from its end: 过去10年, 近六年, "the past five years", "over the last 3 years"
    rf"(?P<win>(?:[过過]去|近)\s?(?P<wn1>\d{{1,2}}|[{_ZH_NUM}两]{{1,2}})\s?(?:个\s?)?年(?!代|级|期|度|前|后|後)"
    r"|(?<![A-Za-z])(?:[Tt]he\s|[Oo]ver\s(?:the\s)?|[Ii]n\s(?:the\s)?)?(?:[Pp]ast|[Ll]ast)\s(?P<wn2>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\syears(?![A-Za-z])"
    # 7年来, 3年间, and a bare count of years opening a change (7年驟降約4成, 3年从5%→25%): the same window
    rf"|(?<![第\d{_ZH_NUM}两])(?P<wn3>\d{{1,2}}|[{_ZH_NUM}两]{{1,2}})\s?(?:个\s?)?年(?:来|間|间(?!隔))(?!代)"
    rf"|(?<![第\d{_ZH_NUM}两])(?P<wn4>\d{{1,2}}|[{_ZH_NUM}两]{{1,2}})\s?年(?=\s?(?:从|從|由|驟降|骤降|增长|增長|下降|翻|提升|上升|减少|減少|增加))"
    r")"
    # so many years ago: 10年前, "five years ago" (a year counted back from the document's)
    rf"|(?P<ago>(?<![第\d{_ZH_NUM}两])(?P<an1>\d{{1,2}}|[{_ZH_NUM}两]{{1,2}})\s?(?:个\s?)?年前(?!后|後)"
    r"|(?<![A-Za-z])(?P<an2>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\syears\sago(?![A-Za-z]))"
    r"|"
    # cumulative spans: 2014年至2023年(间), 2014-2023年, from 2014 to 2023, between 2014 and 2023
    r"(?P<span>(?P<sy1>(?:19|20)\d\d)\s?年?\s?(?:至|到|—|–|-|~|～)\s?(?P<sy2>(?:19|20)\d\d)(?!\d)\s?年?(?:间|期间|間)?"
    r"|(?:[Ff]rom|[Bb]etween)\s(?P<sy3>(?:19|20)\d\d)\s(?:to|and|through|until)\s(?P<sy4>(?:19|20)\d\d)(?!\d))"
    # a fiscal quarter, "Q1 FY26", "FY2026 Q1": fiscal years are named by the year they end in, and a
    # fiscal year that is not the calendar's ends early in it (Nvidia's FY2026 ends in January 2026), so
    # its quarter N falls in the year before; the spec has no fiscal-quarter shape, so that calendar
    # quarter stands for it
    r"|(?P<fq>Q(?P<fqn1>[1-4])\s?FY\s?'?(?P<fqy1>\d{4}|\d\d)(?!\d)|FY\s?'?(?P<fqy2>\d{4}|\d\d)\s?Q(?P<fqn2>[1-4]))(?![\dA-Za-z])"
    r"|(?P<fy>(?:FY\s?'?|fiscal (?:year )?)(?P<fy1>\d{4}|(?<=FY)\d\d|(?<=FY[ '])\d\d)(?!\d)|(?P<fy2>\d{4})\s?(?:财年|fiscal year))"
    # English halves and quarters with their year: "first half of 2024", "H1 2025", "Q3 2024", "2024 Q3"
    r"|(?P<enh>(?:[Tt]he\s)?(?P<hw>[Ff]irst|[Ss]econd)\shalf\sof\s(?P<hy1>(?:19|20)\d\d)|H(?P<hn1>[12])\s?(?P<hy2>(?:19|20)\d\d)"
    r"|(?P<hy3>(?:19|20)\d\d)\s?H(?P<hn2>[12])(?![\dA-Za-z]))"
    r"|(?P<enq>(?:[Tt]he\s)?(?P<qw>[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth)\squarter\sof\s(?P<qy1>(?:19|20)\d\d)"
    r"|Q(?P<qn1>[1-4])\s?(?P<qy2>(?:19|20)\d\d)|(?P<qy3>(?:19|20)\d\d)\s?Q(?P<qn2>[1-4])(?![\dA-Za-z]))"
    # "the end of 2025", "2025年底": the year's last month
    r"|(?P<eoy>(?:[Tt]he\s)?[Ee]nd\sof\s(?P<ey1>(?:19|20)\d\d)(?!\d)|(?P<ey2>(?:19|20)\d\d)\s?年\s?(?:底|末))"
    # a Chinese year and what narrows it: 2024年上半年, 2024年第三季度, 2025年前8个月, 2024年7月, 2025年1-3月
    rf"|(?P<zy>(?P<zyy>(?:19|20)\d\d)\s?年\s?(?P<zys>{_ZH_SUB})?)(?!代)"
    r"|(?P<enm>(?P<mon>" + _MONTH_NAMES + r")\.?\s+(?:\d{1,2},?\s+)?(?P<y3>\d{4}))"
    # an ISO or slashed date, a dateline's or a front matter's: 2025-10-11, 2026/01/16, 2025-10, 2025.10.11
    r"|(?P<iso>(?P<iy>(?:19|20)\d\d)(?:(?P<isep>[-/])(?P<im>0[1-9]|1[0-2])(?:(?P=isep)(?:0[1-9]|[12]\d|3[01]))?"
    r"|\.(?P<im2>0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01]))(?![\d.,]?\d))"
    # a bare year: not a number of something ("1950 亿美元", "2000PFLOPS", "2024 billion"),
    # not a model's release year before its name ("Nvidia's 2022 H100") and not an end of a range of
    # amounts ("2000～3000块", "1,500-2000 GPUs": years in a range are a span, matched above)
    r"|(?P<eny>(?<![\d$.,])(?<!\d[~～至到\-–—])(?<!\d\s[~～至到\-–—]\s)(?P<y4>(?:19|20)\d\d)(?![\d%,.]\d|[\u4e00-\u9fff%A-Za-z]"
    r"|\s?(?:年|亿|万|億|萬|美元|元|billion|million|trillion|thousand)|\s[A-Z]{1,4}-?\d|\s?[~～至到\-–—]\s?\d{3}))"
    # a report's edition opening its title: 《2025全球独角兽榜》 (the bare year above refuses a following
    # Chinese character, a number's measure word elsewhere)
    r"|(?P<book>(?<=[《〈])(?P<by>(?:19|20)\d\d)(?=[\u4e00-\u9fffA-Za-z]))"
    # relative years and what narrows them: 去年, 今年上半年, 去年10月, 今年前8个月
    rf"|(?P<zrel>(?P<zrw>去年|上年|前年|今年|本年|明年)(?P<zrs>{_ZH_SUB})?)"
    r"|(?P<rel>(?i:last year|this year|the previous year|next year))"
    # the same period a year before the one the text is about, like 去年同期: "a year-earlier loss",
    # "the year-ago quarter", "up from $3 billion a year ago"
    r"|(?P<yago>(?<![A-Za-z-])(?:year-earlier|year-ago|a year (?:earlier|ago))(?![A-Za-z-]))"
    # the document's own date: 目前, 截至目前, "now", "currently", "to date"
    # (today, yesterday, this week or month: news reports the document's own days; 今日头条 is an app)
    # (a sentence may open with one: "Currently, …", "Today witnessed …", "This month, …")
    r"|(?P<now>截至目前|目前|当前|當前|现行|現行|现在|現在|如今|迄今|近日|日前|昨日|昨天|今日(?!头条)|今天|本周|本月"
    r"|(?<![A-Za-z])(?:[Nn]ow|[Cc]urrently|[Cc]urrent|[Tt]o date|[Aa]t present|[Tt]oday|[Yy]esterday"
    r"|[Tt]his (?:week|month))(?![A-Za-z-]))"
    # the days or weeks before the document: a weekday in news ("shares fell on Thursday", 股价周四下挫),
    # 近期/最近 "recently", "last week", "the past month". They narrate one event, so they date their
    # own sentence, not the paragraph's present as 目前/"now" do
    r"|(?P<wd>(?<![每至到])(?:周|星期)[一二三四五六日天](?![至到、]|\s?[-~—]|[一二三四五六日天])"
    r"|(?<=[Oo]n\s)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
    r"|近期|最近(?!的)|(?<![A-Za-z])(?:[Ll]ast week|(?:[Oo]ver |[Ii]n )?the past (?:week|month))(?![A-Za-z-]))"
    # a month or day without its year: "January 27", "in April", 7月份, 2月27日, 第四季度, 上半年
    r"|(?P<enmd>(?P<mon2>" + _MONTH_FULL + r")\s(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d,:]|\s?\d{4}))"
    r"|(?P<enmp>(?:(?:[Ii]n|[Bb]y|[Ss]ince|[Ff]rom|[Uu]ntil|[Tt]hrough|[Dd]uring|[Ee]arly|[Ll]ate|[Ee]nd of|[Ll]ast|[Tt]his)\s"
    r"|[Mm]id-)(?:early\s|late\s|mid-)?(?P<mon3>" + _MONTH_FULL + r")(?![A-Za-z]|\.?\s?\d))"
    rf"|(?P<zu>{_ZH_UNDATED})"
    # a quarter without its year, in either language ("Q2 guidance", Q3营收, "the third quarter",
    # "fourth-quarter sales", "the September quarter" of an earnings report): the discourse's year
    r"|(?P<uq>(?<![A-Za-z\d])Q(?P<uqn>[1-4])(?![\dA-Za-z]))"
    r"|(?P<enuq>(?:(?P<uqw>[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth)|(?P<uqm>March|June|September|December))[\s-]quarter(?![A-Za-z]))"
    r")"
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_REL = {"去年": -1, "上年": -1, "前年": -2, "今年": 0, "本年": 0, "last year": -1,
        "this year": 0, "the previous year": -1, "明年": 1, "next year": 1}
_ZH_DIGITS = {ch: i for i, ch in enumerate(_ZH_NUM, 1)}
_WORDS = {w: i for i, w in enumerate(["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 2)}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _zh_int(s: str) -> int:
    """1-12 written in digits or Chinese numerals (八, 十, 十二)."""
    if s.isdigit():
        return int(s)
    if s.startswith("十"):
        return 10 + _zh_int(s[1:]) if len(s) > 1 else 10
    if len(s) == 2 and s[1] == "十":
        return _zh_int(s[0]) * 10
    return _ZH_DIGITS.get(s[0], 0)


def _months(a: int, b: int) -> str | None:
    """The shape of months a..b of one year: a quarter or half when it is one, else an interval."""
    if not 1 <= a <= b <= 12:
        return None
    if a == b:
        return f"{{y}}-{a:02d}"
    if b - a == 2 and a % 3 == 1:
        return f"{{y}}-Q{(a + 2) // 3}"
    if (a, b) in ((1, 6), (7, 12)):
        return f"{{y}}-H{1 if a == 1 else 2}"
    return f"{{y}}-{a:02d}/{{y}}-{b:02d}"


def _sub(sub: str) -> str | None:
    """The shape of a Chinese narrowing of a year (上半年, 第三季度, 前8个月, 7月, 1-3月); None for none."""
    s = sub.replace(" ", "")
    if s == "同期":
        return "same"  # 去年同期: the period the text is about, a year earlier
    if s in ("上半年", "下半年"):
        return "{y}-H1" if s[0] == "上" else "{y}-H2"
    m = re.fullmatch(r"前([一二三])季度", s)
    if m:
        return _months(1, 3 * _zh_int(m.group(1)))
    m = re.fullmatch(r"第?([一二三四1-4])季度?", s)
    if m:
        return f"{{y}}-Q{_zh_int(m.group(1))}"
    m = re.fullmatch(r"前(\w{1,2})个月", s)
    if m:
        return _months(1, _zh_int(m.group(1)))
    m = re.fullmatch(r"(\d{1,2})(?:(?:至|到|-|~)(\d{1,2}))?月(?:份|底|末|初)?(?:\d{1,2}日)?", s)
    if m:
        a = int(m.group(1))
        return _months(a, int(m.group(2)) if m.group(2) else a)
    return None


_TEST_NAME_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z]{2,6}\s$")
_TEST_NAME_AFTER = re.compile(r"\\?[)）]|\s?(?:测试|測試|测评|測評|基准|基準|benchmark|test|exam)", re.I)
_URL = re.compile(r"https?://[^\s)\]>\"'“”]+")


def find_dates(norm: str) -> list[DateMention]:
    out: list[DateMention] = []
    # the digits of a link (".../2025/01/14/ai-talent-report/") date the page, not a figure
    urls = [(u.start(), u.end()) for u in _URL.finditer(norm)] if "://" in norm else []
    u = 0
    for m in finditer(_DATE, norm):
        s, e = m.start(), m.end()
        while u < len(urls) and urls[u][1] <= s:
            u += 1
        if u < len(urls) and urls[u][0] <= s:
            continue
        text = m.group(0)
        if m.group("span"):
            a, b = (m.group("sy1"), m.group("sy2")) if m.group("sy1") else (m.group("sy3"), m.group("sy4"))
            if a < b:
                out.append(DateMention(s, e, text, f"{a}/{b}", "date"))
        elif m.group("ago"):
            n = m.group("an1") or m.group("an2")
            years = int(n) if n.isdigit() else _WORDS.get(n.lower(), 0) or _zh_int(n.replace("两", "二"))
            if 1 <= years <= 50:
                out.append(DateMention(s, e, text, str(-years), "relative"))
        elif m.group("win"):
            n = m.group("wn1") or m.group("wn2") or m.group("wn3") or m.group("wn4")
            years = int(n) if n.isdigit() else _WORDS.get(n.lower(), 0) or _zh_int(n.replace("两", "二"))
            if 1 <= years <= 50:
                out.append(DateMention(s, e, text, f"-{years};window", "relative"))
        elif m.group("fq"):
            year = m.group("fqy1") or m.group("fqy2")
            end_year = int(year) if len(year) == 4 else 2000 + int(year)
            out.append(DateMention(s, e, text, f"{end_year - 1}-Q{m.group('fqn1') or m.group('fqn2')}", "date"))
        elif m.group("fy"):
            year = m.group("fy1") or m.group("fy2")
            out.append(DateMention(s, e, text, f"FY{year if len(year) == 4 else '20' + year}", "date"))
        elif m.group("enh"):
            n = ("1" if m.group("hw").lower() == "first" else "2") if m.group("hw") else m.group("hn1") or m.group("hn2")
            out.append(DateMention(s, e, text, f"{m.group('hy1') or m.group('hy2') or m.group('hy3')}-H{n}", "date"))
        elif m.group("enq"):
            n = str(_ORDINALS[m.group("qw").lower()]) if m.group("qw") else m.group("qn1") or m.group("qn2")
            out.append(DateMention(s, e, text, f"{m.group('qy1') or m.group('qy2') or m.group('qy3')}-Q{n}", "date"))
        elif m.group("eoy"):
            # "by the end of 2025": the mention starts at the year, so the words before it still read
            s = m.start("ey1") if m.group("ey1") else s
            out.append(DateMention(s, e, norm[s:e], f"{m.group('ey1') or m.group('ey2')}-12", "date"))
        elif m.group("zy"):
            shape = _sub(m.group("zys")) if m.group("zys") else "{y}"
            if shape is not None:
                out.append(DateMention(s, e, text, shape.replace("{y}", m.group("zyy")), "date"))
        elif m.group("enm"):
            mo = _MONTHS[m.group("mon")[:3].lower()]
            out.append(DateMention(s, e, text, f"{m.group('y3')}-{mo:02d}", "date"))
        elif m.group("iso"):
            out.append(DateMention(s, e, text, f"{m.group('iy')}-{int(m.group('im') or m.group('im2')):02d}", "date"))
        elif m.group("eny"):
            if _TEST_NAME_BEFORE.search(norm, max(0, s - 8), s) and _TEST_NAME_AFTER.match(norm, e):
                continue  # "87.5% (AIME 2025)", 在 AIME 2025 测试中: a test's edition names what was measured
                # (an event's, "at CES 2025", still dates what was announced there)
            out.append(DateMention(s, e, text, m.group("y4"), "date"))
        elif m.group("book"):
            out.append(DateMention(s, e, text, m.group("by"), "date"))
        elif m.group("zrel"):
            shape = _sub(m.group("zrs")) if m.group("zrs") else "{y}"
            offset = _REL[m.group("zrw")]
            if shape is not None:
                out.append(DateMention(s, e, text, str(offset) if shape == "{y}" else f"{offset};{shape}", "relative"))
        elif m.group("rel"):
            out.append(DateMention(s, e, text, str(_REL[m.group("rel").lower()]), "relative"))
        elif m.group("yago"):
            out.append(DateMention(s, e, text, "-1;same", "relative"))
        elif m.group("wd"):
            out.append(DateMention(s, e, text, "0;day", "relative"))
        elif m.group("now"):
            out.append(DateMention(s, e, text, "0;now", "relative"))
        elif m.group("enmd") or m.group("enmp"):
            mon = m.group("mon2") or m.group("mon3")
            ms = m.start("mon2") if m.group("mon2") else m.start("mon3")
            out.append(DateMention(ms, e, norm[ms:e], f"{{y}}-{_MONTHS[mon[:3].lower()]:02d}", "undated"))
        elif m.group("uq"):
            out.append(DateMention(s, e, text, f"{{y}}-Q{m.group('uqn')}", "undated"))
        elif m.group("enuq"):
            n = _ORDINALS[m.group("uqw").lower()] if m.group("uqw") else _MONTHS[m.group("uqm")[:3].lower()] // 3
            out.append(DateMention(s, e, text, f"{{y}}-Q{n}", "undated"))
        elif m.group("zu"):
            shape = _sub(text)
            if shape is not None:
                out.append(DateMention(s, e, text, shape, "undated"))
    return out
