"""store: aigap's database (SQLite by default, PostgreSQL for teams), schema and migrations."""

from __future__ import annotations

from .bulk import DocumentRefused, NewDocument, SeenDocument, input_hash
from .engine import create_engine, current_revision, head_revision, upgrade
from .repository import AddResult, ClaimFilter, Counts, Store

__all__ = [
    "AddResult",
    "ClaimFilter",
    "Counts",
    "DocumentRefused",
    "NewDocument",
    "SeenDocument",
    "Store",
    "create_engine",
    "current_revision",
    "head_revision",
    "input_hash",
    "upgrade",
]
