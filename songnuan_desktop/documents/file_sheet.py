"""困难职工档案表: one household on A4, laid out as the paper 困难职工家庭情况登记表 (ruled grid).

Data in, file out: the caller gives every text ready to print (numbers already masked or not) and
this module only lays it out. Every cell is a Paragraph, so long text wraps inside its cell; the
members table, the 困难情况 text and the eligibility sentences split across pages row by row, the
signature block moves to a new page whole. Written to a temporary file and renamed into place.

Every string is drawn with the font chain of documents.glyphs (a rare character of a name, 䶮 𠮷 𪚥, in a
fallback font) and checked before anything is written: a character no font has refuses the paper, naming
the person and the field (issue 15 item 4). An exited file (解困/脱困/注销) says so under the title, with the
date and the reason (issue 14 item 7).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.page_numbers import numbered

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 13 * mm, 15 * mm
WIDTH = PAGE_W - 2 * MARGIN_X  # 180 mm
LABEL_BG = colors.HexColor("#f1f1f1")
SECTION_BG = colors.HexColor("#e2e2e2")
RULE = 0.6
CHUNK = 160  # characters of 困难情况 per table row: rows are where a long text may break to the next page


@dataclass(frozen=True)
class SheetMember:
    name: str
    relation: str
    id_number: str
    birth: str
    health: str
    identity: str
    unit_or_school: str
    monthly_income: str
    note: str


@dataclass(frozen=True)
class FileSheet:
    """Everything printed, as text. `values` holds the labelled cells, keyed by their printed label."""

    office_name: str
    file_no: str
    name: str
    values: Mapping[str, str]
    members: tuple[SheetMember, ...]
    situation: str
    verdict: str
    sentences: tuple[str, ...]
    printed_by: str
    printed_at: str
    exited: str = ""  # an exited file: "本档案已于2025年3月4日脱困。退出原因：…" under the title
    judgement_title: str = "六、认定情况（系统按认定标准计算，供审核参考）"

    def fields(self) -> Iterator[tuple[str, str, str]]:
        """(whose, field, text) of every string printed, for FontChain.check."""
        head = f"档案 {self.file_no}（户主 {self.name}）"
        yield from ((head, label, text) for label, text in self.values.items())
        yield from ((head, label, text) for label, text in (
            ("困难情况", self.situation), ("认定结果", self.verdict), ("退出情况", self.exited),
            ("填报单位", self.office_name)))
        yield from ((head, "认定情况", text) for text in self.sentences)
        for m in self.members:
            whose = f"档案 {self.file_no} 家庭成员 {m.name}"
            yield from ((whose, label, text) for label, text in (
                ("姓名", m.name), ("与户主关系", m.relation), ("身份证号", m.id_number), ("出生日期", m.birth),
                ("健康状况", m.health), ("人员身份", m.identity), ("单位或学校", m.unit_or_school),
                ("月收入", m.monthly_income), ("备注", m.note)))
        yield ("打印人", "姓名", self.printed_by)


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    small_label: ParagraphStyle
    section: ParagraphStyle
    right: ParagraphStyle
    font: str
    heading: str
    chain: FontChain

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        """Text as a Paragraph: markup escaped, each rare character in the fallback font that has it, line
        breaks kept, an ideographic space kept as wide as it is (a Paragraph would collapse it)."""
        return Paragraph(self.chain.markup(text).replace("\n", "<br/>").replace("\u3000", "&nbsp;" * 4), style)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a Paragraph in the style's one font (no fallback: papers that still import it from here
    should draw through a FontChain — documents.glyphs — instead)."""
    return Paragraph(escape(text).replace("\n", "<br/>").replace("\u3000", "&nbsp;" * 4), style)


def _styles(font: PdfFont, heading: PdfFont, chain: FontChain) -> _Styles:
    def style(name: str, size: float, align: int = TA_LEFT, face: str = font.name) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=face, fontSize=size, leading=size * 1.3, alignment=align,
                              wordWrap="CJK")

    return _Styles(style("body", 9), style("label", 9, TA_CENTER), style("small", 8),
                   style("small_label", 8, TA_CENTER), style("section", 10.5, face=heading.name),
                   style("right", 9, TA_RIGHT), font.name, heading.name, chain)


