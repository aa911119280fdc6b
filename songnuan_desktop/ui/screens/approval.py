"""审批: the items waiting for this user, by campaign; the file and its history beside; batch decisions.

Ticked items are what a batch acts on; the highlighted row is what the pane beside shows, and a
double-click (or Enter) opens its file. The user's own items are listed greyed and cannot be ticked
(the four-eyes rule: someone else decides them). A batch is one call of `transitions.transition` on
the database lane (one transaction, all or nothing); a refusal lists every refused person and why,
nothing changed, and offers to do only the others — again one call, one transaction. The queue is
read again each time the screen is shown, since others act on the same items.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QMessageBox, QPushButton, QWidget

from songnuan_desktop.domain.codes import CATEGORIES
from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.errors import BatchRefused, DomainError, PermissionDenied
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import approval_queue, campaigns, transitions
from songnuan_desktop.services.campaigns.approval_detail import ItemDetail, item_detail
from songnuan_desktop.services.campaigns.approval_queue import QueueFilter, QueueGroup, QueueItem
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.approval_dialogs import ReasonDialog, RefusalDialog
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.generated.ui_approval_screen import Ui_ApprovalScreen
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.models.approval_queue_model import COLUMNS, ApprovalQueueModel
from songnuan_desktop.ui.widgets.item_detail_html import ItemDetailText
from songnuan_desktop.ui.widgets.refusals import the_rest
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id
from songnuan_desktop.workers.lanes import Lanes

S = ItemState
TYPING_PAUSE_MS = 150
MAX_COLUMN_WIDTH = 170  # a long unit name is cut (the pane beside shows it whole), the ID is not
NOTE, UNIT = len(COLUMNS) - 1, COLUMNS.index("unit")
NOTE_PADDING = 8  # beside the text in a cell, each side
SIZE_FROM_ROWS = 120  # columns sized on the first rows: all 1,500 took 0.6 s of the UI thread
DETAIL_PAUSE_MS = 80  # arrowing down the list reads only the row it stops on


@dataclass(frozen=True)
class QueueRead:
    groups: list[QueueGroup]
    campaigns: list[tuple[uuid.UUID, str]] | None  # read with the queue when the screen is shown
    seconds: float


@dataclass(frozen=True)
class Batch:
    """What the last decision asked for, so a refused batch can be done again without its refused items."""
    to_state: ItemState
    comment: str
    item_ids: tuple[uuid.UUID, ...]


def read_queue(db: Database, user: SessionUser, flt: QueueFilter, today: dt.date | None, full_numbers: bool,
               with_campaigns: bool) -> QueueRead:
    started = time.perf_counter()
    groups = approval_queue.queue(db, user, flt, today=today, full_numbers=full_numbers)
    found = None
    if with_campaigns:
        found = [(c.id, c.name) for c in campaigns.list_campaigns(db, user.office_id)]
    return QueueRead(groups, found, time.perf_counter() - started)


class ApprovalScreen(QWidget):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_ApprovalScreen()
        self.ui.setupUi(self)
        self.today: dt.date | None = None  # None: the real today (tests and a demo office set their own)
        self.model = ApprovalQueueModel(self)
        self.pane = ItemDetailText(self)
        self.ui.queue.setModel(self.model)
        self.ui.queue.setIndentation(14)
        self.ui.splitter.setStretchFactor(0, 2)
        self.ui.splitter.setStretchFactor(1, 1)
        self.generation = 0
        self.detail_generation = 0
        self.sized = False
        self.last_read: QueueRead | None = None
        self.last_action_seconds = 0.0  # the last batch, from click to answer
        self.reason_dialog: ReasonDialog | None = None
        self.refusal_dialog: RefusalDialog | None = None
        self.confirm: QMessageBox | None = None
        self.form: FileForm | None = None
        self.batch: Batch | None = None
        self.buttons: dict[ItemState, QPushButton] = {
            S.SUBMITTED: self.ui.submit, S.REVIEWED: self.ui.review, S.RETURNED: self.ui.returnItems,
            S.APPROVED: self.ui.approve, S.REJECTED: self.ui.reject,
        }
        self._filters()
        self._connect()
        self._action_buttons()
        self.ui.detail.setHtml(self.tr("<p>Choose an item to see its file and history.</p>"))

    # set-up -------------------------------------------------------------------------------------
    def _waiting_states(self) -> list[ItemState]:
        return [s for role, states in approval_queue.WAITING.items() if self.user.has(role) for s in states]

    def _filters(self) -> None:
        add_id(self.ui.campaign, self.tr("All campaigns"), None)
        self.ui.state.addItem(self.tr("All states"), None)
        for state in self._waiting_states():
            self.ui.state.addItem(STATE_LABELS[state], state)
        self.ui.category.addItem(self.tr("All categories"), "")
        for category in CATEGORIES:
            self.ui.category.addItem(category, category)
        waiting = "、".join(STATE_LABELS[s] for s in self._waiting_states())
        self.ui.whatWaits.setText(self.tr("Waiting for you: {0}").format(waiting) if waiting else self.tr(
            "Your role has no items to decide here."))
        self.ui.fullNumbers.setVisible(bool(self.user.roles & ROLES_SEEING_FULL_IDS))

    def _connect(self) -> None:
        self.pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.load)
        self.ui.search.textChanged.connect(lambda _text: self.pause.start())
        for combo in (self.ui.campaign, self.ui.state, self.ui.category):
            combo.currentIndexChanged.connect(lambda _i: self.load())
        self.ui.fullNumbers.toggled.connect(lambda _on: self.load())
        self.ui.reload.clicked.connect(self.refresh)
        self.ui.tickCampaign.clicked.connect(self.tick_campaign)
        self.ui.tickAll.clicked.connect(lambda: self.model.check_all(True))
        self.ui.clearTicks.clicked.connect(lambda: self.model.check_all(False))
        self.model.checks_changed.connect(self._ticks_changed)
        self.ui.queue.installEventFilter(self)  # Space ticks the highlighted row, whichever column; Enter opens
        self.ui.queue.doubleClicked.connect(self.open_file)
        self.ui.queue.selectionModel().currentRowChanged.connect(lambda current, _old: self._show_row(current))
        self.detail_pause = QTimer(self, singleShot=True, interval=DETAIL_PAUSE_MS)
        self.detail_pause.timeout.connect(self._read_detail)
        self.ui.submit.clicked.connect(lambda: self.act(S.SUBMITTED))
        self.ui.review.clicked.connect(lambda: self.act(S.REVIEWED))
        self.ui.returnItems.clicked.connect(lambda: self.ask_reason(S.RETURNED))
        self.ui.approve.clicked.connect(self.confirm_approval)
        self.ui.reject.clicked.connect(lambda: self.ask_reason(S.REJECTED))

    def _action_buttons(self) -> None:
        """A button shows only for a role that may take it; it is enabled when every ticked item allows it."""
        for state, button in self.buttons.items():
            button.setVisible(self.user.may_move(state))
        ticked = self.model.checked_items()
        for state, button in self.buttons.items():
            button.setEnabled(not self.busy and bool(ticked) and all(state in i.actions for i in ticked))

    # loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called each time the screen is shown: the queue and the campaign list are read again."""
        self.load(with_campaigns=True)

    def current_filter(self) -> QueueFilter:
        state = self.ui.state.currentData()
        return QueueFilter(current_id(self.ui.campaign), (ItemState(state),) if state else (),  # Qt gives back a str
                           self.ui.category.currentData() or "", self.ui.search.text())

    def load(self, with_campaigns: bool = False) -> None:
        self.pause.stop()
        self.generation += 1
        generation = self.generation
        self.ui.count.setText(self.tr("Reading the queue…"))
        db, user, flt, today = self.db, self.user, self.current_filter(), self.today
        full = self.ui.fullNumbers.isChecked()
        Op(self, self.lanes, lambda: read_queue(db, user, flt, today, full, with_campaigns)).in_background() \
            .success(lambda read: self._loaded(generation, read)) \
            .failure(lambda exc: self._load_failed(generation, exc)).run()

    def _loaded(self, generation: int, read: QueueRead) -> None:
        if generation != self.generation:
            return  # a newer filter is on its way
        self.last_read = read
        if read.campaigns is not None:
            self._fill_campaigns(read.campaigns)
        current = self.model.item_at(self.ui.queue.currentIndex())
        self.model.set_groups(read.groups)
        self.ui.queue.expandAll()
        for row in range(len(read.groups)):
            self.ui.queue.setFirstColumnSpanned(row, QModelIndex(), True)
        if not self.sized and read.groups:
            self.sized = True
            self._size_columns()
        self._restore_current(current.item_id if current else None)
        self._size_note(read.groups)
        items = sum(len(g.items) for g in read.groups)
        own = sum(1 for g in read.groups for i in g.items if i.own)
        self.ui.count.setText(self.tr("{0} items in {1} campaigns, {2} of them your own (greyed: another colleague "
                                      "decides them)").format(items, len(read.groups), own) if own else
                              self.tr("{0} items in {1} campaigns").format(items, len(read.groups)))
        if not items:
            self.ui.detail.setHtml(self.tr("<p>Nothing waits for you under this filter.</p>"))

    def _load_failed(self, generation: int, exc: Exception) -> None:
        if generation != self.generation:
            return
        self.ui.count.setText(describe(exc))
        if isinstance(exc, PermissionDenied) and self.ui.fullNumbers.isChecked():
            self.ui.fullNumbers.setChecked(False)  # reads the queue again, masked
            show_error(self, exc)

    def _fill_campaigns(self, found: list[tuple[uuid.UUID, str]]) -> None:
        chosen = current_id(self.ui.campaign)
        combo = self.ui.campaign
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for campaign_id, name in found:
            add_id(combo, name, campaign_id)
        select_id(combo, chosen)
        combo.blockSignals(False)

    def _size_columns(self) -> None:
        """Columns as wide as their first rows (at most MAX_COLUMN_WIDTH); the work unit takes what is
        left, so at 1366 px the note (说明) shows whole and a long unit is cut (the pane shows it)."""
        view = self.ui.queue
        header = view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(SIZE_FROM_ROWS)
        for column in range(self.model.columnCount() - 1):
            view.resizeColumnToContents(column)
            view.setColumnWidth(column, min(view.columnWidth(column), MAX_COLUMN_WIDTH))
        header.setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)

    def _size_note(self, groups: list[QueueGroup]) -> None:
        """The note says why an item waits or is someone else's: shown when any row has one, as wide as
        the longest (measured, not sampled: the user's own items come last and may be far down)."""
        notes = {self.model.data(self.model.index(row, NOTE, self.model.index(g, 0)))
                 for g, group in enumerate(groups) for row, item in enumerate(group.items) if item.waiting}
        self.ui.queue.setColumnHidden(NOTE, not notes)
        if notes:
            metrics = self.ui.queue.fontMetrics()
            width = max(metrics.horizontalAdvance(str(n)) for n in notes) + 2 * NOTE_PADDING
            self.ui.queue.setColumnWidth(NOTE, max(width, self.ui.queue.header().sectionSizeHint(NOTE)))

    def _restore_current(self, item_id: uuid.UUID | None) -> None:
        view = self.ui.queue
        for g_row, group in enumerate(self.model.groups):
            for i_row, item in enumerate(group.items):
                if item_id is None or item.item_id == item_id:
                    view.setCurrentIndex(self.model.index(i_row, 0, self.model.index(g_row, 0)))
                    return
        if self.model.groups:
            view.setCurrentIndex(self.model.index(0, 0))

    # the pane beside ----------------------------------------------------------------------------
    def _show_row(self, index: QModelIndex) -> None:
        item = self.model.item_at(index)
        self.detail_generation += 1
        if item is None:
            group = self.model.group_at(index)
            if group is not None:
                self.ui.detail.setHtml(self._group_html(group))
            return
        self.ui.detail.setHtml(self.pane.html(item, None))
        self.detail_pause.start()

    def _group_html(self, group: QueueGroup) -> str:
        states: dict[str, int] = {}
        for item in group.items:
            states[item.state_label] = states.get(item.state_label, 0) + 1
        counts = "、".join(f"{label} {n}" for label, n in states.items())
        return self.tr("<h3>{0}</h3><p>{1} items waiting, {2} yuan in all: {3}.</p>"
                       "<p>Tick the campaign's box to tick all its items.</p>").format(
            group.campaign_name, len(group.items), yuan_text(group.total_fen), counts)

    def _read_detail(self) -> None:
        item = self.model.item_at(self.ui.queue.currentIndex())
        if item is None:
            return
        generation = self.detail_generation
        db, today = self.db, self.today
        Op(self, self.lanes, lambda: item_detail(db, item.item_id, item.file_id, today)).in_background() \
            .success(lambda detail: self._detail_read(generation, item, detail)) \
            .failure(lambda exc: self._detail_failed(generation, exc)).run()

    def _detail_read(self, generation: int, item: QueueItem, detail: ItemDetail) -> None:
        if generation == self.detail_generation:
            self.ui.detail.setHtml(self.pane.html(item, detail))

    def _detail_failed(self, generation: int, exc: Exception) -> None:
        if generation == self.detail_generation:
            self.ui.detail.setPlainText(describe(exc))

    # ticks --------------------------------------------------------------------------------------
    def tick_campaign(self) -> None:
        group = self.model.group_at(self.ui.queue.currentIndex())
        if group is None and len(self.model.groups) == 1:
            group = self.model.groups[0]
        if group is not None:
            self.model.check_group(group, True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        current = self.ui.queue.currentIndex()
        if watched is self.ui.queue and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Space:
                self.toggle_current()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.item_at(current):
                self.open_file(current)
                return True
        return super().eventFilter(watched, event)

    def toggle_current(self) -> None:
        index = self.ui.queue.currentIndex()
        first = index.siblingAtColumn(0)
        if first.isValid():
            ticked = self.model.data(first, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            self.model.setData(first, (Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked).value,
                               Qt.ItemDataRole.CheckStateRole)

    def _ticks_changed(self) -> None:
        ticked = self.model.checked_items()
        total = sum(i.amount_fen for i in ticked)
        text = self.tr("{0} items ticked, {1} yuan").format(len(ticked), yuan_text(total))
        self._action_buttons()
        if ticked and not self.busy and not any(b.isEnabled() for b in self.buttons.values()):
            text += self.tr(" — no action here suits them all: choose one state in the filter")
        self.ui.ticked.setText(text)

    # decisions ----------------------------------------------------------------------------------
    def ask_reason(self, to_state: ItemState) -> ReasonDialog:
        count = len(self.model.checked_items())
        if to_state == S.RETURNED:
            title, prompt = self.tr("Return to the clerk"), self.tr(
                "Why are these {0} items returned? The clerk reads it and corrects the proposal.").format(count)
        else:
            title, prompt = self.tr("Reject"), self.tr(
                "Why are these {0} items not approved? The reason is kept with each item.").format(count)
        self.reason_dialog = dialog = ReasonDialog(title, prompt, self)
        dialog.accepted.connect(lambda: self.act(to_state, dialog.reason()))
        dialog.open()
        return dialog

    def confirm_approval(self) -> QMessageBox:
        ticked = self.model.checked_items()
        total = yuan_text(sum(i.amount_fen for i in ticked))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Approve"), self.tr(
            "Approve {0} items, {1} yuan in all? Approved items go to payout.").format(len(ticked), total),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _r: self._approval_answered(box))
        self.confirm = box
        box.open()
        return box

    def _approval_answered(self, box: QMessageBox) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.act(S.APPROVED)

    def act(self, to_state: ItemState, comment: str = "", ids: list[uuid.UUID] | None = None) -> None:
        """One call, one transaction, on the database lane; a dialog shows if it takes over 500 ms.
        `ids`: the ticked items unless given (the part of a refused batch that can be done)."""
        ids = [i.item_id for i in self.model.checked_items()] if ids is None else ids
        if not ids or self.busy:
            return
        self.batch = Batch(to_state, comment, tuple(ids))
        self.ui.outcome.clear()
        started = time.perf_counter()
        db, user, today = self.db, self.user, self.today
        Op(self, self.lanes, lambda: transitions.transition(db, user, ids, to_state, comment, today=today)) \
            .with_progress(self.tr("Recording the decision for {0} items…").format(len(ids))).one_at_a_time() \
            .success(lambda done: self._moved(done, time.perf_counter() - started)).failure(self._refused).run()
        self._action_buttons()  # held while the decision is recorded

    @property
    def busy(self) -> bool:
        """A decision is being recorded on the database lane."""
        return ops.busy(self)

    def _moved(self, done: transitions.TransitionDone, seconds: float) -> None:
        self._action_buttons()
        self.last_action_seconds = seconds
        self.model.set_checked(set(done.item_ids), False)
        self.ui.outcome.setStyleSheet("color: #1b5e20;")
        left = len(self.model.checked)
        self.ui.outcome.setText(done.message() + (self.tr(" {0} refused items are still ticked, unchanged.").format(
            left) if left else ""))
        self.load()

    def _refused(self, exc: Exception) -> None:
        self._action_buttons()
        self.ui.outcome.setStyleSheet("color: #b00020;")
        self.ui.outcome.setText(describe(exc).splitlines()[0])
        if isinstance(exc, BatchRefused) and self.batch is not None:
            batch = self.batch
            rest = the_rest(exc, batch.item_ids)
            self.refusal_dialog = dialog = RefusalDialog(exc, self, len(rest))
            dialog.accepted.connect(lambda: self.act(batch.to_state, batch.comment, rest))
            dialog.open()
        else:
            show_error(self, exc)

    # the file -----------------------------------------------------------------------------------
    def open_file(self, index: QModelIndex) -> FileForm | None:
        """The item's file in the file form (editable or read-only as the user's role allows), modal;
        the queue is read again after a save (name, unit and category show in it)."""
        item = self.model.item_at(index)
        if item is None:
            return None
        try:
            self.form = FileForm(self.db, self.user, self.lanes, item.file_id, self)
        except DomainError as exc:  # deleted by someone else since the queue was read
            show_error(self, exc)
            return None
        self.form.saved.connect(lambda _id: self.load())
        self.form.open()
        return self.form
