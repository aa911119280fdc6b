"""Print one household's 困难职工档案表 (PDF); every print is in the audit log (who, when, which file, why).

ID and card numbers print in full only for roles that may see them (ROLES_SEEING_FULL_IDS); for the
others they are masked, and so are the phone number and every birth date — printed beside a masked
ID number a full birth date would give back the digits the mask hides (an ID is region + birth date +
sequence), so those roles see the birth year only.

Every date is written as papers write them (domain.paper_dates: 1975年5月8日, issue 14 item 7). An exited
file (解困/脱困/注销) says so under the title with its exit date and reason, and its 认定 is the one on the
exit date, titled so — never today's figures as if the file were current.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.documents.file_sheet import FileSheet, SheetMember, write_file_sheet
from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.domain.eligibility import Judgement, yuan_text
from songnuan_desktop.domain.paper_dates import date_text, moment_text
from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.domain.ids import mask_card, mask_id, mask_phone
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import HouseholdMember, Office, OrgUnit, WorkerFile
from songnuan_desktop.services.files.eligibility import judge_file
from songnuan_desktop.services.publishing.publish import publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.files.worker_files import EXIT_STATUSES
from songnuan_desktop.storage import export_path

ACTION = "print_file_sheet"
DEFAULT_PURPOSE = "打印困难职工档案表（建档、审核、报送存档）"


def export_file_sheet(db: Database, by: SessionUser, file_id: uuid.UUID, out_path: Path | str,
                      *, purpose: str = DEFAULT_PURPOSE) -> Path:
    """Write the file's 档案表 to `out_path` and log the print; the path written is returned."""
    out = export_path(out_path)
    full = bool(by.roles & ROLES_SEEING_FULL_IDS)
    now = dt.datetime.now()
    with db.read() as session:
        exit_date = session.scalar(select(WorkerFile.exit_date).where(
            WorkerFile.id == file_id, WorkerFile.office_id == by.office_id,
            WorkerFile.status.in_(EXIT_STATUSES)))
    judged = judge_file(db, file_id, exit_date or now.date())  # an exited file: as judged on its exit day
    with db.read() as session:
        row = _load(session, by.office_id, file_id)
        sheet = _sheet(session, row, judged, full, by, now)
        font_setting = str(value_at(session, by.office_id, "pdf_font_path", now.date()) or "") or None
        extra_fonts = str(value_at(session, by.office_id, "pdf_extra_fonts", now.date()) or "") or None
    started = time.perf_counter()
    with publishing(db, "file_sheet", out) as pub:
        pages = write_file_sheet(sheet, pub.temp, cjk_font(font_setting), cjk_heading_font(font_setting),
                                 extra_fonts)
        with db.write(by.actor) as session:
            audit.append(session, by.actor, ACTION, "worker_files", str(file_id), after={
                "file_no": sheet.file_no, "name": sheet.name, "path": str(out), "pages": pages,
                "full_numbers": full, "purpose": purpose, "seconds": round(time.perf_counter() - started, 3),
            })
            pub.record(session, by.actor, {"file_no": sheet.file_no, "pages": pages})
    return out


def find_file_id(db: Database, by: SessionUser, file_no: str) -> uuid.UUID:
    """The id of the office's file with this number (the headless command names files by number)."""
    with db.read() as session:
        found = session.scalar(select(WorkerFile.id).where(
            WorkerFile.office_id == by.office_id, WorkerFile.file_no == file_no.strip(),
            WorkerFile.deleted.is_(False)))
    if found is None:
        raise NotFound("worker_file", f"找不到档案编号为“{file_no}”的档案。", {"file_no": file_no})
    return found


def _load(session: Session, office_id: uuid.UUID, file_id: uuid.UUID) -> WorkerFile:
    row = session.scalar(
        select(WorkerFile).where(WorkerFile.id == file_id, WorkerFile.office_id == office_id)
        .options(selectinload(WorkerFile.members), selectinload(WorkerFile.causes),
                 selectinload(WorkerFile.incomes), selectinload(WorkerFile.exclusions)))
    if row is None or row.deleted:
        raise NotFound("worker_file", "找不到该档案，可能已被删除。", {"id": str(file_id)})
    return row


def _sheet(session: Session, row: WorkerFile, judged: Judgement, full: bool, by: SessionUser,
           now: dt.datetime) -> FileSheet:
    office = session.scalar(select(Office.name).where(Office.id == row.office_id)) or ""
    exited = row.status in EXIT_STATUSES
    return FileSheet(
        office_name=office, file_no=row.file_no, name=row.name,
        values={**_head(session, row, full), **_finances(row, judged), **_account(row, full)},
        members=tuple(_member(m, full) for m in row.members), situation=row.situation or "",
        verdict=_verdict(judged), sentences=tuple(judged.sentences),
        printed_by=f"{by.display_name}（{by.username}）", printed_at=moment_text(now),
        exited=_exit_text(row) if exited else "",
        judgement_title=(f"六、认定情况（退出时的认定：按{_day(judged.judged_on) or '退出日'}有效的认定标准计算，"
                         "存档备查，不是现时认定）") if exited else "六、认定情况（系统按认定标准计算，供审核参考）",
    )


