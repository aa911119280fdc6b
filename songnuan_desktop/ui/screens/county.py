"""乡镇汇总 (county): import the townships' 报送包, see each township's latest package and counts, the
cross-township findings (重复建档, 重复发放, 信息不一致) with their evidence, and the county's tables.

Everything here is read-only: a township's rows change only with its next package. The overview is read
on the database lane when the screen is shown and after every merge (first the townships and tables, then
the checks, so the table is on screen while the checks run). The merge runs on the database lane too, with
a cancellable progress dialog; the passphrase is typed once, handed to the job and not kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QDialog, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.county import county_checks, county_merge, county_reports
from songnuan_desktop.services.county.county_checks import CheckResult, Finding
from songnuan_desktop.services.county.county_merge import MergeReport
from songnuan_desktop.services.county.county_reports import ReportTable, TownshipStatus
from songnuan_desktop.services.exchange.package_export import SUFFIX
from songnuan_desktop.services.office import office
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.county_dialogs import MergeResultDialog, PassphraseDialog
from songnuan_desktop.ui.generated.ui_county_screen import Ui_CountyScreen
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.screens.county_flags import FlagsPanel, entry_item, finding_item
from songnuan_desktop.ui.widgets.volumes import Volume, mounted_volumes
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Lanes

STALE_AFTER = dt.timedelta(days=35)  # a township that has not sent a package for over a month
RED, GREEN = "#b00020", "#1b5e20"
STALE_BACKGROUND = QColor("#fff3cd")
EXPAND_UP_TO = 50
EXPAND_FIRST = 5  # of a longer list, the findings shown open


@dataclass(frozen=True)
class Overview:
    office_name: str
    townships: list[TownshipStatus]
    reports: list[ReportTable]


def _load_overview(db: Database, user: SessionUser) -> Overview:
    return Overview(office.local_office(db).name, county_reports.township_status(db, user),
                    county_reports.county_report(db, user))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def is_stale(exported_at: dt.datetime, now: dt.datetime) -> bool:
    return now - exported_at > STALE_AFTER


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class CountyScreen(QWidget):
    loaded = Signal()  # townships, tables and checks are on screen
    merged = Signal(object)  # MergeReport
    merge_failed = Signal(object)  # the exception, after it was shown
    report_exported = Signal(object)  # Path

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_CountyScreen()
        self.ui.setupUi(self)
        self.townships: list[TownshipStatus] = []
        self.checks: CheckResult | None = None
        self.reports: list[ReportTable] = []
        self.default_folder: Path | None = None  # the first removable drive, found on the file lane
        self.dialog: QDialog | None = None  # the last merge result (tests read it)
        self.ui.splitter.setStretchFactor(0, 2)
        self.ui.splitter.setStretchFactor(1, 3)
        self.ui.splitter.setSizes([240, 560])  # the findings and flags get the room, the few townships less
        row_height = self.fontMetrics().height() + 8
        for table in (self.ui.townships, self.ui.reportTable):
            table.verticalHeader().setDefaultSectionSize(row_height)
            table.verticalHeader().setVisible(False)
        for tree in self.trees:
            tree.setUniformRowHeights(True)
            tree.setStyleSheet("QTreeView::item { padding: 3px 0; }")
        self._label_tabs()
        self.ui.importPackages.clicked.connect(self.import_packages)
        self.ui.refreshButton.clicked.connect(self.refresh)
        self.ui.reportChoice.currentIndexChanged.connect(self._show_report)
        self.ui.exportReport.clicked.connect(self.export_report)
        self.ui.exportReport.setEnabled(False)
        self.flags = FlagsPanel(self, self.ui, db, user, lanes, self._message)

    @property
    def trees(self) -> tuple[QTreeWidget, QTreeWidget, QTreeWidget]:
        return self.ui.duplicates, self.ui.doublePayments, self.ui.differ

    # loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """main_window calls it when the screen is shown; the screen calls it after a merge."""
        db, user = self.db, self.user
        # The sticks are only a default folder for the dialog: not finding them is logged (lanes), not said.
        Op(self, self.lanes, mounted_volumes).on_cpu().in_background().success(self._volumes_arrived) \
            .failure(lambda _exc: None).run()
        Op(self, self.lanes, lambda: _load_overview(db, user)).in_background() \
            .success(self._overview_arrived).failure(self._failed).run()
        Op(self, self.lanes, lambda: county_checks.cross_township_checks(db, user)).in_background() \
            .success(self._checks_arrived).failure(self._failed).run()
        self.flags.refresh()

    def _failed(self, exc: Exception) -> None:
        self._message(describe(exc), RED)

    def _volumes_arrived(self, volumes: list[Volume]) -> None:
        removable = [v for v in volumes if v.removable]
        self.default_folder = Path(removable[0].root) if removable else None

    def _overview_arrived(self, overview: Overview) -> None:
        self.townships, self.reports = overview.townships, overview.reports
        self.ui.officeName.setText(overview.office_name)
        self._show_townships(overview.townships)
        self._fill_report_choice(overview.reports)

    def _checks_arrived(self, checks: CheckResult) -> None:
        self.checks = checks
        for tree, findings in zip(self.trees, (checks.duplicate_files, checks.double_payments,
                                               checks.details_differ), strict=True):
            self._fill_tree(tree, findings, payments=tree is self.ui.doublePayments)
        self._label_tabs()
        self.flags.mark_trees()
        self.loaded.emit()

    # townships --------------------------------------------------------------------------------------
    def _show_townships(self, townships: list[TownshipStatus]) -> None:
        headers = (self.tr("Township"), self.tr("Latest package"), self.tr("Exported at"), self.tr("Merged at"),
                   self.tr("Active files"), self.tr("All files"), self.tr("List items"),
                   self.tr("Approved (yuan)"), self.tr("Paid (yuan)"))
        rows = [(t.name, f"{t.last_sequence:04d}", local_text(t.exported_at),
                 local_text(t.merged_at) if t.merged_at else "", f"{t.files_active:,}", f"{t.files_total:,}",
                 f"{t.items:,}", format_fen(t.amount_approved_fen), format_fen(t.amount_paid_fen))
                for t in townships]
        table = self.ui.townships
        fill(table, headers, rows, keys=[t.office_id for t in townships], right_aligned=(1, 4, 5, 6, 7, 8),
             stretch=0)
        now = utc_now()
        for row, township in enumerate(townships):
            if not is_stale(township.exported_at, now):
                continue
            days = (now - township.exported_at).days
            for column in range(table.columnCount()):
                cell = table.item(row, column)
                if cell is not None:
                    cell.setBackground(QBrush(STALE_BACKGROUND))
                    cell.setToolTip(self.tr("The last package is {0} days old: ask the township for a new one.")
                                    .format(days))
        self._show_totals(townships)

    def _show_totals(self, townships: list[TownshipStatus]) -> None:
        if not townships:
            self.ui.totals.setText(self.tr("No township's package has been imported yet. Choose “Import "
                                           "packages…” and the files on the USB stick."))
            return
        stale = sum(1 for t in townships if is_stale(t.exported_at, utc_now()))
        text = self.tr("Total: {0} townships, {1} active files of {2}, {3} list items, approved {4} yuan, "
                       "paid {5} yuan.").format(
            len(townships), f"{sum(t.files_active for t in townships):,}", f"{sum(t.files_total for t in townships):,}",
            f"{sum(t.items for t in townships):,}", format_fen(sum(t.amount_approved_fen for t in townships)),
            format_fen(sum(t.amount_paid_fen for t in townships)))
        if stale:
            text += " " + self.tr("{0} township(s) sent nothing for more than 35 days (marked).").format(stale)
        self.ui.totals.setText(text)

    # findings ---------------------------------------------------------------------------------------
    def _label_tabs(self) -> None:
        c = self.checks
        counts = (len(c.duplicate_files), len(c.double_payments), len(c.details_differ)) if c else ("…",) * 3
        titles = (self.tr("Duplicate files ({0})"), self.tr("Double payments ({0})"),
                  self.tr("Details differ ({0})"))
        for index, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.ui.tabs.setTabText(index, title.format(count))
            if c is not None and count and index < 2:
                self.ui.tabs.tabBar().setTabTextColor(index, QColor(RED))

    def _fill_tree(self, tree: QTreeWidget, findings: Sequence[Finding], payments: bool) -> None:
        headers = [self.tr("Township"), self.tr("File no."), self.tr("Name"), self.tr("Role"),
                   self.tr("File status")]
        if payments:
            headers += [self.tr("Amount (yuan)"), self.tr("Item state")]
        headers += [self.tr("County flag"), self.tr("Details")]
        tree.clear()
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        bold = QFont(tree.font())
        bold.setBold(True)
        for finding in findings:
            parent = finding_item(tree, finding)
            parent.setFirstColumnSpanned(True)
            parent.setFont(0, bold)
            parent.setData(0, Qt.ItemDataRole.UserRole, finding.key)
            for e in finding.entries:
                cells = [e.office_name, e.file_no, e.name, e.role, e.file_status]
                if payments:
                    cells += [format_fen(e.amount_fen) if e.item_id else "", _state_text(e.state)]
                child = entry_item(parent, [*cells, "", e.detail], e)
                child.setToolTip(len(cells) + 1, e.detail)
                if payments:
                    child.setTextAlignment(5, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if len(findings) <= EXPAND_UP_TO:
            tree.expandAll()  # the evidence at a glance; a long list stays folded but for its first few,
        else:  # which also give the columns their widths (only shown rows are measured)
            for n in range(min(EXPAND_FIRST, tree.topLevelItemCount())):
                if (top := tree.topLevelItem(n)) is not None:
                    top.setExpanded(True)
        if not findings:
            empty = QTreeWidgetItem(tree, [self.tr("Nothing found.")])
            empty.setFirstColumnSpanned(True)
        header = tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)

    # reports ----------------------------------------------------------------------------------------
    def _fill_report_choice(self, reports: list[ReportTable]) -> None:
        choice = self.ui.reportChoice
        current = choice.currentText()
        choice.blockSignals(True)
        choice.clear()
        choice.addItems([r.title for r in reports])
        choice.setCurrentIndex(max(0, choice.findText(current)))
        choice.blockSignals(False)
        self.ui.exportReport.setEnabled(bool(reports))
        self._show_report()

    def _show_report(self, _index: int = 0) -> None:
        index = self.ui.reportChoice.currentIndex()
        if not (0 <= index < len(self.reports)):
            fill(self.ui.reportTable, (), [])
            return
        report = self.reports[index]
        money = set(getattr(report, "money_columns", ()))

        def shown(row: Sequence[Any]) -> list[str]:
            return [format_fen(v) if c in money and isinstance(v, int) else cell_text(v) for c, v in enumerate(row)]

        rows: list[Sequence[Any]] = [shown(row) for row in report.rows]
        if report.totals:
            rows.append(shown(report.totals))
        numeric = tuple(c for c in range(len(report.headers))
                        if c in money or any(isinstance(row[c], int | float) for row in report.rows if c < len(row)))
        fill(self.ui.reportTable, report.headers, rows, right_aligned=numeric, stretch=0)
        if report.totals:
            bold = QFont(self.ui.reportTable.font())
            bold.setBold(True)
            for column in range(self.ui.reportTable.columnCount()):
                cell = self.ui.reportTable.item(len(rows) - 1, column)
                if cell is not None:
                    cell.setFont(bold)

    def export_report(self) -> None:
        start = (self.default_folder or Path.home()) / self.tr("county_tables_{0}.xlsx").format(
            f"{dt.date.today():%Y%m%d}")
        path = file_dialogs.save_file(self, "county-tables", self.tr("Export the county tables"),
                                      self.tr("Excel workbook (*.xlsx)"), start)
        if path is not None:
            self.export_report_to(path)

    def export_report_to(self, path: Path) -> bool:
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        db, user = self.db, self.user
        return Op(self, self.lanes, lambda: county_reports.export_county_report(db, user, path)) \
            .with_progress(self.tr("Writing the county tables…")).one_at_a_time() \
            .success(self._report_exported).failure(self._failed_export).run() is not None

    def _report_exported(self, path: Path) -> None:
        self._message(self.tr("The tables were written to {0}.").format(path), GREEN)
        self.report_exported.emit(path)

    def _failed_export(self, exc: Exception) -> None:
        self._message(describe(exc), RED)
        show_error(self, exc)

    # merge ------------------------------------------------------------------------------------------
    def import_packages(self) -> None:
        """The button: choose the packages, type the passphrase once, merge."""
        paths = file_dialogs.open_files(self, "package", self.tr("The townships' packages"),
                                        self.tr("Packages (*{0})").format(SUFFIX), self.default_folder)
        if not paths:
            return
        ask = PassphraseDialog(len(paths), self)
        if ask.exec() != QDialog.DialogCode.Accepted:
            return
        self.merge(paths, ask.text())

    def merge(self, paths: Sequence[Path], passphrase: str) -> bool:
        """Start the merge on the database lane; False when one is already running."""
        if ops.busy(self):
            return False
        self._message(self.tr("Importing {0} package(s)…").format(len(paths)), GREEN)
        db, user, chosen = self.db, self.user, list(paths)
        Op.with_job(self, self.lanes, lambda job: county_merge.merge_packages(
            db, user, chosen, passphrase, job.progress, job.is_cancelled)) \
            .holding(self.ui.importPackages).one_at_a_time() \
            .with_progress(self.tr("Checking and merging {0} package(s)…").format(len(paths)), self.tr("Cancel")) \
            .success(self._merged).failure(self._merge_failed).run()
        return True

    def _merged(self, report: MergeReport) -> None:
        self._message(report.summary(), GREEN)
        self.dialog = MergeResultDialog(report, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        self.merged.emit(report)
        self.refresh()

    def _merge_failed(self, exc: Exception) -> None:
        shown = self._with_nothing_changed(exc)
        self._message(describe(shown), RED)
        show_error(self, shown)
        self.merge_failed.emit(exc)

    def _with_nothing_changed(self, exc: Exception) -> Exception:
        """Every refusal says the database is as it was (most merge refusals already do)."""
        note = self.tr("The database was not changed.")
        if isinstance(exc, DomainError) and note not in exc.message:
            return DomainError(exc.code, f"{exc.message}{note}", exc.fields)
        return exc

    def _message(self, text: str, color: str) -> None:
        self.ui.message.setStyleSheet(f"color: {color};")
        self.ui.message.setText(text)


def _state_text(state: str) -> str:
    try:
        return STATE_LABELS[ItemState(state)]
    except ValueError:
        return state
