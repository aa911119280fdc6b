"""Reading a worker register (花名册) from Excel: the checking half of the import.

Real registers have title rows and merged cells above the header, header names that differ between
offices, IDs typed as numbers, full-width digits, "3人", "2000元", blank rows, a 合计 row and notes
under the table, the same person twice. `read_register` finds the header, cleans every row and sorts
it into valid rows (with warnings), rejected rows (with the reason, in Chinese) and skipped rows; it
never raises on a bad cell. Nothing here touches the database: a later step writes the valid rows.
`write_rejected` gives the clerk a workbook of the rejected rows to fix and import again.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook as LoadedWorkbook

from songnuan_desktop.documents.register_columns import (
    CLEANERS,
    FIELDS,
    IGNORED,
    REQUIRED,
    field_of,
    header_key,
)
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.ids import birth_date, sex_of
from songnuan_desktop.domain.parsing import is_blank, shown

HEADER_SCAN_ROWS = 30
# A sheet formatted down to row 1,048,576 has no data after this many empty rows in a row.
MAX_BLANK_RUN = 2000
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
NOTE_WORDS = ("说明", "备注", "注:", "注：", "注意", "注1", "注2", "制表", "填表", "填报", "审核人", "负责人",
              "经办人", "联系人", "单位负责人", "单位(盖章)", "单位（盖章）", "(盖章)", "（盖章）", "盖章", "日期:",
              "日期：", "年月日")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHECK_EVERY = 200  # rows between looks at is_cancelled

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SheetInfo:
    name: str
    rows: int


@dataclass(frozen=True)
class HeaderGuess:
    row: int  # 1-based row of the header
    mapping: dict[int, str]  # 1-based column → field key of register_columns.FIELDS
    unknown: list[str]  # header names not recognised (their columns are not read)
    titles: list[str] = field(default_factory=list)  # the header row as written, for write_rejected


@dataclass(frozen=True)
class RegisterRow:
    row: int
    values: dict[str, Any]
    warnings: list[str]
    raw: list[Any] = field(default_factory=list)  # the cells as read, if the database refuses the row


@dataclass(frozen=True)
class RejectedRow:
    row: int
    reason: str
    raw: list[Any]


@dataclass(frozen=True)
class RegisterRead:
    sheet: str
    header: HeaderGuess
    rows: list[RegisterRow]
    rejected: list[RejectedRow]
    skipped: list[tuple[int, str]]


class ReadCancelled(DomainError):
    """The clerk stopped the reading; nothing was imported."""


# --- opening --------------------------------------------------------------------------------------

def _open(path: str | Path) -> LoadedWorkbook:
    path = Path(path)
    try:
        # data_only: a formula cell gives the value Excel last computed, never the formula text.
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise ValidationFailed("register_file", f"找不到文件“{path.name}”。", {"path": str(path)}) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationFailed(
            "register_file",
            f"无法打开“{path.name}”：请确认是 .xlsx 格式的 Excel 文件（.xls 文件请先在 Excel 中另存为 .xlsx）。",
            {"path": str(path)},
        ) from exc


def list_sheets(path: str | Path) -> list[SheetInfo]:
    wb = _open(path)
    try:
        return [SheetInfo(ws.title, _row_count(ws)) for ws in wb.worksheets]
    finally:
        wb.close()


def _row_count(ws: Any) -> int:
    if ws.max_row is not None:
        return int(ws.max_row)
    return sum(1 for _ in ws.iter_rows(values_only=True))  # a file without a dimension record


# --- header ---------------------------------------------------------------------------------------

def detect_header(path: str | Path, sheet: str | None = None) -> HeaderGuess:
    """The row among the first 30 that names the most known columns; it must have 姓名 and 身份证号."""
    wb = _open(path)
    try:
        return _find_sheet(wb, sheet)[1]
    finally:
        wb.close()


def find_register_sheet(path: str | Path) -> tuple[str, HeaderGuess]:
    """The first sheet with a header row, and that header (ValidationFailed when no sheet has one)."""
    wb = _open(path)
    try:
        ws, guess = _find_sheet(wb, None)
        return ws.title, guess
    finally:
        wb.close()


def header_at(path: str | Path, sheet: str, row: int) -> HeaderGuess:
    """The header the clerk points at: row `row` of `sheet` read as the header (it may name no column)."""
    wb = _open(path)
    try:
        cells = next(_sheet(wb, sheet).iter_rows(min_row=row, max_row=row, values_only=True), ())
        return _header_of(row, tuple(cells))
    finally:
        wb.close()


def peek(path: str | Path, sheet: str, rows: int = HEADER_SCAN_ROWS) -> list[list[str]]:
    """The top of a sheet as text, for the clerk to see where the header is."""
    wb = _open(path)
    try:
        return [["" if c is None else shown(c) for c in cells]
                for cells in _sheet(wb, sheet).iter_rows(max_row=rows, values_only=True)]
    finally:
        wb.close()


def _guess(rows: Iterable[tuple[Any, ...]]) -> HeaderGuess | None:
    best: HeaderGuess | None = None
    for number, cells in enumerate(rows, start=1):
        guess = _header_of(number, cells)
        if all(k in guess.mapping.values() for k in REQUIRED) and (
                best is None or len(guess.mapping) > len(best.mapping)):
            best = guess
    return best


def _header_of(number: int, cells: tuple[Any, ...]) -> HeaderGuess:
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for column, cell in enumerate(cells, start=1):
        if is_blank(cell):
            continue
        key = field_of(cell)
        if key is not None and key not in mapping.values():
            mapping[column] = key
        elif header_key(cell) not in IGNORED:
            unknown.append(" ".join(str(cell).split()))
    titles = ["" if c is None else " ".join(str(c).split()) for c in cells]
    return HeaderGuess(number, mapping, unknown, titles)


def _find_sheet(wb: LoadedWorkbook, sheet: str | None) -> tuple[Any, HeaderGuess]:
    if sheet is not None and sheet not in wb.sheetnames:
        raise ValidationFailed("register_sheet", f"文件中没有名为“{sheet}”的工作表。", {"sheet": sheet})
    candidates = [wb[sheet]] if sheet is not None else list(wb.worksheets)
    for ws in candidates:
        guess = _guess(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True))
        if guess is not None:
            return ws, guess
    where = f"工作表“{sheet}”" if sheet else "各工作表"
    raise ValidationFailed(
        "register_header",
        f"{where}的前{HEADER_SCAN_ROWS}行中没有找到表头：表头行至少要有“姓名”和“身份证号”两列，请检查后再导入。",
        {"sheet": sheet or ""},
    )


# --- rows -----------------------------------------------------------------------------------------

def _skip_reason(cells: tuple[Any, ...], header: HeaderGuess) -> str | None:
    """Why a row under the header is not a person's row, or None if it is one."""
    first: Any = None
    any_mapped = False
    for column, value in enumerate(cells, start=1):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if first is None:
            first = value
        any_mapped = any_mapped or column in header.mapping
        if isinstance(value, str) and "计" in value and _squeezed(value).startswith(TOTAL_WORDS):
            return "合计行"
    if first is None:
        return "空行"
    if isinstance(first, str) and _squeezed(first).startswith(NOTE_WORDS):
        return "表格下方的说明或签字栏"
    if not any_mapped:
        return "只有序号或表外内容，没有要导入的项"
    by_key = {key: cells[c - 1] for c, key in header.mapping.items() if key in REQUIRED and c <= len(cells)}
    if all(isinstance(by_key.get(k), str) and field_of(by_key[k]) == k for k in REQUIRED):
        return "重复的表头行"
    return None


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class _Reading:
    header: HeaderGuess
    rows: list[RegisterRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    first_row_of: dict[str, int] = field(default_factory=dict)  # ID → the row it first appeared on
    blanks: list[int] = field(default_factory=list)  # blank rows not yet known to be inside the table

    def take(self, number: int, cells: tuple[Any, ...]) -> None:
        why = _skip_reason(cells, self.header)
        if why == "空行":
            self.blanks.append(number)
            return
        # Blank rows followed by more content are inside the table; trailing ones are not reported.
        self.skipped.extend((n, "空行") for n in self.blanks)
        self.blanks.clear()
        if why is not None:
            self.skipped.append((number, why))
            return
        try:
            self._person(number, cells)
        except Exception as exc:  # noqa: BLE001 - one odd row must never stop the whole reading
            self.rejected.append(RejectedRow(number, f"这一行无法读取（{type(exc).__name__}）：请检查各栏内容后重填",
                                             list(cells)))

    def _person(self, number: int, cells: tuple[Any, ...]) -> None:
        values, problems, warnings = _cleaned(cells, self.header.mapping)
        number_id = values.get("id_number")
        if isinstance(number_id, str):
            first = self.first_row_of.setdefault(number_id, number)
            if first != number:
                problems.insert(0, f"与第{first}行是同一人（身份证号 {number_id} 相同）："
                                   "请删去重复的一行，或核对身份证号")
        if problems:
            self.rejected.append(RejectedRow(number, "；".join(problems), list(cells)))
        else:
            self.rows.append(RegisterRow(number, values, warnings, list(cells)))


def _cleaned(cells: tuple[Any, ...], mapping: dict[int, str]) -> tuple[dict[str, Any], list[str], list[str]]:
    values: dict[str, Any] = {}
    problems: list[str] = []
    warnings: list[str] = []
    for column, key in mapping.items():
        parsed = CLEANERS[key](cells[column - 1] if column <= len(cells) else None)
        if parsed.reason:
            problems.append(parsed.reason)
        if parsed.warning:
            warnings.append(parsed.warning)
        if isinstance(parsed.value, dict):
            values.update(parsed.value)
        elif parsed.value is not None:
            values[key] = parsed.value
    for key in REQUIRED:
        if key not in values and not any(p.startswith(FIELDS[key].label) for p in problems):
            problems.append(f"{FIELDS[key].label}为空：请填写户主的{FIELDS[key].label}")
    if isinstance(values.get("id_number"), str):
        warnings.extend(_derive_from_id(values))
    return values, problems, warnings


def _derive_from_id(values: dict[str, Any]) -> list[str]:
    """Sex and birth date come from the ID; a typed value that disagrees is named, and the ID wins."""
    number = values["id_number"]
    warnings = []
    sex, born = sex_of(number), birth_date(number)
    typed_sex = values.get("sex")
    if typed_sex and typed_sex != sex:
        warnings.append(f"性别一栏填的是“{typed_sex}”，与身份证号（{sex}）不符，已按身份证号记为{sex}")
    typed_born = values.get("birth_date")
    if typed_born and typed_born != born:
        warnings.append(f"出生日期一栏填的是 {typed_born:%Y-%m-%d}，与身份证号（{born:%Y-%m-%d}）不符，已按身份证号记")
    values["sex"], values["birth_date"] = sex, born
    size, household, per_capita = (values.get(k) for k in ("household_size", "household_income_fen",
                                                           "per_capita_income_fen"))
    if size and household is not None and per_capita is not None and abs(household / size - per_capita) > 100:
        warnings.append(f"人均月收入 {per_capita / 100:.2f} 元与家庭月收入÷家庭人口"
                        f"（{household / size / 100:.2f} 元）不符，请核对")
    return warnings


def read_register(
    path: str | Path,
    sheet: str | None = None,
    header: HeaderGuess | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RegisterRead:
    """Every row under the header, sorted into valid, rejected and skipped rows (see the module doc)."""
    wb = _open(path)
    try:
        if header is None:
            ws, header = _find_sheet(wb, sheet)
        else:
            ws = _find_sheet(wb, sheet)[0] if sheet is None else _sheet(wb, sheet)
        reading = _Reading(header)
        total = max(0, (ws.max_row or 0) - header.row)
        for done, (number, cells) in enumerate(_body(ws, header.row), start=1):
            if done % CHECK_EVERY == 0:
                if is_cancelled is not None and is_cancelled():
                    raise ReadCancelled("cancelled", "已停止读取，没有导入任何内容。")
                _report(progress, done, total)
            reading.take(number, cells)
        _report(progress, total, total, final=True)
    finally:
        wb.close()
    return RegisterRead(ws.title, header, reading.rows, reading.rejected, reading.skipped)


def _sheet(wb: LoadedWorkbook, sheet: str) -> Any:
    if sheet not in wb.sheetnames:
        raise ValidationFailed("register_sheet", f"文件中没有名为“{sheet}”的工作表。", {"sheet": sheet})
    return wb[sheet]


def _body(ws: Any, header_row: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    blank_run = 0
    for number, cells in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        blank_run = 0 if any(c is not None and c != "" for c in cells) else blank_run + 1
        if blank_run > MAX_BLANK_RUN:
            return
        yield number, cells


def _report(progress: Progress | None, done: int, total: int, final: bool = False) -> None:
    if progress is None:
        return
    step = max(CHECK_EVERY, total // 100)  # at most ~100 reports
    if final or done % step < CHECK_EVERY:
        progress(min(done, total) if total else done, max(total, done))


# --- the rejected rows, to fix and import again ---------------------------------------------------

def write_rejected(read: RegisterRead, out_path: str | Path) -> Path:
    """An .xlsx of the rejected rows: the original cells under the original header, then 原行号 and 原因.

    Text that Excel would take for a formula (= + - @) is stored as text, so opening the file never
    runs anything a register happened to contain; ID and card columns are formatted as text so the
    clerk's corrections keep every digit.
    """
    out = Path(out_path)
    wb = Workbook()
    ws = wb.active
    ws.title = "退回修改"
    width = max([len(read.header.titles), *(len(r.raw) for r in read.rejected), 1])
    titles = list(read.header.titles) + [""] * (width - len(read.header.titles))
    ws.append([*titles, "原行号", "原因"])
    text_columns = [c for c, k in read.header.mapping.items() if k in ("id_number", "bank_card", "phone")]
    for rejected in read.rejected:
        raw = list(rejected.raw) + [None] * (width - len(rejected.raw))
        ws.append([_safe(v) for v in raw] + [rejected.row, rejected.reason])
        for column in text_columns:
            ws.cell(ws.max_row, column).number_format = "@"
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # as text: openpyxl would otherwise write it as a formula
    ws.freeze_panes = "A2"
    ws.column_dimensions[ws.cell(1, width + 2).column_letter].width = 60
    wb.save(out)
    wb.close()
    return out


def _safe(value: Any) -> Any:
    """A cell as read, writable again: control characters Excel refuses are dropped."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, int | float | dt.date | dt.time | dt.timedelta):
        return value
    return shown(value)
