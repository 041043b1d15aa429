"""The mark on files aigap writes (reports), so that ``aigap ingest`` never takes its own output in
as evidence: an HTML ``<meta name="generator">`` and a Markdown comment on the first line."""

from __future__ import annotations

import re

from aigap import __version__

__all__ = ["GENERATOR", "html_meta", "is_generated", "markdown_mark"]

GENERATOR = f"aigap {__version__}"
# Where the mark can be: <head> of an HTML report, first line of a Markdown report.
HEAD_BYTES = 4096
_MARK = re.compile(rb'<meta\s+name="generator"\s+content="aigap[ "]|\A(\xef\xbb\xbf)?<!-- generator: aigap[ -]', re.I)


def html_meta() -> str:
    return f'<meta name="generator" content="{GENERATOR}">'


def markdown_mark() -> str:
    return f"<!-- generator: {GENERATOR} -->"


def is_generated(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) carries aigap's generator mark."""
    return _MARK.search(head[:HEAD_BYTES]) is not None
