"""Source reliability: the class of a document or dataset row, from the outlet table
(``outlets.yaml``: one reason per entry), the document's metadata and the user's override, and what
a class means for a figure (its weight in a consensus, how much its interval widens, its tier).

Also the primary publishers a text may cite: ``cited_primary`` reads which publisher (and which
edition of its report) a quote relays, so documents repeating one primary count once, and
``normalise_publisher`` gives one name to a publisher's spellings, so its editions compete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

__all__ = ["CLASSES", "ClassInfo", "Outlet", "cited_primary", "class_info", "document_class", "edition_key",
           "known_outlet", "normalise_class", "normalise_publisher", "row_reliability", "source_weight"]


@dataclass(frozen=True, slots=True)
class ClassInfo:
    id: str
    weight: float
    widen: float
    tier: str  # high | medium | low
    label: str


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    source_class: str
    reason: str
    names: tuple[re.Pattern[str], ...]
    hosts: tuple[str, ...]
    text: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    source_class: str
    reason: str
    aliases: tuple[re.Pattern[str], ...]
    cite: tuple[re.Pattern[str], ...]
    edition: tuple[re.Pattern[str], ...]
    relays: dict[str, str]


@cache
def _table() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(__file__).with_name("outlets.yaml").read_text(encoding="utf-8"))
    return data


@cache
def _classes() -> dict[str, ClassInfo]:
    return {k: ClassInfo(k, float(v["weight"]), float(v["widen"]), str(v["tier"]), str(v["label"]))
            for k, v in _table()["classes"].items()}


CLASSES: tuple[str, ...] = tuple(_classes())


def normalise_class(source_class: str | None) -> str:
    """A class id of today's table; older names (reference, official, opinion) mapped, anything else blog."""
    c = (source_class or "").strip().lower().replace("-", "_")
    c = str(_table()["aliases"].get(c, c))
    return c if c in _classes() else "blog"


def class_info(source_class: str | None) -> ClassInfo:
    return _classes()[normalise_class(source_class)]


def source_weight(source_class: str | None) -> float:
    return class_info(source_class).weight


def _word(p: str) -> re.Pattern[str]:
    # Latin names match on word boundaries ("AP" is not in "APP"); CJK names anywhere.
    return re.compile(rf"(?<![A-Za-z]){p}(?![A-Za-z])" if re.match(r"[A-Za-z\\(]", p) else p)


@cache
def _outlets() -> tuple[Outlet, ...]:
    return tuple(Outlet(o["name"], normalise_class(o["class"]), o["reason"],
                        tuple(_word(p) for p in o.get("names", [])), tuple(o.get("hosts", [])),
                        tuple(o.get("text", []))) for o in _table()["outlets"])


@cache
def _publishers() -> tuple[Publisher, ...]:
    return tuple(Publisher(p["name"], normalise_class(p["class"]), p["reason"],
                           tuple(_word(a) for a in [re.escape(p["name"]), *p.get("aliases", [])]),
                           tuple(_word(a) for a in p.get("cite", [])),
                           tuple(re.compile(a) for a in p.get("edition", [])), dict(p.get("relays", {})))
                 for p in _table()["publishers"])


@cache
def known_outlet(name: str | None) -> Outlet | None:
    """The outlet-table entry a name (an outlet string, a dateline's source) stands for."""
    if not name:
        return None
    for o in _outlets():
        if any(p.fullmatch(name.strip()) or (p.search(name) and len(name) <= 60) for p in o.names):
            return o
    return None


@cache
def _host_outlet(uri: str | None) -> Outlet | None:
    host = (urlsplit(uri).hostname or "").lower() if uri and "://" in uri else ""
    if not host:
        return None
    for o in _outlets():
        if any(host == h or host.endswith("." + h) for h in o.hosts):
            return o
    return None


