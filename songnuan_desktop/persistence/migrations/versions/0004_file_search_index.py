"""covering index for the file list filter

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = [
    "office_id", "deleted", "file_no", "name", "name_initials", "name_pinyin", "id_number", "work_unit_id",
    "category", "status",
]


def upgrade() -> None:
    with op.batch_alter_table("worker_files", schema=None) as batch_op:
        batch_op.create_index("ix_worker_files_search", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("worker_files", schema=None) as batch_op:
        batch_op.drop_index("ix_worker_files_search")
