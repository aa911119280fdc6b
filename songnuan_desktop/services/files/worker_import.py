"""Importing a worker register (花名册): the writing half, after `documents.register_reader` has read it.

Every valid row becomes a worker file, or, when the clerk chooses so, updates the active file that
already has that ID number — only the fields the register has a column for; members, incomes and
attachments of the file stay. All of it happens in one transaction: a row the database refuses (the
person is already in another household's file) is listed as rejected like the reader's rejected
rows, and anything unexpected — an exception, a cancel, a power cut — leaves the database as it was.
Importing the same register again changes nothing.

What a register says that a file has no field for (家庭人口, 家庭月收入, 人均月收入, 备注 and the
致困原因 as written) is kept in words at the end of the file's 困难情况, with the row it came from, so
the clerk can add the household members from it and nothing the office wrote down is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.documents.register_reader import ReadCancelled, RegisterRead, RegisterRow, RejectedRow
from songnuan_desktop.domain import codes
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.bulk import bulk_insert, full_row, gc_paused
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import HardshipCause, HouseholdMember, OrgUnit, WorkerFile
from songnuan_desktop.services.files import worker_files as files
from songnuan_desktop.services.office.session_user import SessionUser

CHECK_EVERY = 200  # rows between looks at is_cancelled
# New files written (and logged) in batches of this many, inside the one transaction: the rows, their
# audit entries and the JSON of those entries are held for a batch at a time, not for the whole register
# (a 20,000-row register peaked at 493 MiB holding them all; issue 15 item 6: ≤ 250 MB; 500 rather than
# 1,000: 2 MiB less at the peak, the same time).
WRITE_EVERY = 500
NOTE_MARK = "【花名册导入】"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Done:
    row: int
    file_no: str
    name: str


@dataclass(frozen=True)
class ImportResult:
    imported: list[Done] = field(default_factory=list)
    updated: list[Done] = field(default_factory=list)
    unchanged: list[Done] = field(default_factory=list)  # has a file that already says the same
    kept: list[Done] = field(default_factory=list)  # has a file; not updated because the clerk did not ask
    rejected: list[RejectedRow] = field(default_factory=list)  # the reader's and the database's, by row
    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    file_format: str = ""  # xlsx, xls, ods, csv … as the file's first bytes said (RegisterRead.file_format)
    encoding: str = ""  # a CSV file's text encoding as found (GBK, UTF-8 …), named to the clerk
    read_as: str = ""  # the two in words: "GBK 编码的CSV 文本"

    def as_read(self, read: RegisterRead) -> RegisterRead:
        """The register as read, with every rejected row of the import: for `write_rejected`."""
        return dataclasses.replace(read, rejected=self.rejected)

    def summary(self) -> dict[str, Any]:
        return {
            "imported": len(self.imported), "updated": len(self.updated), "unchanged": len(self.unchanged),
            "existing_not_updated": len(self.kept), "rejected": len(self.rejected), "skipped": len(self.skipped),
            "new_work_units": self.new_units, "file_format": self.file_format, "encoding": self.encoding,
            "rejected_rows": [{"row": r.row, "reason": r.reason} for r in self.rejected],
        }

    def message(self) -> str:
        parts = [f"新建档案 {len(self.imported)} 份"]
        if self.encoding:  # a text file: which encoding its characters were read in, for a clerk who sees 乱码
            parts.insert(0, f"按{self.read_as}读取")
        if self.updated:
            parts.append(f"更新 {len(self.updated)} 份")
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} 份与档案一致未改动")
        if self.kept:
            parts.append(f"{len(self.kept)} 人已有档案未更新（如需更新请勾选“更新已有档案”）")
        if self.rejected:
            parts.append(f"退回 {len(self.rejected)} 行（见原因，可另存为 Excel 修改后再导入）")
        if self.new_units:
            parts.append(f"新增工作单位 {len(self.new_units)} 个：{'、'.join(self.new_units[:5])}"
                         + ("等" if len(self.new_units) > 5 else ""))
        return "；".join(parts) + "。"


def import_register(
    db: Database,
    by: SessionUser,
    read: RegisterRead,
    update_existing: bool = False,
    source: str = "",
    today: dt.date | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Write the valid rows of `read` in one transaction (see the module doc).

    `dry_run` does everything and then rolls it back: the preview of the import wizard, exact to the
    row, database checks included.
    """
    by.require(Action.IMPORT_WORKERS)
    today = today or dt.date.today()
    result = ImportResult(rejected=list(read.rejected), skipped=list(read.skipped), file_format=read.file_format,
                          encoding=read.encoding, read_as=read.described())
    try:
        with gc_paused():  # 10,000 rows: ~0.25 s of CPU of the collector's passes over the rows being made
            _write(db, by, read, result, update_existing, source, today, progress, is_cancelled, dry_run)
    except _TriedOnly:
        pass
    if progress is not None:
        progress(len(read.rows), len(read.rows))
    return result


