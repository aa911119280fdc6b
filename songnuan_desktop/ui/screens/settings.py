"""设置: parameters (versioned), 低保线, users and roles, and the audit log with its chain check. Every read and
write runs on the database lane (ui.ops); a table is filled when its rows come back. These ops belong to the
tabs (`ui.tabs`), not to the screen, so a backup (one at a time for the screen) is never refused while they run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from songnuan_desktop.domain.codes import ENTITY_LABELS
from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.domain.settings import CHOICES, EXCLUSION_LABELS, LABELS, MONEY_KEYS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.audit import audit_log, audit_text
from songnuan_desktop.services.files import file_detail, file_history
from songnuan_desktop.services.office import office, settings
from songnuan_desktop.services.access import users
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.dibao_dialog import DibaoDialog
from songnuan_desktop.ui.dialogs.user_dialog import ResetPasswordDialog, UserDialog
from songnuan_desktop.ui.generated.ui_settings_screen import Ui_SettingsScreen
from songnuan_desktop.ui.screens.settings_backups import BackupsTab
from songnuan_desktop.ui.screens.settings_key import KeyLine
from songnuan_desktop.ui.screens.settings_org import OrgTab
from songnuan_desktop.ui.messages import show_error, show_info
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import tables
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.workers.lanes import Lanes

READ_ONLY_KEYS = frozenset({"exclusions"})  # edited with the eligibility rules of the files screen


class SettingsScreen(QWidget):
    parameters_read = Signal(dict)  # the values in force today, each time they are read (the window's idle lock)

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_SettingsScreen()
        self.ui.setupUi(self)
        self.values: dict[str, Any] = {}
        admin = user.may(Action.EDIT_SETTINGS)
        self.ui.readOnlyHint.setVisible(not admin)
        if not admin and user.may(Action.EDIT_ORGANISATION):  # a clerk keeps the unions and units (组织机构)
            self.ui.readOnlyHint.setText(self.tr(
                "Only an administrator can change parameters and users; you can look at them. Unions and work "
                "units you can keep yourself under Organisation."))
        ui = self.ui
        for button, action in ((ui.editParameter, Action.EDIT_SETTINGS), (ui.addDibao, Action.SET_POVERTY_LINE),
                               (ui.addUser, Action.NEW_USER), (ui.editUser, Action.EDIT_USER),
                               (ui.resetPassword, Action.RESET_PASSWORD)):
            follow_role(button, user, action)
        self.ui.editParameter.clicked.connect(self.edit_parameter)
        if admin:
            self.ui.parametersTable.cellDoubleClicked.connect(lambda *_: self.edit_parameter())
        self.ui.addDibao.clicked.connect(self.add_dibao)
        self.ui.addUser.clicked.connect(lambda: self.edit_user(new=True))
        self.ui.editUser.clicked.connect(lambda: self.edit_user(new=False))
        self.ui.resetPassword.clicked.connect(self.reset_password)
        self.ui.verifyAudit.clicked.connect(self.verify_audit)
        self.ui.refreshAudit.clicked.connect(self.load_audit)
        self.ui.tabs.currentChanged.connect(
            lambda index: self.load_audit() if self.ui.tabs.widget(index) is self.ui.auditTab else None)
        self.backups_tab = BackupsTab(self.ui, db, lanes, self)
        self.key_line = KeyLine(self.ui, db, user, lanes, self)
        self.org_tab = OrgTab(self.ui, db, user, lanes, self)
        self.ui.tabs.currentChanged.connect(
            lambda index: self.backups_tab.load() if self.ui.tabs.widget(index) is self.ui.backupsTab else None)

    def refresh(self) -> None:
        db = self.db
        Op(self.ui.tabs, self.lanes, lambda: office.local_office(db)).success(self._show_office).run()
        self.key_line.load()
        self.load_parameters()
        self.load_dibao()
        self.load_users()
        self.org_tab.load()
        self.load_audit()

    def _show_office(self, info: office.OfficeInfo) -> None:
        self.ui.office.setText(self.tr("{0} · region code {1} · signed in as {2} ({3})").format(
            info.name, info.region_code, self.user.display_name, self.user.role_text))

    # parameters ---------------------------------------------------------------------------------
    def _shown(self, key: str, value: Any) -> str:
        if key in MONEY_KEYS:
            return f"{value / 100:,.2f}"
        if key in CHOICES:
            return CHOICES[key].get(value, value)
        if key == "exclusions":
            return "；".join(EXCLUSION_LABELS.get(v, v) for v in value)
        return str(value)

    def load_parameters(self) -> None:
        db, office_id = self.db, self.user.office_id
        Op(self.ui.tabs, self.lanes, lambda: settings.current(db, office_id)).success(self._show_parameters).run()

    def _show_parameters(self, values: dict[str, Any]) -> None:
        self.values = values
        self.parameters_read.emit(values)
        keys = list(self.values)
        rows = [(LABELS.get(k, k), self._shown(k, self.values[k])) for k in keys]
        tables.fill(self.ui.parametersTable, [self.tr("Setting"), self.tr("Value in force today")], rows, keys)

    def edit_parameter(self) -> None:
        key = tables.selected_key(self.ui.parametersTable)
        if key is None:
            show_info(self, self.tr("Choose a setting in the table first."))
            return
        if key in READ_ONLY_KEYS:
            show_info(self, self.tr("This setting is kept with the eligibility rules of the worker files."))
            return
        value = self._ask(key, self.values[key])
        if value is None:
            return
        db, user = self.db, self.user
        Op(self.ui.tabs, self.lanes, lambda: settings.set_value(db, user, key, value, dt.date.today())) \
            .holding(self.ui.editParameter, self.ui.parametersTable).success(lambda _v: self.load_parameters()) \
            .failure(self._not_set).run()

    def _not_set(self, exc: Exception) -> None:
        show_error(self, exc)
        self.load_parameters()

    def _ask(self, key: str, current: Any) -> Any:
        label = LABELS.get(key, key) + self.tr(" (takes effect from today)")
        if key in CHOICES:
            words = CHOICES[key]
            names = list(words.values())
            choice, ok = QInputDialog.getItem(self, LABELS[key], label, names,
                                              names.index(words.get(current, names[0])), False)
            return [k for k, v in words.items() if v == choice][0] if ok else None
        if key in MONEY_KEYS:
            yuan, ok = QInputDialog.getDouble(self, LABELS[key], label, current / 100, 0, 10_000_000, 2)
            return round(yuan * 100) if ok else None
        if isinstance(current, int):
            number, ok = QInputDialog.getInt(self, LABELS[key], label, current, 0, 100_000)
            return number if ok else None
        text, ok = QInputDialog.getText(self, LABELS[key], label, QLineEdit.EchoMode.Normal, str(current))
        return text.strip() if ok else None

    # 低保线 ---------------------------------------------------------------------------------------
    def load_dibao(self) -> None:
        db, office_id = self.db, self.user.office_id
        Op(self.ui.tabs, self.lanes, lambda: settings.dibao_lines(db, office_id)).success(self._show_dibao).run()

    def _show_dibao(self, lines: list[settings.DibaoRow]) -> None:
        self.dibao = lines
        area = {"urban": self.tr("Urban"), "rural": self.tr("Rural")}
        rows = [(d.region_code, d.region_name, area.get(d.area, d.area), f"{d.monthly_fen / 100:,.2f}",
                 f"{d.effective_from:%Y-%m-%d}") for d in self.dibao]
        headers = [self.tr("Region code"), self.tr("Region"), self.tr("Urban or rural"),
                   self.tr("Yuan per person per month"), self.tr("Effective from")]
        tables.fill(self.ui.dibaoTable, headers, rows, list(range(len(rows))), right_aligned=(3,))

    def add_dibao(self) -> None:
        index = tables.selected_key(self.ui.dibaoTable)
        template = self.dibao[index] if index is not None else (self.dibao[0] if self.dibao else None)
        if DibaoDialog(self.db, self.user, self.lanes, template, self).exec():
            self.load_dibao()

    # users ----------------------------------------------------------------------------------------
    def load_users(self) -> None:
        db, office_id = self.db, self.user.office_id
        Op(self.ui.tabs, self.lanes, lambda: users.list_users(db, office_id)).success(self._show_users).run()

    def _show_users(self, listed: list[users.UserRow]) -> None:
        self.users = {u.id: u for u in listed}
        rows = [(u.username, u.display_name, "、".join(ROLE_LABELS[r] for r in Role if r in u.roles),
                 self._account(u)) for u in self.users.values()]
        headers = [self.tr("User name"), self.tr("Full name"), self.tr("Roles"), self.tr("Account")]
        tables.fill(self.ui.usersTable, headers, rows, list(self.users))

    def _account(self, u: users.UserRow) -> str:
        if not u.active:
            return self.tr("disabled")
        if u.must_change_password:  # a one-time password given by the administrator, not yet replaced
            return self.tr("active, own password not yet set")
        return self.tr("active")

    def edit_user(self, new: bool) -> None:
        existing = None
        if not new:
            key = tables.selected_key(self.ui.usersTable)
            if key is None:
                show_info(self, self.tr("Choose a user in the table first."))
                return
            existing = self.users[key]
        if UserDialog(self.db, self.user, self.lanes, existing, self).exec():
            self.load_users()

    def reset_password(self) -> None:
        key = tables.selected_key(self.ui.usersTable)
        if key is None:
            show_info(self, self.tr("Choose a user in the table first."))
            return
        target = self.users[key]
        if ResetPasswordDialog(self.db, self.user, self.lanes, target, self).exec():  # typed twice, one-time (issue 13)
            show_info(self, self.tr("The password of {0} was changed.").format(target.display_name))
            self.load_users()

    # audit log ------------------------------------------------------------------------------------
    def load_audit(self) -> None:
        """The latest entries in words (who did what to which record), never the raw JSON; read and worded on
        the database lane (ui.ops), the refresh button held meanwhile."""
        db, user = self.db, self.user
        Op(self.ui.auditTab, self.lanes, lambda: _audit_rows(db, user)).holding(self.ui.refreshAudit) \
            .success(self._show_audit).run()

    def _show_audit(self, rows: list[tuple[int, str, str, str, str]]) -> None:
        headers = [self.tr("No."), self.tr("Time"), self.tr("By"), self.tr("Record"), self.tr("What happened")]
        tables.fill(self.ui.auditTable, headers, rows, right_aligned=(0,))

    def verify_audit(self) -> None:
        db = self.db
        Op(self, self.lanes, lambda: audit_log.verify_chain(db)).holding(self.ui.verifyAudit) \
            .success(self._verified).run()

    def _verified(self, report: audit_log.ChainReport) -> None:
        if report.ok:
            show_info(self, report.message)
        else:
            QMessageBox.critical(self, self.tr("Audit log"), report.message)


def _audit_rows(db: Database, user: SessionUser) -> list[tuple[int, str, str, str, str]]:
    """On the database lane: the latest 300 entries, in words."""
    entries = audit_log.recent(db, 300)
    full = file_detail.sees_full_numbers(user)
    names = file_history.names_in(db, entries)
    return [(e.seq, _local(e.at), names.get(e.username, e.username), ENTITY_LABELS.get(e.entity, e.entity),
             audit_text.describe_change(e, names, full=full)) for e in entries]


def _local(at: dt.datetime) -> str:
    return local_text(at, seconds=True)
