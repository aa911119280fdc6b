"""users: one-time passwords that must be changed at first sign-in

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Users already there chose or were given their password before this rule: false for them (server_default
    # fills the existing rows). A plain ADD COLUMN, not a batch copy: many tables refer to users, and dropping
    # the old table would break their keys.
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(),
                                     nullable=False))


def downgrade() -> None:
    op.drop_column("users", "must_change_password")
