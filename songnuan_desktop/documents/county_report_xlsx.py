"""县级汇总统计 as .xlsx: one sheet per table (by township, by category, by campaign).

Data in, file out, on openpyxl's write-only workbook (the tables are small: 40 townships, a dozen
categories, a few campaigns). Money columns hold fen in the tables and are written as yuan numbers
with two decimals, so the county's accountant can sum them; texts are written as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from songnuan_desktop.documents.atomic import atomic_output

MONEY_FORMAT = "#,##0.00"


def write_county_report(path: Path, title: str, tables: Sequence[Any]) -> Path:
    """`tables`: objects with title, headers, rows, totals, money_columns. Written whole or not at all."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title))
        sheet.column_dimensions["A"].width = 30
        for letter in "BCDEFGHI":
            sheet.column_dimensions[letter].width = 14
        sheet.append([_cell(sheet, WriteOnlyCell, f"{title} · {table.title}", font=Font(bold=True, size=13))])
        sheet.append([_cell(sheet, WriteOnlyCell, h, font=bold) for h in table.headers])
        money = set(table.money_columns)
        for row in table.rows:
            sheet.append([_cell(sheet, WriteOnlyCell, v, money=i in money) for i, v in enumerate(row)])
        if table.totals is not None:
            sheet.append([_cell(sheet, WriteOnlyCell, v, money=i in money, font=bold)
                          for i, v in enumerate(table.totals)])
    with atomic_output(Path(path)) as temp:
        book.save(temp)
    return Path(path)


def _cell(sheet: Any, cell_type: Any, value: Any, money: bool = False, font: Any = None) -> Any:
    if money and isinstance(value, int):
        value = Decimal(value) / 100
    cell = cell_type(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a name is never run as a formula
    if money and isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    if font is not None:
        cell.font = font
    return cell


def _sheet_name(name: str) -> str:
    return "".join(c for c in name if c not in "[]:*?/\\")[:31] or "表"
