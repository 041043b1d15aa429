"""Reports from the demo database in every format and both languages: footnotes resolve to stored
claims and dataset rows, sentence numbers come from the data, hostile text stays text, a pair of
countries without data is said plainly. (PDF and the browser: test_browser.py.)"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from aigap.analyze.answer import GapTrend
from aigap.analyze.frontier import measures
from aigap.cli import main
from aigap.errors import ValidationError
from aigap.indicators import catalogue
from aigap.records import Claim, Document
from aigap.report import build_report, charts_dir, write_report
from aigap.report.citations import Footnote
from aigap.report.markdown import md_escape
from aigap.report.model import Report
from aigap.report.sentences import Writer
from aigap.sources import content_hash
from aigap.store import Store

LANGS = ("en", "zh")
SCRIPT = "<script>alert(1)</script>"  # as in conftest's hostile document and dataset
IMG = '"><img src=x onerror=alert(1)>'


# -- parsing the HTML report ---------------------------------------------------------------------


class Page(HTMLParser):
    """What the tests read from a report: footnotes, references, sentences, tables, every tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.footnotes: dict[int, str] = {}  # number -> source label
        self.refs: list[int] = []
        self.sentences: list[str] = []
        self.text: list[str] = []
        self.num_cells: list[tuple[str, bool]] = []  # (text, has a footnote) of the indicators' figures
        self._sentence: list[str] | None = None
        self._sup = 0
        self._cell: list[str] | None = None
        self._cell_ref = False
        self._in_indicators = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        cls = (a.get("class") or "").split()
        if tag == "li" and a.get("data-source"):
            self.footnotes[int(a.get("value") or 0)] = str(a["data-source"])
        if tag == "a" and (a.get("href") or "").startswith("#fn-"):
            self.refs.append(int(str(a["href"])[4:]))
            self._cell_ref = True
        if tag == "span" and "sentence" in cls:
            self._sentence = []
        if tag == "sup":
            self._sup += 1
        if tag == "table":
            self._in_indicators = "indicators" in cls
        if tag == "td" and self._in_indicators and "figure" in cls:
            self._cell, self._cell_ref = [], False

    def handle_endtag(self, tag: str) -> None:
        if tag == "sup":
            self._sup -= 1
        if tag == "span" and self._sentence is not None and not self._sup:
            self.sentences.append("".join(self._sentence))
            self._sentence = None
        if tag == "td" and self._cell is not None:
            self.num_cells.append(("".join(self._cell), self._cell_ref))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._sentence is not None and not self._sup:
            self._sentence.append(data)
        if self._cell is not None and not self._sup:
            self._cell.append(data)


def parse(text: str) -> Page:
    p = Page()
    p.feed(text)
    p.close()
    return p


# -- numbers in sentences -------------------------------------------------------------------------

_SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
_NUM = re.compile(r"(?P<sign>[−-])?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s?×\s?10(?P<exp>[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?"
                  r"\s?(?P<mult>trillion|billion|million|万亿|亿|万)?")
_MULT = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "万亿": 1e12, "亿": 1e8, "万": 1e4, None: 1.0}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def numbers(text: str) -> Iterator[tuple[float, float, str]]:
    """(value, half the last shown digit, token) for each number as the report writes numbers."""
    for m in _NUM.finditer(text):
        sign = m.group("sign")
        if sign and m.start() > 0 and (text[m.start() - 1].isalnum()):
            sign = None  # 2017-2023: a hyphen between figures joins them, it is no minus
        num = m.group("num").replace(",", "")
        decimals = len(num.split(".")[1]) if "." in num else 0
        scale = _MULT[m.group("mult")] * (10 ** int(m.group("exp").translate(_SUP)) if m.group("exp") else 1)
        value = float(num) * scale * (-1 if sign else 1)
        yield value, 0.5 * 10**-decimals * scale, m.group(0)


