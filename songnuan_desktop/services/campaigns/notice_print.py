"""Print a campaign's public notice (公示) as PDF, or its result (公示结果); every print is in the audit log.

The notice is public, so any signed-in user of the office may print it, and it shows the same to
everyone: name, unit, category, item, amount and the ID masked to its first 6 and last 4 digits.

Two papers (issue 14 item 3):

- `POSTED` (default): the notice as posted, from its snapshot (services.campaigns.notices keeps it when the notice
  starts) — the same rows, words and date, whatever became of the items since. Printed on or before its
  start date it is the paper to post; printed later it is marked 重印 with the day and who printed it.
  A notice started before snapshots were kept (revision 0016) is remade from the data as it is now —
  every item that points at it, whatever its state — and marked 据现有数据重制，非原件.
- `RESULT`: 公示结果, the notice of the current state: the posted names still on the list, and those
  removed or sent back (未予批准, 已作废, 异议核查中, 重新审核, 已重新公示) with the reason on record,
  dated the day it is printed.

Starting a notice and recording objections belong to services/campaigns/notices.py.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.notice_pdf import (
    NoticeDocument, NoticeResult, NoticeRow, RemovedRow, write_notice, write_result,
)
from songnuan_desktop.documents.notice_text import from_json
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.paper_dates import date_text, span_text
from songnuan_desktop.domain.workdays import calendar_source
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign, ItemTransition, Notice, Objection
from songnuan_desktop.persistence.models_notices import NoticeSnapshot
from songnuan_desktop.services.audit.audit_anchor import tip_now
from songnuan_desktop.services.campaigns.notices import calendar_note, notice_document, notice_rows
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at

__all__ = ["ACTION", "POSTED", "RESULT", "calendar_note", "export_notice"]

ACTION = "print_notice"
POSTED, RESULT = "posted", "result"
WITHDRAWN = ("rejected", "voided")
KEPT = ("in_notice", "approved", "paid", "sampled")  # still on the list the notice posted
REMADE = "据现有数据重制，非原件"


def export_notice(db: Database, by: SessionUser, campaign_id_or_name: uuid.UUID | str, out_path: Path | str,
                  notice_id: uuid.UUID | None = None, paper: str = POSTED, today: dt.date | None = None) -> Path:
    """Write the notice (the campaign's latest unless `notice_id` is given) to `out_path` as posted, or its
    公示结果 (`paper=RESULT`); log it. `today`: the day of the print (the local date by default)."""
    if paper not in (POSTED, RESULT):
        raise ValidationFailed("notice_paper", f"公示只能打印张贴件（{POSTED}）或公示结果（{RESULT}）。")
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ValidationFailed("export_folder", f"保存位置不存在：{out.parent}，请选择一个已有的文件夹。",
                               {"field": "path"})
    day = today or dt.date.today()
    with db.read() as session:
        campaign = _campaign(session, by.office_id, campaign_id_or_name)
        notice = _notice(session, campaign, notice_id)
        posted, item_ids, snap = _posted(session, campaign, notice)
        extra_fonts = str(value_at(session, by.office_id, "pdf_extra_fonts") or "") or None
        font_setting = str(value_at(session, by.office_id, "pdf_font_path") or "") or None
        states = _states(session, item_ids)
        if paper == RESULT:
            result = _result(session, notice, posted, item_ids, states, snap is None, day)
        else:
            copy = "remade" if snap is None else "reprint" if day > notice.start_date else "original"
            doc = replace(posted, mark=_mark(copy, posted, day, by.display_name), audit_tip=tip_now(session))
        ids = (campaign.id, campaign.name, notice.id)
        calendar = "；".join(sorted({calendar_source(y) for y in range(notice.start_date.year,
                                                                       notice.end_date.year + 1)}))
    withdrawn = sum(1 for i in item_ids if states.get(i, ("", None))[0] in WITHDRAWN)
    started = time.perf_counter()
    font, heading = cjk_font(font_setting), cjk_heading_font(font_setting)
    with publishing(db, "notice", out) as pub:
        if paper == RESULT:
            pages = write_result(result, pub.temp, font, heading, extra_fonts)
            what = {"paper": RESULT, "rows": len(result.rows), "removed": len(result.removed),
                    "posted_rows": result.posted, "total_fen": result.total_fen, "snapshot": snap is not None}
        else:
            pages = write_notice(doc, pub.temp, font, heading, extra_fonts)
            what = {"paper": POSTED, "copy": copy, "rows": len(doc.rows), "total_fen": doc.total_fen,
                    "snapshot_sha256": snap.sha256 if snap is not None else "",
                    "period": f"{doc.start}至{doc.end}"}
        with db.write(by.actor) as session:
            audit.append(session, by.actor, ACTION, "notices", str(ids[2]), after={
                "campaign_id": str(ids[0]), "campaign": ids[1], **what, "withdrawn_since": withdrawn,
                "calendar": calendar, "path": str(out), "pages": pages,
                "seconds": round(time.perf_counter() - started, 3),
            })
            pub.record(session, by.actor, {"rows": what["rows"], "pages": pages})
    return out


def _posted(session: Session, campaign: Campaign, notice: Notice) -> tuple[NoticeDocument, list[str],
                                                                           NoticeSnapshot | None]:
    """The notice as posted (its snapshot), or remade from every item that points at it."""
    snap = session.scalar(select(NoticeSnapshot).where(NoticeSnapshot.notice_id == notice.id))
    if snap is not None:
        doc, item_ids = from_json(snap.document_json)
        return doc, item_ids, snap
    listed = notice_rows(session, notice.id)
    return (notice_document(session, campaign, notice, [row for _id, row in listed]),
            [str(item_id) for item_id, _row in listed], None)


def _mark(copy: str, doc: NoticeDocument, day: dt.date, who: str) -> str:
    if copy == "original":
        return ""
    printed = f"{date_text(day)}由{who}重印"
    if copy == "remade":
        return (f"重印件：{REMADE}。本公示于{doc.start}发布时尚未保存张贴原件，名单按重印时的数据重制"
                f"（公示期后不予批准、作废的人员仍列在内，姓名、单位、金额以重印时的档案为准）。{printed}。")
    return f"重印件：本件与{doc.issued_on}张贴的公示原件一致（共 {len(doc.rows)} 名），落款为原件日期；{printed}。"


def _states(session: Session, item_ids: list[str]) -> dict[str, tuple[str, uuid.UUID | None]]:
    """item id → (state, notice it points at now)."""
    ids = [uuid.UUID(i) for i in item_ids if i]
    out: dict[str, tuple[str, uuid.UUID | None]] = {}
    for start in range(0, len(ids), 500):
        for item_id, state, notice_id in session.execute(
                select(AssistanceItem.id, AssistanceItem.state, AssistanceItem.notice_id)
                .where(AssistanceItem.id.in_(ids[start:start + 500]))):
            out[str(item_id)] = (state, notice_id)
    return out


def _result(session: Session, notice: Notice, posted: NoticeDocument, item_ids: list[str],
            states: dict[str, tuple[str, uuid.UUID | None]], remade: bool, day: dt.date) -> NoticeResult:
    kept: list[NoticeRow] = []
    removed: list[RemovedRow] = []
    for row, item_id in zip(posted.rows, item_ids, strict=True):
        state, now_in = states.get(item_id, ("", None))
        if state in KEPT and now_in == notice.id:
            kept.append(row)
            continue
        status, reason = _why(session, uuid.UUID(item_id), state, now_in) if item_id else ("已移出", "")
        removed.append(RemovedRow(row.name, row.unit, row.item, row.amount_fen, status, reason, row.ref))
    note = (f"本公示发布时尚未保存张贴原件，原公示名单按现有数据重制（{REMADE}）。" if remade else "")
    return NoticeResult(
        office_name=posted.office_name, campaign_name=posted.campaign_name, campaign_kind=posted.campaign_kind,
        start=posted.start, end=posted.end, posted=len(posted.rows), place=posted.place, contact=posted.contact,
        issued_on=date_text(day), rows=tuple(kept), removed=tuple(removed), audit_tip=tip_now(session), note=note)


def _why(session: Session, item_id: uuid.UUID, state: str, now_in: uuid.UUID | None) -> tuple[str, str]:
    """What became of a posted item that is off the list, and the reason on record (never who objected)."""
    outcome = session.scalar(select(Objection.outcome).where(Objection.item_id == item_id, Objection.outcome != "")
                             .order_by(Objection.resolved_on.desc(), Objection.created_at.desc()).limit(1))
    checked = f"经核查：{outcome}" if outcome else ""
    if state in WITHDRAWN:
        comment = session.scalar(select(ItemTransition.comment).where(
            ItemTransition.item_id == item_id, ItemTransition.to_state == state)
            .order_by(ItemTransition.at.desc()).limit(1)) or ""
        reason = "；".join(p for p in (checked, comment.strip()) if p)
        return ("未予批准" if state == "rejected" else "已作废"), reason or "（未记录原因）"
    if state == "objection":
        return "异议核查中", "公示期间收到实名异议，正在调查核实"
    if now_in is not None and state in KEPT:
        later = session.get(Notice, now_in)
        again = f"已于{span_text(later.start_date, later.end_date)}重新公示" if later is not None else "已重新公示"
        return "已重新公示", "；".join(p for p in (checked, again) if p)
    return "重新审核", "；".join(p for p in (checked, "退回重新审核，审核通过后须重新公示") if p)


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
