"""统计表 as PDF (issue 16 items 1 and 6): the title and header block (制表单位, 统计期间, 制表日期), then each
table on its own page — the figures with their 合计, the note saying what is counted, and a bar chart of the
table drawn beside the figures it shows (horizontal bars, one per row, the value at the bar's end) — and the
signing lines at the end. A4 portrait, 第 X 页 共 Y 页 centred at the foot of every page.

Every string goes through the font chain (documents.glyphs): a unit's or a group's name with a rare character is
drawn in the font that has it, in the table and in the chart alike; a character no font has refuses the paper
before anything is written. Data in, file out: `tables` are services.reports.statistics' Tables. Written whole or not
at all (storage.replacing: aggregates only, no numbers or personal data recorded with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from songnuan_desktop.storage import replacing
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import FontChain, font_chain
from songnuan_desktop.documents.page_numbers import numbered
from songnuan_desktop.domain.money import format_fen

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
FIRST_COLUMN = 58 * mm
SIGNERS = ("制表人", "复核人", "负责人")
DIGITS = "〇一二三四五六七八九"
BAR = colors.HexColor("#4a7fb5")
BAR_TOTAL_LABEL = colors.HexColor("#333333")


def write_statistics_pdf(path: Path, title: str, header_lines: Sequence[str], tables: Sequence[Any],
                         font: PdfFont, heading: PdfFont, extra_fonts: str | None = None) -> int:
    """The paper at `path`; the number of pages. MissingGlyphs (nothing written) for a character no font has."""
    chinese_line_breaking()
    chain = font_chain(font, extra_fonts)
    chain.check(_fields(title, header_lines, tables))
    styles = _styles(chain.main, heading.name)
    story: list[Flowable] = [Paragraph(chain.markup(title), styles["title"])]
    story += [Paragraph(chain.markup(line), styles["header"]) for line in header_lines]
    story.append(Spacer(1, 4 * mm))
    for n, table in enumerate(tables):
        if n:
            story.append(PageBreak())
        story += _section(n, table, chain, styles)
    story += [CondPageBreak(20 * mm), Spacer(1, 8 * mm), _signatures(chain, styles)]
    pages: list[int] = []

    with replacing(Path(path)) as temp:
        doc = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 4 * mm, title=title, author=header_lines[0] if header_lines
                                else "")
        doc.build(story, canvasmaker=numbered(font=chain.main, size=9, y=MARGIN - 4 * mm, gap=" ",
                                                      counted=pages))
    return pages[0] if pages else 0


def _fields(title: str, header_lines: Sequence[str], tables: Sequence[Any]) -> list[tuple[str, str, str]]:
    fields = [("统计表", "标题", title), *(("统计表", "表头", line) for line in header_lines)]
    for table in tables:
        fields += [(table.title, "表名", table.title), (table.title, "栏目", table.heading)]
        fields += [(table.title, "行", row.label) for row in table.rows]
        fields += [(table.title, "栏目", column.label) for column in table.columns]
    return fields


def _styles(body: str, heading: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=heading, fontSize=17, leading=24, alignment=TA_CENTER,
                                spaceAfter=3 * mm),
        "header": ParagraphStyle("header", fontName=body, fontSize=10.5, leading=15, alignment=TA_LEFT),
        "section": ParagraphStyle("section", fontName=heading, fontSize=13, leading=18, spaceBefore=2 * mm,
                                  spaceAfter=2 * mm),
        "cell": ParagraphStyle("cell", fontName=body, fontSize=9.5, leading=12.5),
        "cell_bold": ParagraphStyle("cell_bold", fontName=heading, fontSize=9.5, leading=12.5),
        "head": ParagraphStyle("head", fontName=heading, fontSize=9, leading=12, alignment=TA_CENTER),
        "number": ParagraphStyle("number", fontName=body, fontSize=9.5, leading=12.5, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", fontName=body, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444"),
                               spaceBefore=2 * mm),
        "sign": ParagraphStyle("sign", fontName=body, fontSize=11, leading=16),
    }


def _section(n: int, table: Any, chain: FontChain, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    parts: list[Flowable] = [Paragraph(chain.markup(f"{_numeral(n + 1)}、{table.title}"), styles["section"]),
                             _grid(table, chain, styles)]
    if table.note:
        parts.append(Paragraph(chain.markup(f"说明：{table.note}"), styles["note"]))
    if table.rows:
        for index in (table.chart_rows or (0,)) if table.by_row else (None,):
            series = table.series(index)
            if any(value for _, value, _ in series):
                parts += [Spacer(1, 5 * mm), KeepTogether([BarChart(chain, table.series_title(index), series)])]
    return parts


def _numeral(n: int) -> str:
    """一 … 十, 十一 … 十九, 二十 … 九十九."""
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def _grid(table: Any, chain: FontChain, styles: dict[str, ParagraphStyle]) -> Table:
    def p(text: str, style: str) -> Paragraph:
        return Paragraph(chain.markup(text), styles[style])

    head = [p(table.heading, "head"), *(p(c.label, "head") for c in table.columns)]
    body = [[p(row.label, "cell"), *(p(table.text(row, i), "number") for i in range(len(row.values)))]
            for row in table.rows]
    if not table.rows:
        body.append([p("（本期没有数据）", "cell"), *("" for _ in table.columns)])
    if table.total is not None:
        total = table.total
        body.append([p(total.label, "cell_bold"),
                     *(p(table.text(total, i), "number") for i in range(len(total.values)))])
    others = max(1, len(table.columns))
    first = (FIRST_COLUMN if others <= 4 else 52 * mm) if others > 3 else WIDTH - others * 30 * mm
    widths = [first] + [(WIDTH - first) / others] * others
    grid = Table([head, *body], colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if table.total is not None:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f5f5f5")))
    grid.setStyle(TableStyle(style))
    return grid


class BarChart(Flowable):
    """Horizontal bars of one series: the label right-aligned before its bar, the value after it; the bars
    scaled to the largest value (negative values, as a 同比 difference, are drawn from zero leftwards)."""

    ROW = 6.2 * mm
    LABEL = 52 * mm
    SIZE = 8.5

    def __init__(self, chain: FontChain, title: str, series: Sequence[tuple[str, int, str]]) -> None:
        super().__init__()
        self.chain, self.title, self.series = chain, title, list(series)
        self.width = WIDTH
        self.height = 9 * mm + self.ROW * len(self.series)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        chain = self.chain
        top = self.height
        chain.draw(canvas, 0, top - 4 * mm, f"图：{self.title}", 9.5)
        values = [value for _, value, _ in self.series]
        high, low = max(0, *values), min(0, *values)
        span = (high - low) or 1
        room = self.width - self.LABEL - 30 * mm  # the value's text after the longest bar
        zero = self.LABEL + 3 * mm + room * (-low / span)
        canvas.setStrokeColor(colors.HexColor("#888888"))
        canvas.setLineWidth(0.5)
        canvas.line(zero, 0, zero, top - 7 * mm)
        for n, (label, value, kind) in enumerate(self.series):
            y = top - 9 * mm - (n + 1) * self.ROW
            chain.draw(canvas, self.LABEL, y + 1.8 * mm, _shortened(chain, label, self.LABEL - 2 * mm, self.SIZE),
                       self.SIZE, "right")
            length = room * abs(value) / span
            x = zero if value >= 0 else zero - length
            canvas.setFillColor(BAR)
            canvas.rect(x, y + 0.9 * mm, max(length, 0.4), self.ROW - 1.8 * mm, stroke=0, fill=1)
            canvas.setFillColor(BAR_TOTAL_LABEL)
            text = format_fen(value) if kind == "money" else f"{value:,}"
            chain.draw(canvas, (x + length + 1.5 * mm) if value >= 0 else zero + 1.5 * mm, y + 1.8 * mm, text,
                       self.SIZE)


def _shortened(chain: FontChain, text: str, width: float, size: float) -> str:
    if chain.width(text, size) <= width:
        return text
    while text and chain.width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _signatures(chain: FontChain, styles: dict[str, ParagraphStyle]) -> Paragraph:
    line = "　　".join(f"{role}（签字）：__________" for role in SIGNERS)
    return Paragraph(chain.markup(line), styles["sign"])
