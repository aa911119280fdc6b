"""standards by size: payment standards by household size band (issue 16 item 4)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: every existing standard (campaign_standards) stays as it was, one amount per tier.
    op.create_table(
        "campaign_standard_bands",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("min_persons", sa.Integer(), nullable=False),
        sa.Column("max_persons", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_campaign_standard_bands_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_campaign_standard_bands_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_standard_bands")),
        sa.UniqueConstraint("campaign_id", "item_kind", "tier", "min_persons",
                            name=op.f("uq_campaign_standard_bands_campaign_id_item_kind_tier_min_persons")),
    )
    with op.batch_alter_table("campaign_standard_bands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_standard_bands_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_standard_bands_origin_office_id"), ["origin_office_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("campaign_standard_bands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_standard_bands_origin_office_id"))
        batch_op.drop_index(batch_op.f("ix_campaign_standard_bands_campaign_id"))
    op.drop_table("campaign_standard_bands")
