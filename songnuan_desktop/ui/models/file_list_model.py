"""The file list as a Qt model: pages of 200 fetched on the database lane as the view scrolls.

A new filter bumps `generation`; a page that arrives for an older generation is dropped, so fast
typing never shows a stale list. Pages are read through ui.ops as a background read owned by the model:
the screen's own actions are not held up by a page in flight.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("file_no", "name", "sex", "id_number", "unit", "category", "status", "phone", "reviewed_date")


class FileListModel(QAbstractTableModel):
    loaded = Signal(int)  # rows now in the model
    failed = Signal(object)

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: Any = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.rows: list[file_list.FileRow] = []
        self.filter = file_list.FileFilter()
        self.full_numbers = False  # masked until an allowed role asks (and the look is logged)
        self.generation = 0
        self.fetching = False
        self.complete = False
        self.headers = (
            self.tr("File no."), self.tr("Name"), self.tr("Sex"), self.tr("ID number"), self.tr("Work unit"),
            self.tr("Category"), self.tr("Status"), self.tr("Phone"), self.tr("Last review"),
        )

    # Qt model interface ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, COLUMNS[index.column()])
            return "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.complete and not self.fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.complete or self.fetching:
            return
        self.fetching = True
        after = self.rows[-1].sort_key if self.rows else None
        generation = self.generation
        db, user, flt, full_numbers = self.db, self.user, self.filter, self.full_numbers
        Op(self, self.lanes, lambda: file_list.page(db, user, flt, after, full_numbers=full_numbers)) \
            .in_background().success(lambda rows: self._arrived(generation, rows)).failure(self._failed).run()

    # filtering ------------------------------------------------------------------------------------
    def set_filter(self, flt: file_list.FileFilter, full_numbers: bool | None = None) -> None:
        if full_numbers is not None:
            self.full_numbers = full_numbers
        self.beginResetModel()
        self.filter = flt
        self.generation += 1
        self.rows = []
        self.complete = False
        self.fetching = False
        self.endResetModel()
        self.fetchMore()

    def _arrived(self, generation: int, rows: list[file_list.FileRow]) -> None:
        if generation != self.generation:
            return  # the user typed on; this page belongs to an older filter
        self.fetching = False
        self.complete = len(rows) < file_list.PAGE
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)  # inclusive last
            self.rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit(len(self.rows))

    def _failed(self, exc: Exception) -> None:
        self.fetching = False
        self.complete = True
        self.failed.emit(exc)
