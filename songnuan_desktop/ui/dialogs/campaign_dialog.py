"""新建/修改活动: name, kind, period, budgets (total, per category, per fund source), the campaign's
payment standards and its rules. The service decides: raising a budget needs the approver and a reason.

Every read and write runs on the database lane (ui.ops, STYLE rule 4): the campaign (or, for a new one, the
office's parameters and standards) is read when the dialog opens — `ready` turns True once shown — and OK
stores the campaign, then its visit quota, in one job, the buttons held meanwhile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.campaigns.campaigns import BudgetLine, CampaignInput, CampaignView, Standard
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.visits import visit_quotas
from songnuan_desktop.ui.generated.ui_campaign_dialog import Ui_CampaignDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import field_message
from songnuan_desktop.ui.widgets.standard_bands_editor import StandardBandsEditor
from songnuan_desktop.ui.widgets.visit_quota_field import VisitQuotaField
from songnuan_desktop.workers.lanes import Lanes

ANY = ""  # a budget line's empty field: any category / any fund source


def _yuan(fen: int) -> str:
    return format_fen(fen).replace(",", "").removesuffix(".00")


def _amount(fen: int) -> QTableWidgetItem:
    item = QTableWidgetItem(_yuan(fen) if fen else "")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


@dataclasses.dataclass(frozen=True)
class _Opened:
    """What the dialog shows when it opens: the campaign and its quota, or a new one's office defaults."""

    view: CampaignView | None
    quota: visit_quotas.Quota | None = None
    lookback_months: int = 0
    notice_days: int = 0
    standards: tuple[Standard, ...] = ()


def _opened(db: Database, user: SessionUser, campaign_id: uuid.UUID | None, kind: str, start: dt.date) -> _Opened:
    """On the database lane, when the dialog opens."""
    if campaign_id is not None:
        return _Opened(campaigns.get_campaign(db, user.office_id, campaign_id),
                       visit_quotas.quota_of(db, user.office_id, campaign_id))
    return _Opened(None, None, int(settings.get(db, user.office_id, "lookback_months")),
                   int(settings.get(db, user.office_id, "notice_working_days")),
                   tuple(campaigns.default_standards(db, user.office_id, kind, start)))


@dataclasses.dataclass(frozen=True)
class _Stored:
    view: CampaignView
    quota: visit_quotas.Quota | None
    quota_refused: DomainError | None  # the campaign is stored; its quota was refused (said in the dialog)


def _store(db: Database, user: SessionUser, view: CampaignView | None, data: CampaignInput, reason: str,
           quota: tuple[str, int] | None) -> _Stored:
    """On the database lane: the campaign, then its visit quota when it changed."""
    if view is None:
        saved = campaigns.create_campaign(db, user, data)
    else:
        saved = campaigns.update_campaign(db, user, view.id, data, view.row_version, reason)
    if quota is None:
        return _Stored(saved, None, None)
    try:
        return _Stored(saved, visit_quotas.set_quota(db, user, saved.id, *quota), None)
    except DomainError as exc:
        return _Stored(saved, None, exc)


