"""What the pages and the API both show, computed once: claim pages, document views, and the
analyses (gap, trend, lag, conflicts) cached until the data changes."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aigap.analyze import (
    Coverage,
    GapOptions,
    country_coverage,
    frontier_lag,
    gap,
    load_weights,
    parse_countries,
    trend,
)
from aigap.analyze.answer import GapAnswer
from aigap.errors import InputError
from aigap.indicators import catalogue
from aigap.reconcile import conflicts
from aigap.store import ClaimFilter, Counts, Store

__all__ = [
    "Analysis",
    "Answer",
    "Cache",
    "ClaimQuery",
    "answer",
    "claims_page",
    "conflicts_json",
    "country_coverage_of",
    "counts",
    "document_view",
    "encode",
    "gap_analysis",
    "gap_answer",
    "gap_json",
    "lag_analysis",
    "lag_json",
    "trend_analysis",
    "trend_json",
    "warm",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
_MISSING = object()
PAGE_MAX = 500


class Cache:
    """Results keyed by their parameters, kept while the store's data is unchanged.

    A write through the app drops every answer (the writer sees its change at once). A write from
    elsewhere (``aigap ingest`` beside the server) changes ``Store.revision()``, read at most once per
    ``check_every`` seconds; the answers of the previous revision are then served while a
    background thread computes the new one (stale while revalidating), so a bulk ingestion that
    changes the data every second does not make every visitor wait for a gap over 10 million
    claims. No timer expires an answer; the oldest go beyond ``max_items`` (every position of the
    weight sliders is an answer of its own).
    """

    def __init__(self, revision: Callable[[], Any] | None = None, *, check_every: float = 1.0,
                 max_items: int = 256) -> None:
        self._revision = revision
        self.check_every = check_every
        self.max_items = max_items
        self._seen: Any = None
        self._checked = float("-inf")
        self._generation = 0
        self._items: dict[Any, Any] = {}
        self._stale: dict[Any, Any] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[Any, threading.Lock] = {}

    def _check(self, *, now_please: bool = False) -> None:
        now = time.monotonic()
        if self._revision is None or (not now_please and now - self._checked < self.check_every):
            return
        self._checked = now
        rev = self._revision()
        if rev != self._seen:
            with self._lock:
                self._seen = rev
                self._generation += 1
                self._stale.update(self._items)
                while len(self._stale) > self.max_items:
                    self._stale.pop(next(iter(self._stale)))
                self._items = {}

    def _key_lock(self, key: Any) -> threading.Lock:
        with self._lock:
            if len(self._key_locks) > 4 * self.max_items:  # forget the locks of answers long dropped
                self._key_locks = {k: v for k, v in self._key_locks.items()
                                   if v.locked() or k in self._items or k in self._stale}
            return self._key_locks.setdefault(key, threading.Lock())

    def get(self, key: Any, compute: Callable[[], T], *, current: bool = False) -> T:
        """The answer for the data as last checked; after a change from elsewhere, the previous one
        while it is refreshed. ``current``: check the data's revision now and answer for it."""
        self._check(now_please=current)
        hit = self._hit(key)
        if hit is not _MISSING:
            fresh: T = hit
            return fresh
        lock = self._key_lock(key)
        stale = _MISSING if current else self._stale.get(key, _MISSING)  # read once: a refresh removes it
        if stale is not _MISSING:
            if lock.acquire(blocking=False):  # else a refresh of this key is already running
                threading.Thread(target=self._refresh, args=(key, compute, lock), daemon=True).start()
            previous: T = stale
            return previous
        with lock:  # one computation per key; concurrent requests wait for it
            hit = self._items.get(key, _MISSING)
            if hit is not _MISSING:
                again: T = hit
                return again
            generation = self._generation
            value = compute()
            self._store(key, value, generation)
            return value

    def _refresh(self, key: Any, compute: Callable[[], Any], lock: threading.Lock) -> None:
        try:
            generation = self._generation
            self._store(key, compute(), generation)
        except Exception:  # the previous answer stays; the next request tries again
            log.warning("refreshing %r failed", key, exc_info=True)
        finally:
            lock.release()

    def _store(self, key: Any, value: Any, generation: int) -> None:
        with self._lock:
            if generation == self._generation:
                self._items[key] = value
                self._stale.pop(key, None)
            else:  # the data changed while computing: newer than what was stale, not current
                self._stale[key] = value
            for d in (self._items, self._stale):
                while len(d) > self.max_items:
                    d.pop(next(iter(d)))  # the least recently used

    def peek(self, key: Any) -> Any | None:
        """The current answer if the revision was checked lately, else None, without touching the
        database: what the event loop may call without a thread."""
        if self._revision is not None and time.monotonic() - self._checked >= self.check_every:
            return None
        hit = self._hit(key)
        return None if hit is _MISSING else hit

    def _hit(self, key: Any) -> Any:
        """The current answer for ``key``, made the most recently used; or _MISSING."""
        with self._lock:
            hit = self._items.pop(key, _MISSING)
            if hit is not _MISSING:
                self._items[key] = hit
            return hit

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._items = {}
            self._stale = {}


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


