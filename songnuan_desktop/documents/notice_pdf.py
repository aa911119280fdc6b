"""公示: the list of proposed beneficiaries posted on the notice board, A4 portrait.

Data in, file out. What is public is decided here as well as by the caller: a row carries only the
columns the notice shows, and the ID number is passed through `mask_id` (first 6 and last 4 digits,
idempotent on a masked number) whatever the caller gave. Nothing else personal has a field to come
in by: no phone, address, bank card, birth date, health or family.

The table's header repeats on every page; every page says 第 x 页 共 y 页; the objection paragraph
and the seal line stay together at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from songnuan_desktop.documents.file_sheet import _NumberedCanvas, _p, _Title
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.ids import mask_id

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 15 * mm, 16 * mm
WIDTH = PAGE_W - 2 * MARGIN_X  # 180 mm
HEADER = ("序号", "姓名", "工作单位", "困难类别", "帮扶项目", "金额（元）", "身份证号")
COLUMNS_MM = (10, 19, 50, 19, 22, 19, 41)  # 11 pt 文泉驿: a masked ID is 38.2 mm, a 4-character name 15.5 mm
CELL_SIZE, PAD = 11, 3.0  # a wall notice is read standing: 11 pt at least
HEAD_BG = colors.HexColor("#e6e6e6")
TITLE_SIZE = 17


@dataclass(frozen=True)
class NoticeRow:
    name: str
    unit: str
    category: str
    item: str
    amount_fen: int
    id_number: str  # masked again on the way out: a full number never reaches the page


@dataclass(frozen=True)
class NoticeDocument:
    office_name: str
    campaign_name: str
    campaign_kind: str
    start: str  # dates as printed: 2026年11月23日
    end: str
    working_days: int
    calendar_note: str  # "" when the period was counted on the official holiday arrangement
    place: str  # where the notice is posted
    contact: str  # where and whom to call to object
    issued_on: str
    rows: tuple[NoticeRow, ...]
    audit_tip: str = ""  # the audit chain's tip when printed (审计 #n·12 hex), in every page's foot
    supervision_phone: str = ""  # setting notice_supervision_phone, on the objection line when set

    @property
    def title(self) -> str:
        return f"{self.office_name}{self.campaign_name}拟帮扶对象公示"

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    head: ParagraphStyle
    note: ParagraphStyle
    right: ParagraphStyle
    font: str
    heading: str


def _styles(font: PdfFont, heading: PdfFont) -> _Styles:
    def style(name: str, size: float, align: int = TA_LEFT, lead: float = 1.3, face: str = font.name,
              indent: float = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=face, fontSize=size, leading=size * lead, alignment=align,
                              wordWrap="CJK", firstLineIndent=indent)

    return _Styles(style("body", 11, TA_JUSTIFY, 1.75, indent=22), style("cell", CELL_SIZE, TA_CENTER),
                   style("head", 9.5, TA_CENTER, face=heading.name), style("note", 9, lead=1.5),
                   style("right", 11, TA_RIGHT, 1.75), font.name, heading.name)


def _title(doc: NoticeDocument, st: _Styles) -> list[Flowable]:
    """The title on one line if it fits, else broken before 拟帮扶对象公示; a line still too wide for
    the page is set smaller (a title never runs off the paper)."""
    lines = [doc.title] if _spaced_width(doc.title, st.heading, TITLE_SIZE) <= WIDTH else \
        [f"{doc.office_name}{doc.campaign_name}", "拟帮扶对象公示"]
    size = min(TITLE_SIZE, *(TITLE_SIZE * WIDTH / _spaced_width(line, st.heading, TITLE_SIZE) for line in lines))
    return [_Title(line, st.heading, size) for line in lines]


def _spaced_width(text: str, font: str, size: float) -> float:
    """The width _Title draws `text` in: letter-spaced by 0.35 em."""
    return stringWidth(text, font, size) + size * 0.35 * (len(text) - 1)


def _opening(doc: NoticeDocument, st: _Styles) -> list[Flowable]:
    kind = doc.campaign_kind or "帮扶"
    text = (f"根据{kind}工作安排，经个人申请、基层工会推荐、{doc.office_name}审核，拟对以下 "
            f"{len(doc.rows)} 名困难职工给予帮扶，现将名单予以公示。公示期为{doc.start}至{doc.end}，"
            f"共{doc.working_days}个工作日。")
    out: list[Flowable] = [_p(text, st.body)]
    if doc.calendar_note:
        out.append(_p(f"注：{doc.calendar_note}", ParagraphStyle("cal", parent=st.note, leftIndent=22)))
    return out


def _table(doc: NoticeDocument, st: _Styles) -> Table:
    rows: list[list[Any]] = [[_p(h, st.head) for h in HEADER]]
    for n, r in enumerate(doc.rows, start=1):
        texts = (r.name, r.unit, r.category, r.item, yuan_text(r.amount_fen), mask_id(r.id_number))
        rows.append([str(n), *(_fit(text, COLUMNS_MM[c], st) for c, text in enumerate(texts, start=1))])
    rows.append(["合计", f"共 {len(doc.rows)} 人", "", "", "", yuan_text(doc.total_fen), ""])
    last = len(rows) - 1
    table = Table(rows, colWidths=[w * mm for w in COLUMNS_MM], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), st.font, CELL_SIZE), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("ALIGN", (5, 1), (5, -1), "RIGHT"), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("FONT", (0, last), (-1, last), st.heading, CELL_SIZE), ("SPAN", (1, last), (4, last)),
        ("ALIGN", (1, last), (4, last), "LEFT"),
    ]))
    return table


def _fit(text: str, width_mm: float, st: _Styles) -> str | Paragraph:
    """The text as a plain string when it fits its column on one line, else a Paragraph that wraps:
    a Paragraph per cell costs time on a list of hundreds of rows, and most cells are short."""
    if stringWidth(text, st.font, CELL_SIZE) <= width_mm * mm - 2 * PAD:
        return text
    return _p(text, st.cell)


def _closing(doc: NoticeDocument, st: _Styles) -> Flowable:
    objection = (f"公示期间，任何单位和个人对公示对象有异议的，可在公示期内以书面或电话形式向{doc.office_name}"
                 f"实名反映，并提供具体事实和联系方式，以便调查核实。{doc.office_name}对反映人的信息予以保密。"
                 "逾期未提出异议的，视为无异议。")
    lines: list[Flowable] = [_p(objection, st.body)]
    if doc.place:
        lines.append(_p(f"公示地点：{doc.place}", st.body))
    if doc.contact:
        supervision = f"；监督电话：{doc.supervision_phone}" if doc.supervision_phone else ""
        lines.append(_p(f"受理异议：{doc.contact}（书面材料请送至{doc.office_name}办公室）{supervision}", st.body))
    return KeepTogether([Spacer(1, 3 * mm), *lines, Spacer(1, 9 * mm), _seal(doc, st)])


def _seal(doc: NoticeDocument, st: _Styles) -> Table:
    """The signing office over the date, centred on each other and set in two characters from the right
    margin, as on an official notice; room above for the seal that is stamped over them."""
    lines = (f"{doc.office_name}（盖章）", doc.issued_on)
    width = max(stringWidth(text, st.font, 11) for text in lines) + 4 * mm
    table = Table([[text] for text in lines], colWidths=[width])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), st.font, 11), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    right = 8 * mm  # 右空二字
    wrapper = Table([["", table]], colWidths=[WIDTH - width - right, width + right])
    wrapper.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    return wrapper


def story(doc: NoticeDocument, st: _Styles) -> list[Flowable]:
    return [*_title(doc, st), Spacer(1, 3 * mm), *_opening(doc, st), Spacer(1, 2.5 * mm), _table(doc, st),
            _closing(doc, st)]


def _decorator(doc: NoticeDocument, st: _Styles) -> Any:
    def decorate(canvas: Canvas, template: Any) -> None:
        if doc.audit_tip:  # the anchor a rewritten audit history would disagree with
            canvas.saveState()
            canvas.setFont(st.font, 6.5)
            canvas.setFillColor(colors.HexColor("#555555"))
            canvas.drawRightString(PAGE_W - MARGIN_X, 8 * mm, doc.audit_tip)
            canvas.restoreState()
        if template.page > 1:
            canvas.saveState()
            canvas.setFont(st.font, 8)
            canvas.setFillColor(colors.HexColor("#444444"))
            canvas.drawString(MARGIN_X, PAGE_H - 10 * mm, f"{doc.title}（续）")
            canvas.restoreState()
    return decorate


def write_notice(doc: NoticeDocument, path: Path, font: PdfFont, heading: PdfFont | None = None) -> int:
    """Write the notice to `path` (a plain write; services.publish renames it); returns the number of pages."""
    chinese_line_breaking()
    st = _styles(font, heading or font)
    temp = Path(path)
    template = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                                 topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=doc.title,
                                 author=doc.office_name, creator="送暖")
    decorate = _decorator(doc, st)
    template.build(story(doc, st), onFirstPage=decorate, onLaterPages=decorate,
                   canvasmaker=lambda *a, **k: _NumberedCanvas(*a, font=st.font, **k))
    pages = template.page
    return int(pages)

