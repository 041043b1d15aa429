"""More forms of quantities, each a general construction of the language (not a phrase of any text):

- magnitude suffixes: 805k, 2.9M+, $5.6bn, 37B parameters, 30 MUSD, 75 USD million, 37pc;
- fractions as words: around half of, more than a third, one-eighth, nearly a quarter, half a million;
- Chinese tenths and halves with their qualifier: 近三成, 过半, 逾半数;
- Chinese counts in 万/亿 with no unit word: 突破 9 亿 (users), 超 5000 万; a range's shared unit
  (500亿和400亿美元: the first takes the unit written after the second);
- physical units: GW, 吉瓦, MW, W, ms, TFLOPS, TB/s, EB, 标准机架;
- a count in parentheses after a name: Tencent (2,074 inventions), 华为(3500件), Baidu (1,234);
- numbers in table cells (Markdown pipe tables): scores, counts, shares, ranks under a rank header;
- ordinals that place a subject: second-largest, third-place, in first place, ranked No. 1;
- multiples: fivefold, 11.9x, 2.5×; durations stated as a gap: 6-18 months behind, 3至6个月.

Each generator yields ``Quantity`` candidates on the normalised text; ``scanner._resolve`` keeps the
longest of overlapping candidates, so these only add what the main patterns miss.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from aigap.records import Quantity

from .patterns import unit_tables
from .percent_zh import zh_direction
from .rx import fast, finditer
from .scan_en import en_count_unit, en_plural_head, en_unit_from_noun

__all__ = ["more_quantities"]

_SUFFIX_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12, "trn": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
             "¥": "CNY", "rmb": "CNY", "cny": "CNY", "hk$": "HKD", "hkd": "HKD"}
_EN_QUAL = {"about": "approx", "around": "approx", "roughly": "approx", "nearly": "approx", "almost": "approx",
            "approximately": "approx", "some": "approx", "near": "approx", "nearing": "approx", "~": "approx", "over": "over", "more than": "over",
            "above": "over", "in excess of": "over", "just over": "over", "under": "under", "less than": "under",
            "fewer than": "under", "just under": "under", "below": "under", "at least": "at_least", "up to": "at_most",
            "as many as": "at_most", "as much as": "at_most"}
_QB = r"(?P<qb>(?:just |well )?(?:over|under)|more than|less than|fewer than|about|around|roughly|nearly|nearing|near|almost|" \
      r"approximately|above|below|in excess of|at least|up to|as many as|as much as|some|~)"

_EN_SUFFIX = re.compile(
    r"(?=[\d$€£¥UH])(?<![A-Za-z0-9_\-./])(?P<cur>US\$|HK\$|\$|€|£|¥)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s?(?P<suf>[kK]|M|mn|bn|B|tn|trn|T)(?P<plus>\+)?(?![A-Za-z0-9\-])")
_PARAMS_AFTER = re.compile(r"[\s-]*(?:of\s\d+(?:\.\d+)?\w?\s)?(?:[a-z-]+\s){0,2}parameters?")
_EN_CUR_AFTER = fast(
    r"(?=\d)(?<![A-Za-z0-9_.])(?P<num>\d+(?:\.\d+)?)\s?(?:(?P<cur1>USD|EUR|RMB|CNY)\s(?P<sc1>million|billion|trillion)"
    r"|(?P<sc2>[KMB])(?P<cur2>USD|EUR|RMB|CNY)|(?P<sc3>bn|mn|[KMBT])\s(?P<cur3>USD|EUR|RMB|CNY|HKD))\b")  # 380B RMB
_EN_PC = fast(r"(?=\d)(?<![A-Za-z0-9_.])(?P<num>\d+(?:\.\d+)?)\s?pc\b")
_FRACTIONS = {"half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
              "two thirds": 200 / 3, "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0,
              "a fifth": 20.0, "one fifth": 20.0, "two fifths": 40.0, "a sixth": 100 / 6, "one sixth": 100 / 6,
              "a tenth": 10.0, "one tenth": 10.0, "an eighth": 12.5, "one eighth": 12.5}
_FRAC_WORDS = "|".join(sorted((re.escape(k).replace(r"\ ", "[ -]") for k in _FRACTIONS), key=len, reverse=True))
_EN_FRACTION = re.compile(rf"(?=[hHaAoOtT])(?<![A-Za-z0-9_-])(?P<frac>{_FRAC_WORDS})(?=\s+(?:of|the|a|an|its|their|all|those|these)\b)",
                          re.I)
_EN_FRAC_SCALE = re.compile(r"(?=[hHaA])(?<![A-Za-z0-9_-])(?P<frac>half|a quarter|a third)(?: an?)?\s(?P<sc>million|billion|trillion|thousand)"
                            r"(?:\s(?P<cur>dollars|yuan|euros))?\b", re.I)
_ZH_TENTHS = fast(r"(?=[近将接约超逾不过一二两三四五六七八九])(?P<q>近|将近|接近|约|超过|超|逾|不到|不足)?(?P<n>[一二两三四五六七八九])成(?P<n2>[一二三四五六七八九](?![十百千万亿]))?(?P<q2>以上|多)?"
                        r"|(?P<half>(?P<hq>过|超过|逾|近|将近|超)半(?:数)?)")
_ZH_QUAL = {"近": "approx", "将近": "approx", "接近": "approx", "约": "approx", "超过": "over", "超": "over",
            "逾": "over", "过": "over", "突破": "over", "不到": "under", "不足": "under", "以上": "over", "多": "over",
            "多达": "at_most", "高达": "at_most"}
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# 万/亿 with no unit word after: a count (users, chips, downloads); the measure words that give a unit
# are the main scanner's.
_ZH_BARE = re.compile(
    r"(?=[突超逾近约将接多高\d])(?P<q>突破|超过|超|逾|近|约|将近|接近|多达|高达)?\s?(?P<num>\d+(?:\.\d+)?)\s?(?P<sc>万亿|亿|万)"
    r"(?![\d元美人个家篇款颗块片台件项种位名元欧日英港台条笔起座所席倍多余])")
_ZH_SHARED_CUR = re.compile(r"^\s?(?:和|与|、|及|至|到|-|~)\s?\d+(?:\.\d+)?\s?(?:万亿|亿|万)?\s?"
                            r"(?P<cur>美元|元人民币|人民币|元|欧元|日元|港元)")
_ZH_CUR = {"美元": "USD", "元人民币": "CNY", "人民币": "CNY", "元": "CNY", "欧元": "EUR", "日元": "JPY", "港元": "HKD"}
_PHYS = {"gw": ("other:GW", 1.0), "吉瓦": ("other:GW", 1.0), "mw": ("other:MW", 1.0), "兆瓦": ("other:MW", 1.0),
         "kw": ("other:kW", 1.0), "千瓦": ("other:kW", 1.0), "w": ("other:W", 1.0), "瓦": ("other:W", 1.0),
         "ms": ("other:ms", 1.0), "毫秒": ("other:ms", 1.0), "tflops": ("FLOPS", 1e12), "pflops": ("FLOPS", 1e15),
         "eflops": ("FLOPS", 1e18), "tb/s": ("other:TB/s", 1.0), "gb/s": ("other:GB/s", 1.0), "eb": ("other:EB", 1.0),
         "pb": ("other:PB", 1.0), "twh": ("other:TWh", 1.0), "tops": ("other:TOPS", 1.0),
         # energy: kW·h is kWh, not power (kW) with a stray letter
         "kwh": ("other:kWh", 1.0), "kw·h": ("other:kWh", 1.0), "千瓦时": ("other:kWh", 1.0), "mwh": ("other:MWh", 1.0),
         "gwh": ("other:GWh", 1.0), "标准机架": ("other:racks", 1.0), "架": ("other:racks", 1.0)}
_PHYS_RE = re.compile(
    r"(?=[超逾近约达\d])(?<![A-Za-z0-9_.])(?P<zq>超过|超|逾|近|约|达到|达)?\s?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?:\s?(?:-|–|~|至|到)\s?(?P<num2>\d+(?:\.\d+)?))?\s?(?P<sc>万|亿)?\s?"
    r"(?P<u>TFLOPS|PFLOPS|EFLOPS|TOPS|TB/s|GB/s|TWh|GWh|MWh|kW·h|kWh|GW|MW|kW|EB|PB|吉瓦|兆瓦|千瓦时|千瓦|毫秒|标准机架|ms|W|瓦|架)"
    r"(?:(?<=[\u4e00-\u9fff])|(?![A-Za-z/]))",
    re.I)
_PAREN = re.compile(r"(?=[\s(（])(?<=[\w\u4e00-\u9fff\)）])\s?[（(]\s?(?P<num>\d{1,3}(?:,\d{3})+|\d{2,})(?P<meas>件|项|家|个|篇|人)?"
                    r"(?:\s(?P<noun>[a-z]+(?:\s[a-z]+)?))?\s?[)）]")
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
           "ninth": 9, "tenth": 10}
_ORD_PLACE = r"(?=[ -](?:largest|biggest|highest|most|best|place\b|placed|ranked|spot\b|position\b))"
_EN_ORDINAL = fast(
    rf"(?=[fstneFSTNE])(?<![A-Za-z0-9_-])(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    rf"{_ORD_PLACE}"
    rf"|(?=\d)(?<![A-Za-z0-9_.-])(?P<ordn>\d{{1,3}}(?:st|nd|rd|th)){_ORD_PLACE}"
    r"|(?=[fstFST])(?<=\bin )(?P<ord2>first|second|third|fourth|fifth)(?= place\b)"
    r"|(?=N)(?P<no1>No\.\s?\d{1,2})(?=\s|,|\.|$)", re.I)
_MULT = re.compile(r"(?=[tfsenhTFSENH\d近超约])(?<![A-Za-z0-9_-])(?<!\d[,.])"  # (not the tail of 1,234 or 2.5)
                   r"(?:(?P<w>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)[- ]?fold"
                   r"|(?P<n>\d+(?:\.\d+)?)(?:[- ]fold|\s?[×x](?![\w])|\stimes\b)"
                   r"|(?P<zq>近|超过|超|约)?(?P<zn>\d+(?:\.\d+)?)\s?倍)", re.I)
_WORD_N = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "twenty": 20, "hundred": 100}
_GAP_WORDS = re.compile(r"behind|ahead|lag|gap|catch up|trail|rival|落后|差距|追上|赶上|慢|领先|延迟|差", re.I)
_DURATION = re.compile(
    r"(?=\d)(?:(?<![A-Za-z0-9_.])(?P<n1>\d+(?:\.\d+)?)\s?(?:-|–|to|至|到|~)\s?(?P<n2>\d+(?:\.\d+)?)\s?(?P<u>months|years|个月|個月|年)"
    r"|(?<![A-Za-z0-9_.])(?P<n3>\d+(?:\.\d+)?)\s?(?P<u2>个月|個月)(?P<zq>左右)?)", re.I)


# A qualifier word before a number, found by looking back from the number: every pattern here starts
# at a digit or a currency sign, so the regex engine skips other characters at once (patterns that
# open with an optional phrase are tried at every position and run ten times slower).
_QB_BEFORE = re.compile(rf"{_QB}\s?$", re.I)


def _lookback(norm: str, start: int) -> tuple[int, str | None]:
    """The start of a qualifier word right before ``start`` (or ``start``) and the word."""
    m = _QB_BEFORE.search(norm, max(0, start - 24), start)
    return (m.start(), m.group("qb")) if m else (start, None)


def _qual(word: str | None, default: str = "exact") -> str:
    if not word:
        return default
    w = word.lower().strip()
    return _EN_QUAL.get(w, _ZH_QUAL.get(w, default))


def _f(num: str) -> float:
    return float(num.replace(",", ""))


def _lb(norm: str, m: re.Match[str]) -> tuple[int, str | None]:
    return _lookback(norm, m.start())


def _en_suffix(norm: str) -> Iterator[Quantity]:
    for m in finditer(_EN_SUFFIX, norm):
        suf = m.group("suf").lower()
        after = norm[m.end() : m.end() + 40].lower()
        before = norm[max(0, m.start() - 12) : m.start()]
        if m.group("suf") in ("B", "T") and not m.group("cur"):
            # 5.16T weekly tokens, 1.9B interactions: a decimal amount of a plural noun is no name
            counted = "." in m.group("num") and not re.search(r"\d\s$", before) and (
                en_unit_from_noun(norm, m.end()) is not None or en_plural_head(norm, m.end()))
            if not counted and not _PARAMS_AFTER.match(after):
                continue  # 910B, 8B: names unless the parameters are named
            if re.search(r"(?:\d|[A-Z][\w.]*)\s$", before) and not counted:
                continue  # "Llama 3 8B": a model's name
        if m.group("suf") in ("M", "T") and not m.group("cur") and re.match(r"\d", norm[m.end() : m.end() + 1]):
            continue
        if suf == "k" and not m.group("cur") and re.match(r"\s?(?:video|resolution|display|screens?|monitors?|tvs?|output|视频|分辨率|屏|显示|输出|画质)",
                                                          after):
            continue  # 4K video, 8K screens: a display resolution's name
        if re.search(r"(?:\bper|每)\s?$", before) and not m.group("cur"):
            continue  # $2.19 per 1M tokens, 每128K: the denominator of a price or a rate, not a claim
        value = _f(m.group("num")) * _SUFFIX_SCALE[suf]
        unit = _CURRENCY.get((m.group("cur") or "").lower())
        if unit is None:
            unit = "parameters" if _PARAMS_AFTER.match(after) else (en_unit_from_noun(norm, m.end())
                                                                     or en_count_unit(norm, m.start(), m.end()))
        qual = "over" if m.group("plus") else _qual(_lb(norm, m)[1])
        yield Quantity(_lb(norm, m)[0], m.end(), "", value, None, qual, unit, "level", "suffix")  # type: ignore[arg-type]


def _en_currency_after(norm: str) -> Iterator[Quantity]:
    scales = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12,
              "mn": 1e6, "bn": 1e9}
    for m in finditer(_EN_CUR_AFTER, norm):
        cur = (m.group("cur1") or m.group("cur2") or m.group("cur3")).lower()
        scale = scales[m.group("sc1") or m.group("sc2") or m.group("sc3")]
        yield Quantity(_lb(norm, m)[0], m.end(), "", _f(m.group("num")) * scale, None, _qual(_lb(norm, m)[1]),  # type: ignore[arg-type]
                       _CURRENCY[cur], "level", "amount")
    for m in finditer(_EN_PC, norm):
        yield Quantity(_lb(norm, m)[0], m.end(), "", _f(m.group("num")), None, _qual(_lb(norm, m)[1]),  # type: ignore[arg-type]
                       "percent", "level", "percent")


def _en_fractions(norm: str) -> Iterator[Quantity]:
    for m in finditer(_EN_FRACTION, norm):
        key = re.sub(r"[ -]", " ", m.group("frac").lower())
        yield Quantity(_lb(norm, m)[0], m.end(), "", _FRACTIONS[key], None, _qual(_lb(norm, m)[1]),  # type: ignore[arg-type]
                       "percent", "share", "fraction")
    for m in finditer(_EN_FRAC_SCALE, norm):
        frac = {"half": 0.5, "a quarter": 0.25, "a third": 1 / 3}[m.group("frac").lower()]
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[m.group("sc").lower()]
        unit = {"dollars": "USD", "yuan": "CNY", "euros": "EUR"}.get((m.group("cur") or "").lower(), "count")
        yield Quantity(m.start(), m.end(), "", frac * scale, None, "exact", unit, "level", "amount")


def _zh_fractions(norm: str) -> Iterator[Quantity]:
    for m in finditer(_ZH_TENTHS, norm):
        if m.group("half"):
            yield Quantity(m.start(), m.end(), "", 50.0, None, _qual(m.group("hq")),  # type: ignore[arg-type]
                           "percent", "share", "fraction")
            continue
        qual = _qual(m.group("q2")) if m.group("q2") else _qual(m.group("q"))
        tenths = _ZH_DIGITS[m.group("n")] + (_ZH_DIGITS[m.group("n2")] / 10 if m.group("n2") else 0.0)  # 九成九 = 99%
        sign = zh_direction(norm, m.start())
        yield Quantity(m.start(), m.end(), "", 10.0 * tenths * (sign or 1), None, qual,  # type: ignore[arg-type]
                       "percent", "change" if sign else "level", "percent")


@cache
def _zh_nouns() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    """The context nouns (units.yaml) as (right after a number, right before it) patterns. Before a
    number the noun is the clause's subject, with at most a measure noun, an adverb and a verb
    between: 月活用户已超7亿, 付费用户达 900 万, 开发者数量突破 500 万."""
    after, before = [], []
    for n in unit_tables()["context_nouns"]:
        pat, unit = str(n["pattern"]), str(n["unit"])
        after.append((re.compile(rf"\s?(?:{pat})"), unit))
        alts = [a for a in pat.split("|") if not a.startswith("^")]  # ^卡, ^人: only right after a number
        before.append((re.compile(rf"(?:{'|'.join(alts)})(?:数量|总数|规模|人数|数|量)?\s?(?:已经|已|将|也)?\s?"
                                  rf"(?:达到|达|突破|超过|超|逾|为|至|近|约|增至|升至)?\s?$"), unit))
    return after, before


def _zh_bare_noun(norm: str, start: int, end: int) -> str:
    """The unit of a 万/亿 count with no measure word: the noun right after it (400万开发者) or the
    noun it is said of right before it (用户突破9亿); else count."""
    after, before = _zh_nouns()
    for rx, unit in after:
        if rx.match(norm, end, min(len(norm), end + 8)):
            return unit
    lo = max(0, start - 16)
    cut = max(norm.rfind(c, lo, start) for c in ",，。;；:：!?\n、（(")
    for rx, unit in before:
        if rx.search(norm, max(lo, cut + 1), start):
            return unit
    if _ZH_MONEY_AFTER.match(norm, end, min(len(norm), end + 4)) or _ZH_MONEY_BEFORE.search(norm, max(lo, cut + 1), start):
        # 营收467亿, 500亿市场: money whose currency the text named before and now leaves out
        prior = list(_ZH_CUR_WORD.finditer(norm, max(0, start - 400), start))
        if prior:
            return _ZH_CUR[prior[-1].group(0)]
    return "count"


# nouns of money: the amount before or after them is in a currency (营收, 收入, 市场, 估值, 指引)
_ZH_MONEY_BEFORE = re.compile(r"(?:营收|营业收入|收入|营业额|销售额|利润|净利|亏损|指引|估值|市值|融资|投资|开支|支出|成本)"
                              r"[^\d,，。;；]{0,6}$")
_ZH_MONEY_AFTER = re.compile(r"(?:的)?(?:市场|营收|收入|估值|市值|投资|融资)")
_ZH_CUR_WORD = re.compile(r"美元|元人民币|人民币|欧元|日元|港元|(?<![美欧日港])元")


def _zh_bare(norm: str) -> Iterator[Quantity]:
    for m in finditer(_ZH_BARE, norm):
        if re.search(r"[A-Za-z\-_.]$", norm[max(0, m.start() - 1) : m.start()]):
            continue
        value = _f(m.group("num")) * {"万亿": 1e12, "亿": 1e8, "万": 1e4}[m.group("sc")]
        shared = _ZH_SHARED_CUR.match(norm[m.end() : m.end() + 24])
        unit = _ZH_CUR[shared.group("cur")] if shared else _zh_bare_noun(norm, m.start(), m.end())
        s = m.start("q") if m.group("q") else m.start("num")
        yield Quantity(s, m.end(), "", value, None, _qual(m.group("q")), unit, "level", "amount")  # type: ignore[arg-type]


def _physical(norm: str) -> Iterator[Quantity]:
    for m in finditer(_PHYS_RE, norm):
        u = m.group("u")
        unit, scale = _PHYS[u.lower()] if u.lower() in _PHYS else _PHYS[u]
        sc = {"万": 1e4, "亿": 1e8}.get(m.group("sc") or "", 1.0)
        value = _f(m.group("num")) * sc * scale
        high = _f(m.group("num2")) * sc * scale if m.group("num2") else None
        qual = "range" if high is not None else _qual(_lb(norm, m)[1] or m.group("zq"))
        if m.group("zq") in ("达到", "达"):
            qual = "exact"
        s = _lb(norm, m)[0] if _lb(norm, m)[1] else (m.start("zq") if m.group("zq") in _ZH_QUAL else m.start("num"))
        yield Quantity(s, m.end(), "", value, high, qual, unit, "level", "measure")  # type: ignore[arg-type]


def _parenthesised(norm: str) -> Iterator[Quantity]:
    for m in finditer(_PAREN, norm):
        num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", num):
            continue  # (2023): a year
        if norm[m.end() : m.end() + 2].lstrip()[:1] in ("日", "号", "月"):
            continue  # 今 (16) 日: a date's day
        noun = (m.group("noun") or "").lower()
        unit = {"人": "people", "家": "companies", "篇": "papers"}.get(m.group("meas") or "", "count")
        if noun in ("people", "researchers", "employees"):
            unit = "people"
        s, e = m.start("num"), m.end("meas") if m.group("meas") else m.end("num")
        yield Quantity(s, e, "", _f(num), None, "exact", unit, "level", "amount")


def _table_cells(norm: str) -> Iterator[Quantity]:
    """Numbers alone in the cells of pipe tables; a column headed 排名/名次/rank/# holds ranks."""
    pos = 0
    header: list[str] = []
    for line in norm.split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not (stripped.startswith("|") and stripped.count("|") >= 3):
            header = []
            continue
        cells = line.split("|")
        if all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) or not c.strip() for c in cells):
            continue  # the separator row
        if not header:
            header = [c.strip().lower() for c in cells]
            if not any(re.fullmatch(r"\s*-?\d+(?:\.\d+)?%?\s*", c) for c in cells):
                continue  # a header row
        off = start
        for i, c in enumerate(cells):
            m = re.fullmatch(r"(\s*)(-?\d{1,3}(?:,\d{3})+|-?\d+(?:\.\d+)?)(%?)\s*", c)  # 2,048 too
            if m and i > 0:
                s = off + len(m.group(1))
                e = s + len(m.group(2)) + len(m.group(3))
                head = header[i] if i < len(header) else ""
                if m.group(3):
                    unit = "percent"
                elif re.search(r"排名|名次|rank|^#$", head):
                    unit = "rank"
                elif "." in m.group(2):
                    unit = "score"
                else:
                    unit = "count"
                if not (unit == "count" and re.fullmatch(r"(?:19|20)\d\d", m.group(2))):
                    yield Quantity(s, e, "", float(m.group(2).replace(",", "")), None, "exact", unit, "level",
                                   "rank" if unit == "rank" else "cell")
            off += len(c) + 1


