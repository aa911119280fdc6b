"""The calendar's tools: visit groups (list, add, change), automatic planning, the day's route sheet
and the schedule's export. Small forms built in code; the work runs on the database lane."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import approval_queue
from songnuan_desktop.services import visits
from songnuan_desktop.services.campaigns.approval_queue import QueueFilter
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupInput, GroupView
from songnuan_desktop.ui.messages import describe, show_info
from songnuan_desktop.ui.dialogs.papers import PaperDesk
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id

if TYPE_CHECKING:
    from songnuan_desktop.ui.screens.visits import VisitsScreen

ROLE = Qt.ItemDataRole.UserRole


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _form_dialog(parent: QWidget, title: str) -> tuple[QDialog, QFormLayout, QLabel, QDialogButtonBox]:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    form = QFormLayout()
    layout.addLayout(form)
    message = QLabel()
    message.setWordWrap(True)
    message.setStyleSheet("color: #b00020;")
    layout.addWidget(message)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog, form, message, buttons


class GroupDialog(QDialog):
    """新建/修改慰问组."""

    def __init__(self, screen: VisitsScreen, group: GroupView | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.calendar, self.group = screen, group
        self.saved: GroupView | None = None
        self.setWindowTitle(self.tr("Visit group"))
        layout, form = QVBoxLayout(self), QFormLayout()
        layout.addLayout(form)
        g = group
        self.name, self.leader = QLineEdit(g.name if g else ""), QLineEdit(g.leader if g else "")
        self.members, self.vehicle = QLineEdit(g.members if g else ""), QLineEdit(g.vehicle if g else "")
        self.contact = QLineEdit(g.contact if g else "")
        self.active = QCheckBox(self.tr("In use"))
        self.active.setChecked(g.active if g else True)
        for label, field in ((self.tr("Name"), self.name), (self.tr("Leading official"), self.leader),
                             (self.tr("Members"), self.members), (self.tr("Vehicle"), self.vehicle),
                             (self.tr("Contact phone"), self.contact), ("", self.active)):
            form.addRow(label, field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.setMinimumWidth(420)

    def accept(self) -> None:
        """Stored on the database lane (ui.ops), the buttons held; closed once stored."""
        data = GroupInput(self.name.text(), self.leader.text(), self.members.text(), self.vehicle.text(),
                          self.contact.text(), self.active.isChecked())
        s, group = self.calendar, self.group
        db, user = s.db, s.user
        Op(self, s.lanes, lambda: visits.save_group(db, user, data, group.id if group else None,
                                                     group.row_version if group else None)) \
            .holding(self.buttons).success(self._saved).one_at_a_time() \
            .failure(lambda exc: self.message.setText(describe(exc))).run()

    def _saved(self, saved: GroupView) -> None:
        self.saved = saved
        super().accept()


class VisitTools:
    def __init__(self, screen: VisitsScreen) -> None:
        self.screen = screen
        self.desk: PaperDesk | None = None  # the route sheet's preview, made when first printed

    def tr(self, text: str) -> str:
        # lupdate files these strings under this class: the screen's own context would leave them English
        return QCoreApplication.translate("VisitTools", text)

    # groups -------------------------------------------------------------------------------------
    def manage_groups(self) -> QDialog:
        s = self.screen
        dialog = QDialog(s)
        dialog.setWindowTitle(self.tr("Visit groups"))
        layout = QVBoxLayout(dialog)
        listing = QListWidget()
        layout.addWidget(listing)
        row = QHBoxLayout()
        add, change = QPushButton(self.tr("Add…")), QPushButton(self.tr("Change…"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        row.addWidget(add)
        row.addWidget(change)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

        db, office_id = s.db, s.user.office_id

        def fill() -> None:
            Op(dialog, s.lanes, lambda: visits.groups(db, office_id, include_inactive=True)) \
                .holding(add, change).success(show).run()

        def show(groups: list[GroupView]) -> None:
            listing.clear()
            for g in groups:
                text = f"{g.name} · {g.leader}" + (f" · {g.members}" if g.members else "")
                item = QListWidgetItem(text if g.active else self.tr("{0} (not in use)").format(text))
                item.setData(ROLE, g)
                listing.addItem(item)

        def edit(group: GroupView | None) -> None:
            editor = GroupDialog(s, group, dialog)
            s.dialog = editor
            editor.accepted.connect(fill)
            editor.accepted.connect(s.refresh)
            editor.open()

        add.clicked.connect(lambda: edit(None))
        change.clicked.connect(lambda: edit(listing.currentItem().data(ROLE)) if listing.currentItem() else None)
        listing.itemDoubleClicked.connect(lambda item: edit(item.data(ROLE)))
        fill()
        dialog.resize(480, 320)
        s.dialog = dialog
        dialog.open()
        return dialog

    # planning -----------------------------------------------------------------------------------
    def plan(self) -> QDialog | None:
        s = self.screen
        choices = s.campaign_choices()
        groups = s.data.groups if s.data else []
        dialog, form, message, buttons = _form_dialog(s, self.tr("Plan visits automatically"))
        campaign = QComboBox()
        for cid, name in choices:
            add_id(campaign, name, cid)
        select_id(campaign, s.campaign_id())
        boxes = QVBoxLayout()
        checks = []
        for g in groups:
            box = QCheckBox(g.name)
            box.setChecked(True)
            box.setProperty("group_id", str(g.id))
            checks.append((box, g.id))
            boxes.addWidget(box)
        first = QDateEdit(_qdate(max(s.anchor, dt.date.today())))
        first.setCalendarPopup(True)
        per_day = QSpinBox()
        per_day.setRange(1, 30)
        per_day.setValue(8)
        for label, field in ((self.tr("Campaign"), campaign),
                             (self.tr("Groups"), boxes), (self.tr("First day"), first),
                             (self.tr("Households per group and day"), per_day)):
            form.addRow(label, field)
        form.addRow("", QLabel(self.tr("The campaign's approved items are planned, by village and address; "
                                       "holidays are skipped.")))

        def run() -> None:
            cid = current_id(campaign)
            chosen = [gid for box, gid in checks if box.isChecked()]
            if cid is None:
                message.setText(self.tr("Choose a campaign."))
                return
            dialog.accept()
            self._run(self.tr("Planning the visits…"), plan_approved, s.db, s.user, cid,
                      chosen, _date(first.date()), per_day.value(), done=self._planned)

        buttons.accepted.connect(run)
        s.dialog = dialog
        dialog.open()
        return dialog

    def _planned(self, result: visits.PlanResult) -> None:
        lines = [result.message, *(f"{u.name}（{u.file_no}）：{u.reason}" for u in result.unplaced[:20])]
        if len(result.unplaced) > 20:
            lines.append(self.tr("… and {0} more").format(len(result.unplaced) - 20))
        if result.visits:
            self.screen.go(result.visits[0].date)
        show_info(self.screen, "\n".join(lines))

    # printing and export ------------------------------------------------------------------------
    def route_sheet(self) -> QDialog:
        s = self.screen
        dialog, form, _message, buttons = _form_dialog(s, self.tr("Print route sheet"))
        day = QDateEdit(_qdate(s.selected.date if s.selected else s.anchor))
        day.setCalendarPopup(True)
        group = QComboBox()
        add_id(group, self.tr("All groups"), None)
        for g in s.data.groups if s.data else []:
            add_id(group, g.name, g.id)
        form.addRow(self.tr("Day"), day)
        form.addRow(self.tr("Group"), group)

        def run() -> None:
            dialog.accept()
            self.route_sheet_to(_date(day.date()), current_id(group))

        buttons.accepted.connect(run)
        s.dialog = dialog
        dialog.open()
        return dialog

    def route_sheet_to(self, day: dt.date, group_id: uuid.UUID | None) -> None:
        """The day's route sheet written on the lane, then shown to print or save (ui/dialogs/papers.py)."""
        s = self.screen
        if self.desk is None:
            self.desk = PaperDesk(s, s.lanes)
            self.desk.previewed.connect(self._previewed)
        db, user = s.db, s.user
        self.desk.show(self.tr("Writing the route sheet…"), self.tr("Route sheet"), f"走访安排表-{day:%Y-%m-%d}.pdf",
                       lambda path: visits.export_route_sheet(db, user, day, path, group_id))

    def _previewed(self, dialog: QDialog) -> None:
        self.screen.dialog = dialog

    def export(self) -> None:
        s = self.screen
        menu = QMenu(s)
        menu.addAction(self.tr("Phone calendar (.ics)…"), lambda: self.choose_export("ics"))
        menu.addAction(self.tr("Excel (.xlsx)…"), lambda: self.choose_export("xlsx"))
        menu.popup(s.ui.exportSchedule.mapToGlobal(s.ui.exportSchedule.rect().bottomLeft()))

    def choose_export(self, kind: str) -> None:
        s = self.screen
        start, end = (s.data.start, s.data.end) if s.data else (s.anchor, s.anchor)
        pattern = self.tr("Calendar files (*.ics)") if kind == "ics" else self.tr("Excel files (*.xlsx)")
        name = file_dialogs.save_file(s, "visit_schedule", self.tr("Export the schedule"), pattern,
                                      f"走访安排-{start:%Y%m%d}-{end:%Y%m%d}.{kind}")
        if name is not None:
            self.export_to(kind, start, end, name)

    def export_to(self, kind: str, start: dt.date, end: dt.date, target: Path) -> None:
        s = self.screen
        fn = visits.export_ics if kind == "ics" else visits.export_xlsx
        group = (s.group_ids() or (None,))[0]
        self._run(self.tr("Exporting the schedule…"), fn, s.db, s.user, start, end, target, group,
                  done=lambda _r: show_info(s, self.tr("The schedule was saved to {0}.").format(target)))

    # plumbing -----------------------------------------------------------------------------------
    def _run(self, label: str, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> None:
        s = self.screen

        def finish(value: Any) -> None:
            done(value)
            s.refresh()

        Op(s, s.lanes, lambda: fn(*args)).with_progress(label).success(finish).run()


def plan_approved(db: Database, user: SessionUser, campaign_id: uuid.UUID, group_ids: list[uuid.UUID],
                  first_day: dt.date, per_day: int) -> visits.PlanResult:
    """The campaign's approved items, planned (the service orders them by village and address)."""
    items = approval_queue.campaign_items(db, user, campaign_id, QueueFilter(states=(ItemState.APPROVED,)))
    return visits.plan(db, user, campaign_id, [i.item_id for i in items], group_ids, first_day, per_day)
