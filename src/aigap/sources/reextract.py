"""Re-extraction: documents extracted by another extractor version get fresh claims, atomically."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from aigap.extract import EXTRACTOR_VERSION, extract_claims
from aigap.store import Store
from aigap.store import schema as t

__all__ = ["reextract_stale"]


def reextract_stale(store: Store, *, force: bool = False, progress: Callable[[int], None] | None = None) -> int:
    """Re-extract every document whose claims came from an older extractor (all with ``force``);
    each document's claims are swapped in one transaction. Returns how many were re-extracted."""
    q = sa.select(t.documents.c.id, t.documents.c.doc_id, t.documents.c.text, t.documents.c.published,
                  t.documents.c.language, t.documents.c.furniture)
    if not force:
        q = q.where(sa.or_(t.documents.c.extractor_version.is_(None),
                           t.documents.c.extractor_version != EXTRACTOR_VERSION))
    with store.engine.connect() as conn:
        rows = conn.execute(q.order_by(t.documents.c.id)).all()
    if not rows:
        return 0
    # Recorded as a run like an ingestion: its provenance, and the end a serving app's cache watches
    # for (new claim rows may reuse the ids of those they replace).
    run_id = store.start_run(f"reextract {len(rows)} documents with extractor {EXTRACTOR_VERSION}")
    claims_written = 0
    for r in rows:
        skip = [(int(a), int(b)) for a, b in (r.furniture or [])]
        claims = extract_claims(r.text, r.doc_id, published=r.published, language=r.language, skip=skip)
        claims_written += store.replace_claims(r.id, claims, EXTRACTOR_VERSION)
        if progress:
            progress(1)
    store.finish_run(run_id, {"reextracted": len(rows), "claims": claims_written}, status="ok")
    return len(rows)
