"""银行代发清单 as a PDF for the bank counter: the same content as the .xlsx (documents/bank_list_xlsx.py) —
one section per 开户行 with its 笔数 and 小计, then the 汇总 (per bank count and subtotal, the grand total
and its 大写), the payer 户名 / 账号 / 开户行, the notes (cash payees and paid items left out), the signing
places 制表人 / 复核人 / 负责人（签字） and （单位盖章） — on A4 landscape, "第 1 页 共 3 页" on every page
(issue 14 item 2).

Each bank's section starts on a new page (the counter of each bank gets its own pages); its column headers
repeat on a page it runs onto. Every string is drawn through the font chain of documents.glyphs and checked
before anything is written: a payee named 王䶮 prints, a character no font has refuses the list, naming the
payee and the field (issue 15 item 4). Card numbers print in groups of four, as on the card.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from songnuan_desktop.documents.bank_list_xlsx import SIGNERS, SUMMARY, BankList, BankRow
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.page_numbers import numbered
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.vouchers import rmb_capitals

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 12 * mm, 12 * mm, 15 * mm
WIDTH = PAGE_W - 2 * MARGIN_X  # 273 mm
COLUMNS: tuple[tuple[str, float], ...] = (  # (header, width in mm): 273 mm in all
    ("序号", 11), ("户名", 24), ("身份证号", 42), ("银行卡号", 50), ("开户网点", 42), ("金额（元）", 27),
    ("凭证编号", 36), ("档案编号", 25), ("备注", 16),
)
SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (("序号", 15), ("开户银行", 90), ("笔数", 30), ("金额（元）", 45),
                                                  ("备注", 93))
HEADER_BG = colors.HexColor("#e6e6e6")
RULE = 0.6
SIZE = 10


def card_text(digits: str) -> str:
    """'6228 4816 9145 5133 178': the digits in groups of four, as embossed on a card."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def glyph_fields(doc: BankList) -> Iterator[tuple[str, str, str]]:
    """(whose, field, text) of every string the list prints, for FontChain.check."""
    yield from (("银行代发清单", label, text) for label, text in (
        ("标题", doc.title), ("表头", doc.subtitle), ("付款单位", doc.payer.line()), *(("说明", n) for n in doc.notes)))
    for r in doc.rows:
        whose = f"代发对象 {r.name}（档案 {r.file_no}）"
        yield from ((whose, label, text) for label, text in (
            ("户名", r.name), ("开户银行", r.bank), ("开户网点", r.branch), ("备注", r.note)))


class _Styles:
    def __init__(self, chain: FontChain, heading: str) -> None:
        self.chain = chain

        def style(name: str, size: float, align: int = TA_LEFT, face: str = chain.main) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=face, fontSize=size, leading=size * 1.3, alignment=align,
                                  wordWrap="CJK")

        self.title = style("title", 17, TA_CENTER)  # data (office, campaign, bank): the checked main chain
        self.section = style("section", 12)
        self.line = style("line", SIZE)
        self.cell = style("cell", SIZE)
        self.centre = style("centre", SIZE, TA_CENTER)
        self.right = style("right", SIZE, TA_RIGHT)
        self.head = style("head", SIZE, TA_CENTER, heading)
        self.note = style("note", 9.5)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.chain.markup(text).replace("\n", "<br/>").replace("\u3000", "&nbsp;" * 4), style)


def _head(doc: BankList, st: _Styles, title: str) -> list[Flowable]:
    return [st.p(title, st.title), Spacer(1, 2 * mm), st.p(doc.subtitle, st.line), Spacer(1, 1 * mm),
            st.p(doc.payer.line(), st.line), Spacer(1, 2.5 * mm)]


def _table(rows: list[list[Any]], widths: Sequence[float], bold_last: bool) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), RULE, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if bold_last:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")))
    table.setStyle(TableStyle(commands))
    return table


def _bank_section(doc: BankList, bank: str, rows: Sequence[BankRow], st: _Styles) -> list[Flowable]:
    body: list[list[Any]] = [[st.p(h, st.head) for h, _w in COLUMNS]]
    for n, r in enumerate(rows, start=1):
        body.append([st.p(str(n), st.centre), st.p(r.name, st.cell), st.p(r.id_number, st.cell),
                     st.p(card_text(r.card), st.cell), st.p(r.branch, st.cell),
                     st.p(format_fen(r.amount_fen), st.right),
                     st.p(r.voucher_no, st.cell), st.p(r.file_no, st.cell), st.p(r.note, st.cell)])
    subtotal = sum(r.amount_fen for r in rows)
    body.append([st.p("小计", st.head), st.p(f"{len(rows)} 笔", st.head), "", "", "",
                 st.p(format_fen(subtotal), st.right), st.p(f"（大写）{rmb_capitals(subtotal)}", st.cell), "", ""])
    table = _table(body, [w for _h, w in COLUMNS], bold_last=True)
    table.setStyle(TableStyle([("SPAN", (6, -1), (-1, -1)), ("SPAN", (1, -1), (4, -1))]))
    return [*_head(doc, st, f"{doc.title}（{bank}）"),
            st.p(f"开户银行：{bank}　　共 {len(rows)} 笔　　小计 {format_fen(subtotal)} 元", st.section),
            Spacer(1, 2 * mm), table, Spacer(1, 3 * mm),
            _signatures(st, f"以上{bank}代发共 {len(rows)} 笔，金额 {format_fen(subtotal)} 元。")]


