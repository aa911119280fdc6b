"""走访日历: the visits of the office on a month, week or day, with the public holidays, lunar dates
and the chosen campaign's period; conflicts and reminders beside it, each in words.

Reading runs on the database lane (one job for the visible range: groups, campaigns, visits and
conflicts); moving and deleting too. The dialogs call their service on Save. The services are the
guard: a refusal (a group booked twice, a visit changed by someone else since) is shown as it is.

The last move (a drag) can be undone (撤销移动, Ctrl+Z): the visit is moved back through the same
service, so the move back is checked for clashes and audit-logged like any other; any other change
forgets it. The week and day views open on the chosen visit's day when one is chosen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QDialog, QListWidgetItem, QMessageBox, QWidget

from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.visits import visit_quotas
from songnuan_desktop.services import visits
from songnuan_desktop.services.campaigns.campaigns import CampaignSummary
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits.visit_quotas import QuotaProgress
from songnuan_desktop.services.visits import Conflict, GroupView, VisitView
from songnuan_desktop.ui.dialogs.visit_dialogs import OutcomeDialog, VisitDialog
from songnuan_desktop.ui.generated.ui_visits_screen import Ui_VisitsScreen
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.screens.visit_tools import VisitTools
from songnuan_desktop.ui.widgets.calendar_grid import GridPane
from songnuan_desktop.ui.widgets.calendar_views import MonthView, month_layout, month_start, visit_tooltip
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id
from songnuan_desktop.ui.widgets.refusals import enable, follow_role, role_reason
from songnuan_desktop.ui.widgets.visit_quota_panel import VisitQuotaPanel
from songnuan_desktop.workers.lanes import Lanes

MONTH, WEEK, DAY = "month", "week", "day"
ONE_DAY = dt.timedelta(days=1)
WARNING = QColor("#a15c00")
ERROR = QColor("#b00020")


@dataclass(frozen=True)
class CalendarData:
    start: dt.date
    end: dt.date
    groups: list[GroupView]
    campaigns: list[CampaignSummary]
    visits: list[VisitView]
    conflicts: list[Conflict]
    quota_campaign: str = ""  # the campaign whose 走访指标 the side panel shows
    quota: QuotaProgress | None = None


def load_calendar(db: Database, user: SessionUser, start: dt.date, end: dt.date,
                  group_ids: tuple[uuid.UUID, ...] | None, campaign_id: uuid.UUID | None) -> CalendarData:
    """Everything the calendar shows for [start, end], read on the database lane; the quota's progress of the
    chosen campaign, or of the newest campaign the range touches (as the campaign period shown)."""
    found = campaigns.list_campaigns(db, user.office_id)
    touching = [c for c in found if c.id == campaign_id] if campaign_id else [
        c for c in found if c.start_date <= end and c.end_date >= start]
    progress = visit_quotas.progress(db, user.office_id, touching[0].id) if touching else None
    return CalendarData(start, end, visits.groups(db, user.office_id), found,
                        visits.visits_between(db, user, start, end, group_ids=group_ids, campaign_id=campaign_id),
                        visits.conflicts_between(db, user, start, end, campaign_id=campaign_id),
                        touching[0].name if touching else "", progress)


def visible_range(mode: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    if mode == MONTH:
        first = month_start(anchor)
        return first, first + 41 * ONE_DAY
    if mode == WEEK:
        monday = anchor - anchor.weekday() * ONE_DAY
        return monday, monday + 6 * ONE_DAY
    return anchor, anchor


def step(mode: str, anchor: dt.date, direction: int) -> dt.date:
    if mode == MONTH:
        month = anchor.year * 12 + anchor.month - 1 + direction
        return dt.date(month // 12, month % 12 + 1, 1)
    return anchor + direction * (7 if mode == WEEK else 1) * ONE_DAY


class VisitsScreen(QWidget):
    loaded = Signal()  # the visible range is on screen
    acted = Signal(str)  # a change was made (its message)

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_VisitsScreen()
        self.ui.setupUi(self)
        self.mode, self.anchor, self.today = MONTH, dt.date.today(), dt.date.today()
        self.data: CalendarData | None = None
        self.selected: VisitView | None = None
        self.dialog: QDialog | None = None
        self.generation = 0
        self.said = ""  # what the last action did, said with the next reading
        self.undo: tuple[VisitView, VisitView] | None = None  # the last move: the visit before, and after it
        self.scroll_to: dt.date | None = None  # the day the week view brings into sight on its next showing
        self.month = MonthView()
        self.pane = GridPane()
        self.grid = self.pane.grid
        self.ui.views.addWidget(self.month)
        self.ui.views.addWidget(self.pane)
        self.quota = VisitQuotaPanel()  # 走访指标, above the conflicts
        self.ui.sideLayout.insertWidget(0, self.quota)
        self.ui.undoMove.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.ui.splitter.setStretchFactor(0, 4)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([820, 260])
        self.ui.campaignFilter.addItem(self.tr("All campaigns"), None)
        self.ui.groupFilter.addItem(self.tr("All groups"), None)
        # the buttons for a chosen visit: grey with the reason for a user without the role, whatever is chosen
        self.reasons = {self.ui.editVisit: role_reason(user, Action.EDIT_VISIT),
                        self.ui.recordOutcome: role_reason(user, Action.RECORD_VISIT),
                        self.ui.deleteVisit: role_reason(user, Action.DELETE_VISIT)}
        self._connect()
        self._update_buttons()

    def _connect(self) -> None:
        ui = self.ui
        ui.previous.clicked.connect(lambda: self.go(step(self.mode, self.anchor, -1)))
        ui.next.clicked.connect(lambda: self.go(step(self.mode, self.anchor, 1)))
        ui.today.clicked.connect(lambda: self.go(dt.date.today()))
        for radio, mode in ((ui.monthMode, MONTH), (ui.weekMode, WEEK), (ui.dayMode, DAY)):
            radio.toggled.connect(lambda on, m=mode: self.set_mode(m) if on else None)
        ui.campaignFilter.activated.connect(lambda _i: self.refresh())
        ui.groupFilter.activated.connect(lambda _i: self.refresh())
        # double-clicks plan or change a visit for the 经办人; anyone else's choose it (its details in the side panel)
        for view in (self.month, self.grid):
            view.visit_clicked.connect(self.choose)
            view.visit_activated.connect(lambda v: self.edit_visit(v) if self.user.may(Action.EDIT_VISIT)
                                         else self.choose(v))
        self.month.day_activated.connect(lambda d: self.new_visit(d) if self.user.may(Action.ADD_VISIT) else None)
        self.month.visit_dropped.connect(lambda v, d: self.move_visit(v, d, v.start_time, v.group_id))
        self.month.day_clicked.connect(lambda d: self.show_day(d))
        self.grid.slot_activated.connect(lambda d, t, g: self.new_visit(d, t, g) if self.user.may(Action.ADD_VISIT)
                                         else None)
        self.grid.visit_dropped.connect(self.move_visit)
        ui.conflicts.itemClicked.connect(self._conflict_chosen)
        ui.newVisit.clicked.connect(lambda: self.new_visit(self.anchor))
        ui.editVisit.clicked.connect(lambda: self.edit_visit(self.selected) if self.selected else None)
        ui.recordOutcome.clicked.connect(self.record_outcome)
        ui.deleteVisit.clicked.connect(self.delete_visit)
        ui.undoMove.clicked.connect(self.undo_move)
        self._connect_tools()

    def _connect_tools(self) -> None:
        self.tools = VisitTools(self)
        self.ui.manageGroups.clicked.connect(self.tools.manage_groups)
        self.ui.autoPlan.clicked.connect(self.tools.plan)
        self.ui.printSheet.clicked.connect(self.tools.route_sheet)
        self.ui.exportSchedule.clicked.connect(self.tools.export)
        follow_role(self.ui.manageGroups, self.user, Action.MANAGE_GROUPS)
        follow_role(self.ui.autoPlan, self.user, Action.PLAN_VISITS)
        follow_role(self.ui.newVisit, self.user, Action.ADD_VISIT)
        self.month.movable = self.grid.movable = self.user.may(Action.MOVE_VISIT)  # no drag the service would refuse

    # navigation ---------------------------------------------------------------------------------
    def go(self, day: dt.date) -> None:
        self.anchor = self.scroll_to = day
        self.refresh()

    def set_mode(self, mode: str) -> None:
        """Month, week or day; the week and the day of the chosen visit if there is one (else the anchor's)."""
        self.mode = mode
        if self.selected is not None and mode != MONTH:
            self.anchor = self.selected.date
        self.scroll_to = self.anchor
        radio = {MONTH: self.ui.monthMode, WEEK: self.ui.weekMode, DAY: self.ui.dayMode}[mode]
        if not radio.isChecked():
            radio.setChecked(True)  # comes back here through toggled
            return
        self.ui.views.setCurrentWidget(self.month if mode == MONTH else self.pane)
        self.refresh()

    def show_day(self, day: dt.date) -> None:
        """The day view of `day` (the month's '+N', the home screen's visits of today and tomorrow)."""
        self.choose(None)
        self.anchor = day
        self.set_mode(DAY)

    def campaign_id(self) -> uuid.UUID | None:
        return current_id(self.ui.campaignFilter)

    def group_ids(self) -> tuple[uuid.UUID, ...] | None:
        value = current_id(self.ui.groupFilter)
        return (value,) if value is not None else None

    # loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The visible range read afresh; main_window calls it on show."""
        self.generation += 1
        generation = self.generation
        start, end = visible_range(self.mode, self.anchor)
        self._show_period()
        db, user, group_ids, campaign_id = self.db, self.user, self.group_ids(), self.campaign_id()
        Op(self, self.lanes, lambda: load_calendar(db, user, start, end, group_ids, campaign_id)).in_background() \
            .success(lambda d: self._arrived(generation, d)) \
            .failure(lambda exc: self.ui.message.setText(describe(exc))).run()

    def _show_period(self) -> None:
        a = self.anchor
        if self.mode == MONTH:
            text = self.tr("{0}-{1:02d}").format(a.year, a.month)
        elif self.mode == WEEK:
            start, end = visible_range(WEEK, a)
            text = f"{start:%Y-%m-%d} – {end:%m-%d}"
        else:
            text = f"{a:%Y-%m-%d}"
        self.ui.period.setText(text)

    def _arrived(self, generation: int, data: CalendarData) -> None:
        if generation != self.generation:
            return
        self.data = data
        self.today = dt.date.today()
        self._fill_filters(data)
        self._show(data)
        self.loaded.emit()

    def _fill_filters(self, data: CalendarData) -> None:
        for combo, entries in ((self.ui.campaignFilter, [(c.id, c.name) for c in data.campaigns]),
                               (self.ui.groupFilter, [(g.id, g.name) for g in data.groups])):
            current = current_id(combo)
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for key, name in entries:
                add_id(combo, name, key)
            select_id(combo, current)
            combo.blockSignals(False)

    def campaign_period(self, data: CalendarData) -> tuple[dt.date, dt.date] | None:
        """The chosen campaign's period; without a choice, the newest campaign the range touches."""
        chosen = self.campaign_id()
        touching = [c for c in data.campaigns if (c.id == chosen) if chosen] or [
            c for c in data.campaigns if c.start_date <= data.end and c.end_date >= data.start]
        return (touching[0].start_date, touching[0].end_date) if touching else None

    def _show(self, data: CalendarData) -> None:
        period = self.campaign_period(data)
        chosen_groups = self.group_ids()
        groups = [g for g in data.groups if chosen_groups is None or g.id in chosen_groups]
        if self.mode == MONTH:
            self.month.set_data(month_layout(self.anchor, data.visits, data.conflicts), self.today, period)
        else:
            days = [data.start + i * ONE_DAY for i in range((data.end - data.start).days + 1)]
            self.grid.set_data(days, groups, data.visits, data.conflicts, self.today, period)
            if self.scroll_to is not None:
                self.grid.scroll_to_day(self.scroll_to)
        self.scroll_to = None
        self._show_conflicts(data.conflicts)
        self.quota.show_progress(data.quota_campaign, data.quota)
        ids = {v.id: v for v in data.visits}
        self.selected = ids.get(self.selected.id) if self.selected else None
        self._show_selected()
        count = self.tr("{0} visits, {1} households in view.").format(
            len(data.visits), sum(len(v.households) for v in data.visits))
        self.ui.message.setText(f"{self.said} {count}" if self.said else count)
        self.said = ""

    def _show_conflicts(self, conflicts: list[Conflict]) -> None:
        panel = self.ui.conflicts
        panel.clear()
        for c in sorted(conflicts, key=lambda c: (c.severity != "error", c.day or dt.date.min)):
            item = QListWidgetItem(c.message)
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setForeground(QBrush(ERROR if c.severity == "error" else WARNING))
            item.setToolTip(c.message)
            panel.addItem(item)
        self.ui.conflictsLabel.setText(self.tr("Conflicts and reminders ({0})").format(len(conflicts)))

    def _conflict_chosen(self, item: QListWidgetItem) -> None:
        conflict: Conflict = item.data(Qt.ItemDataRole.UserRole)
        shown = {v.id: v for v in self.data.visits} if self.data else {}
        visit = next((shown[i] for i in conflict.visit_ids if i in shown), None)
        if visit is not None:
            self.choose(visit)

    # selection ----------------------------------------------------------------------------------
    def choose(self, visit: VisitView | None) -> None:
        self.selected = visit
        self.month.selected = self.grid.selected = visit.id if visit else None
        self.month.update()
        self.grid.update()
        self._show_selected()

    def _show_selected(self) -> None:
        self.ui.visitDetail.setText(visit_tooltip(self.selected) if self.selected else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected is not None
        for button, reason in self.reasons.items():
            enable(button, reason, chosen)
        self.ui.undoMove.setEnabled(self.undo is not None)
        self.ui.undoMove.setToolTip(self.tr("Move the visit of {0} back to {1} {2:%H:%M} (Ctrl+Z)").format(
            self.undo[0].title, f"{self.undo[0].date:%Y-%m-%d}", self.undo[0].start_time) if self.undo else
            self.tr("Undoes the last move of a visit (Ctrl+Z)"))

    def campaign_choices(self) -> list[tuple[uuid.UUID, str]]:
        return [(c.id, c.name) for c in self.data.campaigns] if self.data else []

    # actions ------------------------------------------------------------------------------------
    def new_visit(self, day: dt.date, start: dt.time | None = None,
                  group_id: uuid.UUID | None = None) -> VisitDialog:
        groups = self.data.groups if self.data else []
        dialog = VisitDialog(self.db, self.user, self.lanes, groups, self.campaign_choices(), day=day, start=start,
                             group_id=group_id or (self.group_ids() or (None,))[0],
                             campaign_id=self.campaign_id(), parent=self)
        dialog.saved.connect(lambda v: self._done(self.tr("Visit planned: {0}.").format(v.title), v))
        return self._open(dialog)

    def edit_visit(self, visit: VisitView) -> VisitDialog:
        groups = self.data.groups if self.data else []
        dialog = VisitDialog(self.db, self.user, self.lanes, groups, self.campaign_choices(), visit=visit, parent=self)
        dialog.saved.connect(lambda v: self._done(self.tr("Visit changed: {0}.").format(v.title), v))
        return self._open(dialog)

    def record_outcome(self) -> OutcomeDialog | None:
        if self.selected is None:
            return None
        dialog = OutcomeDialog(self.db, self.user, self.lanes, self.selected, self)
        dialog.saved.connect(lambda v: self._done(self.tr("Outcome recorded: {0}.").format(v.outcome), v))
        return self._open(dialog)

    def move_visit(self, visit: VisitView, day: dt.date, start: dt.time, group_id: uuid.UUID) -> None:
        length = (dt.datetime.combine(day, visit.end_time) - dt.datetime.combine(day, visit.start_time))
        end = (dt.datetime.combine(day, start) + length).time()
        if end < start:
            end = dt.time(23, 59)
        self._run(visits.move_visit, self.db, self.user, visit.id, day, start, end, group_id, visit.row_version,
                  done=lambda v: self._done(self.tr("Visit moved to {0} {1:%H:%M}; Ctrl+Z moves it back.").format(
                      f"{v.date:%Y-%m-%d}", v.start_time), v, undo=(visit, v)))

    def undo_move(self) -> None:
        """The last move taken back: the visit as it was, through the move service (clashes checked, logged)."""
        if self.undo is None:
            return
        before, after = self.undo
        self.undo = None
        self._update_buttons()
        self._run(visits.move_visit, self.db, self.user, before.id, before.date, before.start_time, before.end_time,
                  before.group_id, after.row_version,
                  done=lambda v: self._done(self.tr("Move undone: the visit is back on {0} {1:%H:%M}.").format(
                      f"{v.date:%Y-%m-%d}", v.start_time), v))

    def delete_visit(self) -> None:
        visit = self.selected
        if visit is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete the visit"), self.tr(
            "Delete the visit of {0} on {1}? It is kept in the audit log.").format(
            visit.title, f"{visit.date:%Y-%m-%d}"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(visits.delete_visit, self.db, self.user, visit.id, visit.row_version,
                  done=lambda _r: self._done(self.tr("Visit deleted."), None))

    # plumbing -----------------------------------------------------------------------------------
    def _open(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _run(self, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        Op(self, self.lanes, lambda: fn(*args)).success(done).failure(self._refused).run()

    def _refused(self, exc: Exception) -> None:
        show_error(self, exc)
        self.refresh()  # the calendar as it is now (a stale visit read again)

    def _done(self, message: str, visit: VisitView | None,
              undo: tuple[VisitView, VisitView] | None = None) -> None:
        self.undo = undo  # only a move can be undone, and only the last change
        self.selected = visit
        self.month.selected = self.grid.selected = visit.id if visit else None
        self.said = message
        self.ui.message.setText(message)
        self.acted.emit(message)
        self.refresh()
