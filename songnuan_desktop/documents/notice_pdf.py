"""公示: the list of proposed beneficiaries posted on the notice board, A4 portrait; and 公示结果, the
notice of what became of that list.

Data in, file out. What is public is decided here as well as by the caller: a row carries only the
columns the notice shows, and the ID number is passed through `mask_id` (first 6 and last 4 digits,
idempotent on a masked number) whatever the caller gave. Nothing else personal has a field to come
in by: no phone, address, bank card, birth date, health or family. A 金秋助学 notice also names the
student and the school with its level (高中/大学), where the caller has them.

The table's header repeats on every page; every page says 第 x 页 共 y 页; the objection paragraph
and the seal line stay together at the end, with the last rows of the list (the seal is never alone on
a page: a page with only a seal certifies nothing). A reprint carries `mark` (重印, when and by whom)
under the title and 重印 in every page's head; it is otherwise the posted notice, word for word.

Every string goes through the font chain (documents.glyphs): a rare character is drawn by a fallback
font inside its string, and a character no font has refuses the paper before anything is written,
naming the person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.notice_text import (
    NoticeDocument, NoticeResult, NoticeRow, RemovedRow, objection_text, opening_text, result_text,
)
from songnuan_desktop.documents.page_numbers import numbered
from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.ids import mask_id

__all__ = ["NoticeDocument", "NoticeResult", "NoticeRow", "RemovedRow", "write_notice", "write_result"]

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 15 * mm, 16 * mm
WIDTH = PAGE_W - 2 * MARGIN_X  # 180 mm
HEADER = ("序号", "姓名", "工作单位", "困难类别", "帮扶项目", "金额（元）", "身份证号")
COLUMNS_MM = (10, 19, 50, 19, 22, 19, 41)  # 11 pt 文泉驿: a masked ID is 38.2 mm, a 4-character name 15.5 mm
# 金秋助学: the item is the title's; the student and the school (with its level) take its place and part of the unit's
STUDENT_HEADER = ("序号", "姓名", "工作单位", "困难类别", "学生姓名", "就读学校（学段）", "金额（元）", "身份证号")
STUDENT_COLUMNS_MM = (9, 18, 24, 19, 18, 32, 19, 41)
REMOVED_HEADER = ("序号", "姓名", "工作单位", "帮扶项目", "原公示金额（元）", "现状", "原因")
REMOVED_COLUMNS_MM = (10, 19, 34, 22, 21, 22, 52)
CELL_SIZE, PAD = 11, 3.0  # a wall notice is read standing: 11 pt at least
HEAD_BG = colors.HexColor("#e6e6e6")
MARK_RED = colors.HexColor("#a40000")
TITLE_SIZE = 17
TAIL_ROWS = 3  # rows of the list kept on the page of the seal


# --- styles and the font chain -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    head: ParagraphStyle
    note: ParagraphStyle
    right: ParagraphStyle
    mark: ParagraphStyle
    section: ParagraphStyle
    chain: FontChain  # body text
    heads: FontChain  # titles and table heads

    @property
    def font(self) -> str:
        return self.chain.main

    @property
    def heading(self) -> str:
        return self.heads.main


def _styles(chain: FontChain, heads: FontChain) -> _Styles:
    def style(name: str, size: float, align: int = TA_LEFT, lead: float = 1.3, face: str = chain.main,
              indent: float = 0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=face, fontSize=size, leading=size * lead, alignment=align,
                              wordWrap="CJK", firstLineIndent=indent)

    mark = style("mark", 10.5, TA_CENTER, 1.45)
    mark.textColor, mark.borderColor, mark.borderWidth, mark.borderPadding = MARK_RED, MARK_RED, 0.8, 4
    return _Styles(style("body", 11, TA_JUSTIFY, 1.75, indent=22), style("cell", CELL_SIZE, TA_CENTER),
                   style("head", 9.5, TA_CENTER, face=heads.main), style("note", 9, lead=1.5),
                   style("right", 11, TA_RIGHT, 1.75), mark, style("section", 12, lead=1.6, face=heads.main),
                   chain, heads)


def _m(text: str, style: ParagraphStyle, chain: FontChain) -> Paragraph:
    """Text as a Paragraph through the chain: escaped, fallback runs in their font, line breaks kept."""
    markup = chain.markup(text).replace("\n", "<br/>").replace("\u3000", "&nbsp;" * 4)
    return Paragraph(markup, style)


class _Title(Flowable):
    """The title: centred, letter-spaced, drawn a little heavier (a stroked outline), font per glyph."""

    def __init__(self, text: str, chain: FontChain, size: float) -> None:
        super().__init__()
        self.text, self.chain, self.size = text, chain, size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.size * 1.55

    def draw(self) -> None:
        space = self.size * 0.35
        width = _spaced_width(self.text, self.chain, self.size)
        text = self.canv.beginText((self.width - width) / 2, self.size * 0.5)
        text.setCharSpace(space)
        text.setTextRenderMode(2)  # fill and stroke: a bolder title from a regular font
        self.canv.setLineWidth(self.size * 0.025)
        for name, part in self.chain.runs(self.text):
            text.setFont(name, self.size)
            text.textOut(part)
        self.canv.drawText(text)


def _spaced_width(text: str, chain: FontChain, size: float) -> float:
    """The width _Title draws `text` in: letter-spaced by 0.35 em."""
    return chain.width(text, size) + size * 0.35 * (len(text) - 1)


def _title(office: str, campaign: str, word: str, st: _Styles) -> list[Flowable]:
    """The title on one line if it fits, else broken before the last word (拟帮扶对象公示 / 公示结果); a
    line still too wide for the page is set smaller (a title never runs off the paper)."""
    whole = f"{office}{campaign}{word}"
    lines = [whole] if _spaced_width(whole, st.heads, TITLE_SIZE) <= WIDTH else [f"{office}{campaign}", word]
    size = min(TITLE_SIZE, *(TITLE_SIZE * WIDTH / _spaced_width(line, st.heads, TITLE_SIZE) for line in lines))
    return [_Title(line, st.heads, size) for line in lines]


# --- tables ------------------------------------------------------------------------------------------

class _PageMark(Flowable):
    """Zero-size: notes the page it lands on (whether the seal's block went to a page of its own)."""

    def __init__(self, pages: dict[str, int], key: str) -> None:
        super().__init__()
        self.pages, self.key = pages, key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()


@dataclass
class _Layout:
    """The two passes of a build: the first keeps the tail rows without a header (they continue the list on
    the same page); when the marks say the tail began a new page, the second gives it the header."""

    tail_header: bool = False
    pages: dict[str, int] = field(default_factory=dict)

    @property
    def tail_moved(self) -> bool:
        return "tail" in self.pages and self.pages.get("tail") != self.pages.get("body")


def _grid(rows: list[list[Any]], widths: tuple[float, ...], st: _Styles, header: bool, total: bool,
          right: Iterable[int]) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1 if header else 0)
    style: list[Any] = [
        ("FONT", (0, 0), (-1, -1), st.font, CELL_SIZE), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    first = 1 if header else 0
    style += [("ALIGN", (c, first), (c, -1), "RIGHT") for c in right]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
    if total:
        last, money = len(rows) - 1, next(iter(right))
        style += [("FONT", (0, last), (-1, last), st.heading, CELL_SIZE), ("SPAN", (1, last), (money - 1, last)),
                  ("ALIGN", (1, last), (money - 1, last), "LEFT")]
    table.setStyle(TableStyle(style))
    return table


def _listed(header: tuple[str, ...], widths: tuple[float, ...], body: list[list[Any]], total: list[Any] | None,
            right: tuple[int, ...], st: _Styles, layout: _Layout | None, closing: list[Flowable]) -> list[Flowable]:
    """The table; with `closing`, its last rows (and total) kept on one page with the closing block."""
    head = [_m(h, st.head, st.heads) for h in header]
    if layout is None or not closing:
        rows = [head, *body, *([total] if total else [])]
        return [_grid(rows, widths, st, True, bool(total), right), *closing]
    keep = min(TAIL_ROWS, len(body))
    main, tail = body[:len(body) - keep], body[len(body) - keep:]
    tail_rows = [*tail, *([total] if total else [])]
    out: list[Flowable] = []
    if main:
        out += [_grid([head, *main], widths, st, True, False, right), _PageMark(layout.pages, "body")]
    with_head = not main or layout.tail_header
    tail_table = _grid([head, *tail_rows] if with_head else tail_rows, widths, st, with_head, bool(total), right)
    return [*out, KeepTogether([_PageMark(layout.pages, "tail"), tail_table, *closing])]


def _cells(doc: NoticeDocument | NoticeResult, st: _Styles) -> tuple[tuple[str, ...], tuple[float, ...],
                                                                     list[list[Any]]]:
    header, widths = (STUDENT_HEADER, STUDENT_COLUMNS_MM) if doc.students else (HEADER, COLUMNS_MM)
    body: list[list[Any]] = []
    for n, r in enumerate(doc.rows, start=1):
        middle = (r.student, _level_apart(r.school, widths[5], st)) if doc.students else (r.item,)
        texts = (r.name, r.unit, r.category, *middle, yuan_text(r.amount_fen), mask_id(r.id_number))
        body.append([str(n), *(_fit(text, widths[c], st) for c, text in enumerate(texts, start=1))])
    return header, widths, body


def _level_apart(school: str, width_mm: float, st: _Styles) -> str:
    """贵州大学（大学） on two lines when it does not fit on one: the CJK wrap will not break before （."""
    cut = school.rfind("（")
    if cut <= 0 or st.chain.width(school, CELL_SIZE) <= width_mm * mm - 2 * PAD:
        return school
    return f"{school[:cut]}\n{school[cut:]}"


def _total(doc: NoticeDocument | NoticeResult) -> list[Any]:
    width = len(STUDENT_HEADER if doc.students else HEADER)
    return ["合计", f"共 {len(doc.rows)} 人", *[""] * (width - 4), yuan_text(doc.total_fen), ""]


def _fit(text: str, width_mm: float, st: _Styles) -> str | Paragraph:
    """The text as a plain string when the main font has it all and it fits its column on one line, else a
    Paragraph through the chain that wraps: a Paragraph per cell costs time on a list of hundreds of rows,
    and most cells are short."""
    runs = st.chain.runs(text)
    if "\n" not in text and len(runs) <= 1 and (not runs or runs[0][0] == st.font) \
            and st.chain.width(text, CELL_SIZE) <= width_mm * mm - 2 * PAD:
        return text
    return _m(text, st.cell, st.chain)


def _seal(office: str, issued_on: str, st: _Styles) -> Table:
    """The signing office over the date, centred on each other and set in two characters from the right
    margin, as on an official notice; room above for the seal that is stamped over them."""
    lines = (f"{office}（盖章）", issued_on)
    width = max(st.chain.width(text, 11) for text in lines) + 4 * mm
    centred = ParagraphStyle("seal", fontName=st.font, fontSize=11, leading=14, alignment=TA_CENTER)
    table = Table([[_m(text, centred, st.chain)] for text in lines], colWidths=[width])
    table.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    right = 8 * mm  # 右空二字
    wrapper = Table([["", table]], colWidths=[WIDTH - width - right, width + right])
    wrapper.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    return wrapper


# --- the notice --------------------------------------------------------------------------------------

def _closing(doc: NoticeDocument, st: _Styles) -> list[Flowable]:
    lines: list[Flowable] = [_m(doc.objection or objection_text(doc), st.body, st.chain)]
    if doc.place:
        lines.append(_m(f"公示地点：{doc.place}", st.body, st.chain))
    if doc.contact:
        supervision = f"；监督电话：{doc.supervision_phone}" if doc.supervision_phone else ""
        lines.append(_m(f"受理异议：{doc.contact}（书面材料请送至{doc.office_name}办公室）{supervision}", st.body,
                        st.chain))
    return [Spacer(1, 3 * mm), *lines, Spacer(1, 9 * mm), _seal(doc.office_name, doc.issued_on, st)]


def _m_body(st: _Styles) -> Any:
    return lambda text, style: _m(text, style, st.chain)


def story(doc: NoticeDocument, st: _Styles, layout: _Layout | None = None) -> list[Flowable]:
    m = _m_body(st)
    out: list[Flowable] = [*_title(doc.office_name, doc.campaign_name, "拟帮扶对象公示", st)]
    if doc.mark:
        out += [Spacer(1, 2.5 * mm), m(doc.mark, st.mark), Spacer(1, 1.5 * mm)]
    out += [Spacer(1, 3 * mm), m(doc.opening or opening_text(doc), st.body)]
    if doc.calendar_note:
        out.append(m(f"注：{doc.calendar_note}", ParagraphStyle("cal", parent=st.note, leftIndent=22)))
    out.append(Spacer(1, 2.5 * mm))
    header, widths, body = _cells(doc, st)
    return out + _listed(header, widths, body, _total(doc), (len(header) - 2,), st, layout, _closing(doc, st))


def notice_strings(doc: NoticeDocument) -> Iterator[tuple[str, str, str]]:
    """(whose, field, text) of every string the notice prints, for `FontChain.check`."""
    for n, r in enumerate(doc.rows, start=1):
        whose = r.ref or f"公示名单第 {n} 名"
        yield from ((whose, "姓名", r.name), (whose, "工作单位", r.unit), (whose, "困难类别", r.category),
                    (whose, "帮扶项目", r.item), (whose, "学生姓名", r.student), (whose, "就读学校", r.school))
    yield from (("公示", "单位名称", doc.office_name), ("公示", "活动名称", doc.campaign_name),
                ("公示", "公示地点", doc.place), ("公示", "受理异议", doc.contact),
                ("公示", "监督电话", doc.supervision_phone), ("公示", "正文", doc.opening),
                ("公示", "异议说明", doc.objection), ("公示", "重印说明", doc.mark), ("公示", "注", doc.calendar_note))


def _decorator(title: str, audit_tip: str, stamp: str, st: _Styles) -> Any:
    def decorate(canvas: Canvas, template: Any) -> None:
        if audit_tip:  # the anchor a rewritten audit history would disagree with
            canvas.saveState()
            canvas.setFillColor(colors.HexColor("#555555"))
            st.chain.draw(canvas, PAGE_W - MARGIN_X, 8 * mm, audit_tip, 6.5, align="right")
            canvas.restoreState()
        if stamp:  # a reprint says so on every page, not only under the title
            canvas.saveState()
            canvas.setFillColor(MARK_RED)
            st.heads.draw(canvas, PAGE_W - MARGIN_X, PAGE_H - 10 * mm, stamp, 10, align="right")
            canvas.restoreState()
        if template.page > 1:
            canvas.saveState()
            canvas.setFillColor(colors.HexColor("#444444"))
            st.chain.draw(canvas, MARGIN_X, PAGE_H - 10 * mm, f"{title}（续）", 8)
            canvas.restoreState()
    return decorate


def _build(path: Path, title: str, author: str, make: Any, decorate: Any, font: str) -> int:
    """Build the story `make(layout)`; again, with the tail's header, when the seal's block began a page."""
    layout = _Layout()
    for _attempt in range(2):
        template = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                                     topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                                     author=author, creator="送暖")
        template.build(make(layout), onFirstPage=decorate, onLaterPages=decorate,
                       canvasmaker=numbered(font=font))
        if layout.tail_header or not layout.tail_moved:
            break
        layout = _Layout(tail_header=True)
    return int(template.page)


