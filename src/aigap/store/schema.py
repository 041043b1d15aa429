"""The database schema (SQLAlchemy Core). Alembic migrations in ``migrations/`` create it.

A change here needs a new migration in ``migrations/versions`` (test_schema_matches_migrations
fails otherwise).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "audit_log",
    "claims",
    "corrections",
    "datasets",
    "document_links",
    "document_sources",
    "documents",
    "metadata",
    "observations",
    "runs",
    "users",
]

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(255), nullable=False, index=True),
    Column("source_uri", Text, nullable=False),
    Column("final_uri", Text),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("published", String(32)),
    Column("language", String(16)),
    Column("script", String(8)),
    Column("media_type", String(64)),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary),
    Column("furniture", JSON),
    Column("status", String(16), nullable=False, default="stored"),
    Column("error", Text),
    Column("story_id", Integer, index=True),
    Column("extractor_version", String(32)),
    Column("extra", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # SHA-256 of the input file as read (its suffix and bytes): lets a parallel rerun skip a stored
    # file without parsing it. The content hash stays the document's identity.
    Column("input_hash", String(64)),
    Index("ix_documents_input_hash", "input_hash"),
    Index("ix_documents_language", "language"),
)

# Every place a document was seen: the first URI and each exact duplicate's.
document_sources = Table(
    "document_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("uri", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document_id", "uri", name="uq_document_sources_uri"),
)

# Near duplicates and translation pairs: linked, never merged.
document_links = Table(
    "document_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("a_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("b_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),  # near_duplicate | translation
    Column("score", Float),
    UniqueConstraint("a_id", "b_id", "kind", name="uq_document_links"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("number_text", Text, nullable=False),
    Column("quote", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("value_high", Float),
    Column("qualifier", String(16), nullable=False),
    Column("unit", String(64), nullable=False),
    Column("subject", String(16)),
    Column("entity", Text),
    Column("metric", String(64), nullable=False),
    Column("aspect", String(16), nullable=False),
    Column("period", String(32)),
    Column("extractor_version", String(32), nullable=False),
    Column("confidence", Float),
    Column("note", Text),
    # The explorer filters on one column and pages by id (WHERE metric = ? AND id > ? ORDER BY id
    # LIMIT n): (column, id) indexes answer that from the index at any table size.
    Index("ix_claims_document_start", "document_id", "start"),
    Index("ix_claims_metric_id", "metric", "id"),
    Index("ix_claims_subject_id", "subject", "id"),
    # A pillar and a country: one (metric, subject, id) range per indicator of the pillar, merged.
    Index("ix_claims_metric_subject_id", "metric", "subject", "id"),
    # Periods are filtered by prefix (LIKE '2024%'); pattern ops make that an index range on any collation.
    Index("ix_claims_period", "period", postgresql_ops={"period": "varchar_pattern_ops"}),
)

datasets = Table(
    "datasets",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("title", Text, nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("licence", Text),
    Column("attribution", Text),
    Column("vintage", String(32)),
    Column("content_hash", String(64), nullable=False),
    Column("kind", String(32), nullable=False, default="reference"),
    Column("descriptor", JSON),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", String(128), ForeignKey("datasets.id", ondelete="CASCADE")),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE")),
    Column("indicator", String(64), nullable=False),
    Column("country", String(16), nullable=False),
    Column("period", String(32)),  # "2023", "2024-08", "2024-H1", "FY2024" or a date "2024-05-13"
    Column("aspect", String(16), nullable=False, default="level"),
    Column("measure", Text),  # what a model-level row scores on: "eci", "gpqa_diamond", "arena_elo"
    Column("entity", Text),  # the model or organisation a row is about
    Column("value", Float, nullable=False),
    Column("low", Float),
    Column("high", Float),
    # The publisher's own uncertainty label for the row (Epoch's "Confident"/"Likely"/"Speculative");
    # reconcile/uncertainty.yaml turns it into an interval when the row gives no bounds.
    Column("uncertainty", Text),
    Column("unit", String(64), nullable=False),
    Column("source_class", String(32), nullable=False, default="reference"),
    Column("source", Text),  # publisher / source organisation
    Column("vintage", Text),
    Column("row_locator", Text),  # e.g. "epoch_notable_ai_models_2026-01-26.csv#row=12"
    Column("rule", Text),  # derivation rule, e.g. attribution "any-org"
    Column("note", Text),
    Index("ix_observations_key", "indicator", "country", "period"),
    Index("ix_observations_dataset", "dataset_id"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False, default="running"),
    Column("counts", JSON),
    Column("errors", JSON),
)


# -- review (migration 0005): analysts' corrections over the extractor's claims, users, audit ------

# People who read, review or administer; tokens are kept as SHA-256 digests only.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # reader | reviewer | admin
    Column("token_hash", String(64), unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A correction names the characters it is about (document, start, end): claim ids change when a
# document is re-extracted, its characters do not. ``original`` keeps the machine values it replaced.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("claim_id", Integer),  # the claim it applies to now (no FK: re-extraction replaces rows)
    Column("action", String(8), nullable=False),  # fix | reject | add | accept
    Column("fields", JSON),
    Column("original", JSON),
    Column("user", String(64), nullable=False),
    Column("why", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(8), nullable=False, default="active"),  # active | stale
    Index("ix_corrections_document_span", "document_id", "start", "end"),
    Index("ix_corrections_claim", "claim_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("target", Text),
    Column("detail", JSON),
    Column("via", String(8), nullable=False),  # cli | api
)
