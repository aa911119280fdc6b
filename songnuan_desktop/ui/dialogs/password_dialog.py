"""The signed-in user changes their own password (the old one is asked for again)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services import auth
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_password_dialog import Ui_PasswordDialog


class PasswordDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user = db, user
        self.ui = Ui_PasswordDialog()
        self.ui.setupUi(self)

    def accept(self) -> None:
        ui = self.ui
        if ui.new.text() != ui.confirm.text():
            ui.error.setText(self.tr("The two new passwords differ. Type the same password twice."))
            return
        try:
            auth.change_password(self.db, self.user, ui.old.text(), ui.new.text())
        except DomainError as exc:
            ui.error.setText(exc.message)
            return
        super().accept()
