"""Bytes of one input to (text, metadata) by format: plain text, HTML, PDF, DOCX.

HTML keeps the main text only (trafilatura; a page where it finds no article keeps the text of its
body blocks, parsed by lxml, without head, scripts, menus, headers, footers and asides); PDF keeps the text
layer with each page's start offset; DOCX keeps its paragraphs.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from aigap.errors import ConfigError, InputError

from .decode import binary_kind, decode_bytes, looks_binary, utf16_without_bom

__all__ = ["Parsed", "parse_bytes", "sniff_format"]

_HTML_HINT = re.compile(rb"<(?:!doctype html|html|head|body|p|div|article)\b", re.I)


@dataclass(slots=True)
class Parsed:
    text: str
    media_type: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def sniff_format(name: str, data: bytes, content_type: str | None = None) -> str:
    low = name.lower()
    ct = (content_type or "").lower()
    if low.endswith(".pdf") or "application/pdf" in ct or data.startswith(b"%PDF-"):
        return "pdf"
    if low.endswith(".docx") or "officedocument.wordprocessingml" in ct:
        return "docx"
    if low.endswith((".html", ".htm", ".xhtml")) or "html" in ct or _HTML_HINT.search(data[:2048]):
        return "html"
    return "text"


def _utf16(data: bytes) -> bool:
    """UTF-16 text carries NULs: with a BOM, or without one when they sit at one parity only."""
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(data) is not None


def _parse_text(name: str, data: bytes, declared: str | None) -> Parsed:
    if not _utf16(data) and looks_binary(data):
        raise InputError(f"{name}: binary content, not text")
    dec = decode_bytes(data, declared)
    if dec.lossy:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16, GB18030 or Big5)")
    extra: dict[str, Any] = {"encoding": dec.encoding}
    if dec.replaced:  # said so: the document keeps a note of the bytes it lost
        extra["decode_note"] = f"{dec.replaced} invalid UTF-8 bytes replaced with U+FFFD"
    return Parsed(dec.text, "text/plain", extra=extra)


def _meta_content(html: str, *names: str) -> str | None:
    for n in names:
        m = re.search(
            rf'<meta[^>]+(?:name|property)\s*=\s*["\']{re.escape(n)}["\'][^>]*content\s*=\s*["\']([^"\']+)', html, re.I
        ) or re.search(
            rf'<meta[^>]+content\s*=\s*["\']([^"\']+)["\'][^>]*(?:name|property)\s*=\s*["\']{re.escape(n)}["\']', html, re.I
        )
        if m:
            return unescape(m.group(1)).strip()
    return None


_DROP = ("head", "script", "style", "nav", "header", "footer", "aside", "noscript", "form", "template")
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "br",
                     "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "main", "figcaption"})


def _require_trafilatura() -> Any:
    """trafilatura, or a configuration error naming what is missing (never a silent tag-stripper)."""
    try:
        import trafilatura
    except ImportError as exc:
        missing = getattr(exc, "name", None) or "trafilatura"
        raise ConfigError(f"HTML main-text extraction is unavailable: cannot import {missing} ({exc})",
                          hint="reinstall aigap (pip install -e .): it depends on trafilatura and lxml_html_clean") from None
    return trafilatura


def _body_blocks(html: str) -> str:
    """The text of a page's body blocks, one line each: for short pages with no article."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for el in root.iter(*_DROP):
        el.drop_tree()
    parts: list[str] = []
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in "".join(parts).splitlines()]
    return "\n".join(ln for ln in lines if ln)


def _parse_html(name: str, data: bytes, declared: str | None) -> Parsed:
    m = re.search(rb'<meta[^>]+charset\s*=\s*["\']?([\w-]+)', data[:4096], re.I)
    dec = decode_bytes(data, declared or (m.group(1).decode("ascii", "ignore") if m else None))
    if dec.lossy:  # no encoding reads it as text: bytes that merely contain "<p " are no page
        raise InputError(f"{name}: cannot decode the page (not UTF-8, UTF-16, GB18030 or Big5)")
    html = dec.text
    trafilatura = _require_trafilatura()
    extra: dict[str, Any] = {"encoding": dec.encoding}
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True,
                                   favor_precision=True) or ""  # precision: tickers and menus stay out
    except (ValueError, TypeError, AttributeError, LookupError) as exc:  # markup it cannot parse
        raise InputError(f"{name}: HTML main-text extraction failed (trafilatura: {exc})") from None
    if len(text.strip()) < 40:
        text = _body_blocks(html)
        extra["main_text"] = "whole body: trafilatura found no article"
    if not text.strip():
        raise InputError(f"{name}: HTML page has no text")
    title_tag = re.search(r"(?is)<title[^>]*>(.*?)</title>", html)
    return Parsed(
        text=text,
        media_type="text/html",
        title=_meta_content(html, "og:title", "twitter:title")
        or (unescape(title_tag.group(1)).strip() if title_tag else None),
        author=_meta_content(html, "author", "article:author"),
        published=_meta_content(html, "article:published_time", "pubdate", "date", "publishdate"),
        outlet=_meta_content(html, "og:site_name", "application-name"),
        extra=extra,
    )


