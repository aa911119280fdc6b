"""organisation: regions and retirement of 基层工会/工作单位/村

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 村/社区 are org_units of kind "village" (the kind column is wide enough); every kind may carry the
    # region code where it lies. server_default fills the rows already there. A plain ADD COLUMN, not a
    # batch copy: worker_files refer to org_units, and dropping the old table would break their keys.
    op.add_column("org_units", sa.Column("region_code", sa.String(length=12), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("org_units", "region_code")
