"""spot-checks of paid households

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _exchanged() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "spot_checks",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("drawn_by", sa.Uuid(), nullable=True),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_exchanged(),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_spot_checks_office_id_offices")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_spot_checks_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["drawn_by"], ["users.id"], name=op.f("fk_spot_checks_drawn_by_users")),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_spot_checks_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_checks")),
    )
    with op.batch_alter_table("spot_checks", schema=None) as batch_op:
        for column in ("office_id", "campaign_id", "origin_office_id"):
            batch_op.create_index(batch_op.f(f"ix_spot_checks_{column}"), [column], unique=False)
    op.create_table(
        "spot_check_entries",
        sa.Column("spot_check_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("checked_by", sa.String(length=60), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        *_exchanged(),
        sa.ForeignKeyConstraint(["spot_check_id"], ["spot_checks.id"],
                                name=op.f("fk_spot_check_entries_spot_check_id_spot_checks")),
        sa.ForeignKeyConstraint(["item_id"], ["assistance_items.id"],
                                name=op.f("fk_spot_check_entries_item_id_assistance_items")),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_spot_check_entries_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_check_entries")),
        sa.UniqueConstraint("spot_check_id", "item_id", name=op.f("uq_spot_check_entries_spot_check_id_item_id")),
    )
    with op.batch_alter_table("spot_check_entries", schema=None) as batch_op:
        for column in ("spot_check_id", "item_id", "origin_office_id"):
            batch_op.create_index(batch_op.f(f"ix_spot_check_entries_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("spot_check_entries")
    op.drop_table("spot_checks")