def conflicts_json(store: Store, cache: Cache, lang: str = "en") -> list[dict[str, Any]]:
    """The conflicts, each figure with who reviewed its claim, said in ``lang`` (the API's is English)."""

    def compute() -> list[dict[str, Any]]:
        out = [c.to_json() for c in conflicts(store)]
        ids = {int(str(f["source"]).split(":", 1)[1]) for c in out for f in c["figures"]
               if str(f["source"]).startswith("claim:") and str(f["source"]).split(":", 1)[1].isdigit()}
        marks = store.review.marks(ids) if ids else {}
        for c in out:
            for f in c["figures"]:
                src = str(f["source"])
                mark = marks.get(int(src.split(":", 1)[1])) if src.startswith("claim:") and src[6:].isdigit() else None
                f["reviewed"] = mark.said(lang) if mark else None
        return out

    return cache.get(("conflicts", lang), compute)


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


def claims_page(store: Store, q: ClaimQuery, cache: Cache, lang: str = "en") -> ClaimsPage:
    f = q.filter(_conflict_claim_ids(store, cache) if q.conflicting else None)
    found = store.claims_with_documents(f)
    marks = store.review.marks([c.id for c, _ in found])
    rows = []
    for c, d in found:
        j = c.claim.to_json()
        j.update({"id": c.id, "document_id": c.document_id, "doc_title": d["title"], "doc_language": d["language"],
                  "published": d["published"], "outlet": d["outlet"]})
        j.update(review_json(marks.get(c.id), lang))
        rows.append(j)
    nxt = found[-1][0].id if len(found) == f.limit else None
    return ClaimsPage(rows, nxt, q)


def review_json(mark: Any, lang: str = "en") -> dict[str, Any]:
    """A claim's review, as API claim objects carry it: status and "reviewed by NAME on DATE" (said in
    ``lang`` on a page)."""
    if mark is None:
        return {"review_status": "unreviewed", "reviewed": None}
    return {"review_status": "reviewed" if mark.action == "accept" else "corrected", "reviewed": mark.said(lang)}


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
        for other in store.documents(story_id=d.story_id):
            if other.id != d.id:
                translations.append({"id": other.id, "doc_id": other.doc_id, "title": other.title,
                                     "language": other.language})
    return {"doc": d, "claims": found, "segments": segments, "translations": translations}


@dataclass(frozen=True, slots=True)
class Analysis:
    """An analysis asked for: its cache key and how to compute it."""

    key: tuple[Any, ...]
    compute: Callable[[Store], Any]


@dataclass(frozen=True, slots=True)
class Answer:
    """An analysis's result: the typed record (``record``; what Python readers read), its JSON
    (``data``; what templates get) and that JSON encoded once for every response that sends it."""

    data: Any
    body: bytes
    record: Any = None


