"""A one-sheet .xlsx written as a stream: rows go straight into the zipped sheet XML.

Why our own writer: the 登记表 of a county (100,000 files × 22 columns) must export in ≤ 10 s on a
2-core PC; openpyxl's write-only mode takes ~34 s and XlsxWriter's constant_memory mode ~21 s for
the bare rows alone, because both build an object per cell. An .xlsx is a zip of a few XML parts;
here a row is one f-string per cell.

What a cell becomes:
- text: an inline string (`t="inlineStr"`), so it is never a formula, whatever it starts with
  (= + - @), and digits stay digits (ID numbers, bank cards). Text is cleaned the documented way,
  see `clean_text`;
- int, float, Decimal: a number (NaN and infinities are written as text: Excel has no such number);
- date / datetime: a date serial number with a date style, so Excel sorts and filters it as a date,
  shown the way papers write dates, 2026年12月5日 (number format yyyy"年"m"月"d"日", issue 14 item 7;
  before 1900-03-01, which Excel cannot hold right: that text, domain.paper_dates);
- None and "": no cell.
The file is written to a temporary file beside the target, fsynced, then renamed into place (storage): a
failure part-way leaves the target as it was and no temporary file behind.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from songnuan_desktop.documents.xlsx_print import FOOTER
from songnuan_desktop.domain.paper_dates import date_text, moment_text
from songnuan_desktop.storage import Replacement

MAX_TEXT = 32_767  # Excel's limit for the text of one cell
EPOCH = dt.date(1899, 12, 30)  # serial 0 of the 1900 date system, right from 1900-03-01 on (Excel's
FIRST_DAY = dt.date(1900, 3, 1)  # phantom 1900-02-29 shifts every earlier day; those are written as text)
COMPRESS_LEVEL = 1  # deflate level 1: the sheet is repetitive XML; level 6 costs seconds for ~10 % size
FLUSH_ROWS = 500
DATE_FORMAT = 'yyyy"年"m"月"d"日"'  # a real date cell that reads 2026年12月5日 (no zero padding, never ISO)

# XML 1.0 forbids these code points (tab, line feed and carriage return are allowed; the lone
# surrogates cannot even be encoded as UTF-8). U+FFFE/U+FFFF are non-characters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NEEDS_WORK = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

STYLE_NAMES = ("plain", "title", "header", "text", "money", "date", "subtitle", "note")
_STYLE_INDEX = {name: index for index, name in enumerate(STYLE_NAMES)}


def clean_text(text: str) -> str:
    """The text as a spreadsheet will read it back: characters XML 1.0 forbids removed, CR LF and CR
    made LF (an XML reader would turn them into LF anyway), cut at Excel's 32,767 characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)[:MAX_TEXT]


@dataclass(frozen=True)
class Column:
    width: float
    style: str = "plain"  # "text" keeps what a user types there as text; "money" formats numbers