def _chains(font: PdfFont, heading: PdfFont | None, extra_fonts: str | None) -> tuple[FontChain, FontChain]:
    chain = font_chain(font, extra_fonts or None)
    return chain, (font_chain(heading, extra_fonts or None) if heading is not None else chain)


def write_notice(doc: NoticeDocument, path: Path, font: PdfFont, heading: PdfFont | None = None,
                 extra_fonts: str | None = None) -> int:
    """Write the notice to `path` (a plain write; services.publishing.publish renames it); returns the number of pages.
    MissingGlyphs, and nothing written, when a character of it is in no font (`extra_fonts`: the setting
    pdf_extra_fonts)."""
    chinese_line_breaking()
    chain, heads = _chains(font, heading, extra_fonts)
    chain.check(notice_strings(doc))
    heads.check([("公示", "标题", doc.title)])
    st = _styles(chain, heads)
    stamp = "重印件" if doc.mark else ""
    return _build(Path(path), doc.title, doc.office_name, lambda layout: story(doc, st, layout),
                  _decorator(doc.title, doc.audit_tip, stamp, st), st.font)


# --- 公示结果 ----------------------------------------------------------------------------------------

def result_story(doc: NoticeResult, st: _Styles, layout: _Layout | None = None) -> list[Flowable]:
    m = _m_body(st)
    out: list[Flowable] = [*_title(doc.office_name, doc.campaign_name, "公示结果", st), Spacer(1, 3 * mm),
                           m(result_text(doc), st.body)]
    if doc.note:
        out.append(m(f"注：{doc.note}", ParagraphStyle("note2", parent=st.note, leftIndent=22)))
    closing: list[Flowable] = [Spacer(1, 3 * mm)]
    if doc.contact:
        closing.append(m(f"对公示结果有疑问的，请与{doc.office_name}联系：{doc.contact}。", st.body))
    closing += [Spacer(1, 9 * mm), _seal(doc.office_name, doc.issued_on, st)]
    header, widths, body = _cells(doc, st)
    out += [Spacer(1, 2.5 * mm), m("表一　公示后仍在名单中的帮扶对象", st.section)]
    if not doc.removed:
        return out + _listed(header, widths, body, _total(doc), (len(header) - 2,), st, layout, closing)
    out += _listed(header, widths, body, _total(doc), (len(header) - 2,), st, None, [])
    removed = [[str(n), *(_fit(t, REMOVED_COLUMNS_MM[c], st) for c, t in enumerate(
        (r.name, r.unit, r.item, yuan_text(r.amount_fen), r.status), start=1)), _m(r.reason, _left(st), st.chain)]
        for n, r in enumerate(doc.removed, start=1)]
    out += [Spacer(1, 4 * mm), m("表二　移出名单或须重新审核、重新公示的人员及原因", st.section)]
    return out + _listed(REMOVED_HEADER, REMOVED_COLUMNS_MM, removed, None, (4,), st, layout, closing)


