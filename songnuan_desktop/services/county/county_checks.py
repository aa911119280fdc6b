"""Cross-township checks at the county (跨乡镇比对): the merged townships' files and items compared.

`cross_township_checks(db, by) -> CheckResult` with three lists, each finding carrying its evidence
per township:

- **duplicate_file**: one ID number, as head or member, in active files (在档, not deleted) of two or
  more townships;
- **double_payment**: one person — head of a file or a household member — with items that are or will
  be paid (approved, paid, sampled) in two or more townships in campaigns whose periods overlap;
- **details_differ**: one ID number heading files (any status, not deleted) of two or more townships
  whose details disagree (name, sex, birth date, ethnicity, address, work unit, category, hukou type,
  household size), the differing fields named.

People of one household found together (the same files, the same items) make one finding, named after
the head, the others listed in its title. ID numbers are stored normalised (domain.ids.check_id: upper
case, 18 digits), so they are compared as they are, on their indexes.

Only in a county database, for the roles 县总工会 and 管理员. ID numbers are masked (first 6 and last 4)
unless the role may see them in full — none of the county's roles may.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, Select, distinct, func, literal, select, union_all
from sqlalchemy.orm import Session

from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.names import normalize_name
from songnuan_desktop.domain.paper_dates import date_text, span_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.domain.states import APPROVED_OR_LATER, STATE_LABELS, ItemState, state_values
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, HouseholdMember, Office, OrgUnit, WorkerFile,
)
from songnuan_desktop.services.office.office import OfficeInfo, local_office
from songnuan_desktop.services.office.session_user import SessionUser

DUPLICATE_FILE = "duplicate_file"
DOUBLE_PAYMENT = "double_payment"
DETAILS_DIFFER = "details_differ"
ACTIVE = "在档"
CHUNK = 500  # ID numbers bound in one query (SQLite allows a few thousand parameters at most)
HEAD = "户主"
# Items whose money is paid or will be: approved by the chairman, paid, paid and sampled.
KIND_LABELS = {DUPLICATE_FILE: "重复建档", DOUBLE_PAYMENT: "重复发放", DETAILS_DIFFER: "信息不一致"}


@dataclass(frozen=True)
class FindingEntry:
    """One township's side of a finding."""

    office_id: uuid.UUID
    office_name: str
    file_id: uuid.UUID | None
    file_no: str
    name: str
    role: str  # "户主" or the member's relation, e.g. "配偶"
    file_status: str
    detail: str  # the evidence in Chinese words
    item_id: uuid.UUID | None = None
    amount_fen: int = 0
    state: str = ""


@dataclass(frozen=True)
class Finding:
    kind: str  # duplicate_file | double_payment | details_differ
    title: str
    id_masked: str
    name: str
    entries: tuple[FindingEntry, ...]
    key: str  # kind + a hash of the ID number: stable across runs, for flags and selection


@dataclass(frozen=True)
class CheckResult:
    duplicate_files: list[Finding]
    double_payments: list[Finding]
    details_differ: list[Finding]
    checked_files: int
    townships: int

    @property
    def total(self) -> int:
        return len(self.duplicate_files) + len(self.double_payments) + len(self.details_differ)


def require_county(db: Database, by: SessionUser, action: Action) -> OfficeInfo:
    """The county office, or a refusal: only a county database, only 县总工会 or 管理员."""
    office = local_office(db)
    by.require(action, office=office)
    return office


def finding_key(kind: str, id_number: str) -> str:
    return f"{kind}:{hashlib.sha256(id_number.encode()).hexdigest()[:16]}"


def shown_id(by: SessionUser, id_number: str) -> str:
    return id_number if by.roles & ROLES_SEEING_FULL_IDS else mask_id(id_number)


