"""设置 › 组织机构 through the real widgets (issue 13 item 2): a fresh office adds unions, units and villages;
on the demo office a unit is merged (its files follow) and retired; a reviewer only reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import func, select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import OrgUnit, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.org_dialog import OrgDialog, OrgMergeDialog
from songnuan_desktop.ui.screens.settings import SettingsScreen
from songnuan_desktop.ui.widgets.combo_ids import select_id
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.helpers import settled


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=60, seed=13)


def screen_for(qtbot, db: Database, user: SessionUser) -> SettingsScreen:  # type: ignore[no-untyped-def]
    widget = SettingsScreen(db, user, Lanes())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    widget.ui.tabs.setCurrentWidget(widget.ui.orgTab)
    settled(qtbot, widget.ui.tabs)  # read on the database lane
    return widget


def when_modal(kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Run `act` on the next modal dialog of `kind` once it is shown (exec blocks the test)."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def names_in(screen: SettingsScreen) -> list[str]:
    table = screen.ui.orgTable
    return [table.item(r, 0).text() for r in range(table.rowCount())]


def choose(screen: SettingsScreen, name: str) -> None:
    screen.ui.orgTable.setCurrentCell(names_in(screen).index(name), 0)


def test_a_fresh_office_adds_a_union_a_unit_under_it_and_a_village(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, ui_clerk: SessionUser,
) -> None:
    screen = screen_for(qtbot, ui_db, ui_clerk)
    assert screen.ui.addOrg.isEnabled() and not names_in(screen)

    def new(kind: str, name: str, union: str = "") -> None:
        screen.ui.orgKind.setCurrentIndex(screen.ui.orgKind.findData(kind))

        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, OrgDialog)
            settled(qtbot, dialog)  # its choices read on the database lane
            dialog.ui.name.setText(name)
            if union:
                dialog.ui.parent.setCurrentIndex(dialog.ui.parent.findText(union))
            dialog.accept()
        when_modal(OrgDialog, fill)
        qtbot.mouseClick(screen.ui.addOrg, Qt.MouseButton.LeftButton)
        settled(qtbot, screen.ui.tabs)  # the list read again on the database lane

    new("union", "新州镇建筑业联合工会")
    new("village", "寨碧村")
    new("unit", "黄平县兴旺建材厂", union="新州镇建筑业联合工会")
    assert names_in(screen) == ["黄平县兴旺建材厂"]
    assert screen.ui.orgTable.item(0, 1).text() == "新州镇建筑业联合工会"
    assert "已新增" in screen.ui.orgStatus.text()
    with ui_db.read() as session:
        assert dict(session.execute(select(OrgUnit.name, OrgUnit.kind)).all()) == {
            "新州镇建筑业联合工会": "union", "寨碧村": "village", "黄平县兴旺建材厂": "unit"}


def test_merge_moves_the_files_and_retire_hides_it(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    admin = auth.login(demo, "admin", "songnuan2026")
    screen = screen_for(qtbot, demo, admin)
    screen.ui.orgKind.setCurrentIndex(screen.ui.orgKind.findData("unit"))
    settled(qtbot, screen.ui.tabs)
    with demo.read() as session:
        counts = session.execute(select(OrgUnit.id, OrgUnit.name, func.count(WorkerFile.id))
                                 .join(WorkerFile, WorkerFile.work_unit_id == OrgUnit.id)
                                 .group_by(OrgUnit.id).order_by(func.count(WorkerFile.id).desc(), OrgUnit.name)).all()
    (survivor_id, survivor, kept), (merged_id, merged, moved) = counts[0], counts[1]
    choose(screen, merged)

    def into(dialog: QDialog) -> None:
        assert isinstance(dialog, OrgMergeDialog)
        settled(qtbot, dialog)  # the names read on the database lane
        assert select_id(dialog.ui.survivor, survivor_id)
        dialog.accept()
    when_modal(OrgMergeDialog, into)
    assert screen.ui.mergeOrg.isEnabled()
    qtbot.mouseClick(screen.ui.mergeOrg, Qt.MouseButton.LeftButton)
    settled(qtbot, screen.ui.tabs)
    assert merged not in names_in(screen)  # retired: not listed unless asked
    assert f"{moved} 份档案" in screen.ui.orgStatus.text()
    with demo.read() as session:
        assert session.scalar(select(func.count()).where(WorkerFile.work_unit_id == survivor_id)) == kept + moved
        assert session.scalar(select(func.count()).where(WorkerFile.work_unit_id == merged_id)) == 0
    screen.ui.orgShowRetired.setChecked(True)
    settled(qtbot, screen.ui.tabs)
    assert merged in names_in(screen)
    choose(screen, merged)
    assert screen.ui.retireOrg.text() == "恢复使用" and not screen.ui.mergeOrg.isEnabled()
    screen.ui.orgShowRetired.setChecked(False)
    settled(qtbot, screen.ui.tabs)
    choose(screen, survivor)
    when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(screen.ui.retireOrg, Qt.MouseButton.LeftButton)
    settled(qtbot, screen.ui.tabs)
    assert survivor not in names_in(screen)
    assert not organisation.get(demo, admin.office_id, survivor_id).active


def test_the_list_filters_by_pinyin_initials(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    screen = screen_for(qtbot, demo, auth.login(demo, "jingban", "songnuan2026"))
    screen.ui.orgKind.setCurrentIndex(screen.ui.orgKind.findData("unit"))
    settled(qtbot, screen.ui.tabs)
    everything = names_in(screen)
    screen.ui.orgSearch.setText("wsy")  # 卫生院
    settled(qtbot, screen.ui.tabs)
    assert names_in(screen) and set(names_in(screen)) < set(everything)
    assert all("卫生院" in name for name in names_in(screen))


def test_a_reviewer_reads_but_cannot_change(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    screen = screen_for(qtbot, demo, auth.login(demo, "shenhe", "songnuan2026"))
    screen.ui.orgKind.setCurrentIndex(screen.ui.orgKind.findData("union"))
    settled(qtbot, screen.ui.tabs)
    assert names_in(screen)
    choose(screen, names_in(screen)[0])
    assert not any(b.isEnabled() for b in (screen.ui.addOrg, screen.ui.editOrg, screen.ui.mergeOrg,
                                           screen.ui.retireOrg))
