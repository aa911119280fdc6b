"""County overview and reports (县级汇总统计) across the merged townships.

- `township_status(db, by)`: one row per township — last package, when merged, files, items, amounts;
- `county_report(db, by, year=None)`: tables by township, by category (困难类别) and by campaign
  (name and period, across townships), with counts and amounts approved and paid;
- `export_county_report(db, by, path, year=None)`: the tables as an .xlsx, one sheet each, audit-logged.

Figures: files are counted when not deleted (在档 = active); an item counts as approved when it is
approved, paid or sampled (the money is committed), as paid when paid or sampled. `year` selects the
campaigns of that year (Campaign.year); file counts are always today's.

Only in a county database, for the roles 县总工会 and 管理员.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.paper_dates import date_text, moment_text, span_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import APPROVED_OR_LATER, PAID_STATES, state_values
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Attachment, AuditEntry, Campaign, ExchangeLog, Office, WorkerFile,
)
from songnuan_desktop.services.county.county_checks import (
    ACTIVE, CheckResult, cross_township_checks, require_county,
)
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.storage import export_path

EXPORT_ACTION = "export_county_report"
OFFICE = AssistanceItem.origin_office_id.label("office_id")  # a township's rows keep it as their origin
FIGURES = ["批准人次", "批准金额（元）", "发放人次", "发放金额（元）"]


@dataclass(frozen=True)
class TownshipStatus:
    """One row of the county overview."""

    office_id: uuid.UUID
    name: str
    region_code: str
    last_sequence: int
    exported_at: dt.datetime  # the township's export time, naive UTC
    merged_at: dt.datetime | None  # naive UTC, from the county's audit entry of the merge
    files_active: int
    files_total: int
    items: int  # all its assistance items, whatever their state
    amount_approved_fen: int  # approved, paid or sampled
    amount_paid_fen: int  # paid or sampled
    attachments: int


@dataclass(frozen=True)
class ReportTable:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    totals: list[Any] | None
    money_columns: tuple[int, ...] = ()  # columns holding fen (shown and written as yuan)


# --- the overview ------------------------------------------------------------------------------------

def township_status(db: Database, by: SessionUser) -> list[TownshipStatus]:
    county = require_county(db, by, Action.COUNTY_SUMMARY)
    with db.read() as session:
        offices = session.execute(select(Office.id, Office.name, Office.region_code)
                                  .where(Office.parent_id == county.id).order_by(Office.region_code)).all()
        logs = _last_packages(session)
        merged = _merge_times(session)
        files = _file_counts(session, county.id)
        items = {r.office_id: r for r in session.execute(_item_figures(None, OFFICE))}
        attachments = {r[0]: int(r[1]) for r in session.execute(
            select(Attachment.origin_office_id, func.count()).where(Attachment.deleted.is_(False))
            .group_by(Attachment.origin_office_id))}
    out = []
    for o in offices:
        seq, exported = logs.get(o.id, (0, dt.datetime.min))
        active, total = files.get(o.id, (0, 0))
        it = items.get(o.id)
        out.append(TownshipStatus(o.id, o.name, o.region_code, seq, exported, merged.get(f"{o.id}:{seq}"), active,
                                  total, it.items if it else 0, int(it.approved_fen or 0) if it else 0,
                                  int(it.paid_fen or 0) if it else 0, attachments.get(o.id, 0)))
    return out


def _last_packages(session: Session) -> dict[uuid.UUID, tuple[int, dt.datetime]]:
    rows = session.execute(select(ExchangeLog.office_id, ExchangeLog.sequence, ExchangeLog.created_at)
                           .where(ExchangeLog.direction == "in").order_by(ExchangeLog.sequence)).all()
    return {r.office_id: (r.sequence, r.created_at) for r in rows}  # the highest sequence wins


def _merge_times(session: Session) -> dict[str, dt.datetime]:
    rows = session.execute(select(AuditEntry.entity_id, AuditEntry.at)
                           .where(AuditEntry.action == "merge_package").order_by(AuditEntry.seq)).all()
    return {r.entity_id: r.at for r in rows}


def _file_counts(session: Session, county_id: uuid.UUID) -> dict[uuid.UUID, tuple[int, int]]:
    active = func.sum(case((WorkerFile.status == ACTIVE, 1), else_=0))
    rows = session.execute(select(WorkerFile.office_id, active, func.count())
                           .where(WorkerFile.deleted.is_(False), WorkerFile.office_id != county_id)
                           .group_by(WorkerFile.office_id)).all()
    return {r[0]: (int(r[1] or 0), int(r[2])) for r in rows}


def _item_figures(year: int | None, *keys: Any) -> Any:
    """Per `keys`: items, approved count and fen, paid count and fen (labelled)."""
    approved = AssistanceItem.state.in_(state_values(APPROVED_OR_LATER))
    paid = AssistanceItem.state.in_(state_values(PAID_STATES))
    query = (select(*keys, func.count().label("items"),
                    func.sum(case((approved, 1), else_=0)).label("approved"),
                    func.sum(case((approved, AssistanceItem.amount_fen), else_=0)).label("approved_fen"),
                    func.sum(case((paid, 1), else_=0)).label("paid"),
                    func.sum(case((paid, AssistanceItem.amount_fen), else_=0)).label("paid_fen"))
             .select_from(AssistanceItem).join(Campaign, Campaign.id == AssistanceItem.campaign_id)
             .group_by(*keys))
    return query.where(Campaign.year == year) if year is not None else query


# --- the report --------------------------------------------------------------------------------------

def county_report(db: Database, by: SessionUser, year: int | None = None) -> list[ReportTable]:
    county = require_county(db, by, Action.COUNTY_STATISTICS)
    with db.read() as session:
        return [_by_township(session, county.id, year), _by_category(session, county.id, year),
                _by_campaign(session, year)]


def _figures(row: Any) -> list[int]:
    if row is None:
        return [0, 0, 0, 0]
    return [int(row.approved or 0), int(row.approved_fen or 0), int(row.paid or 0), int(row.paid_fen or 0)]


def _totals(label: str, rows: list[list[Any]], first: int) -> list[Any]:
    width = len(rows[0]) if rows else first + 4
    return [label] + [""] * (first - 1) + [sum(r[i] for r in rows) for i in range(first, width)]


def _by_township(session: Session, county_id: uuid.UUID, year: int | None) -> ReportTable:
    offices = session.execute(select(Office.id, Office.name).where(Office.parent_id == county_id)
                              .order_by(Office.region_code)).all()
    files = _file_counts(session, county_id)
    items = {r.office_id: r for r in session.execute(_item_figures(year, OFFICE))}
    rows = [[o.name, *files.get(o.id, (0, 0)), *_figures(items.get(o.id))] for o in offices]
    return ReportTable(_titled("按乡镇", year), ["乡镇", "在档档案", "档案总数", *FIGURES], rows,
                       _totals("合计", rows, 1), (4, 6))


def _by_category(session: Session, county_id: uuid.UUID, year: int | None) -> ReportTable:
    active = func.sum(case((WorkerFile.status == ACTIVE, 1), else_=0))
    files = {r[0]: (int(r[1] or 0), int(r[2])) for r in session.execute(
        select(WorkerFile.category, active, func.count())
        .where(WorkerFile.deleted.is_(False), WorkerFile.office_id != county_id).group_by(WorkerFile.category))}
    items = {r.category: r for r in session.execute(_item_figures(year, AssistanceItem.category))}
    names = sorted(set(files) | set(items), key=lambda c: (c == "", c))
    rows = [[c or "（未填）", *files.get(c, (0, 0)), *_figures(items.get(c))] for c in names]
    return ReportTable(_titled("按困难类别", year), ["困难类别", "在档档案", "档案总数", *FIGURES], rows,
                       _totals("合计", rows, 1), (4, 6))


def _by_campaign(session: Session, year: int | None) -> ReportTable:
    query = _item_figures(year, Campaign.name, Campaign.start_date, Campaign.end_date).add_columns(
        func.count(func.distinct(AssistanceItem.origin_office_id)).label("townships"))
    rows = [[r.name, span_text(r.start_date, r.end_date), int(r.townships), int(r.items),
             *_figures(r)] for r in session.execute(query.order_by(Campaign.start_date, Campaign.name))]
    totals = ["合计", "", "", *[sum(r[i] for r in rows) for i in range(3, 8)]] if rows else None
    return ReportTable(_titled("按活动", year), ["活动", "期间", "乡镇数", "名单项", *FIGURES], rows, totals,
                       (5, 7))


def _titled(title: str, year: int | None) -> str:
    return f"{title}（{year}年活动）" if year is not None else title


# --- the workbook ------------------------------------------------------------------------------------

def export_county_report(db: Database, by: SessionUser, path: Path, year: int | None = None,
                         today: dt.date | None = None) -> Path:
    """Write the county report to `path` (.xlsx, whole or not at all) and log the export: the three tables,
    then one sheet per kind of cross-township finding with its evidence (issue 14 item 5)."""
    out = export_path(path)
    county = require_county(db, by, Action.EXPORT_COUNTY_STATISTICS)
    tables = county_report(db, by, year)
    findings = finding_tables(cross_township_checks(db, by))
    lines = header_lines(county.name, by.display_name, today or dt.date.today(), township_status(db, by))
    from songnuan_desktop.documents.county_report_xlsx import write_county_report
    write_county_report(out, f"{county.name}汇总统计" + (f"（{year}年）" if year else ""), tables,
                        header_lines=lines, findings=findings)
    with db.write(by.actor) as session:
        audit.append(session, by.actor, EXPORT_ACTION, "offices", str(county.id), after={
            "path": str(out), "year": year, "tables": [t.title for t in tables],
            "findings": {t.title: len(t.rows) for t in findings}, "townships": len(tables[0].rows)})
    return out


FINDING_SHEETS = (("duplicate_files", "重复建档"), ("double_payments", "重复发放"), ("details_differ", "信息不一致"))
FINDING_HEADERS = ["序号", "比对结果", "身份证号", "姓名", "乡镇", "档案编号", "身份", "档案状态", "金额（元）",
                   "状态", "依据"]


def finding_tables(result: CheckResult) -> list[ReportTable]:
    """One table per kind of finding: a row per entry (township, file, role, amount) with its evidence."""
    tables = []
    for attribute, title in FINDING_SHEETS:
        rows: list[list[Any]] = []
        for n, finding in enumerate(getattr(result, attribute), start=1):
            for entry in finding.entries:
                rows.append([n, finding.title, finding.id_masked, entry.name or finding.name, entry.office_name,
                             entry.file_no, entry.role, entry.file_status,
                             entry.amount_fen if entry.amount_fen else "", entry.state, entry.detail])
        tables.append(ReportTable(title, list(FINDING_HEADERS), rows, None, money_columns=(8,)))
    return tables


def header_lines(unit: str, maker: str, today: dt.date, townships: Sequence[TownshipStatus]) -> list[str]:
    """制表单位, 制表人, 制表日期, 数据截至 and each township's package (number and export date)."""
    latest = max((t.exported_at for t in townships), default=None)
    lines = [f"制表单位：{unit}　　制表人：{maker}　　制表日期：{date_text(today)}　　"
             f"数据截至：{moment_text(latest) if latest else '（尚无乡镇数据包）'}"]
    if townships:
        lines.append("数据包：" + "；".join(f"{t.name} 第{t.last_sequence}号（{date_text(t.exported_at.date())}导出）"
                                         for t in townships))
    return lines


__all__: Sequence[str] = ("ReportTable", "TownshipStatus", "county_report", "export_county_report",
                          "township_status")
