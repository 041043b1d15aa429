"""Shared by the construction tests: the claims of one illustrative sentence, in its own language.

Imported by the test modules beside it (pytest puts this folder on the path)."""

from __future__ import annotations

from aigap.extract import extract_claims
from aigap.records import Claim


def claims(text: str, published: str | None = None) -> list[Claim]:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    return extract_claims(text, "t", published=published, language=lang)


def one(text: str, number_text: str, published: str | None = None, *, exact: bool = False) -> Claim:
    """The first claim whose number text holds ``number_text`` (is it, with ``exact``)."""
    found = claims(text, published)
    hits = [c for c in found if (c.number_text == number_text if exact else number_text in c.number_text)]
    assert hits, [c.number_text for c in found]
    return hits[0]
