"""The main window: navigation on the left, one screen at a time, office/user/database below.

One window serves one signed-in user at a time: 切换用户 and 注销 tear the screens down and build them again
for the next user (their roles decide what the screens offer), so nothing of the previous session stays
reachable; the lock covers the window and every open dialog without closing them.

A screen is built the first time it is shown (navigation, `show_screen`, a home line, or asked for through
`screens[key]`), not with the window: start-up builds the first screen only, and a screen's module (with the
services and libraries it imports) is imported when that screen is first needed (issue 17 item 5).

What the window needs of the database before it is built — the office (its name, whether it is a county) and
the idle minutes of the lock — is read on the database lane (`read_start`), at start-up by app.py before the
sign-in, and handed in (issue 17 item 4: no service call on the UI thread). A change of the idle minutes in
设置 reaches the window when the settings screen reads its parameters back (`SettingsScreen.parameters_read`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication, QDialog, QLabel, QListWidgetItem, QMainWindow, QMessageBox, QStyle, QWidget,
)

from songnuan_desktop import __version__, config
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office import office, settings
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.login import LockDialog, sign_in
from songnuan_desktop.ui.dialogs.password_dialog import PasswordDialog
from songnuan_desktop.ui.generated.ui_main_window import Ui_MainWindow
from songnuan_desktop.ui.idle import IdleWatcher, cover_open_windows
from songnuan_desktop.ui.screens.placeholder import PlaceholderScreen
from songnuan_desktop.ui import ops
from songnuan_desktop.workers.lanes import Lanes


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


class Screens(dict[str, QWidget]):
    """The screens built so far, by key. Asking for one not built yet (`screens["payouts"]`) builds it
    (without showing it); `get`, `in`, `values()` and comparisons see the built ones only."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        screen = self._build(key)  # raises KeyError for a key that names no screen
        self[key] = screen
        return screen


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    purpose: str = ""  # for screens not built yet


@dataclass(frozen=True)
class WindowStart:
    """What the window needs of the database before it is built."""

    office: office.OfficeInfo
    idle_lock_minutes: int


def read_start(db: Database) -> WindowStart:
    """On the database lane: this database's office and its idle minutes in force today (NotFound, in words,
    while the office has not been set up)."""
    info = office.local_office(db)
    return WindowStart(info, int(settings.get(db, info.id, "idle_lock_minutes")))


