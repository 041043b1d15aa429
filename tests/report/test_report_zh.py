"""`aigap report --lang zh` says its own words in Chinese: the methodology (weight presets' titles
and names), the published composites' glosses; what it quotes (sentences, titles, publishers,
dataset rows, ids, links) is marked as the sources' words (<q lang>, <cite>, <code>)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aigap.analyze import load_weights
from aigap.cli import main

# Names that stay as they are in Chinese text (as tests/web/test_dashboard_pages.py PROPER).
PROPER = {"aigap", "English", "CSV", "JSON", "API", "Epoch", "ECI", "FLOP", "GPQA", "Diamond", "SWE-bench", "Verified",
          "FrontierMath", "OTIS", "AIME", "SimpleQA", "Chatbot", "Arena", "SuperCLUE", "Elo", "PNG", "SVG", "BibTeX",
          "PDF", "HAI", "GDP", "GAII", "Tortoise"}
QUOTED = {"script", "style", "code", "cite", "q", "blockquote"}  # and any element with its own lang
VOID = {"meta", "br", "img", "hr", "input", "link", "wbr", "source", "col"}


class OwnWords(HTMLParser):
    """The text of a page outside what it quotes or marks with a language of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        quoted = tag in QUOTED or (tag != "html" and any(k == "lang" for k, _ in attrs))
        self.stack.append(quoted or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.words += [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", data) if w not in PROPER]


@pytest.fixture(scope="module")
def zh_report(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("zh")
    out = {}
    for fmt in ("html", "md"):
        path = folder / f"r.{fmt}"
        main(["--db", demo_db, "report", "--lang", "zh", "--format", fmt, "--out", str(path)])
        out[fmt] = Path(path).read_text(encoding="utf-8")
    return out


def test_zh_html_report_has_no_english_of_its_own(zh_report: dict[str, str]) -> None:
    html = zh_report["html"]
    p = OwnWords()
    p.feed(html)
    assert not p.words, sorted(set(p.words))
    # what it quotes is still there, marked as quoted: nothing was dropped to pass the check
    assert re.search(r'<q lang="(zh|en)[^"]*">[^<]+</q>', html)
    assert "<cite>Epoch AI</cite>" in html and re.search(r"<code>https?://", html)
    assert "（2024年数据）" in html and "(data 2024)" not in html  # the published composites' gloss


def test_zh_report_says_the_weights_in_chinese(zh_report: dict[str, str]) -> None:
    w = load_weights("equal")
    assert w.title_zh and w.label_zh == "等权"
    for fmt, text in zh_report.items():
        assert f"权重：{w.title_zh}（等权）" in text, fmt
        assert w.title not in text and "权重（等权）" in text, fmt  # the anchors' reason too


def test_weight_overrides_keep_the_chinese_name() -> None:
    w = load_weights("equal", {"compute": 3})
    assert w.name == "equal+custom" and w.label("zh") == "等权（自定义）" and w.label("en") == "equal+custom"
