"""统计表 on paper: `export_report(db, user, period_or_scope, out)` writes services.reports.statistics' tables as .xlsx
(documents.statistics_xlsx) or PDF (documents.statistics_pdf) by the name's suffix. Apart from
services.reports.statistics so that the window's 统计 screen does not load reportlab and openpyxl at start-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from songnuan_desktop.documents.fonts import cjk_font, cjk_heading_font
from songnuan_desktop.documents.statistics_pdf import write_statistics_pdf
from songnuan_desktop.documents.statistics_xlsx import write_statistics_xlsx
from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.office.settings import value_at
from songnuan_desktop.services.reports.statistics import TABLE_KEYS, Period, Scope, scope_of, tables


def export_report(db: Database, by: SessionUser, period: Period | Scope, out_path: Path | str,
                  keys: Sequence[str] = TABLE_KEYS, today: dt.date | None = None) -> Path:
    """The tables as .xlsx (one sheet each, with a chart) or .pdf (a page each, with a bar chart), by the name's
    suffix; the header names the office, the period and the day it was made."""
    if by.id is None:
        raise PermissionDenied("named_user_required", "导出统计表须由登录的工作人员办理。")
    out = Path(out_path)
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        raise ValidationFailed("out", f"统计表只能保存为 .xlsx 或 .pdf 文件，“{out.name}”不是。")
    scope = period if isinstance(period, Scope) else scope_of(db, by, period)
    found = tables(db, scope, keys)
    today = today or dt.date.today()
    title = f"{scope.office_name}帮扶工作统计表"
    header = [f"制表单位：{scope.office_name}", f"统计期间：{scope.label}", f"制表日期：{date_text(today)}"]
    if out.suffix.lower() == ".xlsx":
        return write_statistics_xlsx(out, found, header)
    with db.read() as session:
        font_setting = str(value_at(session, by.office_id, "pdf_font_path", today) or "") or None
        extra_fonts = str(value_at(session, by.office_id, "pdf_extra_fonts", today) or "") or None
    write_statistics_pdf(out, title, header, found, cjk_font(font_setting), cjk_heading_font(font_setting),
                         extra_fonts)
    return out
