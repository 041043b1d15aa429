"""The report through real renderers: chromium prints the PDF (pdftotext reads the headline back,
pdfimages finds no raster image: the charts are vectors), and Playwright opens the HTML from disk
with the network cut off, for a screenshot kept as an artifact. Hostile text must not run."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aigap.errors import ConfigError
from aigap.report import build_report, write_report
from aigap.report.pdf import html_to_pdf
from aigap.store import Store

pytestmark = pytest.mark.browser


def _squash(text: str) -> str:
    """Text without any whitespace: pdftotext breaks lines where the page did, CJK included."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def use_chromium(chromium: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIGAP_CHROMIUM", chromium)
    return chromium


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_has_the_headline_and_vector_charts(demo_store: Store, use_chromium: str, poppler: dict[str, str],
                                                artifacts: Path, lang: str) -> None:
    out = write_report(demo_store, lang=lang, fmt="pdf", out=artifacts / f"report-{lang}.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run([poppler["pdftotext"], "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    headline = build_report(demo_store, lang=lang).headline[0].text
    assert _squash(headline) in _squash(text)
    images = subprocess.run([poppler["pdfimages"], "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.strip().splitlines()
    assert len(images) == 2, images  # the header lines only: no chart was rasterised


def test_pdf_for_a_pair_without_data(demo_store: Store, use_chromium: str, poppler: dict[str, str],
                                     tmp_path: Path) -> None:
    out = write_report(demo_store, fmt="pdf", countries=("NP", "BO"), out=tmp_path / "nb.pdf")
    text = subprocess.run([poppler["pdftotext"], str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert _squash("There is no data to compare Nepal and Bolivia") in _squash(text)


def test_pdf_without_chromium_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIGAP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ConfigError) as exc:
        html_to_pdf("<!doctype html><p>x</p>", tmp_path / "x.pdf")
    assert "chromium" in exc.value.message and exc.value.hint and "AIGAP_CHROMIUM" in exc.value.hint


def test_a_missing_renderer_fails_under_ci_and_skips_elsewhere(tool_check: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        tool_check("/no/such/chromium", "chromium")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        tool_check("/no/such/chromium", "chromium")


def _open_offline(browser: Any, path: Path) -> tuple[Any, Any, dict[str, list[str]]]:
    """A page on ``path`` whose every request but the file itself is refused and recorded."""
    seen: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": []}
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    page = ctx.new_page()
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))

    def route(r: Any) -> None:
        if r.request.url == path.as_uri():
            r.continue_()
        else:
            seen["requests"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return ctx, page, seen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_opens_from_disk_offline_with_its_charts(demo_store: Store, browser: Any, artifacts: Path,
                                                      lang: str) -> None:
    path = write_report(demo_store, lang=lang, out=artifacts / f"report-{lang}.html")
    ctx, page, seen = _open_offline(browser, path)
    try:
        charts = page.locator("figure svg")
        assert charts.count() >= 8
        box = charts.first.bounding_box()
        assert box and box["width"] > 400 and box["height"] > 100
        first = page.inner_text("#headline .sentence >> nth=0")
        # the US leads in under 90% of the draws since scores are on their own scales (was "leads overall")
        assert first.startswith(("The US leads overall", "The US is ahead overall, but not clearly") if lang == "en"
                                else ("美国总体领先", "美国总体略占上风"))
        page.click("#pillar-talent sup.ref a >> nth=0")  # a footnote link lands on its source
        assert page.evaluate("location.hash").startswith("#fn-")
        page.screenshot(path=str(artifacts / f"report-{lang}.png"), full_page=True)
    finally:
        ctx.close()
    assert (artifacts / f"report-{lang}.png").stat().st_size > 50_000
    assert seen == {"requests": [], "errors": [], "dialogs": []}


def test_hostile_text_does_not_run(hostile_store: Store, browser: Any, artifacts: Path) -> None:
    path = write_report(hostile_store, out=artifacts / "report-hostile.html")
    ctx, page, seen = _open_offline(browser, path)
    try:
        page.wait_for_timeout(300)
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        assert "<script>alert(1)</script>" in page.inner_text("#conflicts")
        page.screenshot(path=str(artifacts / "report-hostile.png"), full_page=True)
    finally:
        ctx.close()
    assert seen == {"requests": [], "errors": [], "dialogs": []}
