"""goods: gifts in kind (慰问品) per campaign and item, with a stock (issue 16 item 3)

Three new tables (persistence/models_goods.py): goods_kinds (a campaign's kinds: name, unit, unit value),
goods_lines (the goods of an item), goods_receipts (quantities received into a campaign's stock). Nothing
before this revision had goods: the tables start empty.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

def _common(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("origin_office_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["origin_office_id"], ["offices.id"],
                                name=op.f(f"fk_{table}_origin_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "goods_kinds",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("unit_value_fen", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_common("goods_kinds"),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_goods_kinds_campaign_id_campaigns")),
        sa.UniqueConstraint("campaign_id", "name", name=op.f("uq_goods_kinds_campaign_id_name")),
    )
    op.create_index(op.f("ix_goods_kinds_campaign_id"), "goods_kinds", ["campaign_id"], unique=False)
    op.create_index(op.f("ix_goods_kinds_origin_office_id"), "goods_kinds", ["origin_office_id"], unique=False)
    op.create_table(
        "goods_receipts",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("kind_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_from", sa.String(length=100), nullable=False),
        sa.Column("handled_by", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=False),
        *_common("goods_receipts"),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_goods_receipts_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["kind_id"], ["goods_kinds.id"], name=op.f("fk_goods_receipts_kind_id_goods_kinds")),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name=op.f("fk_goods_receipts_recorded_by_users")),
    )
    op.create_index(op.f("ix_goods_receipts_campaign_id"), "goods_receipts", ["campaign_id"], unique=False)
    op.create_index(op.f("ix_goods_receipts_kind_id"), "goods_receipts", ["kind_id"], unique=False)
    op.create_index(op.f("ix_goods_receipts_origin_office_id"), "goods_receipts", ["origin_office_id"], unique=False)
    op.create_table(
        "goods_lines",
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("kind_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        *_common("goods_lines"),
        sa.ForeignKeyConstraint(["item_id"], ["assistance_items.id"],
                                name=op.f("fk_goods_lines_item_id_assistance_items")),
        sa.ForeignKeyConstraint(["kind_id"], ["goods_kinds.id"], name=op.f("fk_goods_lines_kind_id_goods_kinds")),
        sa.UniqueConstraint("item_id", "kind_id", name=op.f("uq_goods_lines_item_id_kind_id")),
    )
    op.create_index(op.f("ix_goods_lines_item_id"), "goods_lines", ["item_id"], unique=False)
    op.create_index(op.f("ix_goods_lines_kind_id"), "goods_lines", ["kind_id"], unique=False)
    op.create_index(op.f("ix_goods_lines_origin_office_id"), "goods_lines", ["origin_office_id"], unique=False)


def downgrade() -> None:
    for table, columns in (("goods_lines", ("origin_office_id", "kind_id", "item_id")),
                           ("goods_receipts", ("origin_office_id", "kind_id", "campaign_id")),
                           ("goods_kinds", ("origin_office_id", "campaign_id"))):
        for column in columns:
            op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        op.drop_table(table)