def _left(st: _Styles) -> ParagraphStyle:
    return ParagraphStyle("cell_left", parent=st.cell, alignment=TA_LEFT)


def result_strings(doc: NoticeResult) -> Iterator[tuple[str, str, str]]:
    for n, r in enumerate(doc.rows, start=1):
        whose = r.ref or f"表一第 {n} 名"
        yield from ((whose, "姓名", r.name), (whose, "工作单位", r.unit), (whose, "学生姓名", r.student),
                    (whose, "就读学校", r.school))
    for n, g in enumerate(doc.removed, start=1):
        whose = g.ref or f"表二第 {n} 名"
        yield from ((whose, "姓名", g.name), (whose, "工作单位", g.unit), (whose, "原因", g.reason))
    yield from (("公示结果", "单位名称", doc.office_name), ("公示结果", "活动名称", doc.campaign_name),
                ("公示结果", "联系人", doc.contact), ("公示结果", "注", doc.note))


def write_result(doc: NoticeResult, path: Path, font: PdfFont, heading: PdfFont | None = None,
                 extra_fonts: str | None = None) -> int:
    """Write the 公示结果 to `path`; the number of pages (MissingGlyphs as `write_notice`)."""
    chinese_line_breaking()
    chain, heads = _chains(font, heading, extra_fonts)
    chain.check(result_strings(doc))
    heads.check([("公示结果", "标题", doc.title)])
    st = _styles(chain, heads)
    return _build(Path(path), doc.title, doc.office_name, lambda layout: result_story(doc, st, layout),
                  _decorator(doc.title, doc.audit_tip, "", st), st.font)
