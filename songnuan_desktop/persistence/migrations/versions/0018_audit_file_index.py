"""audit file index: a worker file's audit entries found by index, not by scanning JSON (issue 17)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

The index is derived from the entries (it is outside the hash chain): the upgrade fills it from the
existing log — the file's own entries by entity_id, a member's/cause's/income item's/exclusion's/
attachment's by the worker_file_id its values carry, and an update that logged only what changed by
the file its row was created under.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

FILE_TABLE = "worker_files"
CHILD_TABLES = ("household_members", "hardship_causes", "income_items", "attachments", "file_exclusions")
BATCH = 5_000


def upgrade() -> None:
    op.create_table(
        "audit_file_index",
        sa.Column("file_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("file_id", "seq", name=op.f("pk_audit_file_index")),
    )
    conn = op.get_bind()
    log = sa.table("audit_log", sa.column("seq", sa.Integer()), sa.column("entity", sa.String()),
                   sa.column("entity_id", sa.String()), sa.column("before_json", sa.Text()),
                   sa.column("after_json", sa.Text()))
    index = sa.table("audit_file_index", sa.column("file_id", sa.Uuid()), sa.column("seq", sa.Integer()))
    owners: dict[tuple[str, str], uuid.UUID] = {}
    rows: list[dict[str, Any]] = []
    found = conn.execute(sa.select(log.c.seq, log.c.entity, log.c.entity_id, log.c.before_json, log.c.after_json)
                         .where(log.c.entity.in_((FILE_TABLE, *CHILD_TABLES))).order_by(log.c.seq))
    for seq, entity, entity_id, before, after in found:
        owner = _owner(entity, entity_id, before, after, owners)
        if owner is None:
            continue
        rows.append({"file_id": owner, "seq": seq})
        if len(rows) >= BATCH:
            conn.execute(sa.insert(index), rows)
            rows = []
    if rows:
        conn.execute(sa.insert(index), rows)


def _owner(entity: str, entity_id: str, before: str, after: str,
           owners: dict[tuple[str, str], uuid.UUID]) -> uuid.UUID | None:
    value: Any = entity_id if entity == FILE_TABLE else None
    if value is None:
        for text in (after, before):
            if text and '"worker_file_id"' in text:
                data = json.loads(text)
                value = data.get("worker_file_id") if isinstance(data, dict) else None
                if value:
                    break
    try:
        owner = uuid.UUID(str(value)) if value else owners.get((entity, entity_id))
    except ValueError:
        owner = None
    if owner is not None and entity != FILE_TABLE:
        owners[(entity, entity_id)] = owner
    return owner


def downgrade() -> None:
    op.drop_table("audit_file_index")
