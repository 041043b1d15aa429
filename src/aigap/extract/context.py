"""A document's structure for attribution: clause, sentence and paragraph bounds, and the
mentions (countries, organisations and models, dates) found once per document.

Line breaks inside a sentence (print layouts break lines anywhere) do not end it: a newline ends a
sentence only after sentence-final punctuation or after a short line (a heading).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .dates import find_dates
from .rx import scanning

__all__ = ["Context", "Mention", "build_context", "gazetteer"]

# Lines that open a unit of their own: bullets, numbered items, Markdown headings and table rows.
_STARTS_UNIT = re.compile(r"(?:[-*•·]\s|#{1,6}\s|\d{1,2}[.)、]\s?|\|)")
# Not clause ends: the group separator of "38,000" and the colon of "4:1"; a dash between spaces
# (" - ") sets off an aside or, in a flattened list, the next item. Every branch opens with its
# character (conditions look back from after it), so the engine scans for those characters only.
_CLAUSE_END = re.compile(r",(?:(?<!\d,)|(?!\d{3}(?!\d)))|:(?:(?<!\d:)|(?!\d))|[;!?。，、；：！？]"
                         r"|\.(?<!\b[A-Za-z]\.[A-Za-z]\.)(?<!\bvs\.)(?<!\bNo\.(?=\s?\d))(?:(?<![A-Za-z]\.)(?!\d)|(?![\dA-Za-z]))"  # not U.S's first
                         r"|\s(?:(?<!\d\s)-\s(?!\d)|(?:while|whereas|but|although)\s)")
# A full stop normalised from 。 is followed by CJK; "U.S.", "vs.", "No. 2" and "3.5" are not sentence ends.
_SENT_END = re.compile(r"[;!?。；！？]|\.(?<!\b[A-Za-z]\.[A-Za-z]\.)(?<!\bvs\.)(?<!\bNo\.(?=\s?\d))(?=\s|$|[\u4e00-\u9fff“”\"])"
                       # Chinese writes its dash as ——: a spaced hyphen by Chinese text is a flattened list's bullet
                       r"|\s-\s(?:(?<=[\u4e00-\u9fff\]）):：]\s-\s)|(?=[\u4e00-\u9fff]))")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    code: str  # a country code, "WORLD" or "NONE" (for dates: the period)
    kind: str  # country | entity | date | relative
    # A country named as the source of the news, not its subject: 英国《金融时报》报道称, 据韩联社报道,
    # "a Japanese survey found".
    source: bool = False


@dataclass(slots=True)
class Context:
    norm: str
    lower: str
    clause_bounds: list[int]
    sentence_bounds: list[int]
    paragraph_bounds: list[int]
    places: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    titles: list[tuple[int, int]] = field(default_factory=list)
    # the one country the document's title line names (directly or by its companies), if it names one
    topic: str | None = None
    _place_starts: list[int] = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)
    # (bounds, position, reach) -> span: every stage asks for the same few units of each number
    _spans: dict[tuple[int, int, int], tuple[int, int]] = field(default_factory=dict)

    def _span(self, bounds: list[int], pos: int, reach: int) -> tuple[int, int]:
        """The unit around ``pos``, at most ``reach`` characters either side: text without
        punctuation must not make every lookup scan the whole document."""
        key = (id(bounds), pos, reach)
        span = self._spans.get(key)
        if span is None:
            i = bisect.bisect_right(bounds, pos)
            start = bounds[i - 1] if i > 0 else 0
            end = bounds[i] if i < len(bounds) else len(self.norm)
            span = self._spans[key] = (max(start, pos - reach), min(end, pos + reach))
        return span

    def clause(self, pos: int) -> tuple[int, int]:
        return self._span(self.clause_bounds, pos, 200)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sentence_bounds, pos, 400)

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self._span(self.paragraph_bounds, pos, 1500)

    def places_in(self, lo: int, hi: int) -> list[Mention]:
        """Mentions of countries and entities inside [lo, hi), in order."""
        return self.places[bisect.bisect_left(self._place_starts, lo) : bisect.bisect_left(self._place_starts, hi)]

    def dates_in(self, lo: int, hi: int) -> list[Mention]:
        return self.dates[bisect.bisect_left(self._date_starts, lo) : bisect.bisect_left(self._date_starts, hi)]

    def __post_init__(self) -> None:
        self._place_starts = [m.start for m in self.places]
        self._date_starts = [d.start for d in self.dates]

    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts, looking back at most 2,000 characters (a text with
        no line breaks must not make every lookup scan to its beginning)."""
        lo = max(0, pos - 2000)
        nl = self.norm.rfind("\n", lo, pos)
        return nl + 1 if nl >= 0 else lo

    def in_title(self, pos: int) -> bool:
        i = bisect.bisect_right(self.titles, (pos, len(self.norm)))
        return i > 0 and self.titles[i - 1][0] <= pos < self.titles[i - 1][1]


