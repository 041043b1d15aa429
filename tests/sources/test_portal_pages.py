"""HTML main text through trafilatura: a portal page's furniture carries figures, none become claims.

The two pages in tests/data/portal were written for this test: each has a menu, a market ticker, a
trending or hot list, comments, related links and a footer, all with numbers, around a short article.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from aigap.extract import extract_claims
from aigap.sources.formats import parse_bytes

PORTAL = Path(__file__).resolve().parents[1] / "data" / "portal"


def _article_paragraphs(html: str) -> list[str]:
    body = re.search(r"(?s)<article>(.*?)</article>", html)
    assert body
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"(?s)<p(?:\s[^>]*)?>(.*?)</p>", body.group(1))]


@pytest.mark.parametrize(("name", "lang", "expected"), [
    ("zh_portal.html", "zh", ["725.3 EFLOPS", "约为180万片", "超过1500亿元人民币"]),
    ("en_portal.html", "en", ["$120 billion", "about 3.8 million", "more than $300 billion"]),
])
def test_only_the_articles_figures_become_claims(name: str, lang: str, expected: list[str]) -> None:
    raw = (PORTAL / name).read_bytes()
    parsed = parse_bytes(name, raw)
    assert "main_text" not in parsed.extra  # trafilatura found the article itself
    paragraphs = [p for p in _article_paragraphs(raw.decode("utf-8")) if "来源" not in p and "By " not in p]
    for p in paragraphs:
        assert p in parsed.text
    for furniture in ("3356.12", "42,270.07", "9.9元", "4 weeks for $1", "400-800-1234", "1-800-555-0199", "3000万台",
                      "3000亿美元", "$1 trillion", "Comments (214)", "40%</a>", "25%"):
        assert furniture not in parsed.text
    claims = extract_claims(parsed.text, name, published=parsed.published, language=lang)
    texts = [c.number_text for c in claims]
    for want in expected:
        assert want in texts
    article = "\n".join(paragraphs)
    for c in claims:
        assert c.quote.strip("…") in parsed.text
        assert any(c.number_text in p for p in paragraphs), (c.number_text, article[:80])


def test_missing_trafilatura_is_an_error_naming_the_package(tmp_path: Path) -> None:
    # A fresh interpreter where importing trafilatura fails as it does when lxml.html.clean is absent.
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def fake(name, *a, **k):\n"
        "    if name == 'trafilatura' or name.startswith('lxml.html.clean'):\n"
        "        raise ImportError('No module named lxml.html.clean', name='lxml_html_clean')\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = fake\n"
        "from aigap.sources.formats import parse_bytes\n"
        "from aigap.errors import ConfigError\n"
        "try:\n"
        "    parse_bytes('p.html', b'<html><body><p>' + b'x ' * 50 + b'</p></body></html>')\n"
        "except ConfigError as e:\n"
        "    print('CONFIG', e, e.hint)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "CONFIG" in out.stdout, out.stderr
    assert "lxml_html_clean" in out.stdout


def test_the_title_is_not_glued_onto_the_first_paragraph() -> None:
    # A short page where trafilatura finds no article: the body's blocks, without the <head>'s title.
    html = (b"<html><head><title>AI spending soars | Example News</title></head><body>"
            b"<p>China spent 5 billion dollars.</p><p>The US spent 9 billion.</p></body></html>")
    parsed = parse_bytes("short.html", html)
    assert parsed.title == "AI spending soars | Example News"
    assert "Example News" not in parsed.text and parsed.text.startswith("China spent 5 billion dollars.")
    assert parsed.text.splitlines() == ["China spent 5 billion dollars.", "The US spent 9 billion."]
