"""one live voucher per item

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A voided voucher keeps its row and number; only the vouchers still in force must be one per item.
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.create_index("uq_vouchers_item_live", ["item_id"], unique=True,
                              sqlite_where=sa.text("voided_at IS NULL"),
                              postgresql_where=sa.text("voided_at IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.drop_index("uq_vouchers_item_live", sqlite_where=sa.text("voided_at IS NULL"),
                            postgresql_where=sa.text("voided_at IS NULL"))
