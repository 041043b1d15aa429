"""Document metadata from text patterns (``metadata.yaml``) and HTML meta tags: title, author,
outlet, published date, language (zh/en/other) and script (Hans/Hant/Latn)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["TextMeta", "detect_language", "normalise_date", "text_metadata"]

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(slots=True)
class TextMeta:
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    script: str | None = None


@cache
def _rules() -> dict[str, list[re.Pattern[str]]]:
    raw = yaml.safe_load(Path(__file__).with_name("metadata.yaml").read_text(encoding="utf-8"))
    return {k: [re.compile(p, re.M) for p in v] for k, v in raw.items()}


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                         "dec"), 1)}


def _english_date(text: str) -> tuple[int, int, int] | None:
    """"January 23, 2025", "Jan. 23 2025" or "23 January 2025"."""
    m = re.match(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$", text) or None
    if m:
        mon, d, y = m.groups()
    else:
        m = re.match(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$", text)
        if not m:
            return None
        d, mon, y = m.groups()
    mo = _MONTHS.get(mon[:3].lower())
    return (int(y), mo, int(d)) if mo else None


def normalise_date(text: str) -> str | None:
    m = re.match(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})", text.strip())
    parts = tuple(int(g) for g in m.groups()) if m else _english_date(text.strip())
    if not parts:
        return None
    y, mo, d = parts
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


@cache
def _langid() -> Any:
    """py3langid's identifier (its model ships inside the package; nothing is fetched)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, str]:
    """(language, script): the language by py3langid (zh, en, else other: a Japanese text is not
    Chinese however many kanji it has); the script of Chinese by how much OpenCC t2s changes it."""
    # URLs, numbers and markup say nothing about the language and skew short texts.
    sample = re.sub(r"https?://\S+|[\d.,%$#*|_=-]+", " ", text[:6000])
    cjk = _CJK.findall(sample)
    latin = len(_LATIN.findall(sample))
    if len(cjk) + latin < 8:
        return "other", "Latn" if latin else "Zyyy"
    lang = str(_langid().classify(sample)[0])
    if lang == "zh":
        chars = "".join(cjk)
        changed = sum(1 for a, b in zip(chars, _t2s().convert(chars), strict=False) if a != b)
        return "zh", "Hant" if changed / max(1, len(chars)) > 0.04 else "Hans"
    if lang == "en":
        return "en", "Latn"
    return "other", "Latn" if latin >= len(cjk) else "Zyyy"


def _known_outlet(name: str) -> str | None:
    """The outlet table's name for a dateline's source (a city on a dateline is no outlet)."""
    from aigap.reconcile.reliability import known_outlet

    o = known_outlet(name)
    return name.strip() if o is not None else None


def text_metadata(text: str) -> TextMeta:
    """Metadata read from the text itself: byline, date, outlet, title and language."""
    rules = _rules()
    meta = TextMeta()
    lines = text.splitlines()
    head = [(i, ln) for i, ln in enumerate(lines[:40])]
    anchor: int | None = None  # the byline/date line: the title stands just above it
    for i, ln in head:
        for pat in rules["bylines"]:
            m = pat.search(ln)
            if m:
                meta.author = meta.author or m.groupdict().get("author", "").strip() or None
                if m.groupdict().get("date"):
                    meta.published = meta.published or normalise_date(m.group("date"))
                anchor = i if anchor is None else anchor
                break
        if meta.published is None:
            for pat in rules["dates"]:
                m = pat.search(ln)
                if m:
                    meta.published = normalise_date(m.group("date"))
                    anchor = i if anchor is None else anchor
                    break
    for _i, ln in head:  # a dateline: "新华财经 2025年1月20日", "Reuters, January 23, 2025"
        m = next((m for pat in rules["datelines"] if (m := pat.search(ln))), None)
        if m is None:
            continue
        date = m.groupdict().get("date")
        if meta.published is None and date:
            meta.published = normalise_date(date)
        if meta.outlet is None and _known_outlet(m.group("outlet")):
            meta.outlet = _known_outlet(m.group("outlet"))
        break
    if meta.author is None:
        for pat in rules["authors_in_body"]:
            m = pat.search(text)
            if m:
                meta.author = " ".join(m.group("author").split())
                break
    for pat in rules["outlets"] if meta.outlet is None else []:
        m = pat.search(text)
        if m:
            meta.outlet = m.group("outlet").strip()
            break
    candidates = [(i, ln.strip()) for i, ln in head if ln.strip()]
    candidates = [(i, ln) for i, ln in candidates if not any(p.search(ln) for p in rules["not_title"])]
    if anchor is not None:
        above = [(i, ln) for i, ln in candidates if i < anchor]
        if above:
            meta.title = above[-1][1]
    if meta.title is None and candidates:
        meta.title = candidates[0][1]
    if meta.title and len(meta.title) > 300:
        meta.title = meta.title[:300]
    meta.language, meta.script = detect_language(text)
    return meta
