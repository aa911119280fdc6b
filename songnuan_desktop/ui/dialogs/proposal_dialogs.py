"""Proposing households: what 按规则推荐 would add (confirmed before anything is added), and the picker
that adds files by hand.

By hand the service is all or nothing: a refused batch is listed item by item in the picker, and a
household helped within the look-back period can be proposed again once a reason is given. The search and
the proposal run on the database lane (ui.ops); the buttons are held while the proposal is stored.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableView, QWidget

from songnuan_desktop.domain.codes import ACTIVE_FILE_STATUS
from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import assistance
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.campaigns.recommend import Recommendation
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_file_picker_dialog import Ui_FilePickerDialog
from songnuan_desktop.ui.generated.ui_proposal_result_dialog import Ui_ProposalResultDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Lanes

TYPING_PAUSE_MS = 150
LOOKBACK_MARK = "回看期"  # the service's look-back refusal names it; nothing else does


def compact_rows(table: QTableView) -> None:
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)


class ProposalResultDialog(QDialog):
    """按规则推荐, shown before anything is added: each household (who, why, amount), the sums per category,
    and those left out with the reason each. OK adds exactly this list (the screen runs
    services.campaigns.recommend.add_recommended); Cancel adds nothing."""

    def __init__(self, shown: Recommendation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ProposalResultDialog()
        self.ui.setupUi(self)
        self.recommendation = shown
        self.ui.summary.setText(shown.message())
        fill(self.ui.proposed, (self.tr("File no."), self.tr("Name"), self.tr("Category"), self.tr("Standard"),
                                self.tr("Amount (yuan)"), self.tr("Why")),
             [(r.file_no, r.name, r.category, r.tier, format_fen(r.amount_fen), r.reason) for r in shown.rows],
             keys=[str(r.file_id) for r in shown.rows], right_aligned=(4,), stretch=5)
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in shown.rows:
            per[r.category][0] += 1
            per[r.category][1] += r.amount_fen
        rows = [(category, count, format_fen(fen)) for category, (count, fen) in sorted(per.items())]
        rows.append((self.tr("Total"), len(shown.rows), format_fen(shown.total_fen)))
        fill(self.ui.byCategory, (self.tr("Category"), self.tr("Households"), self.tr("Amount (yuan)")), rows,
             right_aligned=(1, 2), stretch=0)
        fill(self.ui.leftOut, (self.tr("File no."), self.tr("Name"), self.tr("Why left out")),
             [(o.file_no, o.name, o.reason) for o in shown.left_out], stretch=2)
        self.ui.leftOutLabel.setText(self.tr("Left out, with the reason each: {0}").format(len(shown.left_out)))
        self.ui.tabs.setTabText(0, self.tr("To be added ({0})").format(len(shown.rows)))
        self.ui.tabs.setTabText(2, self.tr("Left out ({0})").format(len(shown.left_out)))
        for table in (self.ui.proposed, self.ui.byCategory, self.ui.leftOut):
            compact_rows(table)  # a long reason reads in one line, whole in its tooltip
        self.ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Add {0} households to the list").format(len(shown.rows)))
        self.ok.setEnabled(bool(shown.rows))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))


class FilePickerDialog(QDialog):
    """Search the files, select households, propose them; refusals shown per household."""

    proposed = Signal(object)  # ProposalResult
    loaded = Signal(int)

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, campaign_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.campaign_id = db, user, lanes, campaign_id
        self.ui = Ui_FilePickerDialog()
        self.ui.setupUi(self)
        compact_rows(self.ui.files)
        self.rows: list[file_list.FileRow] = []
        self.lookback: set[uuid.UUID] = set()  # files refused only for having been helped recently
        self.generation = 0
        self.pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.search)
        self.ui.search.textChanged.connect(lambda _t: self.pause.start())
        self.ui.refusals.setVisible(False)
        self._show_override(False)
        self.search()

    def _show_override(self, on: bool) -> None:
        for widget in (self.ui.overrideLabel, self.ui.overrideReason):
            widget.setVisible(on)

    def search(self) -> None:
        self.pause.stop()
        self.generation += 1
        generation = self.generation
        flt = file_list.FileFilter(text=self.ui.search.text(), status=ACTIVE_FILE_STATUS)
        db, user = self.db, self.user
        Op(self, self.lanes, lambda: file_list.page(db, user, flt)).in_background() \
            .success(lambda rows: self._arrived(generation, rows)) \
            .failure(lambda exc: self.ui.count.setText(describe(exc))).run()

    def _arrived(self, generation: int, rows: list[file_list.FileRow]) -> None:
        if generation != self.generation:
            return  # an older search: the clerk typed on
        self.rows = rows
        fill(self.ui.files, (self.tr("File no."), self.tr("Name"), self.tr("ID number"), self.tr("Work unit"),
                             self.tr("Category")),
             [(r.file_no, r.name, r.id_number, r.unit, r.category) for r in rows], keys=[r.id for r in rows])
        self.ui.count.setText(self.tr("{0} files in the list (at most {1} shown)").format(
            len(rows), file_list.PAGE))
        self.loaded.emit(len(rows))

    def select_rows(self, rows: list[int]) -> None:
        model, selection = self.ui.files.model(), self.ui.files.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(model.index(row, 0), flags)

    def chosen(self) -> list[uuid.UUID]:
        rows = sorted({i.row() for i in self.ui.files.selectionModel().selectedRows()})
        return [self.rows[r].id for r in rows if r < len(self.rows)]

    def accept(self) -> None:
        ids = self.chosen()
        if not ids:
            self._refused(self.tr("Select at least one household."), [])
            return
        reason = self.ui.overrideReason.text().strip()
        overrides = {file_id: reason for file_id in ids if file_id in self.lookback} if reason else None
        db, user, campaign_id = self.db, self.user, self.campaign_id
        Op(self, self.lanes, lambda: assistance.propose(db, user, campaign_id, ids, overrides=overrides)) \
            .holding(self.ui.buttons).success(self._proposed).failure(lambda exc: self._batch_refused(exc, ids)) \
            .one_at_a_time().run()

    def _proposed(self, result: assistance.ProposalResult) -> None:
        self.proposed.emit(result)
        super().accept()

    def _batch_refused(self, exc: Exception, ids: list[uuid.UUID]) -> None:
        if not isinstance(exc, BatchRefused):
            self._refused(describe(exc), [])
            return
        self.lookback |= {r.id for r in exc.refusals if LOOKBACK_MARK in r.reason}
        self._refused(exc.message.splitlines()[0], [(r.who, r.reason) for r in exc.refusals])
        self._show_override(bool(self.lookback & set(ids)))

    def _refused(self, head: str, rows: list[tuple[str, str]]) -> None:
        self.ui.refusalsLabel.setText(head)
        self.ui.refusals.setVisible(bool(rows))
        fill(self.ui.refusals, (self.tr("Household"), self.tr("Why refused")), rows, stretch=1)
        self.ui.refusals.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.ui.refusals.resizeRowsToContents()
        self.ui.refusals.setTextElideMode(Qt.TextElideMode.ElideNone)