class SheetWriter:
    """`with SheetWriter(path, "名称", columns, frozen=(3, 2)) as sheet: sheet.row([...])`."""

    def __init__(self, path: Path, name: str, columns: Sequence[Column], *, frozen: tuple[int, int] = (0, 0),
                 print_title_rows: tuple[int, int] | None = None, landscape: bool = True) -> None:
        self.path = Path(path)
        self.name = _sheet_name(name)
        self.columns = tuple(columns)
        self.frozen = frozen
        self.print_title_rows = print_title_rows
        self.landscape = landscape
        self.rows = 0
        self._letters = [_letter(i) for i in range(1, len(self.columns) + 1)]
        self._styles = [_STYLE_INDEX[c.style] for c in self.columns]
        self._pending: list[str] = []
        self._merges: list[str] = []
        self._out: Replacement | None = None
        self._zip: zipfile.ZipFile | None = None
        self._sheet: IO[bytes] | None = None

    def __enter__(self) -> SheetWriter:
        self._out = Replacement(self.path)
        try:
            self._zip = zipfile.ZipFile(self._out.temp, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
            for part, xml in _fixed_parts(self.name, self.print_title_rows):
                self._zip.writestr(part, xml)
            self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
            self._sheet.write(_sheet_head(self.columns, self.frozen).encode())
        except BaseException:
            self._discard()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self._discard()
            return
        try:
            self._finish()
        except BaseException:
            self._discard()
            raise

    def row(self, values: Sequence[Any], style: str | None = None, height: float | None = None,
            merge: bool = False) -> None:
        """One row; `style` ("title", "header", …) overrides the columns' styles for every cell; `height`
        in points, for a row of wrapped or large text (LibreOffice does not grow a row to fit it);
        `merge` merges the row across every column (a centred title)."""
        if len(values) > len(self._letters):
            raise ValueError(f"{len(values)} values for {len(self._letters)} columns")
        self.rows += 1
        if merge and len(self._letters) > 1:
            self._merges.append(f"A{self.rows}:{self._letters[-1]}{self.rows}")
        number = self.rows
        forced = None if style is None else _STYLE_INDEX[style]
        cells = []
        for letter, column_style, value in zip(self._letters, self._styles, values, strict=False):
            if value is None or value == "":
                continue
            s = column_style if forced is None else forced
            kind = type(value)
            if kind is str:
                cells.append(_text_cell(letter, number, value, s))
            elif kind is int or (kind is float and math.isfinite(value)) or (kind is Decimal and value.is_finite()):
                shown = format(value, "f") if kind is Decimal else value  # never 1E+2 from a Decimal
                cells.append(f'<c r="{letter}{number}" s="{s}"><v>{shown}</v></c>' if s else
                             f'<c r="{letter}{number}"><v>{shown}</v></c>')
            elif (kind is dt.date or kind is dt.datetime) and _excel_can_hold(value):
                cells.append(f'<c r="{letter}{number}" s="{forced or _STYLE_INDEX["date"]}">'
                             f"<v>{_serial(value)}</v></c>")
            else:  # bool, an unknown type, a date before 1900-03-01: as its text
                cells.append(_text_cell(letter, number, _old_day(value) if isinstance(value, dt.date)
                                        else str(value), s))
        tall = "" if height is None else f' ht="{height}" customHeight="1"'
        self._pending.append(f'<row r="{number}"{tall}>{"".join(cells)}</row>')
        if len(self._pending) >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        assert self._sheet is not None
        self._sheet.write("".join(self._pending).encode())
        self._pending.clear()

    def _finish(self) -> None:
        assert self._zip is not None and self._sheet is not None
        self._flush()
        self._sheet.write(_sheet_tail(self.landscape, self._merges).encode())
        self._sheet.close()
        self._zip.close()
        assert self._out is not None
        self._out.commit()

    def _discard(self) -> None:
        for closable in (self._sheet, self._zip):
            try:
                if closable is not None:
                    closable.close()
            except Exception:  # noqa: BLE001 - already failing; the temp file goes below
                pass
        if self._out is not None:
            self._out.discard()


def _text_cell(letter: str, number: int, text: str, style: int) -> str:
    if _NEEDS_WORK.search(text) or len(text) > MAX_TEXT:
        text = escape(clean_text(text))  # cut before escaping: never half an entity
        if not text:
            return ""  # nothing left to show: no cell, as for ""
    space = ' xml:space="preserve"' if text and (text[0].isspace() or text[-1].isspace()) else ""
    styled = f' s="{style}"' if style else ""
    return f'<c r="{letter}{number}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _old_day(value: dt.date) -> str:
    """A day Excel cannot hold, as a paper writes it: 1899年12月31日 (08:00)."""
    return moment_text(value) if isinstance(value, dt.datetime) else date_text(value)


def _excel_can_hold(value: dt.date) -> bool:
    return (value.date() if isinstance(value, dt.datetime) else value) >= FIRST_DAY


def _serial(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        since = value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)
        return repr(since.days + since.seconds / 86_400 + since.microseconds / 86_400e6)
    return str((value - EPOCH).days)


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet_name(name: str) -> str:
    """Excel refuses []:*?/\\ in a sheet name and more than 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", clean_text(name))[:31] or "Sheet1"


def _sheet_head(columns: Sequence[Column], frozen: tuple[int, int]) -> str:
    rows, cols = frozen
    pane = ""
    if rows or cols:
        top_left = f"{_letter(cols + 1)}{rows + 1}"
        split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
        active = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
        pane = (f'<pane{split} topLeftCell="{top_left}" activePane="{active}" state="frozen"/>'
                f'<selection pane="{active}" activeCell="{top_left}" sqref="{top_left}"/>')
    widths = "".join(f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>'
                     for i, c in enumerate(columns, start=1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{widths}</cols>" if widths else "") + "<sheetData>")


def _sheet_tail(landscape: bool, merges: Sequence[str] = ()) -> str:
    """Print setup (issue 14 item 5): A4, fit to one page wide and as many tall as needed, page numbers
    centred in the footer in the words of documents/xlsx_print.FOOTER."""
    orientation = "landscape" if landscape else "portrait"
    merged = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
              + "</mergeCells>") if merges else ""
    return (f'</sheetData>{merged}<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
            f'<headerFooter><oddFooter>{escape(FOOTER)}</oddFooter></headerFooter>'
            "</worksheet>")



_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.spreadsheetml.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.spreadsheetml.styles+xml"/>'
    "</Types>")
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>")
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>")
# cellXfs in the order of STYLE_NAMES: plain, title, header, text (@), money (#,##0.00), date, subtitle, note
# (bordered: plain, header, text, money, date — the table; title centred over its merged row)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode={quoteattr(DATE_FORMAT)}/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/>'
    "</border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"'
    ' applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")


def _workbook(name: str, print_title_rows: tuple[int, int] | None) -> str:
    defined = ""
    if print_title_rows:
        first, last = print_title_rows
        quoted = "'" + name.replace("'", "''") + "'"
        defined = ('<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
                   f"{escape(quoted)}!${first}:${last}</definedName></definedNames>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<bookViews><workbookView/></bookViews><sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/>'
            f"</sheets>{defined}</workbook>")


def _fixed_parts(name: str, print_title_rows: tuple[int, int] | None) -> list[tuple[str, str]]:
    return [("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _workbook(name, print_title_rows)),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/styles.xml", _STYLES)]