class _Title(Flowable):
    """The form's title: centred, letter-spaced, drawn a little heavier (a stroked outline)."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = text, font, size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.size * 1.55

    def draw(self) -> None:
        space = self.size * 0.35
        width = stringWidth(self.text, self.font, self.size) + space * (len(self.text) - 1)
        text = self.canv.beginText((self.width - width) / 2, self.size * 0.5)
        text.setFont(self.font, self.size)
        text.setCharSpace(space)
        text.setTextRenderMode(2)  # fill and stroke: a bolder title from a regular font
        self.canv.setLineWidth(self.size * 0.025)
        text.textOut(self.text)
        self.canv.drawText(text)


class _Grid:
    """Rows of (text, span) cells over fixed column widths; labels shaded, every cell ruled."""

    def __init__(self, widths_mm: Sequence[float], st: _Styles, small: bool = False) -> None:
        self.widths = [w * mm for w in widths_mm]
        self.st, self.small = st, small
        self.rows: list[list[Any]] = []
        self.commands: list[tuple[Any, ...]] = []

    def section(self, title: str) -> None:
        row = len(self.rows)
        self.rows.append([self.st.p(title, self.st.section)] + [""] * (len(self.widths) - 1))
        self.commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), SECTION_BG)]

    def row(self, *cells: tuple[str, int, bool]) -> None:
        """Cells as (text, columns spanned, is a label)."""
        r, c, out = len(self.rows), 0, []
        for text, span, label in cells:
            style = (self.st.small_label if label else self.st.small) if self.small else \
                (self.st.label if label else self.st.body)
            out += [self.st.p(text, style)] + [""] * (span - 1)
            if span > 1:
                self.commands.append(("SPAN", (c, r), (c + span - 1, r)))
            if label:
                self.commands.append(("BACKGROUND", (c, r), (c + span - 1, r), LABEL_BG))
            c += span
        self.rows.append(out)

    def table(self, repeat: int = 0, extra: Sequence[tuple[Any, ...]] = ()) -> Table:
        table = Table(self.rows, colWidths=self.widths, repeatRows=repeat)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), RULE, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.0),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            *self.commands, *extra,
        ]))
        return table


def _cells(values: Mapping[str, str], *labels: str | tuple[str, int]) -> list[tuple[str, int, bool]]:
    """Label and value pairs; a (label, n) pair lets the value span n columns."""
    cells = []
    for item in labels:
        label, span = item if isinstance(item, tuple) else (item, 1)
        cells += [(label, 1, True), (values.get(label, ""), span, False)]
    return cells


def _head(sheet: FileSheet, st: _Styles) -> Table:
    """The head of household's grid, with the photo box over the first four rows (as on the paper form)."""
    v, grid = sheet.values, _Grid([18, 29, 18, 29, 18, 38, 30], st)
    grid.section("一、户主基本情况")
    photo = ("照片", 1, True)
    grid.row(*_cells(v, "姓名", "性别", "民族"), photo)
    grid.row(*_cells(v, "出生日期", "政治面貌", "健康状况"), ("", 1, False))
    grid.row(*_cells(v, ("身份证号", 3), "残疾情况"), ("", 1, False))
    grid.row(*_cells(v, "婚姻状况", "户口类型", "住房情况"), ("", 1, False))
    grid.row(*_cells(v, ("工作单位", 3), ("工作状态", 2)))
    grid.row(*_cells(v, "职工类型", "劳模类型", ("会费缴纳", 2)))
    grid.row(*_cells(v, ("基层工会", 3), ("手机号码", 2)))
    grid.row(*_cells(v, ("医疗保险", 3), ("单位性质", 2)))
    grid.row(*_cells(v, ("家庭住址", 6)))
    grid.row(*_cells(v, "单亲家庭", "零就业家庭", ("有自救能力", 2)))
    return grid.table(extra=[("SPAN", (6, 1), (6, 4)), ("BACKGROUND", (6, 1), (6, 4), colors.white),
                             ("TEXTCOLOR", (6, 1), (6, 4), colors.grey)])


MEMBER_HEADER = ("序号", "姓名", "与户主\n关系", "身份证号", "出生日期", "健康状况", "人员身份", "单位或学校",
                 "月收入\n（元）", "备注")