def _summary(doc: BankList, st: _Styles) -> list[Flowable]:
    sections = doc.sections()
    body: list[list[Any]] = [[st.p(h, st.head) for h, _w in SUMMARY_COLUMNS]]
    for n, (bank, rows) in enumerate(sections, start=1):
        body.append([st.p(str(n), st.centre), st.p(bank, st.cell), st.p(str(len(rows)), st.centre),
                     st.p(format_fen(sum(r.amount_fen for r in rows)), st.right), ""])
    body.append([st.p("合计", st.head), st.p(f"{len(sections)} 家银行", st.head), st.p(str(len(doc.rows)), st.centre),
                 st.p(format_fen(doc.total_fen), st.right), st.p(f"（大写）{rmb_capitals(doc.total_fen)}", st.cell)])
    table = _table(body, [w for _h, w in SUMMARY_COLUMNS], bold_last=True)
    notes = [st.p(note, st.note) for note in doc.notes]
    return [*_head(doc, st, f"{doc.title}（{SUMMARY}）"), table, Spacer(1, 3 * mm),
            *[item for note in notes for item in (note, Spacer(1, 1.2 * mm))], Spacer(1, 2 * mm),
            _signatures(st, f"以上 {len(sections)} 家银行代发共 {len(doc.rows)} 笔，"
                            f"金额合计 {format_fen(doc.total_fen)} 元"
                            f"（大写：{rmb_capitals(doc.total_fen)}）。")]


def _signatures(st: _Styles, what: str) -> Flowable:
    """`what` is signed (e.g. 以上…共 20 笔，金额 13,863.86 元), then 制表人（签字）：＿＿＿ 复核人（签字）：＿＿＿
    负责人（签字）：＿＿＿, （单位盖章） and a date to fill in: kept together, so a page that holds only the
    signatures still says what they sign for."""
    cells: list[Any] = []
    widths: list[float] = []
    lines: list[tuple[Any, ...]] = []
    for role in SIGNERS:
        text = f"{role}（签字）："
        cells += [st.p(text, st.line), ""]
        widths += [st.chain.width(text, SIZE) + 3, 48 * mm]
        lines.append(("LINEBELOW", (len(cells) - 1, 0), (len(cells) - 1, 0), RULE, colors.black))
        cells.append("")
        widths.append(10 * mm)
    signing = Table([cells[:-1]], colWidths=widths[:-1], rowHeights=[12 * mm], hAlign="LEFT")
    signing.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                                 *lines]))
    seal = Table([[st.p("（单位盖章）", st.right)], [st.p("　　　　年　　月　　日", st.right)]], colWidths=[WIDTH],
                 rowHeights=[13 * mm, 7 * mm])
    seal.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("RIGHTPADDING", (0, 0), (-1, -1), 20 * mm)]))
    return KeepTogether([st.p(what, st.line), signing, seal])


def _decorator(doc: BankList, st: _Styles) -> Any:
    def decorate(canvas: Canvas, template: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#444444"))
        st.chain.draw(canvas, MARGIN_X, 8 * mm, doc.title, 7.5)
        st.chain.draw(canvas, PAGE_W - MARGIN_X, 8 * mm, "含完整身份证号和银行卡号　仅供银行代发　注意保密", 7.5,
                      align="right")
        canvas.restoreState()
    return decorate


def write_bank_list_pdf(doc: BankList, path: Path, font: PdfFont, heading: PdfFont | None = None,
                        extra_fonts: str | None = None) -> int:
    """Write the list to `path` (a plain write; services.publishing.publish renames it); returns the number of pages.
    MissingGlyphs, and nothing written, for a character no font has."""
    chain = font_chain(font, extra_fonts or None)
    chain.check(glyph_fields(doc))
    chinese_line_breaking()
    st = _Styles(chain, (heading or font).name)
    story: list[Flowable] = []
    for bank, rows in doc.sections():
        story += [*_bank_section(doc, bank, rows, st), PageBreak()]
    story += _summary(doc, st)
    template = SimpleDocTemplate(str(path), pagesize=(PAGE_W, PAGE_H), leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                                 topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=doc.title, creator="送暖")
    decorate = _decorator(doc, st)
    template.build(story, onFirstPage=decorate, onLaterPages=decorate,
                   canvasmaker=numbered(chain=chain, size=8.5))
    return int(template.page)
