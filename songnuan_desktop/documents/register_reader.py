"""Reading a worker register (花名册) from Excel: the checking half of the import.

Real registers have title rows and merged cells above the header, header names that differ between
offices, IDs typed as numbers, full-width digits, "3人", "2000元", blank rows, a 合计 row and notes
under the table, the same person twice. `read_register` finds the header, cleans every row and sorts
it into valid rows (with warnings), rejected rows (with the reason, in Chinese) and skipped rows; it
never raises on a bad cell. Nothing here touches the database: a later step writes the valid rows.
`write_rejected` gives the clerk a workbook of the rejected rows to fix and import again.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import html
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections import deque
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache
from itertools import chain, compress, islice, repeat
from operator import eq, getitem, is_, is_not, itemgetter, ne
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import column_index_from_string
from python_calamine import CalamineWorkbook, SheetTypeEnum

from songnuan_desktop.documents.xlsx_stream import Column, SheetWriter
from songnuan_desktop.documents.register_columns import (
    CLEANERS,
    FAST,
    FAST_TAKEN,
    FIELDS,
    IGNORED,
    REQUIRED,
    field_of,
    header_key,
)
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.ids import sex_of
from songnuan_desktop.domain.parsing import Parsed, is_blank, shown

HEADER_SCAN_ROWS = 30
# A sheet formatted down to row 1,048,576 has no data after this many empty rows in a row.
MAX_BLANK_RUN = 2000
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
NOTE_WORDS = ("说明", "备注", "注:", "注：", "注意", "注1", "注2", "制表", "填表", "填报", "审核人", "负责人",
              "经办人", "联系人", "单位负责人", "单位(盖章)", "单位（盖章）", "(盖章)", "（盖章）", "盖章", "日期:",
              "日期：", "年月日")
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


@dataclass(frozen=True, slots=True)  # slots: 20,000 of them are held through an import
class RegisterRow:
    row: int
    values: dict[str, Any]
    warnings: list[str]
    raw: Sequence[Any] = ()  # the cells as read (the row's own tuple, not a copy), if the database refuses the row


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
    file_format: str = "xlsx"  # xlsx, xlsb, xls, ods or csv: what the file's first bytes said (.et is one of them)
    encoding: str = ""  # a CSV file's text encoding as found (UTF-8, UTF-8（带BOM）, GBK, GB18030, UTF-16)

    def described(self) -> str:
        """The file as read, in words for the import's summary: "GBK 编码的 CSV 文本"."""
        name = FORMAT_NAMES.get(self.file_format, self.file_format)
        return f"{self.encoding} 编码的{name}" if self.encoding else name


class ReadCancelled(DomainError):
    """The clerk stopped the reading; nothing was imported."""


# --- opening: one reader for every format -----------------------------------------------------------
#
# .xlsx/.xlsm/.xlsb, .xls (BIFF8, as Excel 2003 and WPS write it), .ods and WPS .et (an .et file is an .xls
# or an .xlsx inside) are read by python-calamine (Rust): 12× faster than openpyxl read-only on the
# benchmark register, and one code path for all of them. The format is told by the file's first bytes,
# never by its name. openpyxl only writes (write_rejected). .csv/.txt are read here: UTF-8 with or without
# BOM, UTF-16 with BOM, else GB18030 (GBK and GB2312 are subsets), strictly — never a guess that turns
# characters into others; the encoding is named in RegisterRead.encoding and in the import's summary.

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
# The names python-calamine's from_path reads as the format the file's bytes are (it goes by the name).
CALAMINE_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "xls": (".xls",), "ods": (".ods",)}
FORMAT_NAMES = {"xlsx": "Excel 工作簿（.xlsx）", "xlsb": "Excel 二进制工作簿（.xlsb）",
                "xls": "Excel 97-2003 工作簿（.xls）",
                "ods": "OpenDocument 表格（.ods）", "csv": "CSV 文本"}
_UNREADABLE = ("无法打开“{name}”：{why}。能导入的格式：Excel 的 .xlsx 和 .xls、WPS 表格的 .et、.ods、.csv；"
               "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。")


_EMPTY_AS_NONE: dict[Any, None] = {"": None}  # an empty cell as read (every cell value is hashable)


def _nones(values: list[Any]) -> tuple[Any, ...]:
    """A row (or a column) as python-calamine reads it, in a list of its own, every empty cell ("") as None. Found
    by list.index, which compares: a lookup in _EMPTY_AS_NONE hashes every cell, and the 600-character 困难情况
    of a register had never been hashed (a tenth of the reading of the 17-column register)."""
    empty = values.count("")
    if empty == len(values):
        return (None,) * empty
    at = 0
    for _ in range(empty):
        at = values.index("", at)
        values[at] = None
    return tuple(values)


class _Block:
    """Rows of a sheet read together, the first numbered `first`: iterated, (number, cells) pairs as iter_rows
    gives the cells. `columns` holds the same cells a tuple per column when the rows are all one width (else
    None), and `rows` is made of them only when asked: the people of a block are checked a column at a time, and
    a tuple of each row was made, counted for blanks, looked at and taken apart again (issue 15 item 6)."""

    __slots__ = ("_rows", "columns", "count", "first", "full")

    def __init__(self, first: int, count: int, columns: list[tuple[Any, ...]] | None,
                 rows: list[tuple[Any, ...]] | None = None, full: bool = False) -> None:
        self.first, self.count, self.columns, self._rows = first, count, columns, rows
        self.full = full  # a column without an empty cell: no row of the block is blank

    @classmethod
    def of_rows(cls, first: int, rows: list[tuple[Any, ...]]) -> _Block:
        widths = set(map(len, rows))
        return cls(first, len(rows), list(zip(*rows, strict=True)) if len(widths) == 1 and widths.pop() else None,
                   rows)

    @classmethod
    def of_values(cls, first: int, chunk: list[list[Any]], pad: int) -> _Block:
        """Rows as python-calamine reads them (lists of their own, "" for an empty cell) after `pad` empty columns,
        their empty cells found a column at a time."""
        widths = set(map(len, chunk))
        if len(widths) != 1 or not widths.pop():
            padding = (None,) * pad
            return cls.of_rows(first, [padding + _nones(values) for values in chunk])
        columns = [(None,) * len(chunk)] * pad + list(zip(*chunk, strict=True))
        full = False
        for at in range(pad, len(columns)):
            if "" in columns[at]:
                columns[at] = _nones(list(columns[at]))
            else:
                full = True
        return cls(first, len(chunk), columns, full=full)

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            self._rows = list(zip(*self.columns or (), strict=True))
        return self._rows

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        return zip(range(self.first, self.first + self.count), self.rows, strict=True)

    def head(self, count: int) -> _Block:
        return _Block.of_rows(self.first, self.rows[:count])