def cross_township_checks(db: Database, by: SessionUser) -> CheckResult:
    """The three lists of cross-township findings (empty on a county with no townships merged)."""
    county = require_county(db, by, Action.CROSS_CHECK)
    with db.read() as session:
        offices = {o.id: o.name for o in session.scalars(select(Office).where(Office.parent_id == county.id))}
        checked = session.scalar(select(func.count()).select_from(WorkerFile).where(
            WorkerFile.office_id != county.id, WorkerFile.deleted.is_(False))) or 0
        if len(offices) < 2:
            return CheckResult([], [], [], checked, len(offices))
        def show(number: str) -> str:
            return shown_id(by, number)
        ids = _in_several_townships(session, county.id)
        duplicates = _duplicate_files(session, county.id, ids, offices, show)
        payments = _double_payments(session, county.id, ids, offices, show)
        differ = _details_differ(session, county.id, ids, offices, show)
    return CheckResult(duplicates, payments, differ, checked, len(offices))


# --- the people: heads and members, each with the file that holds them ------------------------------

def _in_several_townships(session: Session, county_id: uuid.UUID) -> list[str]:
    """Every ID number (head or member, any file) found in two townships or more: the candidates of all
    three checks, in one pass over two narrow columns of each table, no join (a township's members carry
    it as their origin office). On 100,000 files and 214,000 members this is the bulk of the time."""
    heads = select(WorkerFile.id_number.label("idn"), WorkerFile.office_id.label("office")).where(
        WorkerFile.office_id != county_id)  # deleted files too: money paid on one still counts
    members = select(HouseholdMember.id_number, HouseholdMember.origin_office_id).where(
        HouseholdMember.origin_office_id != county_id, HouseholdMember.id_number != "")
    people = union_all(heads, members).subquery()
    return list(session.scalars(select(people.c.idn).group_by(people.c.idn)
                                .having(func.count(distinct(people.c.office)) > 1)))


def _chunked(session: Session, ids: list[str], query: Callable[[list[str]], Executable]) -> list[Any]:
    """The rows of `query(chunk)` for the candidates, a few hundred bound parameters at a time."""
    rows: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        rows.extend(session.execute(query(ids[start:start + CHUNK])).all())
    return rows


def _people(county_id: uuid.UUID, ids: list[str], *where: Any) -> Executable:
    """(id number, name, role, file columns) of heads and of members with an ID number, in one query."""
    unit = OrgUnit.__table__.alias("unit")
    cols = (WorkerFile.id.label("file_id"), WorkerFile.office_id, WorkerFile.file_no, WorkerFile.status,
            WorkerFile.name.label("head_name"), WorkerFile.filed_date, WorkerFile.category, unit.c.name.label("unit"))
    heads = (select(WorkerFile.id_number.label("idn"), WorkerFile.name, literal(HEAD).label("role"), *cols)
             .select_from(WorkerFile).outerjoin(unit, unit.c.id == WorkerFile.work_unit_id)
             .where(WorkerFile.office_id != county_id, WorkerFile.deleted.is_(False), WorkerFile.id_number.in_(ids),
                    *where))
    members = (select(HouseholdMember.id_number.label("idn"), HouseholdMember.name, HouseholdMember.relation, *cols)
               .select_from(HouseholdMember).join(WorkerFile, WorkerFile.id == HouseholdMember.worker_file_id)
               .outerjoin(unit, unit.c.id == WorkerFile.work_unit_id)
               .where(WorkerFile.office_id != county_id, WorkerFile.deleted.is_(False),
                      HouseholdMember.id_number.in_(ids), *where))
    return union_all(heads, members)


def _grouped(rows: Iterable[Any]) -> dict[str, list[Any]]:
    """Rows by ID number, only those of two townships or more."""
    by_id: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_id[row.idn].append(row)
    return {idn: group for idn, group in by_id.items() if len({r.office_id for r in group}) > 1}


def _finding(kind: str, idn: str, show: Any, entries: Sequence[FindingEntry], title: str) -> Finding:
    name = Counter(e.name for e in entries).most_common(1)[0][0]
    return Finding(kind, title.format(id=show(idn), name=name, n=len({e.office_id for e in entries})), show(idn),
                   name, tuple(sorted(entries, key=lambda e: (e.office_name, e.file_no))), finding_key(kind, idn))