class MainWindow(QMainWindow):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes | None = None,
                 start: WindowStart | None = None) -> None:
        """`start` as app.py read it on the lane before the sign-in; without it (the self-test, tests) it is
        read on the database lane here, the event loop running meanwhile."""
        lanes = lanes or Lanes()
        start = start or ops.result(lanes, lambda: read_start(db))
        super().__init__()
        self.db, self.user = db, user
        self.lanes = lanes
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.office = start.office
        self.specs: list[ScreenSpec] = []
        self.screens = Screens(self._build_screen)
        self.ui.navigation.currentRowChanged.connect(self._show_screen)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionLock.triggered.connect(self.lock_from_menu)  # bound methods: gone with the window
        self.ui.actionAbout.triggered.connect(self.about)
        self.ui.actionChangePassword.triggered.connect(self.change_password)
        self.ui.actionSwitchUser.triggered.connect(self.switch_user)
        self.ui.actionSignOut.triggered.connect(self.sign_out)
        self._status_bar()
        self.idle = IdleWatcher(start.idle_lock_minutes, self)
        _app().installEventFilter(self.idle)
        self.idle.idle.connect(self.lock)
        self._start_session(user)

    def _start_session(self, user: SessionUser) -> None:
        """The screens, title, status bar and menu for `user`, built afresh."""
        self.user = user
        # Ends with the application display name, so Qt does not append it a second time ("送暖 0.1.0 —
        # 重安镇总工会 — 送暖"); the version is in 帮助 › 关于.
        self.setWindowTitle(self.tr("{0} — {1} — Songnuan").format(self.office.name, user.display_name))
        self.user_label.setText(self.tr("User: {0} ({1})").format(user.display_name, user.role_text))
        self.ui.actionSignOut.setText(self.tr("Sign &out {0}").format(user.display_name))
        self.specs = self.screen_specs()
        for spec in self.specs:
            self._add_navigation(spec)
        # Connections to a screen's signals belong in _build_screen, not in __init__: every user gets new
        # screens, each built when first shown. A county works on its townships' packages first.
        self.show_screen("exchange" if self.is_county else "home")
        self.idle.resume()

    def _end_session(self) -> None:
        """Every screen of the user who leaves is gone (with the dialogs they own): nothing stays reachable."""
        self.lanes.wait(10_000)  # a job of the old session reports to its screen before the screen goes
        self.ui.navigation.blockSignals(True)  # clearing moved the current row: it built a screen of the leaving
        self.ui.navigation.clear()             # user's (the files screen) on the way out
        self.ui.navigation.blockSignals(False)
        for screen in self.screens.values():
            self.ui.screens.removeWidget(screen)
            screen.deleteLater()
        self.screens = Screens(self._build_screen)
        self.specs = []
        self.user_label.setText("")
        self.ui.statusbar.clearMessage()  # e.g. “您的密码已修改。” was said to the user who left

    @property
    def is_county(self) -> bool:
        return self.office.level == "county"

    def screen_specs(self) -> list[ScreenSpec]:
        sp = QStyle.StandardPixmap
        return [
            ScreenSpec("home", self.tr("Overview"), sp.SP_DesktopIcon),
            ScreenSpec("files", self.tr("Worker files"), sp.SP_FileDialogDetailedView, self.tr(
                "Keep a file for every household in hardship: the person, the household, income, causes, "
                "payout account and scans; eligibility explained in words; import of Excel registers.")),
            ScreenSpec("campaigns", self.tr("Campaigns"), sp.SP_FileDialogNewFolder, self.tr(
                "Campaigns such as the New Year and Spring Festival warmth campaign: budgets, payment "
                "standards, and the list of proposed households.")),
            ScreenSpec("approval", self.tr("Approval"), sp.SP_DialogApplyButton, self.tr(
                "The items waiting for you: first review, public notice, approval; four-eyes rule enforced.")),
            ScreenSpec("visits", self.tr("Visit calendar"), sp.SP_FileDialogInfoView, self.tr(
                "Visit groups and home visits on a calendar with public holidays and lunar dates.")),
            ScreenSpec("payouts", self.tr("Payouts"), sp.SP_DialogSaveButton, self.tr(
                "Vouchers, sign-off rosters and bank transfer lists to print; confirmation of payment; "
                "spot-checks.")),
            ScreenSpec("reports", self.tr("Reports"), sp.SP_FileDialogContentsView, self.tr(
                "Counts and amounts by category, cause, work unit and campaign; the county's tables.")),
            ScreenSpec("exchange", self.tr("Townships"), sp.SP_DriveFDIcon) if self.is_county else
            ScreenSpec("exchange", self.tr("Send to county"), sp.SP_DriveFDIcon, self.tr(
                "The encrypted package for the county union on a USB stick, and the county's decisions back.")),
            ScreenSpec("settings", self.tr("Settings"), sp.SP_FileDialogListView),
        ]

    def _make_screen(self, key: str) -> QWidget | None:
        """A new screen for `key`, its module imported here the first time (not at start-up)."""
        args = (self.db, self.user, self.lanes)
        match key:
            case "home":
                from songnuan_desktop.ui.screens.home import HomeScreen
                return HomeScreen(*args)
            case "files":
                from songnuan_desktop.ui.screens.files import FilesScreen
                return FilesScreen(*args)
            case "campaigns":
                from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
                return CampaignsScreen(*args)
            case "approval":
                from songnuan_desktop.ui.screens.approval import ApprovalScreen
                return ApprovalScreen(*args)
            case "visits":
                from songnuan_desktop.ui.screens.visits import VisitsScreen
                return VisitsScreen(*args)
            case "payouts":
                from songnuan_desktop.ui.screens.payouts import PayoutsScreen
                return PayoutsScreen(*args)
            case "reports":
                from songnuan_desktop.ui.screens.reports import ReportsScreen
                return ReportsScreen(*args)
            case "settings":
                from songnuan_desktop.ui.screens.settings import SettingsScreen
                return SettingsScreen(*args)
            case "exchange" if self.is_county:  # the townships' packages come in here; nothing is sent up
                from songnuan_desktop.ui.screens.county import CountyScreen
                return CountyScreen(*args)
            case "exchange":
                from songnuan_desktop.ui.screens.exchange import ExchangeScreen
                return ExchangeScreen(*args)
        return None

    def _build_screen(self, key: str) -> QWidget:
        """The screen of `key`, built now and put in the stack (not shown). KeyError for an unknown key."""
        spec = next((s for s in self.specs if s.key == key), None)
        if spec is None:
            raise KeyError(key)
        screen = self._make_screen(key) or PlaceholderScreen(spec.title, spec.purpose)
        screen.setObjectName(f"screen_{key}")
        self.ui.screens.addWidget(screen)
        if key == "settings":  # the idle minutes changed there are read back with the other parameters
            screen.parameters_read.connect(self._parameters_read)  # type: ignore[attr-defined]
        return screen

    def _parameters_read(self, values: dict[str, Any]) -> None:
        minutes = values.get("idle_lock_minutes")
        if minutes is not None:
            self.idle.set_minutes(int(minutes))

    def _add_navigation(self, spec: ScreenSpec) -> None:
        item = QListWidgetItem(self.style().standardIcon(spec.icon), spec.title)
        item.setData(Qt.ItemDataRole.UserRole, spec.key)
        item.setSizeHint(item.sizeHint().expandedTo(self.ui.navigation.iconSize() * 2))
        self.ui.navigation.addItem(item)

    def _show_screen(self, row: int) -> None:
        if row < 0 or row >= len(self.specs):
            return
        screen = self.screens[self.specs[row].key]  # built here the first time
        self.ui.screens.setCurrentWidget(screen)
        refresh = getattr(screen, "refresh", None)
        if refresh is not None:
            refresh()

    def show_screen(self, key: str) -> QWidget:
        """The screen of `key` made current (built first if it was not yet), as a click in the navigation."""
        row = [s.key for s in self.specs].index(key)
        self.ui.navigation.setCurrentRow(row)
        screen = self.screens[key]
        if self.ui.screens.currentWidget() is not screen:  # the row was current already (a new session)
            self._show_screen(row)
        return screen

    def _status_bar(self) -> None:
        bar = self.ui.statusbar
        bar.addWidget(QLabel(self.tr("Office: {0}").format(self.office.name)))
        self.user_label = QLabel()
        bar.addWidget(self.user_label)
        location = QLabel(self.tr("Database: {0}").format(self.db.location))
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addPermanentWidget(location)

    def lock_from_menu(self) -> None:
        self.lock(manual=True)

    def lock(self, manual: bool = False) -> None:
        """Nothing personal stays on screen while locked: the window's content is hidden and every open dialog
        covered (not closed: a file form keeps what was typed). Only the same user unlocks; anyone else can
        only end the program."""
        self.idle.paused = True
        self.ui.centralwidget.setVisible(False)
        curtains = cover_open_windows(self, self.tr("Locked: this window is kept as it was until it is unlocked."))
        dialog = LockDialog(self.db, self.lanes, self.user, self.office.name, self, manual=manual)
        if dialog.exec():
            for curtain in curtains:
                curtain.lift()
            self.ui.centralwidget.setVisible(True)
            self.idle.resume()
        else:
            self.close()

    # 切换用户 and 注销 --------------------------------------------------------------------------------
    def switch_user(self) -> bool:
        """The sign-in over the window; another user gets the window built for their roles, a cancel leaves
        the current user where they were. True when another user signed in."""
        if not self.may_leave(self.tr("switch user")):
            return False
        self.idle.paused = True
        self.ui.centralwidget.setVisible(False)  # the next person at the keyboard sees nothing of this session
        user = sign_in(self.db, self.lanes, self.office.name, self, hint=self.tr(
            "{0} is handing the window over. The next user signs in with their own name and password; "
            "Cancel goes back to {0}.").format(self.user.display_name))
        self.ui.centralwidget.setVisible(True)
        if user is None:
            self.idle.resume()
            return False
        self._logout(switching=True)
        self._end_session()
        self._start_session(user)
        return True

    def sign_out(self) -> bool:
        """The user leaves: the screens are gone and the sign-in asks who is next; cancelling it ends the
        program. True when someone signed in again."""
        if not self.may_leave(self.tr("sign out")):
            return False
        self.idle.paused = True
        self._logout(switching=False)
        self._end_session()
        self.setWindowTitle(self.tr("{0} — Songnuan").format(self.office.name))
        user = sign_in(self.db, self.lanes, self.office.name, self)
        if user is None:
            self.close()
            return False
        self._start_session(user)
        return True

    def _logout(self, switching: bool) -> None:
        """Written on the database lane; `_end_session` waits for the lane before the screens go."""
        db, leaving = self.db, self.user
        ops.Op(self, self.lanes, lambda: auth.logout(db, leaving, switching=switching)).run()

    def open_windows(self) -> list[QWidget]:
        return [w for w in _app().topLevelWidgets() if w is not self and w.isVisible() and w.isWindow()]

    def may_leave(self, what: str) -> bool:
        """A form that knows its unsaved changes (the file form) asks 保存 / 放弃 / 取消 as when it is closed;
        any other open window refuses the change of user, named, so the user closes it first."""
        for window in self.open_windows():
            unsaved = getattr(window, "unsaved", None)
            if callable(unsaved) and isinstance(window, QDialog):
                window.reject()  # asks when there is something unsaved; closes when saved or discarded
                ops.settle(window)  # a save asked for is stored on the database lane: its end is waited for
                if window.isVisible():
                    return False  # 取消, or a save refused (the form says why): the user stays
        left = self.open_windows()
        if not left:
            return True
        untitled = self.tr("untitled window")
        names = "、".join("“" + (w.windowTitle() or untitled) + "”" for w in left)
        QMessageBox.information(self, self.tr("Close the open windows first"), self.tr(
            "Before you {0}, finish and close these windows: {1}.").format(what, names))
        return False

    def change_password(self) -> None:
        if PasswordDialog(self.db, self.user, self.lanes, self).exec():
            self.ui.statusbar.showMessage(self.tr("Your password was changed."), 8000)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Songnuan"), self.tr(
            "Songnuan {0}\nHardship assistance and the warmth campaign of a township trade union.\n"
            "Database: {1}").format(__version__, self.db.location))

    def show_as_last_time(self) -> None:
        """The size and place the window had when last closed; maximised on the first run (a 1366×768 office
        screen has no room to spare)."""
        geometry = _window_settings().value("main/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self.show()
        else:
            self.showMaximized()

    def closeEvent(self, event: QCloseEvent) -> None:
        try:
            _window_settings().setValue("main/geometry", self.saveGeometry())
        except OSError:
            pass  # a read-only data folder: the next start is maximised again, nothing else is lost
        _app().removeEventFilter(self.idle)
        self.lanes.wait(10_000)
        super().closeEvent(event)


def _window_settings() -> QSettings:
    """Window sizes in the data folder beside the log, not in the registry (one place for what a PC keeps)."""
    return QSettings(str(config.data_dir() / "window.ini"), QSettings.Format.IniFormat)
