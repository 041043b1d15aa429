"""Footnotes: every figure in a briefing leads back to a stored claim or a dataset row.

A source label is what the analysis carries with each figure: ``claim:<id>`` or
``dataset:<id>#<row locator>``. ``Citations`` numbers them in order of first use and then resolves
them all against the store in a few queries: claims through the evidence of their indicator (so a
currency conversion is explained as the analysis made it), dataset rows through the observations
of their dataset. A label that no longer resolves is said so in its footnote rather than dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aigap.errors import NotFound
from aigap.reconcile import Evidence, claim_evidence
from aigap.store import Store

__all__ = ["Citations", "Footnote", "safe_url", "split_label"]


def split_label(label: str) -> tuple[str, str, str]:
    """("claim", id, "") or ("dataset", dataset id, row locator)."""
    kind, _, rest = label.partition(":")
    if kind == "dataset":
        did, _, loc = rest.partition("#")
        return kind, did, loc
    return kind, rest, ""


def safe_url(url: str | None) -> str | None:
    """Only web links become links: a document's file path or a ``javascript:`` URI never does."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and not any(c in u for c in " \n\r\t") else None


@dataclass(slots=True)
class Footnote:
    n: int
    source: str  # the label, as stored: claim:<id> or dataset:<id>#<locator>
    kind: str  # claim | dataset
    resolved: bool = False
    quote: str | None = None  # the claim's sentence, or what the dataset row says
    title: str | None = None  # the document's or the dataset's title
    outlet: str | None = None  # the document's outlet or the row's publisher
    date: str | None = None  # publication date or vintage
    url: str | None = None  # a web link, when there is one
    locator: str | None = None  # where in the document (characters) or the dataset (row)
    note: str | None = None  # a currency conversion, an attribution rule
    doc_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Citations:
    """Footnote numbers by first use; ``resolve`` fills them from the store."""

    notes: dict[str, Footnote] = field(default_factory=dict)
    lang: str = "en"  # the language of what resolve adds (an analyst's review)
    _indicator: dict[str, str] = field(default_factory=dict)
    _evidence: dict[str, Evidence] = field(default_factory=dict)

    def cite(self, label: str, *, indicator: str | None = None, evidence: Evidence | None = None) -> int:
        fn = self.notes.get(label)
        if fn is None:
            kind, _, _ = split_label(label)
            fn = self.notes[label] = Footnote(len(self.notes) + 1, label, kind)
        if indicator and label not in self._indicator:
            self._indicator[label] = indicator
        if evidence is not None:
            self._evidence[label] = evidence
        return fn.n

    def cite_all(self, labels: list[str], *, indicator: str | None = None) -> list[int]:
        return sorted({self.cite(s, indicator=indicator) for s in labels})

    def footnotes(self) -> list[Footnote]:
        return sorted(self.notes.values(), key=lambda f: f.n)

    # -- resolution ------------------------------------------------------------------------------

    def resolve(self, store: Store, *, attribution: str = "any-org") -> list[Footnote]:
        """``attribution``: the rule the analysis counted models by; a dataset row counted under several
        rules shares its locator, and the footnote shows the count the figure used."""
        self._resolve_claims(store)
        self._resolve_rows(store, attribution)
        return self.footnotes()

    def _resolve_claims(self, store: Store) -> None:
        wanted = {k: f for k, f in self.notes.items() if f.kind == "claim"}
        by_indicator: dict[str, list[str]] = defaultdict(list)
        for label in wanted:
            if label not in self._evidence and label in self._indicator:
                by_indicator[self._indicator[label]].append(label)
        for ind, labels in by_indicator.items():  # one indexed read per cited indicator
            found = {e.source: e for e in claim_evidence(store, indicator=ind)}
            for label in labels:
                if label in found:
                    self._evidence[label] = found[label]
        missing = [k for k in wanted if k not in self._evidence]
        if missing:  # a claim cited without its indicator: read it directly
            ids = [int(k.split(":", 1)[1]) for k in missing if k.split(":", 1)[1].isdigit()]
            for sc in store.claims(ids=ids) if ids else []:
                doc = store.document(sc.document_id, with_text=False)
                c = sc.claim
                self._evidence[f"claim:{sc.id}"] = Evidence(
                    indicator=c.metric, country=c.subject or "", period=c.period, aspect=c.aspect, value=c.value,
                    low=c.value, high=c.value, unit=c.unit, source_class="news", source=f"claim:{sc.id}",
                    publisher=doc.outlet, title=doc.title, published=doc.published, url=doc.source_uri,
                    quote=c.quote, number_text=c.number_text, doc_id=doc.doc_id, span=(c.start, c.end))
        cited = [int(k.split(":", 1)[1]) for k in wanted if k.split(":", 1)[1].isdigit()]
        marks = store.review.marks(cited)  # analysts' reviews: the footnote says who and when
        for label, fn in wanted.items():
            e = self._evidence.get(label)
            if e is None:
                continue
            fn.resolved = True
            fn.quote, fn.title, fn.outlet, fn.date = e.quote, e.title, e.publisher, e.published
            fn.url, fn.doc_id, fn.note = e.url, e.doc_id, e.note
            mark = marks.get(int(label.split(":", 1)[1])) if label.split(":", 1)[1].isdigit() else None
            if mark is not None:
                fn.note = "; ".join(x for x in (fn.note, mark.said(self.lang)) if x)
            fn.locator = f"{e.span[0]}–{e.span[1]}" if e.span else None
            fn.extra = {"number_text": e.number_text, "claim_id": label.split(":", 1)[1]}
        # the language each quote is written in (a page marks the source's words as such)
        languages: dict[str, str | None] = {}
        for fn in wanted.values():
            if fn.resolved and fn.doc_id:
                if fn.doc_id not in languages:
                    try:
                        languages[fn.doc_id] = store.document(fn.doc_id, with_text=False).language
                    except NotFound:  # removed since: the quote stays, its language unknown
                        languages[fn.doc_id] = None
                fn.extra["language"] = languages[fn.doc_id]

    def _resolve_rows(self, store: Store, attribution: str) -> None:
        wanted = [f for f in self.notes.values() if f.kind == "dataset"]
        if not wanted:
            return
        meta = {d["id"]: d for d in store.datasets()}
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for fn in wanted:
            _, did, loc = split_label(fn.source)
            if did not in rows:  # one read per cited dataset
                index: dict[str, list[dict[str, Any]]] = defaultdict(list)
                for o in store.observations(dataset_id=did) if did in meta else []:
                    index[str(o["row_locator"])].append(o)
                rows[did] = index
            obs = rows[did].get(loc, [])
            if not obs:
                continue
            obs = [o for o in obs if o.get("rule") in (None, attribution)] or obs
            d = meta[did]
            first = obs[0]
            note = str(first.get("note") or "")
            fn.resolved = True
            fn.title = str(d.get("title") or did)
            fn.outlet = str(first.get("source") or d.get("source") or "") or None
            fn.date = str(first.get("vintage") or d.get("vintage") or "") or None
            fn.url = safe_url(note) or safe_url(d.get("url"))
            fn.locator = loc
            fn.note = None if note.startswith("http") else (note or None)
            fn.extra = {"dataset": did, "rows": [
                {"country": o["country"], "period": o["period"], "value": o["value"], "unit": o["unit"],
                 "indicator": o["indicator"], "entity": o.get("entity"), "measure": o.get("measure")}
                for o in obs[:4]]}
