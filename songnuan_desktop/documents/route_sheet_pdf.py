"""The day's route sheet (走访安排表), one section per visit group, each on its own pages (A4 landscape).

The group takes it along: the header names the day, the group, its leading official, members,
vehicle and contact; the households follow in visiting order with time, address, phone, category,
purpose, the amount to hand over (when the visit is for an item of a campaign) and a column for the
head of household to sign (户主签字) on receiving it, and one for the thumbprint (手印). Goods (慰问品, issue 16
item 3) are printed under the amount, only for an item approved (or already paid): the service gives them so,
and "待审批，不得发放" stands for an item not approved whether it carries cash, goods or both.

Phones are as the service gives them (the group leader's copy of one group carries whole numbers when
the office's setting `route_sheet_phones` is "full"; the copy says which it is). The leader and the
clerk sign on blank lines (names small beneath only per setting `signature_names`), the date is left
blank to be written by hand. Every string goes through the font chain (`documents.glyphs`): a name with
䶮 or 𠮷 is drawn by a fallback font; a character no font has refuses the sheet naming the household.
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
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from songnuan_desktop.documents.file_sheet import _Title
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.page_numbers import numbered
from songnuan_desktop.documents.signing import para, signature_row
from songnuan_desktop.domain.paper_dates import BLANK_DATE

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12 * mm, 12 * mm, 14 * mm
HEADER = ["序号", "时间", "户主 / 档案编号", "住址", "联系电话", "类别", "事由", "慰问金（元）/ 凭证编号", "户主签字",
          "手印", "备注"]
WIDTHS_MM = [10, 22, 30, 48, 26, 16, 20, 30, 35, 15, 21]  # 273 mm: A4 landscape less the margins; 手印 15 mm


@dataclass(frozen=True)
class RouteRow:
    time: str  # 09:00–09:45
    name: str
    file_no: str
    address: str
    phone: str
    category: str
    purpose: str
    amount: str  # "1,000.00"; "待审批，不得发放" for an item without approval and a live voucher; "" for none
    note: str = ""
    voucher: str = ""  # the live voucher's number, printed beside the amount: cash only against it
    goods: str = ""  # 慰问品 to hand over (大米1袋、食用油1桶): only for an approved or paid item


@dataclass(frozen=True)
class RouteGroup:
    name: str
    leader: str
    members: str
    vehicle: str
    contact: str
    rows: tuple[RouteRow, ...]
    campaigns: str = ""  # the campaigns the day's visits belong to
    leader_copy: bool = False  # the group leader's copy: whole phone numbers (setting route_sheet_phones)


@dataclass(frozen=True)
class RouteSheet:
    office_name: str
    day: str  # 2026年11月23日（星期一）
    groups: tuple[RouteGroup, ...]
    printed_by: str
    total_amount: dict[str, str]  # group name → total to hand over, "" when none
    handler: str = ""  # 经办人 (setting signatory_handler), beneath the line only when names_beneath
    names_beneath: bool = False  # setting signature_names == "beneath"
    extra_fonts: str = ""  # setting pdf_extra_fonts
    total_goods: dict[str, str] | None = None  # group name → goods to hand over (大米9袋、食用油9桶), when any


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "body": ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15),
        "head": ParagraphStyle("head", fontName=font, fontSize=9, leading=11, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=10.5, alignment=TA_LEFT),
        "num": ParagraphStyle("num", fontName=font, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.5, leading=9.5, alignment=TA_LEFT),
    }


def _group_story(sheet: RouteSheet, group: RouteGroup, st: dict[str, ParagraphStyle], heading: str,
                 chain: FontChain) -> list[Flowable]:
    def _p(text: str, style: ParagraphStyle) -> Paragraph:
        return para(chain, text, style)

    out: list[Flowable] = [_Title(f"{sheet.office_name}走访慰问安排表", heading, 15), Spacer(1, 2 * mm)]
    copy = "　　（带队领导联：电话为完整号码，注意保密）" if group.leader_copy else ""
    out.append(_p(f"日期：{sheet.day}　　慰问组：{group.name}　　带队领导：{group.leader}{copy}", st["body"]))
    out.append(_p(f"成员：{group.members or '—'}　　车辆：{group.vehicle or '—'}　　联系电话：{group.contact or '—'}"
                  + (f"　　活动：{group.campaigns}" if group.campaigns else ""), st["body"]))
    out.append(Spacer(1, 2 * mm))
    goods = any(r.goods for g in sheet.groups for r in g.rows)
    header = [GOODS_HEAD if goods and h == HEADER[7] else h for h in HEADER]
    rows: list[list[Any]] = [[_p(h, st["head"]) for h in header]]
    for n, r in enumerate(group.rows, start=1):
        rows.append([_p(str(n), st["num"]), _p(r.time, st["cell"]), _p(f"{r.name}\n{r.file_no}", st["cell"]),
                     _p(r.address, st["cell"]), _p(r.phone, st["cell"]), _p(r.category, st["cell"]),
                     _p(r.purpose, st["cell"]), _amount(r, st, chain), "", "", _p(r.note, st["small"])])
    total = sheet.total_amount.get(group.name, "")
    handed = (sheet.total_goods or {}).get(group.name, "")
    total_cell = _amount(RouteRow("", "", "", "", "", "", "", total, goods=handed), st, chain)
    rows.append([_p("合计", st["cell"]), "", _p(f"{len(group.rows)} 户", st["cell"]), "", "", "", "",
                 total_cell, "", "", ""])
    heights = [0] + [13 * mm] * len(group.rows) + [0]  # room for a signature on every line; a long note grows it
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], minRowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (0, -1), (1, -1)),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(table)
    out.append(Spacer(1, 5 * mm))
    out.append(signature_row(chain, (("带队领导", group.leader), ("经办人", sheet.handler)), sheet.names_beneath,
                             10.5, 45, f"日期：{BLANK_DATE}"))
    out.append(Spacer(1, 2 * mm))
    out.append(_p("说明：只对列有凭证编号的户发放现金，凭该编号的发放凭证当面交户主本人，由户主在“户主签字”栏签名并在"
                  "“手印”栏按手印；写“待审批，不得发放”的户不得发放任何现金或慰问品；慰问品只交列明的户，"
                  "由户主在签收表上签收。不在家或改期的在备注中写明，"
                  f"回来后在系统中登记走访结果和“五清”情况。打印：{sheet.printed_by}。本表含个人信息，仅供走访使用，注意保密。",
                  st["small"]))
    return out


GOODS_HEAD = "慰问金（元）/ 凭证编号 / 慰问品"


def _amount(r: RouteRow, st: dict[str, ParagraphStyle], chain: FontChain) -> Paragraph:
    goods = f'<br/><font size="7.5">{chain.markup("慰问品：" + r.goods)}</font>' if r.goods else ""
    if r.voucher and r.amount:  # the number on one line (7 pt: 2026-JQZX01-000084 is 23 mm of the 27)
        return Paragraph(f'{chain.markup(r.amount)}<br/><font size="7">{chain.markup(r.voucher)}</font>{goods}',
                         st["num"])
    if goods:
        return Paragraph(f'{chain.markup(r.amount)}{goods}' if r.amount else goods[5:], st["num"])
    return para(chain, r.amount, st["num"] if r.amount[:1].isdigit() else st["small"])


def check_sheet(sheet: RouteSheet, chain: FontChain) -> None:
    """MissingGlyphs naming the household (or the group) and the field, for a character no font has."""
    fields = [("走访安排表", "单位", sheet.office_name), ("走访安排表", "打印人", sheet.printed_by),
              ("走访安排表", "经办人", sheet.handler)]
    for g in sheet.groups:
        whose = f"慰问组“{g.name}”"
        fields += [(whose, "名称", g.name), (whose, "带队领导", g.leader), (whose, "成员", g.members),
                   (whose, "车辆", g.vehicle), (whose, "活动", g.campaigns)]
        for r in g.rows:
            who = f"户主“{r.name}”（档案编号 {r.file_no}）"
            fields += [(who, "姓名", r.name), (who, "住址", r.address), (who, "类别", r.category),
                       (who, "事由", r.purpose), (who, "备注", r.note), (who, "慰问品", r.goods)]
    chain.check(fields)


def write_route_sheet(sheet: RouteSheet, path: Path, font: PdfFont, heading: PdfFont | None = None) -> int:
    """Write the sheet to `path` (a plain write; services.publishing.publish renames it); returns the number of
    pages."""
    chain = font_chain(font, sheet.extra_fonts or None)
    check_sheet(sheet, chain)
    chinese_line_breaking()
    st = _styles(font.name)
    story: list[Flowable] = []
    for i, group in enumerate(sheet.groups):
        if i:
            story.append(PageBreak())
        story.extend(_group_story(sheet, group, st, (heading or font).name, chain))
    if not story:
        story = [_Title(f"{sheet.office_name}走访慰问安排表", (heading or font).name, 15),
                 para(chain, f"{sheet.day}没有安排走访。", st["body"])]
    temp = Path(path)
    doc = SimpleDocTemplate(str(temp), pagesize=landscape(A4), leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=f"走访安排表 {sheet.day}",
                            author=sheet.office_name, creator="送暖")
    doc.build(story, canvasmaker=numbered(font=font.name, y=7 * mm))
    pages = doc.page
    return int(pages)


__all__ = ["RouteGroup", "RouteRow", "RouteSheet", "check_sheet", "write_route_sheet"]
