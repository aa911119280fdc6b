"""慰问品 of one campaign (issue 16 item 3): its kinds (name, unit, unit value) to edit, the stock (received,
handed out with the items paid, approved and not yet handed, left), a receipt into the stock, and who got what,
when, confirmed by whom, on which visit (services.campaigns.goods.handed_out).

A small dialog built in code (no .ui form): services.campaigns.goods does every check and says refusals in words; the
dialog shows them under the tables. Every read and write runs on the database lane (STYLE rule 4): `ready`
turns True when the tables show the stored state, `outcome` says how the last save or receipt ended.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import goods
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.widgets import field_message
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes


def _stored(db: Database, user: SessionUser, campaign_id: uuid.UUID) -> tuple[list[Any], list[Any], list[Any]]:
    """The kinds, the stock and who got what, in one job on the database lane."""
    return (goods.kinds_of(db, user, campaign_id), goods.stock(db, user, campaign_id),
            goods.handed_out(db, user, campaign_id))


class GoodsDialog(QDialog):
    """The campaign's 慰问品: kinds, stock, receipts."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, campaign_id: uuid.UUID, campaign_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.campaign_id = db, user, lanes, campaign_id
        self.ready = False  # the tables show the stored state
        self.outcome: bool | None = None  # the last save or receipt: stored (True), refused (False), running (None)
        self._said = ""  # what to say once the tables are read again after a save
        self.setWindowTitle(self.tr("Gifts in kind — {0}").format(campaign_name))
        self.resize(820, 760)
        layout = QVBoxLayout(self)

        kinds_box = QGroupBox(self.tr("Kinds of gifts (unit value in yuan: totals value gifts at quantity × unit "
                                      "value)"), self)
        box = QVBoxLayout(kinds_box)
        self.kinds = QTableWidget(0, 3, kinds_box)
        self.kinds.setObjectName("goodsKinds")
        self.kinds.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Unit"), self.tr("Unit value (yuan)")])
        self.kinds.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.kinds.verticalHeader().setVisible(False)
        box.addWidget(self.kinds)
        row = QHBoxLayout()
        self.addKind = QPushButton(self.tr("Add kind"), kinds_box)
        self.removeKind = QPushButton(self.tr("Remove kind"), kinds_box)
        self.saveKinds = QPushButton(self.tr("Save kinds"), kinds_box)
        self.saveKinds.setObjectName("saveKinds")
        for button in (self.addKind, self.removeKind):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.saveKinds)
        box.addLayout(row)
        layout.addWidget(kinds_box)

        stock_box = QGroupBox(self.tr("Stock (handed out: the gifts of the items paid; the signed roster is "
                                      "their receipt)"), self)
        box = QVBoxLayout(stock_box)
        self.stock = QTableWidget(0, 6, stock_box)
        self.stock.setObjectName("goodsStock")
        self.stock.setHorizontalHeaderLabels([self.tr("Gift"), self.tr("Received"), self.tr("Handed out"),
                                              self.tr("Approved, not yet handed"), self.tr("Left"),
                                              self.tr("Handed out, valued (yuan)")])
        self.stock.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.stock.verticalHeader().setVisible(False)
        self.stock.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        box.addWidget(self.stock)
        form = QFormLayout()
        self.kind = QComboBox(stock_box)
        self.quantity = QSpinBox(stock_box)
        self.quantity.setRange(-99_999, 99_999)
        self.quantity.setValue(1)
        self.receivedOn = QDateEdit(QDate.currentDate(), stock_box)
        self.receivedOn.setCalendarPopup(True)
        self.source = QLineEdit(stock_box)
        self.source.setPlaceholderText(self.tr("e.g. allocated by the county union, bought at the grain shop"))
        self.handler = QLineEdit(stock_box)
        self.note = QLineEdit(stock_box)
        self.note.setPlaceholderText(self.tr("A negative quantity corrects an earlier receipt: say why"))
        form.addRow(self.tr("Gift"), self.kind)
        form.addRow(self.tr("Quantity"), self.quantity)
        form.addRow(self.tr("Received on"), self.receivedOn)
        form.addRow(self.tr("From"), self.source)
        form.addRow(self.tr("Handled by"), self.handler)
        form.addRow(self.tr("Note"), self.note)
        box.addLayout(form)
        self.receive = QPushButton(self.tr("Record receipt"), stock_box)
        self.receive.setObjectName("recordReceipt")
        box.addWidget(self.receive, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(stock_box)

        handed_box = QGroupBox(self.tr("Handed out: who got what, when, confirmed by whom, on which visit"), self)
        box = QVBoxLayout(handed_box)
        self.handed = QTableWidget(0, 5, handed_box)
        self.handed.setObjectName("goodsHanded")
        self.handed.setHorizontalHeaderLabels([self.tr("Head of household"), self.tr("Gifts"), self.tr("Paid on"),
                                               self.tr("Confirmed by"), self.tr("Visit")])
        self.handed.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.handed.horizontalHeader().setStretchLastSection(True)
        self.handed.verticalHeader().setVisible(False)
        self.handed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        box.addWidget(self.handed)
        layout.addWidget(handed_box)

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.addKind.clicked.connect(self._add_row)
        self.removeKind.clicked.connect(lambda: self.kinds.removeRow(self.kinds.currentRow()))
        self.saveKinds.clicked.connect(self.save_kinds)
        self.receive.clicked.connect(self.record_receipt)
        self.load()

    def _add_row(self, name: str = "", unit: str = "", value: str = "") -> None:
        row = self.kinds.rowCount()
        self.kinds.insertRow(row)
        for column, text in enumerate((name, unit, value)):
            self.kinds.setItem(row, column, QTableWidgetItem(text))

    def load(self) -> None:
        """The kinds and the stock as stored now (read on the database lane)."""
        self.ready = False
        db, user, campaign_id = self.db, self.user, self.campaign_id
        Op(self, self.lanes, lambda: _stored(db, user, campaign_id)).in_background() \
            .success(self._show).failure(self._refused).run()

    def _show(self, stored: tuple[list[Any], list[Any], list[Any]]) -> None:
        kinds, lines, handed = stored
        self.kinds.setRowCount(0)
        for k in kinds:
            self._add_row(k.name, k.unit, format_fen(k.unit_value_fen).replace(",", ""))
        self.kind.clear()
        for k in kinds:
            self.kind.addItem(f"{k.name}（{k.unit}）", k.id)
        self.stock.setRowCount(len(lines))
        for r, s in enumerate(lines):
            texts = (s.name, f"{s.received} {s.unit}", f"{s.handed} {s.unit}", f"{s.reserved} {s.unit}",
                     f"{s.left} {s.unit}", format_fen(s.handed_fen))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.stock.setItem(r, column, item)
        self.handed.setRowCount(len(handed))
        for r, h in enumerate(handed):
            texts = (f"{h.name}（{h.file_no}）", h.goods, date_text(h.paid_on) if h.paid_on else "", h.confirmed_by,
                     h.visit)
            for column, text in enumerate(texts):
                self.handed.setItem(r, column, QTableWidgetItem(text))
        short = [f"{s.name}{s.short}{s.unit}" for s in lines if s.short]
        field_message.show(self.error, self.tr("The stock left does not cover the approved items: short of {0}.")
                           .format("、".join(short)) if short else "", warning=bool(short))
        if self._said and not short:
            field_message.show(self.error, self._said, warning=True)
        self._said = ""
        self.receive.setEnabled(bool(kinds))
        self.saveKinds.setEnabled(True)
        self.ready = True

    def _stored_then(self, said: str) -> None:
        self.outcome, self._said = True, said
        self.load()

    def _refused(self, exc: Exception) -> None:
        self.outcome = False
        field_message.show(self.error, describe(exc))
        self.saveKinds.setEnabled(True)
        self.receive.setEnabled(self.kind.count() > 0)

    def kind_inputs(self) -> list[goods.GoodsKindInput] | None:
        """The table's rows as inputs; None (and the reason shown) when a unit value is not an amount."""
        out = []
        for row in range(self.kinds.rowCount()):
            cells = [(self.kinds.item(row, c).text() if self.kinds.item(row, c) else "").strip() for c in range(3)]
            if not any(cells):
                continue
            value = field_message.money(cells[2], "单价")  # the parser's message is Chinese
            if value.reason:
                field_message.show(self.error, str(value.reason))
                return None
            out.append(goods.GoodsKindInput(cells[0], cells[1], value.value or 0))
        return out

    def save_kinds(self) -> bool:
        """Saved on the database lane; False when the table itself is not fit to send (the reason shown)."""
        wanted = self.kind_inputs()
        if wanted is None:
            return False
        self.outcome = None
        self.saveKinds.setEnabled(False)
        db, user, campaign_id = self.db, self.user, self.campaign_id
        Op(self, self.lanes, lambda: goods.set_kinds(db, user, campaign_id, wanted)) \
            .success(lambda _r: self._stored_then(self.tr("Kinds of gifts saved."))).failure(self._refused).run()
        return True

    def record_receipt(self) -> bool:
        kind_id = self.kind.currentData()
        if kind_id is None:
            return False
        day = self.receivedOn.date()
        self.outcome = None
        self.receive.setEnabled(False)
        db, user, campaign_id = self.db, self.user, self.campaign_id
        args = (self.quantity.value(), dt.date(day.year(), day.month(), day.day()), self.source.text(),
                self.handler.text(), self.note.text())
        Op(self, self.lanes, lambda: goods.receive(db, user, campaign_id, kind_id, *args)) \
            .success(lambda _r: self._stored_then(self.tr("Receipt recorded."))).failure(self._refused).run()
        return True