# Strings that are periods or dates (2023, 2017-2023, 2017/2023, FY2024, 2024-03, 2023-06-01): the
# model's years and dates. Other strings (sentences, labels, titles) are never a source of numbers.
_PERIOD = re.compile(r"(?:FY)?\d{4}(?:[-/]\d{2}(?:[-/]\d{2})?)?(?:[-/]\d{4})?")
# Chart data, the analysis' own notes and the sources' own text are not what a sentence may state.
_NOT_STATED = {"series", "trend_lines", "remarks", "footnotes", "writer", "quote", "origin"}


def _walk(obj: Any, vals: list[float], dates: set[str]) -> None:
    if obj is None or isinstance(obj, bool | Writer | Footnote):
        return
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name not in _NOT_STATED:
                _walk(getattr(obj, f.name), vals, dates)
    elif isinstance(obj, int | float):
        if math.isfinite(obj):
            vals.append(float(obj))
    elif isinstance(obj, dt.date):
        dates.add(obj.isoformat())
        vals.append(float(obj.year))
    elif isinstance(obj, str):
        if _PERIOD.fullmatch(obj):
            vals += [float(y) for y in re.findall(r"\d{4}", obj)]
            dates.update(re.findall(r"\d{4}-\d{2}-\d{2}", obj))
    elif isinstance(obj, dict):
        for v in obj.values():
            _walk(v, vals, dates)
    elif isinstance(obj, list | tuple):  # a list's length is no value: "3 of 7" must be in the model
        for v in obj:
            _walk(v, vals, dates)


def model_values(*parts: Any) -> tuple[list[float], set[str]]:
    """The numbers (and dates) of these parts of the report's model: figures, counts, bounds, years;
    each also as a percentage (probabilities and shares are fractions) and with its sign flipped
    (a gap is said from the leader's side)."""
    vals: list[float] = []
    dates: set[str] = set()
    for p in parts:
        _walk(p, vals, dates)
        if isinstance(p, GapTrend):
            vals.append(float(p.of))  # a property, not a field
    vals += [100 * v for v in vals]
    vals += [-v for v in vals]
    return vals, dates


def stated(r: Report) -> list[tuple[str, list[str], tuple[list[float], set[str]]]]:
    """(section, its sentences, the numbers of that section's model): a number must come from its own
    section, so that a small count does not pass by matching any figure anywhere."""
    out = [("generated", [r.generated], model_values(r.counts, r.generated_on)),
           ("headline", [x.text for x in r.headline], model_values(r.lead, r.gap_trend, r.lag))]
    out += [(f"pillar {p.id}", [x.text for x in p.sentences], model_values(p)) for p in r.pillars]
    out.append(("lag", [x.text for x in r.lag.sentences], model_values(r.lag)))
    if r.robustness is not None:
        out.append(("robustness", r.robustness.sentences, model_values(r.robustness)))
    return out


def names_in_sentences() -> list[str]:
    """Names that may carry digits of their own ("top 2%", ">= 1e23 FLOP", "100-point scale")."""
    cat = catalogue()
    names = [n for i in cat.indicators.values() for n in (i.en, i.zh)]
    names += [n for m in measures().values() for n in (m.en, m.zh, m.unit)]
    return sorted(set(names), key=len, reverse=True)


def check_sentence_numbers(sentences: list[str], vals: list[float], dates: set[str]) -> int:
    """Every number in the sentences is one of ``vals`` within the rounding shown; the numbers checked."""
    names = names_in_sentences()
    checked = 0
    for s in sentences:
        text = s
        for n in names:
            text = re.sub(re.escape(n), " ", text, flags=re.I)
        for d in _DATE.findall(text):
            assert d in dates, f"date {d} in {s!r} is not in the data"
        text = _DATE.sub(" ", text)
        for value, tol, token in numbers(text):
            checked += 1
            assert any(abs(value - v) <= tol + 1e-9 * abs(v) for v in vals), f"{token!r} in {s!r} is not in the data"
    return checked


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """HTML and Markdown in both languages, rendered once for the module."""
    folder = tmp_path_factory.mktemp("reports")
    s = Store.open(demo_db)
    try:
        return {(lang, fmt): write_report(s, lang=lang, fmt=fmt, out=folder / f"briefing-{lang}.{fmt}")
                for lang in LANGS for fmt in ("html", "md")}
    finally:
        s.close()


