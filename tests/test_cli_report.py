"""`songnuan report` (issue 16 item 6) as an office runs it: signed in, a year or a range with or without
campaigns, .xlsx and PDF read back — every figure of every sheet equal to the service's table, each sheet set to
print (A4, fit to width, header row repeated, page numbers, 宋体) with its chart; the PDF's text holds every table
and its figures, page numbers counted; what cannot be done is refused in words with exit code 1."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from songnuan_desktop import cli
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.reports import statistics
from tests.demo_offices import DemoOffices

WINTER = "2026年元旦春节送温暖"


@pytest.fixture
def office(tmp_path: Path, demo_offices: DemoOffices) -> tuple[Path, Path]:
    path = demo_offices.file(tmp_path / "demo.db", workers=300, seed=2)
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    return path, secret


def common(office: tuple[Path, Path], user: str = "jingban") -> list[str]:
    path, secret = office
    return ["--db", str(path), "--user", user, "--password-file", str(secret)]


def service_tables(path: Path, period: statistics.Period) -> list[statistics.Table]:
    db = open_database("sqlite:///" + str(path))
    try:
        user = auth.login(db, "jingban", "songnuan2026")
        return statistics.tables(db, statistics.scope_of(db, user, period))
    finally:
        db.close()


def test_the_workbook_has_a_sheet_per_table_with_every_figure_set_to_print(
        office: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "统计.xlsx"
    assert cli.main(["report", "--period", "2026", str(out), *common(office)]) == 0
    assert "已导出2026年的统计表" in capsys.readouterr().out
    book = load_workbook(out)
    tables = service_tables(office[0], statistics.Period.of_year(2026))
    assert len(book.sheetnames) == len(tables) == len(statistics.TABLE_KEYS)
    for sheet, table in zip(book.worksheets, tables, strict=True):
        assert sheet.title == table.title[:31]
        assert sheet.cell(1, 1).value == table.title
        assert [sheet.cell(r, 1).value for r in (2, 3, 4)][:2] == ["制表单位：黄平县旧州镇总工会", "统计期间：2026年"]
        header = 5
        assert [sheet.cell(header, c).value for c in range(1, len(table.columns) + 2)] == [
            table.heading, *(c.label for c in table.columns)]
        if not table.rows:
            assert sheet.cell(header + 1, 1).value == "（本期没有数据）"
        for n, row in enumerate([*table.rows, *([table.total] if table.total else [])],
                                start=header + 1 + (0 if table.rows else 1)):
            assert sheet.cell(n, 1).value == row.label
            for i, value in enumerate(row.values):
                cell = sheet.cell(n, i + 2).value
                assert cell == (Decimal(value) / 100 if table.kind_of(row, i) == "money" else value), (table.key, row)
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (int(sheet.PAPERSIZE_A4), 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${header}:${header}"
        assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text
        assert sheet.cell(header, 1).font.name == "宋体"
    with zipfile.ZipFile(out) as archive:  # openpyxl does not read charts back: count them in the package
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == sum(1 for t in tables if t.rows)
    helped = book.worksheets[0]
    assert helped.cell(header + len(tables[0].rows) + 1, 1).value == "合计"


def test_the_pdf_holds_every_table_and_its_figures(office: tuple[Path, Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "统计.pdf"
    assert cli.main(["report", "--period", "2026-01-01..2026-06-30", "--campaign", WINTER, str(out),
                     *common(office, "caiwu")]) == 0
    assert f"已导出{WINTER}（2026年1月1日至6月30日）的统计表" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.count("\f")
    assert f"第 1 页 共 {pages} 页" in text and f"第 {pages} 页 共 {pages} 页" in text
    assert "黄平县旧州镇总工会帮扶工作统计表" in text and "制表人（签字）" in text
    tables = service_tables(office[0], statistics.Period.span(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
                            .narrowed_to([WINTER]))
    flat = " ".join(text.split())
    raw = "".join(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                 check=True).stdout.split())  # cells in drawing order: a wrapped label stays whole
    for table in tables:
        assert table.title in flat
        for row in table.rows:
            assert "".join([row.label, *(table.text(row, i) for i in range(len(row.values)))]) in raw, row
    assert "图：合计（元）" in flat and "十四、同比（本期与前两年同期）" in flat


def test_what_cannot_be_done_is_refused_in_words(office: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (["report", str(tmp_path / "a.xlsx")], "--period"),
        (["report", "--period", "26", str(tmp_path / "a.xlsx")], "看不懂"),
        (["report", "--campaign", "2019年送温暖", str(tmp_path / "a.xlsx")], "找不到活动“2019年送温暖”"),
        (["report", "--period", "2026", str(tmp_path / "a.csv")], ".xlsx 或 .pdf"),
    ]
    for argv, words in cases:
        assert cli.main([*argv, *common(office)]) == 1
        assert words in capsys.readouterr().err
    assert not list(tmp_path.glob("a.*"))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope\n", encoding="utf-8")
    assert cli.main(["report", "--period", "2026", str(tmp_path / "a.pdf"), "--db", str(office[0]),
                     "--user", "jingban", "--password-file", str(wrong)]) == 1
    assert not (tmp_path / "a.pdf").exists()