def document_class(outlet: str | None, source_uri: str | None, text: str | None = None,
                   extra: dict[str, Any] | None = None) -> tuple[str, str]:
    """(class, reason) of a document: the user's override, else the outlet table (by outlet, by
    URL host, by a phrase of the text), else a cue of the text, else unknown (classed blog)."""
    extra = extra or {}
    if extra.get("source_class_user"):
        return normalise_class(str(extra["source_class_user"])), "set by the user"
    o = known_outlet(outlet) or _host_outlet(source_uri)
    if o is None and text:
        o = next((x for x in _outlets() if any(t in text for t in x.text)), None)
    if o is not None:
        return o.source_class, f"{o.name}: {o.reason}"
    if extra.get("source_class"):  # read from the text when the document was stored
        return normalise_class(str(extra["source_class"])), str(extra.get("source_class_reason") or "from the text")
    for cue in _table()["text_cues"] if text else []:
        if re.search(cue["pattern"], text or "", re.M):
            return normalise_class(cue["class"]), str(cue["reason"])
    return "blog", "outlet unknown" if not outlet else f"{outlet}: not in the outlet table"


def normalise_publisher(name: str | None, indicator: str | None = None) -> str | None:
    """One name per publisher ("Stanford HAI (AI Index / Global Vibrancy Tool 2024)" and "Stanford
    HAI AI Index" are one); for an indicator a publisher reprints, the data's own publisher."""
    if not name:
        return None
    for p in _publishers():
        if any(a.search(name) for a in p.aliases):
            return p.relays.get(indicator or "", p.name)
    return " ".join(name.split())


def publisher_class(name: str | None) -> str | None:
    p = next((p for p in _publishers() if name and any(a.search(name) for a in p.aliases)), None)
    return p.source_class if p else None


_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?!\d)")


def edition_key(text: str | None) -> str | None:
    """The edition a vintage or report title names, as a sortable date: "AI Index Report 2025" ->
    "2025", "snapshot 2026-01-26" -> "2026-01-26", "Talent Tracker 2.0" -> "2.0"."""
    if not text:
        return None
    m = _DATE.search(text)
    if m:
        y, mo, d = m.groups()
        return y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if mo and d else "")
    m = re.search(r"(?<![\d.])(\d\.\d)(?![\d.])", text)
    return m.group(1) if m else None


@cache
def _any_cite() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{c.pattern})" for p in _publishers() for c in p.cite))


_TITLED_REPORT = re.compile(r"《\s*(?P<year>(?:19|20)\d\d)\s*(?:年)?\s*(?P<title>[^》]{2,40})》")


def cited_primary(quote: str | None, indicator: str | None = None) -> tuple[str | None, str | None]:
    """(publisher, edition) a quote relays: a primary publisher it names ("根据MacroPolo的分析",
    "according to the AI Index 2024"), or a report it titles with a year (《2024世界人工智能法治蓝皮书》)."""
    if not quote or not (_any_cite().search(quote) or "《" in quote):  # one pass for the common case
        return None, None
    for p in _publishers():
        if any(c.search(quote) for c in p.cite):
            ed = next((m.group("year") for e in p.edition if (m := e.search(quote))), None)
            return p.relays.get(indicator or "", p.name), ed
    m = _TITLED_REPORT.search(quote)
    if m:
        return " ".join(m.group("title").split()), m.group("year")
    return None, None


def row_reliability(source_class: str | None, publisher: str | None, source: str) -> dict[str, Any]:
    """The reliability summary of a figure read from one dataset row (a best-model score)."""
    info = class_info(source_class)
    flags = [f"rests on one low-reliability source ({info.label}: {publisher or source})"] if info.tier == "low" else []
    return {"class": info.id, "tier": info.tier, "label": info.label, "reason": f"dataset row ({publisher or source})",
            "n_independent": 1, "classes": {info.id: 1}, "independent_sources": [normalise_publisher(publisher) or source],
            "chains": [], "revisions": [], "set_aside": [], "flags": flags}