# -- HTML -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_footnote_resolves_to_a_stored_claim_or_dataset_row(reports: dict[tuple[str, str], Path],
                                                                   demo_store: Store, lang: str) -> None:
    page = parse(reports[(lang, "html")].read_text(encoding="utf-8"))
    assert page.footnotes and sorted(page.footnotes) == list(range(1, len(page.footnotes) + 1))
    assert set(page.refs) == set(page.footnotes), "every reference has a footnote and every footnote is used"
    claim_ids = {int(s.split(":", 1)[1]) for s in page.footnotes.values() if s.startswith("claim:")}
    assert claim_ids and {c.id for c in demo_store.claims(ids=sorted(claim_ids))} == claim_ids
    rows: dict[str, set[str]] = {}
    for label in (s for s in page.footnotes.values() if s.startswith("dataset:")):
        did, _, loc = label.removeprefix("dataset:").partition("#")
        if did not in rows:
            rows[did] = {str(o["row_locator"]) for o in demo_store.observations(dataset_id=did)}
        assert loc in rows[did], f"{label} is not a stored observation"
    assert len(rows) >= 5  # reference data and claims both cited


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_in_a_table_has_a_footnote(reports: dict[tuple[str, str], Path], lang: str) -> None:
    page = parse(reports[(lang, "html")].read_text(encoding="utf-8"))
    figures = [(t, ref) for t, ref in page.num_cells if t.strip() not in ("", "–")]
    assert len(figures) > 30 and all(ref for _, ref in figures), [t for t, ref in figures if not ref]
    assert len(figures) == len(page.num_cells)  # a country without a figure gets no "figure" cell


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_in_a_sentence_is_in_the_data(reports: dict[tuple[str, str], Path], demo_store: Store,
                                                   lang: str) -> None:
    """Strict: every number a sentence states is a value of its section's model (no number passes for
    being small), and the HTML and the Markdown say exactly the model's sentences."""
    r = build_report(demo_store, lang=lang)
    checked = 0
    for section, sentences, (vals, dates) in stated(r):
        try:
            checked += check_sentence_numbers(sentences, vals, dates)
        except AssertionError as exc:
            raise AssertionError(f"{section}: {exc}") from None
    assert checked > 40
    said = [x for _, sentences, _ in stated(r)[1:] for x in sentences]
    page = parse(reports[(lang, "html")].read_text(encoding="utf-8"))
    assert len(page.sentences) >= 15
    assert [" ".join(x.split()) for x in page.sentences] == [" ".join(x.split()) for x in said]
    # the indicators' figures in the tables: values of the pillars' model too
    vals, dates = model_values(*r.pillars)
    assert check_sentence_numbers([text for text, _ in page.num_cells], vals, dates) >= len(page.num_cells) > 30
    md = reports[(lang, "md")].read_text(encoding="utf-8")
    assert r.generated in md.replace("*", "")
    missing = [x for x in said if md_escape(x) not in md]
    assert not missing, missing


