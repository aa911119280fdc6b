"""One worker file as the form shows it; numbers masked for roles that need not see them.

Showing the full numbers to such a role is allowed, but only through `reveal`, which writes who saw
which file's numbers into the audit log first (PIPL: every look at sensitive data is answerable).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.domain.ids import mask_card, mask_id, mask_phone
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files import worker_files

REVEAL_ACTION = "show_full_numbers"


@dataclass(frozen=True)
class FileDetail:
    id: uuid.UUID
    file_no: str
    status: str
    row_version: int
    sex: str
    birth_date: dt.date | None
    filed_date: dt.date | None
    reviewed_date: dt.date | None
    exit_date: dt.date | None
    exit_reason: str
    exit_note: str
    data: worker_files.FileInput
    masked: bool  # ID numbers, bank card and phone are shown masked


def sees_full_numbers(user: SessionUser) -> bool:
    return bool(user.roles & ROLES_SEEING_FULL_IDS)


def load(db: Database, user: SessionUser, file_id: uuid.UUID) -> FileDetail:
    """The file as the user may see it: masked numbers unless their role may see them."""
    detail = _read(db, user, file_id)
    return detail if sees_full_numbers(user) else _masked(detail)


def reveal(db: Database, user: SessionUser, file_id: uuid.UUID) -> FileDetail:
    """The file with full numbers; the look is written into the audit log (who, which file)."""
    detail = _read(db, user, file_id)
    with db.write(user.actor) as session:
        audit.append(session, user.actor, REVEAL_ACTION, "worker_files", str(file_id),
                     after={"file_no": detail.file_no, "name": detail.data.name})
    return detail


def _read(db: Database, user: SessionUser, file_id: uuid.UUID) -> FileDetail:
    with db.read() as session:
        row = session.scalar(
            select(WorkerFile).where(WorkerFile.id == file_id, WorkerFile.office_id == user.office_id)
            .options(selectinload(WorkerFile.members), selectinload(WorkerFile.causes),
                     selectinload(WorkerFile.incomes), selectinload(WorkerFile.exclusions))
        )
        if row is None or row.deleted:
            raise NotFound("worker_file", "找不到该档案，可能已被删除。", {"id": str(file_id)})
        return FileDetail(
            row.id, row.file_no, row.status, row.row_version, row.sex, row.birth_date, row.filed_date,
            row.reviewed_date, row.exit_date, row.exit_reason, row.exit_note, worker_files.input_of(row), masked=False,
        )


def _masked(detail: FileDetail) -> FileDetail:
    data = detail.data
    members = tuple(dataclasses.replace(m, id_number=mask_id(m.id_number)) for m in data.members)
    masked = dataclasses.replace(data, id_number=mask_id(data.id_number), bank_card=mask_card(data.bank_card),
                                 phone=mask_phone(data.phone), members=members)
    # The birth date is digits 7–14 of the ID: shown beside a masked ID it would give the number back.
    return dataclasses.replace(detail, data=masked, masked=True, birth_date=None)
