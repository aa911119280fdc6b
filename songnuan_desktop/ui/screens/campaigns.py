"""活动: the office's campaigns; for the chosen one its budget (used / reserved / left, always in view)
and its list of households, with the clerk's and the reviewer's actions on a selection.

Everything goes through the services, which are the real guard; the buttons only follow the roles.
Reading and the batch actions run on the database lane; the dialogs call their service on OK.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QHeaderView, QInputDialog, QPushButton, QTableWidgetItem, QWidget,
)

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import approval_queue, campaigns, notice_print, notices, recommend, transitions
from songnuan_desktop.services.campaigns.approval_queue import QueueFilter, QueueItem
from songnuan_desktop.services.campaigns.campaign_budget import BudgetFigures, BudgetStatus
from songnuan_desktop.services.campaigns.campaigns import CampaignSummary, CampaignView
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.reports import campaign_summary
from songnuan_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from songnuan_desktop.ui.dialogs.goods_dialog import GoodsDialog
from songnuan_desktop.ui.dialogs.notice_dialogs import ItemChangeDialog, NoticeDialog, ObjectionDialog
from songnuan_desktop.ui.dialogs.papers import PaperDesk
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from songnuan_desktop.ui.dialogs.proposal_dialogs import FilePickerDialog, ProposalResultDialog
from songnuan_desktop.ui.generated.ui_campaigns_screen import Ui_CampaignsScreen
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.models.campaign_items_model import SORT_ROLE, CampaignItemsModel
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.refusals import show_refusal
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Lanes

TYPING_PAUSE_MS = 150
NEAR_END = 0.05  # a budget line with less than 5 % left is shown in red, as an overdrawn one
RED = QColor("#b00020")


@dataclass(frozen=True)
class CampaignDetail:
    view: CampaignView
    budget: BudgetStatus
    items: list[QueueItem]
    notices: list[notices.NoticeView]


def load_detail(db: Database, user: SessionUser, campaign_id: uuid.UUID, flt: QueueFilter) -> CampaignDetail:
    """Everything the screen shows of one campaign, read on the database lane."""
    return CampaignDetail(campaigns.get_campaign(db, user.office_id, campaign_id),
                          campaigns.budget_status(db, campaign_id),
                          approval_queue.campaign_items(db, user, campaign_id, flt),
                          notices.notices_of(db, campaign_id))


def _period(start: dt.date, end: dt.date) -> str:
    return f"{start:%Y-%m-%d} — {end:%Y-%m-%d}"


class CampaignsScreen(QWidget):
    campaigns_loaded = Signal(int)
    loaded = Signal()  # the chosen campaign's budget and list are on screen
    acted = Signal(str)  # an action was done (its message)
    previewed = Signal(object)  # a written paper is shown (the PdfPreviewDialog)

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_CampaignsScreen()
        self.ui.setupUi(self)
        self.summaries: list[CampaignSummary] = []
        self.detail: CampaignDetail | None = None
        self.chosen: uuid.UUID | None = None
        self.generation = 0
        self.dialog: QDialog | None = None  # the dialog open now (tests drive it)
        self.desk = PaperDesk(self, lanes, self._run_failed)
        self.desk.previewed.connect(self._previewed)
        self.model = CampaignItemsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.ui.items.setModel(self.proxy)
        self.ui.items.verticalHeader().setVisible(False)
        self.ui.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.ui.items.horizontalHeader().setStretchLastSection(True)
        self.ui.splitter.setStretchFactor(0, 2)
        self.ui.splitter.setStretchFactor(1, 5)
        self.ui.splitter.setSizes([300, 400])  # the budget lines stay in view above the list
        row_height = self.fontMetrics().height() + 8
        for table in (self.ui.campaigns, self.ui.budget, self.ui.items):
            table.verticalHeader().setDefaultSectionSize(row_height)
        self.ui.stateFilter.addItem(self.tr("All states"), None)
        for state, label in STATE_LABELS.items():
            self.ui.stateFilter.addItem(label, state)
        self.pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.load_campaign)
        self.ui.search.textChanged.connect(lambda _t: self.pause.start())
        self.ui.stateFilter.currentIndexChanged.connect(lambda _i: self.load_campaign())
        self.ui.campaigns.itemSelectionChanged.connect(self._campaign_chosen)
        self.ui.campaigns.doubleClicked.connect(lambda _i: self.edit_campaign())
        self.ui.items.selectionModel().selectionChanged.connect(lambda *_: self._item_chosen())
        self._connect_actions()
        self._update_buttons()

    def _connect_actions(self) -> None:
        ui = self.ui
        # 公示结果 beside 打印公示: the posted notice is reprinted as posted; the current state is its own paper
        self.printResult = QPushButton(self.tr("Print notice result…"), ui.bottom)
        self.printResult.setObjectName("printResult")
        self.printResult.setToolTip(self.tr("The names of the notice still on the list, and those removed or sent "
                                            "back for review since, with the reason"))
        ui.actions.insertWidget(ui.actions.indexOf(ui.printNotice) + 1, self.printResult)
        self.printSummary = QPushButton(self.tr("Campaign summary…"), ui.bottom)
        self.printSummary.setObjectName("printSummary")
        self.printSummary.setToolTip(self.tr("The campaign's figures as paragraphs and tables, to print, or to "
                                             "copy into the office's own report"))
        ui.actions.insertWidget(ui.actions.indexOf(self.printResult) + 1, self.printSummary)
        self.goodsButton = QPushButton(self.tr("Gifts in kind…"), ui.bottom)  # 慰问品 (issue 16 item 3)
        self.goodsButton.setObjectName("goodsButton")
        self.goodsButton.setToolTip(self.tr("The campaign's gifts in kind (rice, oil, quilts…): kinds with unit "
                                            "and unit value, and the stock received, handed out and left"))
        ui.actions.insertWidget(ui.actions.indexOf(self.printSummary) + 1, self.goodsButton)
        actions: list[tuple[Any, Callable[[], Any], bool]] = [
            (ui.newCampaign, self.new_campaign, self.user.may(Action.NEW_CAMPAIGN)),
            (ui.editCampaign, self.edit_campaign, self.user.may(Action.EDIT_CAMPAIGN)),
            (ui.proposeAll, self.propose_all, self.user.may(Action.PROPOSE)),
            (ui.addFiles, self.add_files, self.user.may(Action.PROPOSE)),
            (ui.changeItem, self.change_item, self.user.may(Action.CHANGE_ITEM)),
            (ui.submitItems, self.submit_selected, self.user.may_move(ItemState.SUBMITTED)),
            (ui.voidItems, self.void_selected, self.user.may_move(ItemState.VOIDED)),
            (ui.startNotice, self.start_notice, self.user.may(Action.START_NOTICE)),
            (ui.printNotice, self.choose_notice_file, True),
            (self.printResult, lambda: self.choose_notice_file(result=True), True),
            (self.printSummary, self.print_summary, True),
            (self.goodsButton, self.goods_dialog,
             self.user.may(Action.SET_GOODS) or self.user.may(Action.RECEIVE_GOODS)),
            (ui.recordObjection, lambda: self.objection(resolve=False), self.user.may(Action.RECORD_OBJECTION)),
            (ui.resolveObjection, lambda: self.objection(resolve=True), self.user.may(Action.RESOLVE_OBJECTION)),
        ]
        self.allowed = {button: allowed for button, _fn, allowed in actions}
        for button, fn, allowed in actions:
            button.clicked.connect(fn)
            button.setVisible(allowed or button in (ui.printNotice, self.printResult, self.printSummary))
        ui.actionsLine.setVisible(any(self.allowed[b] for b in (ui.proposeAll, ui.changeItem, ui.voidItems)))

    # loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The campaigns (and the chosen one's detail) read afresh; main_window calls it on show."""
        db, office_id = self.db, self.user.office_id
        Op(self, self.lanes, lambda: campaigns.list_campaigns(db, office_id)).in_background() \
            .success(self._campaigns_arrived).failure(lambda exc: self.ui.campaignInfo.setText(describe(exc))).run()

    def _campaigns_arrived(self, summaries: list[CampaignSummary]) -> None:
        self.summaries = summaries
        table = self.ui.campaigns
        table.blockSignals(True)
        fill(table, (self.tr("Campaign"), self.tr("Kind"), self.tr("Period"), self.tr("Status"),
                     self.tr("Budget (yuan)"), self.tr("Households")),
             [(s.name, s.kind, _period(s.start_date, s.end_date), campaigns.STATUSES.get(s.status, s.status),
               format_fen(s.total_budget_fen), s.items) for s in summaries],
             keys=[s.id for s in summaries], right_aligned=(4, 5), stretch=0)
        ids = [s.id for s in summaries]
        row = ids.index(self.chosen) if self.chosen in ids else (0 if ids else -1)
        table.blockSignals(False)
        if row >= 0:
            table.selectRow(row)
        self._campaign_chosen()
        self.campaigns_loaded.emit(len(summaries))

    def _campaign_chosen(self) -> None:
        row = self.ui.campaigns.currentRow()
        chosen = self.summaries[row].id if 0 <= row < len(self.summaries) else None
        if chosen != self.chosen:
            self.ui.message.clear()
        self.chosen = chosen
        self.load_campaign()

    def current_filter(self) -> QueueFilter:
        state = self.ui.stateFilter.currentData()
        return QueueFilter(states=(ItemState(state),) if state else (), text=self.ui.search.text())

    def load_campaign(self) -> None:
        self.pause.stop()
        self.generation += 1
        generation = self.generation
        if self.chosen is None:
            self.detail = None
            self._show_detail()
            return
        db, user, chosen, flt = self.db, self.user, self.chosen, self.current_filter()
        Op(self, self.lanes, lambda: load_detail(db, user, chosen, flt)).in_background() \
            .success(lambda d: self._detail_arrived(generation, d)).failure(self._failed).run()

    def _detail_arrived(self, generation: int, detail: CampaignDetail) -> None:
        if generation != self.generation:
            return  # the clerk chose or typed on since
        self.detail = detail
        self._show_detail()
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self.ui.campaignInfo.setText(describe(exc))

    def _show_detail(self) -> None:
        detail = self.detail
        self.model.set_rows(detail.items if detail else [])
        if detail is None:
            self.ui.campaignInfo.setText(self.tr("No campaign yet: start with “New campaign…”."))
            self.ui.budget.setRowCount(0)
            self.ui.count.setText("")
        else:
            self._show_info(detail)
            self._show_budget(detail.budget)
            shown = len(detail.items)
            self.ui.count.setText(self.tr("{0} items shown, {1} yuan").format(
                shown, format_fen(sum(i.amount_fen for i in detail.items))))
            if shown:
                self.ui.items.resizeColumnsToContents()
        self._item_chosen()

    def _show_info(self, detail: CampaignDetail) -> None:
        v = detail.view
        parts = [self.tr("{0} · {1} · {2}").format(v.code, v.kind, _period(v.start_date, v.end_date)),
                 self.tr("notice {0} working days · already helped within {1} months").format(
                     v.notice_days, v.lookback_months)]
        if detail.notices:
            n = detail.notices[-1]
            parts.append(self.tr("latest notice {0} ({1} items)").format(_period(n.start_date, n.end_date), n.items))
        self.ui.campaignInfo.setText("\n".join(parts))

    def _show_budget(self, status: BudgetStatus) -> None:
        lines = [status.total, *status.lines]
        fill(self.ui.budget, (self.tr("Budget line"), self.tr("Budget"), self.tr("Paid"), self.tr("Reserved"),
                              self.tr("Left"), self.tr("Items")),
             [(b.label, format_fen(b.budget_fen), format_fen(b.used_fen), format_fen(b.reserved_fen),
               format_fen(b.left_fen), b.items) for b in lines], right_aligned=(1, 2, 3, 4, 5), stretch=0)
        for row, figures in enumerate(lines):
            if _tight(figures):
                for column in range(self.ui.budget.columnCount()):
                    item = self.ui.budget.item(row, column)
                    if item is not None:
                        item.setForeground(QBrush(RED))
                        item.setToolTip(self.tr("Overdrawn or nearly used up"))
            if row == 0:
                _bold(self.ui.budget.item(row, 0))

    # selection --------------------------------------------------------------------------------------
    def selected_items(self) -> list[QueueItem]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.ui.items.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _item_chosen(self) -> None:
        chosen = self.selected_items()
        if len(chosen) == 1:
            item = chosen[0]
            lines = [self.tr("Why: {0}").format(item.reason or "—")]
            if item.override_reason:
                lines.append(self.tr("Helped again because: {0}").format(item.override_reason))
            if item.waiting:
                lines.append(item.waiting)
            self.ui.detail.setText("\n".join(lines))
        else:
            self.ui.detail.setText(self.tr("{0} items selected, {1} yuan").format(
                len(chosen), format_fen(sum(i.amount_fen for i in chosen))) if chosen else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ui, has_campaign = self.ui, self.detail is not None
        count = len(self.selected_items()) if has_campaign else 0
        needs = {ui.editCampaign: has_campaign, ui.proposeAll: has_campaign, ui.addFiles: has_campaign,
                 ui.changeItem: count == 1, ui.submitItems: count > 0, ui.voidItems: count > 0,
                 ui.startNotice: count > 0, ui.recordObjection: count == 1, ui.resolveObjection: count == 1,
                 ui.printNotice: bool(self.detail and self.detail.notices),
                 self.printResult: bool(self.detail and self.detail.notices), self.printSummary: has_campaign,
                 self.goodsButton: has_campaign}
        for button, ready in needs.items():
            button.setEnabled(self.allowed[button] and ready)

    # actions: campaigns -------------------------------------------------------------------------------
    def new_campaign(self) -> CampaignDialog:
        return self._campaign_dialog(None)

    def edit_campaign(self) -> CampaignDialog | None:
        return self._campaign_dialog(self.chosen) if self.chosen is not None else None

    def _campaign_dialog(self, campaign_id: uuid.UUID | None) -> CampaignDialog:
        dialog = CampaignDialog(self.db, self.user, self.lanes, campaign_id, self)
        dialog.saved.connect(self._campaign_saved)
        return self._open(dialog)

    def goods_dialog(self) -> GoodsDialog | None:
        """慰问品 of the chosen campaign: kinds, stock, receipts."""
        if self.detail is None or self.chosen is None:
            return None
        dialog = GoodsDialog(self.db, self.user, self.lanes, self.chosen, self.detail.view.name, self)
        dialog.finished.connect(lambda _r: self.refresh())
        return self._open(dialog)

    def _campaign_saved(self, view: CampaignView) -> None:
        self.chosen = view.id
        self._done(self.tr("Campaign “{0}” saved.").format(view.name))

    # actions: the list ------------------------------------------------------------------------------
    def propose_all(self) -> None:
        """按规则推荐: the list is shown first (who, why, amount); only OK adds it."""
        if self.chosen is None or ops.busy(self):
            return
        self._run(self.tr("Finding the eligible households…"), recommend.recommend, self.db, self.user,
                  self.chosen, done=self._recommended)

    def _recommended(self, shown: recommend.Recommendation) -> None:
        dialog = ProposalResultDialog(shown, self)
        dialog.accepted.connect(lambda: self._run(
            self.tr("Adding {0} households to the list…").format(len(shown.rows)), recommend.add_recommended,
            self.db, self.user, shown, done=lambda result: self._done(result.message())))
        self._open(dialog)

    def add_files(self) -> FilePickerDialog | None:
        if self.chosen is None:
            return None
        dialog = FilePickerDialog(self.db, self.user, self.lanes, self.chosen, self)
        dialog.proposed.connect(lambda result: self._done(result.message()))
        return self._open(dialog)

    def submit_selected(self) -> None:
        self._transition(ItemState.SUBMITTED, "")

    def void_selected(self) -> None:
        if not self.selected_items():
            return
        reason, ok = QInputDialog.getText(self, self.tr("Void"), self.tr("Why are these items voided?"))
        if ok:
            self._transition(ItemState.VOIDED, reason)

    def _transition(self, to_state: ItemState, comment: str) -> None:
        ids = [i.item_id for i in self.selected_items()]
        if not ids or ops.busy(self):
            return
        label = transitions.ACTION_LABELS[to_state]
        self._run(self.tr("{0}: {1} items…").format(label, len(ids)), transitions.transition, self.db, self.user,
                  ids, to_state, comment,
                  done=lambda _r: self._done(self.tr("{0}: {1} items done.").format(label, len(ids))))

    def change_item(self) -> ItemChangeDialog | None:
        chosen = self.selected_items()
        if len(chosen) != 1 or self.detail is None:
            return None
        item = chosen[0]
        tiers = {s.tier: s.amount_fen for s in self.detail.view.standards if s.item_kind == item.item_kind}
        dialog = ItemChangeDialog(self.db, self.user, self.lanes, item, tiers, self)
        dialog.accepted.connect(lambda: self._done(self.tr("The item of {0} was changed.").format(item.name)))
        return self._open(dialog)

    def start_notice(self) -> NoticeDialog | None:
        chosen = self.selected_items()
        if not chosen or self.detail is None:
            return None
        dialog = NoticeDialog(self.db, self.user, self.lanes, self.detail.view.id, chosen,
                              self.detail.view.notice_days, self)
        dialog.accepted.connect(lambda: self._noticed(dialog))
        return self._open(dialog)

    def _noticed(self, dialog: NoticeDialog) -> None:
        n = dialog.notice
        if n is not None:
            self._done(self.tr("Public notice started for {0} items: {1}.").format(
                n.items, _period(n.start_date, n.end_date)))

    def objection(self, resolve: bool) -> ObjectionDialog | None:
        chosen = self.selected_items()
        if len(chosen) != 1:
            return None
        dialog = ObjectionDialog(self.db, self.user, self.lanes, chosen[0], resolve, self)
        dialog.accepted.connect(lambda: self._done(
            self.tr("Objection resolved: the item is back for review.") if resolve
            else self.tr("Objection recorded: the item is suspended.")))
        return self._open(dialog)

    def choose_notice_file(self, result: bool = False) -> None:
        """打印公示: the notice as posted (重印件 after its first day), or with `result` its 公示结果, written on
        the lane (the print logged) and shown to print or save."""
        if self.detail is None or self.chosen is None:
            return
        db, user, chosen = self.db, self.user, self.chosen
        paper = notice_print.RESULT if result else notice_print.POSTED
        label, title, name = ((self.tr("Writing the notice result…"), self.tr("Notice result paper"), "公示结果")
                              if result else
                              (self.tr("Writing the public notice…"), self.tr("Public notice paper"), "公示"))
        self.desk.show(label, title, f"{name}-{self.detail.view.name}.pdf",
                       lambda path: notice_print.export_notice(db, user, chosen, path, paper=paper))

    def print_summary(self) -> None:
        """活动总结 of the chosen campaign (as on today while it runs), written on the lane (the print logged)
        and shown to print or save."""
        if self.detail is None or self.chosen is None:
            return
        db, user, chosen = self.db, self.user, self.chosen
        self.desk.show(self.tr("Writing the campaign summary…"), self.tr("Campaign summary"),
                       f"活动总结-{self.detail.view.name}.pdf",
                       lambda path: campaign_summary.export_summary(db, user, chosen, path))

    # plumbing ---------------------------------------------------------------------------------------
    def _previewed(self, dialog: PdfPreviewDialog) -> None:
        self.dialog = dialog
        self.previewed.emit(dialog)

    def _open(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _run(self, label: str, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> bool:
        """`fn(*args)` on the database lane with a progress dialog, one job of the screen at a time (ui.ops);
        False when another one runs."""
        return Op(self, self.lanes, lambda: fn(*args)).with_progress(label).one_at_a_time().success(done) \
            .failure(self._run_failed).run() is not None

    def _run_failed(self, exc: Exception) -> None:
        show_refusal(self, exc)

    def _done(self, message: str) -> None:
        """After any change: say what was done, and read the campaign again (budget first of all)."""
        self.ui.message.setText(message)
        self.acted.emit(message)
        self.refresh()


def _tight(figures: BudgetFigures) -> bool:
    return figures.left_fen < 0 or (figures.budget_fen > 0 and figures.left_fen < figures.budget_fen * NEAR_END)


def _bold(item: QTableWidgetItem | None) -> None:
    if item is not None:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
