"""Re-extraction: documents extracted by another extractor version get fresh claims, atomically."""

from __future__ import annotations

from collections.abc import Callable

from aigap.extract import EXTRACTOR_VERSION, extract_claims
from aigap.store import Store

from .lifecycle import recorded_run

__all__ = ["reextract_stale"]


def reextract_stale(store: Store, *, force: bool = False, progress: Callable[[int], None] | None = None) -> int:
    """Re-extract every document whose claims came from an older extractor (all with ``force``);
    each document's claims are swapped in one transaction. Returns how many were re-extracted."""
    rows = store.documents_to_reextract(None if force else EXTRACTOR_VERSION)
    if not rows:
        return 0
    done = {"reextracted": 0, "claims": 0}
    # Recorded as a run like an ingestion: its provenance, and the end a serving app's cache watches
    # for (new claim rows may reuse the ids of those they replace).
    with recorded_run(store, f"reextract {len(rows)} documents with extractor {EXTRACTOR_VERSION}",
                      lambda: (dict(done), []), lambda _run_id: None):
        for r in rows:
            claims = extract_claims(r.text, r.doc_id, published=r.published, language=r.language, skip=r.furniture)
            done["claims"] += store.replace_claims(r.id, claims, EXTRACTOR_VERSION)
            done["reextracted"] += 1
            if progress:
                progress(1)
    return len(rows)
