"""困难职工登记表 as .xlsx: one row per household, ID numbers and cards as text, never formulas."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from songnuan_desktop.documents.xlsx_stream import Column, SheetWriter

COLUMNS: tuple[tuple[str, str, int], ...] = (  # (key, header, width)
    ("seq", "序号", 6), ("file_no", "档案编号", 14), ("name", "姓名", 10), ("sex", "性别", 5),
    ("ethnicity", "民族", 7), ("birth_date", "出生日期", 15), ("id_number", "身份证号", 21),
    ("unit", "工作单位", 24), ("employment_status", "工作状态", 9), ("worker_type", "职工类型", 10),
    ("model_worker_level", "劳模类型", 8), ("category", "困难类别", 9), ("household_size", "家庭人口", 8),
    ("household_income_yuan", "家庭月收入（元）", 17), ("causes", "致困原因", 24), ("phone", "联系电话", 13),
    ("address", "家庭住址", 28), ("bank_name", "开户银行", 14), ("bank_card", "银行卡号", 22),
    ("status", "档案状态", 8), ("filed_date", "建档日期", 15), ("reviewed_date", "最近复核", 15),
)
STYLES = {"file_no": "text", "id_number": "text", "phone": "text", "bank_card": "text",
          "household_income_yuan": "money"}  # "text": digits a clerk types there stay text too
FIELDS = tuple(key for key, _header, _width in COLUMNS[1:])  # a row's values, in this order
SHEET = "困难职工登记表"
HEADER_ROWS = 3  # title, subtitle, column headers


def write_register(rows: Iterable[Sequence[Any]], path: Path, title: str, subtitle: str, total: int,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """One row per household (values in the order of FIELDS; 序号 is added here), a 合计 line under them.

    Written by `xlsx_stream` to a temporary file beside `path` and renamed into place: no half file under
    the name, ever. Text is inline text (never a formula), dates are dates, numbers numbers."""
    columns = [Column(width, STYLES.get(key, "plain")) for key, _header, width in COLUMNS]
    step = max(1000, total // 100)  # at most ~100 progress reports
    count = 0
    with SheetWriter(Path(path), SHEET, columns, frozen=(HEADER_ROWS, 2),
                     print_title_rows=(HEADER_ROWS, HEADER_ROWS)) as sheet:
        sheet.row([title], "title", height=24, merge=True)
        sheet.row([subtitle], "subtitle", merge=True)
        sheet.row([header for _key, header, _width in COLUMNS], "header", height=30)  # two lines of wrapped text
        for count, row in enumerate(rows, start=1):
            sheet.row((count, *row))
            if progress and count % step == 0:
                progress(count, total)
        sheet.row(())
        sheet.row([f"合计：{count} 户"], "note")
    if progress:
        progress(count, total)
    return count
