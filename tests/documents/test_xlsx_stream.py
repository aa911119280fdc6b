"""The streaming .xlsx writer read back: openpyxl sees what was written, text is never a formula, the
parts are well-formed XML, random text round-trips cleaned the documented way, a failure leaves nothing."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from songnuan_desktop.documents.xlsx_stream import MAX_TEXT, Column, SheetWriter, clean_text

COLUMNS = [Column(8), Column(22, "text"), Column(12, "money"), Column(12), Column(30)]
TRICKY = ['=HYPERLINK("http://x","点我")', "+8613900000000", "-1+2", "@SUM(A1)", "=1+1", "\t=1", "a & b < c > d"]


def _written(path: Path, rows: list[list[Any]], **options: Any) -> Path:
    with SheetWriter(path, "登记表", COLUMNS, **options) as sheet:
        for row in rows:
            sheet.row(row)
    return path


def test_cells_read_back_with_their_types(tmp_path: Path) -> None:
    out = _written(tmp_path / "t.xlsx", [
        [1, "522622197208019090", Decimal("2480.50"), dt.date(1972, 8, 1), "黄平县旧州镇朱家山村11组51号"],
        [2, "6228481691455133178", 7, dt.datetime(2026, 1, 2, 12, 0), "  前后空格  "],
        [2.5, None, None, dt.datetime(1899, 12, 31, 8, 0), None],
        [3, "052262219720801909X", 1.25, None, "line 1\r\nline 2\rline 3"],
        [4, "", Decimal("NaN"), float("inf"), True],
        *[[5 + i, text, None, dt.date(1899, 12, 31) if i == 0 else None, text] for i, text in enumerate(TRICKY)],
    ])
    sheet = load_workbook(out).active
    assert sheet.title == "登记表"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == [1, "522622197208019090", 2480.5, dt.datetime(1972, 8, 1), "黄平县旧州镇朱家山村11组51号"]
    assert values[1] == [2, "6228481691455133178", 7, dt.datetime(2026, 1, 2, 12, 0), "  前后空格  "]
    assert values[2] == [2.5, None, None, "1899年12月31日 08:00", None]
    del values[2]
    assert values[2] == [3, "052262219720801909X", 1.25, None, "line 1\nline 2\nline 3"]
    assert values[3] == [4, None, "NaN", "inf", "True"]  # no number Excel could hold: shown as text
    assert values[4][3] == "1899年12月31日"  # before Excel's phantom 1900-02-29: as text, never a wrong day
    for i, text in enumerate(TRICKY):
        row = 6 + i
        for column in (2, 5):
            cell = sheet.cell(row=row, column=column)
            assert cell.value == text and cell.data_type == "s", text  # text, never a formula
    assert sheet.cell(row=1, column=2).data_type == "s" and sheet.cell(row=1, column=4).is_date
    assert sheet.cell(row=1, column=2).number_format == "@" and sheet.cell(row=1, column=3).number_format == "#,##0.00"


def test_date_cells_read_as_paper_dates_and_stay_dates(tmp_path: Path) -> None:
    """Issue 14 item 7: a date cell shows 1972年8月1日 (no zero padding, never 1972-08-01) and is still a date
    Excel sorts and filters; a datetime shows its day the same way."""
    out = _written(tmp_path / "d.xlsx", [[1, "x", None, dt.date(1972, 8, 1)],
                                         [2, "y", None, dt.datetime(2026, 1, 2, 12)]])
    sheet = load_workbook(out).active
    for row in (1, 2):
        cell = sheet.cell(row=row, column=4)
        assert cell.is_date and cell.number_format == 'yyyy"年"m"月"d"日"', cell.number_format
    assert sheet.cell(row=1, column=4).value == dt.datetime(1972, 8, 1)
    with zipfile.ZipFile(out) as package:
        styles = package.read("xl/styles.xml").decode()
    assert "yyyy-mm-dd" not in styles


def test_parts_are_well_formed_and_declared(tmp_path: Path) -> None:
    out = _written(tmp_path / "t.xlsx", [["标题"], [1, *TRICKY[:4]]], frozen=(1, 2), print_title_rows=(1, 1))
    with zipfile.ZipFile(out) as package:
        assert package.testzip() is None
        names = package.namelist()
        assert names[0] == "[Content_Types].xml" and "xl/worksheets/sheet1.xml" in names
        for name in names:
            ElementTree.fromstring(package.read(name))  # every part parses as XML 1.0
        types = package.read("[Content_Types].xml").decode()
    assert all(f'PartName="/{n}"' in types for n in names if n.startswith("xl/") and not n.endswith(".rels"))
    book = load_workbook(out)
    sheet = book.active
    assert sheet.freeze_panes == "C2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert [sheet.column_dimensions[c].width for c in "ABCDE"] == [c.width for c in COLUMNS]


def test_row_styles(tmp_path: Path) -> None:
    with SheetWriter(tmp_path / "t.xlsx", "x", COLUMNS) as sheet:
        sheet.row(["标题"], "title")
        sheet.row(["序号", "身份证号"], "header", height=30)
        sheet.row([1, "x"])
    cells = load_workbook(tmp_path / "t.xlsx").active
    assert cells["A1"].font.b and cells["A1"].font.sz == 14
    assert cells["B2"].font.b and cells["B2"].alignment.horizontal == "center" and cells["B2"].alignment.wrap_text
    assert not cells["A3"].font.b
    assert cells.row_dimensions[2].height == 30 and cells.row_dimensions[3].height is None


def test_more_values_than_columns_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="6 values for 5 columns"), \
            SheetWriter(tmp_path / "t.xlsx", "x", COLUMNS) as sheet:
        sheet.row([1, 2, 3, 4, 5, 6])
    assert list(tmp_path.iterdir()) == []


def test_clean_text_the_documented_way() -> None:
    assert clean_text("a\x00b\x01c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800i") == "abcdefghi"
    assert clean_text("a\r\nb\rc\nd\te") == "a\nb\nc\nd\te"
    assert clean_text("x" * (MAX_TEXT + 5)) == "x" * MAX_TEXT


def test_long_text_is_cut_without_breaking_xml(tmp_path: Path) -> None:
    text = "&" * (MAX_TEXT + 10)
    assert load_workbook(_written(tmp_path / "t.xlsx", [[1, text]])).active["B1"].value == "&" * MAX_TEXT


_ANY_CHARACTER = st.one_of(
    st.characters(),  # every plane, control characters included
    st.sampled_from("\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\r\n\t &<>\"'=+-@_\ufffe\uffff\u3000张"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(_ANY_CHARACTER, max_size=40), min_size=1, max_size=12))
def test_random_text_round_trips_cleaned(tmp_path: Path, texts: list[str]) -> None:
    out = _written(tmp_path / "p.xlsx", [[i, text] for i, text in enumerate(texts, start=1)])
    sheet = load_workbook(out).active
    for i, text in enumerate(texts, start=1):
        cell = sheet.cell(row=i, column=2)
        expected = clean_text(text)
        assert cell.value == (expected or None)
        assert expected == "" or cell.data_type == "s"


def test_a_failure_part_way_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "登记表.xlsx"
    target.write_bytes(b"the export of last week")

    def rows() -> Iterator[list[Any]]:
        for i in range(2_000):
            if i == 1_500:
                raise OSError("disk full")
            yield [i, "x" * 50]
    with pytest.raises(OSError, match="disk full"), SheetWriter(target, "x", COLUMNS) as sheet:
        for row in rows():
            sheet.row(row)
    assert target.read_bytes() == b"the export of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["登记表.xlsx"]
    with pytest.raises(KeyboardInterrupt), SheetWriter(tmp_path / "new.xlsx", "x", COLUMNS) as sheet:
        sheet.row([1])
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["登记表.xlsx"]


def test_libreoffice_reads_it(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the openpyxl and XML checks above stand alone")
    out = _written(tmp_path / "lo.xlsx", [[1, "522622197208019090", Decimal("2480.50"), dt.date(1972, 8, 1),
                                           TRICKY[0]]])
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120)
    with open(tmp_path / "lo.csv", encoding="utf-8", newline="") as read:
        rows = list(csv.reader(read))
    assert rows[0] == ["1", "522622197208019090", "2,480.50", "1972年8月1日", TRICKY[0]]
