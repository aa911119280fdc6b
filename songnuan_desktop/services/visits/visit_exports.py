"""The visit schedule on paper and in other programs (re-exported by `services.visits.visit_calendar`):

- `export_route_sheet(db, by, day, out_path, group_id=None) -> Path` — the day's 走访安排表 as PDF, one
  section per group (or only `group_id`'s), households in visiting order;
- `export_ics(db, by, start, end, out_path, group_id=None) -> Path` — the visits in [start, end] as an
  iCalendar file for a phone calendar: one event per visit, 慰问组 and heads of household as the title;
- `export_xlsx(db, by, start, end, out_path, group_id=None) -> Path` — one row per household visited.

Phones are full only for the roles that may see them (`ROLES_SEEING_FULL_IDS`), masked otherwise —
except on the route sheet of one group (the group leader's copy, `group_id` given, the CLI's --group)
when the office's setting `route_sheet_phones` is "full": the leader calls the households on the way,
so that copy carries whole numbers whoever prints it, and says so. The route sheet's strings are
checked against the fonts before anything is written (a character no font has: MissingGlyphs naming
the household).
Every export is audit-logged (who, when, what, where to): the files carry names, addresses and phones.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.glyphs import font_chain
from songnuan_desktop.documents.ics import Event, write_ics
from songnuan_desktop.documents.route_sheet_pdf import RouteGroup, RouteRow, RouteSheet, check_sheet, write_route_sheet
from songnuan_desktop.documents.signing import names_beneath
from songnuan_desktop.documents.xlsx_stream import Column, SheetWriter
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.domain.visit_days import WEEKDAYS
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Office, Visit, Voucher
from songnuan_desktop.services.campaigns import goods
from songnuan_desktop.services.publishing.publish import Publishing, publishing
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.visits.visit_calendar import (
    GroupView,
    VisitHouseholdView,
    VisitView,
    date_text,
    groups,
    read_visits,
    sees_phones,
    time_span,
    visits_between,
)

MAX_DAYS = 400
XLSX_COLUMNS = (("日期", 15, "plain"), ("星期", 6, "text"), ("时间", 12, "text"), ("慰问组", 12, "text"),
                ("带队领导", 18, "text"), ("户主", 9, "text"), ("档案编号", 14, "text"), ("住址", 34, "text"),
                ("村（社区）", 11, "text"), ("联系电话", 13, "text"), ("类别", 9, "text"), ("事由", 12, "text"),
                ("活动", 20, "text"), ("慰问金（元）", 11, "money"), ("结果", 8, "text"), ("备注", 24, "text"))


def _checked_path(out_path: Path) -> Path:
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ValidationFailed("path", f"保存位置不存在：{out.parent}，请选择一个已有的文件夹。", {"field": "path"})
    return out


def _checked_range(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationFailed("end", "结束日期不能早于开始日期。", {"field": "end"})
    if (end - start).days > MAX_DAYS:
        raise ValidationFailed("end", f"一次最多导出 {MAX_DAYS} 天的走访安排。", {"field": "end"})


def _groups_of(db: Database, by: SessionUser) -> dict[uuid.UUID, GroupView]:
    return {g.id: g for g in groups(db, by.office_id, include_inactive=True)}


def day_text(day: dt.date) -> str:
    return f"{date_text(day)}（星期{WEEKDAYS[day.weekday()]}）"


def _log(db: Database, by: SessionUser, action: str, pub: Publishing, **facts: object) -> None:
    """The export's audit entry and its publication, committed before the file is renamed into place."""
    with db.write(by.actor) as session:
        audit.append(session, by.actor, action, "visits", "", after={"path": str(pub.path), **facts})
        pub.record(session, by.actor, {key: value for key, value in facts.items() if key != "groups"})


# --- the route sheet ------------------------------------------------------------------------------