class _TriedOnly(Exception):
    """Not an error: ends a dry run by rolling it back."""


def _write(db: Database, by: SessionUser, read: RegisterRead, result: ImportResult, update_existing: bool,
           source: str, today: dt.date, progress: Progress | None, is_cancelled: Callable[[], bool] | None,
           dry_run: bool) -> None:
    with db.write(by.actor) as session:
        batch = _Batch(session, by.office_id, today, result)
        total = len(read.rows)
        for done, row in enumerate(read.rows, start=1):
            if done % CHECK_EVERY == 0:
                if is_cancelled is not None and is_cancelled():
                    raise ReadCancelled("cancelled", "已停止导入，数据库没有任何改动。")
                if progress is not None:
                    progress(done, total)
            batch.take(row, update_existing)
            if len(batch.new_files) >= WRITE_EVERY:
                batch.write_new(by)
        batch.write_new(by)
        result.rejected.sort(key=lambda r: r.row)
        audit.append(session, by.actor, "import_register", "worker_files", "", after={
            "source": source, "sheet": read.sheet, "header_row": read.header.row, "file_format": read.file_format,
            "encoding": read.encoding,
            "imported": len(result.imported), "updated": len(result.updated), "unchanged": len(result.unchanged),
            "existing_not_updated": len(result.kept), "rejected": len(result.rejected),
            "update_existing": update_existing,
        })
        if dry_run:
            raise _TriedOnly


