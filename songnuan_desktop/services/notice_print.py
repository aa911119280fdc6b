"""Print a campaign's public notice (公示) as PDF; every print is in the audit log.

The notice is public, so any signed-in user of the office may print it, and it shows the same to
everyone: name, unit, category, item, amount and the ID masked to its first 6 and last 4 digits.
It lists the items the reviewer put in the notice (AssistanceItem.notice_id) except those rejected
or voided since — a reprint never shows someone as proposed who no longer is; the audit entry says
how many were left out. Starting a notice and recording objections belong to services/notices.py.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.notice_pdf import NoticeDocument, NoticeRow, write_notice
from songnuan_desktop.domain.eligibility import date_text
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.ids import mask_id
from songnuan_desktop.domain.workdays import calendar_source, estimated_years
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, Notice, Office, OrgUnit, WorkerFile
from songnuan_desktop.services.audit_anchor import tip_now
from songnuan_desktop.services.publish import publishing
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.services.settings import value_at

ACTION = "print_notice"
WITHDRAWN = ("rejected", "voided")


def export_notice(db: Database, by: SessionUser, campaign_id_or_name: uuid.UUID | str, out_path: Path | str,
                  notice_id: uuid.UUID | None = None) -> Path:
    """Write the notice (the campaign's latest unless `notice_id` is given) to `out_path`; log it."""
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ValidationFailed("export_folder", f"保存位置不存在：{out.parent}，请选择一个已有的文件夹。",
                               {"field": "path"})
    with db.read() as session:
        campaign = _campaign(session, by.office_id, campaign_id_or_name)
        notice = _notice(session, campaign, notice_id)
        rows, withdrawn = _rows(session, notice.id)
        doc = _document(session, campaign, notice, rows)
        font_setting = str(value_at(session, by.office_id, "pdf_font_path") or "") or None
        ids = (campaign.id, campaign.name, notice.id)
        calendar = "；".join(sorted({calendar_source(y) for y in range(notice.start_date.year,
                                                                       notice.end_date.year + 1)}))
    started = time.perf_counter()
    with publishing(db, "notice", out) as pub:
        pages = write_notice(doc, pub.temp, cjk_font(font_setting), cjk_heading_font(font_setting))
        with db.write(by.actor) as session:
            audit.append(session, by.actor, ACTION, "notices", str(ids[2]), after={
                "campaign_id": str(ids[0]), "campaign": ids[1], "period": f"{doc.start}至{doc.end}",
                "rows": len(doc.rows), "total_fen": doc.total_fen, "withdrawn_left_out": withdrawn,
                "calendar": calendar, "path": str(out), "pages": pages,
                "seconds": round(time.perf_counter() - started, 3),
            })
            pub.record(session, by.actor, {"rows": len(doc.rows), "pages": pages})
    return out


def _campaign(session: Session, office_id: uuid.UUID, key: uuid.UUID | str) -> Campaign:
    query = select(Campaign).where(Campaign.office_id == office_id, Campaign.deleted.is_(False))
    as_id = key if isinstance(key, uuid.UUID) else _uuid(key)
    if as_id is not None:
        found = session.scalar(query.where(Campaign.id == as_id))
        if found is not None:
            return found
    named = session.scalars(query.where(Campaign.name == str(key).strip())).all()
    if len(named) > 1:
        raise ValidationFailed("campaign_ambiguous", f"有 {len(named)} 个活动都叫“{key}”，请用活动编号（ID）指定。",
                               {"campaign": str(key)})
    if not named:
        raise NotFound("campaign", f"找不到活动“{key}”。", {"campaign": str(key)})
    return named[0]


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text).strip())
    except ValueError:
        return None


def _notice(session: Session, campaign: Campaign, notice_id: uuid.UUID | None) -> Notice:
    query = select(Notice).where(Notice.campaign_id == campaign.id)
    if notice_id is not None:
        found = session.scalar(query.where(Notice.id == notice_id))
        if found is None:
            raise NotFound("notice", f"活动“{campaign.name}”中没有这次公示。", {"notice_id": str(notice_id)})
        return found
    latest = session.scalar(query.order_by(Notice.start_date.desc(), Notice.created_at.desc()).limit(1))
    if latest is None:
        raise ValidationFailed(
            "notice_not_started",
            f"活动“{campaign.name}”还没有开始公示：请审核人先对已审核的名单发起公示，再打印公示。",
            {"campaign": campaign.name})
    return latest


def _rows(session: Session, notice_id: uuid.UUID) -> tuple[list[NoticeRow], int]:
    """The notice's rows, by unit then file number, and how many of its items were withdrawn."""
    found = session.execute(
        select(WorkerFile.name, OrgUnit.name, AssistanceItem.category, AssistanceItem.item_kind,
               AssistanceItem.amount_fen, WorkerFile.id_number)
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .outerjoin(OrgUnit, OrgUnit.id == WorkerFile.work_unit_id)
        .where(AssistanceItem.notice_id == notice_id, AssistanceItem.state.not_in(WITHDRAWN))
        .order_by(func.coalesce(OrgUnit.name, ""), WorkerFile.file_no)
    ).all()
    withdrawn = session.scalar(select(func.count()).select_from(AssistanceItem).where(
        AssistanceItem.notice_id == notice_id, AssistanceItem.state.in_(WITHDRAWN))) or 0
    rows = [NoticeRow(name, unit or "", category, kind, amount, mask_id(id_number))
            for name, unit, category, kind, amount, id_number in found]
    return rows, int(withdrawn)


def _document(session: Session, campaign: Campaign, notice: Notice, rows: list[NoticeRow]) -> NoticeDocument:
    office = session.scalar(select(Office.name).where(Office.id == campaign.office_id)) or ""
    return NoticeDocument(
        office_name=office, campaign_name=campaign.name, campaign_kind=campaign.kind,
        start=date_text(notice.start_date), end=date_text(notice.end_date), working_days=notice.working_days,
        calendar_note=calendar_note(notice.start_date, notice.end_date), place=notice.place,
        contact=notice.contact, issued_on=date_text(notice.start_date), rows=tuple(rows),
        audit_tip=tip_now(session),
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