class _Sheet:
    """One sheet of a register file, as rows of cell values (None for an empty cell), numbered from 1."""

    def __init__(self, title: str, rows: int, source: Callable[[], Iterator[list[Any]]], first: tuple[int, int],
                 errors: dict[tuple[int, int], str] | None = None) -> None:
        self.title, self.max_row = title, rows
        self._source, self._first = source, first
        self._errors: dict[int, list[tuple[int, str]]] = {}  # row → (column, error text), for _with_errors
        for (row, column), text in (errors or {}).items():
            self._errors.setdefault(row, []).append((column, text))

    def iter_rows(self, min_row: int = 1, max_row: int | None = None) -> Iterator[tuple[Any, ...]]:
        first_row, first_column = self._first
        pad = (None,) * first_column
        last = self.max_row if max_row is None else min(max_row, self.max_row)
        for _ in range(min_row, min(first_row, last + 1)):
            yield ()
        number = first_row
        for values in self._source():
            if number > last:
                return
            if number >= min_row:
                cells = pad + tuple(map(_EMPTY_AS_NONE.get, values, values))  # "" → None, in C
                if self._errors:
                    cells = self._with_errors(number, cells)
                yield cells
            number += 1

    def blocks(self, min_row: int, size: int) -> Iterator[_Block]:
        """iter_rows(min_row=min_row), `size` rows at a time: the reader's body, each block's cells converted a
        column at a time rather than one generator step each (issue 15 item 6)."""
        first_row, first_column = self._first
        number = min_row
        if min_row < first_row or self._errors:  # rows above the data, or Excel error cells to put back
            rows = self.iter_rows(min_row=min_row)
            while block := list(islice(rows, size)):
                yield _Block.of_rows(number, block)
                number += len(block)
            return
        source = islice(self._source(), min_row - first_row, max(0, self.max_row - first_row + 1))
        while chunk := list(islice(source, size)):
            yield _Block.of_values(number, chunk, first_column)
            number += len(chunk)

    def _with_errors(self, number: int, cells: tuple[Any, ...]) -> tuple[Any, ...]:
        found = self._errors.get(number)
        if not found:
            return cells
        out = list(cells) + [None] * (max(c for c, _ in found) - len(cells))
        for column, text in found:
            out[column - 1] = text
        return tuple(out)


class _Book:
    """An open register file of any format: `sheetnames`, `worksheets`, `book[name]`, like openpyxl's."""

    def __init__(self, path: Path, file_format: str, sheets: list[_Sheet], encoding: str = "") -> None:
        self.path, self.file_format, self.encoding = path, file_format, encoding
        self._sheets = {s.title: s for s in sheets}

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    @property
    def worksheets(self) -> list[_Sheet]:
        return list(self._sheets.values())

    def __getitem__(self, name: str) -> _Sheet:
        return self._sheets[name]

    def close(self) -> None:
        self._sheets.clear()


def _open(path: str | Path) -> _Book:
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError as exc:
        raise ValidationFailed("register_file", f"找不到文件“{path.name}”。", {"path": str(path)}) from exc
    except OSError as exc:
        raise _unreadable(path, f"读取文件出错（{exc.strerror or exc}）") from exc
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return _open_spreadsheet(path, head)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _open_text(path)
    raise _unreadable(path, "不是表格文件（文件开头既不是 Excel/WPS/ODS 工作簿，也不是 .csv 文本）")


def _unreadable(path: Path, why: str) -> ValidationFailed:
    return ValidationFailed("register_file", _UNREADABLE.format(name=path.name, why=why), {"path": str(path)})


def _open_spreadsheet(path: Path, head: bytes) -> _Book:
    file_format = "xls"
    errors: dict[str, dict[tuple[int, int], str]] = {}
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "xl/workbook.bin" in names:
                    file_format = "xlsb"
                elif "xl/workbook.xml" in names:
                    file_format = "xlsx"
                    errors = _xlsx_errors(archive)
                elif "content.xml" in names:
                    file_format = "ods"
                else:
                    raise _unreadable(path, "是压缩文件，但不是 Excel 或 ODS 工作簿")
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise _unreadable(path, "文件已损坏（压缩包不完整）") from exc
    try:
        if path.suffix.lower() in CALAMINE_SUFFIXES[file_format]:  # the name agrees with the bytes
            book = CalamineWorkbook.from_path(path)  # 15 of python-calamine's 145 ms less than from a file object
        else:
            with path.open("rb") as f:  # from the bytes, not the name: an .xlsx saved as .xls, an .xls named .et
                book = CalamineWorkbook.from_filelike(f)
        kept = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        return _Book(path, file_format, [_calamine_sheet(book, name, errors.get(name)) for name in kept])
    except ValidationFailed:
        raise
    except Exception as exc:
        why = "文件已损坏、设了打开密码，或是本程序不认识的旧格式（如 Excel 5.0 以前、WPS 私有格式）"
        raise _unreadable(path, why) from exc


def _calamine_sheet(book: CalamineWorkbook, name: str, errors: dict[tuple[int, int], str] | None) -> _Sheet:
    sheet = book.get_sheet_by_name(name)
    start, end = sheet.start, sheet.end
    if start is None or end is None:
        return _Sheet(name, 0, lambda: iter(()), (1, 0))
    return _Sheet(name, end[0] + 1, sheet.iter_rows, (start[0] + 1, start[1]), errors)


