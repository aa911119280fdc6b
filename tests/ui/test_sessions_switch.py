"""Issue 13, sessions on a shared PC: 切换用户 and 注销 in the 文件 menu, the first sign-in with a one-time
password, and what an open form does to a change of user — through the real main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.dialogs.login import LoginDialog, sign_in
from songnuan_desktop.ui.dialogs.password_dialog import PasswordDialog
from songnuan_desktop.ui.dialogs.user_dialog import UserDialog
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import type_into
from tests.ui.sessions_helpers import audit_tail, last_seq, when_shown

ONE_TIME = "Chushi2026"
OWN = "Ziji2026ok"


def _window(qtbot, db: Database, user: SessionUser) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, user)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _status(window: MainWindow) -> str:
    return " ".join(label.text() for label in window.ui.statusbar.findChildren(QLabel))


def _sign_in_as(username: str, password: str, then=None):  # type: ignore[no-untyped-def]
    def act(dialog: LoginDialog) -> None:
        dialog.ui.username.setText(username)
        dialog.ui.password.setText(password)
        if then is not None:
            then()
        dialog.accept()
    return act


def _own_password(new: str, repeat: str | None = None):  # type: ignore[no-untyped-def]
    def act(dialog: PasswordDialog) -> None:
        dialog.ui.new.setText(new)
        dialog.ui.confirm.setText(repeat or new)
        dialog.accept()
    return act


def test_file_menu_offers_switch_user_and_sign_out_by_name(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_db, ui_admin)
    texts = [a.text() for a in window.ui.menuFile.actions()]
    assert "切换用户(&S)…" in texts and "注销 王管理(&O)" in texts
    assert window.windowTitle() == "旧州镇总工会 — 王管理 — 送暖"
    window.lanes.wait()


def test_switch_user_rebuilds_the_window_for_a_new_user_who_first_sets_their_own_password(
        qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    users.create_user(ui_db, ui_admin, "jingban", "李经办", ONE_TIME, frozenset({Role.CLERK}))
    window = _window(qtbot, ui_db, ui_admin)
    window.ui.statusbar.showMessage("您的密码已修改。", 60_000)
    old_screens = {s.key: window.screens[s.key] for s in window.specs}  # each built (when first opened)
    assert old_screens["settings"].ui.addUser.isEnabled()  # the administrator's
    start = last_seq(ui_db)
    seen: list[str] = []
    hidden: list[bool] = []
    def look_then_expect_the_password_dialog() -> None:
        hidden.append(not window.centralWidget().isVisible())
        when_shown(PasswordDialog, _own_password(OWN), seen)
    when_shown(LoginDialog, _sign_in_as("jingban", ONE_TIME, then=look_then_expect_the_password_dialog), seen)
    assert window.switch_user()
    assert seen == ["LoginDialog", "PasswordDialog"] and hidden == [True]  # nothing of 王管理's on screen
    assert window.user.username == "jingban" and not window.user.must_change_password
    assert window.windowTitle() == "旧州镇总工会 — 李经办 — 送暖"
    assert "李经办（经办人）" in _status(window) and "王管理" not in _status(window)
    assert window.ui.statusbar.currentMessage() == ""  # said to 王管理, not to the next user
    assert "注销 李经办(&O)" in [a.text() for a in window.ui.menuFile.actions()]
    assert all(window.screens[k] is not old_screens[k] for k in old_screens)  # built afresh for the clerk
    assert all(getattr(s, "user", window.user) == window.user for s in window.screens.values())
    settings_screen = window.screens["settings"]
    assert not settings_screen.ui.addUser.isEnabled()  # the clerk's roles decide
    assert window.centralWidget().isVisible() and window.ui.navigation.count() == len(window.specs)
    # signed in (the row's last sign-in time), their own password set, then 王管理's hand-over
    assert audit_tail(ui_db, start) == [("login", "users", "jingban"), ("update", "users", "jingban"),
                                        ("update", "users", "jingban"), ("switch_user", "users", "admin")]
    assert auth.login(ui_db, "jingban", OWN).username == "jingban"
    window.lanes.wait()


def test_switch_user_cancelled_leaves_the_user_where_they_were(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_db, ui_admin)
    window.show_screen("settings")
    screens = dict(window.screens)  # the screens built so far: home and settings
    start = last_seq(ui_db)
    when_shown(LoginDialog, lambda dialog: dialog.reject())
    assert not window.switch_user()
    assert window.user == ui_admin and window.screens == screens
    assert window.ui.screens.currentWidget() is screens["settings"] and window.centralWidget().isVisible()
    assert audit_tail(ui_db, start) == [] and not window.idle.paused
    window.lanes.wait()


def test_sign_out_then_another_user_signs_in(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    users.create_user(ui_db, ui_admin, "caiwu", "赵财务", "Caiwu2026x", frozenset({Role.FINANCE}), one_time=False)
    window = _window(qtbot, ui_db, ui_admin)
    start = last_seq(ui_db)
    during: list[tuple[int, str, str]] = []

    def look_then_sign_in(dialog: LoginDialog) -> None:
        during.append((window.ui.navigation.count(), window.windowTitle(), _status(window)))
        _sign_in_as("caiwu", "Caiwu2026x")(dialog)
    when_shown(LoginDialog, look_then_sign_in)
    assert window.sign_out()
    count, title, status = during[0]
    assert count == 0 and "王管理" not in title + status  # the old session's screens were gone already
    assert window.user.username == "caiwu" and "赵财务（财务）" in _status(window)
    assert audit_tail(ui_db, start) == [("logout", "users", "admin"), ("login", "users", "caiwu"),
                                        ("update", "users", "caiwu")]  # the row's last sign-in time
    window.lanes.wait()


def test_sign_out_cancelled_at_the_sign_in_ends_the_program(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_db, ui_admin)
    when_shown(LoginDialog, lambda dialog: dialog.reject())
    assert not window.sign_out()
    assert not window.isVisible() and window.screens == {}


def test_first_sign_in_cannot_be_skipped_cancel_signs_out(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    users.create_user(ui_db, ui_admin, "jingban", "李经办", ONE_TIME, frozenset({Role.CLERK}))
    start = last_seq(ui_db)
    refused: list[str] = []

    def mismatch_then_cancel(dialog: PasswordDialog) -> None:  # no assert in here: it would leave the dialog open
        refused.extend([dialog.windowTitle(), dialog.ui.hint.text()])
        dialog.ui.new.setText(OWN)
        dialog.ui.confirm.setText(OWN + "x")
        dialog.accept()
        ops.settle(dialog)  # refused on the database lane
        refused.extend([dialog.ui.error.text(), str(dialog.isVisible()), dialog.ui.confirm.styleSheet()])
        dialog.reject()  # 注销
    when_shown(LoginDialog, _sign_in_as("jingban", ONE_TIME, then=lambda: when_shown(PasswordDialog,
                                                                                      mismatch_then_cancel)))
    assert sign_in(ui_db, Lanes(), "旧州镇总工会") is None
    title, hint, error, still_open, marked = refused
    assert title == "设置自己的密码" and "一次性密码" in hint and "不一致" in error
    assert still_open == "True" and "b00020" in marked  # the refused field is framed red
    assert audit_tail(ui_db, start) == [("login", "users", "jingban"), ("update", "users", "jingban"),
                                        ("logout", "users", "jingban")]
    assert auth.login(ui_db, "jingban", ONE_TIME).must_change_password  # still one-time: nothing was set


def test_an_unsaved_file_form_is_asked_about_before_the_switch(qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_db, ui_clerk)
    form = window.show_screen("files").open_file(None)
    assert isinstance(form, FileForm)
    qtbot.waitUntil(lambda: form.clean is not None, timeout=5000)
    type_into(qtbot, form.ui.name, "张三")
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def act(box: QMessageBox) -> None:
            asked.append(box.text())
            box.button(button).click()
        return act
    when_shown(QMessageBox, answer(QMessageBox.StandardButton.Cancel))
    assert not window.switch_user()  # 取消: the form stays with what was typed, nobody else signs in
    assert asked and "未保存" in asked[0] and form.isVisible() and form.ui.name.text() == "张三"
    assert window.user == ui_clerk
    when_shown(QMessageBox, answer(QMessageBox.StandardButton.Discard))
    when_shown(LoginDialog, _sign_in_as("admin", "Songnuan2024"))
    assert window.switch_user()
    assert not form.isVisible() and window.user.username == "admin"
    window.lanes.wait()


def test_another_open_dialog_refuses_the_switch_by_name(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_db, ui_admin)
    dialog = UserDialog(ui_db, ui_admin, window.lanes, parent=window)
    dialog.show()
    told: list[str] = []

    def read(box: QMessageBox) -> None:
        told.append(box.text())
        box.accept()
    when_shown(QMessageBox, read)
    assert not window.switch_user()
    assert told == ["切换用户前，请先完成并关闭这些窗口：“新建用户”。"]
    assert dialog.isVisible() and window.user == ui_admin and window.centralWidget().isVisible()
    dialog.reject()
    window.lanes.wait()
