"""Issue 13, sessions: the idle lock covers the open dialogs too (a file form with typed data), keeps what
was typed, and only the same user opens it again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.dialogs.login import LockDialog
from songnuan_desktop.ui.idle import Curtain
from songnuan_desktop.ui.main_window import MainWindow
from tests.ui.helpers import settled, type_into
from tests.ui.sessions_helpers import when_shown


def test_the_idle_lock_covers_an_open_file_form_and_keeps_its_input(  # type: ignore[no-untyped-def]
        qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:
    window = MainWindow(ui_db, ui_clerk)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    form = window.show_screen("files").open_file(None)
    assert isinstance(form, FileForm)
    qtbot.waitUntil(lambda: form.clean is not None, timeout=5000)
    type_into(qtbot, form.ui.name, "张三")
    type_into(qtbot, form.ui.phone, "13800138000")
    seen: dict[str, object] = {}

    def while_locked(dialog: LockDialog) -> None:
        curtains = form.findChildren(Curtain)
        seen["covered"] = len(curtains) == 1 and curtains[0].isVisible() and curtains[0].geometry() == form.rect()
        seen["form open"] = form.isVisible()
        seen["window hidden"] = not window.centralWidget().isVisible()
        seen["on top"] = QApplication.activeModalWidget() is dialog
        dialog.ui.password.setText("Songnuan2024")  # the administrator's password does not open the clerk's lock
        dialog.accept()
        settled(qtbot, dialog)  # checked (scrypt) on the database lane
        seen["refused"] = dialog.isVisible() and "不正确" in dialog.ui.error.text()
        dialog.ui.password.setText("Jingban2024")
        window.idle.limit_ms = 0  # once is enough: no second lock 50 ms later
        dialog.accept()

    when_shown(LockDialog, while_locked)
    window.idle.limit_ms = 50
    with qtbot.waitSignal(window.idle.idle, timeout=10_000):
        window.idle.timer.start(10)
    qtbot.waitUntil(lambda: "refused" in seen and window.centralWidget().isVisible(), timeout=5000)
    assert seen == {"covered": True, "form open": True, "window hidden": True, "on top": True, "refused": True}
    qtbot.waitUntil(lambda: not form.findChildren(Curtain), timeout=2000)  # lifted
    assert form.isVisible() and form.ui.name.text() == "张三" and form.ui.phone.text() == "13800138000"
    assert form.unsaved() and not window.idle.paused
    form.clean = None  # the test is over; let pytest-qt close it without asking
    window.lanes.wait()


def test_a_lock_from_the_menu_over_a_message_box_covers_it_too(qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = MainWindow(ui_db, ui_clerk)
    qtbot.addWidget(window)
    window.show()
    box = QMessageBox(QMessageBox.Icon.Information, "送暖", "已保存。", parent=window)
    box.show()
    covered: list[bool] = []

    def unlock(dialog: LockDialog) -> None:
        covered.append(bool(box.findChildren(Curtain)) and "菜单" in dialog.ui.hint.text())
        dialog.ui.password.setText("Jingban2024")
        dialog.accept()
    when_shown(LockDialog, unlock)
    window.ui.actionLock.trigger()
    assert covered == [True] and box.isVisible() and not box.findChildren(Curtain)
    box.accept()
    window.lanes.wait()
