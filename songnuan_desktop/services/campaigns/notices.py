"""Public notice (公示) and objections (异议) of assistance items.

Public API (frozen dataclasses in and out):

- `start_notice(db, by, campaign_id, item_ids, place, contact, start_date=None, working_days=None)
  -> NoticeView` — reviewer. Every item must be 初审通过 in this campaign (all or nothing, as
  `transitions.transition`). Creates the Notice: start date, working days (default the campaign's,
  at least 5), place, contact, and the end date `domain.workdays.add_working_days(start, n)` (Chinese
  public holidays and adjusted working weekends counted); the items go to 公示中 and point at it.
  Approval is refused until the day after the end date. What the notice posts — title, paragraphs,
  period, place, contact and every row as printed (ID masked; a 金秋助学 row with its student and
  school) — is kept in the same transaction as a NoticeSnapshot (persistence/models_notices.py): a
  reprint is that, word for word (issue 14 item 3).
- `record_objection(db, by, item_id, raised_by, content, raised_on=None) -> ObjectionView` — reviewer.
  A named objection (实名) against an item in notice: stored, and the item is suspended (公示中 → 异议).
- `resolve_objection(db, by, objection_id, outcome, resolved_on=None) -> ObjectionView` — reviewer.
  Records the outcome of the re-check and sends the item back to review (异议 → 待审核). It must be
  reviewed and noticed again before approval; a changed amount or category is made with
  `assistance.change_item` while it is back in review.
- `notices_of(db, campaign_id) -> list[NoticeView]`, `objections_of(db, item_id) -> list[ObjectionView]`.
- `notice_rows(session, notice_id)`, `notice_document(session, campaign, notice, rows)`: the rows and the
  document of a notice from the data as it is now (the snapshot's source; a reprint of a notice started
  before snapshots were kept is remade from them).
The printed notice (PDF) is `services.campaigns.notice_print.export_notice`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.notice_text import NoticeDocument, NoticeRow, objection_text, opening_text, to_json
from songnuan_desktop.domain.errors import BatchRefused, NotFound, RefusedItem, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.paper_dates import date_text, span_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.workdays import add_working_days, estimated_years
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, HouseholdMember, Notice, Objection, Office, OrgUnit, WorkerFile,
)
from songnuan_desktop.persistence.models_notices import NoticeSnapshot
from songnuan_desktop.services.campaigns import campaigns, transitions
from songnuan_desktop.services.campaigns.assistance import who
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at

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
    by.require(Action.START_NOTICE)
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
        comment = f"公示 {span_text(start, notice.end_date)}（{days} 个工作日），{place}"
        transitions.apply(session, by, ids, ItemState.IN_NOTICE, comment, start, extra={"notice_id": notice.id},
                          routed=True)
        session.flush()
        snapshot(session, by.id, campaign, notice)
        return NoticeView(notice.id, campaign.id, start, notice.end_date, days, place, contact, len(ids))


def snapshot(session: Session, user_id: uuid.UUID, campaign: Campaign, notice: Notice) -> NoticeSnapshot:
    """Keep what `notice` posts — its items as they are now, the words as printed — as its NoticeSnapshot."""
    listed = notice_rows(session, notice.id)
    doc = notice_document(session, campaign, notice, [row for _id, row in listed])
    doc = replace(doc, opening=opening_text(doc), objection=objection_text(doc))
    text = to_json(doc, [str(item_id) for item_id, _row in listed])
    row = NoticeSnapshot(origin_office_id=notice.origin_office_id, notice_id=notice.id, title=doc.title,
                         period=f"{doc.start}至{doc.end}", place=doc.place, contact=doc.contact,
                         row_count=len(doc.rows), total_fen=doc.total_fen, text=doc.opening, document_json=text,
                         sha256=hashlib.sha256(text.encode()).hexdigest(), posted_by=user_id)
    session.add(row)
    session.flush()
    return row


def notice_rows(session: Session, notice_id: uuid.UUID) -> list[tuple[uuid.UUID, NoticeRow]]:
    """Every item pointing at the notice (whatever its state now) as a printed row, by unit then file
    number: name, unit, category, item, amount, the ID masked; for 金秋助学 the student and school."""
    on = session.scalar(select(Notice.start_date).where(Notice.id == notice_id)) or dt.date.today()
    found = session.execute(
        select(AssistanceItem.id, WorkerFile.name, OrgUnit.name, AssistanceItem.category, AssistanceItem.item_kind,
               AssistanceItem.amount_fen, WorkerFile.id_number, WorkerFile.file_no, AssistanceItem.tier,
               AssistanceItem.reason, WorkerFile.id.label("file_id"))
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .outerjoin(OrgUnit, OrgUnit.id == WorkerFile.work_unit_id)
        .where(AssistanceItem.notice_id == notice_id)
        .order_by(func.coalesce(OrgUnit.name, ""), WorkerFile.file_no)
    ).all()
    students = _students(session, [r.file_id for r in found if r.item_kind == STUDENT_ITEM])
    out: list[tuple[uuid.UUID, NoticeRow]] = []
    for r in found:
        student, school = _student_of(students.get(r.file_id, []), r.tier, r.reason, on) \
            if r.item_kind == STUDENT_ITEM else ("", "")
        out.append((r.id, NoticeRow(r.name, r[2] or "", r.category, r.item_kind, r.amount_fen, mask_id(r.id_number),
                                    student, school, f"档案 {r.file_no} 户主")))
    return out


STUDENT_ITEM = "金秋助学"


def _students(session: Session, file_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[_Student]]:
    """The members at school (identity 学生) per file, in the file's order."""
    out: dict[uuid.UUID, list[_Student]] = {}
    for start in range(0, len(file_ids), 500):
        for file_id, name, school, birth in session.execute(
                select(HouseholdMember.worker_file_id, HouseholdMember.name, HouseholdMember.unit_or_school,
                       HouseholdMember.birth_date)
                .where(HouseholdMember.worker_file_id.in_(file_ids[start:start + 500]),
                       HouseholdMember.identity == "学生")
                .order_by(HouseholdMember.position)):
            out.setdefault(file_id, []).append(_Student(name, school or "", birth))
    return out