def _combo(values: tuple[str, ...], current: str, any_text: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(any_text, ANY)
    for value in values:
        combo.addItem(value, value)
    if current and combo.findData(current) < 0:
        combo.addItem(current, current)  # an older code the lists no longer offer
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class CampaignDialog(QDialog):
    saved = Signal(object)  # the CampaignView saved

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, campaign_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_CampaignDialog()
        self.ui.setupUi(self)
        self.view: CampaignView | None = None
        self.ready = False  # the dialog shows the stored campaign (or a new one's office defaults)
        ui = self.ui
        ui.kind.addItems(list(codes.CAMPAIGN_KINDS))
        for key, label in campaigns.STATUSES.items():
            ui.status.addItem(label, key)
        ui.lookbackMonths.setSuffix(self.tr(" months"))
        ui.noticeDays.setSuffix(self.tr(" working days"))
        self._table(ui.budgets, (self.tr("Category"), self.tr("Fund source"), self.tr("Budget (yuan)")))
        self._table(ui.standards, (self.tr("Item"), self.tr("Tier"), self.tr("Amount (yuan)")))
        ui.addBudget.clicked.connect(lambda: self.add_budget(BudgetLine(0)))
        ui.removeBudget.clicked.connect(lambda: self._remove(ui.budgets))
        ui.addStandard.clicked.connect(
            lambda: self.add_standard(Standard(campaigns.ITEM_KIND_OF[ui.kind.currentText()], "", 0)))
        ui.removeStandard.clicked.connect(lambda: self._remove(ui.standards))
        ui.resetStandards.clicked.connect(self.office_standards)
        self._setup_bands()
        self._setup_quota()
        if campaign_id is None:
            self._new()
        ui.reasonLabel.setVisible(campaign_id is not None)
        ui.reason.setVisible(campaign_id is not None)
        approver = user.may(Action.RAISE_BUDGET)
        ui.reason.setEnabled(approver)
        if not approver:
            ui.reason.setPlaceholderText(self.tr("Only the approver (union chair) may raise a budget"))
        kind, start = ui.kind.currentText(), ui.startDate.date().toPython()
        Op(self, lanes, lambda: _opened(db, user, campaign_id, kind, start)).holding(ui.buttons) \
            .success(self._opened).failure(lambda exc: field_message.show(ui.error, describe(exc))).run()

    def _opened(self, opened: _Opened) -> None:
        if opened.view is not None:
            self.view = opened.view
            self._fill(opened.view)
            self.quota.set_quota(opened.quota)
        else:
            self.ui.lookbackMonths.setValue(opened.lookback_months)
            self.ui.noticeDays.setValue(opened.notice_days)
            self._show_standards(opened.standards)
        self.ui.kind.currentIndexChanged.connect(lambda _i: self.office_standards() if self.view is None else None)
        self.ready = True

    @staticmethod
    def _table(table: QTableWidget, headers: tuple[str, ...]) -> None:
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    @staticmethod
    def _remove(table: QTableWidget) -> None:
        rows = sorted({i.row() for i in table.selectedIndexes()} or {table.currentRow()}, reverse=True)
        for row in rows:
            if row >= 0:
                table.removeRow(row)

    # filling ----------------------------------------------------------------------------------------
    def _new(self) -> None:
        today = dt.date.today()
        ui = self.ui
        self.setWindowTitle(self.tr("New campaign"))
        winter = dt.date(today.year, 12, 1) if today.month >= 9 else today
        ui.startDate.setDate(QDate(winter))
        ui.endDate.setDate(QDate(winter + dt.timedelta(days=75)))
        ui.year.setValue((winter + dt.timedelta(days=75)).year)
        ui.status.setCurrentIndex(ui.status.findData("active"))

    def _fill(self, view: CampaignView) -> None:
        ui = self.ui
        self.setWindowTitle(self.tr("Campaign {0} ({1})").format(view.name, view.code))
        ui.name.setText(view.name)
        ui.kind.setCurrentIndex(max(0, ui.kind.findText(view.kind)))
        ui.startDate.setDate(QDate(view.start_date))
        ui.endDate.setDate(QDate(view.end_date))
        ui.year.setValue(view.year)
        ui.status.setCurrentIndex(max(0, ui.status.findData(view.status)))
        ui.totalBudget.setText(_yuan(view.total_budget_fen))
        ui.lookbackMonths.setValue(view.lookback_months)
        ui.noticeDays.setValue(view.notice_days)
        ui.note.setText(view.note)
        for line in view.budgets:
            self.add_budget(line)
        for standard in view.standards:
            self.add_standard(standard)
        self.bands.set_bands(view.bands)

    def add_budget(self, line: BudgetLine) -> int:
        table = self.ui.budgets
        row = table.rowCount()
        table.insertRow(row)
        table.setCellWidget(row, 0, _combo(codes.CATEGORIES, line.category, self.tr("(any category)")))
        table.setCellWidget(row, 1, _combo(codes.FUND_SOURCES, line.fund_source, self.tr("(any source)")))
        table.setItem(row, 2, _amount(line.amount_fen))
        return row

    def add_standard(self, standard: Standard) -> int:
        table = self.ui.standards
        row = table.rowCount()
        table.insertRow(row)
        kind = QTableWidgetItem(standard.item_kind)
        kind.setFlags(kind.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(row, 0, kind)
        table.setItem(row, 1, QTableWidgetItem(standard.tier))
        table.setItem(row, 2, _amount(standard.amount_fen))
        return row

    def office_standards(self) -> None:
        """The office's standards for this kind in force on the start date (what a new campaign gets), read on
        the database lane; the buttons are held until they are shown."""
        db, office_id = self.db, self.user.office_id
        kind, start = self.ui.kind.currentText(), self.ui.startDate.date().toPython()
        Op(self, self.lanes, lambda: campaigns.default_standards(db, office_id, kind, start)) \
            .holding(self.ui.buttons, self.ui.resetStandards).success(self._show_standards) \
            .failure(lambda exc: field_message.show(self.ui.error, describe(exc))).run()

    def _show_standards(self, standards: Sequence[Standard]) -> None:
        self.ui.standards.setRowCount(0)
        banded = {band.tier for band in self.bands.bands()[0]}  # paid by household size: stays in the bands
        for standard in standards:
            if standard.tier not in banded:
                self.add_standard(standard)

    # collecting and saving --------------------------------------------------------------------------
    def collect(self) -> tuple[CampaignInput, list[str]]:
        ui, problems = self.ui, []
        total = field_message.money(ui.totalBudget.text(), "总预算")
        if total.reason:
            problems.append(str(total.reason))
        budgets, standards = [], []
        for row in range(ui.budgets.rowCount()):
            category = self._cell_data(ui.budgets, row, 0)
            source = self._cell_data(ui.budgets, row, 1)
            amount = field_message.money(self._text(ui.budgets, row, 2), f"第 {row + 1} 条分项预算")
            if amount.reason:
                problems.append(str(amount.reason))
            budgets.append(BudgetLine(amount.value or 0, category, source))
        for row in range(ui.standards.rowCount()):
            tier = self._text(ui.standards, row, 1).strip()
            amount = field_message.money(self._text(ui.standards, row, 2), f"补助标准“{tier}”")
            if amount.reason:
                problems.append(str(amount.reason))
            standards.append(Standard(self._text(ui.standards, row, 0), tier, amount.value or 0))
        bands, band_problems = self._collect_bands(standards)
        problems += band_problems
        data = CampaignInput(
            name=ui.name.text().strip(), kind=ui.kind.currentText(), start_date=ui.startDate.date().toPython(),
            end_date=ui.endDate.date().toPython(), total_budget_fen=total.value or 0, budgets=tuple(budgets),
            standards=tuple(standards), lookback_months=ui.lookbackMonths.value(), notice_days=ui.noticeDays.value(),
            year=ui.year.value(), status=ui.status.currentData(), note=ui.note.text().strip(), bands=bands)
        return data, problems

    # standards by household size (issue 16 item 4) --------------------------------------------------
    def _setup_bands(self) -> None:
        """The bands editor under the standards: a tier moves there from the standards table (its one amount
        becomes the band of 1 person and more) and is split into bands there."""
        self.bands = StandardBandsEditor(self)
        self.ui.tables.addWidget(self.bands)
        self.bands.add_requested.connect(self._band_from_standard)
        self.ui.kind.currentIndexChanged.connect(lambda _i: self._band_tiers())
        self.ui.standards.itemChanged.connect(lambda _item: self._band_tiers())
        self.ui.standards.model().rowsInserted.connect(lambda *_a: self._band_tiers())
        self.ui.standards.model().rowsRemoved.connect(lambda *_a: self._band_tiers())
        self._band_tiers()

    def _band_tiers(self) -> None:
        self.bands.item_kind = campaigns.ITEM_KIND_OF[self.ui.kind.currentText()]
        tiers = [self._text(self.ui.standards, r, 1).strip() for r in range(self.ui.standards.rowCount())]
        self.bands.set_tiers([t for t in tiers if t] + list(codes.CATEGORIES))

    def _band_from_standard(self, tier: str) -> None:
        """The first band of `tier`: 1 person and more at the tier's one amount, which leaves the standards
        table (a tier is paid by one amount or by bands, never both)."""
        table, amount = self.ui.standards, 0
        for row in range(table.rowCount()):
            if self._text(table, row, 1).strip() == tier:
                amount = field_message.money(self._text(table, row, 2), tier).value or 0
                table.removeRow(row)
                break
        self.bands.add_row(campaigns.Band(self.bands.item_kind, tier, 1, None, amount))

    def _collect_bands(self, standards: list[Standard]) -> tuple[tuple[campaigns.Band, ...], list[str]]:
        bands, problems = self.bands.bands()
        plain = {s.tier for s in standards}
        for n, band in enumerate(bands, start=1):
            if band.tier in plain:
                problems.append(f"按家庭人口分档第 {n} 行（{band.tier}）：“{band.tier}”在上方补助标准中已有统一金额，"
                                "一个类别只能按统一金额或按家庭人口分档，请删去其中一种。")
                break
        return bands, problems

    @staticmethod
    def _text(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    @staticmethod
    def _cell_data(table: QTableWidget, row: int, column: int) -> str:
        combo = table.cellWidget(row, column)
        return str(combo.currentData() or "") if isinstance(combo, QComboBox) else ""

    def accept(self) -> None:
        data, problems = self.collect()
        if problems:
            field_message.show(self.ui.error, problems[0])
            return
        if not self.ready:
            return  # the stored campaign is still being read: its row version is not known yet
        db, user, view, reason = self.db, self.user, self.view, self.ui.reason.text()
        quota = self.quota.value() if self.quota.changed else None
        Op(self, self.lanes, lambda: _store(db, user, view, data, reason, quota)).holding(self.ui.buttons) \
            .success(self._stored).failure(lambda exc: field_message.show(self.ui.error, describe(exc))) \
            .one_at_a_time().run()

    def _stored(self, stored: _Stored) -> None:
        self.view = stored.view
        if stored.quota_refused is not None:
            field_message.show(self.ui.error, describe(stored.quota_refused))
            return
        if self.quota.changed:
            self.quota.set_quota(stored.quota)
        self.saved.emit(stored.view)
        super().accept()

    # visit quota (issue 16 item 5) ------------------------------------------------------------------
    def _setup_quota(self) -> None:
        """走访指标 as a row of the form, under the note; saved after the campaign (services.visits.visit_quotas)."""
        self.quota = VisitQuotaField(self)
        self.ui.form.addRow(self.tr("Visit quota"), self.quota)
