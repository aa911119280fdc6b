"""首页: the clerk's day — what waits for the signed-in user (services.home.todo), one line each that opens the
screen where it is done, filtered; then the office at a glance (files, campaigns, users). Loaded on the
database lane."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from songnuan_desktop.domain.eligibility import date_text
from songnuan_desktop.domain.roles import ROLE_LABELS
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import office
from songnuan_desktop.services.home import overview, todo
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.home.todo import TodoLine
from songnuan_desktop.ui.generated.ui_home_screen import Ui_HomeScreen
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import tables
from songnuan_desktop.workers.lanes import Lanes

if TYPE_CHECKING:  # the main window builds these screens when first opened, not with the home screen
    from songnuan_desktop.ui.screens.approval import ApprovalScreen
    from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
    from songnuan_desktop.ui.screens.files import FilesScreen
    from songnuan_desktop.ui.screens.payouts import PayoutsScreen
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.ui.screens.visits import VisitsScreen

STATUS_KEYS = ("planning", "active", "closed")
LINE_STYLE = ("QPushButton { text-align: left; padding: 6px 10px; border: none; font-size: 14px; }"
              "QPushButton:hover, QPushButton:focus { background: #eef5fb; color: #0d47a1; }")


class HomeScreen(QWidget):
    opened = Signal(object)  # a to-do line was opened: the screen now showing it

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_HomeScreen()
        self.ui.setupUi(self)
        self.loaded = False
        self.today: dt.date | None = None  # None: the real today (tests and a demo office set their own)
        self.lines: list[TodoLine] = []
        self.line_buttons: list[QPushButton] = []

    def refresh(self) -> None:
        db, user, today = self.db, self.user, self.today
        Op(self, self.lanes, lambda: _read(db, user, today)).in_background() \
            .success(self._show).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.ui.welcome.setText(self.tr("The overview could not be loaded: {0}").format(exc))

    def _status_text(self, status: str) -> str:
        labels = {"planning": self.tr("Planning"), "active": self.tr("Under way"), "closed": self.tr("Closed")}
        return labels.get(status, status)

    def _show(self, result: Any) -> None:
        summary, campaigns, lines = result
        ui = self.ui
        ui.officeName.setText(summary.office.name)
        welcome = self.tr("Welcome, {0} ({1}).")
        if summary.office.level == "county":  # the townships' files are not the county's own
            welcome = self.tr("Welcome, {0} ({1}). The townships' files, lists and payouts are under Townships; "
                              "the figures here are the county union's own.")
        ui.welcome.setText(welcome.format(self.user.display_name, self.user.role_text))
        ui.filesCard.setText(self.tr("Worker files\n{0} on file, {1} in all").format(
            summary.active_files, summary.worker_files))
        active = sum(1 for c in campaigns if c.status == "active")
        ui.campaignsCard.setText(self.tr("Campaigns\n{0} under way, {1} in all").format(active, len(campaigns)))
        ui.usersCard.setText(self.tr("Users\n{0} accounts").format(summary.users))
        self._show_todo(lines)
        headers = [self.tr("Campaign"), self.tr("Kind"), self.tr("Period"), self.tr("Status"), self.tr("Items"),
                   self.tr("Waiting for approval"), self.tr("Budget (yuan)"), self.tr("Approved (yuan)"),
                   self.tr("Paid (yuan)")]
        rows = [
            (c.name, c.kind, f"{c.start_date:%Y-%m-%d} — {c.end_date:%Y-%m-%d}", self._status_text(c.status),
             c.items, c.pending, format_fen(c.budget_fen), format_fen(c.approved_fen), format_fen(c.paid_fen))
            for c in campaigns
        ]
        tables.fill(ui.campaignsTable, headers, rows, right_aligned=(4, 5, 6, 7, 8), stretch=0)
        self.loaded = True

    # the to-do list -----------------------------------------------------------------------------
    def _show_todo(self, lines: list[TodoLine]) -> None:
        self.lines = lines
        for button in self.line_buttons:
            button.deleteLater()
        self.line_buttons = []
        today = self.today or dt.date.today()
        self.ui.todoTitle.setText(self.tr("To do today, {0}").format(date_text(today)))
        self.ui.todoEmpty.setVisible(not lines)
        for line in lines:
            button = QPushButton(self.line_text(line, today), self.ui.todoBox)
            button.setStyleSheet(LINE_STYLE)
            button.setToolTip(self.tr("Opens {0}").format(self.screen_name(line.screen)))
            button.clicked.connect(lambda _checked=False, chosen=line: self.open_line(chosen))
            self.ui.todoLines.addWidget(button)
            self.line_buttons.append(button)

    def screen_name(self, key: str) -> str:
        return {todo.APPROVAL: self.tr("Approval"), todo.CAMPAIGNS: self.tr("Campaigns"),
                todo.VISITS: self.tr("Visit calendar"), todo.PAYOUTS: self.tr("Payouts"),
                todo.FILES: self.tr("Worker files"), todo.SETTINGS: self.tr("Settings")}.get(key, key)

    def line_text(self, line: TodoLine, today: dt.date) -> str:
        n, name = line.count, line.campaign_name
        texts = {
            todo.SUBMIT: lambda: self.tr("Drafts to submit: {0} items").format(n),
            todo.RETURNED: lambda: self.tr("Returned, to correct and submit again: {0} items").format(n),
            todo.REVIEW: lambda: self.tr("Submitted, waiting for your review: {0} items (not your own)").format(n),
            todo.TO_NOTICE: lambda: self.tr("Reviewed, to put in a public notice: {0} items").format(n),
            todo.OBJECTIONS: lambda: self.tr("Objections to settle: {0} items").format(n),
            todo.APPROVE: lambda: self.tr(
                "Notice period over, waiting for your approval: {0} items (not your own)").format(n),
            todo.NOTICE_ENDING: lambda: (
                self.tr("{0}: the public notice ends today, {1} items") if line.day == today else
                self.tr("{0}: the public notice ends on {2}, {1} items")).format(
                name, n, date_text(line.day or today)),
            todo.VISITS_TODAY: lambda: self.tr("Visits today: {0}, {1} households").format(n, line.households),
            todo.VISITS_TOMORROW: lambda: self.tr("Visits tomorrow: {0}, {1} households").format(
                n, line.households),
            todo.TO_PRINT: lambda: self.tr("{0}: approved, no voucher printed yet: {1} items").format(name, n),
            todo.UNPAID: lambda: self.tr("{0}: voucher printed, payment not confirmed: {1} items").format(name, n),
            todo.REVIEW_DUE_FILES: lambda: self.tr("Files not reviewed for over a year: {0} households").format(n),
            todo.ROLES_MISSING: lambda: self.tr(
                "No user holds these roles yet: {0}. Add users in Settings › Users (proposing, reviewing and "
                "approving an item must be done by different people)").format(
                "、".join(ROLE_LABELS[role] for role in line.roles)),
        }
        return f"{texts[line.kind]()}  ›" if line.kind in texts else line.kind

    def open_line(self, line: TodoLine) -> QWidget | None:
        """The line's screen in the main window, its filter set first (the screen reads it as it is shown)."""
        window = self.window()
        if line.screen not in [s.key for s in getattr(window, "specs", [])]:
            return None
        screen: QWidget = window.screens[line.screen]  # type: ignore[attr-defined]  # built if not yet
        narrow(screen, line)
        shown: QWidget = window.show_screen(line.screen)  # type: ignore[attr-defined]
        if line.screen == todo.VISITS and line.day is not None:
            cast("VisitsScreen", screen).show_day(line.day)
        self.opened.emit(shown)
        return shown


