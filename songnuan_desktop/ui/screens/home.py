"""首页: the office at a glance — files, campaigns, users — loaded on the database lane."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services import office, overview
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_home_screen import Ui_HomeScreen
from songnuan_desktop.ui.widgets import tables
from songnuan_desktop.workers.lanes import Lanes

STATUS_KEYS = ("planning", "active", "closed")


class HomeScreen(QWidget):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_HomeScreen()
        self.ui.setupUi(self)
        self.loaded = False

    def refresh(self) -> None:
        self.lanes.submit(self.lanes.db, self._load, on_done=self._show, on_error=self._failed,
                          owner=self)

    def _load(self) -> tuple[office.OfficeSummary, list[overview.CampaignLine]]:
        summary = office.summary(self.db)
        return summary, overview.campaigns(self.db, summary.office.id)

    def _failed(self, exc: Exception) -> None:
        self.ui.welcome.setText(self.tr("The overview could not be loaded: {0}").format(exc))

    def _status_text(self, status: str) -> str:
        labels = {"planning": self.tr("Planning"), "active": self.tr("Under way"), "closed": self.tr("Closed")}
        return labels.get(status, status)

    def _show(self, result: Any) -> None:
        summary, campaigns = result
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