def export_route_sheet(db: Database, by: SessionUser, day: dt.date, out_path: Path,
                       group_id: uuid.UUID | None = None) -> Path:
    out = _checked_path(out_path)
    with db.read() as session:
        office_name = session.scalar(select(Office.name).where(Office.id == by.office_id)) or ""
        settings = {key: str(value_at(session, by.office_id, key) or "") for key in (  # in force when printed
            "pdf_font_path", "pdf_extra_fonts", "route_sheet_phones", "signature_names", "signatory_handler")}
        leader_copy = group_id is not None and settings["route_sheet_phones"] == "full"
        conditions = [Visit.office_id == by.office_id, Visit.deleted.is_(False), Visit.date == day]
        if group_id is not None:
            conditions.append(Visit.group_id == group_id)
        shown = read_visits(session, conditions, leader_copy or sees_phones(by))
    known = _groups_of(db, by)
    order = list(known)
    per_group: dict[uuid.UUID, list[VisitView]] = {}
    for v in sorted(shown, key=lambda v: (order.index(v.group_id), v.start_time)):
        per_group.setdefault(v.group_id, []).append(v)
    sections, totals = [], {}
    payable = _payable_vouchers(db, [h.item_id for v in shown for h in v.households if h.item_id is not None])
    with db.read() as session:  # 慰问品 (issue 16 item 3): only an approved (or paid) item's goods go along
        handable, held = goods.to_hand_over(session, [h.item_id for v in shown for h in v.households
                                                      if h.item_id is not None])
    goods_totals: dict[str, str] = {}
    for gid, day_visits in per_group.items():
        g = known[gid]
        rows = tuple(RouteRow(time_span(v.start_time, v.end_time), h.name, h.file_no, h.address, h.phone, h.category,
                              v.purpose, _amount_cell(h, payable, held), _row_note(v), payable.get(h.item_id, ""),
                              goods.goods_text(handable.get(h.item_id, []) if h.item_id else []))
                     for v in day_visits for h in v.households)
        goods_totals[g.name] = goods.summed(line for v in day_visits for h in v.households if h.item_id
                                            for line in handable.get(h.item_id, []))
        campaigns = "、".join(dict.fromkeys(v.campaign_name for v in day_visits if v.campaign_name))
        sections.append(RouteGroup(g.name, g.leader, g.members, g.vehicle, g.contact, rows, campaigns, leader_copy))
        fen = sum(h.amount_fen or 0 for v in day_visits for h in v.households if h.item_id in payable)
        totals[g.name] = format_fen(fen) if fen else ""
    font_setting = settings["pdf_font_path"] or None
    sheet = RouteSheet(office_name, day_text(day), tuple(sections), f"{by.display_name}（{by.username}）", totals,
                       settings["signatory_handler"], names_beneath(settings["signature_names"]),
                       settings["pdf_extra_fonts"], goods_totals)
    font = cjk_font(font_setting)
    check_sheet(sheet, font_chain(font, sheet.extra_fonts or None))  # refused before any file is begun
    with publishing(db, "visit_sheet", out) as pub:
        pages = write_route_sheet(sheet, pub.temp, font, cjk_heading_font(font_setting))
        _log(db, by, "print_route_sheet", pub, day=day.isoformat(), groups=[s.name for s in sections],
             households=sum(len(s.rows) for s in sections), pages=pages, full_phones=leader_copy)
    return out


NOT_PAYABLE = "待审批，不得发放"


def _payable_vouchers(db: Database, item_ids: list[uuid.UUID]) -> dict[uuid.UUID | None, str]:
    """item id → its live voucher number, for the items whose money may be handed over: approved or paid,
    with a voucher not voided. Any other item's money stays at the office (issue 14: no unapproved cash)."""
    if not item_ids:
        return {}
    with db.read() as session:
        found = session.execute(
            select(Voucher.item_id, Voucher.number).join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
            .where(Voucher.item_id.in_(set(item_ids)), Voucher.voided_at.is_(None),
                   AssistanceItem.state.in_((ItemState.APPROVED.value, ItemState.PAID.value))))
        return {item_id: number for item_id, number in found}


