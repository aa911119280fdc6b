"""银行代发清单 as .xlsx: one sheet per 开户行 (each with its count and 小计), then a 汇总 sheet (per bank
count and subtotal, and the grand total), every sheet a paper a bank counter accepts (issue 14 item 2).

Data in, file out, on an openpyxl workbook (a campaign's list is a few hundred rows). Every sheet prints the
way documents/xlsx_print.py sets: A4 landscape, one page wide, the column headers repeated, "第 1 页 共 2 页",
宋体, thin borders, a centred title; under the title the payer (付款单位户名 / 账号 / 开户行 — blanks to fill by
hand when the settings hold none), and after the table the signature lines 制表人/复核人/负责人（签字） and
（单位盖章）. Card and ID numbers are text with every digit (a 19-digit card never becomes 6.2E+18); a text
that starts with = stays text. Amounts are numbers in yuan (two decimals) so the counter can sum them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from songnuan_desktop.documents import xlsx_print
from songnuan_desktop.storage import replacing

COLUMNS: tuple[tuple[str, float, str], ...] = (  # (header, width, style)
    ("序号", 6, "plain"), ("户名", 11, "plain"), ("身份证号", 20, "text"), ("银行卡号", 23, "text"),
    ("开户网点", 16, "plain"), ("金额（元）", 12, "money"), ("凭证编号", 21, "text"),  # 2026-JQZX01-000092 whole
    ("档案编号", 12, "text"), ("备注", 11, "plain"),
)
SUMMARY = "汇总"
SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (("序号", 6), ("开户银行", 30), ("笔数", 10), ("金额（元）", 16),
                                                  ("备注", 30))
SIGNERS = ("制表人", "复核人", "负责人")
MONEY_FORMAT = "#,##0.00"
BLANK = "＿＿＿＿＿＿＿＿＿＿＿＿"
NO_BANK = "（未填开户行）"


@dataclass(frozen=True)
class BankRow:
    name: str
    id_number: str
    card: str  # digits only
    bank: str
    branch: str
    amount_fen: int
    voucher_no: str
    file_no: str
    note: str = ""


@dataclass(frozen=True)
class Payer:
    account_name: str = ""
    account_no: str = ""
    bank: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.account_name and self.account_no and self.bank)

    def line(self) -> str:
        return (f"付款单位户名：{self.account_name or BLANK}　　付款账号：{self.account_no or BLANK}　　"
                f"开户行：{self.bank or BLANK}")


@dataclass(frozen=True)
class BankList:
    title: str  # 黄平县旧州镇总工会 2026年金秋助学 银行代发清单
    subtitle: str  # 批次号、制表人、日期
    rows: tuple[BankRow, ...]
    notes: tuple[str, ...]  # under the totals: cash payees left out, paid items left out …
    payer: Payer = Payer()

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)

    def sections(self) -> list[tuple[str, tuple[BankRow, ...]]]:
        """(开户行, its rows) in the order banks first appear."""
        by_bank: dict[str, list[BankRow]] = {}
        for r in self.rows:
            by_bank.setdefault(r.bank or NO_BANK, []).append(r)
        return [(bank, tuple(rows)) for bank, rows in by_bank.items()]


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def write_bank_list(doc: BankList, path: Path) -> int:
    """Write the list to `path` (whole or not at all); returns the number of payees."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for bank, rows in doc.sections():
        _bank_sheet(book.create_sheet(_sheet_name(bank, used)), doc, bank, rows)
    _summary_sheet(book.create_sheet(_sheet_name(SUMMARY, used)), doc)
    with replacing(Path(path)) as temp:
        book.save(temp)
    return len(doc.rows)


def _bank_sheet(sheet: Any, doc: BankList, bank: str, rows: Sequence[BankRow]) -> None:
    width = len(COLUMNS)
    for n, (_h, w, _s) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[_letter(n)].width = w
    row = xlsx_print.title_block(sheet, f"{doc.title}（{bank}）", [doc.subtitle, doc.payer.line()], width)
    header_row = row
    _header(sheet, row, [h for h, _w, _s in COLUMNS])
    for n, r in enumerate(rows, start=1):
        row += 1
        _values(sheet, row, (n, r.name, r.id_number, r.card, r.branch, yuan(r.amount_fen), r.voucher_no,
                             r.file_no, r.note))
    row += 1
    subtotal = sum(r.amount_fen for r in rows)
    _values(sheet, row, ("小计", f"{len(rows)} 笔", "", "", "", yuan(subtotal)), bold=True)
    xlsx_print.table_borders(sheet, header_row, row, width)
    row = _signatures(sheet, row + 1, width)
    xlsx_print.print_setup(sheet, title_rows=(header_row, header_row), landscape=True)


def _summary_sheet(sheet: Any, doc: BankList) -> None:
    width = len(SUMMARY_COLUMNS)
    for n, (_h, w) in enumerate(SUMMARY_COLUMNS, start=1):
        sheet.column_dimensions[_letter(n)].width = w
    row = xlsx_print.title_block(sheet, f"{doc.title}（汇总）", [doc.subtitle, doc.payer.line()], width)
    header_row = row
    _header(sheet, row, [h for h, _w in SUMMARY_COLUMNS])
    sections = doc.sections()
    for n, (bank, rows) in enumerate(sections, start=1):
        row += 1
        _values(sheet, row, (n, bank, len(rows), yuan(sum(r.amount_fen for r in rows))), money=(3,))
    row += 1
    _values(sheet, row, ("合计", f"{len(sections)} 家银行", len(doc.rows), yuan(doc.total_fen)), money=(3,), bold=True)
    xlsx_print.table_borders(sheet, header_row, row, width)
    for note in doc.notes:
        row += 1
        sheet.cell(row=row, column=1, value=note).font = xlsx_print.font(10)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.row_dimensions[row].height = 30
        from openpyxl.styles import Alignment
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    _signatures(sheet, row + 1, width)
    xlsx_print.print_setup(sheet, title_rows=(header_row, header_row), landscape=True)


def _signatures(sheet: Any, row: int, width: int) -> int:
    row = xlsx_print.signature_lines(sheet, row, SIGNERS, width)
    sheet.cell(row=row + 1, column=width, value="（单位盖章）").font = xlsx_print.font(11)
    return row + 2


def _header(sheet: Any, row: int, headers: Sequence[str]) -> None:
    from openpyxl.styles import Alignment
    for n, h in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=n, value=h)
        cell.font = xlsx_print.font(11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[row].height = 20


def _values(sheet: Any, row: int, values: Sequence[object], *, money: Sequence[int] = (5,),
            bold: bool = False) -> None:
    for n, value in enumerate(values):
        if value == "":
            continue
        cell = sheet.cell(row=row, column=n + 1, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # digits stay text; "=…" is never a formula
            cell.number_format = "@"
        if n in money:
            cell.number_format = MONEY_FORMAT
        cell.font = xlsx_print.font(11, bold=bold)


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(c for c in name if c not in "[]:*?/\\")[:28] or "表"
    shown, n = base, 2
    while shown in used:
        shown, n = f"{base}{n}", n + 1
    used.add(shown)
    return shown


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(n)