def _ordinals(norm: str) -> Iterator[Quantity]:
    for m in finditer(_EN_ORDINAL, norm):
        word = (m.group("ord") or m.group("ordn") or m.group("ord2") or m.group("no1")).lower()
        digits = re.search(r"\d+", word)
        value = float(digits.group(0)) if digits else float(_EN_ORD[word])
        yield Quantity(m.start(), m.end(), "", value, None, "exact", "rank", "level", "rank")


def _multiples(norm: str) -> Iterator[Quantity]:
    for m in finditer(_MULT, norm):
        if m.group("zn"):
            continue  # N倍 is the main scanner's
        value = float(_WORD_N[m.group("w").lower()]) if m.group("w") else _f(m.group("n"))
        yield Quantity(_lb(norm, m)[0], m.end(), "", value, None, _qual(_lb(norm, m)[1]),  # type: ignore[arg-type]
                       "other:times", "level", "multiple")


def _durations(norm: str) -> Iterator[Quantity]:
    """A duration is a claim where it measures a gap or a lead (6-18 months behind, 落后3至6个月);
    other spans of time are periods or windows."""
    for m in finditer(_DURATION, norm):
        window = norm[max(0, m.start() - 40) : m.end() + 40]
        if not _GAP_WORDS.search(window):
            continue
        if m.group("n1"):
            unit = "years" if m.group("u").lower() in ("years", "年") else "months"
            yield Quantity(_lb(norm, m)[0], m.end(), "", _f(m.group("n1")), _f(m.group("n2")), "range", unit,
                           "level", "duration")
        else:
            qual = "approx" if m.group("zq") else _qual(_lb(norm, m)[1])
            yield Quantity(_lb(norm, m)[0], m.end(), "", _f(m.group("n3")), None, qual, "months", "level",  # type: ignore[arg-type]
                           "duration")


def more_quantities(norm: str, has_cjk: bool) -> Iterator[Quantity]:
    yield from _en_suffix(norm)
    yield from _en_currency_after(norm)
    yield from _en_fractions(norm)
    yield from _physical(norm)
    yield from _parenthesised(norm)
    yield from _table_cells(norm)
    yield from _ordinals(norm)
    yield from _multiples(norm)
    yield from _durations(norm)
    if has_cjk:
        yield from _zh_fractions(norm)
        yield from _zh_bare(norm)

