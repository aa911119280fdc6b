"""Export the (filtered) worker files as the 登记表 .xlsx; every export is in the audit log."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.register_writer import FIELDS, write_register
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import HardshipCause, HouseholdMember, OrgUnit, WorkerFile
from songnuan_desktop.services.office import office
from songnuan_desktop.services.files.file_list import FileFilter, conditions_of
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import export_path

BATCH = 2_000
QUERIED = tuple(key for key in FIELDS if key != "causes")  # the causes are read per batch, beside


@dataclass(frozen=True)
class ExportResult:
    files: int
    path: Path


def export_register(db: Database, by: SessionUser, flt: FileFilter, path: Path,
                    progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """The register holds full ID and card numbers: only roles that may see them may export it."""
    by.require(Action.EXPORT_WORKERS)
    export_path(path)
    info = office.local_office(db)
    today = dt.date.today()
    with publishing(db, "export_workers", Path(path)) as pub:
        with db.read() as session:
            where = conditions_of(flt, by.office_id, today)
            total = session.scalar(select(func.count()).select_from(WorkerFile).where(*where)) or 0
            rows = _rows(session, by, flt, today)
            subtitle = f"导出日期：{date_text(today)}　共 {total} 户　导出人：{by.display_name}"
            count = write_register(rows, pub.temp, f"{info.name}困难职工登记表", subtitle, total, progress)
        with db.write(by.actor) as session:
            audit.append(session, by.actor, "export_register", "worker_files", "",
                         after={"files": count, "path": str(path), "filter": _described(flt)})
            pub.record(session, by.actor, {"files": count})
    return ExportResult(count, Path(path))


def _described(flt: FileFilter) -> dict[str, Any]:
    return {k: v for k, v in vars(flt).items() if v not in ("", None, False)} or {"all": True}


def _rows(session: Session, by: SessionUser, flt: FileFilter, today: dt.date) -> Iterator[list[Any]]:
    """The register's rows, values in the order of `register_writer.FIELDS`, in batches by file number.

    Household size and income come from correlated subqueries, the unit from a join and the causes
    from one query per batch over the same file-number range: no 2,000-id IN lists and no UUID built
    per row (profiled at 20,000 files, those took most of the time before the writer)."""
    where = conditions_of(flt, by.office_id, today)
    query = _register_query(by)
    income_at, causes_at = QUERIED.index("household_income_yuan"), FIELDS.index("causes")
    last = ""
    while True:
        batch = session.execute(query.where(*where, WorkerFile.file_no > last)
                                .order_by(WorkerFile.file_no).limit(BATCH)).all()
        if not batch:
            return
        causes = _causes(session, where, last, batch[-1].file_no)
        for r in batch:
            values = list(r)
            values[income_at] = Decimal(values[income_at]).scaleb(-2)
            values.insert(causes_at, causes.get(r.file_no, ""))
            yield values
        last = batch[-1].file_no


def _register_query(by: SessionUser) -> Select[Any]:
    """One row per file: every column of the register but the causes, income in fen."""
    members = HouseholdMember.worker_file_id == WorkerFile.id
    computed: dict[str, Any] = {
        "unit": func.coalesce(OrgUnit.name, ""),
        "household_size": select(func.count() + 1).where(members).correlate(WorkerFile).scalar_subquery(),
        "household_income_yuan": WorkerFile.monthly_income_fen + select(
            func.coalesce(func.sum(HouseholdMember.monthly_income_fen), 0)).where(members)
        .correlate(WorkerFile).scalar_subquery(),
    }
    columns = [computed[key] if key in computed else getattr(WorkerFile, key) for key in QUERIED]
    return (select(*columns)
            .outerjoin(OrgUnit, (OrgUnit.id == WorkerFile.work_unit_id) & (OrgUnit.office_id == by.office_id)))


def _causes(session: Session, where: list[Any], after: str, upto: str) -> dict[str, str]:
    found: dict[str, list[str]] = defaultdict(list)
    for file_no, cause in session.execute(
        select(WorkerFile.file_no, HardshipCause.cause).join(WorkerFile, HardshipCause.worker_file_id == WorkerFile.id)
        .where(*where, WorkerFile.file_no > after, WorkerFile.file_no <= upto)
        .order_by(WorkerFile.file_no, HardshipCause.position)
    ):
        found[file_no].append(cause)
    return {file_no: "、".join(causes) for file_no, causes in found.items()}
