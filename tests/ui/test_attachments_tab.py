"""The attachments tab removes and replaces scans (issue 13), asking first; 历史 tells it, and a new file's
历史 no longer reads as if written in one batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import attachments, worker_files
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.workers.lanes import Lanes
from tests.services.files.test_worker_files import household
from tests.ui.helpers import settled

KIND = "诊断证明及医疗票据"


def _form(qtbot, db: Database, user: SessionUser, file_id=None) -> FileForm:  # type: ignore[no-untyped-def]
    form = FileForm(db, user, Lanes(), file_id)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    settled(qtbot, form)  # the file and its attachments read on the database lane
    return form


def _history(qtbot, form: FileForm) -> list[str]:  # type: ignore[no-untyped-def]
    form.ui.tabs.setCurrentWidget(form.ui.historyTab)
    form.lanes.wait()
    qtbot.waitUntil(lambda: form.ui.changes.rowCount() > 0, timeout=10_000)
    last = form.ui.changes.columnCount() - 1
    return [form.ui.changes.item(r, last).text() for r in range(form.ui.changes.rowCount())]


def test_remove_and_replace_from_the_tab(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, ui_clerk: SessionUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    file_id = worker_files.create(ui_db, ui_clerk, household()).id
    for name in ("旧的.jpg", "另一张.jpg"):
        (tmp_path / name).write_bytes(name.encode())
        attachments.add(ui_db, ui_clerk, file_id, KIND, tmp_path / name)
    form = _form(qtbot, ui_db, ui_clerk, file_id)
    form.ui.tabs.setCurrentWidget(form.ui.attachmentsTab)
    assert not form.ui.removeAttachment.isEnabled()  # nothing chosen yet
    form.ui.attachments.selectRow(0)
    assert form.ui.removeAttachment.isEnabled() and form.ui.replaceAttachment.isEnabled()
    sharp = tmp_path / "清楚的.jpg"
    sharp.write_bytes(b"sharp")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *_a: sharp)
    qtbot.mouseClick(form.ui.replaceAttachment, Qt.MouseButton.LeftButton)
    settled(qtbot, form.ui.attachmentsTab)  # replaced and read again on the database lane
    assert [form.ui.attachments.item(r, 1).text() for r in range(2)] == ["另一张.jpg", "清楚的.jpg"]
    asked: list[str] = []

    def declined(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", declined)
    form.ui.attachments.selectRow(0)
    qtbot.mouseClick(form.ui.removeAttachment, Qt.MouseButton.LeftButton)
    assert "另一张.jpg" in asked[0] and form.ui.attachments.rowCount() == 2  # declined: nothing removed
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(form.ui.removeAttachment, Qt.MouseButton.LeftButton)
    settled(qtbot, form.ui.attachmentsTab)
    assert form.ui.attachments.rowCount() == 1 and "已删除" in form.ui.attachmentsMessage.text()
    form.grab().save("/tmp/f_attachments.png")
    texts = _history(qtbot, form)
    assert texts[:2] == [f"删除附件：{KIND}“另一张.jpg”", f"替换附件：{KIND}“旧的.jpg” 换为 {KIND}“清楚的.jpg”"]


def test_a_reader_cannot_remove(qtbot, ui_db: Database, ui_clerk: SessionUser, ui_admin: SessionUser,  # type: ignore[no-untyped-def]
                                tmp_path: Path) -> None:
    file_id = worker_files.create(ui_db, ui_clerk, household()).id
    (tmp_path / "a.jpg").write_bytes(b"a")
    attachments.add(ui_db, ui_clerk, file_id, KIND, tmp_path / "a.jpg")
    form = _form(qtbot, ui_db, ui_admin, file_id)
    form.ui.tabs.setCurrentWidget(form.ui.attachmentsTab)
    form.ui.attachments.selectRow(0)
    assert not form.ui.removeAttachment.isEnabled() and not form.ui.replaceAttachment.isEnabled()


def test_a_new_file_history_says_new_not_bulk(qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, ui_db, ui_clerk)
    form.ui.tabs.setCurrentWidget(form.ui.historyTab)
    text = form.ui.changes.item(0, form.ui.changes.columnCount() - 1).text()
    assert "新建" in text and "批量" not in text
