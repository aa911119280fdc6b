"""eligibility facts: event date, medical self-paid costs, disaster loss, exclusion hits

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default fills the rows already there (NOT NULL on an existing table needs a value).
    with op.batch_alter_table("worker_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hardship_event_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("medical_selfpaid_fen", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("disaster_loss_fen", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "file_exclusions",
        sa.Column("worker_file_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_file_exclusions_origin_office_id_offices")),
        sa.ForeignKeyConstraint(["worker_file_id"], ["worker_files.id"],
                                name=op.f("fk_file_exclusions_worker_file_id_worker_files")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_exclusions")),
        sa.UniqueConstraint("worker_file_id", "key", name=op.f("uq_file_exclusions_worker_file_id_key")),
    )
    with op.batch_alter_table("file_exclusions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_file_exclusions_origin_office_id"), ["origin_office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_file_exclusions_worker_file_id"), ["worker_file_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("file_exclusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_file_exclusions_worker_file_id"))
        batch_op.drop_index(batch_op.f("ix_file_exclusions_origin_office_id"))
    op.drop_table("file_exclusions")
    with op.batch_alter_table("worker_files", schema=None) as batch_op:
        batch_op.drop_column("disaster_loss_fen")
        batch_op.drop_column("medical_selfpaid_fen")
        batch_op.drop_column("hardship_event_date")
