"""What the pages and the API both show, computed once: claim pages, document views, and the
analyses (gap, trend, lag, conflicts) cached until the next write or for a minute."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa

from aigap.analyze import GapOptions, frontier_lag, gap, load_weights, parse_countries, trend
from aigap.errors import InputError
from aigap.indicators import catalogue
from aigap.reconcile import conflicts
from aigap.store import ClaimFilter, Store
from aigap.store import schema as t

__all__ = ["Cache", "ClaimQuery", "claims_page", "conflicts_json", "document_view", "gap_json", "lag_json",
           "trend_json"]

T = TypeVar("T")
PAGE_MAX = 500


class Cache:
    """Results keyed by their parameters; cleared on a write through the app, else kept ``ttl`` seconds."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._items: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[Any, threading.Lock] = {}

    def get(self, key: Any, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        hit = self._items.get(key)
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        with self._lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:  # one computation per key; concurrent requests wait for it
            hit = self._items.get(key)
            if hit and time.monotonic() - hit[0] < self.ttl:
                return hit[1]
            value = compute()
            self._items[key] = (time.monotonic(), value)
            return value

    def clear(self) -> None:
        self._items.clear()


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    indicator: str | None = None
    pillar: str | None = None
    country: str | None = None
    period: str | None = None
    source: str | None = None  # a document's doc_id
    language: str | None = None
    conflicting: bool = False
    after: int | None = None
    limit: int = 50

    def filter(self, conflict_ids: set[int] | None) -> ClaimFilter:
        cat = catalogue()
        if self.pillar and self.pillar not in cat.pillars:
            raise InputError(f"pillar {self.pillar!r}: unknown; pillars are {', '.join(cat.pillars)}")
        if self.indicator and self.indicator not in cat.indicators:
            raise InputError(f"indicator {self.indicator!r}: unknown (see /api/indicators)")
        indicators = [i.id for i in cat.in_pillar(self.pillar)] if self.pillar else None
        ids = sorted(conflict_ids) if self.conflicting and conflict_ids is not None else None
        return ClaimFilter(indicator=self.indicator, indicators=indicators, country=self.country.upper() if self.country else None,
                           period=self.period, doc_id=self.source, language=self.language, ids=ids,
                           limit=min(max(self.limit, 1), PAGE_MAX), after_id=self.after if self.after is not None else 0)


def conflicts_json(store: Store, cache: Cache) -> list[dict[str, Any]]:
    def compute() -> list[dict[str, Any]]:
        return [c.to_json() for c in conflicts(store)]

    return cache.get(("conflicts",), compute)


def _conflict_claim_ids(store: Store, cache: Cache) -> set[int]:
    ids = set()
    for c in conflicts_json(store, cache):
        for f in c["figures"]:
            if str(f["source"]).startswith("claim:"):
                ids.add(int(f["source"].split(":", 1)[1]))
    return ids


@dataclass(slots=True)
class ClaimsPage:
    rows: list[dict[str, Any]]
    next_after: int | None
    query: ClaimQuery


def _doc_summaries(store: Store, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Title, language, date and outlet of a page's documents, in one query (not one per row)."""
    if not ids:
        return {}
    d = t.documents
    q = sa.select(d.c.id, d.c.title, d.c.language, d.c.published, d.c.outlet).where(d.c.id.in_(sorted(ids)))
    with store.engine.connect() as conn:
        return {r.id: dict(r._mapping) for r in conn.execute(q)}


def claims_page(store: Store, q: ClaimQuery, cache: Cache) -> ClaimsPage:
    f = q.filter(_conflict_claim_ids(store, cache) if q.conflicting else None)
    found = store.claims(f)
    docs = _doc_summaries(store, {c.document_id for c in found})
    rows = []
    for c in found:
        d = docs.get(c.document_id, {})
        j = c.claim.to_json()
        j.update({"id": c.id, "document_id": c.document_id, "doc_title": d.get("title"),
                  "doc_language": d.get("language"), "published": d.get("published"), "outlet": d.get("outlet")})
        rows.append(j)
    nxt = found[-1].id if len(found) == f.limit else None
    return ClaimsPage(rows, nxt, q)


def document_view(store: Store, key: int) -> dict[str, Any]:
    """The document, its claims, and its text cut into segments so each claim is marked in place."""
    d = store.document(key)
    text = d.text or ""
    found = store.claims(ClaimFilter(document_id=d.id))
    segments: list[tuple[str, int | None]] = []
    pos = 0
    for c in sorted(found, key=lambda c: (c.claim.start, c.claim.end)):
        s, e = c.claim.start, c.claim.end
        if s < pos or e > len(text):
            continue  # overlapping or out-of-range spans are listed, not marked
        segments.append((text[pos:s], None))
        segments.append((text[s:e], c.id))
        pos = e
    segments.append((text[pos:], None))
    translations = []
    if d.story_id is not None:
        for other in store.documents():
            if other.story_id == d.story_id and other.id != d.id:
                translations.append({"id": other.id, "doc_id": other.doc_id, "title": other.title,
                                     "language": other.language})
    return {"doc": d, "claims": found, "segments": segments, "translations": translations}


def gap_json(store: Store, cache: Cache, *, countries: str | None = None, weights: str = "equal",
             pillar_weights: dict[str, float] | None = None, normalize: str = "ratio", per: str | None = None,
             draws: int = 1000, seed: int = 0) -> dict[str, Any]:
    if weights not in ("equal", "gaii"):
        raise InputError(f"weights {weights!r}: the API takes a preset (equal, gaii) and pillar weights")
    if draws > 20000:
        raise InputError(f"draws {draws}: at most 20,000 through the API")
    cs = parse_countries(countries)
    pw = tuple(sorted((pillar_weights or {}).items()))
    key = ("gap", cs, weights, pw, normalize, per, draws, seed)

    def compute() -> dict[str, Any]:
        opts = GapOptions(countries=cs, weights=load_weights(weights, dict(pw) or None), normalize=normalize,
                          per=per, draws=draws, seed=seed)
        return gap(store, opts).to_json()

    return cache.get(key, compute)


def trend_json(store: Store, cache: Cache, indicator: str, countries: str | None = None) -> dict[str, Any]:
    cs = parse_countries(countries)
    return cache.get(("trend", indicator, cs), lambda: trend(store, indicator, cs).to_json())


def lag_json(store: Store, cache: Cache, benchmark: str | None = None, countries: str | None = None) -> dict[str, Any]:
    cs = parse_countries(countries)

    def compute() -> dict[str, Any]:
        return {"countries": list(cs[:2]),
                "benchmarks": [b.to_json() for b in frontier_lag(store, benchmark, (cs[0], cs[1]))]}

    return cache.get(("lag", benchmark, cs), compute)
