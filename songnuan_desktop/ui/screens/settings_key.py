"""The signing key line of 设置: the office's key fingerprint (read-only), 打印密钥登记表, and 登记对方密钥 — the
county registers a township's key, a township its county's, typed from the other's sheet (administrator;
at the county also the 县总工会 role)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import key_register, keys
from songnuan_desktop.services.office.key_register import RegisteredKeyInfo
from songnuan_desktop.services.office.keys import KeyInfo
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_settings_screen import Ui_SettingsScreen
from songnuan_desktop.ui.messages import show_error, show_info
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.workers.lanes import Lanes


class KeyLine(QObject):
    printed = Signal(object)  # KeyInfo, once the sheet is written (tests wait for it)
    registered = Signal(object)  # RegisteredKeyInfo

    def __init__(self, ui: Ui_SettingsScreen, db: Database, user: SessionUser, lanes: Lanes, screen: QWidget) -> None:
        super().__init__(screen)
        self.ui, self.db, self.user, self.lanes, self.screen = ui, db, user, lanes, screen
        follow_role(ui.printKeySheet, user, Action.PRINT_KEY_SHEET)
        ui.printKeySheet.clicked.connect(self.ask_where)
        follow_role(ui.registerKey, user, Action.REGISTER_KEY)
        ui.registerKey.clicked.connect(self.ask_key)

    def load(self) -> None:
        """Read on the database lane (ui.ops)."""
        db = self.db
        Op(self.ui.tabs, self.lanes, lambda: keys.office_key(db)).success(self._show_key).run()

    def _show_key(self, info: KeyInfo | None) -> None:
        self.ui.signingKey.setText(
            self.tr("Signing key fingerprint: {0}").format(info.fingerprint) if info is not None else
            self.tr("No signing key yet: it is made at the first export, or when the sheet is printed."))

    def ask_where(self) -> None:
        path = file_dialogs.save_file(self.screen, "key-sheet", self.tr("Save the key registration sheet"),
                                      self.tr("PDF files (*.pdf)"), "密钥登记表.pdf")
        if path is not None:
            self.print_to(path)

    def print_to(self, path: Path) -> None:
        self.ui.printKeySheet.setEnabled(False)
        db, user = self.db, self.user
        Op(self, self.lanes, lambda: keys.export_key_sheet(db, user, path)) \
            .success(lambda info: self._done(info, path)).failure(self._failed).run()

    def _done(self, info: KeyInfo, path: Path) -> None:
        self.ui.printKeySheet.setEnabled(True)
        self.load()
        self.printed.emit(info)
        show_info(self.screen, self.tr("Key registration sheet saved: {0}. Sign and seal it and take it to the other "
                                       "office once.").format(path))

    def ask_key(self) -> None:
        title = self.tr("Register another office's key")
        name, ok = QInputDialog.getText(self.screen, title, self.tr(
            "The other office's name, as on its key registration sheet:"))
        if not ok or not name.strip():
            return
        typed, ok = QInputDialog.getText(self.screen, title, self.tr(
            "All 16 groups of the fingerprint on its sheet (e.g. 3F2A-91C0-…):"))
        if ok and typed.strip():
            self.register(name, typed)

    def register(self, name: str, typed: str) -> None:
        db, user = self.db, self.user
        Op(self, self.lanes, lambda: key_register.register_key(db, user, name, typed)) \
            .success(self._registered).failure(lambda exc: show_error(self.screen, exc)).run()

    def _registered(self, info: RegisteredKeyInfo) -> None:
        self.registered.emit(info)
        text = self.tr("The key {0} of {1} is registered: packages signed with it are taken in.").format(
            info.fingerprint, info.office_name)
        if info.revoked_others:
            text += self.tr(" Its older key no longer counts.")
        show_info(self.screen, text)

    def _failed(self, exc: Exception) -> None:
        self.ui.printKeySheet.setEnabled(True)
        show_error(self.screen, exc)
