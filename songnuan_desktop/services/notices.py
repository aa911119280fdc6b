"""Public notice (公示) and objections (异议) of assistance items.

Public API (frozen dataclasses in and out):

- `start_notice(db, by, campaign_id, item_ids, place, contact, start_date=None, working_days=None)
  -> NoticeView` — reviewer. Every item must be 初审通过 in this campaign (all or nothing, as
  `transitions.transition`). Creates the Notice: start date, working days (default the campaign's,
  at least 5), place, contact, and the end date `domain.workdays.add_working_days(start, n)` (Chinese
  public holidays and adjusted working weekends counted); the items go to 公示中 and point at it.
  Approval is refused until the day after the end date.
- `record_objection(db, by, item_id, raised_by, content, raised_on=None) -> ObjectionView` — reviewer.
  A named objection (实名) against an item in notice: stored, and the item is suspended (公示中 → 异议).
- `resolve_objection(db, by, objection_id, outcome, resolved_on=None) -> ObjectionView` — reviewer.
  Records the outcome of the re-check and sends the item back to review (异议 → 待审核). It must be
  reviewed and noticed again before approval; a changed amount or category is made with
  `assistance.change_item` while it is back in review.
- `notices_of(db, campaign_id) -> list[NoticeView]`, `objections_of(db, item_id) -> list[ObjectionView]`.
The printed notice (PDF) is `services.notice_print.export_notice`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import BatchRefused, NotFound, RefusedItem, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.workdays import add_working_days
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Notice, Objection, WorkerFile
from songnuan_desktop.services import campaigns, transitions
from songnuan_desktop.services.assistance import who
from songnuan_desktop.services.session_user import SessionUser

MIN_WORKING_DAYS = 5  # DOMAIN.md: a notice lasts at least 5 working days


@dataclass(frozen=True)
class NoticeView:
    id: uuid.UUID
    campaign_id: uuid.UUID
    start_date: dt.date
    end_date: dt.date
    working_days: int
    place: str
    contact: str
    items: int  # items pointing at this notice now


@dataclass(frozen=True)
class ObjectionView:
    id: uuid.UUID
    item_id: uuid.UUID
    raised_on: dt.date
    raised_by: str
    content: str
    outcome: str
    resolved_on: dt.date | None


_PHONE = re.compile(r"(?<!\d)(?:\d{3,4}[-－ ]?\d{7,8}|1\d{10}|\d{7,8})(?!\d)")


def _check_contact(contact: str) -> None:
    """受理异议 must name a person (or office) AND a phone: a phone alone or a name alone is refused,
    naming the missing part (issue 14 item 9)."""
    example = "例如“潘国强 0855-2441234”"
    if not contact:
        raise ValidationFailed("contact", f"请填写受理异议的联系人和电话，{example}。")
    rest = _PHONE.sub("", contact)
    if rest == contact:
        raise ValidationFailed("contact", f"受理异议缺少联系电话（座机或 11 位手机号），{example}。")
    if not re.search(r"[^\W\d_]", rest):
        raise ValidationFailed("contact", f"受理异议缺少联系人：只写电话不行，请在电话前写联系人姓名，{example}。")


def start_notice(db: Database, by: SessionUser, campaign_id: uuid.UUID, item_ids: Sequence[uuid.UUID], place: str,
                 contact: str, start_date: dt.date | None = None, working_days: int | None = None) -> NoticeView:
    """The notice for reviewed items of the campaign (see the module doc)."""
    by.require(Role.REVIEWER, "发起公示")
    place, contact = place.strip(), contact.strip()
    if not place:
        raise ValidationFailed("place", "请填写公示地点，例如“镇政务公开栏及各村（社区）公示栏”。")
    _check_contact(contact)
    start = start_date or dt.date.today()
    with db.write(by.actor) as session:
        campaign = campaigns.load(session, by.office_id, campaign_id)
        days = campaign.notice_days if working_days is None else working_days
        if days < MIN_WORKING_DAYS:
            raise ValidationFailed("working_days", f"公示期不得少于 {MIN_WORKING_DAYS} 个工作日。")
        ids = list(dict.fromkeys(item_ids))
        _same_campaign(session, campaign.id, campaign.name, ids)
        notice = Notice(origin_office_id=by.office_id, campaign_id=campaign.id, start_date=start,
                        end_date=add_working_days(start, days), working_days=days, place=place, contact=contact,
                        started_by=by.id)
        session.add(notice)
        session.flush()
        comment = f"公示 {start:%Y-%m-%d} 至 {notice.end_date:%Y-%m-%d}（{days} 个工作日），{place}"
        transitions.apply(session, by, ids, ItemState.IN_NOTICE, comment, start, extra={"notice_id": notice.id},
                          routed=True)
        return NoticeView(notice.id, campaign.id, start, notice.end_date, days, place, contact, len(ids))


def _same_campaign(session: Session, campaign_id: uuid.UUID, name: str, ids: list[uuid.UUID]) -> None:
    others = session.execute(
        select(AssistanceItem.id, WorkerFile.name, WorkerFile.file_no)
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .where(AssistanceItem.id.in_(ids), AssistanceItem.campaign_id != campaign_id)).all()
    if others:
        raise BatchRefused.of("other_campaign", "发起公示", [
            RefusedItem(i, who(n, f), f"不属于活动“{name}”，一次公示只列一个活动的名单") for i, n, f in others])


def record_objection(db: Database, by: SessionUser, item_id: uuid.UUID, raised_by: str, content: str,
                     raised_on: dt.date | None = None) -> ObjectionView:
    """A named objection against an item in notice: stored, and the item suspended (公示中 → 异议)."""
    by.require(Role.REVIEWER, "登记异议")
    raised_by, content = raised_by.strip(), content.strip()
    if not raised_by:
        raise ValidationFailed("raised_by", "异议须实名：请填写反映人姓名或单位。")
    if not content:
        raise ValidationFailed("content", "请填写异议内容。")
    day = raised_on or dt.date.today()
    with db.write(by.actor) as session:
        transitions.apply(session, by, [item_id], ItemState.OBJECTION, f"{raised_by}：{content}", day, routed=True)
        row = Objection(origin_office_id=by.office_id, item_id=item_id, raised_on=day, raised_by=raised_by,
                        content=content, recorded_by=by.id, outcome="")
        session.add(row)
        session.flush()
        return _objection(row)


def resolve_objection(db: Database, by: SessionUser, objection_id: uuid.UUID, outcome: str,
                      resolved_on: dt.date | None = None) -> ObjectionView:
    """The outcome of the re-check; the item goes back to review (异议 → 待审核)."""
    by.require(Role.REVIEWER, "异议处理")
    outcome = outcome.strip()
    if not outcome:
        raise ValidationFailed("outcome", "请填写异议核查结果（例如“经入户核查，异议不成立”）。")
    day = resolved_on or dt.date.today()
    with db.write(by.actor) as session:
        row = session.get(Objection, objection_id)
        if row is None:
            raise NotFound("objection", "找不到该异议记录。", {"id": str(objection_id)})
        if row.resolved_on is not None:
            raise ValidationFailed("resolved", f"该异议已于 {row.resolved_on:%Y-%m-%d} 处理完毕。")
        transitions.apply(session, by, [row.item_id], ItemState.SUBMITTED, f"异议处理：{outcome}", day, routed=True)
        row.outcome, row.resolved_on = outcome, day
        session.flush()
        return _objection(row)


def _objection(row: Objection) -> ObjectionView:
    return ObjectionView(row.id, row.item_id, row.raised_on, row.raised_by, row.content, row.outcome, row.resolved_on)


def objections_of(db: Database, item_id: uuid.UUID) -> list[ObjectionView]:
    with db.read() as session:
        return [_objection(r) for r in session.scalars(
            select(Objection).where(Objection.item_id == item_id).order_by(Objection.raised_on, Objection.created_at))]


def notices_of(db: Database, campaign_id: uuid.UUID) -> list[NoticeView]:
    with db.read() as session:
        counts = {notice_id: count for notice_id, count in session.execute(
            select(AssistanceItem.notice_id, func.count()).where(AssistanceItem.campaign_id == campaign_id)
            .group_by(AssistanceItem.notice_id))}
        return [NoticeView(n.id, n.campaign_id, n.start_date, n.end_date, n.working_days, n.place, n.contact,
                           counts.get(n.id, 0))
                for n in session.scalars(select(Notice).where(Notice.campaign_id == campaign_id)
                                         .order_by(Notice.start_date, Notice.created_at))]