@cache
def gazetteer() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern over every country word and entity name; name -> (code, kind)."""
    base = Path(__file__).parent / "tables"
    names: dict[str, tuple[str, str]] = {}
    for code, words in yaml.safe_load((base / "entities.yaml").read_text(encoding="utf-8")).items():
        for w in words:
            names[str(w)] = (str(code), "entity")
    for w, (code, _kind) in list(names.items()):
        # writers flatten a CamelCase brand's inner capital ("Deepseek", "Openai", "Minimax"): still that brand
        if w[:1].isupper() and any(c.isupper() for c in w[1:]) and any(c.islower() for c in w[1:]) \
                and w.isascii() and " " not in w:
            names.setdefault(w[0] + w[1:].lower(), (code, "entity"))
    try:
        import csv
        from importlib import resources

        orgs = Path(str(resources.files("aigap").joinpath("data/reference/models/orgs.csv")))
        with orgs.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code = row["country"]
                if len(code) == 2:
                    for n in (row["organization"], row["canonical_name"]):
                        if n and len(n) >= 3 and n not in names:
                            names[n] = (code, "entity")
    except OSError:  # the gazetteer still works from its own table
        pass
    for code, words in yaml.safe_load((base / "countries.yaml").read_text(encoding="utf-8")).items():
        for w in words:
            names[str(w)] = (str(code), "country")
            if str(w).isascii() and str(w).islower():
                names[str(w).capitalize()] = (str(code), "country")  # "Global ..." opening a sentence
    return re.compile(_trie_regex(list(names))), names


def _trie_regex(words: list[str]) -> str:
    """One regex for many words, shaped as a trie so each position costs one walk down it (a flat
    alternation of hundreds of names tries every name at every position). Longest match first."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _dates(norm: str) -> list[Mention]:
    return [Mention(*d) for d in find_dates(norm)]


_HTML_PARA_END = re.compile(r"</p>", re.I)


def _bounds(norm: str) -> tuple[list[int], list[int], list[int]]:
    clause: list[int] = []
    sentence: list[int] = []
    para: list[int] = []
    for m in scanning(_CLAUSE_END).finditer(norm):  # (the engine skips to the clause-end characters)
        clause.append(m.end())
    for m in scanning(_SENT_END).finditer(norm):  # (the engine skips to the sentence-end characters)
        sentence.append(m.end())
    if "</p>" in norm:  # a page's HTML kept on one line: each closed <p> is a paragraph of its own
        for m in _HTML_PARA_END.finditer(norm):
            para.append(m.end())
            sentence.append(m.end())
    pos = 0
    ended = True  # did the last non-blank line end a sentence?
    for line in norm.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if stripped and _STARTS_UNIT.match(stripped) and pos > 0:
            # a list item, heading or table row starts its own sentence: a row is read on its own
            sentence.append(pos)
            clause.append(pos)
        if stripped and stripped.startswith("|"):
            ended = True  # a table row is one unit whatever its last cell
            sentence.append(end)
            clause.append(end)
        elif stripped:
            # a list item or heading is a unit of its own: a blank line after it ends the paragraph
            ended = len(stripped) < 40 or stripped[-1] in ".!?。！？:：\"”)）;；" or bool(_STARTS_UNIT.match(stripped))
            if ended:
                sentence.append(end)
                clause.append(end)
        elif ended:
            para.append(end)  # a blank line after a finished sentence ends the paragraph
        pos = end + 1
    return sorted(set(clause)), sorted(set(sentence)), sorted(set(para))


