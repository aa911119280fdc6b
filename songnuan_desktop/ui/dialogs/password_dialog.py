"""The signed-in user's own password: changed from the menu (the old one asked again), or set at the first
sign-in after a one-time password an administrator gave (`first=True`: nothing else until it is done)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.user_dialog import mark_field
from songnuan_desktop.ui.generated.ui_password_dialog import Ui_PasswordDialog


class PasswordDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, parent: QWidget | None = None, first: bool = False) -> None:
        super().__init__(parent)
        self.db, self.user, self.first = db, user, first
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
        try:
            users.check_password_strength(ui.new.text())
            users.check_repeated(ui.new.text(), ui.confirm.text())
            if self.first:
                self.user = auth.set_own_password(self.db, self.user, ui.new.text())
            else:
                auth.change_password(self.db, self.user, ui.old.text(), ui.new.text())
        except DomainError as exc:
            ui.error.setText(exc.message)
            mark_field(self.fields, exc)
            return
        super().accept()
