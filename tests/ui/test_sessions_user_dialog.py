"""Issue 13, sessions: an administrator's password for a user is typed twice and one-time; the user dialog
saved unchanged changes nothing (STYLE 15) — over the demo office's real users."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry, User, UserRole
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.workers.lanes import Lanes
from songnuan_desktop.ui.dialogs.user_dialog import ResetPasswordDialog, UserDialog
from tests.ui.helpers import settled, type_into
from tests.demo_offices import DemoOffices

RED = "b00020"
DEMO_PASSWORD = "songnuan2026"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("sessions") / "demo.db", workers=20, seed=5)


@pytest.fixture
def demo_office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def _state(db: Database) -> tuple[int, dict[str, int], int]:
    with db.read() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        versions = {name: version for name, version in session.execute(select(User.username, User.row_version))}
        roles = session.scalar(select(func.count()).select_from(UserRole)) or 0
    return entries, versions, roles


def test_every_demo_user_saved_unchanged_changes_nothing(qtbot, demo_office: Database) -> None:  # type: ignore[no-untyped-def]
    admin = auth.login(demo_office, "admin", DEMO_PASSWORD)
    rows = users.list_users(demo_office, admin.office_id)
    assert len(rows) >= 5
    before = _state(demo_office)
    for row in rows:
        dialog = UserDialog(demo_office, admin, Lanes(), row)
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.accepted, timeout=5000):
            dialog.ui.buttons.accepted.emit()  # 确定, as clicked
        assert _state(demo_office) == before, row.username
    changed = UserDialog(demo_office, admin, Lanes(), rows[-1])
    qtbot.addWidget(changed)
    type_into(qtbot, changed.ui.displayName, "新名字")  # the check can fail: a real change is seen
    changed.accept()
    settled(qtbot, changed)  # stored on the database lane
    assert _state(demo_office) != before


def test_a_new_users_password_is_typed_twice_and_one_time(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    dialog = UserDialog(ui_db, ui_admin, Lanes())
    qtbot.addWidget(dialog)
    dialog.resize(460, 420)
    dialog.show()
    assert "一次性密码" in dialog.ui.passwordHint.text()
    type_into(qtbot, dialog.ui.username, "jingban")
    type_into(qtbot, dialog.ui.displayName, "李经办")
    type_into(qtbot, dialog.ui.password, "Jingban2026")
    type_into(qtbot, dialog.ui.repeat, "Jingban2062")
    dialog.ui.roleClerk.setChecked(True)
    dialog.accept()
    settled(qtbot, dialog)  # checked on the database lane
    assert dialog.isVisible() and "不一致" in dialog.ui.error.text()
    assert RED in dialog.ui.repeat.styleSheet() and RED not in dialog.ui.password.styleSheet()  # at the field
    assert [u.username for u in users.list_users(ui_db, ui_admin.office_id)] == ["admin"]  # nothing written
    type_into(qtbot, dialog.ui.repeat, "Jingban2026")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    created = {u.username: u for u in users.list_users(ui_db, ui_admin.office_id)}["jingban"]
    assert created.must_change_password and auth.login(ui_db, "jingban", "Jingban2026").must_change_password
    again = UserDialog(ui_db, ui_admin, Lanes(), created)
    qtbot.addWidget(again)
    assert not again.ui.repeat.isEnabled() and "下次登录" in again.ui.passwordHint.text()


def test_a_reset_is_typed_twice_and_one_time(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    row = users.create_user(ui_db, ui_admin, "caiwu", "赵财务", "Caiwu2026x", frozenset({Role.FINANCE}),
                            one_time=False)
    dialog = ResetPasswordDialog(ui_db, ui_admin, Lanes(), row)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "重置密码" and "赵财务" in dialog.ui.hint.text()
    type_into(qtbot, dialog.ui.password, "Reset2026a")
    type_into(qtbot, dialog.ui.repeat, "Reset2026b")
    dialog.accept()
    settled(qtbot, dialog)
    assert dialog.isVisible() and "不一致" in dialog.ui.error.text() and RED in dialog.ui.repeat.styleSheet()
    assert auth.login(ui_db, "caiwu", "Caiwu2026x").username == "caiwu"  # unchanged by the refusal
    type_into(qtbot, dialog.ui.repeat, "Reset2026a")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert auth.login(ui_db, "caiwu", "Reset2026a").must_change_password


def test_settings_reset_password_goes_through_the_typed_twice_dialog(  # type: ignore[no-untyped-def]
        qtbot, ui_db: Database, ui_admin: SessionUser) -> None:
    from PySide6.QtWidgets import QMessageBox

    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.workers.lanes import Lanes
    from tests.ui.sessions_helpers import when_shown

    users.create_user(ui_db, ui_admin, "caiwu", "赵财务", "Caiwu2026x", frozenset({Role.FINANCE}), one_time=False)
    screen = SettingsScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    settled(qtbot, screen.ui.tabs)  # read on the database lane
    table = screen.ui.usersTable
    table.setCurrentCell(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "caiwu"), 0)
    told: list[str] = []

    def type_twice(dialog: ResetPasswordDialog) -> None:
        told.append(dialog.ui.hint.text())
        dialog.ui.password.setText("Reset2026a")
        dialog.ui.repeat.setText("Reset2026a")
        when_shown(QMessageBox, lambda box: (told.append(box.text()), box.accept()))
        dialog.accept()
    when_shown(ResetPasswordDialog, type_twice)
    screen.ui.resetPassword.click()
    assert "赵财务" in told[0] and "赵财务" in told[1]
    assert auth.login(ui_db, "caiwu", "Reset2026a").must_change_password
