"""设置 through the real widgets: users and roles, parameters, 低保线, the audit chain check."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.user_dialog import UserDialog
from songnuan_desktop.ui.screens import settings as settings_screen
from songnuan_desktop.ui.screens.settings import SettingsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled, type_into


@pytest.fixture
def screen(qtbot, ui_db: Database, ui_admin: SessionUser) -> SettingsScreen:  # type: ignore[no-untyped-def]
    widget = SettingsScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    settled(qtbot, widget.ui.tabs)  # read on the database lane
    return widget


def _row_of(table, text: str) -> int:  # type: ignore[no-untyped-def]
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == text:
            return row
    raise AssertionError(f"{text} not in table")


def test_admin_adds_a_clerk_through_the_dialog(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    dialog = UserDialog(ui_db, ui_admin, Lanes())
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.ui.username, "jingban")
    type_into(qtbot, dialog.ui.displayName, "李经办")
    type_into(qtbot, dialog.ui.password, "short")
    dialog.ui.roleClerk.setChecked(True)
    dialog.accept()
    settled(qtbot, dialog)  # checked on the database lane
    assert dialog.isVisible() and "至少8位" in dialog.ui.error.text()
    type_into(qtbot, dialog.ui.password, "Jingban2024")
    type_into(qtbot, dialog.ui.repeat, "Jingban2024")  # typed twice (issue 13)
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    clerk = auth.login(ui_db, "jingban", "Jingban2024")
    assert clerk.roles == frozenset({Role.CLERK})


def test_users_table_and_editing_roles(qtbot, screen: SettingsScreen, ui_db, ui_admin) -> None:  # type: ignore[no-untyped-def]
    row = users.create_user(ui_db, ui_admin, "caiwu", "赵财务", "Caiwu2024x", frozenset({Role.FINANCE}))
    screen.load_users()
    settled(qtbot, screen.ui.tabs)
    table = screen.ui.usersTable
    r = _row_of(table, "caiwu")
    assert table.item(r, 2).text() == "财务"
    dialog = UserDialog(ui_db, ui_admin, Lanes(), screen.users[row.id])
    qtbot.addWidget(dialog)
    assert not dialog.ui.username.isEnabled() and not dialog.ui.password.isEnabled()
    dialog.ui.roleReviewer.setChecked(True)
    dialog.accept()
    settled(qtbot, dialog)  # stored on the database lane
    screen.load_users()
    settled(qtbot, screen.ui.tabs)
    assert table.item(_row_of(table, "caiwu"), 2).text() == "审核人、财务"
    assert table.item(_row_of(table, "caiwu"), 3).text() == "启用（待本人设置密码）"  # the one-time password
    users.create_user(ui_db, ui_admin, "chuna", "钱出纳", "Chuna2024x", frozenset({Role.FINANCE}), one_time=False)
    screen.load_users()
    settled(qtbot, screen.ui.tabs)
    assert table.item(_row_of(table, "chuna"), 3).text() == "启用"


def test_clerk_sees_settings_read_only(qtbot, ui_db, ui_clerk) -> None:  # type: ignore[no-untyped-def]
    widget = SettingsScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    assert widget.ui.readOnlyHint.isVisible()
    assert "组织机构" in widget.ui.readOnlyHint.text()  # a clerk keeps the unions and units there
    for button in (widget.ui.addUser, widget.ui.editUser, widget.ui.resetPassword, widget.ui.editParameter,
                   widget.ui.addDibao):
        assert not button.isEnabled()


def test_changing_a_parameter_takes_effect_from_today(qtbot, screen, ui_db, ui_admin, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    table = screen.ui.parametersTable
    table.selectRow(_row_of(table, "公示期（工作日）"))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (7, True)))
    screen.ui.editParameter.click()
    settled(qtbot, screen.ui.tabs)  # stored, then read again, on the database lane
    assert settings.get(ui_db, ui_admin.office_id, "notice_working_days") == 7
    assert table.item(_row_of(table, "公示期（工作日）"), 1).text() == "7"


def test_audit_chain_check_reports_in_words(qtbot, screen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(settings_screen, "show_info", lambda parent, text: shown.append(text))
    screen.ui.tabs.setCurrentWidget(screen.ui.auditTab)
    settled(qtbot, screen.ui.auditTab)  # read and worded on the database lane
    assert screen.ui.auditTable.rowCount() > 0
    table = screen.ui.auditTable
    texts = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(1, table.columnCount())]
    assert not any("{" in t or "_fen" in t or "office_id" in t for t in texts)  # words, not the log's JSON
    assert any(t.startswith("登录") for t in texts) and any("王管理" in t for t in texts)
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "序号", "时间", "操作人", "记录", "内容"]
    screen.ui.verifyAudit.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "哈希链校验通过" in shown[0]
