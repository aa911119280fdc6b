"""The items of one campaign (queue rows from services.campaigns.approval_queue) as a Qt table model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.services.campaigns.approval_queue import QueueItem

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "file_no", "unit", "category", "tier", "amount_fen", "state_label", "id_number", "notice_end")
AMOUNT = COLUMNS.index("amount_fen")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class CampaignItemsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[QueueItem] = []
        self.headers = (
            self.tr("Name"), self.tr("File no."), self.tr("Work unit"), self.tr("Category"), self.tr("Tier"),
            self.tr("Amount (yuan)"), self.tr("State"), self.tr("ID number"), self.tr("Notice ends"),
        )

    def set_rows(self, rows: Sequence[QueueItem]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        value = getattr(row, COLUMNS[column])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AMOUNT:
                return format_fen(value)
            return "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        if role == SORT_ROLE:
            return value if column == AMOUNT else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.item_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None