def _exit_text(row: WorkerFile) -> str:
    """'本档案已于2025年3月4日脱困，退出原因：已脱困（家庭收入增加…）。…' for the top of an exited file's sheet."""
    when = f"于{date_text(row.exit_date)}" if row.exit_date else ""
    reason = row.exit_reason or "未填写"
    note = f"（{row.exit_note}）" if row.exit_note else ""
    return (f"本档案已{when}{row.status}，退出原因：{reason}{note}。本表为存档内容，"
            "不再认定、不再帮扶；以下认定为退出时的情况。")


def _day(day: dt.date | None, full: bool = True) -> str:
    if day is None:
        return ""
    return date_text(day) if full else f"{day.year}年"


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _head(session: Session, row: WorkerFile, full: bool) -> dict[str, str]:
    units = {u.id: u for u in session.scalars(select(OrgUnit).where(
        OrgUnit.id.in_([i for i in (row.work_unit_id, row.union_id) if i])))}
    unit = units.get(row.work_unit_id) if row.work_unit_id else None
    union = units.get(row.union_id) if row.union_id else None
    return {
        "姓名": row.name, "性别": row.sex, "民族": row.ethnicity, "出生日期": _day(row.birth_date, full),
        "政治面貌": row.political_status, "健康状况": row.health, "残疾情况": row.disability or "无",
        "身份证号": row.id_number if full else mask_id(row.id_number), "婚姻状况": row.marital_status,
        "户口类型": row.hukou_type, "住房情况": row.housing, "工作单位": unit.name if unit else "",
        "单位性质": unit.nature if unit else "", "基层工会": union.name if union else "",
        "工作状态": row.employment_status, "职工类型": row.worker_type, "劳模类型": row.model_worker_level,
        "会费缴纳": "已缴纳" if row.dues_paid else "未缴纳", "医疗保险": row.medical_insurance,
        "手机号码": row.phone if full else mask_phone(row.phone), "家庭住址": row.address,
        "单亲家庭": _yes(row.single_parent), "零就业家庭": _yes(row.zero_employment),
        "有自救能力": _yes(row.self_help_capable), "困难类别": row.category, "档案状态": row.status,
        "建档日期": _day(row.filed_date), "复核日期": _day(row.reviewed_date) or "未复核",
    }


def _items(row: WorkerFile, direction: str) -> str:
    items = [i for i in row.incomes if i.direction == direction]
    text = "；".join(f"{i.kind} {yuan_text(i.annual_fen)}" + (f"（{i.note}）" if i.note else "") for i in items)
    total = sum(i.annual_fen for i in items)
    return f"{text}　合计 {yuan_text(total)}" if items else "无"


def _finances(row: WorkerFile, judged: Judgement) -> dict[str, str]:
    causes = [c.cause + (f"（{c.text}）" if c.text else "") for c in row.causes]
    dibao = judged.dibao
    return {
        "家庭人口": f"{1 + len(row.members)} 人", "户主月收入": yuan_text(row.monthly_income_fen or 0),
        "成员月收入合计": yuan_text(sum(m.monthly_income_fen or 0 for m in row.members)),
        "其他收入（年）": _items(row, "income"), "刚性支出（年）": _items(row, "expense"),
        "家庭年收入": yuan_text(judged.annual_income_fen), "年刚性支出": yuan_text(judged.annual_expenses_fen),
        "月人均收入": yuan_text(judged.per_capita_monthly_fen),
        "适用低保线": (f"{yuan_text(dibao.monthly_fen)} 元/人·月（{dibao.label}，{date_text(dibao.effective_from)}起）"
                       if dibao else "无适用的低保线"),
        "为低保线的": f"{judged.ratio_percent}%" if judged.ratio_percent is not None else "—",
        "事件发生日期": _day(row.hardship_event_date) or "—",
        "医疗自付费用": yuan_text(row.medical_selfpaid_fen or 0), "灾害损失": yuan_text(row.disaster_loss_fen or 0),
        "主要原因": causes[0] if causes else "", "次要原因": "、".join(causes[1:]) or "无",
    }


def _account(row: WorkerFile, full: bool) -> dict[str, str]:
    return {"开户银行": row.bank_name or "—", "开户支行": row.bank_branch or "—",
            "银行卡号": (row.bank_card if full else mask_card(row.bank_card)) or "—"}


def _member(m: HouseholdMember, full: bool) -> SheetMember:
    return SheetMember(
        m.name, m.relation, m.id_number if full else mask_id(m.id_number), _day(m.birth_date, full), m.health,
        m.identity, m.unit_or_school, yuan_text(m.monthly_income_fen or 0), m.note,
    )


def _verdict(judged: Judgement) -> str:
    on = f"（{date_text(judged.judged_on)}按当时有效的认定标准计算）" if judged.judged_on else ""
    return f"{judged.category}{on}"
