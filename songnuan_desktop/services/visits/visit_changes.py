"""Writing visits: create, change, move (drag and drop), delete, and record the outcome.

Public API (re-exported by `services.visits.visit_calendar`), all for the clerk (经办人 schedules visits):

- `create_visit(db, by, data) -> VisitView`
- `update_visit(db, by, visit_id, data, row_version) -> VisitView`
- `move_visit(db, by, visit_id, date, start_time, end_time, group_id, row_version) -> VisitView`
- `delete_visit(db, by, visit_id, row_version) -> None` — soft: `deleted` set, logged like any change.
- `record_outcome(db, by, visit_id, outcome, clears, note="", photos=(), row_version=None) -> VisitView`
  — 已走访 / 不在家 / 改期 (or back to 计划) with notes on the five "clears"; each photo is attached to
  every visited household's file as 照片 (`attachments.add`, content-addressed, so one photo of two
  households is stored once).

Only one rule blocks a write: a group cannot be in two places at once, so a visit whose time overlaps
another visit of the same group on that day is refused, naming the other visit. Everything else
(the same household twice in a campaign, a holiday, outside the campaign period) is a warning that
`visit_checks.conflicts_between` shows and the user may accept. A changed visit is refused when
someone saved it since it was read (`row_version`). When the visit belongs to a campaign, each
household is linked to its item in that campaign (the one still holding money), so the route sheet
says what to hand over.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import HOLDING_STATES
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Visit, VisitHousehold, WorkerFile
from songnuan_desktop.services.files import attachments
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits.visit_calendar import (
    CLEARS, OUTCOMES, PURPOSES, VisitInput, VisitView, date_text, get_visit, load_group, time_span,
)

MAX_HOUSEHOLDS = 20
PHOTO_KIND = "照片"


def _problem(code: str, message: str, field: str = "") -> ValidationFailed:
    return ValidationFailed(code, message, {"field": field or code})


def check_input(data: VisitInput) -> None:
    if data.purpose not in PURPOSES:
        raise _problem("purpose", f"走访事由应为{'、'.join(PURPOSES)}之一。")
    if data.end_time <= data.start_time:
        raise _problem("end_time", f"结束时间 {data.end_time:%H:%M} 应晚于开始时间 {data.start_time:%H:%M}。")
    if not data.file_ids:
        raise _problem("file_ids", "请至少选择一户走访对象。")
    if len(set(data.file_ids)) != len(data.file_ids):
        raise _problem("file_ids", "同一户在一次走访中只能列一次。")
    if len(data.file_ids) > MAX_HOUSEHOLDS:
        raise _problem("file_ids", f"一次走访最多安排 {MAX_HOUSEHOLDS} 户，请分成几次走访。")


def group_clash(session: Session, group_id: uuid.UUID, day: dt.date, start: dt.time, end: dt.time,
                except_id: uuid.UUID | None = None) -> Visit | None:
    """Another visit of the group that day whose time overlaps [start, end) (touching ends do not)."""
    query = select(Visit).where(Visit.group_id == group_id, Visit.date == day, Visit.deleted.is_(False),
                                Visit.start_time < end, Visit.end_time > start)
    if except_id is not None:
        query = query.where(Visit.id != except_id)
    return session.scalars(query.order_by(Visit.start_time).limit(1)).first()


def _refuse_clash(session: Session, group_name: str, group_id: uuid.UUID, day: dt.date, start: dt.time,
                  end: dt.time, except_id: uuid.UUID | None = None) -> None:
    other = group_clash(session, group_id, day, start, end, except_id)
    if other is None:
        return
    names = "、".join(session.scalars(
        select(WorkerFile.name).join(VisitHousehold, VisitHousehold.worker_file_id == WorkerFile.id)
        .where(VisitHousehold.visit_id == other.id).order_by(VisitHousehold.position)))
    raise ValidationFailed("group_overlap", (
        f"{group_name}{date_text(day)} {time_span(other.start_time, other.end_time)} 已安排走访{names}，"
        f"与 {time_span(start, end)} 时间重叠：同一慰问组不能同时在两处，请换时间或换组。"),
        {"field": "start_time", "visit_id": str(other.id)})


def _campaign(session: Session, office_id: uuid.UUID, campaign_id: uuid.UUID | None) -> Campaign | None:
    if campaign_id is None:
        return None
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.office_id != office_id or campaign.deleted:
        raise NotFound("campaign", "找不到该活动，可能已被删除。", {"id": str(campaign_id)})
    return campaign


def items_of(session: Session, campaign_id: uuid.UUID | None,
             file_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """file id → its item in the campaign that still holds money (one per household and campaign)."""
    if campaign_id is None or not file_ids:
        return {}
    found: dict[uuid.UUID, uuid.UUID] = {}
    ids = list(file_ids)
    for start in range(0, len(ids), 500):
        found.update({f: i for f, i in session.execute(
            select(AssistanceItem.worker_file_id, AssistanceItem.id).where(
                AssistanceItem.campaign_id == campaign_id, AssistanceItem.state.in_(HOLDING_STATES),
                AssistanceItem.worker_file_id.in_(ids[start:start + 500])))})
    return found


def _check_files(session: Session, office_id: uuid.UUID, file_ids: Sequence[uuid.UUID]) -> None:
    known = set(session.scalars(select(WorkerFile.id).where(
        WorkerFile.id.in_(list(file_ids)), WorkerFile.office_id == office_id, WorkerFile.deleted.is_(False))))
    if len(known) != len(set(file_ids)):
        raise NotFound("worker_file", "所选走访对象中有档案找不到了，可能已被删除，请重新选择。")


def _set_households(session: Session, by: SessionUser, visit: Visit, file_ids: Sequence[uuid.UUID]) -> None:
    """The households in the order given; rows of households kept are kept (their ids and history)."""
    items = items_of(session, visit.campaign_id, file_ids)
    kept = {h.worker_file_id: h for h in visit.households}
    rows = []
    for position, file_id in enumerate(file_ids):
        row = kept.get(file_id) or VisitHousehold(origin_office_id=by.office_id, worker_file_id=file_id)
        row.position, row.item_id = position, items.get(file_id)
        rows.append(row)
    visit.households = rows


def _as_saved(visit: Visit) -> tuple[object, ...]:
    """What a change of the visit's dialog can touch: its fields and its households in order."""
    return (visit.group_id, visit.campaign_id, visit.date, visit.start_time, visit.end_time, visit.purpose,
            visit.note, tuple((h.worker_file_id, h.position, h.item_id) for h in visit.households))


