"""payment standards per campaign

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A campaign created before this revision has no rows here: it is paid by the office's
    # standards in force on its start date (services.campaigns.campaigns.standards_of).
    op.create_table(
        "campaign_standards",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_campaign_standards_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_campaign_standards_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_standards")),
        sa.UniqueConstraint("campaign_id", "item_kind", "tier",
                            name=op.f("uq_campaign_standards_campaign_id_item_kind_tier")),
    )
    with op.batch_alter_table("campaign_standards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_standards_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_standards_origin_office_id"), ["origin_office_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("campaign_standards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_standards_origin_office_id"))
        batch_op.drop_index(batch_op.f("ix_campaign_standards_campaign_id"))
    op.drop_table("campaign_standards")