def test_the_example_sentence_and_the_sections(reports: dict[tuple[str, str], Path]) -> None:
    en = reports[("en", "html")].read_text(encoding="utf-8")
    page = parse(en)
    text = " ".join(page.sentences)
    # "leads" when the US leads in 90% of the draws or more, "ahead, but not clearly" below that
    assert text.startswith(("The US leads overall: a composite score of",
                            "The US is ahead overall, but not clearly: a composite score of"))
    assert "Is the gap widening?" in text and "best model trails the US's by" in text
    assert "China has about twice as many AI researchers and developers as the US (500,000 vs 250,000, 2024;" in en
    for section in ("headline", "pillars", "lag", "conflicts", "gaps", "methodology", "sources"):
        assert f'<section id="{section}">' in en
    assert en.count("<figure") >= 8 and en.count("<svg") == en.count("</svg>")
    zh = reports[("zh", "html")].read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and "中国的AI研发人员数量约为美国的两倍（50万 对 25万，2024年；" in zh
    assert ("美国总体领先：" in zh or "美国总体略占上风，但并不明确" in zh) and "前沿模型差距" in zh


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_self_contained(reports: dict[tuple[str, str], Path], lang: str) -> None:
    page = parse(reports[(lang, "html")].read_text(encoding="utf-8"))
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert all(not (a.get("src") or "") for _, a in page.tags)
    assert "style" in tags and "svg" in tags


# -- Markdown ---------------------------------------------------------------------------------------


def _tables(md: str) -> list[list[str]]:
    out: list[list[str]] = []
    cur: list[str] = []
    for line in md.splitlines():
        if line.startswith("|"):
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    return out + ([cur] if cur else [])


def _cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line)) - 1


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_footnotes_tables_and_chart_files(reports: dict[tuple[str, str], Path], lang: str) -> None:
    path = reports[(lang, "md")]
    md = path.read_text(encoding="utf-8")
    defined = set(re.findall(r"^\[\^(\d+)\]:", md, re.M))
    used = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    assert defined and used == defined
    tables = _tables(md)
    assert len(tables) >= 8
    for t in tables:
        assert len({_cells(line) for line in t}) == 1, t[:3]
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(links) >= 8
    for link in links:
        assert link.startswith(f"{charts_dir(path).name}/")
        svg = path.parent / link
        root = ET.fromstring(svg.read_text(encoding="utf-8"))  # well-formed, standalone SVG
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in md


# -- no data, options, small stores -----------------------------------------------------------------


@pytest.mark.parametrize(("lang", "fmt", "said"), [
    ("en", "html", "There is no data to compare Nepal and Bolivia"),
    ("en", "md", "There is no data to compare Nepal and Bolivia"),
    ("zh", "html", "没有可用于比较尼泊尔与玻利维亚的数据"),
    ("zh", "md", "没有可用于比较尼泊尔与玻利维亚的数据"),
])
def test_a_pair_without_data_is_said_plainly(demo_store: Store, tmp_path: Path, lang: str, fmt: str,
                                             said: str) -> None:
    out = write_report(demo_store, lang=lang, fmt=fmt, countries=("NP", "BO"), out=tmp_path / f"nb.{fmt}")
    text = out.read_text(encoding="utf-8")
    assert said in text
    if fmt == "html":
        page = parse(text)
        assert set(page.refs) == set(page.footnotes)


