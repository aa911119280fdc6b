"""县级汇总统计 as .xlsx: one sheet per table (by township, by category, by campaign) and one per kind of
cross-township finding (重复建档, 重复发放, 信息不一致) with its evidence.

Data in, file out, on an openpyxl workbook (the tables are small: 40 townships, a dozen categories, a few
campaigns). Every sheet prints the same way (documents/xlsx_print.py): A4, fit to width, the column
headers repeated on every page, page numbers, 宋体, thin borders, a centred title, the header block
(制表单位, 制表人, 制表日期, 数据截至, the townships' package dates) and signature lines. Money columns
hold fen in the tables and are written as yuan numbers with two decimals, so the county's accountant can
sum them; texts are written as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from songnuan_desktop.documents import xlsx_print
from songnuan_desktop.storage import replacing

MONEY_FORMAT = "#,##0.00"
SIGNERS = ("制表人", "复核人", "负责人")
FIRST_WIDTH = 30
OTHER_WIDTH = 14


def write_county_report(path: Path, title: str, tables: Sequence[Any], *, header_lines: Sequence[str] = (),
                        findings: Sequence[Any] = ()) -> Path:
    """`tables` and `findings`: objects with title, headers, rows, totals, money_columns (a finding sheet's
    rows are its evidence, one row per entry). `header_lines`: 制表单位/制表人/日期/数据截至 … printed
    under the title of every sheet. Written whole or not at all."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    book.remove(book.active)
    for table in [*tables, *findings]:
        sheet = book.create_sheet(_sheet_name(table.title))
        columns = max(len(table.headers), 1)
        widths = [FIRST_WIDTH] + [OTHER_WIDTH] * (columns - 1)
        for n, width in enumerate(getattr(table, "widths", None) or widths, start=1):
            sheet.column_dimensions[_letter(n)].width = width
        row = xlsx_print.title_block(sheet, f"{title} · {table.title}", header_lines, columns)
        header_row = row
        for n, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=row, column=n, value=header)
            cell.font = xlsx_print.font(11, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        money = set(table.money_columns)
        body = [*table.rows, *([table.totals] if table.totals is not None else [])]
        if not table.rows:
            body.append(["（无）"])
        for values in body:
            row += 1
            bold = values is table.totals
            for n, value in enumerate(values, start=1):
                _put(sheet.cell(row=row, column=n), value, money=(n - 1) in money, bold=bold)
        xlsx_print.table_borders(sheet, header_row, row, columns)
        xlsx_print.signature_lines(sheet, row + 1, SIGNERS, columns)
        xlsx_print.print_setup(sheet, title_rows=(header_row, header_row),
                               landscape=xlsx_print.landscape_for([sheet.column_dimensions[_letter(n)].width
                                                                   for n in range(1, columns + 1)]))
    with replacing(Path(path)) as temp:
        book.save(temp)
    return Path(path)


def _put(cell: Any, value: Any, *, money: bool, bold: bool) -> None:
    from openpyxl.styles import Alignment
    if money and isinstance(value, int):
        value = Decimal(value) / 100
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a name is never run as a formula
    if money and isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    cell.font = xlsx_print.font(11, bold=bold)
    cell.alignment = Alignment(vertical="center", wrap_text=isinstance(value, str))


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(n)


def _sheet_name(name: str) -> str:
    return "".join(c for c in name if c not in "[]:*?/\\")[:31] or "表"
