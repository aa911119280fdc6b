"""The small dialogs of the 发放 screen: which roster to print, a payout to confirm, a spot-check's result.

They gather what the service needs; the screen calls the service (on the database lane) on OK, and the
service is the guard: roles, dates, paid once ever.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.payouts import roster
from songnuan_desktop.services.payouts.payouts import METHODS
from songnuan_desktop.services.payouts.roster import RosterPage
from songnuan_desktop.ui.generated.ui_mark_paid_dialog import Ui_MarkPaidDialog
from songnuan_desktop.ui.generated.ui_roster_dialog import Ui_RosterDialog
from songnuan_desktop.ui.generated.ui_spot_check_dialog import Ui_SpotCheckDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.models.payout_items_model import PayoutRow
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes


def _split_choices(widget: Any) -> None:
    widget.addItem(QCoreApplication.translate("PayoutDialogs", "One list for the campaign"), None)
    widget.addItem(QCoreApplication.translate("PayoutDialogs", "Split by grassroots union"), "union")
    widget.addItem(QCoreApplication.translate("PayoutDialogs", "Split by village or community"), "village")


class RosterDialog(QDialog):
    """The internal copy (full ID numbers, phones) only for a role that may see them; the public copy for all."""

    def __init__(self, user: SessionUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RosterDialog()
        self.ui.setupUi(self)
        if any(user.has(r) for r in ROLES_SEEING_FULL_IDS):
            self.ui.copy.addItem(self.tr("Internal copy (full ID numbers, phones)"), False)
        self.ui.copy.addItem(self.tr("Public copy (ID numbers masked)"), True)
        _split_choices(self.ui.split)

    def public(self) -> bool:
        return bool(self.ui.copy.currentData())

    def split_by(self) -> str | None:
        data = self.ui.split.currentData()
        return str(data) if data else None


class MarkPaidDialog(QDialog):
    """确认发放: the selected approved items, or every item still awaiting payment on one signed roster page."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, campaign_id: uuid.UUID,
                 selected: Sequence[PayoutRow], awaiting: set[uuid.UUID], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MarkPaidDialog()
        self.ui.setupUi(self)
        self.db, self.user, self.lanes, self.campaign_id = db, user, lanes, campaign_id
        self.chosen = [r.item.item_id for r in selected if r.item.item_id in awaiting]
        self.amounts = {r.item.item_id: r.item.amount_fen for r in selected}
        self.awaiting = awaiting
        self.pages_list: Sequence[RosterPage] = ()
        self.ui.selected.setText(self.tr("The selected items awaiting payment ({0})").format(len(self.chosen)))
        self.ui.selected.setEnabled(bool(self.chosen))
        self.ui.page.setChecked(not self.chosen)
        self.ui.paidOn.setDate(QDate.currentDate())
        self.ui.paidOn.setMaximumDate(QDate.currentDate())
        self.ui.method.addItem(self.tr("As on the roster (card when on file, else cash)"), "")
        for key, label in METHODS.items():
            self.ui.method.addItem(label, key)
        _split_choices(self.ui.split)
        self.ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ui.split.currentIndexChanged.connect(lambda _i: self.load_pages())
        for signal in (self.ui.selected.toggled, self.ui.page.toggled):
            signal.connect(lambda _on: self._update())
        self.ui.pages.currentIndexChanged.connect(lambda _i: self._update())
        self.load_pages()

    def load_pages(self) -> None:
        self.ok.setEnabled(False)
        db, user, campaign_id, split_by = self.db, self.user, self.campaign_id, self.split_by()
        Op(self, self.lanes, lambda: roster.roster_pages(db, user, campaign_id, split_by)).in_background() \
            .success(self._pages_arrived).failure(lambda exc: self.ui.summary.setText(describe(exc))).run()

    def split_by(self) -> str | None:
        data = self.ui.split.currentData()
        return str(data) if data else None

    def _pages_arrived(self, pages: Sequence[RosterPage]) -> None:
        self.pages_list = pages
        self.ui.pages.blockSignals(True)
        self.ui.pages.clear()
        for p in pages:
            waiting = sum(1 for i in p.item_ids if i in self.awaiting)
            where = f"{p.group} · " if p.group else ""
            self.ui.pages.addItem(self.tr("{0}page {1} of {2}: {3} lines, {4} awaiting payment").format(
                where, p.page, p.pages, len(p.item_ids), waiting))
        self.ui.pages.blockSignals(False)
        self._update()

    def item_ids(self) -> list[uuid.UUID]:
        if self.ui.selected.isChecked():
            return list(self.chosen)
        row = self.ui.pages.currentIndex()
        if not 0 <= row < len(self.pages_list):
            return []
        return [i for i in self.pages_list[row].item_ids if i in self.awaiting]

    def paid_on(self) -> dt.date:
        return self.ui.paidOn.date().toPython()  # type: ignore[no-any-return]

    def method(self) -> str:
        return str(self.ui.method.currentData() or "")

    def _update(self) -> None:
        ids = self.item_ids()
        if self.ui.page.isChecked() and not ids and self.pages_list:
            self.ui.summary.setText(self.tr("Every item on this page is already paid."))
        elif self.ui.page.isChecked() or not self.chosen:
            self.ui.summary.setText(self.tr("{0} items to confirm as paid.").format(len(ids)))
        else:
            self.ui.summary.setText(self.tr("{0} items to confirm as paid, {1} yuan.").format(
                len(ids), format_fen(sum(self.amounts.get(i, 0) for i in ids))))
        self.ok.setEnabled(bool(ids))


class SpotCheckDialog(QDialog):
    """One call-back or home check and what it found; OK waits for a note when the result is not 属实."""

    def __init__(self, entry: Any, methods: Sequence[str], results: Sequence[str], checker: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SpotCheckDialog()
        self.ui.setupUi(self)
        self.entry = entry
        self.ui.household.setText(f"{entry.name}（{entry.file_no}）· {entry.unit} · {format_fen(entry.amount_fen)} 元"
                                  + (f" · {entry.phone}" if entry.phone else ""))
        self.ui.checkedOn.setMaximumDate(QDate.currentDate())
        recorded = getattr(entry, "checked_on", None)  # reopened: the day it was checked, not today
        self.ui.checkedOn.setDate(QDate(recorded) if recorded else QDate.currentDate())
        self.ui.checkedBy.setText(entry.checked_by or checker)
        self.ui.method.addItems(list(methods))
        self.ui.result.addItems(list(results))
        if entry.result:
            self.ui.method.setCurrentText(entry.method)
            self.ui.result.setCurrentText(entry.result)
            self.ui.note.setPlainText(entry.note)
        self.first_result = results[0]
        self.ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ui.result.currentIndexChanged.connect(lambda _i: self._update())
        self.ui.note.textChanged.connect(self._update)
        self.ui.checkedBy.textChanged.connect(lambda _t: self._update())
        self._update()

    def values(self) -> tuple[dt.date, str, str, str, str]:
        ui = self.ui
        return (ui.checkedOn.date().toPython(), ui.checkedBy.text().strip(), ui.method.currentText(),
                ui.result.currentText(), ui.note.toPlainText().strip())

    def _update(self) -> None:
        _on, by, _method, result, note = self.values()
        self.ok.setEnabled(bool(by) and (result == self.first_result or bool(note)))