class _Batch:
    """The state of one import: who already has a file, the work units, the next file number."""

    def __init__(self, session: Session, office_id: uuid.UUID, today: dt.date, result: ImportResult) -> None:
        self.session, self.office_id, self.today, self.result = session, office_id, today, result
        active = (WorkerFile.office_id == office_id, WorkerFile.status.in_(files.ACTIVE_STATUSES),
                  WorkerFile.deleted.is_(False))
        self.heads: dict[str, uuid.UUID] = {
            number: file_id for number, file_id in session.execute(
                select(WorkerFile.id_number, WorkerFile.id).where(*active))}
        # ID → (file, words naming it) for every person in an active file, heads and members; for a file of
        # this import its Done, put in words only if it is ever named (20,000 sentences were 2 MB of the peak).
        self.holders: dict[str, tuple[uuid.UUID, str | Done]] = {}
        for file_id, file_no, name, number in session.execute(
                select(WorkerFile.id, WorkerFile.file_no, WorkerFile.name, WorkerFile.id_number).where(*active)):
            self.holders[number] = (file_id, f"档案 {file_no}（户主 {name}）")
        for file_id, file_no, name, member, number in session.execute(
                select(WorkerFile.id, WorkerFile.file_no, WorkerFile.name, HouseholdMember.name,
                       HouseholdMember.id_number)
                .join(HouseholdMember, HouseholdMember.worker_file_id == WorkerFile.id)
                .where(*active, HouseholdMember.id_number != "")):
            self.holders.setdefault(number, (file_id, f"档案 {file_no}（户主 {name}，家庭成员 {member}）"))
        self.units: dict[str, uuid.UUID] = {
            name: unit_id for unit_id, name in session.execute(
                select(OrgUnit.id, OrgUnit.name).where(OrgUnit.office_id == office_id, OrgUnit.kind == "unit")
                .order_by(OrgUnit.active, OrgUnit.created_at))
        }
        self.next_no: str | None = None
        # New files and their causes as rows, written together at the end (see write_new); every
        # column not given by the input has the model's default, as the ORM would give it.
        self.new_files: list[dict[str, Any]] = []
        self.new_causes: list[dict[str, Any]] = []
        self.new_file_causes: list[list[str]] = []  # each new file's causes, for its audit entry
        self.file_template = full_row(WorkerFile(origin_office_id=office_id, office_id=office_id, status="在档",
                                                 reviewed_date=today))
        self.cause_template = full_row(HardshipCause(origin_office_id=office_id))

    def write_new(self, by: SessionUser) -> None:
        """The new files with their causes, in bulk, and one "create" audit entry per household.

        The entry is the file's row as the mapper would log it, with its causes in order under "causes"
        (the cause rows get no entry of their own: a later change of one is logged by the mapper with
        its file, and the file's history is told from these entries and the index beside them). Issue
        15 item 6: an entry per row, 3 per household, was half the writing of a 10,000-row register.
        The ORM would write the same rows one statement at a time: ten times slower. Changed files and
        new work units go through the ORM first.
        """
        self.session.flush()
        conn = self.session.connection()
        for model, rows in ((WorkerFile, self.new_files), (HardshipCause, self.new_causes)):
            bulk_insert(conn, cast(Table, model.__table__), rows)
        entries = audit.created_entries(self.new_files)
        for (_, _, after), causes in zip(entries, self.new_file_causes, strict=True):
            after["causes"] = causes
        audit.append_many(self.session, by.actor, "create", cast(Table, WorkerFile.__table__).name, entries)
        self.new_files, self.new_causes, self.new_file_causes = [], [], []

    # --- one row ---------------------------------------------------------------------------------

    def take(self, row: RegisterRow, update_existing: bool) -> None:
        number = row.values["id_number"]
        existing = self.heads.get(number)
        try:
            holder = self.holders.get(number)
            if holder is not None and isinstance(holder[1], Done):  # the reader refuses a repeat; rows given
                raise ValidationFailed("duplicate_row",  # without it (a RegisterRead built by hand) are too
                                       f"与第{holder[1].row}行是同一人（身份证号 {number} 相同）："
                                       "请删去重复的一行，或核对身份证号", {"field": "id_number"})
            if existing is None:
                self._create(row)
            else:
                self._update(row, existing, update_existing)
        except ValidationFailed as exc:
            self.result.rejected.append(RejectedRow(row.row, exc.message.rstrip("。"), _raw(row)))

    def _create(self, row: RegisterRow) -> None:
        data, warnings = files.check_input(_input_of(row.values, None), parsed=True)  # by the reader
        self._check_people(data, None)
        assert not (data.members or data.incomes or data.exclusions)  # a register row has only the causes
        file_id, file_no = uuid.uuid4(), self._file_no()
        self.new_files.append({**self.file_template, **files.file_values(data), "id": file_id, "file_no": file_no,
                               "filed_date": data.filed_date or self.today,
                               "work_unit_id": self._unit(row, create=True)})
        self.new_causes.extend({**self.cause_template, "id": uuid.uuid4(), "worker_file_id": file_id,
                                "position": i, "cause": cause} for i, cause in enumerate(data.causes))
        self.new_file_causes.append(list(data.causes))
        self.heads[data.id_number] = file_id
        done = Done(row.row, file_no, data.name)
        self.holders[data.id_number] = (file_id, done)
        self.result.imported.append(done)
        self._warn(row.row, [*row.warnings, *warnings])

    def _update(self, row: RegisterRow, file_id: uuid.UUID, update_existing: bool) -> None:
        current = self.session.scalar(
            select(WorkerFile).where(WorkerFile.id == file_id)
            .options(selectinload(WorkerFile.members), selectinload(WorkerFile.causes),
                     selectinload(WorkerFile.incomes)))
        assert current is not None  # an active file of this office, found at the start of the import
        done = Done(row.row, current.file_no, current.name)
        before = files.input_of(current)
        unit = self._unit(row, create=False) if "work_unit" in row.values else before.work_unit_id
        wanted = _overlay(before, row.values, unit)
        if wanted == before and (unit is not None or "work_unit" not in row.values):
            self.result.unchanged.append(done)
            return
        if not update_existing:
            self.result.kept.append(done)
            return
        data, warnings = files.check_input(wanted)
        self._check_people(data, file_id)
        if "work_unit" in row.values:
            data = dataclasses.replace(data, work_unit_id=self._unit(row, create=True))
        files.apply_input(current, data, self.office_id)
        self.result.updated.append(done)
        self._warn(row.row, [*row.warnings, *warnings])

    def _check_people(self, data: files.FileInput, own_file: uuid.UUID | None) -> None:
        holder = self.holders.get(data.id_number)
        if holder is not None and holder[0] != own_file:
            named = holder[1]
            if isinstance(named, Done):
                named = f"档案 {named.file_no}（户主 {named.name}，本次导入第{named.row}行）"
            raise ValidationFailed("person_has_file", f"{data.name}已在有效的{named}中，一人只能在一份有效档案中",
                                   {"field": "id_number"})

    def _warn(self, row: int, warnings: list[str]) -> None:
        self.result.warnings.extend((row, w) for w in dict.fromkeys(warnings))

    # --- lookups ---------------------------------------------------------------------------------

    def _unit(self, row: RegisterRow, create: bool) -> uuid.UUID | None:
        """The work unit the row names; a unit the office does not know yet is added when `create`."""
        name = row.values.get("work_unit")
        if not name:
            return None
        unit_id = self.units.get(name)
        if unit_id is None and create:
            unit_id = self.units[name] = uuid.uuid4()
            self.session.add(OrgUnit(id=unit_id, origin_office_id=self.office_id, office_id=self.office_id,
                                     kind="unit", name=name))
            self.result.new_units.append(name)
        return unit_id

    def _file_no(self) -> str:
        if self.next_no is None:
            self.next_no = files.next_file_no(self.session, self.office_id, self.today.year)
        number = self.next_no
        prefix, _, seq = number.rpartition("-")
        self.next_no = f"{prefix}-{int(seq) + 1:04d}"
        return number


