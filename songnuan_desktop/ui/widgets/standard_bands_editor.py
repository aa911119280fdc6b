"""补助标准按家庭人口分档 in the campaign dialog (issue 16 item 4): one row per band — tier, from … to
persons (to left at "and more" for the last band), amount — added and removed per tier; the rows are read
back as `Band`s with every problem named by its row (domain.standard_bands)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from songnuan_desktop.domain import standard_bands
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.standard_bands import MAX_PERSONS, Band
from songnuan_desktop.ui.widgets import field_message

TIER, FROM, TO, AMOUNT = range(4)


def _yuan(fen: int) -> str:
    return format_fen(fen).replace(",", "").removesuffix(".00") if fen else ""


class StandardBandsEditor(QWidget):
    """The bands of the campaign's tiers paid by household size. `add_requested(tier)` asks the dialog
    for a first band of a tier (it moves the tier's one amount here)."""

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_kind = ""
        self._tiers: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Standards by household size (a tier here is paid by the band of the "
                                    "household's persons, not by one amount)"))
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("standardBands")
        self.table.setHorizontalHeaderLabels([self.tr("Tier"), self.tr("From (persons)"), self.tr("To (persons)"),
                                              self.tr("Amount (yuan)")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Room for four bands: a tier rarely has more, and the standards table above keeps its share.
        row = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(self.table.horizontalHeader().sizeHint().height() + 4 * row + 4)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.tier = QComboBox()
        self.tier.setObjectName("bandTier")
        self.tier.setToolTip(self.tr("The tier a new band is added to"))
        self.add = QPushButton(self.tr("Add band"))
        self.add.setObjectName("addBand")
        self.add.setToolTip(self.tr("Split the tier's last band: the new band starts one person above it. A tier "
                                    "with one amount moves here as a single band of 1 person and more."))
        self.remove = QPushButton(self.tr("Remove band"))
        self.remove.setObjectName("removeBand")
        for widget in (self.tier, self.add, self.remove):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add.clicked.connect(lambda: self.add_to(self.tier.currentText()))
        self.remove.clicked.connect(self.remove_selected)

    def set_tiers(self, tiers: Sequence[str]) -> None:
        """The tiers a band may belong to (the campaign's tiers and the 困难类别)."""
        current = self.tier.currentText()
        self._tiers = list(dict.fromkeys(tiers))
        self.tier.clear()
        self.tier.addItems(self._tiers)
        if current in self._tiers:
            self.tier.setCurrentText(current)

    def set_bands(self, bands: Sequence[Band]) -> None:
        self.table.setRowCount(0)
        for band in bands:
            self.add_row(band)

    def add_row(self, band: Band, at: int | None = None) -> int:
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        tier = QTableWidgetItem(band.tier)
        tier.setFlags(tier.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, TIER, tier)
        low = QSpinBox()
        low.setRange(1, MAX_PERSONS)
        low.setSuffix(self.tr(" persons"))
        low.setValue(band.min_persons)
        high = QSpinBox()
        high.setRange(0, MAX_PERSONS)
        high.setSpecialValueText(self.tr("and more"))
        high.setSuffix(self.tr(" persons"))
        high.setValue(band.max_persons or 0)
        self.table.setCellWidget(row, FROM, low)
        self.table.setCellWidget(row, TO, high)
        amount = QTableWidgetItem(_yuan(band.amount_fen))
        amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, AMOUNT, amount)
        return row

    def _rows_of(self, tier: str) -> list[int]:
        return [r for r in range(self.table.rowCount()) if self._cell(r, TIER) == tier]

    def add_to(self, tier: str) -> None:
        """A new band for `tier`: after its last band (which then ends one person below), or the first."""
        if not tier:
            return
        rows = self._rows_of(tier)
        if not rows:
            self.add_requested.emit(tier)
            return
        last = rows[-1]
        low, high = self._spin(last, FROM), self._spin(last, TO)
        start = (high.value() or low.value()) + 1
        if not high.value():
            high.setValue(low.value())
            start = low.value() + 1
        self.add_row(Band(self.item_kind, tier, start, None, 0), last + 1)
        self.table.setCurrentCell(last + 1, AMOUNT)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or {self.table.currentRow()}, reverse=True)
        for row in rows:
            if row >= 0:
                self.table.removeRow(row)

    def bands(self) -> tuple[tuple[Band, ...], list[str]]:
        """The rows as bands, and the problems (each naming its row; empty when the table is usable)."""
        found, problems = [], []
        for row in range(self.table.rowCount()):
            tier = self._cell(row, TIER)
            parsed = field_message.money(self._cell(row, AMOUNT), f"按家庭人口分档第 {row + 1} 行（{tier}）的金额")
            if parsed.reason:
                problems.append(str(parsed.reason))
            high = self._spin(row, TO).value()
            found.append(Band(self.item_kind, tier, self._spin(row, FROM).value(), high or None, parsed.value or 0))
        return tuple(found), problems + standard_bands.problems(found)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _spin(self, row: int, column: int) -> QSpinBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QSpinBox)
        return widget
