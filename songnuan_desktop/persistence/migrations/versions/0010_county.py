"""county exchange: townships' audit logs at the county, county flags, acknowledged attachments

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "township_audit_log",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=160), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "seq", name=op.f("pk_township_audit_log")),
    )
    op.create_table(
        "county_flags",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("by_username", sa.String(length=40), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_county_flags_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_county_flags")),
    )
    op.create_index(op.f("ix_county_flags_office_id"), "county_flags", ["office_id"])
    op.create_index(op.f("ix_county_flags_entity_id"), "county_flags", ["entity_id"])
    op.create_index(op.f("ix_county_flags_origin_office_id"), "county_flags", ["origin_office_id"])
    op.create_table(
        "county_receipts",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("package_sequence", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_county_receipts")),
    )


def downgrade() -> None:
    op.drop_table("county_receipts")
    op.drop_index(op.f("ix_county_flags_origin_office_id"), table_name="county_flags")
    op.drop_index(op.f("ix_county_flags_entity_id"), table_name="county_flags")
    op.drop_index(op.f("ix_county_flags_office_id"), table_name="county_flags")
    op.drop_table("county_flags")
    op.drop_table("township_audit_log")
