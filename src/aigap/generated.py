"""The mark on files aigap writes (reports), so that ``aigap ingest`` never takes its own output in
as evidence: an HTML ``<meta name="generator">``, a Markdown comment on the first line, and the
PDF's ``/Creator`` (found at its start or its end, where PDF writers put the document information)."""

from __future__ import annotations

import re
from pathlib import Path

from aigap import __version__

__all__ = ["GENERATOR", "PDF_ENDS", "html_meta", "is_generated", "is_generated_pdf", "mark_pdf", "markdown_mark"]

GENERATOR = f"aigap {__version__}"
# Where the mark can be: <head> of an HTML report, first line of a Markdown report.
HEAD_BYTES = 4096
_MARK = re.compile(rb'<meta\s+name="generator"\s+content="aigap[ "]|\A(\xef\xbb\xbf)?<!-- generator: aigap[ -]', re.I)


_PDF_MARK = re.compile(rb"/Creator\s*\(aigap[ \\]")
PDF_ENDS = 16384  # bytes read at each end of a PDF to find its document information


def html_meta() -> str:
    return f'<meta name="generator" content="{GENERATOR}">'


def markdown_mark() -> str:
    return f"<!-- generator: {GENERATOR} -->"


def is_generated(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) carries aigap's generator mark."""
    return _MARK.search(head[:HEAD_BYTES]) is not None


def is_generated_pdf(head: bytes, tail: bytes) -> bool:
    """True when a PDF's first or last bytes hold aigap's ``/Creator``."""
    return _PDF_MARK.search(head) is not None or _PDF_MARK.search(tail) is not None


def mark_pdf(path: Path) -> None:
    """Set the PDF's ``/Creator`` to aigap (rewriting the file)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(path))
    writer.add_metadata({"/Creator": GENERATOR})
    tmp = path.with_suffix(".marking")
    with tmp.open("wb") as fh:
        writer.write(fh)
    tmp.replace(path)
