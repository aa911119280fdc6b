"""The spot-check list (抽查登记表): the drawn households, with blank columns for what each check finds.

Printed for the people who call back or visit; filled in by hand, or printed again after the results
are recorded. It carries the draw's seed and population, so the sheet itself shows how it was drawn.
A4 landscape: for each household its address (for a home check), what was paid — date, method, the
voucher's number — and a column 户主确认（签字） where the head of household confirms having received
it. Who drew the sample is named as recorded; the signing lines (抽取人, 复核人, 负责人) are blank, the
names small beneath them only when the office's setting `signature_names` asks, and the 复核人 beneath is
never the one who drew (issue 14 item 8). Every string goes through the font chain (`documents.glyphs`):
a character no font has refuses the sheet before anything is written, naming the household.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from songnuan_desktop.documents.file_sheet import _Title
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.page_numbers import numbered
from songnuan_desktop.documents.signing import para, signature_row
from songnuan_desktop.domain.paper_dates import BLANK_DATE

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12 * mm, 10 * mm, 13 * mm
HEADER = ["序号", "户主 /\n档案编号", "住址 / 单位", "类别", "金额\n（元）", "发放日期\n/ 方式", "凭证编号", "联系电话",
          "核查\n方式", "结果", "核查人\n/ 日期", "户主确认\n（签字）", "备注"]
WIDTHS_MM = [8, 23, 42, 14, 17, 22, 27, 22, 16, 12, 22, 28, 20]  # 273 mm: A4 landscape less the margins


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
    checked_on: str = ""  # 2027年2月3日
    note: str = ""
    address: str = ""
    paid_on: str = ""  # 2026年1月20日
    paid_method: str = ""  # 现金 / 银行卡
    voucher: str = ""  # the live voucher's number


@dataclass(frozen=True)
class CheckSheet:
    office_name: str
    campaign_name: str
    drawn_on: str  # 2027年2月1日
    percent: int
    seed: int
    population: int
    rows: tuple[CheckRow, ...]
    printed_by: str
    signatories: tuple[str, str, str] = ("", "", "")  # 经办人, 审核人, 负责人 (settings)
    drawn_by: str = ""  # who drew the sample, as recorded
    names_beneath: bool = False  # setting signature_names == "beneath"
    extra_fonts: str = ""  # setting pdf_extra_fonts


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "body": ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16),
        "head": ParagraphStyle("head", fontName=font, fontSize=9, leading=11, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=10.5, alignment=TA_LEFT),
        "num": ParagraphStyle("num", fontName=font, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.5, leading=9.5, alignment=TA_LEFT),
    }


def reviewer_beneath(sheet: CheckSheet) -> str:
    """The 复核人 named beneath the line: the office's reviewer, unless that is who drew the sample."""
    reviewer = sheet.signatories[1]
    return "" if reviewer == sheet.drawn_by else reviewer


def story(sheet: CheckSheet, chain: FontChain, heading: str) -> list[Flowable]:
    st = _styles(chain.main)

    def p(text: str, style: str) -> Flowable:
        return para(chain, text, st[style])

    out: list[Flowable] = [_Title(f"{sheet.office_name}困难职工帮扶资金发放抽查登记表", heading, 15), Spacer(1, 2 * mm)]
    drawer = f"　　抽取人：{sheet.drawn_by}" if sheet.drawn_by else ""
    out.append(p(f"活动：{sheet.campaign_name}　　抽取日期：{sheet.drawn_on}{drawer}　　抽取比例：{sheet.percent}%　　"
                 f"已发放 {sheet.population} 户中抽取 {len(sheet.rows)} 户（随机种子 {sheet.seed}，"
                 "按档案编号排序后抽取，可据此复核）", "body"))
    out.append(Spacer(1, 2 * mm))
    rows: list[list[Any]] = [[p(h, "head") for h in HEADER]]
    for r in sheet.rows:
        place = "\n".join(x for x in (r.address, r.unit) if x)
        rows.append([
            p(str(r.position), "num"), p(f"{r.name}\n{r.file_no}", "cell"), p(place, "small"),
            p(r.category, "cell"), p(r.amount, "num"), p(f"{r.paid_on}\n{r.paid_method}".strip(), "small"),
            p(r.voucher, "small"), p(r.phone, "cell"), p(r.method, "cell"), p(r.result, "cell"),
            p(f"{r.checked_by}\n{r.checked_on}".strip(), "small"), "", p(r.note, "small"),
        ])
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1,
                  minRowHeights=[0] + [12 * mm] * len(sheet.rows))  # room to sign in 户主确认
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white]),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(table)
    out.append(Spacer(1, 6 * mm))
    head = sheet.signatories[2]
    out.append(signature_row(chain, (("抽取人", sheet.drawn_by), ("复核人", reviewer_beneath(sheet)), ("负责人", head)),
                             sheet.names_beneath, 10.5, 34, f"日期：{BLANK_DATE}"))
    out.append(Spacer(1, 2 * mm))
    out.append(p("说明：核查方式填“电话回访”或“入户核查”；结果填“属实”“不属实”或“联系不上”，不属实或联系不上的请在备注中写明情况；"
                 "入户核查的请户主在“户主确认（签字）”栏签字，确认已领到表中金额。复核人须由抽取人以外的人担任。"
                 f"打印：{sheet.printed_by}。本表含个人信息，仅供抽查使用，注意保密。", "small"))
    return out


def check_sheet(sheet: CheckSheet, chain: FontChain) -> None:
    """MissingGlyphs naming the household and the field, for a character no font has."""
    fields = [("抽查登记表", "活动", sheet.campaign_name), ("抽查登记表", "单位", sheet.office_name),
              ("抽查登记表", "抽取人", sheet.drawn_by), ("抽查登记表", "打印人", sheet.printed_by)]
    fields += [("抽查登记表", "签字人姓名", name) for name in sheet.signatories]
    for r in sheet.rows:
        whose = f"户主“{r.name}”（档案编号 {r.file_no}）"
        fields += [(whose, "姓名", r.name), (whose, "住址", r.address), (whose, "工作单位", r.unit),
                   (whose, "类别", r.category), (whose, "核查人", r.checked_by), (whose, "备注", r.note)]
    chain.check(fields)


def write_spot_check(sheet: CheckSheet, path: Path, font: PdfFont, heading: PdfFont | None = None) -> int:
    """Write the list to `path` (a plain write; services.publishing.publish renames it); returns the number of pages.
    MissingGlyphs, before anything is written, for a character no font has."""
    chain = font_chain(font, sheet.extra_fonts or None)
    check_sheet(sheet, chain)
    chinese_line_breaking()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=f"抽查登记表 {sheet.campaign_name}",
                            author=sheet.office_name, creator="送暖")
    doc.build(story(sheet, chain, (heading or font).name),
              canvasmaker=numbered(font=font.name, y=7 * mm))
    return int(doc.page)


__all__ = ["CheckRow", "CheckSheet", "check_sheet", "write_spot_check"]
