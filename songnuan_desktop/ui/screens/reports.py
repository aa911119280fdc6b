"""统计 (issue 16 item 1): choose a period — a year, a campaign, or a date range — and see each table of
services.reports.statistics with its figures and a bar chart beside them; export the table shown or all of them to
.xlsx, or print them through the program's preview dialog (the PDF of documents.statistics_pdf, each table
with its chart).

Built when first opened (nothing is read until the screen is shown); every read runs on the database lane:
the period's scope and the table shown first, then each other table when it is chosen, kept until the period
changes. A click on a column's figures charts that column; in 同比, a click on a row charts
that row across the years.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea,
    QSpinBox, QSplitter, QStackedWidget, QTableWidget, QVBoxLayout, QWidget,
)

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.reports import statistics, statistics_export
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.reports.statistics import Period, Scope, Table
from songnuan_desktop.ui.dialogs.papers import PaperDesk
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.chart import BarChart
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.refusals import show_refusal
from songnuan_desktop.ui.widgets.status_line import StatusLine
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Lanes

YEAR, CAMPAIGN, RANGE = 0, 1, 2


class ReportsScreen(QWidget):
    shown = Signal(object)  # a table is on screen (the Table)

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.today: dt.date | None = None  # None: the real today (tests and a demo office set their own)
        self.scope: Scope | None = None
        self.tables: dict[str, Table] = {}
        self.key = statistics.TABLE_KEYS[0]
        self.index: int | None = None  # the column (or 同比's row) the chart shows; None: the table's own
        self.loaded = False
        self.loading = False
        self.desk = PaperDesk(self, lanes, self._run_failed)
        self._build()

    # --- the layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Reports"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout.addWidget(title)
        layout.addLayout(self._period_bar())
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        for key in statistics.TABLE_KEYS:
            item = QListWidgetItem(statistics.TITLES[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.list.addItem(item)
        self.list.setMaximumWidth(230)
        self.list.currentRowChanged.connect(self._chosen)
        split.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        right_layout.addWidget(self.heading)
        figures = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectItems)
        self.table.setAlternatingRowColors(True)
        self.table.cellClicked.connect(self._cell_clicked)
        figures.addWidget(self.table)
        self.chart = BarChart()
        self.chart.empty_text = self.tr("No figures in this period.")
        scroll = QScrollArea()  # a table of many units: the chart scrolls, the window keeps its size
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.chart)
        figures.addWidget(scroll)
        figures.setSizes([560, 420])
        right_layout.addWidget(figures, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        right_layout.addWidget(self.note)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        layout.addLayout(self._action_bar())
        self.message = StatusLine()
        layout.addWidget(self.message)

    def _period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period:")))
        self.mode = QComboBox()
        self.mode.addItems([self.tr("Year"), self.tr("Campaign"), self.tr("Date range")])
        bar.addWidget(self.mode)
        self.choices = QStackedWidget()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(self.tr(" (year)"))
        self.year.setValue(dt.date.today().year)
        self.year.setMaximumWidth(120)
        self.choices.addWidget(self.year)
        self.campaign = QComboBox()
        self.campaign.setMinimumWidth(240)
        self.campaign.setPlaceholderText(self.tr("No campaign yet"))
        self.choices.addWidget(self.campaign)
        dates = QWidget()
        dates_layout = QHBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start.setDate(QDate(dt.date.today().year, 1, 1))
        self.end.setDate(QDate.currentDate())
        dates_layout.addWidget(self.start)
        dates_layout.addWidget(QLabel(self.tr("to")))
        dates_layout.addWidget(self.end)
        self.choices.addWidget(dates)
        self.mode.currentIndexChanged.connect(self.choices.setCurrentIndex)
        bar.addWidget(self.choices)
        self.apply = QPushButton(self.tr("Show"))
        self.apply.setDefault(True)
        self.apply.clicked.connect(self.show_period)
        bar.addWidget(self.apply)
        self.scope_label = QLabel()
        bar.addWidget(self.scope_label, 1)
        return bar

    def _action_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.export_one = QPushButton(self.tr("Export this table (.xlsx)…"))
        self.export_all = QPushButton(self.tr("Export all tables (.xlsx)…"))
        self.print_one = QPushButton(self.tr("Print this table…"))
        self.print_all = QPushButton(self.tr("Print all tables…"))
        self.export_one.clicked.connect(lambda: self.choose_export(all_tables=False))
        self.export_all.clicked.connect(lambda: self.choose_export(all_tables=True))
        self.print_one.clicked.connect(lambda: self.print_tables(all_tables=False))
        self.print_all.clicked.connect(lambda: self.print_tables(all_tables=True))
        for button in (self.export_one, self.export_all, self.print_one, self.print_all):
            button.setEnabled(False)
            bar.addWidget(button)
        bar.addStretch(1)
        return bar

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """First shown: the campaigns to choose from, and this year's first table."""
        if self.loaded or self.loading:
            return
        self.loading = True
        if self.today is not None:
            self.year.setValue(self.today.year)
            self.start.setDate(QDate(self.today.year, 1, 1))
            self.end.setDate(QDate(self.today.year, self.today.month, self.today.day))
        db, user = self.db, self.user
        Op(self, self.lanes, lambda: [(str(campaign_id), label)
                                      for campaign_id, label in statistics.campaign_choices(db, user)]) \
            .in_background().success(self._campaigns_loaded).failure(self._failed).run()

    def _campaigns_loaded(self, found: list[tuple[str, str]]) -> None:
        self.campaign.clear()
        for campaign_id, name in found:
            self.campaign.addItem(name, campaign_id)
        self.loaded, self.loading = True, False
        self.show_period()

    def period(self) -> Period | None:
        mode = self.mode.currentIndex()
        if mode == YEAR:
            return Period.of_year(self.year.value())
        if mode == CAMPAIGN:
            campaign_id = self.campaign.currentData()
            return Period.of_campaigns([campaign_id]) if campaign_id else None
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if end < start:
            self.message.setText(self.tr("The end of the range is before its start."))
            return None
        return Period.span(start, end)

    def show_period(self) -> None:
        """The chosen period's scope and the table on screen (the others when they are chosen)."""
        period = self.period()
        if period is None:
            if self.mode.currentIndex() == CAMPAIGN:
                self.message.setText(self.tr("There is no campaign to choose yet."))
            return
        self.tables = {}
        self.scope = None  # until the new period is resolved: a table chosen meanwhile waits for it
        self.message.setText(self.tr("Counting…"))
        db, user, key = self.db, self.user, self.key
        Op(self, self.lanes, lambda: _scope_and_table(db, user, period, key)).in_background() \
            .success(self._scope_loaded).failure(self._failed).run()

    def _scope_loaded(self, result: tuple[Scope, Table]) -> None:
        self.scope, table = result
        self.scope_label.setText(self.tr("Counted: {0}").format(self.scope.label))
        self.tables[table.key] = table
        if self.list.currentRow() < 0:
            self.list.blockSignals(True)
            self.list.setCurrentRow(statistics.TABLE_KEYS.index(self.key))
            self.list.blockSignals(False)
        if table.key == self.key:
            self._show(table)
        else:  # another table was chosen while the period was counted
            self._load_table(self.key)

    def _chosen(self, row: int) -> None:
        if row < 0:
            return
        self.key = statistics.TABLE_KEYS[row]
        self.index = None
        if self.key in self.tables:
            self._show(self.tables[self.key])
        elif self.scope is not None:
            self._load_table(self.key)

    def _load_table(self, key: str) -> None:
        assert self.scope is not None
        scope = self.scope
        self.message.setText(self.tr("Counting…"))
        db = self.db
        Op(self, self.lanes, lambda: statistics.table(db, scope, key)).in_background() \
            .success(lambda table: self._table_loaded(scope, table)).failure(self._failed).run()

    def _table_loaded(self, scope: Scope, table: Table) -> None:
        if scope is not self.scope:
            return  # counted for a period no longer shown
        self.tables[table.key] = table
        if table.key == self.key:
            self._show(table)

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        self.message.setText(self.tr("The figures could not be counted: {0}").format(describe(exc)))

    # --- showing ------------------------------------------------------------------------------------
    def _show(self, table: Table) -> None:
        self.heading.setText(table.title)
        headers = [table.heading, *(c.label for c in table.columns)]
        body = [*table.rows, *([table.total] if table.total is not None else [])]
        rows = [[row.label, *(table.text(row, i) for i in range(len(row.values)))] for row in body]
        fill(self.table, headers, rows, right_aligned=tuple(range(1, len(headers))), stretch=0)
        if table.total is not None and rows:
            for column in range(len(headers)):
                item = self.table.item(len(rows) - 1, column)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        self.note.setText(table.note)
        self._chart(table)
        for button in (self.export_one, self.export_all, self.print_one, self.print_all):
            button.setEnabled(True)
        self.message.setText("" if table.rows else self.tr("No figures in this period."))
        self.shown.emit(table)

    def _chart(self, table: Table) -> None:
        series = table.series(self.index)
        if not any(value for _, value, _ in series):
            self.chart.clear()
            return
        self.chart.set_series(table.series_title(self.index), series)

    def _cell_clicked(self, row: int, column: int) -> None:
        table = self.tables.get(self.key)
        if table is None:
            return
        if table.by_row:
            if row < len(table.rows):
                self.index = row
        elif column >= 1:
            self.index = column - 1
        self._chart(table)

    # --- export and print ---------------------------------------------------------------------------
    def _keys(self, all_tables: bool) -> list[str]:
        return list(statistics.TABLE_KEYS) if all_tables else [self.key]

    def _saved_name(self, all_tables: bool, suffix: str) -> str:
        assert self.scope is not None
        what = "统计表" if all_tables else statistics.TITLES[self.key]
        return f"{what}-{self.scope.label}{suffix}".replace("/", "-")

    def choose_export(self, all_tables: bool) -> None:
        if self.scope is None:
            return
        name = file_dialogs.save_file(self, "statistics", self.tr("Export the figures"),
                                      self.tr("Excel workbooks (*.xlsx)"), self._saved_name(all_tables, ".xlsx"))
        if name is not None:
            self.export_to(name if name.suffix.lower() == ".xlsx" else name.with_suffix(".xlsx"), all_tables)

    def export_to(self, target: Path, all_tables: bool) -> bool:
        db, user, scope, keys, today = self.db, self.user, self.scope, self._keys(all_tables), self.today
        assert scope is not None
        return Op(self, self.lanes, lambda: statistics_export.export_report(db, user, scope, target, keys, today)) \
            .with_progress(self.tr("Writing the tables…")).one_at_a_time().failure(self._run_failed) \
            .success(lambda path: self.message.setText(self.tr("Saved to {0}").format(path))).run() is not None

    def print_tables(self, all_tables: bool) -> bool:
        if self.scope is None:
            return False
        scope, keys, today = self.scope, self._keys(all_tables), self.today

        def write(path: Path) -> Any:
            return statistics_export.export_report(self.db, self.user, scope, path, keys, today)

        title = self.tr("Reports") + " — " + (self.tr("all tables") if all_tables else statistics.TITLES[self.key])
        return self.desk.show(self.tr("Preparing the tables for printing…"), title,
                              self._saved_name(all_tables, ".pdf"), write)

    def _run_failed(self, exc: Exception) -> None:
        self.message.clear()
        show_refusal(self, exc)


def _scope_and_table(db: Database, user: SessionUser, period: Period, key: str) -> tuple[Scope, Table]:
    """On the database lane: what the period covers, and its table `key` counted."""
    scope = statistics.scope_of(db, user, period)
    return scope, statistics.table(db, scope, key)