_XLSX_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?t="e"[^>]*>(?:<f[^>]*?(?:/>|>.*?</f>))?<v>([^<]*)</v>')


def _xlsx_errors(archive: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], str]]:
    """Cells holding an Excel error (#N/A, #REF! …), per sheet: python-calamine reads them as empty, and an
    error where a bank card should be must be refused with its reason, never imported as a blank."""
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"',
                                                           rels)}
    targets.update({m.group(2): m.group(1) for m in re.finditer(
        r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    found: dict[str, dict[tuple[int, int], str]] = {}
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    for match in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', match.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        target = targets.get(rid or "")
        if target is None or "name" not in attrs:
            continue
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        try:
            if not _has_error_cell(archive, member):
                continue
            data = archive.read(member)
        except KeyError:
            continue
        cells = {(int(row), column_index_from_string(col.decode())): html.unescape(value.decode("utf-8"))
                 for col, row, value in _XLSX_ERROR_CELL.findall(data)}
        if cells:
            found[html.unescape(attrs["name"])] = cells
    return found


def _has_error_cell(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet's XML has a t="e" cell, read a piece at a time: a 20,000-row sheet is 30 MB of XML, and
    reading it whole held 78 MB at once (issue 15 item 6: the import's peak memory). A deflated member is
    inflated here straight from the file: zipfile's reader also computes its CRC, a quarter of this scan's
    time, and python-calamine has read (and checked) the same member.

    An error cell's value is an error's text, which begins with "#" (#N/A, #REF!, …: python-calamine refuses a
    file with any other, "Unsupported cell error value"), and comes after its t="e" in the same cell, at most a
    formula away. So t="e" is looked for only from _ERROR_REACH bytes before the sheet's first "#" on: a "#" is
    found as one byte (memchr), while t="e" is searched among the XML's own characters one at a time (5 of the
    14 ms of this scan on the benchmark register, which like most registers holds no "#")."""
    mark, chunks = b't="e"', _inflated(archive, member)
    before: deque[bytes] = deque()  # the XML before the first "#", at least _ERROR_REACH bytes of it
    held = 0
    for first in chunks:
        if b"#" in first:
            tail = b"".join(before)
            break
        before.append(first)
        held += len(first)
        while held - len(before[0]) >= _ERROR_REACH:
            held -= len(before.popleft())
    else:
        return False
    for chunk in chain((first,), chunks):
        if mark in tail + chunk[:len(mark)] or mark in chunk:
            return True
        tail = chunk[-len(mark):]
    return False


# How far an error cell's t="e" can be from its value's "#": the rest of its tag, and a formula (Excel's longest
# is 8,192 characters, at most 6 bytes each written as XML: &quot;), with room to spare.
_ERROR_REACH = 1 << 20


def _inflated(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    info = archive.getinfo(member)
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1 or not archive.filename:
        with archive.open(member) as xml:
            while chunk := xml.read(1 << 20):
                yield chunk
        return
    with open(archive.filename, "rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
        if head[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"no local header for {member}")
        f.seek(info.header_offset + 30 + int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little"))
        inflate, left = zlib.decompressobj(-zlib.MAX_WBITS), info.compress_size
        while left > 0 and (data := f.read(min(left, 1 << 16))):
            left -= len(data)
            yield inflate.decompress(data)
        yield inflate.flush()


def _open_text(path: Path) -> _Book:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, f"读取文件出错（{exc.strerror or exc}）") from exc
    text, encoding = _decoded(data)
    if text is None:
        raise _unreadable(path, "文字编码认不出（不是 UTF-8，也不是 GBK/GB18030）")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows = [[None if not c.strip() else c for c in line] for line in csv.reader(io.StringIO(text, newline=""),
                                                                                 dialect)]
    sheet = _Sheet(path.stem, len(rows), lambda: iter(rows), (1, 0))
    return _Book(path, "csv", [sheet], encoding)


def _decoded(data: bytes) -> tuple[str | None, str]:
    """The text of a CSV file and its encoding's name; (None, "") when it is none of those tried, strictly."""
    for bom, codec, name in ((codecs.BOM_UTF8, "utf-8", "UTF-8（带BOM）"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")):
        if data.startswith(bom):
            return (data[len(bom):].decode(codec), name) if _is(data[len(bom):], codec) else (None, "")
    for codec, name in (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030")):
        if _is(data, codec):
            return data.decode(codec), name
    return None, ""


def _is(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def list_sheets(path: str | Path) -> list[SheetInfo]:
    wb = _open(path)
    try:
        return [SheetInfo(ws.title, ws.max_row) for ws in wb.worksheets]
    finally:
        wb.close()


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
        cells = next(_sheet(wb, sheet).iter_rows(min_row=row, max_row=row), ())
        return _header_of(row, tuple(cells))
    finally:
        wb.close()


def peek(path: str | Path, sheet: str, rows: int = HEADER_SCAN_ROWS) -> list[list[str]]:
    """The top of a sheet as text, for the clerk to see where the header is."""
    wb = _open(path)
    try:
        return [["" if c is None else shown(c) for c in cells]
                for cells in _sheet(wb, sheet).iter_rows(max_row=rows)]
    finally:
        wb.close()


def _guess(rows: Iterable[tuple[Any, ...]]) -> HeaderGuess | None:
    best: HeaderGuess | None = None
    for number, cells in enumerate(rows, start=1):
        if best is not None and not _may_name_more(cells, len(best.mapping)):
            continue
        guess = _header_of(number, cells)
        if all(k in guess.mapping.values() for k in REQUIRED) and (
                best is None or len(guess.mapping) > len(best.mapping)):
            best = guess
    return best


def _may_name_more(cells: tuple[Any, ...], count: int) -> bool:
    """Whether the row can name more than `count` known columns, as `_header_of` counts them: its cells are read
    only until too few filled ones are left. The rows under a header name none from their first cell (序号) on,
    and are not read through: field_of normalises a cell (NFKC) before it looks it up, and the 600-character
    困难情况 of the 28 rows under the header of the 17-column register took 3 ms."""
    left = sum(not is_blank(cell) for cell in cells)
    named: set[str] = set()
    for cell in cells:
        if is_blank(cell):
            continue
        if len(named) + left <= count:
            return False
        left -= 1
        key = field_of(cell)
        if key is not None:
            named.add(key)
    return len(named) > count


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


def _find_sheet(wb: _Book, sheet: str | None) -> tuple[Any, HeaderGuess]:
    if sheet is not None and sheet not in wb.sheetnames:
        raise ValidationFailed("register_sheet", f"文件中没有名为“{sheet}”的工作表。", {"sheet": sheet})
    candidates = [wb[sheet]] if sheet is not None else list(wb.worksheets)
    for ws in candidates:
        guess = _guess(ws.iter_rows(max_row=HEADER_SCAN_ROWS))
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
    """Why a row under the header is not a person's row, or None if it is one (or a repeated header:
    `_repeated_header`, asked only of a row that is not a valid person's)."""
    at, first = next(((i, v) for i, v in enumerate(cells) if not _blank(v)), (-1, None))
    if first is None:
        return "空行"
    for i in range(at, len(cells)):
        value = cells[i]
        if isinstance(value, str) and "计" in value and _squeezed(value).startswith(TOTAL_WORDS):
            # A 合计 row says so first, or has no ID: a person whose 备注 begins 共计… is a person's row.
            if i == at or _id_column_blank(cells, header):
                return "合计行"
    if isinstance(first, str) and _squeezed(first).startswith(NOTE_WORDS):
        return "表格下方的说明或签字栏"
    width = len(cells)
    if not any(c <= width and not _blank(cells[c - 1]) for c in header.mapping):
        return "只有序号或表外内容，没有要导入的项"
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _repeated_header(cells: tuple[Any, ...], header: HeaderGuess) -> bool:
    """The header row again (a register pasted together from several sheets): its required columns hold
    their own titles. Never a valid person's row (身份证号 is no ID), so only refused rows are asked."""
    by_key = {key: cells[c - 1] for c, key in header.mapping.items() if key in REQUIRED and c <= len(cells)}
    return all(isinstance(by_key.get(k), str) and field_of(by_key[k]) == k for k in REQUIRED)


def _id_column_blank(cells: tuple[Any, ...], header: HeaderGuess) -> bool:
    column = next((c for c, key in header.mapping.items() if key == "id_number"), 0)
    return not 0 < column <= len(cells) or is_blank(cells[column - 1])


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
    plan: _Plan | None = None  # the columns to clean, with the memo of each (see UNCACHED)
    memos: dict[tuple[str, type | None], _Memo] = field(default_factory=dict)  # _columns' memo of each column

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
        self._one(number, cells)

    def _one(self, number: int, cells: tuple[Any, ...]) -> None:
        try:
            self._person(number, cells)
        except Exception as exc:  # noqa: BLE001 - one odd row must never stop the whole reading
            self.rejected.append(RejectedRow(number, f"这一行无法读取（{type(exc).__name__}）：请检查各栏内容后重填",
                                             list(cells)))

    def take_many(self, block: _Block) -> None:
        """`take` of each row in turn, with the same outcome, the plain people among them cleaned a column at
        a time (`_people`): rows that are plainly a person's (`_plainly_a_person`) are gathered, and any other
        row first sends those gathered before it, then is taken alone."""
        if self.plan is None:
            self.plan = _plan(self.header.mapping)
        id_index = next((c - 1 for c, key in self.header.mapping.items() if key == "id_number"), -1)
        if not block.count:
            return
        if _all_people(block, id_index):  # the usual block: every row a person's, told by its columns
            if self.blanks:
                self.skipped.extend((n, "空行") for n in self.blanks)
                self.blanks.clear()
            self._people(block)
            return
        plain = [_plainly_a_person(cells, id_index) for cells in block.rows]
        run: list[tuple[Any, ...]] = []
        for (number, cells), person in zip(block, plain, strict=True):
            if person:
                if self.blanks:
                    self.skipped.extend((n, "空行") for n in self.blanks)
                    self.blanks.clear()
                run.append(cells)
                continue
            if run:
                self._people(_Block.of_rows(number - len(run), run))
                run = []
            self.take(number, cells)
        if run:
            self._people(_Block.of_rows(block.first + block.count - len(run), run))

    def _people(self, block: _Block) -> None:
        """Rows known to be people's, in order, as `_one` of each would sort them, checked a column at a time:
        each column's memo looked up, or its cells given to FAST_TAKEN, at once. Warnings (a cell's, and a
        typed sex, birth date or per-capita income that disagrees) are worded as `_cleaned` words them. A row
        with a reason in any cell (or a value the column pass does not take), or whose ID came before, is given
        to `_one` (its cells as `_columns` gives them: the memo's equal cells); so is the whole block, as read, if
        its rows differ in width or the column pass meets anything unexpected
        (tests/documents/test_register_columnwise.py: the same outcome as row by row)."""
        plan = self.plan
        assert plan is not None
        try:
            found = _columns(block, plan, self.memos)
        except Exception:  # noqa: BLE001 - the row-by-row path decides, and names the row that fails
            found = None
        if found is None:
            for number, cells in block:
                self._one(number, cells)
            return
        keys, values, rows, warned, slow, filled = found
        ids = values[keys.index("id_number")]
        count = block.count
        numbers = list(range(block.first, block.first + count))  # one int per row, kept by first_row_of and the row
        dicts = _dicts(keys, values, [i for i in range(count) if i not in slow] if slow else range(count), filled)
        start = taken = 0
        for stop in [*sorted(slow), count]:  # the plain rows between the rows _cleaned reads, then that row
            if start < stop:
                self._plain(numbers[start:stop], ids[start:stop], rows[start:stop], dicts[taken:taken + stop - start],
                            [warned.get(i) or [] for i in range(start, stop)])
                taken += stop - start
            if stop < count:
                self._one(numbers[stop], rows[stop])
            start = stop + 1

    def _plain(self, numbers: list[int], ids: list[str], rows: list[tuple[Any, ...]], dicts: list[dict[str, Any]],
               warnings: list[list[str]]) -> None:
        """Rows valid as they are, unless an ID came before (then `_one` rejects the row, in its words)."""
        first_row_of = self.first_row_of
        if len(set(ids)) == len(ids) and first_row_of.keys().isdisjoint(ids):
            first_row_of.update(zip(ids, numbers, strict=True))
            self.rows.extend(_register_rows(numbers, dicts, warnings, rows))
            return
        # In order, as _person would: a row whose ID came before is rejected by _one; the others go in whole.
        again = {i for i, (number_id, number) in enumerate(zip(ids, numbers, strict=True))
                 if first_row_of.setdefault(number_id, number) != number}
        kept = [i for i in range(len(numbers)) if i not in again]
        self.rows.extend(_register_rows(*([column[i] for i in kept] for column in (numbers, dicts, warnings, rows))))
        for i in sorted(again):
            self._one(numbers[i], rows[i])

    def _person(self, number: int, cells: tuple[Any, ...]) -> None:
        if self.plan is None:
            self.plan = _plan(self.header.mapping)
        values, problems, warnings, cells = _cleaned(cells, self.header.mapping, self.plan)
        number_id = values.get("id_number")
        if isinstance(number_id, str):
            first = self.first_row_of.setdefault(number_id, number)
            if first != number:
                problems.insert(0, f"与第{first}行是同一人（身份证号 {number_id} 相同）："
                                   "请删去重复的一行，或核对身份证号")
        if problems and _repeated_header(cells, self.header):
            self.skipped.append((number, "重复的表头行"))
        elif problems:
            self.rejected.append(RejectedRow(number, "；".join(problems), list(cells)))
        else:
            self.rows.append(RegisterRow(number, values, warnings, cells))


# Columns whose cells repeat down a register (民族, 单位, 类别, 开户行, 致困原因…): each distinct cell is
# cleaned once per reading. A cleaner is a pure function of its cell, and `Parsed` is frozen; its
# value is copied into the row. Columns of one person's own (name, ID, card, phone) are not kept.
# The row keeps the first such cell read, not its own equal copy: python-calamine makes a new object
# of every cell, and 20,000 rows of "汉族", "农业银行" … held 11 MB twice over (issue 15 item 6).
UNCACHED = frozenset({"name", "id_number", "bank_card", "phone", "address", "situation", "note"})


_Plan = list[tuple[int, str, Callable[[Any], Parsed[Any]], dict[tuple[type, Any], tuple[Parsed[Any], Any]] | None,
                   Callable[[Any], Any] | None]]


def _plan(mapping: dict[int, str]) -> _Plan:
    """Per mapped column: its index, key, cleaner, the memo of its cells (None: not kept, see UNCACHED) and
    the value of a well-formed cell at once (register_columns.FAST), if the column has one."""
    return [(column - 1, key, CLEANERS[key], None if key in UNCACHED else {}, FAST.get(key))
            for column, key in mapping.items()]


def _cleaned(cells: tuple[Any, ...], mapping: dict[int, str], plan: _Plan | None = None,
             ) -> tuple[dict[str, Any], list[str], list[str], tuple[Any, ...]]:
    """The row's values, problems and warnings, and its cells (with the memo's equal cells, see UNCACHED)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    warnings: list[str] = []
    width = len(cells)
    shared: list[Any] | None = None
    for index, key, clean, known, fast in plan if plan is not None else _plan(mapping):
        cell = cells[index] if index < width else None
        if known is not None:
            memo = (type(cell), cell)  # 1, 1.0 and True are equal keys of a dict: the type keeps them apart
            entry = known.get(memo)
            if entry is None:
                entry = known[memo] = (clean(cell), cell)
            elif entry[1] is not cell:
                shared = shared or list(cells)
                shared[index] = entry[1]
            parsed = entry[0]
        elif fast is not None and (value := fast(cell)) is not None:
            values[key] = value
            continue
        else:
            parsed = clean(cell)
        value, reason, warning = parsed.value, parsed.reason, parsed.warning
        if reason:
            problems.append(reason)
        if warning:
            warnings.append(warning)
        if value is None:
            continue
        if value.__class__ is dict:
            values.update(value)
        else:
            values[key] = value
    for key in REQUIRED:
        if key not in values and not any(p.startswith(FIELDS[key].label) for p in problems):
            problems.append(f"{FIELDS[key].label}为空：请填写户主的{FIELDS[key].label}")
    if isinstance(values.get("id_number"), str):
        warnings.extend(_derive_from_id(values))
    return values, problems, warnings, cells if shared is None else tuple(shared)


_ROW_FIELDS = [getattr(RegisterRow, f.name).__set__ for f in fields(RegisterRow)]  # the slots, in __init__'s order


def _register_rows(*columns: Sequence[Any]) -> list[RegisterRow]:
    """[RegisterRow(*args) for args in zip(*columns)], its slots set a field at a time: the frozen dataclass's
    __init__ sets each field through object.__setattr__, a tenth of the reader's own time (RegisterRow has no
    __post_init__; tests/documents/test_register_columnwise.py checks the two are equal)."""
    rows = list(map(object.__new__, repeat(RegisterRow, len(columns[0]))))
    for put, column in zip(_ROW_FIELDS, columns, strict=True):
        deque(map(put, rows, column), maxlen=0)
    return rows


def _plainly_a_person(cells: tuple[Any, ...], id_index: int) -> bool:
    """A row `_skip_reason` would find a person's, told cheaply: its ID column is filled, so it is neither
    blank nor 只有序号, and neither a 合计 row nor a note unless its first cell says so — and its first cell is
    filled and not text, or text that is neither. Any other row is left to `_skip_reason`."""
    if not 0 <= id_index < len(cells):
        return False
    number, first = cells[id_index], cells[0]
    if number is None or first is None or (number.__class__ is str and not number.strip()):
        return False
    if first.__class__ is not str:
        return True
    return "计" not in first and bool(first.strip()) and not _squeezed(first).startswith(NOTE_WORDS)


def _all_people(block: _Block, id_index: int) -> bool:
    """Whether `_plainly_a_person` holds for every row of `block`, told from its columns where that is quick: every
    ID cell filled and no text of spaces, every first cell filled and not text. False otherwise: then each row
    is asked."""
    columns = block.columns
    if columns is None or not 0 <= id_index < len(columns):
        return False
    numbers, firsts = columns[id_index], columns[0]
    if None in numbers or None in firsts or str in set(map(type, firsts)):
        return False
    kinds = set(map(type, numbers))
    return str not in kinds or (kinds == _STR and not any(map(str.isspace, numbers)))


_STR = {str}
_SEX_OF_DIGIT = {d: sex_of("0" * 16 + d) for d in "0123456789"}
_BLANK_PARSED = {key: clean(None) for key, clean in CLEANERS.items()}  # a cleaner is a pure function of its cell
_BLANK_IS_NOTHING = {key: parsed == Parsed() for key, parsed in _BLANK_PARSED.items()}  # no value, reason, warning
_NUMERIC = frozenset({int, float, bool, Decimal})  # the cell types whose values can equal another type's


class _Memo:
    """What `_columns` knows of each distinct cell of one column, by the cell (or by (type, cell)): a cleaner is
    a pure function of its cell. `shared` is the first equal cell read, which every row keeps (see UNCACHED);
    `refused` the cells `_cleaned` must read (a reason, or a value `_columns` does not take); `parts` the
    fields of a cleaner that gives several (致困原因: causes, cause_text), each by cell."""

    __slots__ = ("as_read", "nothing", "parts", "refused", "shared", "value", "warning")

    def __init__(self) -> None:
        self.as_read = True  # every value taken is its cell itself (民族, 单位, 开户行 as written): no lookup
        self.shared: dict[Any, Any] = {}
        self.value: dict[Any, Any] = {}
        self.warning: dict[Any, str] = {}
        self.refused: set[Any] = set()
        self.nothing: set[Any] = set()  # the cells whose value is None
        self.parts: dict[str, dict[Any, Any]] | None = None

    def learn(self, key: Any, cell: Any, parsed: Parsed[Any]) -> None:
        self.shared[key] = cell
        value = self.value[key] = parsed.value
        if value is None:
            self.nothing.add(key)
        if parsed.reason:
            self.refused.add(key)
            return
        self.as_read = self.as_read and value is cell
        if value.__class__ is dict:
            if self.parts is None and not any(v is not None for v in self.value.values() if v.__class__ is not dict):
                self.parts = {sub: {} for sub in value}
            if self.parts is None or tuple(value) != tuple(self.parts):
                self.refused.add(key)
                return
            for sub, part in self.parts.items():
                part[key] = value[sub]
        elif value is not None and self.parts is not None:
            self.refused.add(key)
            return
        if parsed.warning:
            self.warning[key] = parsed.warning
_Columns = tuple[list[str], list[list[Any]], list[tuple[Any, ...]], dict[int, list[str]], set[int], set[str]]


def _refused(parsed: Parsed[Any]) -> bool:
    """Whether `_cleaned` has more to do with this cell than take its value and warning: a reason, a dict."""
    return bool(parsed.reason) or parsed.value.__class__ is dict


def _columns(block: _Block, plan: _Plan, memos: dict[tuple[str, type | None], _Memo]) -> _Columns | None:
    """The people of `block` cleaned column by column: (keys, a column of values per key, every row's cells with
    the memo's equal cells, the warnings of each row that has any, in `_cleaned`'s order, the positions in
    `block` of rows `_cleaned` must read, the keys whose column is known to hold no None). None when the rows
    differ in width (a CSV), or do not reach a mapped column."""
    if block.columns is None or max(index for index, *_ in plan) >= len(block.columns):
        return None
    columns = list(block.columns)
    count = block.count
    slow: set[int] = set()
    warned: dict[int, list[str]] = {}
    keys: list[str] = []
    values: list[list[Any]] = []
    filled: set[str] = set()  # the keys whose column has no None (those not here may have)
    for index, key, clean, known, _fast in plan:
        cells = columns[index]
        if known is None:
            found, whole = FAST_TAKEN[key](cells)  # each the cell itself or None: a filled cell not taken is cleaned
            keys.append(key)
            values.append(found)
            if whole:  # every cell filled and taken as it is
                filled.add(key)
                continue
            for i in compress(range(count), map(is_not, found, cells) if _BLANK_IS_NOTHING[key]
                              else map(is_, found, repeat(None))):
                cell = cells[i]
                parsed = _BLANK_PARSED[key] if cell is None else clean(cell)
                if _refused(parsed):
                    slow.add(i)
                    continue
                found[i] = parsed.value
                if parsed.warning:
                    warned.setdefault(i, []).append(parsed.warning)
            if None not in found:
                filled.add(key)
            continue
        distinct = set(cells)  # 1, 1.0 and True are one element: the cells' types are looked at if one is a number
        numeric = _NUMERIC.intersection(map(type, cells)) if not _NUMERIC.isdisjoint(map(type, distinct)) else ()
        if len(numeric) > 1:  # (type, cell) pairs keep them apart, as in _cleaned's memo
            memo, cells_keys = _memo_of(memos, (key, None)), list(zip(map(type, cells), cells, strict=True))
            distinct = set(cells_keys)
        else:  # the cell is its own key (a memo per numeric type: 2 read before 2.0 must not answer for it)
            memo, cells_keys = _memo_of(memos, (key, next(iter(numeric), str))), cells
        for new in distinct.difference(memo.shared):
            cell = new[1] if cells_keys is not cells else new
            memo.learn(new, cell, known.get((type(cell), cell), (None,))[0] or clean(cell))
        columns[index] = _each(memo.shared, cells_keys)
        if memo.parts is None:
            keys.append(key)
            values.append(list(columns[index] if memo.as_read else _each(memo.value, cells_keys)))
            if memo.nothing.isdisjoint(distinct):
                filled.add(key)
        else:  # 致困原因 → causes and cause_text, as columns of their own, in the order _cleaned gives them
            keys.extend(memo.parts)
            for sub, part in memo.parts.items():
                if part.keys() >= distinct:  # every cell has the part
                    values.append(list(_each(part, cells_keys)))
                    if None not in map(part.__getitem__, distinct):
                        filled.add(sub)
                else:
                    values.append(list(map(part.get, cells_keys)))
        if memo.refused and not memo.refused.isdisjoint(distinct):
            slow.update(compress(range(count), map(memo.refused.__contains__, cells_keys)))
        if memo.warning and not memo.warning.keys().isdisjoint(distinct):
            for i in compress(range(count), map(memo.warning.__contains__, cells_keys)):
                warned.setdefault(i, []).append(memo.warning[cells_keys[i]])
    for key in REQUIRED:  # a row without a name or an ID is refused by _cleaned, in its words
        if key not in filled:
            slow.update(compress(range(count), map(is_, values[keys.index(key)], repeat(None))))
    _derived(keys, values, warned, filled)
    return keys, values, list(zip(*columns, strict=True)), warned, slow, filled


def _each(mapping: dict[Any, Any], keys: Sequence[Any]) -> tuple[Any, ...]:
    """tuple(map(mapping.__getitem__, keys)) for one or more keys, by an itemgetter: twice as fast on a column of
    200 cells, without a call per cell."""
    return itemgetter(*keys)(mapping) if len(keys) > 1 else (mapping[keys[0]],)


def _memo_of(memos: dict[tuple[str, type | None], _Memo], key: tuple[str, type | None]) -> _Memo:
    """The column's memo, made on first use (setdefault(key, _Memo()) made one to throw away per column and block)."""
    memo = memos.get(key)
    if memo is None:
        memo = memos[key] = _Memo()
    return memo


@lru_cache(maxsize=64)
def _dict_of(keys: tuple[str, ...]) -> Callable[..., dict[str, Any]]:
    """`lambda v0, v1, …: {keys[0]: v0, keys[1]: v1, …}`: a dict display of constant keys is built at its full
    size in one step, a third faster than dict(zip(keys, row)) (the rows' dicts were a fifth of the reader's
    own time). The keys are register_columns' field keys, written into the source with repr."""
    names = [f"v{i}" for i in range(len(keys))]
    pairs = ", ".join(f"{key!r}: {name}" for key, name in zip(keys, names, strict=True))
    return eval(f"lambda {', '.join(names)}: {{{pairs}}}")  # type: ignore[no-any-return]


def _dicts(keys: list[str], values: list[list[Any]], rows: Sequence[int], filled: set[str]) -> list[dict[str, Any]]:
    """The values dict of each of `rows` (positions in the columns `values`), without the None ones, as
    `_cleaned` gives them (the same items; a column filled in every row comes first). Built in C for the
    columns filled in every row, then the others cell by cell. The columns of `filled` keys hold no None
    (`_columns` knows it from the memo's values or a search in C): only the others are looked through."""
    if len(rows) != len(values[0]):
        pick = itemgetter(*rows) if len(rows) > 1 else lambda column: tuple(column[i] for i in rows)
        values = [list(pick(column)) for column in values]
    full = [i for i, column in enumerate(values) if keys[i] in filled or not any(map(is_, column, repeat(None)))]
    dicts = list(map(_dict_of(tuple(keys[i] for i in full)), *(values[i] for i in full))) if full else [
        {} for _ in rows]
    for i in sorted(set(range(len(keys))).difference(full)):
        key, column = keys[i], values[i]
        if not all(map(is_, column, repeat(None))):
            for values_of, value in zip(dicts, column, strict=True):
                if value is not None:
                    values_of[key] = value
    return dicts


def _derived(keys: list[str], values: list[list[Any]], warned: dict[int, list[str]], filled: set[str]) -> None:
    """`_derive_from_id` over the columns: sex and birth date from the ID (a checked number, or None in a row
    `_cleaned` reads), and the warnings of a typed sex or birth date that differs and of a per-capita income
    that disagrees with the household's, in its words and order. `filled` is kept true of the two."""
    ids = values[keys.index("id_number")]
    if "id_number" in filled:
        filled.update(("sex", "birth_date"))
    else:
        filled.difference_update(("sex", "birth_date"))
    if "id_number" not in filled and any(map(is_, ids, repeat(None))):
        sexes = [None if n is None else _SEX_OF_DIGIT[n[16]] for n in ids]
        born = [None if n is None else dt.date.fromisoformat(n[6:14]) for n in ids]
    else:
        joined = "".join(ids)  # checked numbers, of 18 characters each: the 17th is the sex digit
        sexes = list(_each(_SEX_OF_DIGIT, joined[16::18]) if len(joined) == 18 * len(ids) else
                     map(_SEX_OF_DIGIT.__getitem__, map(getitem, ids, repeat(16))))
        born = list(map(dt.date.fromisoformat, map(getitem, ids, repeat(slice(6, 14)))))
    for key, derived, words in (("sex", sexes, _sex_warning), ("birth_date", born, _born_warning)):
        if key in keys:
            typed = values[keys.index(key)]
            for i in compress(range(len(ids)), map(ne, typed, derived)):
                if typed[i] and derived[i] is not None:
                    warned.setdefault(i, []).append(words(typed[i], derived[i]))
            values[keys.index(key)] = derived
        else:
            keys.append(key)
            values.append(derived)
    if all(k in keys for k in _INCOMES):
        size, household, per_capita = (values[keys.index(k)] for k in _INCOMES)
        for i in range(len(ids)):
            warning = _income_warning(size[i], household[i], per_capita[i])
            if warning:
                warned.setdefault(i, []).append(warning)


_INCOMES = ("household_size", "household_income_fen", "per_capita_income_fen")


def _derive_from_id(values: dict[str, Any]) -> list[str]:
    """Sex and birth date come from the ID; a typed value that disagrees is named, and the ID wins."""
    number = values["id_number"]
    warnings = []
    sex, born = sex_of(number), dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))  # checked
    typed_sex = values.get("sex")
    if typed_sex and typed_sex != sex:
        warnings.append(_sex_warning(typed_sex, sex))
    typed_born = values.get("birth_date")
    if typed_born and typed_born != born:
        warnings.append(_born_warning(typed_born, born))
    values["sex"], values["birth_date"] = sex, born
    income = _income_warning(*(values.get(k) for k in _INCOMES))
    if income:
        warnings.append(income)
    return warnings


def _sex_warning(typed: str, sex: str) -> str:
    return f"性别一栏填的是“{typed}”，与身份证号（{sex}）不符，已按身份证号记为{sex}"


def _born_warning(typed: dt.date, born: dt.date) -> str:
    return f"出生日期一栏填的是 {typed:%Y-%m-%d}，与身份证号（{born:%Y-%m-%d}）不符，已按身份证号记"


def _income_warning(size: int | None, household: int | None, per_capita: int | None) -> str | None:
    if size and household is not None and per_capita is not None and abs(household / size - per_capita) > 100:
        return (f"人均月收入 {per_capita / 100:.2f} 元与家庭月收入÷家庭人口（{household / size / 100:.2f} 元）"
                "不符，请核对")
    return None


def read_register(
    path: str | Path,
    sheet: str | None = None,
    header: HeaderGuess | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RegisterRead:
    """Every row under the header, sorted into valid, rejected and skipped rows (see the module doc)."""
    collecting = gc.isenabled()  # off while the rows are made: see _read
    gc.disable()
    try:
        return _read(path, sheet, header, progress, is_cancelled)
    finally:
        if collecting:
            gc.enable()


def _read(path: str | Path, sheet: str | None, header: HeaderGuess | None, progress: Progress | None,
          is_cancelled: Callable[[], bool] | None) -> RegisterRead:
    """read_register with Python's cycle collector paused: 10,000 rows are some 100,000 short-lived objects
    without cycles, and its passes over them were a tenth of reading the 17-column register (0.37 -> 0.33 s
    CPU; no-op in the window, whose collector runs on the UI thread, ui.collector)."""
    wb = _open(path)
    try:
        if header is None:
            ws, header = _find_sheet(wb, sheet)
        else:
            ws = _find_sheet(wb, sheet)[0] if sheet is None else _sheet(wb, sheet)
        reading = _Reading(header)
        total = max(0, (ws.max_row or 0) - header.row)
        done = 0
        for block in _body(ws, header.row):  # CHECK_EVERY rows at a time, checked column by column
            reading.take_many(block)
            done += len(block)
            if len(block) == CHECK_EVERY:
                if is_cancelled is not None and is_cancelled():
                    raise ReadCancelled("cancelled", "已停止读取，没有导入任何内容。")
                _report(progress, done, total)
        _report(progress, total, total, final=True)
    finally:
        wb.close()
    return RegisterRead(ws.title, header, reading.rows, reading.rejected, reading.skipped, wb.file_format, wb.encoding)


def _sheet(wb: _Book, sheet: str) -> Any:
    if sheet not in wb.sheetnames:
        raise ValidationFailed("register_sheet", f"文件中没有名为“{sheet}”的工作表。", {"sheet": sheet})
    return wb[sheet]


def _body(ws: _Sheet, header_row: int) -> Iterator[_Block]:
    """The rows under the header, CHECK_EVERY at a time, up to MAX_BLANK_RUN blank rows in a row (a row is blank
    when every cell is None: _Sheet reads an empty cell as None)."""
    blank_run = 0
    for block in ws.blocks(header_row + 1, CHECK_EVERY):
        rows = () if block.full else block.rows
        blank = list(map(eq, map(tuple.count, rows, repeat(None)), map(len, rows)))
        if True not in blank:
            blank_run = 0
        else:
            for at, empty in enumerate(blank):
                blank_run = blank_run + 1 if empty else 0
                if blank_run > MAX_BLANK_RUN:
                    if at:
                        yield block.head(at)
                    return
        yield block


def _report(progress: Progress | None, done: int, total: int, final: bool = False) -> None:
    if progress is None:
        return
    step = max(CHECK_EVERY, total // 100)  # at most ~100 reports
    if final or done % step < CHECK_EVERY:
        progress(min(done, total) if total else done, max(total, done))


# --- the rejected rows, to fix and import again ---------------------------------------------------


DATE_FIELDS = ("birth_date", "filed_date", "hardship_event_date", "reviewed_date")  # shown as 1975年12月28日


def write_rejected(read: RegisterRead, out_path: str | Path) -> Path:
    """An .xlsx of the rejected rows: the original cells under the original header, then 原行号 and 原因.

    Written by documents.xlsx_stream: text is inline text, so nothing a register happened to contain
    (= + - @) is ever a formula when the file is opened, and ID, card and phone columns are formatted
    as text so the clerk's corrections keep every digit. Linear in the rows and streamed (20,000 rows
    took 5 min 33 s through openpyxl, which was asked for ws.max_row per row), and written whole or not
    at all: a temporary file beside the target, fsynced, then renamed into place.
    """
    out = Path(out_path)
    width = max([len(read.header.titles), *(len(r.raw) for r in read.rejected), 1])
    titles = list(read.header.titles) + [""] * (width - len(read.header.titles))
    text_columns = {c - 1 for c, k in read.header.mapping.items() if k in ("id_number", "bank_card", "phone")}
    dated = {c - 1 for c, k in read.header.mapping.items() if k in DATE_FIELDS}  # 1975年12月28日 needs 15
    columns = [Column(22 if i in text_columns else 15 if i in dated else min(max(2.2 * len(title) + 2, 8), 30),
                      "text" if i in text_columns else "plain")
               for i, title in enumerate(titles)] + [Column(8), Column(60)]
    with SheetWriter(out, "退回修改", columns, frozen=(1, 0)) as sheet:
        sheet.row([*titles, "原行号", "原因"], "header")
        for rejected in read.rejected:
            raw = list(rejected.raw) + [None] * (width - len(rejected.raw))
            sheet.row([_safe(v) for v in raw] + [rejected.row, rejected.reason])
    return out


def _safe(value: Any) -> Any:
    """A cell as read, writable again: control characters Excel refuses are dropped."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, int | float | dt.date | dt.time | dt.timedelta):
        return value
    return shown(value)
