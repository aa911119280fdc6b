"""How every .xlsx we write prints (issue 14 item 5): one place for page setup, font, borders, title and
header block.

Two writers use it: openpyxl workbooks (county report) call `print_setup` / `table_borders` /
`title_block` here; the streaming writer (documents/xlsx_stream.py: bank list, register export, visit
export, register template) writes the same settings as raw XML and takes FOOTER from here.

The page: A4, one page wide and as many tall as needed (fitToWidth=1, fitToHeight=0), landscape when the
table is wider than a portrait page holds, the header rows repeated on every page, "第 1 页 共 3 页"
centred in the footer. Text in 宋体 (family name, so Excel and WPS find SimSun; LibreOffice maps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FOOTER = "&C第 &P 页 共 &N 页"
FONT_NAME = "宋体"
PORTRAIT_WIDTH = 95  # column-width units (characters) a portrait A4 holds at 100 % with our margins


def landscape_for(widths: Sequence[float]) -> bool:
    """Landscape when the columns are wider than a portrait page holds."""
    return sum(widths) > PORTRAIT_WIDTH


def print_setup(sheet: Any, *, title_rows: tuple[int, int] | None, landscape: bool) -> None:
    """Page setup on an openpyxl worksheet."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if title_rows is not None:
        sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"


def font(size: float = 11, bold: bool = False) -> Any:
    from openpyxl.styles import Font
    return Font(name=FONT_NAME, size=size, bold=bold, charset=134, family=3)


def thin_border() -> Any:
    from openpyxl.styles import Border, Side
    side = Side(style="thin")
    return Border(left=side, right=side, top=side, bottom=side)


def table_borders(sheet: Any, first_row: int, last_row: int, columns: int) -> None:
    border = thin_border()
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = border


def all_cells_font(sheet: Any) -> None:
    """宋体 for every cell that has none of its own size/bold set by the writer."""
    for row in sheet.iter_rows():
        for cell in row:
            old = cell.font
            cell.font = font(old.sz or 11, bool(old.b))


def title_block(sheet: Any, title: str, lines: Sequence[str], columns: int) -> int:
    """A centred merged title and the header block lines (制表单位/制表人/制表日期/数据截至) each merged
    across the table; returns the next free row."""
    from openpyxl.styles import Alignment
    sheet.cell(row=1, column=1, value=title).font = font(14, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 24
    if columns > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    row = 2
    for line in lines:
        sheet.cell(row=row, column=1, value=line).font = font(10)
        if columns > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        row += 1
    return row


def signature_lines(sheet: Any, row: int, roles: Sequence[str], columns: int) -> int:
    """"制表人（签字）：" … with a blank to sign on, spread across the row; returns the next free row."""
    row += 1
    step = max(1, columns // max(1, len(roles)))
    for i, role in enumerate(roles):
        sheet.cell(row=row, column=1 + i * step, value=f"{role}（签字）：").font = font(11)
    sheet.row_dimensions[row].height = 30
    return row + 1
