"""notices: what was posted, kept as posted (issue 14 item 3)

One row per notice started from now on (persistence/models_notices.py). Notices started before this
revision have none: their reprint says it was remade from the data as it is now, not the original.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_snapshots",
        sa.Column("notice_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=60), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("posted_by", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["notice_id"], ["notices.id"], name=op.f("fk_notice_snapshots_notice_id_notices")),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_notice_snapshots_origin_office_id_offices")),
        sa.ForeignKeyConstraint(["posted_by"], ["users.id"], name=op.f("fk_notice_snapshots_posted_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_snapshots")),
        sa.UniqueConstraint("notice_id", name=op.f("uq_notice_snapshots_notice_id")),
    )
    with op.batch_alter_table("notice_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_snapshots_origin_office_id"), ["origin_office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notice_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_snapshots_origin_office_id"))
    op.drop_table("notice_snapshots")