# --- a register row as a file's input ---------------------------------------------------------------

# Register columns that are fields of the file as they are.
DIRECT = ("name", "id_number", "category", "phone", "address", "ethnicity", "political_status", "marital_status",
          "health", "hukou_type", "worker_type", "employment_status", "monthly_income_fen", "bank_name",
          "bank_branch", "bank_card", "filed_date")


def _input_of(values: dict[str, Any], unit: uuid.UUID | None) -> files.FileInput:
    if "category" not in values:
        raise ValidationFailed("category", "困难类别为空：请填写" + "、".join(codes.CATEGORIES_CURRENT) + "之一",
                               {"field": "category"})
    if not values.get("causes"):
        raise ValidationFailed("causes", "致困原因为空：请填写主要致困原因（如 患重特大疾病、下岗失业、子女上学）",
                               {"field": "causes"})
    given = {key: values[key] for key in DIRECT if key in values}
    situation = _situation(values.get("situation", ""), values)
    return files.FileInput(**given, work_unit_id=unit, causes=tuple(values["causes"]), situation=situation)


def _overlay(current: files.FileInput, values: dict[str, Any], unit: uuid.UUID | None) -> files.FileInput:
    """The file as it is, with what the register has a column for; the rest of the file stays."""
    given = {key: values[key] for key in DIRECT if key in values and key != "filed_date"}
    changes: dict[str, Any] = {**given, "work_unit_id": unit}
    if values.get("causes"):
        # The register names the causes it knows; the file's further secondary causes stay after them.
        named = tuple(values["causes"])
        kept = tuple(c for c in current.causes if c not in named)
        changes["causes"] = (named + kept)[:1 + files.MAX_SECONDARY_CAUSES]
    base = current.situation.split(NOTE_MARK)[0].rstrip()
    if "situation" in values:
        base = values["situation"]
    changes["situation"] = _situation(base, values)
    return dataclasses.replace(current, **changes)


def _situation(text: str, values: dict[str, Any]) -> str:
    """困难情况, and after it in words what the register says that the file has no field for."""
    said = []
    if values.get("household_size"):
        said.append(f"家庭人口 {values['household_size']} 人")
    if values.get("household_income_fen") is not None:
        said.append(f"家庭月收入 {format_fen(values['household_income_fen'])} 元")
    if values.get("per_capita_income_fen") is not None:
        said.append(f"人均月收入 {format_fen(values['per_capita_income_fen'])} 元")
    cause_text = values.get("cause_text", "")
    if cause_text and tuple(values.get("causes", ())) != (cause_text,):
        said.append(f"致困原因原文“{cause_text}”")
    if values.get("note"):
        said.append(f"备注“{values['note']}”")
    if not said:
        return text
    note = NOTE_MARK + "，".join(said) + "。"
    return f"{text}\n{note}" if text else note


def _raw(row: RegisterRow) -> list[Any]:
    """A row refused by the database, for the workbook of rejected rows: its cells as read."""
    return list(row.raw) or [row.values.get(key, "") for key in ("name", "id_number")]


__all__ = ["Done", "ImportResult", "import_register"]
