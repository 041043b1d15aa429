"""claims: (metric, subject, id) index for explorer pages filtered by pillar and country

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 03:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_metric_subject_id", ["metric", "subject", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_metric_subject_id")
