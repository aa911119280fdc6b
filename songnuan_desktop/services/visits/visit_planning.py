"""Automatic planning of a campaign's visits (re-exported by `services.visits.visit_calendar`).

`plan(db, by, campaign_id, file_ids_or_items, group_ids, first_day, per_group_day=None, skip_holidays=True,
start_time=09:00, minutes_per_visit=45) -> PlanResult` — clerk. The ids may be worker files or the
campaign's assistance items (an item id links the visit to that item; a file id links the household's
item in the campaign if it has one). The households are sorted by village, then address, then file
number, and cut into runs of `per_group_day` (default: the office's setting 每组每天走访户数, 8); on each
day from `first_day` (working days only unless `skip_holidays` is False) every group takes the next
run, so a group's day stays in one area. Each household is one visit of `minutes_per_visit`, one after
the other from `start_time`, around the lunch break 12:00–14:00 and around the group's visits already
in the calendar that day (no double booking is ever made); a day ends by 18:00.

Left out, each with the reason: a file not found, not 在档, named twice, or already visited or
planned in this campaign (the campaign's "already visited" rule; 不在家 and 改期 do not count). All
visits are written in one transaction, in bulk, each with the audit entry a single write would give,
plus one `plan_visits` entry summing the plan up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.codes import ACTIVE_FILE_STATUS
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.ids import mask_phone
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.villages import village_of
from songnuan_desktop.domain.workdays import is_working_day
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.bulk import bulk_insert, full_row
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Visit, VisitHousehold, WorkerFile
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.visits.visit_changes import items_of
from songnuan_desktop.services.visits.visit_checks import COUNTED
from songnuan_desktop.services.visits.visit_calendar import (
    PLANNED, VisitHouseholdView, VisitView, date_text, load_group, sees_phones,
)

CHUNK = 500
LUNCH = (dt.time(12), dt.time(14))
DAY_ENDS = dt.time(18)
MAX_DAYS = 366
PURPOSE = "节日慰问"


@dataclass(frozen=True)
class Unplaced:
    file_id: uuid.UUID | None
    name: str
    file_no: str
    reason: str


@dataclass(frozen=True)
class PlanResult:
    visits: tuple[VisitView, ...]
    unplaced: tuple[Unplaced, ...]
    message: str


@dataclass
class _Household:
    file_id: uuid.UUID
    name: str
    file_no: str
    address: str
    phone: str
    category: str
    item_id: uuid.UUID | None
    amount_fen: int | None = None

    @property
    def order(self) -> tuple[str, str, str]:
        return (village_of(self.address), self.address, self.file_no)


def _problem(code: str, message: str) -> ValidationFailed:
    return ValidationFailed(code, message, {"field": code})


def plan(db: Database, by: SessionUser, campaign_id: uuid.UUID, file_ids_or_items: Sequence[uuid.UUID],
         group_ids: Sequence[uuid.UUID], first_day: dt.date, per_group_day: int | None = None,
         skip_holidays: bool = True, start_time: dt.time = dt.time(9),
         minutes_per_visit: int = 45) -> PlanResult:
    by.require(Action.PLAN_VISITS)
    if not group_ids:
        raise _problem("group_ids", "请至少选择一个慰问组。")
    if not 10 <= minutes_per_visit <= 240:
        raise _problem("minutes_per_visit", "每户走访时长应在 10 到 240 分钟之间。")
    with db.write(by.actor) as session:
        campaign = campaigns.load(session, by.office_id, campaign_id, lock=True)
        groups = [load_group(session, by.office_id, g) for g in dict.fromkeys(group_ids)]
        inactive = [g.name for g in groups if not g.active]
        if inactive:
            raise _problem("group_ids", f"慰问组“{'、'.join(inactive)}”已停用，不能安排走访。")
        per_day = int(per_group_day or value_at(session, by.office_id, "visits_per_group_day", first_day))
        if not 1 <= per_day <= 30:
            raise _problem("per_group_day", f"每组每天走访户数应在 1 到 30 之间，填写的是 {per_day}。")
        households, unplaced = _households(session, by.office_id, campaign_id, file_ids_or_items)
        households.sort(key=lambda h: h.order)
        booked = _booked(session, [g.id for g in groups], first_day)
        placed = _place(households, [g.id for g in groups], first_day, per_day, skip_holidays, start_time,
                        minutes_per_visit, booked)
        unplaced += [Unplaced(h.file_id, h.name, h.file_no, f"{MAX_DAYS} 天内排不下")
                     for h in households[len(placed):]]
        _write(session, by, campaign_id, placed)
        names = {g.id: g.name for g in groups}
        full = sees_phones(by)
        views = tuple(_view(p, names, campaign_id, campaign.name, full) for p in placed)
        message = _message(views, unplaced, campaign.end_date)
        audit.append(session, by.actor, "plan_visits", "campaigns", str(campaign_id), after={
            "campaign": campaign.name, "visits": len(views), "unplaced": len(unplaced),
            "groups": [g.name for g in groups], "per_group_day": per_day, "first_day": first_day.isoformat(),
            "last_day": views[-1].date.isoformat() if views else None})
    return PlanResult(views, tuple(unplaced), message)


def _households(session: Session, office_id: uuid.UUID, campaign_id: uuid.UUID,
                ids: Sequence[uuid.UUID]) -> tuple[list[_Household], list[Unplaced]]:
    """The households asked for (items resolved to their files) and those left out with the reason."""
    wanted = list(dict.fromkeys(ids))
    item_file: dict[uuid.UUID, uuid.UUID] = {}
    amounts: dict[uuid.UUID, int] = {}
    files: dict[uuid.UUID, Any] = {}
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start:start + CHUNK]
        for item_id, file_id, fen in session.execute(select(
                AssistanceItem.id, AssistanceItem.worker_file_id, AssistanceItem.amount_fen).where(
                AssistanceItem.id.in_(part), AssistanceItem.campaign_id == campaign_id)):
            item_file[item_id], amounts[item_id] = file_id, fen
    file_ids = list(dict.fromkeys(item_file.get(i, i) for i in wanted))
    for start in range(0, len(file_ids), CHUNK):
        files.update({r.id: r for r in session.execute(select(
            WorkerFile.id, WorkerFile.name, WorkerFile.file_no, WorkerFile.address, WorkerFile.phone,
            WorkerFile.category, WorkerFile.status).where(WorkerFile.id.in_(file_ids[start:start + CHUNK]),
                                                          WorkerFile.office_id == office_id,
                                                          WorkerFile.deleted.is_(False)))})
    visited = _visited(session, campaign_id, file_ids)
    linked = items_of(session, campaign_id, [f for f in file_ids if f in files])
    link_amounts: dict[uuid.UUID, int] = {}
    item_ids = list(linked.values())
    for start in range(0, len(item_ids), CHUNK):
        link_amounts.update({i: fen for i, fen in session.execute(select(
            AssistanceItem.id, AssistanceItem.amount_fen).where(AssistanceItem.id.in_(item_ids[start:start + CHUNK])))})
    out: list[_Household] = []
    left: list[Unplaced] = []
    seen: set[uuid.UUID] = set()
    for given in ids:
        file_id = item_file.get(given, given)
        row = files.get(file_id)
        if row is None:
            left.append(Unplaced(None, "", "", "找不到该档案或名单项，可能已被删除"))
        elif file_id in seen:
            left.append(Unplaced(file_id, row.name, row.file_no, "同一户在列表中出现了两次，只安排一次"))
        elif row.status != ACTIVE_FILE_STATUS:
            left.append(Unplaced(file_id, row.name, row.file_no, f"档案状态为“{row.status}”，不是在档户"))
        elif file_id in visited:
            left.append(Unplaced(file_id, row.name, row.file_no, f"本活动已安排或已走访（{visited[file_id]}）"))
        else:
            item = given if given in item_file else linked.get(file_id)
            money: int | None = amounts.get(given) if given in item_file else link_amounts.get(item) if item else None
            out.append(_Household(file_id, row.name, row.file_no, row.address, row.phone, row.category, item, money))
        seen.add(file_id)
    return out, left


def _visited(session: Session, campaign_id: uuid.UUID, file_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    found: dict[uuid.UUID, str] = {}
    for start in range(0, len(file_ids), CHUNK):
        for file_id, day, outcome in session.execute(
                select(VisitHousehold.worker_file_id, Visit.date, Visit.outcome)
                .join(Visit, Visit.id == VisitHousehold.visit_id)
                .where(Visit.campaign_id == campaign_id, Visit.deleted.is_(False), Visit.outcome.in_(COUNTED),
                       VisitHousehold.worker_file_id.in_(file_ids[start:start + CHUNK]))):
            found.setdefault(file_id, f"{date_text(day)}{outcome}")
    return found


def _booked(session: Session, group_ids: list[uuid.UUID],
            first_day: dt.date) -> dict[tuple[uuid.UUID, dt.date], list[tuple[dt.time, dt.time]]]:
    booked: dict[tuple[uuid.UUID, dt.date], list[tuple[dt.time, dt.time]]] = {}
    for group_id, day, start, end in session.execute(
            select(Visit.group_id, Visit.date, Visit.start_time, Visit.end_time)
            .where(Visit.group_id.in_(group_ids), Visit.date >= first_day, Visit.deleted.is_(False))):
        booked.setdefault((group_id, day), []).append((start, end))
    return booked


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(m: int) -> dt.time:
    return dt.time(m // 60, m % 60)


def _slots(start: dt.time, minutes: int, busy: list[tuple[dt.time, dt.time]], want: int) -> list[tuple[int, int]]:
    """Up to `want` free slots of `minutes` from `start`, skipping lunch and the busy spans, ending by 18:00."""
    blocked = sorted([(_minutes(LUNCH[0]), _minutes(LUNCH[1]))] + [(_minutes(a), _minutes(b)) for a, b in busy])
    at, last = _minutes(start), _minutes(DAY_ENDS)
    found: list[tuple[int, int]] = []
    while len(found) < want and at + minutes <= last:
        clash = next(((a, b) for a, b in blocked if a < at + minutes and b > at), None)
        if clash is None:
            found.append((at, at + minutes))
            at += minutes
        else:
            at = clash[1]
    return found


@dataclass(frozen=True)
class _Placed:
    id: uuid.UUID
    group_id: uuid.UUID
    day: dt.date
    start: dt.time
    end: dt.time
    household: _Household


def _place(households: list[_Household], group_ids: list[uuid.UUID], first_day: dt.date, per_day: int,
           skip_holidays: bool, start: dt.time, minutes: int,
           booked: dict[tuple[uuid.UUID, dt.date], list[tuple[dt.time, dt.time]]]) -> list[_Placed]:
    placed: list[_Placed] = []
    pos, day = 0, first_day
    while pos < len(households) and (day - first_day).days < MAX_DAYS:
        if not skip_holidays or is_working_day(day):
            for group_id in group_ids:
                slots = _slots(start, minutes, booked.get((group_id, day), []), per_day)
                for a, b in slots[:len(households) - pos]:
                    placed.append(_Placed(uuid.uuid4(), group_id, day, _time(a), _time(b), households[pos]))
                    pos += 1
        day += dt.timedelta(days=1)
    return placed


def _write(session: Session, by: SessionUser, campaign_id: uuid.UUID, placed: list[_Placed]) -> None:
    visit_template = full_row(Visit(origin_office_id=by.office_id, office_id=by.office_id, campaign_id=campaign_id,
                                    purpose=PURPOSE, note="", outcome=PLANNED, outcome_json="", deleted=False))
    household_template = full_row(VisitHousehold(origin_office_id=by.office_id, position=0))
    visit_rows, household_rows = [], []
    for p in placed:
        visit_rows.append({**visit_template, "id": p.id, "group_id": p.group_id, "date": p.day, "start_time": p.start,
                           "end_time": p.end})
        household_rows.append({**household_template, "id": uuid.uuid4(), "visit_id": p.id,
                               "worker_file_id": p.household.file_id, "item_id": p.household.item_id})
    session.flush()
    for table, rows in ((cast(Table, Visit.__table__), visit_rows),
                        (cast(Table, VisitHousehold.__table__), household_rows)):
        bulk_insert(session.connection(), table, rows)
        audit.append_many(session, by.actor, "create", table.name, audit.created_entries(rows))


def _view(p: _Placed, names: dict[uuid.UUID, str], campaign_id: uuid.UUID, campaign_name: str,
          full: bool) -> VisitView:
    h = p.household
    household = VisitHouseholdView(h.file_id, h.name, h.file_no, h.address, village_of(h.address),
                                   h.phone if full else mask_phone(h.phone), h.category, h.item_id, h.amount_fen)
    return VisitView(p.id, 1, p.group_id, names[p.group_id], campaign_id, campaign_name, p.day, p.start, p.end,
                     PURPOSE, "", PLANNED, (household,))


def _message(views: tuple[VisitView, ...], unplaced: list[Unplaced], campaign_end: dt.date) -> str:
    if not views:
        text = "没有安排任何走访"
    else:
        first, last = views[0].date, max(v.date for v in views)
        text = f"已安排 {len(views)} 户走访，{date_text(first)}至{date_text(last)}"
        if last > campaign_end:
            text += f"（最后几天在活动结束日{date_text(campaign_end)}之后，请调整）"
    if unplaced:
        text += f"；{len(unplaced)} 户未安排（见原因）"
    return text + "。"