def _members(sheet: FileSheet, st: _Styles) -> Table:
    grid = _Grid([8, 16, 12, 33, 23, 15, 14, 29, 16, 14], st, small=True)  # 出生日期 holds 1975年12月28日
    grid.section(f"二、家庭成员（户主以外共 {len(sheet.members)} 人）")
    grid.row(*((h, 1, True) for h in MEMBER_HEADER))
    for i, m in enumerate(sheet.members, start=1):
        grid.row(*((text, 1, False) for text in (str(i), m.name, m.relation, m.id_number, m.birth, m.health,
                                                  m.identity, m.unit_or_school, m.monthly_income, m.note)))
    if not sheet.members:
        grid.row(("无（单人户）", len(MEMBER_HEADER), False))
    return grid.table(repeat=2, extra=[("ALIGN", (0, 2), (0, -1), "CENTER")])


def _finances(sheet: FileSheet, st: _Styles) -> Flowable:
    """Income, expenses and causes: small and fixed in size, so never split (a head without its rows)."""
    v, grid = sheet.values, _Grid([25, 35, 25, 35, 25, 35], st)
    grid.section("三、家庭收支（金额单位：元）")
    grid.row(*_cells(v, "家庭人口", "户主月收入", "成员月收入合计"))
    grid.row(*_cells(v, ("其他收入（年）", 5)))
    grid.row(*_cells(v, ("刚性支出（年）", 5)))
    grid.row(*_cells(v, "家庭年收入", "年刚性支出", "月人均收入"))
    grid.row(*_cells(v, ("适用低保线", 3), "为低保线的"))
    grid.row(*_cells(v, "事件发生日期", "医疗自付费用", "灾害损失"))
    grid.section("四、致困原因")
    grid.row(*_cells(v, "主要原因", ("次要原因", 3)))
    return KeepTogether([grid.table()])


def _account(sheet: FileSheet, st: _Styles) -> Flowable:
    grid = _Grid([25, 35, 25, 35, 25, 35], st)
    grid.section("七、帮扶资金账户")
    grid.row(*_cells(sheet.values, "开户银行", "开户支行", "银行卡号"))
    return KeepTogether([grid.table()])


def _chunks(text: str, size: int = CHUNK) -> list[str]:
    """The text cut after sentence ends into pieces of about `size` characters (hard cuts if none)."""
    pieces, current = [], ""
    for sentence in _sentences(text):
        if current and len(current) + len(sentence) > size:
            pieces.append(current)
            current = ""
        current += sentence
        while len(current) > 2 * size:
            pieces.append(current[:size])
            current = current[size:]
    return [*pieces, current] if current else pieces or [""]


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in "。；！？\n":
            out.append(text[start:i + 1])
            start = i + 1
    return [*out, text[start:]] if start < len(text) else out


def _boxed(title: str, lines: Sequence[Paragraph], st: _Styles) -> Table:
    """A section head over one box whose lines may split across pages (no rules between them)."""
    rows: list[list[Any]] = [[st.p(title, st.section)], *([line] for line in lines)]
    table = Table(rows, colWidths=[WIDTH], repeatRows=1)
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), RULE, colors.black), ("LINEBELOW", (0, 0), (-1, 0), RULE, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), SECTION_BG), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, 0), 3),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3.5),
    ]))
    return table


def _situation(sheet: FileSheet, st: _Styles) -> Table:
    indent = ParagraphStyle("indent", parent=st.body, firstLineIndent=0, leading=9 * 1.5)
    lines = [st.p(piece.strip(), indent) for piece in _chunks(sheet.situation.strip() or "（未填写）")]
    return _boxed("五、困难情况", lines, st)


def _judgement(sheet: FileSheet, st: _Styles) -> Table:
    lines = [st.p(f"认定结果：{sheet.verdict}", st.body)]
    lines += [st.p(f"{i}. {s}", ParagraphStyle("hang", parent=st.body, leftIndent=10, firstLineIndent=-10))
              for i, s in enumerate(sheet.sentences, start=1)]
    return _boxed(sheet.judgement_title, lines, st)


def _signature_cell(title: str, note: str, st: _Styles) -> list[Flowable]:
    small = ParagraphStyle("sign_note", parent=st.small, fontSize=7.5, leading=7.5 * 1.4)
    cell: list[Flowable] = [st.p(title, ParagraphStyle("sign_title", parent=st.section, fontSize=9.5))]
    cell += [Spacer(1, 1 * mm), st.p(note, small)] if note else []
    cell += [Spacer(1, (3 if note else 10) * mm), st.p("签字（盖章）：", st.body), Spacer(1, 1 * mm),
             st.p("年　　　月　　　日", st.right)]
    return cell


