"""visit quotas: households to visit per visit group or per leader in a campaign (issue 16 item 5)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06

The seeds ask "每个联系点走访不少于4户"; the schema has no contact points, so the quota counts per visit
group (慰问组) or per its leader (带队领导). One row per campaign; a campaign without a row has no quota.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_quotas",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("per", sa.String(length=10), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_visit_quotas_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f("fk_visit_quotas_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_quotas")),
        sa.UniqueConstraint("campaign_id", name=op.f("uq_visit_quotas_campaign_id")),
    )
    with op.batch_alter_table("visit_quotas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_quotas_origin_office_id"), ["origin_office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visit_quotas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_quotas_origin_office_id"))
    op.drop_table("visit_quotas")
