"""困难职工登记表 as .xlsx: one row per household, ID numbers and cards as text, never formulas."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from songnuan_desktop.documents.xlsx import safe_cell

COLUMNS: tuple[tuple[str, str, int], ...] = (  # (key, header, width)
    ("seq", "序号", 6), ("file_no", "档案编号", 14), ("name", "姓名", 10), ("sex", "性别", 5),
    ("ethnicity", "民族", 7), ("birth_date", "出生日期", 11), ("id_number", "身份证号", 21),
    ("unit", "工作单位", 24), ("employment_status", "工作状态", 9), ("worker_type", "职工类型", 10),
    ("model_worker_level", "劳模类型", 8), ("category", "困难类别", 9), ("household_size", "家庭人口", 8),
    ("household_income_yuan", "家庭月收入（元）", 12), ("causes", "致困原因", 24), ("phone", "联系电话", 13),
    ("address", "家庭住址", 28), ("bank_name", "开户银行", 14), ("bank_card", "银行卡号", 22),
    ("status", "档案状态", 8), ("filed_date", "建档日期", 11), ("reviewed_date", "最近复核", 11),
)
STYLES = {"household_income_yuan": {"number_format": "#,##0.00"}}
HEADER = {"font": Font(bold=True), "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)}


def write_register(rows: Iterable[dict[str, Any]], path: Path, title: str, subtitle: str, total: int,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Write to a temporary file beside `path` and rename it into place: no half file under the name."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("困难职工登记表")
    for index, (_key, _header, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "C4"
    sheet.append([safe_cell(sheet, title, {"font": Font(bold=True, size=14)})])
    sheet.append([safe_cell(sheet, subtitle)])
    sheet.append([safe_cell(sheet, header, HEADER) for _key, header, _width in COLUMNS])
    count = 0
    for count, row in enumerate(rows, start=1):
        row = {**row, "seq": count}
        sheet.append([safe_cell(sheet, _plain(row.get(key)), STYLES.get(key)) for key, _header, _width in COLUMNS])
        if progress and count % 1000 == 0:
            progress(count, total)
    sheet.append([])
    sheet.append([safe_cell(sheet, f"合计：{count} 户")])
    _save_atomically(book, path)
    if progress:
        progress(count, total)
    return count


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()  # as text: a register is read by people, and Excel would reformat dates
    return "" if value is None else value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _save_atomically(book: Workbook, path: Path) -> None:
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".part")
    os.close(fd)
    try:
        book.save(temp)
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