class _Captured(logging.Handler):
    """pypdf's log records of one parse, kept for the rejection reason instead of printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _quiet_pypdf() -> Iterator[_Captured]:
    """pypdf logs (and warns) what it repairs ("EOF marker not found") straight to stderr: catch it,
    so a PDF's trouble is its one rejection line. (Logger state is global: concurrent parses share
    the capture, which only ever adds to a reason.)"""
    logger = logging.getLogger("pypdf")
    handler = _Captured()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler
        handler.messages += [str(w.message) for w in caught]
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _open_pdf(name: str, reader: Any) -> None:
    """Decrypt with the empty password (PDFs "encrypted" only against editing open without one);
    reject only when a password is really needed."""
    if not reader.is_encrypted:
        return
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise InputError(f"{name}: encrypted PDF (its AES encryption needs the cryptography package)") from None
    if opened == PasswordType.NOT_DECRYPTED:
        raise InputError(f"{name}: encrypted PDF that needs a password")


def _parse_pdf(name: str, data: bytes) -> Parsed:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf ships with the default install
        raise InputError(f"{name}: PDF support needs the pypdf package") from None
    with _quiet_pypdf() as log:
        try:
            reader = PdfReader(io.BytesIO(data))
            _open_pdf(name, reader)
            pages: list[int] = []
            parts: list[str] = []
            offset = 0
            for page in reader.pages:
                pages.append(offset)
                chunk = (page.extract_text() or "").strip()
                parts.append(chunk)
                offset += len(chunk) + 2
            info = reader.metadata
        except InputError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
            noted = f"; {log.messages[0]}" if log.messages else ""
            raise InputError(f"{name}: unreadable PDF ({type(exc).__name__}: {exc}{noted})") from None
    text = "\n\n".join(parts)
    if not text.strip():
        raise InputError(f"{name}: PDF has no text layer")
    return Parsed(
        text=text,
        media_type="application/pdf",
        title=(info.title if info and info.title else None),
        author=(info.author if info and info.author else None),
        extra={"pages": pages},
    )


def _parse_docx(name: str, data: bytes) -> Parsed:
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx ships with the default install
        raise InputError(f"{name}: DOCX support needs python-docx") from None
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError variants
        raise InputError(f"{name}: unreadable DOCX ({type(exc).__name__})") from None
    text = "\n\n".join(p.text for p in d.paragraphs if p.text.strip())
    if not text.strip():
        raise InputError(f"{name}: DOCX has no text")
    props = d.core_properties
    return Parsed(
        text=text,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        title=props.title or None,
        author=props.author or None,
        published=props.created.date().isoformat() if props.created else None,
    )


def parse_bytes(name: str, data: bytes, content_type: str | None = None, declared: str | None = None) -> Parsed:
    """Parse one input's bytes; raises InputError with the input's name and the reason."""
    if not data:
        raise InputError(f"{name}: empty file")
    fmt = sniff_format(name, data, content_type)
    kind = binary_kind(data)
    # Images, archives and programs are never documents, whatever their name or content type; a
    # PDF is read only as PDF, a ZIP only as DOCX.
    if kind and not (fmt == "pdf" and kind == "PDF document") and not (fmt == "docx" and kind == "ZIP archive"):
        raise InputError(f"{name}: {kind}, not a text document")
    if fmt in ("html", "text") and not _utf16(data) and looks_binary(data):
        # Before the HTML sniffer's guess: random bytes can hold "<p " and pass for a page.
        raise InputError(f"{name}: binary content, not text")
    if fmt == "pdf":
        return _parse_pdf(name, data)
    if fmt == "docx":
        return _parse_docx(name, data)
    if fmt == "html":
        return _parse_html(name, data, declared)
    parsed = _parse_text(name, data, declared)
    if not parsed.text.strip():
        raise InputError(f"{name}: no text")
    return parsed