@dataclass(frozen=True)
class _Student:
    name: str
    school: str
    birth: dt.date | None


def _student_of(members: list[_Student], tier: str, reason: str, on: dt.date) -> tuple[str, str]:
    """The student a 金秋助学 item is for: the household's only member at school; else the one at a school of
    the item's level (as assistance.student_tier reads a school: 大学/学院, or 高中, or 中学 at 15–20), else
    the one its reason names; the school with the item's level. Nothing guessed: ("", level) when unclear."""
    def level_of(m: _Student) -> str:
        age = (on - m.birth).days // 365 if m.birth else 0
        if "大学" in m.school or "学院" in m.school:
            return "大学"
        return "高中" if "高中" in m.school or ("中学" in m.school and 15 <= age <= 20) else ""

    found = members
    if len(found) > 1:
        found = [m for m in members if tier and level_of(m) == tier] or members
    if len(found) > 1:
        found = [m for m in found if m.name and m.name in reason]
    name, school = (found[0].name, found[0].school) if len(found) == 1 else ("", "")
    level = f"（{tier}）" if tier and school else tier
    return name, f"{school}{level}"


def notice_document(session: Session, campaign: Campaign, notice: Notice, rows: list[NoticeRow]) -> NoticeDocument:
    """The notice of `rows` with the office, period, place and contact as they are now."""
    office = session.scalar(select(Office.name).where(Office.id == campaign.office_id)) or ""
    return NoticeDocument(
        office_name=office, campaign_name=campaign.name, campaign_kind=campaign.kind,
        start=date_text(notice.start_date), end=date_text(notice.end_date), working_days=notice.working_days,
        calendar_note=calendar_note(notice.start_date, notice.end_date), place=notice.place,
        contact=notice.contact, issued_on=date_text(notice.start_date), rows=tuple(rows),
        supervision_phone=str(value_at(session, campaign.office_id, "notice_supervision_phone",
                                       on=notice.start_date) or "").strip(),
    )


def calendar_note(start: dt.date, end: dt.date) -> str:
    """What the notice says when its period was counted on estimated holidays ("" when official)."""
    years = estimated_years(start, end)
    if not years:
        return ""
    named = "、".join(f"{y}年" for y in years)
    return (f"{named}的放假调休安排按法定节假日推算；如与国务院办公厅公布的安排不一致，"
            "公示期按公布的安排顺延。")


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
    by.require(Action.RECORD_OBJECTION)
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
    by.require(Action.RESOLVE_OBJECTION)
    outcome = outcome.strip()
    if not outcome:
        raise ValidationFailed("outcome", "请填写异议核查结果（例如“经入户核查，异议不成立”）。")
    day = resolved_on or dt.date.today()
    with db.write(by.actor) as session:
        row = session.get(Objection, objection_id)
        if row is None:
            raise NotFound("objection", "找不到该异议记录。", {"id": str(objection_id)})
        if row.resolved_on is not None:
            raise ValidationFailed("resolved", f"该异议已于{date_text(row.resolved_on)}处理完毕。")
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
