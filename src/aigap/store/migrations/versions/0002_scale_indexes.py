"""scale: input hash, indexes for the claims explorer and evidence at 10 million claims

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("input_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_documents_input_hash", ["input_hash"], unique=False)
        batch_op.create_index("ix_documents_language", ["language"], unique=False)

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_metric_subject")
        batch_op.drop_index("ix_claims_document")
        batch_op.create_index("ix_claims_document_start", ["document_id", "start"], unique=False)
        batch_op.create_index("ix_claims_metric_id", ["metric", "id"], unique=False)
        batch_op.create_index("ix_claims_subject_id", ["subject", "id"], unique=False)
        batch_op.create_index(
            "ix_claims_period", ["period"], unique=False, postgresql_ops={"period": "varchar_pattern_ops"}
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_period")
        batch_op.drop_index("ix_claims_subject_id")
        batch_op.drop_index("ix_claims_metric_id")
        batch_op.drop_index("ix_claims_document_start")
        batch_op.create_index("ix_claims_document", ["document_id"], unique=False)
        batch_op.create_index("ix_claims_metric_subject", ["metric", "subject", "period"], unique=False)

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_language")
        batch_op.drop_index("ix_documents_input_hash")
        batch_op.drop_column("input_hash")
