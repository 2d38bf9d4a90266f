"""record deletions, so every process drops deleted records from its index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_deletions",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "id", name=op.f("pk_record_deletions")),
    )
    with op.batch_alter_table("record_deletions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_deletions_deleted_at"), ["deleted_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("record_deletions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_deletions_deleted_at"))
    op.drop_table("record_deletions")