def _load(session: Session, by: SessionUser, visit_id: uuid.UUID, row_version: int | None) -> Visit:
    visit = session.get(Visit, visit_id, with_for_update=True)
    if visit is None or visit.office_id != by.office_id or visit.deleted:
        raise NotFound("visit", "找不到该走访，可能已被删除。", {"id": str(visit_id)})
    if row_version is not None and visit.row_version != row_version:
        raise _problem("stale", f"{date_text(visit.date)}{visit.group.name}的这次走访在您打开后已被他人修改，"
                                "请刷新后再改。", "row_version")
    return visit


def create_visit(db: Database, by: SessionUser, data: VisitInput) -> VisitView:
    by.require(Action.ADD_VISIT)
    check_input(data)
    with db.write(by.actor) as session:
        group = load_group(session, by.office_id, data.group_id)
        if not group.active:
            raise _problem("group_id", f"慰问组“{group.name}”已停用，请选择其他组或先启用。", "group_id")
        _campaign(session, by.office_id, data.campaign_id)
        _check_files(session, by.office_id, data.file_ids)
        _refuse_clash(session, group.name, group.id, data.date, data.start_time, data.end_time)
        visit = Visit(origin_office_id=by.office_id, office_id=by.office_id, group_id=group.id,
                      campaign_id=data.campaign_id, date=data.date, start_time=data.start_time,
                      end_time=data.end_time, purpose=data.purpose, note=data.note.strip(), outcome=OUTCOMES[0],
                      outcome_json="", deleted=False)
        visit.households = []
        session.add(visit)
        _set_households(session, by, visit, data.file_ids)
        session.flush()
        visit_id = visit.id
    return get_visit(db, by, visit_id)


