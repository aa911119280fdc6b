"""First run and sign-in through the real dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import office
from songnuan_desktop.ui.dialogs.login import LockDialog, LoginDialog
from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled, type_into


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, widget, text)


def test_setup_wizard_creates_office_and_admin(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(sqlite_db)
    qtbot.addWidget(wizard)
    wizard.show()
    ui = wizard.ui
    assert wizard.windowTitle() == "初始设置"
    _type(qtbot, ui.officeName, "旧州镇总工会")
    _type(qtbot, ui.regionCode, "5226")  # too short: refused on this page with a reason
    wizard.next()
    assert wizard.currentPage() is ui.officePage
    assert "行政区划代码" in ui.officePage.subTitle()
    _type(qtbot, ui.regionCode, "522622")
    _type(qtbot, ui.regionName, "黄平县")
    wizard.next()
    assert wizard.currentPage() is ui.adminPage
    _type(qtbot, ui.displayName, "王芳")
    _type(qtbot, ui.username, "admin")
    _type(qtbot, ui.password, "abc12345")
    _type(qtbot, ui.confirm, "abc12346")
    assert not wizard.validateCurrentPage()
    assert "不一致" in ui.error.text()
    assert office.needs_setup(sqlite_db)  # nothing written on a refused page
    _type(qtbot, ui.confirm, "abc12345")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not office.needs_setup(sqlite_db)
    assert office.local_office(sqlite_db).name == "旧州镇总工会"
    assert auth.login(sqlite_db, "admin", "abc12345").display_name == "王芳"


def test_weak_password_is_refused_in_words(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(sqlite_db)
    qtbot.addWidget(wizard)
    ui = wizard.ui
    for widget, text in ((ui.officeName, "旧州镇总工会"), (ui.regionCode, "522622"), (ui.displayName, "王芳"),
                         (ui.username, "admin"), (ui.password, "12345678"), (ui.confirm, "12345678")):
        widget.setText(text)
    wizard.show()
    wizard.next()
    assert not wizard.validateCurrentPage()
    assert "字母和数字" in ui.error.text()
    assert office.needs_setup(sqlite_db)


def test_login_dialog_refuses_then_accepts(qtbot, ui_db: Database, setup_data) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(ui_db, Lanes(), "旧州镇总工会")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "登录"
    _type(qtbot, dialog.ui.username, setup_data.admin_username)
    _type(qtbot, dialog.ui.password, "wrong-password1")
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)
    settled(qtbot, dialog)  # checked (scrypt) on the database lane
    assert dialog.isVisible() and dialog.user is None
    assert dialog.ui.error.text() == "登录名或密码不正确。"
    _type(qtbot, dialog.ui.password, setup_data.admin_password)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.username == setup_data.admin_username


def test_lock_dialog_needs_the_same_users_password(qtbot, ui_db: Database, ui_clerk) -> None:  # type: ignore[no-untyped-def]
    dialog = LockDialog(ui_db, Lanes(), ui_clerk, "旧州镇总工会")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ui.username.isEnabled()
    assert "李经办" in dialog.ui.hint.text()
    _type(qtbot, dialog.ui.password, "Songnuan2024")  # the admin's password does not open the clerk's lock
    dialog.accept()
    settled(qtbot, dialog)
    assert dialog.isVisible() and "不正确" in dialog.ui.error.text()
    _type(qtbot, dialog.ui.password, "Jingban2024")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()


def test_user_changes_own_password_through_the_menu(qtbot, ui_db: Database, ui_clerk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.password_dialog import PasswordDialog

    dialog = PasswordDialog(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "修改密码"
    _type(qtbot, dialog.ui.old, "Jingban2024")
    _type(qtbot, dialog.ui.new, "Xinmima2025")
    _type(qtbot, dialog.ui.confirm, "Xinmima2026")
    dialog.accept()
    settled(qtbot, dialog)  # checked on the database lane
    assert dialog.isVisible() and "不一致" in dialog.ui.error.text()
    _type(qtbot, dialog.ui.old, "wrong-old-1")
    _type(qtbot, dialog.ui.confirm, "Xinmima2025")
    dialog.accept()
    settled(qtbot, dialog)
    assert dialog.isVisible() and dialog.ui.error.text() == "原密码不正确。"
    _type(qtbot, dialog.ui.old, "Jingban2024")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert auth.login(ui_db, "jingban", "Xinmima2025").username == "jingban"


def test_setup_wizard_makes_a_county_office(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(sqlite_db)
    qtbot.addWidget(wizard)
    ui = wizard.ui
    assert ui.level.currentIndex() == 0 and ui.level.currentText().startswith("乡镇")
    for widget, text in ((ui.officeName, "黄平县总工会"), (ui.regionCode, "522622101"), (ui.regionName, "黄平县")):
        widget.setText(text)
    ui.level.setCurrentIndex(1)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is ui.officePage  # a county's code is the county's six digits
    assert "6位县级代码" in ui.officePage.subTitle()
    ui.regionCode.setText("522622")
    wizard.next()
    assert wizard.currentPage() is ui.adminPage
    for widget, text in ((ui.displayName, "王建国"), (ui.username, "admin"), (ui.password, "abc12345"),
                         (ui.confirm, "abc12345")):
        widget.setText(text)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert office.local_office(sqlite_db).level == "county"


def test_esc_and_the_close_button_on_the_lock_screen_do_not_quit(qtbot, ui_db: Database, ui_clerk) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: Esc on the lock screen quit the program (and with it any unsaved work)."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    dialog = LockDialog(ui_db, Lanes(), ui_clerk, "旧州镇总工会", manual=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "菜单" in dialog.ui.hint.text() and "无人操作" not in dialog.ui.hint.text()  # says why it is locked
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and dialog.result() == 0
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    idle = LockDialog(ui_db, Lanes(), ui_clerk, "旧州镇总工会")
    qtbot.addWidget(idle)
    assert "无人操作" in idle.ui.hint.text()
