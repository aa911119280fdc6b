"""活动总结 on paper (issue 16 item 2): the title “…活动总结” (with 截至… for a campaign still in progress), the
paragraphs services.reports.campaign_summary made from the figures, then 附表 — the figures in exact yuan, one
numbered table each (表一 …) — and at the end 制表单位 / 制表日期 and the signing lines (names small beneath only
when the office asks, setting signature_names). A4 portrait, 第 X 页 共 Y 页 at the foot of every page.

Every string goes through the font chain (documents.glyphs), checked before anything is written. Data in, file
out: `tables` are services.reports.statistics-shaped tables (title, heading, columns, rows, total, note, text()).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak, Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from songnuan_desktop.storage import replacing
from songnuan_desktop.documents.fonts import PdfFont, chinese_line_breaking
from songnuan_desktop.documents.glyphs import font_chain
from songnuan_desktop.documents.page_numbers import numbered
from songnuan_desktop.documents.signing import para, signature_row
from songnuan_desktop.domain.paper_dates import date_text

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class SummaryPaper:
    title: str  # 2026年元旦春节送温暖活动总结
    as_of: str  # '' or 截至2026年12月6日
    office_name: str
    paragraphs: tuple[str, ...]
    tables: tuple[Any, ...]
    made_on: dt.date
    signers: tuple[tuple[str, str], ...]  # (role, name)
    names_beneath: bool = False


def fields(paper: SummaryPaper) -> list[tuple[str, str, str]]:
    """Every string the paper prints, as (where, field, text) for the font chain's check."""
    found = [("活动总结", "标题", paper.title), ("活动总结", "制表单位", paper.office_name)]
    found += [("活动总结", f"第{n + 1}段", text) for n, text in enumerate(paper.paragraphs)]
    for table in paper.tables:
        found += [(table.title, "表名", table.title), (table.title, "栏目", table.heading),
                  *((table.title, "栏目", c.label) for c in table.columns),
                  *((table.title, "行", r.label) for r in table.rows), (table.title, "说明", table.note)]
    found += [("活动总结", "签字人", name) for _role, name in paper.signers if paper.names_beneath]
    return found


def write_summary(paper: SummaryPaper, path: Path, font: PdfFont, heading: PdfFont,
                  extra_fonts: str | None = None) -> int:
    """The paper at `path`; its number of pages. MissingGlyphs (nothing written) for a character no font has."""
    chinese_line_breaking()
    chain = font_chain(font, extra_fonts)
    chain.check(fields(paper))
    styles = _styles(chain.main, heading.name)

    def p(text: str, style: str) -> Paragraph:
        return Paragraph(chain.markup(text), styles[style])

    story: list[Flowable] = [p(paper.title, "title")]
    if paper.as_of:
        story.append(p(f"（{paper.as_of}）", "subtitle"))
    story.append(Spacer(1, 3 * mm))
    story += [p(text, "body") for text in paper.paragraphs]
    story += [Spacer(1, 4 * mm), CondPageBreak(40 * mm), p("附表", "section")]
    for n, table in enumerate(paper.tables):
        caption = p(f"表{_numeral(n + 1)}　{table.title}", "caption")
        note = [p(f"说明：{table.note}", "note")] if table.note else []
        if len(table.rows) < 14:  # a short table stays whole with its caption and note
            story.append(KeepTogether([caption, _grid(table, p), *note]))
        else:  # a long one breaks, its caption and head repeated on every page
            story += [_grid(table, p, caption=caption), *note]
        story.append(Spacer(1, 3 * mm))
    story += [CondPageBreak(36 * mm), Spacer(1, 6 * mm),
              para(chain, f"制表单位：{paper.office_name}　　　　制表日期：{date_text(paper.made_on)}",
                   styles["sign"]),
              Spacer(1, 8 * mm), signature_row(chain, paper.signers, paper.names_beneath, 10.5, 24)]
    pages: list[int] = []

    with replacing(Path(path)) as temp:
        doc = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 4 * mm, title=paper.title, author=paper.office_name)
        doc.build(story, canvasmaker=numbered(font=chain.main, size=9, y=MARGIN - 4 * mm, gap=" ",
                                                      counted=pages))
    return pages[0] if pages else 0


def _styles(body: str, heading: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=heading, fontSize=18, leading=26, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", fontName=body, fontSize=11, leading=16, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=body, fontSize=12, leading=21, alignment=TA_JUSTIFY,
                               firstLineIndent=24, spaceAfter=1.5 * mm, wordWrap="CJK"),
        "section": ParagraphStyle("section", fontName=heading, fontSize=13, leading=18, spaceAfter=2 * mm),
        "caption": ParagraphStyle("caption", fontName=heading, fontSize=10.5, leading=15, spaceAfter=1 * mm),
        "cell": ParagraphStyle("cell", fontName=body, fontSize=9, leading=12, wordWrap="CJK"),
        "total": ParagraphStyle("total", fontName=heading, fontSize=9, leading=12),
        "head": ParagraphStyle("head", fontName=heading, fontSize=8.5, leading=11, alignment=TA_CENTER,
                               wordWrap="CJK"),
        "number": ParagraphStyle("number", fontName=body, fontSize=9, leading=12, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", fontName=body, fontSize=8, leading=11, textColor=colors.HexColor("#444444"),
                               spaceBefore=1 * mm, wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=body, fontSize=10.5, leading=15, alignment=TA_LEFT),
    }


def _numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def _grid(table: Any, p: Any, caption: Paragraph | None = None) -> Table:
    others = len(table.columns)
    first = 62 * mm if others <= 4 else 50 * mm
    widths = [first] + [(WIDTH - first) / others] * others
    rows: list[list[Any]] = []
    if caption is not None:  # a long table: its caption on the first page, the head repeated on every page
        rows.append([caption, *("" for _ in table.columns)])
    rows.append([p(table.heading, "head"), *(p(c.label, "head") for c in table.columns)])
    rows += [[p(r.label, "cell"), *(p(table.text(r, i), "number") for i in range(len(r.values)))]
             for r in table.rows]
    if not table.rows:
        rows.append([p("（无）", "cell"), *("" for _ in table.columns)])
    if table.total is not None and table.rows:
        rows.append([p(table.total.label, "total"),
                     *(p(table.text(table.total, i), "number") for i in range(len(table.total.values)))])
    head = 1 if caption is not None else 0
    grid = Table(rows, colWidths=widths, repeatRows=head + 1)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, head), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, head), (-1, head), colors.HexColor("#eeeeee")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if caption is not None:
        style += [("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (0, 0), (0, 0), 0)]
    if table.total is not None and table.rows:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f5f5f5")))
    grid.setStyle(TableStyle(style))
    return grid


__all__ = ["SummaryPaper", "fields", "write_summary"]