def _ordered(findings: list[Finding]) -> list[Finding]:
    """One finding per household: people found in the same files (or items) are named in the head's title."""
    households: dict[frozenset[Any], list[Finding]] = defaultdict(list)
    for f in findings:
        households[frozenset((e.file_id, e.item_id) for e in f.entries)].append(f)
    kept = []
    for group in households.values():
        group.sort(key=lambda f: (-sum(e.role == HEAD for e in f.entries), f.name, f.key))
        first, others = group[0], group[1:]
        if others:
            title = f"{first.title}（同户另有 {len(others)} 人同样：{'、'.join(f.name for f in others)}）"
            first = Finding(first.kind, title, first.id_masked, first.name, first.entries, first.key)
        kept.append(first)
    return sorted(kept, key=lambda f: (f.entries[0].office_name, f.name, f.key))


def _role_text(row: Any) -> str:
    return "户主本人" if row.role == HEAD else f"户主“{row.head_name}”的家庭成员（{row.role}）"


# --- 1. the same person in active files of several townships ---------------------------------------

def _duplicate_files(session: Session, county_id: uuid.UUID, ids: list[str], offices: dict[uuid.UUID, str],
                     show: Any) -> list[Finding]:
    rows = _chunked(session, ids, lambda chunk: _people(county_id, chunk, WorkerFile.status == ACTIVE))
    findings = []
    for idn, group in _grouped(rows).items():
        entries = [FindingEntry(
            r.office_id, offices.get(r.office_id, "?"), r.file_id, r.file_no, r.name, r.role, r.status,
            f"{_role_text(r)}；工作单位 {r.unit or '（未填）'}；困难类别 {r.category or '（未填）'}；"
            f"建档日期 {_date(r.filed_date)}") for r in group]
        findings.append(_finding(DUPLICATE_FILE, idn, show, entries,
                                 "身份证号 {id}（{name}）在 {n} 个乡镇都有在档档案"))
    return _ordered(findings)


def _date(day: dt.date | None) -> str:
    return date_text(day) if day else "（未填）"


# --- 2. the same person paid in two townships in overlapping campaign periods ------------------------

def _paid_people(county_id: uuid.UUID, ids: list[str]) -> Executable:
    """Heads and members of the households with an item that is or will be paid, with the item (a file
    deleted since is no excuse: the money went out)."""
    cols = (WorkerFile.id.label("file_id"), WorkerFile.office_id, WorkerFile.file_no, WorkerFile.status,
            WorkerFile.name.label("head_name"), AssistanceItem.id.label("item_id"), AssistanceItem.item_kind,
            AssistanceItem.amount_fen, AssistanceItem.state, AssistanceItem.paid_on, Campaign.name.label("campaign"),
            Campaign.start_date, Campaign.end_date)
    where = (AssistanceItem.state.in_(state_values(APPROVED_OR_LATER)), WorkerFile.office_id != county_id)

    def items(*person: Any) -> Select[Any]:
        return (select(*person, *cols).select_from(AssistanceItem)
                .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
                .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id).where(*where))
    heads = (items(WorkerFile.id_number.label("idn"), WorkerFile.name, literal(HEAD).label("role"))
             .where(WorkerFile.id_number.in_(ids)))
    members = (items(HouseholdMember.id_number.label("idn"), HouseholdMember.name, HouseholdMember.relation)
               .join(HouseholdMember, HouseholdMember.worker_file_id == AssistanceItem.worker_file_id)
               .where(HouseholdMember.id_number.in_(ids)))
    return union_all(heads, members)


