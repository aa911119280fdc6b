"""Small dialogs of the campaign list: start a public notice, record or resolve an objection, change
an item's amount or tier. Each reads and stores on the database lane (ui.ops), its buttons held while the
service runs; it closes when stored and stays open with the refusal in words when refused."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.workdays import add_working_days, calendar_source, estimated_years
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import assistance, notices
from songnuan_desktop.services.campaigns.approval_queue import QueueItem
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_item_change_dialog import Ui_ItemChangeDialog
from songnuan_desktop.ui.generated.ui_notice_dialog import Ui_NoticeDialog
from songnuan_desktop.ui.generated.ui_objection_dialog import Ui_ObjectionDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import field_message
from songnuan_desktop.workers.lanes import Lanes


class NoticeDialog(QDialog):
    """Where, whom to object to, the first day and the working days; the last day computed as typed."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, campaign_id: uuid.UUID,
                 items: Sequence[QueueItem], working_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.campaign_id = db, user, lanes, campaign_id
        self.item_ids = [i.item_id for i in items]
        self.notice: notices.NoticeView | None = None
        self.ui = Ui_NoticeDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.items.setText(self.tr("{0} households, {1} yuan in all, go into the public notice.").format(
            len(items), format_fen(sum(i.amount_fen for i in items))))
        Op(self, lanes, lambda: notices.notices_of(db, campaign_id)).success(self._earlier) \
            .failure(lambda exc: field_message.show(ui.error, describe(exc))).run()
        ui.startDate.setDate(QDate(dt.date.today()))
        ui.workingDays.setSuffix(self.tr(" working days"))
        ui.workingDays.setValue(max(notices.MIN_WORKING_DAYS, working_days))
        ui.startDate.dateChanged.connect(lambda _d: self.update_end())
        ui.workingDays.valueChanged.connect(lambda _n: self.update_end())
        self.update_end()

    def _earlier(self, earlier: list[notices.NoticeView]) -> None:
        """The same board and the same person, as a rule (unless the clerk typed them meanwhile)."""
        for edit, text in ((self.ui.place, earlier[-1].place if earlier else ""),
                           (self.ui.contact, earlier[-1].contact if earlier else "")):
            if not edit.text():
                edit.setText(text)

    def end_date(self) -> dt.date:
        return add_working_days(self.ui.startDate.date().toPython(), self.ui.workingDays.value())

    def update_end(self) -> None:
        start, end = self.ui.startDate.date().toPython(), self.end_date()
        self.ui.endDate.setText(self.tr("{0} (objections until the end of that day)").format(end.isoformat()))
        estimated = estimated_years(start, end)
        note = self.tr("Public holidays of {0}: {1}").format(
            "、".join(str(y) for y in estimated), calendar_source(estimated[0])) if estimated else ""
        field_message.show(self.ui.calendarNote, note, warning=True)

    def accept(self) -> None:
        db, user, campaign_id, ids, ui = self.db, self.user, self.campaign_id, list(self.item_ids), self.ui
        place, contact, start, days = (ui.place.text(), ui.contact.text(), ui.startDate.date().toPython(),
                                       ui.workingDays.value())
        Op(self, self.lanes, lambda: notices.start_notice(db, user, campaign_id, ids, place, contact, start, days)) \
            .holding(ui.buttons).success(self._started).one_at_a_time() \
            .failure(lambda exc: field_message.show(ui.error, describe(exc))).run()

    def _started(self, notice: notices.NoticeView) -> None:
        self.notice = notice
        super().accept()


class ObjectionDialog(QDialog):
    """登记异议 (raised by, content) or 处理异议 (the outcome of the re-check) for one item."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, item: QueueItem, resolve: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.item, self.resolve = db, user, lanes, item, resolve
        self.ui = Ui_ObjectionDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.open_objection: notices.ObjectionView | None = None
        if resolve:
            self.setWindowTitle(self.tr("Resolve the objection"))
            Op(self, lanes, lambda: notices.objections_of(db, item.item_id)).holding(ui.buttons) \
                .success(self._objections).failure(lambda exc: field_message.show(ui.error, describe(exc))).run()
            for widget in (ui.raisedBy, ui.content):
                widget.setReadOnly(True)
        else:
            self.setWindowTitle(self.tr("Record an objection"))
        for widget in (ui.outcomeLabel, ui.outcome):
            widget.setVisible(resolve)
        ui.who.setText(self.tr("{0} (file {1}), {2}, {3} yuan — {4}").format(
            item.name, item.file_no, item.category, format_fen(item.amount_fen), item.state_label))

    def _objections(self, objections: list[notices.ObjectionView]) -> None:
        found = [o for o in objections if o.resolved_on is None]
        self.open_objection = found[-1] if found else None
        if self.open_objection is not None:
            self.ui.raisedBy.setText(self.open_objection.raised_by)
            self.ui.content.setPlainText(self.open_objection.content)

    def accept(self) -> None:
        ui, db, user, item_id = self.ui, self.db, self.user, self.item.item_id
        if not self.resolve:
            raised_by, content = ui.raisedBy.text(), ui.content.toPlainText()
            op = Op(self, self.lanes, lambda: notices.record_objection(db, user, item_id, raised_by, content))
        elif self.open_objection is None:
            field_message.show(ui.error, self.tr("This item has no objection waiting to be resolved."))
            return
        else:
            objection_id, outcome = self.open_objection.id, ui.outcome.toPlainText()
            op = Op(self, self.lanes, lambda: notices.resolve_objection(db, user, objection_id, outcome))
        op.holding(ui.buttons).success(lambda _r: super(ObjectionDialog, self).accept()).one_at_a_time() \
            .failure(lambda exc: field_message.show(ui.error, describe(exc))).run()


class ItemChangeDialog(QDialog):
    """A new amount or tier for one item, with the reason (assistance.change_item)."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, item: QueueItem, tiers: dict[str, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.item, self.tiers = db, user, lanes, item, tiers
        self.changed: assistance.ItemChanged | None = None
        self.ui = Ui_ItemChangeDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.who.setText(self.tr("{0} (file {1}), {2}, now {3} yuan at tier {4}").format(
            item.name, item.file_no, item.category, format_fen(item.amount_fen), item.tier))
        ui.tier.addItems(list(tiers) if item.tier in tiers else [item.tier, *tiers])
        ui.tier.setCurrentText(item.tier)
        ui.amount.setText(format_fen(item.amount_fen).replace(",", ""))
        ui.tier.currentTextChanged.connect(self._tier_chosen)

    def _tier_chosen(self, tier: str) -> None:
        if tier in self.tiers:  # the campaign's standard for that tier, still editable
            self.ui.amount.setText(format_fen(self.tiers[tier]).replace(",", ""))

    def accept(self) -> None:
        amount = field_message.money(self.ui.amount.text(), "金额")
        if amount.reason:
            field_message.show(self.ui.error, str(amount.reason))
            return
        db, user, item, reason = self.db, self.user, self.item, self.ui.reason.text()
        tier, fen = self.ui.tier.currentText().strip(), amount.value or 0
        Op(self, self.lanes, lambda: assistance.change_item(
            db, user, item.item_id, reason, amount_fen=fen, tier=tier if tier != item.tier else None,
            row_version=item.row_version)) \
            .holding(self.ui.buttons).success(self._changed).one_at_a_time() \
            .failure(lambda exc: field_message.show(self.ui.error, describe(exc))).run()

    def _changed(self, changed: assistance.ItemChanged) -> None:
        self.changed = changed
        super().accept()
