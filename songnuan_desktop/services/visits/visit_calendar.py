"""Visit groups (慰问组) and visits (走访慰问): the calendar's data.

Public API (frozen dataclasses in and out; no ORM object leaves this module):

- `groups(db, office_id, include_inactive=False) -> list[GroupView]`, in the order of the number in
  their names (第一、第二、第三…第十一慰问组, or 4, 5, 10: a plain name sort would put 第三 before 第二).
- `save_group(db, by, data, group_id=None, row_version=None) -> GroupView` — clerk or admin; a new
  group without `group_id`, else a change refused when the group was saved since it was read.
- `visits_between(db, by, start, end, group_ids=None, campaign_id=None) -> list[VisitView]` — the
  visits dated in [start, end] (both included), not deleted, by date, start time and group; phones
  masked unless the user's role may see them (`ROLES_SEEING_FULL_IDS`).
- `get_visit(db, by, visit_id) -> VisitView`.
- `search_households(db, by, text, limit=50) -> list[VisitHouseholdView]` — 在档 files by name,
  pinyin initials or full pinyin, ID number digits (the file list's search), for the visit dialog.

Writing (create, update, move, delete, outcomes) is in `visit_changes`, the conflicts and reminders in
`visit_checks`, automatic planning in `visit_planning` (`plan`, `PlanResult`, `Unplaced`), the route
sheet and exports in `visit_exports`; the package `services.visits.visit_calendar` exports their names and these.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.ids import mask_phone
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.domain.villages import village_of
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Visit, VisitGroup, VisitHousehold, WorkerFile
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.files.file_list import FileFilter
from songnuan_desktop.services.office.session_user import SessionUser

PURPOSES = codes.VISIT_PURPOSES  # 节日慰问, 三必访-住院, 三必访-丧事, 三必访-家庭纠纷, 结对帮扶
OUTCOMES = codes.VISIT_OUTCOMES  # 计划, 已走访, 不在家, 改期
CLEARS = ("家庭状况", "致困原因", "思想状态", "技能特长", "就业要求")
PAIR_PURPOSE = "结对帮扶"
MUST_VISIT_PURPOSES = tuple(p for p in PURPOSES if p.startswith("三必访"))
PLANNED: str = OUTCOMES[0]
DONE: str = OUTCOMES[1]
CHUNK = 500


@dataclass(frozen=True)
class GroupView:
    id: uuid.UUID
    name: str
    leader: str
    members: str
    vehicle: str
    contact: str
    active: bool
    row_version: int


@dataclass(frozen=True)
class GroupInput:
    name: str
    leader: str
    members: str = ""
    vehicle: str = ""
    contact: str = ""
    active: bool = True


@dataclass(frozen=True)
class VisitHouseholdView:
    file_id: uuid.UUID
    name: str
    file_no: str
    address: str
    village: str
    phone: str  # masked unless the role may see it
    category: str
    item_id: uuid.UUID | None
    amount_fen: int | None  # the linked item's amount: what the group hands over


@dataclass(frozen=True)
class VisitView:
    id: uuid.UUID
    row_version: int
    group_id: uuid.UUID
    group_name: str
    campaign_id: uuid.UUID | None
    campaign_name: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    purpose: str
    note: str
    outcome: str
    households: tuple[VisitHouseholdView, ...]
    clears: tuple[tuple[str, str], ...] = ()  # the five "clears" noted with the outcome, in CLEARS order

    @property
    def title(self) -> str:
        """'第一慰问组·张三等 2 户' — what a calendar cell shows."""
        first = self.households[0].name if self.households else ""
        more = f"等 {len(self.households)} 户" if len(self.households) > 1 else ""
        return f"{self.group_name}·{first}{more}"


@dataclass(frozen=True)
class VisitInput:
    group_id: uuid.UUID
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    purpose: str
    file_ids: tuple[uuid.UUID, ...]
    campaign_id: uuid.UUID | None = None
    note: str = ""


@dataclass(frozen=True)
class Conflict:
    kind: str  # group_overlap | twice_in_campaign | outside_campaign | day_off | pair_visits | must_visit
    severity: str  # "error" | "warning"
    message: str  # Chinese words naming the group, household and date
    visit_ids: tuple[uuid.UUID, ...]
    file_id: uuid.UUID | None
    day: dt.date | None


def sees_phones(by: SessionUser) -> bool:
    return bool(by.roles & ROLES_SEEING_FULL_IDS)


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def time_span(start: dt.time, end: dt.time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


# --- groups ---------------------------------------------------------------------------------------

def _group_view(g: VisitGroup) -> GroupView:
    return GroupView(g.id, g.name, g.leader, g.members, g.vehicle, g.contact, g.active, g.row_version)


def groups(db: Database, office_id: uuid.UUID, include_inactive: bool = False) -> list[GroupView]:
    with db.read() as session:
        query = select(VisitGroup).where(VisitGroup.office_id == office_id)
        if not include_inactive:
            query = query.where(VisitGroup.active.is_(True))
        return sorted((_group_view(g) for g in session.scalars(query)), key=lambda g: (group_order(g.name), g.id))


_NUMERALS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九", start=0)}


def group_order(name: str) -> tuple[int, str]:
    """第二慰问组 before 第三 and 第十: the Chinese numeral read as a number (up to 99), then the name."""
    digits = "".join(_NUMERALS.get(c, "") for c in name if c in _NUMERALS or c == "十")
    tens = name.find("十")
    if tens >= 0:
        before = _NUMERALS.get(name[tens - 1], "") if tens else ""
        after = _NUMERALS.get(name[tens + 1], "") if tens + 1 < len(name) else ""
        return int(before or "1") * 10 + int(after or "0"), name
    arabic = "".join(c for c in name if c.isdigit())
    return int(digits or arabic or 10**6), name


def _checked_group(data: GroupInput) -> GroupInput:
    name, leader = data.name.strip(), data.leader.strip()
    if not name:
        raise ValidationFailed("name", "请填写慰问组名称。", {"field": "name"})
    if not leader:
        raise ValidationFailed("leader", "请填写带队领导。", {"field": "leader"})
    for value, limit, label in ((name, 60, "名称"), (leader, 60, "带队领导"), (data.members.strip(), 200, "成员"),
                                (data.vehicle.strip(), 60, "车辆"), (data.contact.strip(), 40, "联系电话")):
        if len(value) > limit:
            raise ValidationFailed("too_long", f"慰问组{label}不能超过 {limit} 个字。", {"field": label})
    return GroupInput(name, leader, data.members.strip(), data.vehicle.strip(), data.contact.strip(), data.active)


def save_group(db: Database, by: SessionUser, data: GroupInput, group_id: uuid.UUID | None = None,
               row_version: int | None = None) -> GroupView:
    by.require(Action.MANAGE_GROUPS)
    data = _checked_group(data)
    with db.write(by.actor) as session:
        twin = session.scalar(select(VisitGroup.id).where(VisitGroup.office_id == by.office_id,
                                                          VisitGroup.name == data.name))
        if twin is not None and twin != group_id:
            raise ValidationFailed("duplicate_group", f"已有名为“{data.name}”的慰问组，请换一个名称。",
                                   {"field": "name"})
        if group_id is None:
            group = VisitGroup(origin_office_id=by.office_id, office_id=by.office_id)
            session.add(group)
        else:
            group = load_group(session, by.office_id, group_id)
            if row_version is not None and group.row_version != row_version:
                raise ValidationFailed("stale", f"慰问组“{group.name}”在您打开后已被他人修改，请刷新后再改。",
                                       {"field": "row_version"})
        group.name, group.leader, group.members = data.name, data.leader, data.members
        group.vehicle, group.contact, group.active = data.vehicle, data.contact, data.active
        session.flush()
        return _group_view(group)


def load_group(session: Session, office_id: uuid.UUID, group_id: uuid.UUID) -> VisitGroup:
    group = session.get(VisitGroup, group_id)
    if group is None or group.office_id != office_id:
        raise NotFound("visit_group", "找不到该慰问组，可能已被删除。", {"id": str(group_id)})
    return group


# --- reading visits -------------------------------------------------------------------------------

def visits_between(db: Database, by: SessionUser, start: dt.date, end: dt.date,
                   group_ids: Sequence[uuid.UUID] | None = None,
                   campaign_id: uuid.UUID | None = None) -> list[VisitView]:
    """The visits dated in [start, end], both included (see the module doc)."""
    conditions = [Visit.office_id == by.office_id, Visit.deleted.is_(False), Visit.date >= start, Visit.date <= end]
    if group_ids is not None:
        conditions.append(Visit.group_id.in_(list(group_ids)))
    if campaign_id is not None:
        conditions.append(Visit.campaign_id == campaign_id)
    with db.read() as session:
        return read_visits(session, conditions, sees_phones(by))


def get_visit(db: Database, by: SessionUser, visit_id: uuid.UUID) -> VisitView:
    with db.read() as session:
        found = read_visits(session, [Visit.id == visit_id, Visit.office_id == by.office_id,
                                      Visit.deleted.is_(False)], sees_phones(by))
    if not found:
        raise NotFound("visit", "找不到该走访，可能已被删除。", {"id": str(visit_id)})
    return found[0]


VISIT_COLUMNS = (Visit.id, Visit.row_version, Visit.group_id, VisitGroup.name.label("group_name"), Visit.campaign_id,
                 Campaign.name.label("campaign_name"), Visit.date, Visit.start_time, Visit.end_time, Visit.purpose,
                 Visit.note, Visit.outcome, Visit.outcome_json)
HOUSEHOLD_COLUMNS = (VisitHousehold.visit_id, WorkerFile.id, WorkerFile.name, WorkerFile.file_no, WorkerFile.address,
                     WorkerFile.phone, WorkerFile.category, VisitHousehold.item_id, AssistanceItem.amount_fen)


def read_visits(session: Session, conditions: list[ColumnElement[bool]], full: bool) -> list[VisitView]:
    """Two queries over the same conditions (the visits, then their households): no IN list of ids,
    so a month of 2,000 visits reads in two round trips."""
    rows = session.execute(
        select(*VISIT_COLUMNS).join(VisitGroup, VisitGroup.id == Visit.group_id)
        .outerjoin(Campaign, Campaign.id == Visit.campaign_id).where(*conditions)
        .order_by(Visit.date, Visit.start_time, VisitGroup.name, Visit.id)).all()
    if not rows:
        return []
    people: dict[uuid.UUID, list[VisitHouseholdView]] = {}
    found = session.execute(
        select(*HOUSEHOLD_COLUMNS).join(Visit, Visit.id == VisitHousehold.visit_id)
        .join(WorkerFile, WorkerFile.id == VisitHousehold.worker_file_id)
        .outerjoin(AssistanceItem, AssistanceItem.id == VisitHousehold.item_id)
        .where(*conditions).order_by(VisitHousehold.visit_id, VisitHousehold.position))
    for r in found:
        people.setdefault(r[0], []).append(household_view(r[1:], full))
    return [_visit_view(r, tuple(people.get(r.id, ()))) for r in rows]


def household_view(r: Sequence[Any], full: bool) -> VisitHouseholdView:
    file_id, name, file_no, address, phone, category, item_id, amount = r
    return VisitHouseholdView(file_id, name, file_no, address, village_of(address),
                              phone if full else mask_phone(phone), category, item_id,
                              amount if item_id is not None else None)


def _visit_view(r: Any, households: tuple[VisitHouseholdView, ...]) -> VisitView:
    return VisitView(r.id, r.row_version, r.group_id, r.group_name, r.campaign_id, r.campaign_name or "", r.date,
                     r.start_time, r.end_time, r.purpose, r.note, r.outcome, households, clears_of(r.outcome_json))


def clears_of(text: str) -> tuple[tuple[str, str], ...]:
    if not text:
        return ()
    values = json.loads(text)
    return tuple((k, str(values[k])) for k in CLEARS if values.get(k))


# --- choosing households --------------------------------------------------------------------------

def search_households(db: Database, by: SessionUser, text: str, limit: int = 50) -> list[VisitHouseholdView]:
    """在档 files whose name, pinyin initials, full pinyin or ID digits match `text` (the file list's
    search, in its order), with address and village for the visit dialog."""
    if not text.strip():
        return []
    rows = file_list.page(db, by, FileFilter(text=text, status=codes.ACTIVE_FILE_STATUS), limit=limit)
    if not rows:
        return []
    full = sees_phones(by)
    with db.read() as session:
        found = {r[0]: r for r in session.execute(
            select(WorkerFile.id, WorkerFile.name, WorkerFile.file_no, WorkerFile.address, WorkerFile.phone,
                   WorkerFile.category).where(WorkerFile.id.in_([r.id for r in rows])))}
    return [household_view((*found[r.id], None, None), full) for r in rows if r.id in found]
