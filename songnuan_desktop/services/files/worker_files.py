"""Worker files (先建档、后帮扶): create, change, review and close, with the rules of DOMAIN.md.

A person may be in only one active file of the office, as head or as member; a second attempt is
refused with the file that already holds them. Every change goes through the audit log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.ids import birth_date, check_id, id_warning, sex_of
from songnuan_desktop.domain.names import check_name, pinyin_keys
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.parsing import Parsed, parse_bank_card, parse_phone
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.regions import check_region_code
from songnuan_desktop.domain.settings import EXCLUSION_LABELS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import FileExclusion, HardshipCause, HouseholdMember, IncomeItem, WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser

ACTIVE_STATUSES = ("申请", "审核中", "公示中", "在档")
EXIT_STATUSES = ("解困", "脱困", "注销")
MAX_SECONDARY_CAUSES = 3


@dataclass(frozen=True)
class MemberInput:
    name: str
    relation: str
    id_number: str = ""
    health: str = "良好"
    identity: str = ""
    unit_or_school: str = ""
    monthly_income_fen: int = 0
    note: str = ""


@dataclass(frozen=True)
class IncomeInput:
    direction: str  # income | expense
    kind: str
    annual_fen: int
    note: str = ""


@dataclass(frozen=True)
class FileInput:
    """What the form (or one register row) says about a household."""

    name: str
    id_number: str
    category: str
    phone: str = ""
    address: str = ""
    region_code: str = ""
    hukou_type: str = ""
    ethnicity: str = "汉族"
    political_status: str = "群众"
    marital_status: str = ""
    health: str = "良好"
    disability: str = ""
    housing: str = ""
    medical_insurance: str = ""
    work_unit_id: uuid.UUID | None = None
    union_id: uuid.UUID | None = None  # 基层工会 named on the file (else the unit's own union counts)
    employment_status: str = "在岗"
    worker_type: str = "困难职工"
    model_worker_level: str = "非劳模"
    dues_paid: bool = True
    single_parent: bool = False
    zero_employment: bool = False
    self_help_capable: bool = False
    situation: str = ""
    monthly_income_fen: int = 0
    bank_name: str = ""
    bank_branch: str = ""
    bank_card: str = ""
    causes: tuple[str, ...] = ()  # the main cause first, then up to three secondary
    members: tuple[MemberInput, ...] = ()
    incomes: tuple[IncomeInput, ...] = ()
    filed_date: dt.date | None = None
    # the facts of 意外致困 and the exclusions (keys of EXCLUSION_LABELS; unpaid dues follow dues_paid)
    hardship_event_date: dt.date | None = None
    medical_selfpaid_fen: int = 0
    disaster_loss_fen: int = 0
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSaved:
    id: uuid.UUID
    file_no: str
    name: str
    row_version: int
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _problem(code: str, message: str, field_name: str) -> ValidationFailed:
    return ValidationFailed(code, message, {"field": field_name})


def _check_choice(value: str, allowed: tuple[str, ...], label: str, field_name: str) -> None:
    if value and value not in allowed:
        raise _problem(field_name, f"{label}“{value}”不在代码表中，请从列表中选择：{'、'.join(allowed)}。", field_name)


# The fields checked against a code table, in the order their problems are reported.
_CHOICES = (("employment_status", codes.EMPLOYMENT_STATUSES, "工作状态"),
            ("worker_type", codes.WORKER_TYPES, "职工类型"),
            ("model_worker_level", codes.MODEL_WORKER_LEVELS, "劳模类型"),
            ("political_status", codes.POLITICAL_STATUSES, "政治面貌"), ("hukou_type", codes.HUKOU_TYPES, "户口类型"))


def _normalized(data: FileInput, parsed: bool = False) -> tuple[FileInput, list[str]]:
    """Check every field; return the input with canonical ID numbers, and the warnings. `parsed`: see
    check_input."""
    if not data.name.strip():
        raise _problem("name", "请填写户主姓名。", "name")
    if parsed:
        head_name, number = data.name, data.id_number
        phone, card = Parsed(data.phone or None), Parsed(data.bank_card or None)
    else:
        head_name, reason = check_name(data.name)  # one spelling per person (every middle dot as U+00B7)
        if head_name is None:
            raise _problem("name", f"户主姓名“{data.name.strip()}”{reason}。", "name")
        number, reason = check_id(data.id_number)
        if number is None:
            raise _problem("id_number", f"户主身份证号：{reason}。", "id_number")
        phone, card = parse_phone(data.phone), parse_bank_card(data.bank_card)
    if data.category not in codes.CATEGORIES:
        raise _problem("category", f"请选择困难类别（{'、'.join(codes.CATEGORIES_CURRENT)}）。", "category")
    given = vars(data)
    for name, allowed, label in _CHOICES:
        _check_choice(given[name], allowed, label, name)
    for checked, name in ((phone, "phone"), (card, "bank_card")):
        if checked.reason:
            raise _problem(name, checked.reason + "。", name)
    check_region_code(data.region_code, "region_code", optional=True)  # the 低保线 rule needs 6/9/12 digits
    _check_causes(data.causes)
    _check_eligibility_facts(data)
    members = tuple(_member(m, i) for i, m in enumerate(data.members, start=1))
    warnings = [w for w in (phone.warning, card.warning) if w]
    warnings += [f"{whose}{w.removeprefix('身份证号的')}。" for whose, w in (
        ("户主身份证号：", id_warning(number)), *((f"家庭成员“{m.name}”的身份证号：", id_warning(m.id_number))
                                              for m in members if m.id_number)) if w]
    canonical = {"name": head_name, "id_number": number, "members": members, "phone": phone.value or "",
                 "bank_card": card.value or ""}
    if all(getattr(data, key) == value for key, value in canonical.items()):
        return data, warnings  # already in its one form (a register row, most forms): no copy of 40 fields
    return _replace(data, **canonical), warnings


def _replace(data: FileInput, **changes: object) -> FileInput:
    return FileInput(**{**vars(data), **changes})  # type: ignore[arg-type]  # (no slots, every field in __init__)


def _check_causes(causes: tuple[str, ...]) -> None:
    if not causes:
        raise _problem("causes", "请至少填写一个主要致困原因。", "causes")
    if len(causes) > 1 + MAX_SECONDARY_CAUSES:
        raise _problem("causes", "致困原因最多一个主要原因和三个次要原因。", "causes")
    for cause in causes:
        _check_choice(cause, codes.CAUSES, "致困原因", "causes")
    if len(set(causes)) != len(causes):
        raise _problem("causes", "致困原因有重复，请删去重复的一项。", "causes")


def _check_past_dates(data: FileInput) -> None:
    """Dates that must have happened are not after today (issue 15: a filed date in 2099 was accepted)."""
    today = dt.date.today()
    for day, label, name in ((data.filed_date, "建档日期", "filed_date"),
                             (data.hardship_event_date, "致困事件发生日期", "hardship_event_date")):
        if day is not None and day > today:
            raise _problem(name, f"{label} {date_text(day)} 晚于今天：请填写已经发生的日期。", name)


def _check_eligibility_facts(data: FileInput) -> None:
    _check_past_dates(data)
    for amount, label, name in ((data.medical_selfpaid_fen, "医疗自付费用", "medical_selfpaid_fen"),
                                (data.disaster_loss_fen, "灾害损失", "disaster_loss_fen")):
        if amount < 0:
            raise _problem(name, f"{label}不能为负数。", name)
    for key in data.exclusions:
        if key == "dues_unpaid":
            raise _problem("exclusions", "未缴会费请在“会费已缴”一项中填写，不作为排除情形单独勾选。", "exclusions")
        if key not in EXCLUSION_LABELS:
            raise _problem("exclusions", f"排除情形“{key}”不在代码表中。", "exclusions")
    if len(set(data.exclusions)) != len(data.exclusions):
        raise _problem("exclusions", "排除情形有重复，请删去重复的一项。", "exclusions")


def _member(member: MemberInput, index: int) -> MemberInput:
    if not member.name.strip():
        raise _problem("members", f"第{index}位家庭成员：请填写姓名。", "members")
    name, reason = check_name(member.name)
    if name is None:
        raise _problem("members", f"第{index}位家庭成员的姓名“{member.name.strip()}”{reason}。", "members")
    member = MemberInput(**{**{f.name: getattr(member, f.name) for f in fields(member)}, "name": name})
    _check_choice(member.relation, codes.RELATIONS, f"第{index}位家庭成员的与户主关系", "members")
    if not member.id_number.strip():
        return member
    number, reason = check_id(member.id_number)
    if number is None:
        raise _problem("members", f"第{index}位家庭成员“{member.name}”的身份证号：{reason}。", "members")
    return MemberInput(**{**{f.name: getattr(member, f.name) for f in fields(member)}, "id_number": number})


def _holder(session: Session, office_id: uuid.UUID, number: str, except_file: uuid.UUID | None) -> str | None:
    """The active file that already holds this person (as head or member), in words."""
    active = (WorkerFile.office_id == office_id, WorkerFile.status.in_(ACTIVE_STATUSES),
              WorkerFile.deleted.is_(False))
    not_self = WorkerFile.id != except_file if except_file else WorkerFile.id.is_not(None)
    head = session.execute(select(WorkerFile.file_no, WorkerFile.name)
                           .where(*active, not_self, WorkerFile.id_number == number)).first()
    if head:
        return f"档案 {head.file_no}（户主 {head.name}）"
    member = session.execute(
        select(WorkerFile.file_no, WorkerFile.name, HouseholdMember.name.label("member"))
        .join(HouseholdMember, HouseholdMember.worker_file_id == WorkerFile.id)
        .where(*active, not_self, HouseholdMember.id_number == number)).first()
    return f"档案 {member.file_no}（户主 {member.name}，家庭成员 {member.member}）" if member else None


def _check_unique_people(
    session: Session, office_id: uuid.UUID, data: FileInput, except_file: uuid.UUID | None
) -> None:
    people = [(data.name, data.id_number)] + [(m.name, m.id_number) for m in data.members if m.id_number]
    seen: set[str] = set()
    for name, number in people:
        if number in seen:
            raise _problem("duplicate_person", f"{name}（身份证号 {number}）在本户中填写了两次。", "members")
        seen.add(number)
        holder = _holder(session, office_id, number, except_file)
        if holder:
            raise _problem("person_has_file", f"{name}已在有效的{holder}中，一人只能在一份有效档案中。", "id_number")


def _next_file_no(session: Session, office_id: uuid.UUID, year: int, prefix: str = "DA") -> str:
    last = session.scalar(select(func.max(WorkerFile.file_no)).where(
        WorkerFile.office_id == office_id, WorkerFile.file_no.like(f"%-{year}-%")))
    if last:
        prefix, _, seq = last.rpartition("-")
        return f"{prefix}-{int(seq) + 1:04d}"
    known = session.scalar(select(WorkerFile.file_no).where(WorkerFile.office_id == office_id)
                           .order_by(WorkerFile.created_at.desc()).limit(1))
    if known and known.count("-") == 2:
        prefix = known.split("-")[0]
    return f"{prefix}-{year}-0001"


SCALARS = (
    "name", "id_number", "category", "phone", "address", "region_code", "hukou_type", "ethnicity", "political_status",
    "marital_status", "health", "disability", "housing", "medical_insurance", "work_unit_id", "employment_status",
    "worker_type", "model_worker_level", "dues_paid", "single_parent", "zero_employment", "self_help_capable",
    "situation", "monthly_income_fen", "bank_name", "bank_branch", "bank_card", "hardship_event_date",
    "medical_selfpaid_fen", "disaster_loss_fen", "union_id",
)


def file_values(data: FileInput) -> dict[str, object]:
    """The columns of the file row a checked input gives (its children aside)."""
    given = vars(data)  # a plain dataclass: every field in its __dict__
    values = {name: given[name] for name in SCALARS}
    values["name_pinyin"], values["name_initials"] = pinyin_keys(data.name)
    values["sex"], values["birth_date"] = sex_of(data.id_number), birth_date(data.id_number)
    return values


def _apply(row: WorkerFile, data: FileInput, origin: uuid.UUID) -> None:
    """Write the input onto the file; children are replaced only where they changed (fewer audit rows)."""
    for name, value in file_values(data).items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    members = [(m.name, m.relation, m.id_number, m.health, m.identity, m.unit_or_school, m.monthly_income_fen, m.note)
               for m in data.members]
    current = [(m.name, m.relation, m.id_number, m.health, m.identity, m.unit_or_school, m.monthly_income_fen, m.note)
               for m in row.members]
    if members != current:
        row.members = [HouseholdMember(
            origin_office_id=origin, position=i, name=m.name.strip(), relation=m.relation, id_number=m.id_number,
            birth_date=birth_date(m.id_number) if m.id_number else None, health=m.health, identity=m.identity,
            unit_or_school=m.unit_or_school, monthly_income_fen=m.monthly_income_fen, note=m.note,
        ) for i, m in enumerate(data.members)]
    if list(data.causes) != [c.cause for c in row.causes]:
        row.causes = [HardshipCause(origin_office_id=origin, position=i, cause=c) for i, c in enumerate(data.causes)]
    incomes = sorted((i.direction, i.kind, i.annual_fen, i.note) for i in data.incomes)
    if incomes != sorted((i.direction, i.kind, i.annual_fen, i.note) for i in row.incomes):
        row.incomes = [IncomeItem(origin_office_id=origin, direction=d, kind=k, annual_fen=fen, note=note)
                       for d, k, fen, note in incomes]
    if set(data.exclusions) != {e.key for e in row.exclusions}:  # kept rows keep their notes
        kept = [e for e in row.exclusions if e.key in data.exclusions]
        known = {e.key for e in kept}
        row.exclusions = kept + [FileExclusion(origin_office_id=origin, key=k) for k in data.exclusions
                                 if k not in known]


def create(db: Database, by: SessionUser, data: FileInput, today: dt.date | None = None) -> FileSaved:
    by.require(Action.NEW_FILE)
    clean, warnings = _normalized(data)
    today = today or dt.date.today()
    with db.write(by.actor) as session:
        _check_unique_people(session, by.office_id, clean, None)
        row = WorkerFile(origin_office_id=by.office_id, office_id=by.office_id, status="在档",
                         file_no=_next_file_no(session, by.office_id, today.year),
                         filed_date=clean.filed_date or today, reviewed_date=today)
        _apply(row, clean, by.office_id)
        session.add(row)
        session.flush()
        return FileSaved(row.id, row.file_no, row.name, row.row_version, tuple(warnings))


def _load(session: Session, office_id: uuid.UUID, file_id: uuid.UUID) -> WorkerFile:
    row = session.scalar(select(WorkerFile).where(WorkerFile.id == file_id, WorkerFile.office_id == office_id)
                         .options(selectinload(WorkerFile.members), selectinload(WorkerFile.causes),
                                  selectinload(WorkerFile.incomes), selectinload(WorkerFile.exclusions)))
    if row is None or row.deleted:
        raise NotFound("worker_file", "找不到该档案，可能已被删除。")
    return row


def update(db: Database, by: SessionUser, file_id: uuid.UUID, data: FileInput, row_version: int) -> FileSaved:
    """Save a changed file; refused when someone else saved it since it was opened (row_version)."""
    by.require(Action.EDIT_FILE)
    clean, warnings = _normalized(data)
    with db.write(by.actor) as session:
        row = _load(session, by.office_id, file_id)
        if row.status in EXIT_STATUSES:
            raise _problem("file_closed", f"档案 {row.file_no} 已{row.status}，只能查看，不能修改。", "status")
        if row.row_version != row_version:
            raise _problem("stale", f"档案 {row.file_no} 在您打开后已被他人修改，请关闭后重新打开再改。", "row_version")
        _check_unique_people(session, by.office_id, clean, row.id)
        _apply(row, clean, by.office_id)
        session.flush()
        return FileSaved(row.id, row.file_no, row.name, row.row_version, tuple(warnings))


def review(db: Database, by: SessionUser, file_id: uuid.UUID, on: dt.date | None = None) -> FileSaved:
    """动态管理: the annual review is recorded with its date."""
    by.require(Action.REVIEW_FILE)
    with db.write(by.actor) as session:
        row = _load(session, by.office_id, file_id)
        if row.status in EXIT_STATUSES:
            raise _problem("file_closed", f"档案 {row.file_no} 已{row.status}，不需要复核。", "status")
        row.reviewed_date = on or dt.date.today()
        session.flush()
        return FileSaved(row.id, row.file_no, row.name, row.row_version)


def close(db: Database, by: SessionUser, file_id: uuid.UUID, status: str, reason: str, note: str = "",
          on: dt.date | None = None) -> FileSaved:
    """解困/脱困/注销 with a reason; the file stays, readable, and can no longer be assisted."""
    by.require(Action.EXIT_FILE)
    if status not in EXIT_STATUSES:
        raise _problem("status", "请选择退出方式：解困、脱困或注销。", "status")
    _check_choice(reason, codes.EXIT_REASONS, "退出原因", "exit_reason")
    if not reason:
        raise _problem("exit_reason", f"请选择退出原因：{'、'.join(codes.EXIT_REASONS)}。", "exit_reason")
    with db.write(by.actor) as session:
        row = _load(session, by.office_id, file_id)
        if row.status in EXIT_STATUSES:
            raise _problem("file_closed", f"档案 {row.file_no} 已于 {row.exit_date} {row.status}。", "status")
        row.status, row.exit_reason, row.exit_note, row.exit_date = status, reason, note, on or dt.date.today()
        session.flush()
        return FileSaved(row.id, row.file_no, row.name, row.row_version)


def find_by_id_number(db: Database, office_id: uuid.UUID, number: str) -> uuid.UUID | None:
    """The active file whose head has this ID number (the import asks before updating it)."""
    with db.read() as session:
        return session.scalar(select(WorkerFile.id).where(
            WorkerFile.office_id == office_id, WorkerFile.id_number == number,
            WorkerFile.status.in_(ACTIVE_STATUSES), WorkerFile.deleted.is_(False)))


# --- for a batch of files in one transaction (the register import) ----------------------------------

def check_input(data: FileInput, parsed: bool = False) -> tuple[FileInput, list[str]]:
    """The input checked as `create` checks it: canonical numbers, and the warnings; ValidationFailed.

    `parsed`: the head's name, ID number, phone and card are already what check_name, check_id,
    parse_phone and parse_bank_card make of them — the register reader ran those very functions on the
    cells (documents.register_columns.CLEANERS) — so they are taken as they are, not parsed a second
    time (issue 15 item 6: a fifth of a 10,000-row import was this second parse; the same answers, the
    card's checksum warning already among the row's warnings). Everything else is checked."""
    return _normalized(data, parsed)


def apply_input(row: WorkerFile, data: FileInput, origin: uuid.UUID) -> None:
    """Write a checked input onto a file row (children loaded), as `create` and `update` do."""
    _apply(row, data, origin)


def next_file_no(session: Session, office_id: uuid.UUID, year: int) -> str:
    return _next_file_no(session, office_id, year)


def input_of(row: WorkerFile) -> FileInput:
    """What a saved file says, as the input that would save it unchanged (children loaded)."""
    values: dict[str, object] = {}
    for f in fields(FileInput):
        if f.name == "members":
            values[f.name] = tuple(MemberInput(
                name=m.name, relation=m.relation, id_number=m.id_number, health=m.health, identity=m.identity,
                unit_or_school=m.unit_or_school, monthly_income_fen=m.monthly_income_fen, note=m.note)
                for m in row.members)
        elif f.name == "causes":
            values[f.name] = tuple(c.cause for c in row.causes)
        elif f.name == "incomes":
            values[f.name] = tuple(IncomeInput(i.direction, i.kind, i.annual_fen, i.note)
                                   for i in sorted(row.incomes, key=lambda i: (i.direction, i.kind, i.annual_fen,
                                                                               i.note)))
        elif f.name == "exclusions":
            values[f.name] = tuple(getattr(e, "key", e) for e in getattr(row, "exclusions", ()))
        else:
            values[f.name] = getattr(row, f.name)
    return FileInput(**values)  # type: ignore[arg-type]


__all__ = ["FileInput", "FileSaved", "IncomeInput", "MemberInput", "apply_input", "check_input", "close", "create",
           "file_values", "find_by_id_number", "input_of", "next_file_no", "review", "update"]
