"""Create or edit a user: name, a one-time password typed twice (new users only) and roles; and an
administrator's reset of a forgotten password (one-time too: the user sets their own at the next sign-in)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import office
from songnuan_desktop.services.access import users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_reset_password_dialog import Ui_ResetPasswordDialog
from songnuan_desktop.ui.generated.ui_user_dialog import Ui_UserDialog

MARKED = "border: 1px solid #b00020;"


def mark_field(fields: dict[str, QLineEdit], exc: DomainError) -> None:
    """The refused field gets the focus and a red frame (its words are shown under the form); the others lose it."""
    for widget in fields.values():
        widget.setStyleSheet("")
    refused = fields.get(str(exc.fields.get("field", "")))
    if refused is not None:
        refused.setStyleSheet(MARKED)
        refused.selectAll()
        refused.setFocus()


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
        self.fields = {"username": self.ui.username, "display_name": self.ui.displayName,
                       "password": self.ui.password, "repeat": self.ui.repeat}
        self.ui.roleCounty.setVisible(office.local_office(db).level == "county")
        if existing is None:
            self.setWindowTitle(self.tr("New user"))
            return
        self.setWindowTitle(self.tr("Edit user"))
        self.ui.username.setText(existing.username)
        self.ui.username.setEnabled(False)
        self.ui.displayName.setText(existing.display_name)
        for line in (self.ui.password, self.ui.repeat):
            line.setEnabled(False)
        self.ui.password.setPlaceholderText(self.tr("use “Reset password…” to change it"))
        self.ui.passwordHint.setText(self.tr("Waiting for the user to set their own password at their next sign-in.")
                                     if existing.must_change_password else "")
        self.ui.passwordHint.setVisible(existing.must_change_password)
        for role, box in self.boxes.items():
            box.setChecked(role in existing.roles)
        self.ui.active.setChecked(existing.active)

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())

    def accept(self) -> None:
        ui = self.ui
        try:
            if self.existing is None:
                users.check_password_strength(ui.password.text())  # what to fix first, then the repeat
                users.check_repeated(ui.password.text(), ui.repeat.text())
                users.create_user(
                    self.db, self.by, ui.username.text(), ui.displayName.text(), ui.password.text(), self.roles()
                )
            else:
                users.update_user(
                    self.db, self.by, self.existing.id, ui.displayName.text(), self.roles(), ui.active.isChecked()
                )
        except DomainError as exc:
            ui.error.setText(exc.message)
            mark_field(self.fields, exc)
            return
        super().accept()


class ResetPasswordDialog(QDialog):
    """A new one-time password for a user who forgot theirs, typed twice."""

    def __init__(self, db: Database, by: SessionUser, target: users.UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.by, self.target = db, by, target
        self.ui = Ui_ResetPasswordDialog()
        self.ui.setupUi(self)
        self.fields = {"password": self.ui.password, "repeat": self.ui.repeat}
        own = target.id == by.id
        self.ui.hint.setText((self.tr("Your own new password.") if own else self.tr(
            "A one-time password for {0}: tell it to them; at their next sign-in they must set their own "
            "before they can go on.")).format(target.display_name))
        self.ui.passwordLabel.setText(self.tr("New password") if own else self.tr("One-time password"))
        self.ui.password.setFocus()

    def accept(self) -> None:
        ui = self.ui
        try:
            users.check_password_strength(ui.password.text())
            users.check_repeated(ui.password.text(), ui.repeat.text())
            users.reset_password(self.db, self.by, self.target.id, ui.password.text())
        except DomainError as exc:
            ui.error.setText(exc.message)
            mark_field(self.fields, exc)
            return
        super().accept()

