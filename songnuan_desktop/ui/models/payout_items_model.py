"""The payout list of a campaign (approved, paid and sampled items with their vouchers) as a Qt table model,
and what the 发放 screen reads for a campaign, on the database lane."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.states import APPROVED_OR_LATER, ItemState, state_values
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import approval_queue
from songnuan_desktop.services.payouts import payouts, spot_checks, vouchers
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.campaigns.approval_queue import QueueFilter, QueueItem
from songnuan_desktop.services.office.session_user import SessionUser

Index = QModelIndex | QPersistentModelIndex
PAYOUT_STATES = tuple(ItemState(v) for v in state_values(APPROVED_OR_LATER))  # in the filter's order
COLUMNS = ("name", "file_no", "unit", "category", "amount_fen", "state_label", "voucher", "reprints", "voided_text")
ITEM_FIELDS = frozenset(COLUMNS[:6])
AMOUNT, REPRINTS = COLUMNS.index("amount_fen"), COLUMNS.index("reprints")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PayoutRow:
    item: QueueItem
    voucher_id: uuid.UUID | None  # the live voucher
    voucher: str
    reprints: int
    voided_ids: tuple[uuid.UUID, ...]  # its spoiled vouchers, kept with their numbers
    voided: tuple[str, ...]

    @property
    def voided_text(self) -> str:
        return "、".join(self.voided)

    @property
    def state(self) -> ItemState:
        return self.item.state

    def matches(self, text: str) -> bool:
        return not text or any(text in v for v in (self.item.name, self.item.file_no, self.voucher, *self.voided))


@dataclass(frozen=True)
class PayoutDetail:
    campaign_id: uuid.UUID
    reconciliation: payouts.Reconciliation
    rows: list[PayoutRow]
    checks: list[spot_checks.SpotCheckView]  # newest first
    spot_check_percent: int


def load_payouts(db: Database, user: SessionUser, campaign_id: uuid.UUID) -> PayoutDetail:
    """Everything the screen shows of one campaign, read on the database lane."""
    items = approval_queue.campaign_items(db, user, campaign_id, QueueFilter(states=PAYOUT_STATES))
    live: dict[uuid.UUID, Any] = {}
    spoiled: dict[uuid.UUID, list[Any]] = {}
    for voucher in vouchers.vouchers_of(db, user, campaign_id):
        if voucher.voided:
            spoiled.setdefault(voucher.item_id, []).append(voucher)
        else:
            live[voucher.item_id] = voucher
    rows = []
    for item in items:
        v: Any = live.get(item.item_id)
        gone = spoiled.get(item.item_id, [])
        rows.append(PayoutRow(item, v.id if v else None, v.number if v else "", v.reprint_count if v else 0,
                              tuple(g.id for g in gone), tuple(g.number for g in gone)))
    percent = int(settings.get(db, user.office_id, "spot_check_percent") or 10)
    return PayoutDetail(campaign_id, payouts.reconciliation(db, campaign_id), rows,
                        spot_checks.spot_checks_of(db, user, campaign_id), percent)


class PayoutItemsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PayoutRow] = []
        self.headers = (self.tr("Name"), self.tr("File no."), self.tr("Work unit"), self.tr("Category"),
                        self.tr("Amount (yuan)"), self.tr("State"), self.tr("Voucher no."), self.tr("Reprints"),
                        self.tr("Voided vouchers"))

    def set_rows(self, rows: Sequence[PayoutRow]) -> None:
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
        name = COLUMNS[column]
        value = getattr(row.item, name) if name in ITEM_FIELDS else getattr(row, name)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AMOUNT:
                return format_fen(value)
            if column == REPRINTS:
                return str(value) if value else ""
            return str(value)
        if role == SORT_ROLE:
            return value if column in (AMOUNT, REPRINTS) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (AMOUNT, REPRINTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == COLUMNS.index("voided_text") and value:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None
