"""档案 at 1366×768 (issue 13, item 6, and item 3's 档案表 from the list): a file number typed whole or in part
finds the file (it found nothing); with 显示完整号码 the ID and phone columns are as wide as the numbers
(they were cut off, sized on the masked ones); a row's context menu opens the file or prints its 档案表
through services.files.file_sheet into the preview dialog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Publication, WorkerFile
from songnuan_desktop.services.audit import audit_log
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.files.file_list import FileFilter
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from songnuan_desktop.ui.models.file_list_model import COLUMNS
from songnuan_desktop.ui.screens.files import FilesScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled, type_into
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=150, seed=4)


def file_numbers(db: Database, user, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.file_no for r in file_list.page(db, user, FileFilter(text=text), limit=500)]


def test_a_file_number_whole_or_in_part_finds_the_file(demo) -> None:  # type: ignore[no-untyped-def]
    clerk = auth.login(demo, "jingban", PASSWORD)
    with demo.read() as session:
        numbers = sorted(session.scalars(select(WorkerFile.file_no)))
    first = numbers[0]  # JZ-2018-0001
    assert first.startswith("JZ-") and first.count("-") == 2
    assert file_numbers(demo, clerk, first) == [first]
    assert file_numbers(demo, clerk, first.lower()) == [first]
    assert file_numbers(demo, clerk, first.replace("-", "－")) == [first]  # a Chinese input method's dash
    assert file_numbers(demo, clerk, f" {first[3:]} ") == [first]  # 2018-0001
    year = first[3:8]  # 2018-
    assert file_numbers(demo, clerk, year) == [n for n in numbers if n[3:8] == year]
    assert file_numbers(demo, clerk, "JZ-") == numbers[:len(file_numbers(demo, clerk, "JZ-"))]
    assert file_numbers(demo, clerk, "JZ-2099-") == []


def opened(qtbot, db: Database, username: str) -> FilesScreen:  # type: ignore[no-untyped-def]
    screen = FilesScreen(db, auth.login(db, username, PASSWORD), Lanes())
    qtbot.addWidget(screen)
    screen.resize(1366 - 190, 768 - 100)  # as in the main window on a 1366×768 screen
    screen.show()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.refresh()
    return screen


def test_typing_a_file_number_in_the_list(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, demo, "jingban")
    wanted = screen.model.rows[41]
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        type_into(qtbot, screen.ui.search, wanted.file_no[3:])
    assert [r.file_no for r in screen.model.rows] == [wanted.file_no]
    assert "档案编号" in screen.ui.search.placeholderText()


def test_full_numbers_widen_the_id_and_phone_columns_to_their_content(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, demo, "shenhe")  # a reviewer may see full numbers
    table = screen.ui.table
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.ui.fullNumbers.setChecked(True)
    rows = screen.model.rows
    assert "*" not in rows[0].id_number
    metrics = table.fontMetrics()
    for key in ("id_number", "phone"):
        column = COLUMNS.index(key)
        widest = max(metrics.horizontalAdvance(getattr(r, key)) for r in rows[:30])
        assert table.columnWidth(column) >= widest + 6, key  # the cell's margins beside the text
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.ui.fullNumbers.setChecked(False)
    column = COLUMNS.index("id_number")
    assert table.columnWidth(column) < metrics.horizontalAdvance(rows[0].id_number)  # masked: narrower again


def test_the_context_menu_opens_the_file(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, demo, "jingban")
    row = screen.model.rows[3]
    menu = screen.row_menu(screen.model.index(3, 1))
    assert menu is not None and [a.text() for a in menu.actions()] == ["打开", "打印档案表…"]
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: screen.form is not None and screen.form.isVisible(), timeout=10_000)
    assert screen.form is not None
    settled(qtbot, screen.form)  # the file read on the database lane
    assert screen.form.detail is not None and screen.form.detail.id == row.id
    assert screen.form.ui.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    screen.form.close()
    assert screen.row_menu(screen.model.index(-1, 0)) is None  # no row under the mouse: no menu


def test_the_context_menu_prints_the_file_sheet_into_the_preview(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, demo, "shenhe")
    row = screen.model.rows[7]
    menu = screen.row_menu(screen.model.index(7, 0))
    assert menu is not None
    shown: list[PdfPreviewDialog] = []
    menu.actions()[1].trigger()
    printer = screen.printer
    assert printer is not None
    printer.desk.previewed.connect(shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    dialog = shown[0]
    assert dialog.isVisible() and dialog.page_count() >= 1
    assert dialog.windowTitle() == f"档案表 — {row.name}（{row.file_no}）"
    assert dialog.saved_name == f"档案表-{row.file_no}-{row.name}.pdf"
    text = "".join(page.extract_text() for page in PdfReader(dialog.path).pages)
    assert row.file_no in text and row.name in text
    entry = audit_log.recent(demo, 1)[0]  # logged as `songnuan print-file` logs it
    assert entry.action == "print_file_sheet"
    with demo.read() as session:
        kinds = list(session.scalars(select(Publication.kind)))
    assert "file_sheet" in kinds
    assert not list(dialog.path.parent.glob("*.part"))  # written under a temporary name, renamed after the commit
    dialog.close()


def test_the_menu_follows_the_right_click(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    screen = opened(qtbot, demo, "jingban")
    table = screen.ui.table
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    point = table.visualRect(screen.model.index(2, 1)).center()
    table.customContextMenuRequested.emit(point)
    assert screen.menu is not None and screen.menu.isVisible()
    screen.menu.close()
