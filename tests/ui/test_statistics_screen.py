"""统计 through the real widgets (issue 16 item 1): the screen reads nothing until it is shown, then this year's
first table with its chart; every table on screen holds the service's figures; a campaign and a date range are
chosen; a click charts another column; export to .xlsx and print through the preview dialog; an empty office
says there is nothing to count; the main window builds the screen instead of the 本界面尚未完成 placeholder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.reports import statistics
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from songnuan_desktop.ui.screens.reports import CAMPAIGN, RANGE, ReportsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices

WAIT = 20_000
TODAY = dt.date(2026, 11, 20)  # the demo's today


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=300, seed=2)


def _screen(qtbot, db: Database, user: SessionUser) -> ReportsScreen:  # type: ignore[no-untyped-def]
    screen = ReportsScreen(db, user, Lanes())
    screen.today = TODAY
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    assert screen.scope is None and not screen.loaded  # built without reading anything
    with qtbot.waitSignal(screen.shown, timeout=WAIT):
        screen.refresh()
    return screen


def _on_screen(screen: ReportsScreen) -> list[list[str]]:
    widget = screen.table
    return [[widget.item(r, c).text() for c in range(widget.columnCount())] for r in range(widget.rowCount())]


def _expected(table: statistics.Table) -> list[list[str]]:
    body = [*table.rows, *([table.total] if table.total is not None else [])]
    return [[row.label, *(table.text(row, i) for i in range(len(row.values)))] for row in body]


def test_every_table_of_the_year_shows_the_services_figures_and_a_chart(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(demo, "jingban", "songnuan2026")
    screen = _screen(qtbot, demo, user)
    assert screen.scope is not None and screen.scope.label == "2026年"
    scope = statistics.scope_of(demo, user, statistics.Period.of_year(2026))
    first = statistics.table(demo, scope, "helped_category")
    assert _on_screen(screen) == _expected(first)
    assert screen.chart.series == first.series() and screen.chart.title == "合计（元）"  # with goods (慰问品)
    for row, key in enumerate(statistics.TABLE_KEYS):
        if row == 0:
            continue
        with qtbot.waitSignal(screen.shown, timeout=WAIT):
            screen.list.setCurrentRow(row)
        table = statistics.table(demo, scope, key)
        assert screen.heading.text() == table.title
        assert _on_screen(screen) == _expected(table), key
        assert screen.note.text() == table.note
    # 同比: a click on a row charts that row across the three years
    screen._cell_clicked(2, 1)
    assert screen.chart.title == "发放金额（元）"
    assert [s[0] for s in screen.chart.series] == ["2024年", "2025年", "2026年"]
    # back to a table already counted: shown at once, no job
    screen.list.setCurrentRow(0)
    assert screen.heading.text() == first.title
    screen._cell_clicked(0, 1)  # 户数
    assert screen.chart.title == "户数" and screen.chart.series == first.series(0)


def test_a_campaign_and_a_date_range_are_chosen(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(demo, "caiwu", "songnuan2026")
    screen = _screen(qtbot, demo, user)
    screen.mode.setCurrentIndex(CAMPAIGN)
    screen.campaign.setCurrentIndex(screen.campaign.findText("2026年元旦春节送温暖"))
    with qtbot.waitSignal(screen.shown, timeout=WAIT):
        screen.apply.click()
    assert screen.scope is not None and screen.scope_label.text().endswith("2026年元旦春节送温暖")
    expected = statistics.table(demo, screen.scope, "helped_category")
    assert _on_screen(screen) == _expected(expected)
    screen.mode.setCurrentIndex(RANGE)
    screen.start.setDate(QDate(2026, 2, 1))
    screen.end.setDate(QDate(2026, 1, 1))
    screen.apply.click()
    assert screen.message.text() == "日期范围的结束日早于开始日。"
    screen.end.setDate(QDate(2026, 2, 28))
    with qtbot.waitSignal(screen.shown, timeout=WAIT):
        screen.apply.click()
    assert screen.scope.label == "2026年2月1日至2月28日"
    february = statistics.table(demo, screen.scope, "helped_category")
    assert _on_screen(screen) == _expected(february) and february.total is not None
    assert february.total.values[1] > 0


def test_export_and_print_the_tables(qtbot, demo: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(demo, "jingban", "songnuan2026")
    screen = _screen(qtbot, demo, user)
    out = tmp_path / "统计.xlsx"
    assert screen.export_to(out, all_tables=True)
    qtbot.waitUntil(lambda: "已保存" in screen.message.text() or out.exists() and not ops.busy(screen),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: not ops.busy(screen), timeout=WAIT)
    assert len(load_workbook(out).sheetnames) == len(statistics.TABLE_KEYS)
    one = tmp_path / "一表.xlsx"
    assert screen.export_to(one, all_tables=False)
    qtbot.waitUntil(lambda: not ops.busy(screen), timeout=WAIT)
    assert load_workbook(one).sheetnames == ["帮扶情况（按困难类别）"]
    with qtbot.waitSignal(screen.desk.previewed, timeout=WAIT) as shown:
        assert screen.print_tables(all_tables=False)
    dialog: PdfPreviewDialog = shown.args[0]
    qtbot.addWidget(dialog)
    assert dialog.page_count() >= 1
    assert "帮扶情况（按困难类别）" in dialog.windowTitle()


def test_an_empty_office_says_there_is_nothing_to_count(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, ui_db, ui_admin)
    assert screen.table.rowCount() == 1 and screen.table.item(0, 0).text() == "合计"
    assert screen.chart.series == [] and screen.message.text() == "本期没有数据。"
    assert screen.campaign.count() == 0
    screen.mode.setCurrentIndex(CAMPAIGN)
    screen.apply.click()
    assert screen.message.text() == "还没有可选的活动。"


def test_the_main_window_builds_the_screen(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.main_window import MainWindow

    window = MainWindow(demo, auth.login(demo, "jingban", "songnuan2026"))
    qtbot.addWidget(window)
    screen = window.screens["reports"]
    assert isinstance(screen, ReportsScreen) and not screen.loaded
    with qtbot.waitSignal(screen.shown, timeout=WAIT):
        window.show_screen("reports")
    window.lanes.wait()
