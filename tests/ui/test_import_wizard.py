"""The import wizard as a clerk uses it: file and sheet → header and columns → preview → import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.import_wizard import FILE, HEADER, PREVIEW, RESULT, ImportWizard
from songnuan_desktop.ui.screens.files import FilesScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.documents.messy_register import GOOD_ID, make_id, write_messy_register

WAIT = 20_000


def files_in(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(WorkerFile)) or 0)


def idle(wizard: ImportWizard) -> bool:
    return not wizard.busy


@pytest.fixture
def messy(tmp_path: Path) -> tuple[Path, Any]:
    path = tmp_path / "旧州镇花名册.xlsx"
    return path, write_messy_register(path)


def test_the_messy_register_through_every_step(qtbot, ui_db: Database, ui_clerk: SessionUser,  # type: ignore[no-untyped-def]
                                               messy: tuple[Path, Any], tmp_path: Path) -> None:
    path, expected = messy
    wizard = ImportWizard(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.ui.next.isEnabled()  # no file yet
    wizard.open_file(path)
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.sheet.count() == 2, timeout=WAIT)
    assert wizard.sheet_name == "花名册"  # the register is on the second sheet, found by its header
    assert "花名册" in wizard.ui.fileMessage.text()
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.mapping.rowCount() > 0, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == HEADER
    assert wizard.ui.headerRow.value() == expected.header_row
    assert wizard.edited_mapping()[5] == "id_number" and wizard.edited_mapping()[2] == "name"
    assert wizard.ui.next.isEnabled()
    # a clerk who takes the name column away is told why the wizard cannot go on
    wizard.set_mapping(2, "")
    assert not wizard.ui.next.isEnabled() and "姓名" in wizard.ui.mappingMessage.text()
    wizard.set_mapping(2, "name")
    assert wizard.ui.next.isEnabled()
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.tried is not None, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == PREVIEW
    assert files_in(ui_db) == 0  # the preview wrote nothing
    table = wizard.ui.previewTable
    assert table.rowCount() == len(expected.valid) + len(expected.rejected)
    first = [table.item(0, c).text() for c in range(5)]
    assert first[3] == "退回" and first[0] == str(min(expected.rejected))  # rejected rows first
    assert f"新建档案 {len(expected.valid)} 份" in wizard.ui.summary.text()
    assert wizard.ui.run.isEnabled()
    wizard.ui.run.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.outcome is not None, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == RESULT
    assert files_in(ui_db) == len(expected.valid)
    assert wizard.ui.saveRejected.isVisible()
    saved = wizard.save_rejected_to(tmp_path / "退回修改.xlsx")
    assert saved is not None
    sheet = load_workbook(saved).active
    assert sheet is not None and sheet.max_row == 1 + len(expected.rejected)
    assert "退回修改.xlsx" in wizard.ui.resultText.text()


def test_a_second_import_shows_every_row_unchanged_and_offers_nothing_to_import(  # type: ignore[no-untyped-def]
        qtbot, ui_db: Database, ui_clerk: SessionUser, messy: tuple[Path, Any]) -> None:
    path, expected = messy
    for round_no in range(2):
        wizard = ImportWizard(ui_db, ui_clerk, Lanes())
        qtbot.addWidget(wizard)
        wizard.open_file(path)
        qtbot.waitUntil(lambda w=wizard: idle(w) and w.ui.sheet.count() == 2, timeout=WAIT)
        wizard.ui.next.click()
        qtbot.waitUntil(lambda w=wizard: idle(w) and w.ui.mapping.rowCount() > 0, timeout=WAIT)
        wizard.ui.next.click()
        qtbot.waitUntil(lambda w=wizard: idle(w) and w.tried is not None, timeout=WAIT)
        if round_no == 0:
            wizard.ui.run.click()
            qtbot.waitUntil(lambda w=wizard: idle(w) and w.outcome is not None, timeout=WAIT)
    assert wizard.tried is not None and len(wizard.tried.unchanged) == len(expected.valid)
    assert not wizard.ui.run.isEnabled()
    wizard.ui.updateExisting.setChecked(True)  # tries again with updates: still nothing to change
    qtbot.waitUntil(lambda: idle(wizard) and wizard.tried is not None, timeout=WAIT)
    assert len(wizard.tried.unchanged) == len(expected.valid) and not wizard.ui.run.isEnabled()


def test_pointing_at_another_header_row_and_a_bad_file(qtbot, ui_db: Database, ui_clerk: SessionUser,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    path = tmp_path / "无表头.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["职工名单"])
    ws.append(["名字", "证件", "类别", "原因"])  # names the reader does not know
    ws.append(["张三", GOOD_ID, "深度困难", "因病"])
    ws.append(["李四", make_id("19700101", 41), "相对困难", "下岗"])
    wb.save(path)
    wizard = ImportWizard(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(wizard)
    wizard.open_file(path)
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.sheet.count() == 1, timeout=WAIT)
    assert "没有" in wizard.ui.fileMessage.text()
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.sheetPreview.rowCount() == 4, timeout=WAIT)
    wizard.ui.headerRow.setValue(2)
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.mapping.rowCount() == 4, timeout=WAIT)
    assert not wizard.ui.next.isEnabled()
    for column, key in ((1, "name"), (2, "id_number"), (3, "category"), (4, "cause")):
        wizard.set_mapping(column, key)
    assert wizard.ui.next.isEnabled()
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.tried is not None, timeout=WAIT)
    assert len(wizard.tried.imported) == 2
    wizard.ui.run.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.outcome is not None, timeout=WAIT)
    assert files_in(ui_db) == 2 and not wizard.ui.saveRejected.isVisible()

    bogus = tmp_path / "旧格式.xls"
    bogus.write_bytes(b"\xd0\xcf\x11\xe0 old excel")
    other = ImportWizard(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(other)
    other.open_file(bogus)
    qtbot.waitUntil(lambda: idle(other) and "另存为" in other.ui.fileMessage.text(), timeout=WAIT)
    assert other.ui.pages.currentIndex() == FILE and not other.ui.next.isEnabled()


def test_the_files_screen_opens_the_wizard_and_shows_what_it_imported(  # type: ignore[no-untyped-def]
        qtbot, ui_db: Database, ui_clerk: SessionUser, messy: tuple[Path, Any]) -> None:
    path, expected = messy
    screen = FilesScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    assert screen.ui.importFiles.isEnabled() and screen.ui.importFiles.text() == "从Excel导入…"
    wizard = screen.open_import()
    wizard.open_file(path)
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.sheet.count() == 2, timeout=WAIT)
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.mapping.rowCount() > 0, timeout=WAIT)
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.tried is not None, timeout=WAIT)
    with qtbot.waitSignal(screen.model.loaded, timeout=WAIT):
        wizard.ui.run.click()
    qtbot.waitUntil(lambda: screen.model.rowCount() == len(expected.valid), timeout=WAIT)
