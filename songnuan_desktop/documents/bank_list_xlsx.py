"""银行代发清单 as .xlsx: one row per card payee, the card and ID numbers as text with every digit.

Data in, file out, on the streaming writer (documents/xlsx_stream.py): every text is an inline
string, so a name or note that starts with = + - @ stays text and is never run as a formula, and a
19-digit card never becomes 6.2E+18. Amounts are numbers in yuan (two decimals) so the bank's
counter can sum them; the 合计 row carries the count and the sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from songnuan_desktop.documents.xlsx_stream import Column, SheetWriter

COLUMNS: tuple[tuple[str, float, str], ...] = (  # (header, width, style)
    ("序号", 6, "plain"), ("户名", 12, "plain"), ("身份证号", 21, "text"), ("银行卡号", 24, "text"),
    ("开户银行", 20, "plain"), ("开户网点", 24, "plain"), ("金额（元）", 13, "money"), ("凭证编号", 20, "text"),
    ("档案编号", 14, "text"), ("备注", 24, "plain"),
)
SHEET = "银行代发清单"
HEADER_ROWS = 3


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
class BankList:
    title: str  # 黄平县旧州镇总工会 2026年金秋助学 银行代发清单
    subtitle: str  # 批次号、制表人、日期
    rows: tuple[BankRow, ...]
    notes: tuple[str, ...]  # under the totals: cash payees left out, paid items left out …

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)


def yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def write_bank_list(doc: BankList, path: Path) -> int:
    """Write the list to `path` (a temporary file renamed into place); returns the number of payees."""
    columns = [Column(width, style) for _header, width, style in COLUMNS]
    with SheetWriter(Path(path), SHEET, columns, frozen=(HEADER_ROWS, 2),
                     print_title_rows=(HEADER_ROWS, HEADER_ROWS)) as sheet:
        sheet.row([doc.title], "title", height=24, merge=True)
        sheet.row([doc.subtitle], "subtitle", merge=True)
        sheet.row([header for header, _width, _style in COLUMNS], "header", height=20)
        for n, r in enumerate(doc.rows, start=1):
            sheet.row(_values(n, r))
        sheet.row(["合计", f"{len(doc.rows)} 笔", "", "", "", "", yuan(doc.total_fen)])
        _notes(sheet, doc.notes)
    return len(doc.rows)


def _values(n: int, r: BankRow) -> Sequence[object]:
    return (n, r.name, r.id_number, r.card, r.bank, r.branch, yuan(r.amount_fen), r.voucher_no, r.file_no, r.note)


def _notes(sheet: SheetWriter, notes: Sequence[str]) -> None:
    if notes:
        sheet.row(())
        for note in notes:
            sheet.row([note], "note")
