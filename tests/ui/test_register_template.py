"""The import wizard offers a register template (issue 13): saved where the clerk chooses, with the headers
the import recognises and one example row, and that file goes through the wizard as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from songnuan_desktop.documents.register_columns import SYNONYMS
from songnuan_desktop.documents.register_template import TEMPLATE
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.import_wizard import HEADER, PREVIEW, ImportWizard
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.test_import_wizard import WAIT, files_in, idle


def test_template_saved_where_chosen_reads_back_and_previews_its_example(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, ui_clerk: SessionUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "我的花名册"  # typed without .xlsx
    monkeypatch.setattr(file_dialogs, "save_file", lambda *_a: chosen)
    wizard = ImportWizard(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.mouseClick(wizard.ui.saveTemplate, Qt.MouseButton.LeftButton)
    saved = chosen.with_suffix(".xlsx")
    assert saved.is_file() and str(saved) in wizard.ui.fileMessage.text()
    sheet = load_workbook(saved).active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    assert [SYNONYMS[str(h)] for h in headers] == [key for key, _w, _e in TEMPLATE]  # every header is read
    example = {str(h): c.value for h, c in zip(headers, sheet[2], strict=True)}
    assert example["姓名"] == "张三" and isinstance(example["身份证号"], str) and sheet.max_row == 2
    wizard.grab().save("/tmp/f_import_template.png")
    wizard.open_file(saved)
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.sheet.count() == 1, timeout=WAIT)
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.ui.mapping.rowCount() > 0, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == HEADER and wizard.ui.headerRow.value() == 1
    wizard.ui.next.click()
    qtbot.waitUntil(lambda: idle(wizard) and wizard.tried is not None, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == PREVIEW and wizard.ui.previewTable.rowCount() == 1
    assert "新建档案 1 份" in wizard.ui.summary.text()  # the example row is valid as typed
    assert files_in(ui_db) == 0
