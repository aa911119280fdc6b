"""The spot-check list (抽查登记表): the drawn households, with blank columns for what each check finds.

Printed for the people who call back or visit; filled in by hand, or printed again after the results
are recorded. It carries the draw's seed and population, so the sheet itself shows how it was drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from songnuan_desktop.documents.file_sheet import _NumberedCanvas, _p, _Title
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 14 * mm, 14 * mm, 16 * mm
HEADER = ["序号", "姓名 / 档案编号", "工作单位", "类别", "金额（元）", "联系电话", "核查方式", "结果", "核查人 / 日期",
          "备注"]
WIDTHS_MM = [8, 24, 26, 16, 18, 22, 16, 15, 20, 17]  # 182 mm: A4 less the margins


@dataclass(frozen=True)
class CheckRow:
    position: int
    name: str
    file_no: str
    unit: str
    category: str
    amount: str  # 1,000.00
    phone: str
    method: str = ""
    result: str = ""
    checked_by: str = ""
    checked_on: str = ""
    note: str = ""


@dataclass(frozen=True)
class CheckSheet:
    office_name: str
    campaign_name: str
    drawn_on: str
    percent: int
    seed: int
    population: int
    rows: tuple[CheckRow, ...]
    printed_by: str
    signatories: tuple[str, str, str] = ("", "", "")  # 经办人, 审核人, 负责人


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "body": ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16),
        "head": ParagraphStyle("head", fontName=font, fontSize=9, leading=11, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, alignment=TA_LEFT),
        "num": ParagraphStyle("num", fontName=font, fontSize=8, leading=10, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.5, leading=9.5, alignment=TA_LEFT),
    }


def story(sheet: CheckSheet, font: str, heading: str) -> list[Flowable]:
    st = _styles(font)
    out: list[Flowable] = [_Title(f"{sheet.office_name}困难职工帮扶资金发放抽查登记表", heading, 15), Spacer(1, 2 * mm)]
    out.append(_p(f"活动：{sheet.campaign_name}　　抽取日期：{sheet.drawn_on}　　抽取比例：{sheet.percent}%　　"
                  f"已发放 {sheet.population} 户中抽取 {len(sheet.rows)} 户（随机种子 {sheet.seed}，"
                  "按档案编号排序后抽取，可据此复核）", st["body"]))
    out.append(Spacer(1, 2 * mm))
    rows: list[list[Any]] = [[_p(h, st["head"]) for h in HEADER]]
    for r in sheet.rows:
        rows.append([
            _p(str(r.position), st["num"]), _p(f"{r.name}\n{r.file_no}", st["cell"]), _p(r.unit, st["small"]),
            _p(r.category, st["cell"]), _p(r.amount, st["num"]), _p(r.phone, st["cell"]), _p(r.method, st["cell"]),
            _p(r.result, st["cell"]), _p(f"{r.checked_by}\n{r.checked_on}".strip(), st["small"]),
            _p(r.note, st["small"]),
        ])
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white]),
        ("MINROWHEIGHT", (0, 1), (-1, -1), 11 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(table)
    out.append(Spacer(1, 6 * mm))
    _handler, reviewer, head = sheet.signatories
    out.append(_p(f"抽查人（签字）：{'　' * 6}审核人：{reviewer or '　' * 4}　　负责人：{head or '　' * 4}　　"
                  f"日期：　　年　　月　　日", st["body"]))
    out.append(Spacer(1, 2 * mm))
    out.append(_p(f"说明：核查方式填“电话回访”或“入户核查”；结果填“属实”“不属实”或“联系不上”，不属实或联系不上的请在备注中写明情况。"
                  f"打印：{sheet.printed_by}。本表含个人信息，仅供抽查使用，注意保密。", st["small"]))
    return out


def write_spot_check(sheet: CheckSheet, path: Path, font: PdfFont, heading: PdfFont | None = None) -> int:
    """Write the list to `path` (a plain write; services.publish renames it); returns the number of pages."""
    chinese_line_breaking()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                            bottomMargin=MARGIN_BOTTOM, title=f"抽查登记表 {sheet.campaign_name}",
                            author=sheet.office_name, creator="送暖")
    doc.build(story(sheet, font.name, (heading or font).name),
              canvasmaker=lambda *a, **k: _NumberedCanvas(*a, font=font.name, **k))
    return int(doc.page)


__all__ = ["CheckRow", "CheckSheet", "write_spot_check"]
