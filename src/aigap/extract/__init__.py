"""extract: every quantitative claim in a document's text, as ``spec/claims.md`` records.

Public API: ``extract_claims(text, doc_id, ...) -> list[Claim]`` and ``EXTRACTOR_VERSION``.
"""

from __future__ import annotations

from .pipeline import EXTRACTOR_VERSION, extract_claims

__all__ = ["EXTRACTOR_VERSION", "extract_claims"]
