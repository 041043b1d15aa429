"""report: sourced briefings from the evidence, as HTML, PDF and Markdown, in English and Chinese.

    model     the briefing as typed data, built from the gap analysis, the lag and the conflicts
    sentences sentences from the data, per language (templates in sentences.yaml)
    citations footnotes resolved to stored claims and dataset rows
    charts    hand-written SVG charts; figures picks them for a report
    html      self-contained HTML; pdf prints it with headless chromium; markdown with SVG files
"""

from __future__ import annotations

from .model import Report, build_report
from .render import FORMATS, LANGUAGES, charts_dir, write_report

__all__ = ["FORMATS", "LANGUAGES", "Report", "build_report", "charts_dir", "write_report"]
