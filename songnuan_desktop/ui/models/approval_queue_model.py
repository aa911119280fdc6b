"""The approval queue as a two-level Qt model: campaign rows, and under each the items waiting.

Items carry a check box: the checked items are what a batch action acts on. A campaign row's box is
checked, partly checked or not as its items are; ticking it ticks every item of that campaign. The
user's own items (the four-eyes rule keeps them for others) are shown greyed, with no box: they can be
read and opened, never ticked. The
whole queue is loaded at once (the service caps it; 1,500 items of a township are a few hundred KB),
so no paging: the model only holds `QueueGroup`s and the set of checked ids.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.services.campaigns.approval_queue import QueueGroup, QueueItem

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "file_no", "unit", "category", "amount", "state", "id_number", "waiting")
AMOUNT = COLUMNS.index("amount")
GROUP = 0  # internal id of a campaign row; an item row's is its group's position + 1
WAITING_COLOUR = QColor("#8a5a00")
OWN_COLOUR = QColor("#8c8c8c")
Checked, Unchecked, Partly = (Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.PartiallyChecked)


class ApprovalQueueModel(QAbstractItemModel):
    checks_changed = Signal()  # the set of checked items changed

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.groups: list[QueueGroup] = []
        self.checked: set[uuid.UUID] = set()
        self.headers = (
            self.tr("Name"), self.tr("File no."), self.tr("Work unit"), self.tr("Category"),
            self.tr("Amount (yuan)"), self.tr("State"), self.tr("ID number"), self.tr("Note"),
        )

    # loading ------------------------------------------------------------------------------------
    def set_groups(self, groups: list[QueueGroup]) -> None:
        """A new queue; checks stay on the items still in it (an item acted on elsewhere drops out)."""
        self.beginResetModel()
        self.groups = list(groups)
        present = {i.item_id for g in self.groups for i in g.items}
        self.checked &= present
        self.endResetModel()
        self.checks_changed.emit()

    def items(self) -> list[QueueItem]:
        return [i for g in self.groups for i in g.items]

    def own_items(self) -> list[QueueItem]:
        return [i for i in self.items() if i.own]

    def checked_items(self) -> list[QueueItem]:
        return [i for i in self.items() if i.item_id in self.checked]

    def item_at(self, index: Index) -> QueueItem | None:
        if not index.isValid() or index.internalId() == GROUP:
            return None
        return self.groups[index.internalId() - 1].items[index.row()]

    def group_at(self, index: Index) -> QueueGroup | None:
        """The campaign of a campaign row or of an item row."""
        if not index.isValid():
            return None
        return self.groups[index.row() if index.internalId() == GROUP else index.internalId() - 1]

    # checking -----------------------------------------------------------------------------------
    def set_checked(self, ids: set[uuid.UUID] | list[uuid.UUID], on: bool = True) -> None:
        if on:
            own = {i.item_id for i in self.own_items()}
            self.checked |= set(ids) - own
        else:
            self.checked -= set(ids)
        self._checks_shown()

    def check_all(self, on: bool = True) -> None:
        self.set_checked({i.item_id for i in self.items()}, on)

    def check_group(self, group: QueueGroup, on: bool = True) -> None:
        self.set_checked({i.item_id for i in group.items}, on)

    def _checks_shown(self) -> None:
        # One signal per campaign, not per item: ticking 1,500 items stays instant.
        for row, group in enumerate(self.groups):
            top = self.index(row, 0)
            self.dataChanged.emit(top, top, [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DisplayRole])
            if group.items:
                self.dataChanged.emit(self.index(0, 0, top), self.index(len(group.items) - 1, 0, top),
                                      [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()

    def group_state(self, group: QueueGroup) -> Qt.CheckState:
        ticked = sum(1 for i in group.items if i.item_id in self.checked)
        tickable = sum(1 for i in group.items if not i.own)
        return Unchecked if ticked == 0 else Checked if ticked == tickable else Partly

    # Qt model interface -------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP)
        if parent.internalId() == GROUP:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return len(self.groups[parent.row()].items)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self._tickable(index):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def _tickable(self, index: Index) -> bool:
        """An item not the user's own, or a campaign with at least one such item."""
        item = self.item_at(index)
        if item is not None:
            return not item.own
        group = self.group_at(index)
        return group is not None and any(not i.own for i in group.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == GROUP:
            return self._group_data(self.groups[index.row()], index.column(), role)
        return self._item_data(self.groups[index.internalId() - 1].items[index.row()], index.column(), role)

    def _group_data(self, group: QueueGroup, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            ticked = sum(1 for i in group.items if i.item_id in self.checked)
            own = sum(1 for i in group.items if i.own)
            if own:
                return self.tr("{0} — {1} items, {2} yuan; {3} ticked; {4} of your own, for others to decide").format(
                    group.campaign_name, len(group.items), yuan_text(group.total_fen), ticked, own)
            return self.tr("{0} — {1} items, {2} yuan; {3} ticked").format(
                group.campaign_name, len(group.items), yuan_text(group.total_fen), ticked)
        if role == Qt.ItemDataRole.CheckStateRole and any(not i.own for i in group.items):
            return self.group_state(group)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _item_data(self, item: QueueItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, COLUMNS[column])
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and not item.own:
            return Checked if item.item_id in self.checked else Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and (item.own or column == len(COLUMNS) - 1):
            return QBrush(OWN_COLOUR if item.own else WAITING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and item.waiting:
            return item.waiting
        if role == Qt.ItemDataRole.UserRole:
            return item.item_id
        return None

    def _text(self, item: QueueItem, key: str) -> str:
        if key == "waiting":  # the short form; the tooltip and the pane beside say it whole
            if item.waiting and not item.own and item.notice_end is not None:
                return self.tr("In notice until {0}").format(item.notice_end.isoformat())
            return item.waiting
        if key == "amount":
            return yuan_text(item.amount_fen)
        if key == "state":
            return item.state_label
        return str(getattr(item, key))

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        on = Qt.CheckState(value) == Checked
        group = self.group_at(index)
        item = self.item_at(index)
        if item is not None:
            if item.own:
                return False  # the four-eyes rule: someone else decides it
            self.set_checked({item.item_id}, on)
        elif group is not None:
            self.check_group(group, on)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None