def _amount_cell(h: VisitHouseholdView, payable: dict[uuid.UUID | None, str],
                 held: set[uuid.UUID] | frozenset[uuid.UUID] = frozenset()) -> str:
    """The amount only against a live voucher of an approved (or paid) item; otherwise the refusal — also for an
    item of goods alone not approved (its goods stay at the office)."""
    if h.item_id is None:
        return ""
    if not h.amount_fen:
        return NOT_PAYABLE if h.item_id in held else ""
    return format_fen(h.amount_fen) if h.item_id in payable else NOT_PAYABLE


def _row_note(v: VisitView) -> str:
    parts = [v.outcome] if v.outcome != "计划" else []
    if v.note:
        parts.append(v.note)
    return "；".join(parts)


# --- iCalendar and Excel ----------------------------------------------------------------------------

def _description(v: VisitView, leader: str) -> str:
    lines = [f"事由：{v.purpose}", f"带队领导：{leader}"]
    if v.campaign_name:
        lines.append(f"活动：{v.campaign_name}")
    for h in v.households:
        money = f"，慰问金 {format_fen(h.amount_fen)} 元" if h.amount_fen else ""
        lines.append(f"{h.name}（{h.category}）{h.address}，电话 {h.phone or '—'}{money}")
    if v.note:
        lines.append(f"备注：{v.note}")
    return "\n".join(lines)


def export_ics(db: Database, by: SessionUser, start: dt.date, end: dt.date, out_path: Path,
               group_id: uuid.UUID | None = None) -> Path:
    out = _checked_path(out_path)
    _checked_range(start, end)
    shown = visits_between(db, by, start, end, [group_id] if group_id else None)
    known = _groups_of(db, by)
    events = [Event(f"{v.id}@songnuan", dt.datetime.combine(v.date, v.start_time),
                    dt.datetime.combine(v.date, v.end_time),
                    f"{v.group_name}：{'、'.join(h.name for h in v.households)}",
                    "；".join(dict.fromkeys(h.address for h in v.households if h.address)),
                    _description(v, known[v.group_id].leader if v.group_id in known else ""))
              for v in shown]
    name = f"走访安排 {date_text(start)}至{date_text(end)}"
    with publishing(db, "visits_ics", out) as pub:
        count = write_ics(events, name, pub.temp)
        _log(db, by, "export_visits_ics", pub, start=start.isoformat(), end=end.isoformat(), visits=count,
             group=known[group_id].name if group_id in known else "")
    return out


def export_xlsx(db: Database, by: SessionUser, start: dt.date, end: dt.date, out_path: Path,
                group_id: uuid.UUID | None = None) -> Path:
    out = _checked_path(out_path)
    _checked_range(start, end)
    shown = visits_between(db, by, start, end, [group_id] if group_id else None)
    known = _groups_of(db, by)
    with publishing(db, "visits_xlsx", out) as pub:
        with SheetWriter(pub.temp, "走访安排", [Column(w, s) for _h, w, s in XLSX_COLUMNS], frozen=(3, 0),
                         print_title_rows=(3, 3)) as sheet:
            sheet.row([f"走访安排 {date_text(start)}至{date_text(end)}"], "title", height=22, merge=True)
            sheet.row([f"共 {len(shown)} 次走访、{sum(len(v.households) for v in shown)} 户；导出：{by.display_name}"],
                      "subtitle")
            sheet.row([h for h, _w, _s in XLSX_COLUMNS], "header", height=20)
            for v in shown:
                leader = known[v.group_id].leader if v.group_id in known else ""
                for h in v.households:
                    sheet.row([v.date, WEEKDAYS[v.date.weekday()], time_span(v.start_time, v.end_time), v.group_name,
                               leader, h.name, h.file_no, h.address, h.village, h.phone, h.category, v.purpose,
                               v.campaign_name, Decimal(h.amount_fen) / 100 if h.amount_fen else None, v.outcome,
                               v.note])
        _log(db, by, "export_visits_xlsx", pub, start=start.isoformat(), end=end.isoformat(), visits=len(shown),
             group=known[group_id].name if group_id in known else "")
    return out
