"""The visit dialog (new or changed visit: group, date and time, purpose, campaign, households found
by name or pinyin, note) and the outcome dialog (done / not at home / rescheduled, the five "clears",
note, photos). Each calls its service on the database lane (ui.ops) on Save, the buttons held meanwhile; a
refusal is said in the dialog, which stays open. The household search runs on the lane too."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import cast
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services import visits
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import GroupView, VisitHouseholdView, VisitInput, VisitView
from songnuan_desktop.ui.generated.ui_visit_dialog import Ui_VisitDialog
from songnuan_desktop.ui.generated.ui_visit_outcome_dialog import Ui_VisitOutcomeDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, find_id, select_id
from songnuan_desktop.workers.lanes import Lanes

SEARCH_PAUSE_MS = 200
ROLE = Qt.ItemDataRole.UserRole
_PLANNED, DONE, NOT_HOME, RESCHEDULED = visits.OUTCOMES


def household_text(h: VisitHouseholdView) -> str:
    return " · ".join(p for p in (h.name, h.village or h.address, h.category) if p)


def _time(t: QTime) -> dt.time:
    return dt.time(t.hour(), t.minute())


def _qtime(t: dt.time) -> QTime:
    return QTime(t.hour, t.minute)


class VisitDialog(QDialog):
    saved = Signal(object)  # the VisitView saved

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, groups: Sequence[GroupView],
                 campaigns: Sequence[tuple[uuid.UUID, str]], visit: VisitView | None = None,
                 day: dt.date | None = None, start: dt.time | None = None, group_id: uuid.UUID | None = None,
                 campaign_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.visit = db, user, lanes, visit
        self.ui = Ui_VisitDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.setWindowTitle(self.tr("New visit") if visit is None else self.tr("Change the visit"))
        for g in groups:
            add_id(ui.group, g.name, g.id)
        ui.purpose.addItems(list(visits.PURPOSES))
        add_id(ui.campaign, self.tr("(no campaign)"), None)
        for cid, name in campaigns:
            add_id(ui.campaign, name, cid)
        self.pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.search)
        ui.search.textChanged.connect(lambda _t: self.pause.start())
        ui.search.returnPressed.connect(self.search)
        ui.add.clicked.connect(self.add_found)
        ui.found.itemDoubleClicked.connect(lambda _i: self.add_found())
        ui.remove.clicked.connect(self.remove_chosen)
        ui.chosen.itemDoubleClicked.connect(lambda _i: self.remove_chosen())
        if visit is not None:
            self._fill(visit)
        else:
            self._defaults(day or dt.date.today(), start or dt.time(9), group_id, campaign_id)

    def _defaults(self, day: dt.date, start: dt.time, group_id: uuid.UUID | None,
                  campaign_id: uuid.UUID | None) -> None:
        ui = self.ui
        ui.date.setDate(QDate(day.year, day.month, day.day))
        ui.start.setTime(_qtime(start))
        ui.end.setTime(_qtime(start).addSecs(90 * 60))
        if group_id is not None:
            select_id(ui.group, group_id)
        if campaign_id is not None:
            select_id(ui.campaign, campaign_id)

    def _fill(self, v: VisitView) -> None:
        ui = self.ui
        if find_id(ui.group, v.group_id) < 0:
            add_id(ui.group, v.group_name, v.group_id)  # a group made inactive since
        select_id(ui.group, v.group_id)
        ui.date.setDate(QDate(v.date.year, v.date.month, v.date.day))
        ui.start.setTime(_qtime(v.start_time))
        ui.end.setTime(_qtime(v.end_time))
        if ui.purpose.findText(v.purpose) < 0:
            ui.purpose.addItem(v.purpose)
        ui.purpose.setCurrentText(v.purpose)
        if v.campaign_id is not None and find_id(ui.campaign, v.campaign_id) < 0:
            add_id(ui.campaign, v.campaign_name, v.campaign_id)
        select_id(ui.campaign, v.campaign_id)
        for h in v.households:
            self._add(ui.chosen, h)
        ui.note.setPlainText(v.note)

    @staticmethod
    def _add(target: QListWidget, h: VisitHouseholdView) -> None:
        item = QListWidgetItem(household_text(h))
        item.setData(ROLE, h.file_id)
        item.setToolTip(" ".join(p for p in (h.file_no, h.address, h.phone) if p))
        target.addItem(item)

    def search(self) -> None:
        self.pause.stop()
        text = self.ui.search.text().strip()
        self.ui.found.clear()
        if not text:
            return
        db, user = self.db, self.user
        Op(self.ui.found, self.lanes, lambda: visits.search_households(db, user, text)) \
            .success(lambda found: self._found(text, found)) \
            .failure(lambda exc: self.ui.message.setText(describe(exc))).run()

    def _found(self, text: str, found: list[VisitHouseholdView]) -> None:
        if text != self.ui.search.text().strip():
            return  # typed on meanwhile: the later search answers
        self.ui.found.clear()
        for h in found:
            self._add(self.ui.found, h)
        if not found:
            self.ui.message.setText(self.tr("No household in the files matches “{0}”.").format(text))
        else:
            self.ui.message.clear()

    def chosen_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(self.ui.chosen.item(i).data(ROLE) for i in range(self.ui.chosen.count()))

    def add_found(self) -> None:
        have = set(self.chosen_ids())
        items = self.ui.found.selectedItems() or (
            [self.ui.found.item(0)] if self.ui.found.count() == 1 else [])
        for item in items:
            if item.data(ROLE) not in have:
                clone = item.clone()
                self.ui.chosen.addItem(clone)
                have.add(item.data(ROLE))

    def remove_chosen(self) -> None:
        for item in self.ui.chosen.selectedItems():
            self.ui.chosen.takeItem(self.ui.chosen.row(item))

    def data(self) -> VisitInput:
        ui = self.ui
        d = ui.date.date()
        group_id = current_id(ui.group)  # None only with no group at all: accept() refuses that first
        return VisitInput(group_id=cast(uuid.UUID, group_id), date=dt.date(d.year(), d.month(), d.day()),
                          start_time=_time(ui.start.time()), end_time=_time(ui.end.time()),
                          purpose=ui.purpose.currentText(), file_ids=self.chosen_ids(),
                          campaign_id=current_id(ui.campaign), note=ui.note.toPlainText().strip())

    def accept(self) -> None:
        if current_id(self.ui.group) is None:
            self.ui.message.setText(self.tr("There is no visit group yet: add one under “Visit groups…”."))
            return
        db, user, visit, data = self.db, self.user, self.visit, self.data()

        def store() -> VisitView:
            if visit is None:
                return visits.create_visit(db, user, data)
            return visits.update_visit(db, user, visit.id, data, visit.row_version)
        Op(self, self.lanes, store).holding(self.ui.buttons).success(self._stored) \
            .failure(lambda exc: self.ui.message.setText(describe(exc))).one_at_a_time().run()

    def _stored(self, saved: VisitView) -> None:
        self.visit = saved
        self.saved.emit(saved)
        super().accept()


class OutcomeDialog(QDialog):
    saved = Signal(object)  # the VisitView

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, visit: VisitView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.visit = db, user, lanes, visit
        self.ui = Ui_VisitOutcomeDialog()
        self.ui.setupUi(self)
        ui = self.ui
        names = "、".join(h.name for h in visit.households)
        ui.visit.setText(f"{visit.date:%Y-%m-%d} {visit.start_time:%H:%M}–{visit.end_time:%H:%M} "
                         f"{visit.group_name} · {visit.purpose}\n{names}")
        noted = dict(visit.clears)
        self.fields: dict[str, QLineEdit] = {}
        for name in visits.CLEARS:
            edit = QLineEdit(noted.get(name, ""))
            self.fields[name] = edit
            ui.clears.addRow(name, edit)  # the five clears are the union's own words
        ui.note.setPlainText(visit.note)
        radio = {DONE: ui.done, NOT_HOME: ui.notHome, RESCHEDULED: ui.rescheduled}
        radio.get(visit.outcome, ui.done).setChecked(True)
        self.photos: list[Path] = []
        ui.addPhotos.clicked.connect(self.choose_photos)

    def outcome(self) -> str:
        ui = self.ui
        return NOT_HOME if ui.notHome.isChecked() else (
            RESCHEDULED if ui.rescheduled.isChecked() else DONE)

    def choose_photos(self) -> None:
        self.add_photos(file_dialogs.open_files(self, "visit-photos", self.tr("Photos of the visit"),
                                                self.tr("Pictures (*.jpg *.jpeg *.png)")))

    def add_photos(self, paths: Sequence[Path]) -> None:
        self.photos.extend(p for p in paths if p not in self.photos)
        self.ui.photos.setText(self.tr("{0} photos: {1}").format(
            len(self.photos), "、".join(p.name for p in self.photos)) if self.photos else self.tr("No photos"))

    def accept(self) -> None:
        clears = {name: edit.text().strip() for name, edit in self.fields.items()}
        db, user, visit_id, outcome = self.db, self.user, self.visit.id, self.outcome()
        note, photos = self.ui.note.toPlainText().strip(), tuple(self.photos)
        Op(self, self.lanes, lambda: visits.record_outcome(db, user, visit_id, outcome, clears, note=note,
                                                           photos=photos)) \
            .holding(self.ui.buttons, self.ui.addPhotos).success(self._stored) \
            .failure(lambda exc: self.ui.message.setText(describe(exc))).one_at_a_time().run()

    def _stored(self, saved: VisitView) -> None:
        self.visit = saved
        self.saved.emit(saved)
        super().accept()