def _default(o: Any) -> Any:
    if hasattr(o, "isoformat"):
        return o.isoformat()
    raise TypeError(f"{type(o).__name__} is not JSON serialisable")


def encode(obj: Any) -> bytes:
    """JSON as the API sends it (UTF-8, dates as ISO 8601, no NaN)."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_default, separators=(",", ":")).encode()


def answer(store: Store, cache: Cache, analysis: Analysis) -> Answer:
    def compute() -> Answer:
        result = analysis.compute(store)
        data = result.to_json() if hasattr(result, "to_json") else result
        return Answer(data, encode(data), result)

    return cache.get(analysis.key, compute)


def gap_analysis(*, countries: str | None = None, weights: str = "equal",
                 pillar_weights: dict[str, float] | None = None, normalize: str = "ratio", per: str | None = None,
                 draws: int = 1000, seed: int = 0) -> Analysis:
    if weights not in ("equal", "gaii"):
        raise InputError(f"weights {weights!r}: the API takes a preset (equal, gaii) and pillar weights")
    if draws > 20000:
        raise InputError(f"draws {draws}: at most 20,000 through the API")
    cs = parse_countries(countries)
    pw = tuple(sorted((pillar_weights or {}).items()))

    def compute(store: Store) -> GapAnswer:
        opts = GapOptions(countries=cs, weights=load_weights(weights, dict(pw) or None), normalize=normalize,
                          per=per, draws=draws, seed=seed)
        return gap(store, opts).answer()

    return Analysis(("gap", cs, weights, pw, normalize, per, draws, seed), compute)


def trend_analysis(indicator: str, countries: str | None = None) -> Analysis:
    cs = parse_countries(countries)
    return Analysis(("trend", indicator, cs), lambda store: trend(store, indicator, cs))


def lag_analysis(benchmark: str | None = None, countries: str | None = None) -> Analysis:
    cs = parse_countries(countries)

    def compute(store: Store) -> dict[str, Any]:
        return {"countries": list(cs[:2]),
                "benchmarks": [b.to_json() for b in frontier_lag(store, benchmark, (cs[0], cs[1]))]}

    return Analysis(("lag", benchmark, cs), compute)


def gap_json(store: Store, cache: Cache, **options: Any) -> dict[str, Any]:
    """``gap_analysis(**options)`` answered from the cache."""
    data: dict[str, Any] = answer(store, cache, gap_analysis(**options)).data
    return data


def gap_answer(store: Store, cache: Cache, **options: Any) -> GapAnswer:
    """The typed answer of ``gap_analysis(**options)``, from the cache."""
    rec: GapAnswer = answer(store, cache, gap_analysis(**options)).record
    return rec


def trend_json(store: Store, cache: Cache, indicator: str, countries: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = answer(store, cache, trend_analysis(indicator, countries)).data
    return data


def lag_json(store: Store, cache: Cache, benchmark: str | None = None, countries: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = answer(store, cache, lag_analysis(benchmark, countries)).data
    return data


def counts(store: Store, cache: Cache) -> Counts:
    """Documents, claims and observations, counted once per change of the data (a count over
    10 million rows takes seconds)."""
    return cache.get(("counts",), store.counts, current=True)  # a health check reports the present


def country_coverage_of(store: Store, cache: Cache) -> Coverage:
    """Every country with data and its coverage (the country picker), once per change of the data."""
    return cache.get(("country-coverage",), lambda: country_coverage(store))


def warm(open_store: Callable[[], Store], cache: Cache, stopping: threading.Event | None = None) -> None:
    """Compute what the dashboard shows first (the default gap, the frontier lag, the country picker) into ``cache``,
    step by step until ``stopping`` is set."""
    try:
        store = open_store()
        for step in (gap_json, lag_json, counts, country_coverage_of):
            if stopping is not None and stopping.is_set():
                return
            step(store, cache)
    except Exception:  # the same error reaches whoever asks for it, with its proper status
        log.warning("warming the dashboard's analyses failed", exc_info=True)