def _double_payments(session: Session, county_id: uuid.UUID, ids: list[str], offices: dict[uuid.UUID, str],
                     show: Any) -> list[Finding]:
    rows = _chunked(session, ids, lambda chunk: _paid_people(county_id, chunk))
    findings = []
    for idn, group in _grouped(rows).items():
        overlapping = _overlapping(group)
        if not overlapping:
            continue
        entries = [FindingEntry(
            r.office_id, offices.get(r.office_id, "?"), r.file_id, r.file_no, r.name, r.role, r.status,
            _payment_text(r), r.item_id, r.amount_fen, r.state) for r in overlapping]
        findings.append(_finding(DOUBLE_PAYMENT, idn, show, entries,
                                 "身份证号 {id}（{name}）在 {n} 个乡镇的同期活动中都有批准或已发放的帮扶"))
    return _ordered(findings)


def _overlapping(group: list[Any]) -> list[Any]:
    """The items of one person that overlap in time with an item of another township."""
    keep: set[int] = set()
    for i, a in enumerate(group):
        for j in range(i + 1, len(group)):
            b = group[j]
            if a.office_id != b.office_id and a.start_date <= b.end_date and b.start_date <= a.end_date:
                keep.update((i, j))
    return [group[i] for i in sorted(keep)]


def _payment_text(r: Any) -> str:
    state = STATE_LABELS.get(ItemState(r.state), r.state)
    when = f" {date_text(r.paid_on)}" if r.paid_on else ""
    who = "" if r.role == HEAD else f"（{_role_text(r)}）"
    return (f"{r.campaign}（{span_text(r.start_date, r.end_date)}）{r.item_kind} "
            f"{format_fen(r.amount_fen)} 元，{state}{when}{who}")


# --- 3. one person's files in several townships that disagree ---------------------------------------

# (label, column of the row below): compared after stripping spaces.
COMPARED = (("姓名", "name"), ("性别", "sex"), ("出生日期", "birth_date"), ("民族", "ethnicity"),
            ("家庭住址", "address"), ("工作单位", "unit"), ("困难类别", "category"), ("户口类型", "hukou_type"),
            ("家庭人口", "size"))


def _details_differ(session: Session, county_id: uuid.UUID, ids: list[str], offices: dict[uuid.UUID, str],
                    show: Any) -> list[Finding]:
    live = (WorkerFile.office_id != county_id, WorkerFile.deleted.is_(False))
    members = (select(func.count()).select_from(HouseholdMember)
               .where(HouseholdMember.worker_file_id == WorkerFile.id).scalar_subquery())
    unit = OrgUnit.__table__.alias("unit")
    rows = _chunked(session, ids, lambda chunk: (
        select(WorkerFile.id_number.label("idn"), WorkerFile.id.label("file_id"), WorkerFile.office_id,
               WorkerFile.file_no, WorkerFile.status, WorkerFile.name, WorkerFile.sex, WorkerFile.birth_date,
               WorkerFile.ethnicity, WorkerFile.address, unit.c.name.label("unit"), WorkerFile.category,
               WorkerFile.hukou_type, (members + 1).label("size"))
        .outerjoin(unit, unit.c.id == WorkerFile.work_unit_id)
        .where(*live, WorkerFile.id_number.in_(chunk))))
    findings = []
    for idn, group in _grouped(rows).items():
        values = [{label: _plain(normalize_name(r.name) if col == "name" else getattr(r, col))
                   for label, col in COMPARED} for r in group]  # names compared as one spelling (issue 15)
        differing = [label for label, _ in COMPARED if len({v[label] for v in values}) > 1]
        if not differing:
            continue
        entries = [FindingEntry(r.office_id, offices.get(r.office_id, "?"), r.file_id, r.file_no, r.name, HEAD,
                                r.status, "；".join(f"{k} {x or '（未填）'}" for k, x in shown.items()))
                   for r, shown in zip(group, values, strict=True)]
        title = "身份证号 {id}（{name}）在 {n} 个乡镇的档案信息不一致：" + "、".join(differing)
        findings.append(_finding(DETAILS_DIFFER, idn, show, entries, title))
    return _ordered(findings)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, int):
        return f"{value} 人"
    return "".join(str(value).split())
