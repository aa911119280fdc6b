"""Create or edit a user: name, a one-time password typed twice (new users only) and roles; and an
administrator's reset of a forgotten password (one-time too: the user sets their own at the next sign-in).
Read, checked and stored on the database lane (ui.ops): scrypt takes a noticeable moment and a write may wait for
the lock; the buttons are held meanwhile and the dialog closes once it is stored."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import office
from songnuan_desktop.services.access import users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_reset_password_dialog import Ui_ResetPasswordDialog
from songnuan_desktop.ui.generated.ui_user_dialog import Ui_UserDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes

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
    def __init__(self, db: Database, by: SessionUser, lanes: Lanes, existing: users.UserRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.by, self.lanes, self.existing = db, by, lanes, existing
        self.ui = Ui_UserDialog()
        self.ui.setupUi(self)
        self.boxes: dict[Role, QCheckBox] = {
            Role.CLERK: self.ui.roleClerk, Role.REVIEWER: self.ui.roleReviewer,
            Role.APPROVER: self.ui.roleApprover, Role.FINANCE: self.ui.roleFinance, Role.ADMIN: self.ui.roleAdmin,
            Role.COUNTY: self.ui.roleCounty,
        }
        self.fields = {"username": self.ui.username, "display_name": self.ui.displayName,
                       "password": self.ui.password, "repeat": self.ui.repeat}
        self.ui.roleCounty.setVisible(False)  # a county office's role: shown once the office is read (the
        # box's own op, so 确定 pressed at once is not refused as busy: the lane reads before it writes)
        Op(self.ui.roleCounty, lanes, lambda: office.local_office(db).level == "county") \
            .success(self.ui.roleCounty.setVisible).run()
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
        ui, db, by, roles = self.ui, self.db, self.by, self.roles()
        name = ui.displayName.text()
        username, password, repeat = ui.username.text(), ui.password.text(), ui.repeat.text()
        existing, active = self.existing, ui.active.isChecked()

        def work() -> object:
            if existing is None:
                return _create(db, by, username, name, password, repeat, roles)
            return users.update_user(db, by, existing.id, name, roles, active)

        Op(self, self.lanes, work).holding(ui.buttons).success(lambda _row: super(UserDialog, self).accept()) \
            .failure(lambda exc: _refused(ui.error, self.fields, exc)).one_at_a_time().run()


class ResetPasswordDialog(QDialog):
    """A new one-time password for a user who forgot theirs, typed twice."""

    def __init__(self, db: Database, by: SessionUser, lanes: Lanes, target: users.UserRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.by, self.lanes, self.target = db, by, lanes, target
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
        ui, db, by, target_id = self.ui, self.db, self.by, self.target.id
        password, repeat = ui.password.text(), ui.repeat.text()
        Op(self, self.lanes, lambda: _reset(db, by, target_id, password, repeat)).holding(ui.buttons) \
            .success(lambda _none: super(ResetPasswordDialog, self).accept()) \
            .failure(lambda exc: _refused(ui.error, self.fields, exc)).one_at_a_time().run()


def _create(db: Database, by: SessionUser, username: str, name: str, password: str, repeat: str,
            roles: frozenset[Role]) -> object:
    """On the database lane: what to fix first (the password's strength), then the repeat, then stored."""
    users.check_password_strength(password)
    users.check_repeated(password, repeat)
    return users.create_user(db, by, username, name, password, roles)


def _reset(db: Database, by: SessionUser, target_id: uuid.UUID, password: str, repeat: str) -> None:
    users.check_password_strength(password)
    users.check_repeated(password, repeat)
    users.reset_password(db, by, target_id, password)


def _refused(error: QLabel, fields: dict[str, QLineEdit], exc: Exception) -> None:
    """The refusal in words under the form, the refused field marked."""
    error.setText(describe(exc))
    if isinstance(exc, DomainError):
        mark_field(fields, exc)