def _choose_data(combo: QComboBox, value: str) -> None:
    """The entry whose data reads `value` (states are kept as enums or strings: compared as text)."""
    index = next((i for i in range(combo.count()) if str(combo.itemData(i) or "") == value), 0)
    combo.setCurrentIndex(index)


def narrow(screen: QWidget, line: TodoLine) -> None:
    """Set the screen's own filter to what the line counted (the screens read it on showing). By the line's
    screen key: the screens' modules are imported when the main window first builds them, not here."""
    if line.screen == todo.APPROVAL:
        approval = cast("ApprovalScreen", screen)
        approval.ui.search.clear()
        approval.ui.campaign.setCurrentIndex(0)
        approval.ui.category.setCurrentIndex(0)
        _choose_data(approval.ui.state, line.state)
    elif line.screen == todo.FILES:
        files = cast("FilesScreen", screen)
        files.ui.search.clear()
        files.ui.category.setCurrentIndex(0)
        _choose_data(files.ui.status, todo.REVIEW_DUE.status)
        files.ui.neverAssisted.setChecked(False)
        files.ui.notReviewed.setChecked(todo.REVIEW_DUE.not_reviewed_for_a_year)
    elif line.screen == todo.PAYOUTS:
        payouts = cast("PayoutsScreen", screen)
        payouts.chosen = line.campaign_id
        payouts.ui.search.clear()
        _choose_data(payouts.ui.stateFilter, line.state)
    elif line.screen == todo.SETTINGS:
        settings = cast("SettingsScreen", screen)
        settings.ui.tabs.setCurrentWidget(settings.ui.usersTab)
    elif line.screen == todo.CAMPAIGNS:
        campaigns = cast("CampaignsScreen", screen)
        campaigns.chosen = line.campaign_id
        campaigns.ui.search.clear()
        _choose_data(campaigns.ui.stateFilter, line.state)


def _read(db: Database, user: SessionUser,
          today: dt.date | None) -> tuple[office.OfficeSummary, list[overview.CampaignLine], list[TodoLine]]:
    """On the database lane: the office's figures, its campaigns and the user's to-do list."""
    summary = office.summary(db)
    return summary, overview.campaigns(db, summary.office.id), todo.todo(db, user, today)
