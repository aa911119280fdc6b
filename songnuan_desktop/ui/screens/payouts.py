"""发放: a campaign's approved and paid items with their vouchers, its reconciliation (approved / printed /
paid / voided against the budget, mismatches in red words), and the payout desk's papers and acts.

Every PDF goes the one way of ui/dialogs/papers.py: written on the database lane into a temporary folder
of the screen, then shown in the preview dialog to print or save. Vouchers are shown as their 样张 and
numbered only when printed or saved from the preview. The bank list (.xlsx, or .pdf for the bank counter)
is written where the clerk chooses. Messages go in one elided line (its tooltip holds the whole text) that
never moves the layout.
The services are the guard; the buttons follow the roles. The document services (reportlab, openpyxl)
are imported with this module, which the main window imports when the screen is first opened.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QInputDialog, QWidget

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS, Role
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.publishing import publications
from songnuan_desktop.services.home import todo
from songnuan_desktop.services.campaigns.campaigns import CampaignSummary
from songnuan_desktop.services.payouts import bank_list, roster, spot_checks, vouchers
from songnuan_desktop.services.payouts.payouts import Figure, Reconciliation, mark_paid
from songnuan_desktop.services.payouts.spot_checks import METHODS, RESULTS
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.payout_dialogs import MarkPaidDialog, RosterDialog, SpotCheckDialog
from songnuan_desktop.ui.dialogs.papers import PaperDesk
from songnuan_desktop.ui.dialogs.pdf_preview import Numbering, PdfPreviewDialog
from songnuan_desktop.ui.dialogs.voucher_check_dialog import VoucherCheckDialog
from songnuan_desktop.ui.generated.ui_payouts_screen import Ui_PayoutsScreen
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.models.payout_items_model import (
    PAYOUT_STATES, SORT_ROLE, PayoutDetail, PayoutItemsModel, PayoutRow, load_payouts,
)
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.refusals import enable, role_reason, show_refusal
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id
from songnuan_desktop.workers.lanes import Lanes

TYPING_PAUSE_MS = 150
RED = QColor("#b00020")
MAX_PROBLEM_LINES = 3  # beside the figures' table: more would push the list down


class PayoutsScreen(QWidget):
    loaded = Signal()  # the chosen campaign's figures and list are on screen
    acted = Signal(str)  # an action was done (its message)
    previewed = Signal(object)  # a written PDF is shown (the PdfPreviewDialog)
    papers_checked = Signal(str)  # what services.publishing.publications says of vouchers whose paper may be missing

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_PayoutsScreen()
        self.ui.setupUi(self)
        self.summaries: list[CampaignSummary] = []
        self.detail: PayoutDetail | None = None
        self.chosen: uuid.UUID | None = None
        self.generation = 0
        self.dialog: Any = None  # the dialog open now (tests drive it)
        self.desk = PaperDesk(self, lanes, self._run_failed)
        self.desk.previewed.connect(self._previewed)
        self.desk.numbered.connect(lambda printed: self._done(self._vouchers_printed(printed)))
        self.model = PayoutItemsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.ui.items.setModel(self.proxy)
        self.ui.items.verticalHeader().setVisible(False)
        self.ui.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.ui.items.horizontalHeader().setStretchLastSection(True)
        # the service's order (unit, file number) until a header is clicked, not an indicator that lies
        self.ui.items.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        row_height = self.fontMetrics().height() + 8
        for table in (self.ui.figures, self.ui.items, self.ui.entries):
            table.verticalHeader().setDefaultSectionSize(row_height)
        self.problem_lines: list[str] = []  # the mismatches shown under the figures
        self.ui.stateFilter.addItem(self.tr("Approved, paid and checked"), None)
        for state in PAYOUT_STATES:
            self.ui.stateFilter.addItem(STATE_LABELS[state], state.value)
        self.ui.stateFilter.addItem(self.tr("Approved, no voucher yet"), todo.UNPRINTED)
        self.ui.stateFilter.addItem(self.tr("Voucher printed, not yet paid"), todo.PRINTED_UNPAID)
        self.pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.pause.timeout.connect(self._show_rows)
        self.ui.search.textChanged.connect(lambda _t: self.pause.start())
        self.ui.stateFilter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.ui.campaign.currentIndexChanged.connect(lambda _i: self._campaign_chosen())
        self.ui.items.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.ui.draws.currentIndexChanged.connect(lambda _i: self._show_entries())
        self.ui.entries.itemSelectionChanged.connect(self._update_buttons)
        self.ui.entries.doubleClicked.connect(lambda _i: self.record_check())
        self._connect_actions()
        self._update_buttons()

    def _connect_actions(self) -> None:
        """Each button's act, and why the user's roles refuse it ("" when they do not): `_update_buttons` greys a
        refused button with that reason as tooltip, one only waiting for a selection with its own tooltip."""
        ui, user = self.ui, self.user
        actions: list[tuple[Any, Callable[[], Any], Action | frozenset[Role] | None]] = [
            (ui.printVouchers, lambda: self.print_vouchers(reprint=False), Action.PRINT_VOUCHERS),
            (ui.reprintVouchers, lambda: self.print_vouchers(reprint=True), Action.PRINT_VOUCHERS),
            (ui.voidVoucher, self.void_voucher, Action.VOID_VOUCHER),
            (ui.printVoided, self.print_voided, Action.PRINT_VOID_VOUCHERS),
            (ui.checkVoucher, self.check_voucher, None),
            (ui.roster, self.roster, None),
            (ui.bankList, self.choose_bank_list_file, ROLES_SEEING_FULL_IDS),
            (ui.confirmPaid, self.confirm_paid, Action.MARK_PAID),
            (ui.drawSample, self.draw_sample, Action.SPOT_CHECK),
            (ui.recordCheck, self.record_check, Action.RECORD_SPOT_CHECK),
            (ui.printChecks, self.print_checks, None),
        ]
        self.refused = {button: role_reason(user, what) if what is not None else "" for button, _fn, what in actions}
        self.allowed = {button: not reason for button, reason in self.refused.items()}
        for button, fn, _what in actions:
            button.clicked.connect(fn)

    # loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The campaigns (and the chosen one's payouts) read afresh; main_window calls it on show."""
        db, office_id = self.db, self.user.office_id
        Op(self, self.lanes, lambda: campaigns.list_campaigns(db, office_id)).in_background() \
            .success(self._campaigns_arrived).failure(self._failed).run()

    def _campaigns_arrived(self, summaries: list[CampaignSummary]) -> None:
        self.summaries = summaries
        combo = self.ui.campaign
        combo.blockSignals(True)
        combo.clear()
        for s in summaries:
            add_id(combo, s.name, s.id)
        select_id(combo, self.chosen)
        combo.blockSignals(False)
        self._campaign_chosen(force=True)

    def _campaign_chosen(self, force: bool = False) -> None:
        chosen = current_id(self.ui.campaign)
        if chosen != self.chosen:
            self.ui.message.clear()
            force = True
        self.chosen = chosen
        if force:
            self.load_campaign()

    def choose_campaign(self, name: str) -> None:
        self.ui.campaign.setCurrentIndex(self.ui.campaign.findText(name))

    def load_campaign(self) -> None:
        self.generation += 1
        generation = self.generation
        if self.chosen is None:
            self.detail = None
            self._show_detail()
            return
        db, user, chosen = self.db, self.user, self.chosen
        Op(self, self.lanes, lambda: load_payouts(db, user, chosen)).in_background() \
            .success(lambda d: self._detail_arrived(generation, d)).failure(self._failed).run()

    def _detail_arrived(self, generation: int, detail: PayoutDetail) -> None:
        if generation != self.generation:
            return
        self.detail = detail
        self._show_detail()
        self.loaded.emit()
        db, office_id = self.db, self.user.office_id
        Op(self, self.lanes, lambda: publications.missing_line(db, office_id)).in_background() \
            .success(lambda line: self._papers_checked(generation, line)).failure(self._failed).run()

    def _papers_checked(self, generation: int, line: str) -> None:
        """Vouchers a killed print numbered without its paper: named under the figures, with what to do."""
        if line and generation == self.generation:
            self._show_problems([*self.problem_lines, line])
        self.papers_checked.emit(line)

    def _failed(self, exc: Exception) -> None:
        self._show_problems([describe(exc)])

    def _show_problems(self, lines: list[str], good: str = "") -> None:
        """The mismatches in red (or `good` in green), at most MAX_PROBLEM_LINES lines so the list below never
        moves; the rest in the tooltip."""
        self.problem_lines = [] if good else lines
        label = self.ui.problems
        label.setStyleSheet(f"color: {'#1b5e20' if good else RED.name()};")
        shown = [good] if good else lines
        if len(shown) > MAX_PROBLEM_LINES:
            more = len(lines) - MAX_PROBLEM_LINES + 1
            shown = [*lines[:MAX_PROBLEM_LINES - 1], self.tr("… and {0} more: rest the mouse here to read them all.")
                     .format(more)]
        label.setText("\n".join(shown))
        label.setToolTip("\n".join(lines) if shown != lines and not good else "")

    def _show_detail(self) -> None:
        detail = self.detail
        summary = next((s for s in self.summaries if s.id == self.chosen), None)
        self.ui.campaignInfo.setText(self.tr("{0} · {1} · {2}").format(
            summary.kind, summary.year, campaigns.STATUSES.get(summary.status, summary.status)) if summary else "")
        if detail is None:
            self.ui.figures.setRowCount(0)
            self.ui.budget.setText(self.tr("No campaign yet."))
            self._show_problems([])
        else:
            self._show_reconciliation(detail.reconciliation)
        self._show_rows()
        self._show_checks()

    def _show_reconciliation(self, r: Reconciliation) -> None:
        rows: list[tuple[str, Figure]] = [(self.tr("Approved, awaiting payment"), r.approved),
                                          (self.tr("Vouchers printed"), r.printed), (self.tr("Paid"), r.paid),
                                          (self.tr("Voided items"), r.voided)]
        fill(self.ui.figures, (self.tr("Items"), self.tr("Count"), self.tr("Amount (yuan)")),
             [(label, f.count, format_fen(f.fen)) for label, f in rows], right_aligned=(1, 2), stretch=0)
        table = self.ui.figures
        table.resizeColumnsToContents()
        width = table.horizontalHeader().length() + table.frameWidth() * 2
        table.setFixedSize(width, table.horizontalHeader().height() + table.verticalHeader().length()
                           + table.frameWidth() * 2)
        total = r.budget.total
        self.ui.budget.setText(self.tr(
            "Budget {0} yuan: paid {1}, reserved {2}, left {3}.\nSpoiled vouchers kept with their numbers: {4}.")
            .format(format_fen(total.budget_fen), format_fen(total.used_fen), format_fen(total.reserved_fen),
                    format_fen(total.left_fen), r.voided_vouchers))
        if r.problems:
            self._show_problems(list(r.problems))
        else:
            self._show_problems([], good=self.tr("The figures reconcile."))

    def _show_rows(self) -> None:
        self.pause.stop()
        rows = self.detail.rows if self.detail else []
        wanted, text = self.ui.stateFilter.currentData(), self.ui.search.text().strip()
        shown = [r for r in rows if r.matches(text) and (
            wanted is None or (r.item.state.value == wanted)
            or (wanted == todo.UNPRINTED and r.item.state == ItemState.APPROVED and not r.voucher)
            or (wanted == todo.PRINTED_UNPAID and r.item.state == ItemState.APPROVED and r.voucher))]
        self.model.set_rows(shown)
        self.ui.count.setText(self.tr("{0} items shown, {1} yuan").format(
            len(shown), format_fen(sum(r.item.amount_fen for r in shown))))
        if shown:
            self.ui.items.resizeColumnsToContents()
        self._update_buttons()

    def _show_checks(self) -> None:
        checks = self.detail.checks if self.detail else []
        combo, previous = self.ui.draws, current_id(self.ui.draws)
        combo.blockSignals(True)
        combo.clear()
        for c in checks:
            combo.addItem(self.tr("{0:%Y-%m-%d}: {1} % of {2} paid, {3} households").format(
                c.drawn_on, c.percent, c.population, len(c.entries)))
            combo.setItemData(combo.count() - 1, str(c.id))
        select_id(combo, getattr(self, "_new_draw", None) or previous)
        self._new_draw = None
        combo.blockSignals(False)
        self._show_entries()

    def chosen_check(self) -> Any:
        checks = self.detail.checks if self.detail else []
        return next((c for c in checks if c.id == current_id(self.ui.draws)), None)

    def _show_entries(self) -> None:
        check = self.chosen_check()
        entries = check.entries if check else ()
        fill(self.ui.entries, (self.tr("No."), self.tr("Name"), self.tr("File no."), self.tr("Work unit"),
                               self.tr("Amount (yuan)"), self.tr("Phone"), self.tr("Checked on"),
                               self.tr("How"), self.tr("Result"), self.tr("Note")),
             [(e.position, e.name, e.file_no, e.unit, format_fen(e.amount_fen), e.phone,
               f"{e.checked_on:%Y-%m-%d}" if e.checked_on else "", e.method, e.result, e.note) for e in entries],
             keys=[e.id for e in entries], right_aligned=(0, 4))
        self.ui.drawInfo.setText(self.tr(
            "Seed {0} over {1} paid items: the same seed over the same items draws the same households.").format(
            check.seed, check.population) if check else self.tr("No spot-check drawn for this campaign yet."))
        self._update_buttons()

    # selection and buttons --------------------------------------------------------------------------
    def selected(self) -> list[PayoutRow]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.ui.items.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def chosen_entry(self) -> Any:
        check, row = self.chosen_check(), self.ui.entries.currentRow()
        return check.entries[row] if check is not None and 0 <= row < len(check.entries) else None

    def _update_buttons(self) -> None:
        ui, rows, detail = self.ui, self.selected(), self.detail
        approved = [r for r in rows if r.item.state == ItemState.APPROVED]
        unprinted = any(r.item.state == ItemState.APPROVED and not r.voucher for r in detail.rows) if detail else False
        paid = bool(detail and (detail.reconciliation.paid.count > 0))
        fresh = any(not r.voucher for r in approved)
        needs = {ui.printVouchers: fresh if rows else unprinted,
                 ui.reprintVouchers: any(r.voucher for r in rows), ui.printVoided: any(r.voided for r in rows),
                 ui.voidVoucher: len(rows) == 1 and bool(rows[0].voucher) and bool(approved),
                 ui.roster: detail is not None, ui.bankList: detail is not None,
                 ui.confirmPaid: bool(detail and detail.reconciliation.approved.count),
                 ui.drawSample: paid, ui.recordCheck: self.chosen_entry() is not None,
                 ui.printChecks: self.chosen_check() is not None}
        for button, ready in needs.items():
            enable(button, self.refused[button], ready)
        ui.detail.setText(self.tr("{0} items selected, {1} yuan").format(
            len(rows), format_fen(sum(r.item.amount_fen for r in rows))) if rows else "")

    # vouchers ---------------------------------------------------------------------------------------
    def print_vouchers(self, reprint: bool) -> None:
        """The 样张 of the vouchers in the preview; numbered only when printed or saved from there."""
        rows = self.selected()
        if self.chosen is None:
            return
        if reprint:
            target: Any = [r.item.item_id for r in rows if r.voucher]
        elif rows:
            target = [r.item.item_id for r in rows if r.item.state == ItemState.APPROVED and not r.voucher]
            if not target:
                return
        else:
            target = self.chosen  # every approved item of the campaign without a voucher
        title = self.tr("Vouchers")
        sample, number = vouchers.sample_vouchers, vouchers.print_vouchers
        db, user = self.db, self.user

        def numbering(made: Any) -> Numbering:
            return Numbering(self.lanes, self.tr("Numbering and writing the vouchers…"),
                             lambda out: number(db, user, list(made.item_ids), out, reprint=reprint),
                             self._vouchers_printed, made.message())

        self.desk.show_sample(self.tr("Preparing the sample vouchers…"), title, self._saved_name(title),
                              lambda path: sample(db, user, target, path, reprint=reprint), numbering)

    def _vouchers_printed(self, printed: Any) -> str:
        numbers = printed.numbers
        span = f"{numbers[0]} – {numbers[-1]}" if numbers else ""
        return self.tr("{0} vouchers written ({1} new, {2} reprinted): {3}.").format(
            len(numbers), printed.new, printed.reprinted, span)

    def void_voucher(self) -> None:
        rows = self.selected()
        if len(rows) != 1 or rows[0].voucher_id is None:
            return
        row = rows[0]
        reason, ok = QInputDialog.getText(self, self.tr("Void voucher"), self.tr(
            "Why is voucher {0} of {1} voided? It keeps its number; the item gets a new one when printed again.")
            .format(row.voucher, row.item.name))
        if ok:
            self._run(self.tr("Voiding the voucher…"), vouchers.void_voucher, self.db, self.user,
                      row.voucher_id, reason,
                      done=lambda v: self._done(self.tr("Voucher {0} voided.").format(v.number)))

    def print_voided(self) -> None:
        ids = [i for r in self.selected() for i in r.voided_ids]
        if ids:
            self._make_pdf(self.tr("Printing the voided copies…"), self.tr("Voided vouchers"),
                           vouchers.print_voided, self.db, self.user, ids)

    # roster, bank list, payment ----------------------------------------------------------------------
    def check_voucher(self) -> Any:
        """核验凭证: any signed-in user of the office, whatever campaign is chosen."""
        return self._open(VoucherCheckDialog(self.db, self.user, self.lanes, self))

    def roster(self) -> RosterDialog | None:
        if self.chosen is None:
            return None
        dialog = RosterDialog(self.user, self)
        dialog.accepted.connect(lambda: self._make_pdf(
            self.tr("Writing the sign-off roster…"), self.tr("Sign-off roster"), roster.export_roster,
            self.db, self.user, self.chosen, public=dialog.public(), split_by=dialog.split_by()))
        return self._open(dialog)

    def choose_bank_list_file(self) -> None:
        summary = next((s for s in self.summaries if s.id == self.chosen), None)
        if summary is None:
            return
        filters = ";;".join((self.tr("Excel workbooks (*.xlsx)"), self.tr("PDF for the bank counter (*.pdf)")))
        name = file_dialogs.save_file(self, "bank_list", self.tr("Bank transfer list"), filters,
                                      f"银行代发清单-{summary.name}.xlsx")
        if name is not None:  # the PDF when the name ends in .pdf (the filter changes it), else the workbook
            known = name.suffix.lower() in (".pdf", ".xlsx")
            self.bank_list_to(name if known else name.with_name(name.name + ".xlsx"))

    def bank_list_to(self, target: Path) -> None:
        if self.chosen is not None:
            self._run(self.tr("Writing the bank transfer list…"), bank_list.export_bank_list,
                      self.db, self.user, self.chosen, target,
                      done=lambda path: self._done(self.tr("The bank transfer list was saved to {0}.").format(path)
                                                   + self._payer_warning()))

    def _payer_warning(self) -> str:
        """The payer account (settings payer_*) missing: the list prints blanks to fill by hand."""
        return "" if bank_list.payer_of(self.db, self.user.office_id).complete else "\n" + bank_list.PAYER_MISSING

    def confirm_paid(self) -> MarkPaidDialog | None:
        if self.detail is None or self.chosen is None:
            return None
        awaiting = {r.item.item_id for r in self.detail.rows if r.item.state == ItemState.APPROVED}
        dialog = MarkPaidDialog(self.db, self.user, self.lanes, self.chosen, self.selected(), awaiting, self)
        dialog.accepted.connect(lambda: self.mark_paid(dialog.item_ids(), dialog.paid_on(), dialog.method()))
        return self._open(dialog)

    def mark_paid(self, item_ids: list[uuid.UUID], paid_on: dt.date, method: str) -> None:
        self._run(self.tr("Confirming {0} items as paid…").format(len(item_ids)), mark_paid, self.db, self.user,
                  item_ids, paid_on, method, done=lambda done: self._done(self.tr(
                      "{0} items confirmed as paid on {1:%Y-%m-%d}.").format(len(item_ids), paid_on)))

    # spot-checks ------------------------------------------------------------------------------------
    def draw_sample(self) -> None:
        if self.detail is None or self.chosen is None:
            return
        percent, ok = QInputDialog.getInt(self, self.tr("Draw a sample"), self.tr(
            "Percent of the paid households to call back or visit:"), self.detail.spot_check_percent, 1, 100)
        if ok:
            self.draw_percent(percent)

    def draw_percent(self, percent: int) -> None:
        def drawn(c: Any) -> None:
            self._new_draw = c.id  # shown when the campaign reloads: the draw just made, not an earlier one
            self._done(self.tr("{0} households drawn (seed {1}).").format(len(c.entries), c.seed))

        self._run(self.tr("Drawing the sample…"), spot_checks.draw, self.db, self.user, self.chosen, percent,
                  done=drawn)

    def record_check(self) -> SpotCheckDialog | None:
        entry = self.chosen_entry()
        if entry is None or not self.allowed[self.ui.recordCheck]:
            return None
        dialog = SpotCheckDialog(entry, METHODS, RESULTS, self.user.display_name, self)
        dialog.accepted.connect(lambda: self._run(
            self.tr("Recording the result…"), spot_checks.record_check, self.db, self.user, entry.id,
            *dialog.values(), done=lambda _v: self._done(self.tr("Result recorded for {0}.").format(entry.name))))
        return self._open(dialog)

    def print_checks(self) -> None:
        check = self.chosen_check()
        if check is not None:
            self._make_pdf(self.tr("Writing the spot-check list…"), self.tr("Spot-check list"),
                           spot_checks.export_list, self.db, self.user, check.id)

    # plumbing ---------------------------------------------------------------------------------------
    def _saved_name(self, title: str) -> str:
        summary = next((s for s in self.summaries if s.id == self.chosen), None)
        return f"{title}-{summary.name}.pdf" if summary else f"{title}.pdf"

    def _make_pdf(self, label: str, title: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """`fn(*args, out_path, **kwargs)` writes the PDF on the lane; then it is shown, and the list read again."""
        self.desk.show(label, title, self._saved_name(title), lambda path: fn(*args, path, **kwargs),
                       written=lambda _v: self._done(self.tr("{0} written.").format(title)))

    def preview(self, path: Path, title: str, saved_name: str = "") -> PdfPreviewDialog:
        return self.desk.preview(path, title, saved_name)

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
        self.ui.message.clear()
        show_refusal(self, exc)

    def _done(self, message: str) -> None:
        self.ui.message.setText(message)
        self.acted.emit(message)
        self.load_campaign()

