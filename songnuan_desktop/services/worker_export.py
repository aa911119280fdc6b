"""Export the (filtered) worker files as the 登记表 .xlsx; every export is in the audit log."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.register_writer import write_register
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import HardshipCause, HouseholdMember, OrgUnit, WorkerFile
from songnuan_desktop.services import office
from songnuan_desktop.services.file_list import FileFilter, conditions_of
from songnuan_desktop.services.session_user import SessionUser

BATCH = 2_000
EXPORTED = (
    WorkerFile.id, WorkerFile.file_no, WorkerFile.name, WorkerFile.sex, WorkerFile.ethnicity, WorkerFile.birth_date,
    WorkerFile.id_number, WorkerFile.work_unit_id, WorkerFile.employment_status, WorkerFile.worker_type,
    WorkerFile.model_worker_level, WorkerFile.category, WorkerFile.monthly_income_fen, WorkerFile.phone,
    WorkerFile.address, WorkerFile.bank_name, WorkerFile.bank_card, WorkerFile.status, WorkerFile.filed_date,
    WorkerFile.reviewed_date,
)


@dataclass(frozen=True)
class ExportResult:
    files: int
    path: Path


def export_register(db: Database, by: SessionUser, flt: FileFilter, path: Path,
                    progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """The register holds full ID and card numbers: only roles that may see them may export it."""
    by.require(Role.CLERK, "导出困难职工登记表")
    if not Path(path).parent.is_dir():
        raise ValidationFailed("export_folder", f"保存位置不存在：{Path(path).parent}，请选择一个已有的文件夹。",
                               {"field": "path"})
    info = office.local_office(db)
    today = dt.date.today()
    with db.read() as session:
        where = conditions_of(flt, by.office_id, today)
        total = session.scalar(select(func.count()).select_from(WorkerFile).where(*where)) or 0
        rows = _rows(session, by, flt, today)
        subtitle = f"导出日期：{today:%Y年%m月%d日}　共 {total} 户　导出人：{by.display_name}"
        count = write_register(rows, Path(path), f"{info.name}困难职工登记表", subtitle, total, progress)
    with db.write(by.actor) as session:
        audit.append(session, by.actor, "export_register", "worker_files", "",
                     after={"files": count, "path": str(path), "filter": _described(flt)})
    return ExportResult(count, Path(path))


def _described(flt: FileFilter) -> dict[str, Any]:
    return {k: v for k, v in vars(flt).items() if v not in ("", None, False)} or {"all": True}


def _rows(session: Session, by: SessionUser, flt: FileFilter, today: dt.date) -> Iterator[dict[str, Any]]:
    units = dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.office_id == by.office_id)).all())
    where = conditions_of(flt, by.office_id, today)
    last = ""
    while True:
        batch = session.execute(select(*EXPORTED).where(*where, WorkerFile.file_no > last)
                                .order_by(WorkerFile.file_no).limit(BATCH)).all()
        if not batch:
            return
        ids = [r.id for r in batch]
        members, causes = _members(session, ids), _causes(session, ids)
        for r in batch:
            count, income = members.get(r.id, (0, 0))
            yield {
                **r._asdict(), "unit": units.get(r.work_unit_id, ""), "household_size": count + 1,
                "household_income_yuan": Decimal(r.monthly_income_fen + income).scaleb(-2),
                "causes": "、".join(causes[r.id]),
            }
        last = batch[-1].file_no


def _members(session: Session, ids: list[Any]) -> dict[Any, tuple[int, int]]:
    found = session.execute(
        select(HouseholdMember.worker_file_id, func.count(),
               func.coalesce(func.sum(HouseholdMember.monthly_income_fen), 0))
        .where(HouseholdMember.worker_file_id.in_(ids)).group_by(HouseholdMember.worker_file_id))
    return {file_id: (int(n), int(income)) for file_id, n, income in found}


def _causes(session: Session, ids: list[Any]) -> dict[Any, list[str]]:
    found: dict[Any, list[str]] = defaultdict(list)
    for file_id, cause in session.execute(
        select(HardshipCause.worker_file_id, HardshipCause.cause)
        .where(HardshipCause.worker_file_id.in_(ids)).order_by(HardshipCause.worker_file_id, HardshipCause.position)
    ):
        found[file_id].append(cause)
    return found
