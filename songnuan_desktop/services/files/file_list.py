"""The file list (档案): filter as you type and keyset paging over up to 100,000 files.

One keystroke runs one query that walks `ix_worker_files_search` (a covering index) in the order
shown and stops at the page size, so a common name answers in a few milliseconds and even a text
that matches nothing reads only the narrow index, never the whole table.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select, true
from sqlalchemy.orm import Session

from songnuan_desktop.domain.ids import mask_card, mask_id, mask_phone, normalize_id
from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.domain.states import PAID_STATES, state_values
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, OrgUnit, WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser

PAGE = 200
DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "‐": "-"})  # a Chinese input method's dashes
SORTS: dict[str, Any] = {
    "file_no": WorkerFile.file_no, "name": WorkerFile.name_pinyin, "category": WorkerFile.category,
    "status": WorkerFile.status, "reviewed_date": WorkerFile.reviewed_date, "filed_date": WorkerFile.filed_date,
}


LIST_COLUMNS = (
    WorkerFile.id, WorkerFile.file_no, WorkerFile.name, WorkerFile.sex, WorkerFile.id_number,
    WorkerFile.work_unit_id, WorkerFile.category, WorkerFile.status, WorkerFile.phone, WorkerFile.bank_card,
    WorkerFile.reviewed_date,
)


@dataclass(frozen=True)
class FileFilter:
    text: str = ""
    category: str = ""
    status: str = ""
    unit_id: uuid.UUID | None = None
    not_reviewed_for_a_year: bool = False
    never_assisted: bool = False
    sort: str = "file_no"
    descending: bool = False


@dataclass(frozen=True)
class FileRow:
    id: uuid.UUID
    file_no: str
    name: str
    sex: str
    id_number: str  # masked unless the user's role may see it
    unit: str
    category: str
    status: str
    phone: str
    bank_card: str  # masked unless the user's role may see it
    reviewed_date: dt.date | None
    sort_key: tuple[Any, str]  # where the next page starts


FILE_NO_PART = re.compile(r"[A-Z0-9]+-[A-Z0-9-]*")  # JZ-2018-0001, 2018-0001, JZ-2018, JZ-: names have no dash


def _text_condition(text: str) -> ColumnElement[bool]:
    """A dash: part of the file number (JZ-2018-0001, 2018-0001); digits: part of the ID number; Latin
    letters: pinyin initials or full pinyin; else name or unit."""
    compact = normalize_id(text)
    dashed = compact.translate(DASHES)
    if FILE_NO_PART.fullmatch(dashed):
        return WorkerFile.file_no.contains(dashed, autoescape=True)
    if re.fullmatch(r"[0-9X]+", compact):
        return WorkerFile.id_number.contains(compact, autoescape=True)
    if re.fullmatch(r"[a-z]+", text.lower().replace(" ", "")):
        key = text.lower().replace(" ", "")
        return or_(WorkerFile.name_initials.startswith(key, autoescape=True),
                   WorkerFile.name_pinyin.startswith(key, autoescape=True))
    units = select(OrgUnit.id).where(OrgUnit.name.contains(text.strip(), autoescape=True))
    return or_(WorkerFile.name.contains(text.strip(), autoescape=True), WorkerFile.work_unit_id.in_(units))


def conditions_of(flt: FileFilter, office_id: uuid.UUID, today: dt.date) -> list[ColumnElement[bool]]:
    """The WHERE of a filter (the export of the filtered files uses it too)."""
    found: list[ColumnElement[bool]] = [WorkerFile.office_id == office_id, WorkerFile.deleted.is_(False)]
    if flt.text.strip():
        found.append(_text_condition(flt.text))
    if flt.category:
        found.append(WorkerFile.category == flt.category)
    if flt.status:
        found.append(WorkerFile.status == flt.status)
    if flt.unit_id is not None:
        found.append(WorkerFile.work_unit_id == flt.unit_id)
    if flt.not_reviewed_for_a_year:
        year_ago = today - dt.timedelta(days=365)
        found.append(or_(WorkerFile.reviewed_date.is_(None), WorkerFile.reviewed_date < year_ago))
    if flt.never_assisted:
        found.append(~exists().where(AssistanceItem.worker_file_id == WorkerFile.id,
                                     AssistanceItem.state.in_(state_values(PAID_STATES))))
    return found


def _after(flt: FileFilter, column: Any, after: tuple[Any, str] | None) -> ColumnElement[bool]:
    """Keyset condition: rows strictly after (value, file_no) in the order of `_order` — empty values
    first when ascending and last when descending, the same on SQLite and PostgreSQL."""
    if after is None:
        return true()
    value, file_no = after
    if flt.descending:
        if value is None:
            return and_(column.is_(None), WorkerFile.file_no < file_no)
        return or_(column < value, and_(column == value, WorkerFile.file_no < file_no), column.is_(None))
    if value is None:
        return or_(and_(column.is_(None), WorkerFile.file_no > file_no), column.is_not(None))
    return or_(column > value, and_(column == value, WorkerFile.file_no > file_no))


def _order(flt: FileFilter, column: Any) -> list[Any]:
    if column is WorkerFile.file_no:
        return [column.desc() if flt.descending else column]
    if flt.descending:
        return [column.desc().nulls_last(), WorkerFile.file_no.desc()]
    return [column.asc().nulls_first(), WorkerFile.file_no]


def query(flt: FileFilter, office_id: uuid.UUID, after: tuple[Any, str] | None = None,
          limit: int = PAGE, today: dt.date | None = None) -> Select:  # type: ignore[type-arg]
    """The statement one page runs (also what the benchmark runs bare)."""
    column = SORTS.get(flt.sort, WorkerFile.file_no)
    conditions = conditions_of(flt, office_id, today or dt.date.today())
    shown = select(*LIST_COLUMNS, column.label("sort_value"))  # plain rows: no ORM objects to build
    return shown.where(*conditions, _after(flt, column, after)).order_by(*_order(flt, column)).limit(limit)


def page(db: Database, user: SessionUser, flt: FileFilter, after: tuple[Any, str] | None = None,
         limit: int = PAGE, full_numbers: bool = False) -> list[FileRow]:
    """One page of the list. Numbers are masked unless `full_numbers` is asked for by a role that may
    see them (after `show_full_numbers`, which logs the look)."""
    full = full_numbers and may_see_full_numbers(user)
    with db.read() as session:
        found = session.execute(query(flt, user.office_id, after, limit)).all()
        units = _unit_names(session, {f.work_unit_id for f in found if f.work_unit_id})
        return [_row(f, units, full) for f in found]


def _unit_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    found = session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids)))
    return {unit_id: name for unit_id, name in found}


def _row(f: Any, units: dict[uuid.UUID, str], full: bool) -> FileRow:
    return FileRow(
        f.id, f.file_no, f.name, f.sex, f.id_number if full else mask_id(f.id_number),
        units.get(f.work_unit_id, "") if f.work_unit_id else "", f.category, f.status,
        f.phone if full else mask_phone(f.phone),
        f.bank_card if full else mask_card(f.bank_card), f.reviewed_date, (f.sort_value, f.file_no),
    )


def may_see_full_numbers(user: SessionUser) -> bool:
    return bool(user.roles & ROLES_SEEING_FULL_IDS)


def show_full_numbers(db: Database, user: SessionUser, flt: FileFilter) -> None:
    """The list with full ID, card and phone numbers: allowed roles only, and every look is logged."""
    if not may_see_full_numbers(user):
        raise PermissionDenied("full_numbers", f"“{user.display_name}”的角色（{user.role_text}）"
                                               "不能查看完整的身份证号、银行卡号和手机号。")
    with db.write(user.actor) as session:
        audit.append(session, user.actor, "list_full_numbers", "worker_files", "", after={
            "text": flt.text, "category": flt.category, "status": flt.status,
            "not_reviewed_for_a_year": flt.not_reviewed_for_a_year, "never_assisted": flt.never_assisted,
        })