# What follows a country word when the country only says who reports: an outlet (《…》, a word for a
# newspaper, agency, broadcaster or media) and a verb of saying, in the same clause.
_SOURCE_AFTER = re.compile(
    r"^[^,，。;；\n]{0,3}(?:《[^》\n]{1,20}》|[\u4e00-\u9fff]{0,6}(?:媒体|日报|时报|报|通讯社|社|电视台|广播公司|网站|智库|研究机构|调查))"
    r"[^,，。;；\n]{0,12}?(?:报道|称|说|指出|表示|披露|援引|消息|发现|显示|调查)"
    # 中国信通院发布《…蓝皮书》: a country opening the name of an institute that publishes a report is its source
    r"|^[\u4e00-\u9fff]{0,6}(?:院|研究所|协会|学会|中心|委员会)[^,，。;；\n]{0,4}?(?:发布|公布|发表)了?\s?《"
    r"|^\s*(?:[A-Z][\w.&-]*\s){0,3}(?:media|newspaper|daily|outlet|broadcaster|news agency|agency|press|survey|poll|"
    r"report|study|think tank|analysts?|researchers|officials?|government data)\b[^,.;\n]{0,30}?\b(?:said|says|found|"
    r"finds|showed|shows|reported|reports|estimated|estimates|noted|according)\b", re.I)
_SOURCE_BEFORE = scanning(re.compile(r"(?:据|根据|援引|according to (?:the |a |an )?|cited by (?:the |a )?)\s?$", re.I))


def _is_source(norm: str, start: int, end: int) -> bool:
    if _SOURCE_AFTER.search(norm[end : end + 60]):
        return True
    # 据韩联社 (a country's outlet after 据): the country word opens the outlet's name.
    # 据中国信息通信研究院测算: an institute's estimate is its source too.
    return bool(_SOURCE_BEFORE.search(norm[max(0, start - 16) : start])) and bool(
        re.match(r"^[\u4e00-\u9fff]{0,8}?(?:社|报|媒|台|网|研究院|研究所|协会|学会|中心|委员会)", norm[end : end + 12])
        or re.match(r"^\s?(?:[A-Z]\w*\s){0,3}(?:media|newspaper|report|survey|agency|outlet)", norm[end : end + 40], re.I))


_CURRENCY_AFTER = re.compile(r"\s?(?:dollars?|cents?)\b", re.I)  # "171 billion U.S. dollars"
# Words for "our own country" that a Chinese text uses for China; after a country name they mean that one.
_DEICTIC = frozenset({"本土", "国内", "国产", "本地"})

# compiled once: every mention of the document is checked with them
_ALNUM, _LETTER, _EXCHANGE_DASH = re.compile(r"[A-Za-z0-9]"), re.compile(r"[A-Za-z]"), re.compile(r"[A-Z0-9]-$")

def build_context(norm: str) -> Context:
    clause, sentence, para = _bounds(norm)
    pat, names = gazetteer()
    places: list[Mention] = []
    for m in pat.finditer(norm):
        word = m.group(0)
        if word not in names:
            continue
        if _ALNUM.match(word) and (
            _LETTER.match(norm[m.start() - 1 : m.start()]) or _LETTER.match(norm[m.end() : m.end() + 1])
        ):
            continue  # "Meta" inside "Metaverse", "US" inside "USB"
        if word.isupper() and (norm.startswith("$", m.end()) or _CURRENCY_AFTER.match(norm, m.end()) or (
                _EXCHANGE_DASH.search(norm[max(0, m.start() - 2) : m.start()]) and norm.startswith(")", m.end()))):
            continue  # a currency ("US$1.1 billion") or an exchange suffix ("(TSM-US)"), not a country named
        if word[-1:] == "华" and (longer := pat.match(norm, m.end() - 1)) is not None \
                and longer.end() > m.end() and longer.group(0) in names:
            # 对华为, 对华盛顿: 华 opens a longer name (Huawei, Washington), not China
            places.append(Mention(longer.start(), longer.end(), longer.group(0), *names[longer.group(0)],
                                  _is_source(norm, longer.start(), longer.end())))
            continue
        code, kind = names[word]
        if word in _DEICTIC and places and places[-1].end == m.start() and places[-1].kind == "country":
            code = places[-1].code  # 美国本土: "the homeland" of the country just named, not China's
        places.append(Mention(m.start(), m.end(), word, code, kind, _is_source(norm, m.start(), m.end())))
    titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》\n]{1,80}》", norm)]
    return Context(norm, norm.lower(), clause, sentence, para, places, _dates(norm), titles, _topic(norm, places))


def _topic(norm: str, places: list[Mention]) -> str | None:
    """The country a document is about, when its title (its first line, if short) names exactly one."""
    lead = len(norm) - len(norm.lstrip())
    end = norm.find("\n", lead)
    end = len(norm) if end < 0 else end
    if end - lead > 150:
        return None  # not a title
    codes = {m.code for m in places if lead <= m.start < end and not m.source}
    return codes.pop() if len(codes) == 1 and not codes & {"WORLD", "NONE"} else None
