"""The file form's choices (issue 13): 基层工会 and 工作单位 from searchable lists with 新增…, a retired unit
kept on an old file, current 困难类别 only for new files (legacy ones shown and kept), and 打印档案表…."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from songnuan_desktop.domain import codes
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, OrgUnit, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.dialogs.org_dialog import OrgDialog
from songnuan_desktop.ui.widgets.combo_ids import current_id
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.helpers import settled


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=60, seed=11)


@pytest.fixture
def clerk(demo: Database) -> SessionUser:
    return auth.login(demo, "jingban", "songnuan2026")


def audit_length(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def a_file_with_a_unit(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID | None, int]:
    with db.read() as session:
        row = session.execute(select(WorkerFile.id, WorkerFile.work_unit_id, WorkerFile.union_id,
                                     WorkerFile.row_version)
                              .where(WorkerFile.work_unit_id.is_not(None), WorkerFile.status == "在档")
                              .order_by(WorkerFile.file_no)).first()
    assert row is not None
    return row[0], row[1], row[2], row[3]


def open_form(qtbot, db: Database, user: SessionUser, file_id: uuid.UUID | None) -> FileForm:  # type: ignore[no-untyped-def]
    form = FileForm(db, user, Lanes(), file_id)
    qtbot.addWidget(form)
    form.show()
    settled(qtbot, form)  # the file read on the database lane
    return form


def save(qtbot, form: FileForm) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(form.ui.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settled(qtbot, form)  # stored (or refused) on the database lane


def test_a_retired_unit_stays_on_its_file_and_is_kept_on_save(qtbot, demo: Database, clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    file_id, unit_id, union_id, version = a_file_with_a_unit(demo)
    organisation.set_active(demo, clerk, unit_id, False)
    before = audit_length(demo)
    form = open_form(qtbot, demo, clerk, file_id)
    assert current_id(form.ui.workUnit) == unit_id
    assert form.ui.workUnit.currentText().endswith("（已停用）")
    assert current_id(form.orgs.union) == union_id
    save(qtbot, form)
    with demo.read() as session:
        assert session.execute(select(WorkerFile.work_unit_id, WorkerFile.row_version)
                               .where(WorkerFile.id == file_id)).one() == (unit_id, version)
    assert audit_length(demo) == before
    new_form = open_form(qtbot, demo, clerk, None)  # a new file is not offered the retired unit
    offered = {new_form.ui.workUnit.itemData(i) for i in range(new_form.ui.workUnit.count())}
    assert str(unit_id) not in offered


@pytest.mark.parametrize("typed", ["中心学校", "zxxx"])
def test_the_unit_list_finds_a_part_of_the_name_or_its_pinyin_initials(  # type: ignore[no-untyped-def]
    qtbot, demo: Database, clerk: SessionUser, typed: str,
) -> None:
    form = open_form(qtbot, demo, clerk, None)
    combo = form.ui.workUnit
    form.ui.tabs.setCurrentWidget(form.ui.employmentTab)
    combo.lineEdit().clear()
    for char in typed:  # as typed (QTest.keyClicks aborts on characters outside Latin-1)
        QApplication.sendEvent(combo.lineEdit(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                           Qt.KeyboardModifier.NoModifier, char))
    completer = combo.completer()
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionModel().rowCount())]
    assert "旧州镇中心学校" in found
    chosen = combo.findText("旧州镇中心学校")
    popup = completer.popup()
    assert popup.isVisible()
    popup.setCurrentIndex(completer.completionModel().index(found.index("旧州镇中心学校"), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentIndex() == chosen
    assert current_id(form.orgs.union) is not None  # the unit's own union filled in


def test_new_beside_the_unit_adds_one_and_chooses_it(qtbot, demo: Database, clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    file_id, _unit, _union, _version = a_file_with_a_unit(demo)
    form = open_form(qtbot, demo, clerk, file_id)
    form.ui.workUnit.lineEdit().setText("黄平县兴旺建材厂")

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OrgDialog):
            QTimer.singleShot(20, fill)
            return
        settled(qtbot, dialog)  # its choices read on the database lane
        assert dialog.ui.name.text() == "黄平县兴旺建材厂"  # what was typed
        dialog.ui.regionCode.setText("522622101")
        dialog.accept()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(form.orgs.new_unit, Qt.MouseButton.LeftButton)
    settled(qtbot, form.orgs.union)  # the lists read again on the database lane
    with demo.read() as session:
        new_id = session.scalar(select(OrgUnit.id).where(OrgUnit.name == "黄平县兴旺建材厂"))
    assert new_id is not None and current_id(form.ui.workUnit) == new_id
    save(qtbot, form)
    with demo.read() as session:
        assert session.scalar(select(WorkerFile.work_unit_id).where(WorkerFile.id == file_id)) == new_id


def test_a_new_file_is_offered_the_current_categories_only(qtbot, demo: Database, clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    form = open_form(qtbot, demo, clerk, None)
    combo = form.ui.category
    assert [combo.itemData(i) for i in range(combo.count())] == ["", *codes.CATEGORIES_CURRENT]


def test_an_old_file_keeps_its_legacy_category_unless_changed(qtbot, demo: Database, clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    file_id, _unit, _union, _version = a_file_with_a_unit(demo)
    with demo.write(clerk.actor) as session:
        session.get(WorkerFile, file_id).category = "低保户"  # type: ignore[union-attr]
    with demo.read() as session:
        version = session.scalar(select(WorkerFile.row_version).where(WorkerFile.id == file_id))
    before = audit_length(demo)
    form = open_form(qtbot, demo, clerk, file_id)
    assert form.ui.category.currentData() == "低保户" and "旧类别" in form.ui.category.currentText()
    save(qtbot, form)
    assert audit_length(demo) == before
    form.ui.category.setCurrentIndex(form.ui.category.findData("深度困难"))
    save(qtbot, form)
    with demo.read() as session:
        row = session.execute(select(WorkerFile.category, WorkerFile.row_version)
                              .where(WorkerFile.id == file_id)).one()
    assert row == ("深度困难", version + 1)


def test_print_file_sheet_shows_the_sheet_in_the_preview(qtbot, demo: Database, clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    file_id, _unit, _union, _version = a_file_with_a_unit(demo)
    form = open_form(qtbot, demo, clerk, file_id)
    assert form.ui.printSheet.isEnabled()
    with qtbot.waitSignal(form.papers.previewed, timeout=20_000) as shown:
        qtbot.mouseClick(form.ui.printSheet, Qt.MouseButton.LeftButton)
    dialog = shown.args[0]
    qtbot.addWidget(dialog)
    assert form.detail is not None
    text = "".join(page.extract_text() for page in PdfReader(str(dialog.path)).pages)
    assert form.detail.file_no in text and form.detail.data.name in text
    with demo.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "print_file_sheet", AuditEntry.entity_id == str(file_id))) == 1
    dialog.close()
    new_form = open_form(qtbot, demo, clerk, None)
    assert not new_form.ui.printSheet.isEnabled()  # nothing saved yet: nothing to print
