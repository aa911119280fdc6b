"""统计表 as .xlsx (issue 16 items 1 and 6): one sheet per table, each printing as every paper of ours does
(documents/xlsx_print.py: A4 fit to width, the header row repeated, 第 X 页 共 Y 页, 宋体, thin borders), the
header block (制表单位, 统计期间, 制表日期), the table with its 合计, the note saying what is counted, a bar
chart of the table's charted column beside it, and the signing lines.

Data in, file out: `tables` are services.reports.statistics' Tables (key, title, heading, columns with label and
kind, rows with label and values, total, note, series()). Money is written as yuan numbers formatted
#,##0.00; counts as integers. Written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from songnuan_desktop.documents import xlsx_print
from songnuan_desktop.storage import replacing

MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
SIGNERS = ("制表人", "复核人", "负责人")
FIRST_WIDTH = 34
OTHER_WIDTH = 14


def write_statistics_xlsx(path: Path, tables: Sequence[Any], header_lines: Sequence[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        _sheet(book.create_sheet(_sheet_name(table.title, used)), table, header_lines)
    with replacing(Path(path)) as temp:
        book.save(temp)
    return Path(path)


def _sheet(sheet: Any, table: Any, header_lines: Sequence[str]) -> None:
    from openpyxl.styles import Alignment

    columns = 1 + len(table.columns)
    for n in range(1, columns + 1):
        sheet.column_dimensions[_letter(n)].width = FIRST_WIDTH if n == 1 else OTHER_WIDTH
    row = xlsx_print.title_block(sheet, table.title, header_lines, columns)
    header_row = row
    for n, label in enumerate((table.heading, *(c.label for c in table.columns)), start=1):
        cell = sheet.cell(row=row, column=n, value=label)
        cell.font = xlsx_print.font(11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_data = row + 1
    for data in table.rows:
        row += 1
        _put_row(sheet, row, table, data, bold=False)
    last_data = row
    if not table.rows:
        row += 1
        sheet.cell(row=row, column=1, value="（本期没有数据）").font = xlsx_print.font(11)
    if table.total is not None:
        row += 1
        _put_row(sheet, row, table, table.total, bold=True)
    xlsx_print.table_borders(sheet, header_row, row, columns)
    if table.note:
        row += 1
        cell = sheet.cell(row=row, column=1, value=f"说明：{table.note}")
        cell.font = xlsx_print.font(9)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        sheet.row_dimensions[row].height = 15 * (1 + len(table.note) // 60)
    row = xlsx_print.signature_lines(sheet, row + 1, SIGNERS, columns)
    if table.rows:
        _chart(sheet, table, header_row, first_data, last_data, anchor_row=row + 1)
    xlsx_print.print_setup(sheet, title_rows=(header_row, header_row),
                           landscape=xlsx_print.landscape_for([FIRST_WIDTH] + [OTHER_WIDTH] * (columns - 1)))


def _put_row(sheet: Any, row: int, table: Any, data: Any, *, bold: bool) -> None:
    from openpyxl.styles import Alignment

    label = sheet.cell(row=row, column=1, value=data.label)
    label.data_type = "s"  # a name is never run as a formula
    label.font = xlsx_print.font(11, bold=bold)
    label.alignment = Alignment(vertical="center", wrap_text=True)
    for n, value in enumerate(data.values):
        money = table.kind_of(data, n) == "money"
        cell = sheet.cell(row=row, column=n + 2, value=Decimal(value) / 100 if money else int(value))
        cell.number_format = MONEY_FORMAT if money else COUNT_FORMAT
        cell.font = xlsx_print.font(11, bold=bold)
        cell.alignment = Alignment(horizontal="right", vertical="center")


def _chart(sheet: Any, table: Any, header_row: int, first: int, last: int, anchor_row: int) -> None:
    """A bar chart of the charted column (or, for a table charted by row, its first row across the years)."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.style = 10
    chart.legend = None
    if table.by_row:
        chart.type = "col"
        chart.title = table.series_title(0)
        count = len(table.series(0))
        chart.add_data(Reference(sheet, min_col=2, max_col=1 + count, min_row=first, max_row=first), from_rows=True,
                       titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=2, max_col=1 + count, min_row=header_row, max_row=header_row))
    else:
        chart.type = "bar"
        chart.title = table.series_title()
        column = 2 + table.chart_column
        chart.add_data(Reference(sheet, min_col=column, max_col=column, min_row=first, max_row=last),
                       titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=1, max_col=1, min_row=first, max_row=last))
        chart.y_axis.majorGridlines = None
    chart.height = max(6.0, min(18.0, 0.7 * (last - first + 1) + 3))
    chart.width = 22.0
    sheet.add_chart(chart, f"A{anchor_row}")


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter
    return str(get_column_letter(n))


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "表"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]}（{n}）"
        n += 1
    used.add(name)
    return name
