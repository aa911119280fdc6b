"""Sign-in (with the first password after a one-time one), and the same dialog as the lock (user name fixed).
The password is checked on the database lane (ui.ops): scrypt takes a noticeable moment and the sign-in is
written to the audit log, which may wait for the lock; the buttons are held meanwhile."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.password_dialog import PasswordDialog
from songnuan_desktop.ui.generated.ui_login_dialog import Ui_LoginDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op, settle
from songnuan_desktop.workers.lanes import Lanes


def sign_in(db: Database, lanes: Lanes, office_name: str, parent: QWidget | None = None, username: str = "",
            hint: str = "") -> SessionUser | None:
    """The one way into the window (at start, 切换用户, 注销): the sign-in dialog, then, for a one-time
    password, the user's own password before anything else. None when cancelled at either step."""
    dialog = LoginDialog(db, lanes, office_name, parent, username)
    if hint:
        dialog.ui.hint.setText(hint)
    if not dialog.exec() or dialog.user is None:
        return None
    return own_password_first(db, lanes, dialog.user, parent)


def own_password_first(db: Database, lanes: Lanes, user: SessionUser,
                       parent: QWidget | None = None) -> SessionUser | None:
    """The user as signed in once their own password is set; None (and signed out) when they cancel."""
    if not user.must_change_password:
        return user
    dialog = PasswordDialog(db, user, lanes, parent, first=True)
    if dialog.exec():
        return dialog.user
    Op(dialog, lanes, lambda: auth.logout(db, user)).run()
    settle(dialog)  # written on the lane before the caller goes on (at start-up it ends the program)
    return None


class LoginDialog(QDialog):
    def __init__(self, db: Database, lanes: Lanes, office_name: str, parent: QWidget | None = None,
                 username: str = "") -> None:
        super().__init__(parent)
        self.db, self.lanes = db, lanes
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.ui.office.setText(office_name)
        self.user: SessionUser | None = None
        self.ui.username.setText(username)
        (self.ui.password if username else self.ui.username).setFocus()
        ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        ok.setDefault(True)

    def accept(self) -> None:
        db, username, password = self.db, self.ui.username.text(), self.ui.password.text()
        Op(self, self.lanes, lambda: auth.login(db, username, password)).holding(self.ui.buttons) \
            .success(self._signed_in).failure(self._refused).one_at_a_time().run()

    def _signed_in(self, user: SessionUser) -> None:
        self.user = user
        super().accept()

    def _refused(self, exc: Exception) -> None:
        self.ui.error.setText(describe(exc))
        self.ui.password.selectAll()
        self.ui.password.setFocus()


class LockDialog(QDialog):
    """Shown after the idle time: only the signed-in user's password opens the window again."""

    def __init__(self, db: Database, lanes: Lanes, user: SessionUser, office_name: str,
                 parent: QWidget | None = None, manual: bool = False) -> None:
        super().__init__(parent)
        self.db, self.lanes, self.user = db, lanes, user
        self.leaving = False  # only 退出程序 ends the program from here: Esc and the close button do nothing
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(self.tr("Locked"))
        self.ui.office.setText(office_name)
        hint = (self.tr("The window was locked from the menu. {0}, type your password to go on.") if manual else
                self.tr("The window was locked because nobody used it for a while. {0}, type your password to go on."))
        # Another person cannot take over a locked window (its open forms are {0}'s): {0} unlocks and uses
        # 切换用户, or the program is ended.
        others = self.tr("Someone else needs the computer: {0} unlocks it and chooses File › Switch user, "
                         "or the program is ended with “Exit the program” (what is not saved is lost).")
        self.ui.hint.setText(hint.format(user.display_name) + "\n" + others.format(user.display_name))
        self.ui.username.setText(user.username)
        self.ui.username.setEnabled(False)
        self.ui.password.setFocus()
        buttons = self.ui.buttons
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        leave = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        leave.setText(self.tr("Exit the program"))
        leave.clicked.connect(self._leave)

    def _leave(self) -> None:
        self.leaving = True
        self.reject()

    def reject(self) -> None:
        """Esc or the window's close button on the lock screen used to quit the program: only 退出程序 does."""
        if self.leaving:
            super().reject()

    def accept(self) -> None:
        db, user, password = self.db, self.user, self.ui.password.text()
        Op(self, self.lanes, lambda: auth.unlock(db, user, password)).holding(self.ui.buttons) \
            .success(lambda _none: super(LockDialog, self).accept()).failure(self._refused).one_at_a_time().run()

    def _refused(self, exc: Exception) -> None:
        self.ui.error.setText(describe(exc))
        self.ui.password.clear()
