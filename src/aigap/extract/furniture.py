"""Page furniture and other non-claim spans (``tables/furniture.yaml``): navigation, contact blocks,
addresses, phone numbers, copyright and ICP lines, book titles, stock codes, URLs."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .rx import fast, finditer

__all__ = ["furniture_spans"]


@cache
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    raw = yaml.safe_load((Path(__file__).parent / "tables" / "furniture.yaml").read_text(encoding="utf-8"))
    return [re.compile(p) for p in raw["lines"]], [fast(p) for p in raw["spans"]]


# Markdown's table pipes, headings and emphasis are text too.
_TEXTLIKE = re.compile(r"[\w\s\u3000-\u303f\uff00-\uffef.,;:!?%$()'\"“”‘’\-/|#*+]")
# its complement: language holds few such characters, so listing them is quick
_NOT_TEXTLIKE = re.compile("[^" + _TEXTLIKE.pattern[1:])
_CHUNK = 256


def _garbage_spans(text: str) -> list[tuple[int, int]]:
    """Chunks that are not language (binary decoded as text, control codes, replacement characters):
    no claims come out of garbage."""
    spans = []
    for lo in range(0, len(text), _CHUNK):
        chunk = text[lo : lo + _CHUNK]
        bad = len(_NOT_TEXTLIKE.findall(chunk)) + chunk.count("\ufffd") * 2
        if bad > len(chunk) * 0.15:
            spans.append((lo, lo + len(chunk)))
    return spans


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of ``text`` the extractor must skip."""
    line_pats, span_pats = _patterns()
    spans: list[tuple[int, int]] = _garbage_spans(text)
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and len(body) < 300 and any(p.search(body) for p in line_pats):
            spans.append((pos, pos + len(body)))
        pos += len(line)
    for p in span_pats:  # (a pass is skipped where the text lacks what every match holds: "@", "://")
        spans.extend((m.start(), m.end()) for m in finditer(p, text))
    spans.sort()
    return spans