def test_bad_options(demo_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        write_report(demo_store, lang="fr", out=tmp_path / "r.html")
    with pytest.raises(ValidationError):
        write_report(demo_store, fmt="docx", out=tmp_path / "r.docx")
    with pytest.raises(ValidationError):
        write_report(demo_store, countries=("US",), out=tmp_path / "r.html")


@pytest.fixture
def small(store: Store) -> Store:
    """Claims only, no reference data: no benchmark, no lag, no trend."""
    text = "中国AI研究人员超过50万人，美国约为25万人。"
    doc = Document(doc_id="x", text=text, source_uri="https://example.org/x", title="Talent | count",
                   content_hash=content_hash(text))
    store.add_document(doc, [
        Claim(doc="x", start=0, end=1, number_text="超过50万人", quote=text, value=5e5, unit="people", subject="CN",
              metric="ai_researchers", period="2024", qualifier="over"),
        Claim(doc="x", start=1, end=2, number_text="约为25万人", quote=text, value=2.5e5, unit="people", subject="US",
              metric="ai_researchers", period="2024", qualifier="approx"),
    ], "t")
    return store


@pytest.mark.parametrize(("lang", "fmt"), [("en", "html"), ("zh", "html"), ("en", "md"), ("zh", "md")])
def test_a_store_with_claims_only(small: Store, tmp_path: Path, lang: str, fmt: str) -> None:
    text = write_report(small, lang=lang, fmt=fmt, out=tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
    assert ("about twice as many" in text) == (lang == "en") and ("约为美国的两倍" in text) == (lang == "zh")
    assert "https://example.org/x" in text


# -- hostile text -----------------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_html(hostile_store: Store, tmp_path: Path) -> None:
    text = write_report(hostile_store, out=tmp_path / "r.html").read_text(encoding="utf-8")
    page = parse(text)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags
    assert not [a for _, a in page.tags for k in a if k.startswith("on")]
    assert not [a for _, a in page.tags if (a.get("href") or "").strip().lower().startswith("javascript")]
    shown = "".join(page.text)
    assert SCRIPT in shown and IMG in shown  # visible as text: in the conflict quote, footnotes, lag table
    assert "evil|" + SCRIPT in shown


def test_hostile_text_cannot_break_markdown(hostile_store: Store, tmp_path: Path) -> None:
    md = write_report(hostile_store, fmt="md", out=tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "javascript:" not in md
    assert md_escape(f"evil|{SCRIPT}") in md  # the benchmark's name, in the lag table
    for t in _tables(md):
        assert len({_cells(line) for line in t}) == 1, t[:3]
    assert md_escape("piped") in md and "piped\ntitle" not in md


# -- CLI and `aigap up` -----------------------------------------------------------------------------


def test_cli_report(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.md"
    main(["--db", demo_db, "report", "--lang", "zh", "--format", "md", "--countries", "US,CN", "--out", str(out)])
    assert "report:" in capsys.readouterr().out and out.is_file() and charts_dir(out).is_dir()
    with pytest.raises(SystemExit) as exc:
        main(["--db", demo_db, "report", "--format", "docx", "--out", str(tmp_path / "b.docx")])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "unknown report format 'docx'" in err and len(err.strip().splitlines()) == 2  # message and hint


def test_model_in_both_languages_says_the_same(demo_store: Store) -> None:
    en = build_report(demo_store, lang="en")
    zh = build_report(demo_store, lang="zh")
    assert [f.source for f in en.footnotes] == [f.source for f in zh.footnotes]
    assert [p.leader for p in en.pillars] == [p.leader for p in zh.pillars]
    assert all(f.resolved for f in en.footnotes)


def test_the_number_check_catches_an_invented_number(demo_store: Store) -> None:
    r = build_report(demo_store, lang="en")
    vals, dates = model_values(r.lead, r.gap_trend, r.lag)
    assert r.gap_trend is not None and r.lead is not None
    real = f"Of the {r.gap_trend.of} indicators, the gap narrows on {r.gap_trend.narrowing}."
    assert check_sentence_numbers([real], vals, dates) == 2
    # a small count not in the headline's model is caught: it no longer passes for being small
    invented = [n for n in range(2, 30) if not any(abs(n - v) <= 0.5 for v in vals)]
    assert len(invented) >= 5
    for n in invented:
        with pytest.raises(AssertionError, match=f"'{n} ?' in"):
            check_sentence_numbers([real, f"Of the {n} indicators, the gap narrows on none."], vals, dates)
    with pytest.raises(AssertionError, match="987,654"):
        check_sentence_numbers([real, "China has 987,654 AI researchers."], vals, dates)
    with pytest.raises(AssertionError, match="2031-02-30"):
        check_sentence_numbers([real, "As of 2031-02-30."], vals, dates)
    # a section's number is not another section's: the pillars' counts are not the headline's
    research = next(p for p in r.pillars if p.id == "research")
    pv, pd = model_values(research)
    assert check_sentence_numbers([research.sentences[0].text], pv, pd) > 0
