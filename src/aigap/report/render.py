"""``write_report``: one briefing, in one language and one format, written to a file.

    html  self-contained (styles and SVG charts inline); opens from disk with no network
    pdf   the same HTML printed by headless chromium; charts stay vectors
    md    Markdown with footnotes; charts as SVG files in ``<stem>_charts/`` beside it
"""

from __future__ import annotations

from pathlib import Path

from aigap.errors import ValidationError
from aigap.store import Store

from .html import render_html
from .markdown import render_markdown
from .model import REPORT_DRAWS, build_report
from .pdf import html_to_pdf

__all__ = ["FORMATS", "LANGUAGES", "charts_dir", "write_report"]

FORMATS = ("html", "pdf", "md")
LANGUAGES = ("en", "zh")


def charts_dir(out: Path) -> Path:
    """Where a Markdown report's charts go: ``briefing.md`` -> ``briefing_charts/``."""
    return out.with_name(f"{out.stem}_charts")


def _validate(lang: str, fmt: str, countries: tuple[str, ...]) -> None:
    if lang not in LANGUAGES:
        raise ValidationError(f"unknown report language {lang!r}", hint="use en or zh")
    if fmt not in FORMATS:
        raise ValidationError(f"unknown report format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if len(countries) < 2:
        raise ValidationError("a report compares at least two countries", hint="e.g. --countries US,CN")


def write_report(store: Store, *, lang: str = "en", fmt: str = "html", countries: tuple[str, ...] = ("US", "CN"),
                 out: Path, draws: int = REPORT_DRAWS) -> Path:
    """Render the briefing to ``out`` (created with its folder; a Markdown report's charts beside it)."""
    countries = tuple(countries)
    _validate(lang, fmt, countries)
    model = build_report(store, lang=lang, countries=countries, draws=draws)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        return html_to_pdf(render_html(model), out)
    if fmt == "html":
        out.write_text(render_html(model), encoding="utf-8")
        return out
    folder = charts_dir(out)
    text, figures = render_markdown(model, folder.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("pillar-*.svg"), *folder.glob("lag-*.svg")]:
        old.unlink()  # charts of an earlier run must not linger; nothing else in the folder is touched
    for f in figures:
        (folder / f"{f.slug}.svg").write_text(f.svg + "\n", encoding="utf-8")
    out.write_text(text, encoding="utf-8")
    return out
