"""设置 › 备份 › 从备份恢复… (issue 13): the tab told the clerk to close the program and run `songnuan restore`.
Now the window closes, the program closes the database, restores the chosen real backup and starts again
at the sign-in, on the restored file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from songnuan_desktop import app as app_module
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.backups import backups
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui import startup_checks
from songnuan_desktop.ui.dialogs import login, restore_dialog
from songnuan_desktop.ui.dialogs.restore_dialog import RestoreDialog
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.ui.screens.settings import SettingsScreen


def _restore_button(screen: SettingsScreen) -> QPushButton:
    button = screen.findChild(QPushButton, "restoreBackup")
    assert button is not None
    return button


def test_restore_from_settings_restarts_on_the_restored_database(  # type: ignore[no-untyped-def]
    qtbot, qapp, ui_db: Database, ui_admin: SessionUser, setup_data, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "kept")
    backup = backups.backup_now(ui_db, None, backups.MANUAL)
    users.create_user(ui_db, ui_admin, "houlai", "后来的人", "Houlai2026x", frozenset({Role.CLERK}))
    url = ui_db.url
    path = Path(url.removeprefix("sqlite:///"))
    ui_db.close()
    signed_in: list[str] = []

    def sign_in(db: Database, _lanes: object, _office: str, username: str = "") -> SessionUser | None:
        signed_in.append(db.url)
        return auth.login(db, setup_data.admin_username, setup_data.admin_password) if len(signed_in) == 1 else None

    def clerk_restores() -> int:  # app.exec(): the admin opens 设置 › 备份 and asks for the restore
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        screen = window.show_screen("settings")
        assert isinstance(screen, SettingsScreen)
        screen.ui.tabs.setCurrentWidget(screen.ui.backupsTab)
        monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
        _restore_button(screen).click()
        assert window.property(startup_checks.RESTORE_REQUESTED) == restore_dialog.ASKED
        assert not window.isVisible()
        return 0

    def choose_and_restore(dialog: RestoreDialog) -> int:
        assert "从备份恢复" in dialog.ui.problem.text() and "损坏" not in dialog.ui.problem.text()
        qtbot.waitUntil(lambda: dialog.ui.table.rowCount() == 1, timeout=10_000)
        dialog.restore_button.click()  # the database file is closed by now: restore replaces it
        return dialog.result()

    monkeypatch.setattr(login, "sign_in", sign_in)
    monkeypatch.setattr(qapp, "exec", clerk_restores)
    monkeypatch.setattr(RestoreDialog, "exec", choose_and_restore)
    monkeypatch.setattr(restore_dialog.QMessageBox, "information", lambda *_a: None)
    monkeypatch.setattr(app_module, "may_create", lambda _url: False)
    assert app_module._session(qapp, url, "") is None  # restored: the program starts again
    assert app_module._session(qapp, url, "") == 0  # at the sign-in (cancelled here)
    assert signed_in == [url, url]
    again = open_database(url)
    try:
        assert "houlai" not in {u.username for u in users.list_users(again, ui_admin.office_id)}
    finally:
        again.close()
    assert backup.ok and list(path.parent.glob(f"{path.name}.before-restore-*"))


def test_restore_is_for_the_administrator_only(qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.workers.lanes import Lanes

    screen = SettingsScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(screen)
    assert not _restore_button(screen).isEnabled()


def test_a_window_kept_open_forgets_the_restore(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, ui_admin: SessionUser, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Closing refused (unsaved work kept): the request is dropped, or the next ordinary exit would restore."""
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from songnuan_desktop.workers.lanes import Lanes

    class Keeps(QWidget):
        def closeEvent(self, event: QCloseEvent) -> None:
            event.ignore()

    window = Keeps()
    qtbot.addWidget(window)
    screen = SettingsScreen(ui_db, ui_admin, Lanes())
    QVBoxLayout(window).addWidget(screen)
    window.show()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    _restore_button(screen).click()
    assert window.isVisible() and not window.property(startup_checks.RESTORE_REQUESTED)
    screen.lanes.wait()


def test_restore_cancelled_comes_back_to_the_sign_in_on_the_same_file(  # type: ignore[no-untyped-def]
    qtbot, qapp, ui_db: Database, ui_admin: SessionUser, setup_data, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """从备份恢复 asked in 设置, then 取消 in the restore dialog: the program used to end there."""
    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "kept")
    backups.backup_now(ui_db, None, backups.MANUAL)
    users.create_user(ui_db, ui_admin, "houlai", "后来的人", "Houlai2026x", frozenset({Role.CLERK}))
    url = ui_db.url
    path = Path(url.removeprefix("sqlite:///"))
    ui_db.close()
    signed_in: list[str] = []

    def sign_in(db: Database, _lanes: object, _office: str, username: str = "") -> SessionUser | None:
        signed_in.append(db.url)
        return auth.login(db, setup_data.admin_username, setup_data.admin_password) if len(signed_in) == 1 else None

    def admin_asks() -> int:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        screen = window.show_screen("settings")
        assert isinstance(screen, SettingsScreen)
        monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
        _restore_button(screen).click()
        return 0

    monkeypatch.setattr(login, "sign_in", sign_in)
    monkeypatch.setattr(qapp, "exec", admin_asks)
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: 0)  # 取消
    monkeypatch.setattr(app_module, "may_create", lambda _url: False)
    assert app_module._session(qapp, url, "") is None  # not the end of the program: the sign-in again
    assert app_module._session(qapp, url, "") == 0
    assert signed_in == [url, url]
    again = open_database(url)
    try:
        assert "houlai" in {u.username for u in users.list_users(again, ui_admin.office_id)}  # nothing restored
    finally:
        again.close()
    assert not list(path.parent.glob(f"{path.name}.before-restore-*"))
