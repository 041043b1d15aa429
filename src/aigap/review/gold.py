"""Corrections become evaluation data: reviewed claims as gold JSON Lines (``spec/claims.md``)."""

from __future__ import annotations

from typing import Any

from aigap.extract.evaluate import EvalResult, score
from aigap.records import CLAIM_FIELDS
from aigap.store import ClaimFilter, Store

__all__ = ["export_gold", "gold_index", "gold_texts", "score_stored"]


def export_gold(store: Store) -> list[dict[str, Any]]:
    """Every claim an analyst accepted, fixed or added, as it stands now, in the spec's fields (with
    start/end). Rejected claims are left out: the gold format lists claims, and a missing prediction
    is what a rejection says."""
    marks = store.review.marks()
    if not marks:
        return []
    claims = store.claims(ClaimFilter(ids=sorted(marks)))
    rows = []
    for c in sorted(claims, key=lambda c: (c.claim.doc, c.claim.start, c.id)):
        j = c.claim.to_json()
        rows.append({k: j[k] for k in CLAIM_FIELDS})
    return rows


def gold_texts(store: Store, rows: list[dict[str, Any]]) -> dict[str, tuple[int, str, str | None]]:
    """doc id -> (document id, stored text, language) for the documents the gold rows name."""
    out: dict[str, tuple[int, str, str | None]] = {}
    for doc in sorted({r["doc"] for r in rows}):
        d = store.document(doc)
        out[doc] = (d.id, d.text or "", d.language)
    return out


def gold_index(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents behind an export, as an evaluation corpus's ``index.jsonl`` rows: doc id,
    publication date, language, and the characters analysts rejected (``rejected``: [start, end]
    pairs). The gold format lists claims only, so a rejection is said here, and documents whose
    only review is a rejection are listed too: retraining reads them as the extractor's mistakes."""
    rejected: dict[int, list[list[int]]] = {}
    for c in store.review.corrections(status="active"):
        if c.action == "reject":
            rejected.setdefault(c.document_id, []).append([c.start, c.end])
    keys: set[int | str] = {r["doc"] for r in rows} | set(rejected)
    out = {}
    for key in keys:
        d = store.document(key)
        out[d.doc_id] = {"doc_id": d.doc_id, "published": d.published, "lang": d.language,
                         "rejected": sorted(rejected.get(d.id, [])), "text": d.text or ""}
    return [out[k] for k in sorted(out)]


def score_stored(store: Store) -> EvalResult:
    """Score the current extractor on the stored texts of the reviewed documents against the reviewed
    claims. Precision counts every unreviewed prediction as a false alarm, so it is a floor unless
    every claim of those documents was reviewed."""
    from aigap.extract import extract_claims

    gold = export_gold(store)
    texts = gold_texts(store, gold)
    preds = []
    for doc, (pk, _, _) in texts.items():
        text, published, lang, skip = store.review.extraction_input(pk)
        preds.extend(extract_claims(text, doc, published=published, language=lang, skip=skip))
    return score(preds, gold, {d: v[1] for d, v in texts.items()}, {d: v[2] or "other" for d, v in texts.items()})