def update_visit(db: Database, by: SessionUser, visit_id: uuid.UUID, data: VisitInput, row_version: int) -> VisitView:
    by.require(Action.EDIT_VISIT)
    check_input(data)
    with db.write(by.actor) as session:
        visit = _load(session, by, visit_id, row_version)
        group = load_group(session, by.office_id, data.group_id)
        _campaign(session, by.office_id, data.campaign_id)
        _check_files(session, by.office_id, data.file_ids)
        _refuse_clash(session, group.name, group.id, data.date, data.start_time, data.end_time, visit.id)
        before = _as_saved(visit)
        visit.group_id, visit.campaign_id, visit.date = group.id, data.campaign_id, data.date
        visit.start_time, visit.end_time, visit.purpose = data.start_time, data.end_time, data.purpose
        visit.note = data.note.strip()
        _set_households(session, by, visit, data.file_ids)
        if _as_saved(visit) != before:  # saved unchanged, nothing moves and nothing is logged (STYLE rule 15)
            visit.updated_at = utcnow()  # the row itself changes, so its version moves even when only households did
        session.flush()
    return get_visit(db, by, visit_id)


def move_visit(db: Database, by: SessionUser, visit_id: uuid.UUID, date: dt.date, start_time: dt.time,
               end_time: dt.time, group_id: uuid.UUID, row_version: int) -> VisitView:
    """Another day, time or group (a drag and drop in the calendar); households and purpose kept."""
    by.require(Action.MOVE_VISIT)
    if end_time <= start_time:
        raise _problem("end_time", f"结束时间 {end_time:%H:%M} 应晚于开始时间 {start_time:%H:%M}。")
    with db.write(by.actor) as session:
        visit = _load(session, by, visit_id, row_version)
        group = load_group(session, by.office_id, group_id)
        _refuse_clash(session, group.name, group.id, date, start_time, end_time, visit.id)
        visit.group_id, visit.date, visit.start_time, visit.end_time = group.id, date, start_time, end_time
        visit.updated_at = utcnow()
        session.flush()
    return get_visit(db, by, visit_id)


def delete_visit(db: Database, by: SessionUser, visit_id: uuid.UUID, row_version: int) -> None:
    by.require(Action.DELETE_VISIT)
    with db.write(by.actor) as session:
        visit = _load(session, by, visit_id, row_version)
        visit.deleted = True
        visit.updated_at = utcnow()
        session.flush()


def _checked_clears(clears: Mapping[str, str]) -> dict[str, str]:
    unknown = [k for k in clears if k not in CLEARS]
    if unknown:
        raise _problem("clears", f"“{'、'.join(unknown)}”不是“五清”之一（{'、'.join(CLEARS)}）。")
    return {k: clears[k].strip() for k in CLEARS if clears.get(k, "").strip()}


def record_outcome(db: Database, by: SessionUser, visit_id: uuid.UUID, outcome: str, clears: Mapping[str, str],
                   note: str = "", photos: Sequence[Path] = (), row_version: int | None = None) -> VisitView:
    """The outcome and the five "clears"; then each photo attached to every household's file."""
    by.require(Action.RECORD_VISIT)
    if outcome not in OUTCOMES:
        raise _problem("outcome", f"走访结果应为{'、'.join(OUTCOMES)}之一。")
    values = _checked_clears(clears)
    missing = [p for p in photos if not Path(p).is_file()]
    if missing:
        raise _problem("photos", f"找不到照片：{missing[0]}")
    with db.write(by.actor) as session:
        visit = _load(session, by, visit_id, row_version)
        visit.outcome = outcome
        if (json.loads(visit.outcome_json) if visit.outcome_json else {}) != values:  # not the text: key order
            visit.outcome_json = json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""
        if note.strip():
            visit.note = note.strip()
        session.flush()
        file_ids = [h.worker_file_id for h in visit.households]
    for photo in photos:  # each its own unit of work: a stored photo stays recorded if a later one fails
        for file_id in file_ids:
            attachments.add(db, by, file_id, PHOTO_KIND, Path(photo))
    return get_visit(db, by, visit_id)
