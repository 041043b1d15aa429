"""report: sourced briefings from the evidence, in English and Chinese."""

from __future__ import annotations

from .render import FORMATS, LANGUAGES, write_report

__all__ = ["FORMATS", "LANGUAGES", "write_report"]
