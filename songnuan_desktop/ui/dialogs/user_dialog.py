"""Create or edit a user: name, password (new users only) and roles."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services import office, users
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_user_dialog import Ui_UserDialog


class UserDialog(QDialog):
    def __init__(self, db: Database, by: SessionUser, existing: users.UserRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.by, self.existing = db, by, existing
        self.ui = Ui_UserDialog()
        self.ui.setupUi(self)
        self.boxes: dict[Role, QCheckBox] = {
            Role.CLERK: self.ui.roleClerk, Role.REVIEWER: self.ui.roleReviewer,
            Role.APPROVER: self.ui.roleApprover, Role.FINANCE: self.ui.roleFinance, Role.ADMIN: self.ui.roleAdmin,
            Role.COUNTY: self.ui.roleCounty,
        }
        self.ui.roleCounty.setVisible(office.local_office(db).level == "county")
        if existing is None:
            self.setWindowTitle(self.tr("New user"))
            return
        self.setWindowTitle(self.tr("Edit user"))
        self.ui.username.setText(existing.username)
        self.ui.username.setEnabled(False)
        self.ui.displayName.setText(existing.display_name)
        self.ui.password.setEnabled(False)
        self.ui.password.setPlaceholderText(self.tr("use “Reset password…” to change it"))
        for role, box in self.boxes.items():
            box.setChecked(role in existing.roles)
        self.ui.active.setChecked(existing.active)

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())

    def accept(self) -> None:
        ui = self.ui
        try:
            if self.existing is None:
                users.create_user(
                    self.db, self.by, ui.username.text(), ui.displayName.text(), ui.password.text(), self.roles()
                )
            else:
                users.update_user(
                    self.db, self.by, self.existing.id, ui.displayName.text(), self.roles(), ui.active.isChecked()
                )
        except DomainError as exc:
            ui.error.setText(exc.message)
            return
        super().accept()