def _signatures(st: _Styles) -> Flowable:
    pledge = "本人承诺以上所填家庭情况真实、完整，如有虚报、隐瞒，愿承担相应责任并退回所领帮扶资金。"
    row = [_signature_cell("申请人签字", pledge, st), _signature_cell("基层工会意见（盖章）", "", st),
           _signature_cell("乡镇（街道）工会审核意见（盖章）", "", st)]
    table = Table([row], colWidths=[WIDTH / 3] * 3)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), RULE, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
    ]))
    return KeepTogether([table])


def _heading_lines(sheet: FileSheet, st: _Styles) -> Table:
    v = sheet.values
    left = [f"填报单位（盖章）：{sheet.office_name}", f"建档日期：{v.get('建档日期', '')}　　"
            f"复核日期：{v.get('复核日期', '')}"]
    right = [f"档案编号：{sheet.file_no}", f"困难类别：{v.get('困难类别', '')}　　档案状态：{v.get('档案状态', '')}"]
    table = Table([[st.p(a, st.body), st.p(b, st.right)] for a, b in zip(left, right, strict=True)],
                  colWidths=[WIDTH * 0.58, WIDTH * 0.42])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


EXITED_BOX = colors.HexColor("#b00000")


def _exited(sheet: FileSheet, st: _Styles) -> list[Flowable]:
    """An exited file's sheet says so before anything else: a red-ruled box with the date and reason."""
    if not sheet.exited:
        return []
    style = ParagraphStyle("exited", parent=st.body, fontSize=10.5, leading=10.5 * 1.4, textColor=EXITED_BOX)
    # the main font (the chain's first): the reason and note are the clerk's words, checked against the chain
    table = Table([[st.p(sheet.exited, style)]], colWidths=[WIDTH])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, EXITED_BOX), ("TOPPADDING", (0, 0), (-1, -1), 3),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("LEFTPADDING", (0, 0), (-1, -1), 5),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 5)]))
    return [table, Spacer(1, 1.5 * mm)]


def story(sheet: FileSheet, st: _Styles) -> list[Flowable]:
    gap = Spacer(1, 1.4 * mm)
    return [
        _Title("困难职工档案表", st.heading, 19), _heading_lines(sheet, st), Spacer(1, 1.5 * mm),
        *_exited(sheet, st), _head(sheet, st), gap, _members(sheet, st), gap, _finances(sheet, st), gap,
        _situation(sheet, st), gap,
        _judgement(sheet, st), gap, _account(sheet, st), gap, _signatures(st),
    ]


def _page_decorator(sheet: FileSheet, st: _Styles) -> Any:
    def decorate(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#444444"))
        if doc.page > 1:
            gone = "（已退出）" if sheet.exited else ""
            st.chain.draw(canvas, MARGIN_X, PAGE_H - 9 * mm,
                          f"困难职工档案表（续）{gone}　档案编号：{sheet.file_no}　户主：{sheet.name}", 7.5)
        st.chain.draw(canvas, MARGIN_X, 8 * mm, f"打印：{sheet.printed_by}　{sheet.printed_at}", 7.5)
        st.chain.draw(canvas, PAGE_W - MARGIN_X, 8 * mm, "内部资料　含个人敏感信息　注意保密", 7.5, align="right")
        canvas.restoreState()
    return decorate


def write_file_sheet(sheet: FileSheet, path: Path, font: PdfFont, heading: PdfFont | None = None,
                     extra_fonts: str | None = None) -> int:
    """Write the sheet to `path` (a plain write; services.publishing.publish renames it); returns the number of pages.
    `extra_fonts`: the setting pdf_extra_fonts. MissingGlyphs (nothing written) for a character no font has."""
    chain = font_chain(font, extra_fonts or None)
    chain.check(sheet.fields())
    chinese_line_breaking()
    st = _styles(font, heading or font, chain)
    temp = Path(path)
    doc = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                            title=f"困难职工档案表 {sheet.file_no}", author=sheet.office_name, creator="送暖")
    decorate = _page_decorator(sheet, st)
    doc.build(story(sheet, st), onFirstPage=decorate, onLaterPages=decorate,
              canvasmaker=numbered(font=st.font))
    pages = doc.page
    return int(pages)
