"""The signed-in user's own password: changed from the menu (the old one asked again), or set at the first
sign-in after a one-time password an administrator gave (`first=True`: nothing else until it is done).
Checked and stored on the database lane (ui.ops): scrypt takes a noticeable moment and the write may wait for
the lock, so the window never freezes; the buttons are held meanwhile."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.user_dialog import mark_field
from songnuan_desktop.ui.generated.ui_password_dialog import Ui_PasswordDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes


def _store(db: Database, user: SessionUser, first: bool, old: str, new: str, repeat: str) -> SessionUser:
    """On the database lane: the checks, then the new password (scrypt) stored; the user as signed in now."""
    users.check_password_strength(new)
    users.check_repeated(new, repeat)
    if first:
        return auth.set_own_password(db, user, new)
    auth.change_password(db, user, old, new)
    return user


class PasswordDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None,
                 first: bool = False) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.first = db, user, lanes, first
        self.ui = Ui_PasswordDialog()
        self.ui.setupUi(self)
        self.fields = {"old": self.ui.old, "new": self.ui.new, "password": self.ui.new, "repeat": self.ui.confirm}
        self.ui.hint.setVisible(first)
        if not first:
            return
        self.setWindowTitle(self.tr("Set your own password"))
        self.ui.hint.setText(self.tr(
            "{0}, you signed in with a one-time password from the administrator. Set a password only you "
            "know before you go on. Cancel signs you out.").format(user.display_name))
        self.ui.old.setVisible(False)
        self.ui.oldLabel.setVisible(False)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Sign out"))
        self.ui.new.setFocus()

    def accept(self) -> None:
        ui = self.ui
        old, new, repeat = ui.old.text(), ui.new.text(), ui.confirm.text()
        Op(self, self.lanes, lambda: _store(self.db, self.user, self.first, old, new, repeat)) \
            .holding(ui.buttons).success(self._stored).failure(self._refused).one_at_a_time().run()

    def _stored(self, user: SessionUser) -> None:
        self.user = user
        super().accept()

    def _refused(self, exc: Exception) -> None:
        self.ui.error.setText(describe(exc))
        if isinstance(exc, DomainError):
            mark_field(self.fields, exc)
