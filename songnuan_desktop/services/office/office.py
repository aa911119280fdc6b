"""Which office this database belongs to, and a summary for the status bar."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import LocalInfo, Office, User, WorkerFile
from songnuan_desktop.persistence.models_core import LOCAL_OFFICE_KEY



@dataclass(frozen=True)
class OfficeInfo:
    id: uuid.UUID
    name: str
    level: str
    region_code: str


@dataclass(frozen=True)
class OfficeSummary:
    office: OfficeInfo
    worker_files: int
    active_files: int
    users: int


def local_office_id(session: Session) -> uuid.UUID | None:
    value = session.get(LocalInfo, LOCAL_OFFICE_KEY)
    return uuid.UUID(value.value) if value else None


def needs_setup(db: Database) -> bool:
    """True until the setup wizard has created the office and its first administrator."""
    with db.read() as session:
        office_id = local_office_id(session)
        if office_id is None:
            return True
        return session.scalar(select(func.count()).select_from(User).where(User.office_id == office_id)) == 0


def local_office(db: Database) -> OfficeInfo:
    with db.read() as session:
        return _office_info(session)


def _office_info(session: Session) -> OfficeInfo:
    office_id = local_office_id(session)
    office = session.get(Office, office_id) if office_id else None
    if office is None:
        raise NotFound("no_office", "数据库中还没有本单位信息，请先完成初始设置。")
    return OfficeInfo(office.id, office.name, office.level, office.region_code)


def summary(db: Database) -> OfficeSummary:
    with db.read() as session:
        info = _office_info(session)
        files = select(func.count()).select_from(WorkerFile).where(WorkerFile.office_id == info.id)
        return OfficeSummary(
            office=info,
            worker_files=session.scalar(files) or 0,
            active_files=session.scalar(files.where(WorkerFile.status == "在档")) or 0,
            users=session.scalar(select(func.count()).select_from(User).where(User.office_id == info.id)) or 0,
        )
