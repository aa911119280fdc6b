"""The file form's attachments and history tabs (they read on their own, after the file is saved).

Adding, replacing and removing a scan run on the database lane (ui.ops: a scan of up to 50 MB is copied,
hashed and synced to disk while the window stays responsive, the tab's buttons held, a progress dialog after
half a second); opening one checks and copies it on the file lane."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import attachments, file_history
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_file_form import Ui_FileForm
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import field_message, file_dialogs, tables
from songnuan_desktop.workers.lanes import Lanes


T = TypeVar("T")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 2**20 else f"{size / 2**20:.1f} MB"


class AttachmentsTab(QObject):
    def __init__(self, ui: Ui_FileForm, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui, self.db, self.user, self.lanes, self.dialog = ui, db, user, lanes, parent
        self.file_id: uuid.UUID | None = None
        self.items: list[attachments.AttachmentInfo] = []
        self.opened: Path | None = None  # the copy last handed to the viewer
        self.editable = False
        ui.attachmentKind.addItems(list(codes.ATTACHMENT_KINDS))
        ui.addAttachment.clicked.connect(self.choose)
        ui.openAttachment.clicked.connect(self.open_current)
        ui.removeAttachment.clicked.connect(self.remove_current)
        ui.replaceAttachment.clicked.connect(self.choose_replacement)
        ui.attachments.doubleClicked.connect(lambda _index: self.open_current())
        ui.attachments.itemSelectionChanged.connect(self._enable)

    def _op(self, work: Callable[[], T]) -> Op[T]:
        """An op of this tab (its buttons held), so the form's own save is never kept waiting by it."""
        ui = self.ui
        return Op(ui.attachmentsTab, self.lanes, work).holding(
            ui.addAttachment, ui.openAttachment, ui.removeAttachment, ui.replaceAttachment, ui.attachmentKind) \
            .failure(lambda exc: field_message.show(ui.attachmentsMessage, describe(exc)))

    def load(self, file_id: uuid.UUID | None, editable: bool) -> None:
        """The file's attachments as stored now, read on the database lane."""
        db = self.db
        if file_id is None:
            self.show(None, editable, [])
            return
        self._op(lambda: attachments.list_for(db, file_id)).success(
            lambda items: self.show(file_id, editable, items)).run()

    def show(self, file_id: uuid.UUID | None, editable: bool, items: list[attachments.AttachmentInfo]) -> None:
        """The list as read (with the file, by the form's own read, or after a change here)."""
        self.file_id, self.editable = file_id, editable
        self.ui.addAttachment.setEnabled(file_id is not None and editable)
        self.ui.attachmentKind.setEnabled(file_id is not None and editable)
        if file_id is None:
            field_message.show(self.ui.attachmentsMessage, self.tr("Save the file first; then add its scans."), True)
        self.items = items
        rows = [(a.kind, a.original_name, _size(a.size_bytes)) for a in self.items]
        tables.fill(self.ui.attachments, [self.tr("Kind"), self.tr("File"), self.tr("Size")], rows,
                    keys=list(range(len(rows))), right_aligned=(2,), stretch=1)
        self.ui.openAttachment.setEnabled(bool(rows))
        self._enable()

    def _enable(self) -> None:
        chosen = self.editable and tables.selected_key(self.ui.attachments) is not None
        self.ui.removeAttachment.setEnabled(chosen)
        self.ui.replaceAttachment.setEnabled(chosen)

    def _pick(self, caption: str) -> Path | None:
        return file_dialogs.open_file(self.dialog, "attachment", caption, self.tr(
            "Scans and photos (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.bmp);;All files (*)"))

    def choose(self) -> None:
        path = self._pick(self.tr("Add a scan or photo"))
        if path is not None:
            self.add(path)

    def add(self, path: Path) -> None:
        if self.file_id is None:
            return
        db, user, file_id, kind = self.db, self.user, self.file_id, self.ui.attachmentKind.currentText()
        self._op(lambda: _added(db, user, file_id, kind, path)) \
            .with_progress(self.tr("Adding “{0}” to the file…").format(path.name)) \
            .success(lambda items: self._changed(items, "")).run()

    def current(self) -> attachments.AttachmentInfo | None:
        row = tables.selected_key(self.ui.attachments)
        return self.items[row] if row is not None and self.editable else None

    def remove_current(self) -> None:
        """Asked first; the attachment leaves the list, its file and its line in 历史 stay."""
        info = self.current()
        if info is None:
            return
        answer = QMessageBox.question(self.dialog, self.tr("Remove attachment"), self.tr(
            "Remove the attachment “{0}” ({1}) from this file? It is no longer listed; the History tab keeps a "
            "record of it and the stored copy stays in backups.").format(info.original_name, info.kind),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, user = self.db, self.user
        self._change(lambda: attachments.remove(db, user, info.id),
                     self.tr("Attachment “{0}” removed.").format(info.original_name))

    def choose_replacement(self) -> None:
        info = self.current()
        if info is None:
            return
        path = self._pick(self.tr("Replace “{0}” with").format(info.original_name))
        if path is not None:
            self.replace(info, path)

    def replace(self, info: attachments.AttachmentInfo, path: Path) -> None:
        db, user = self.db, self.user
        self._change(lambda: attachments.replace(db, user, info.id, path),
                     self.tr("“{0}” replaced by “{1}”.").format(info.original_name, path.name),
                     self.tr("Replacing “{0}”…").format(info.original_name))

    def _change(self, change: Callable[[], object], done: str, label: str = "") -> None:
        """The change, then the list read again, in one job on the database lane."""
        db, file_id = self.db, self.file_id
        if file_id is None:
            return

        def work() -> list[attachments.AttachmentInfo]:
            change()
            return attachments.list_for(db, file_id)

        op = self._op(work).success(lambda items: self._changed(items, done))
        (op.with_progress(label) if label else op).run()

    def _changed(self, items: list[attachments.AttachmentInfo], done: str) -> None:
        self.show(self.file_id, self.editable, items)
        field_message.show(self.ui.attachmentsMessage, done, bool(done))

    def open_current(self) -> None:
        row = tables.selected_key(self.ui.attachments)
        if row is None:
            row = 0 if self.items else None
        if row is None:
            return
        info = self.items[row]
        self._op(lambda: _copied_out(info)).on_cpu().success(lambda copy: self._open(info, copy)).run()

    def _open(self, info: attachments.AttachmentInfo, copy: Path | None) -> None:
        if copy is None:
            field_message.show(self.ui.attachmentsMessage, self.tr(
                "The stored copy of “{0}” is missing or was changed since it was added; it cannot be opened. "
                "Restore it from a backup.").format(info.original_name))
            return
        self.opened = copy
        field_message.show(self.ui.attachmentsMessage)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))


def _added(db: Database, user: SessionUser, file_id: uuid.UUID, kind: str,
           path: Path) -> list[attachments.AttachmentInfo]:
    """On the database lane: the scan copied, hashed and stored, then the list read again."""
    attachments.add(db, user, file_id, kind, path)
    return attachments.list_for(db, file_id)


def _copied_out(info: attachments.AttachmentInfo) -> Path | None:
    """On the file lane: the stored copy checked against its hash and copied out to a temporary folder for the
    viewer; None when it is missing or changed."""
    if not attachments.verify(info):
        return None
    folder = Path(tempfile.mkdtemp(prefix="songnuan-"))
    return attachments.copy_out(info, folder / info.original_name)


class HistoryTab(QObject):
    """Read on the database lane when the tab is first shown, and again after each save."""

    def __init__(self, ui: Ui_FileForm, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui, self.db, self.user, self.lanes = ui, db, user, lanes
        self.file_id: uuid.UUID | None = None
        self.stale = True
        self.loaded: file_history.FileHistory | None = None
        ui.tabs.currentChanged.connect(self._tab_changed)

    def load(self, file_id: uuid.UUID | None) -> None:
        self.file_id, self.stale = file_id, True
        self.refresh()

    def _tab_changed(self, _index: int) -> None:
        """Read again each time the tab is shown: an attachment added, removed or replaced since is told."""
        if self.ui.tabs.currentWidget() is self.ui.historyTab:
            self.stale = True
        self.refresh()

    def refresh(self) -> None:
        if not self.stale or self.ui.tabs.currentWidget() is not self.ui.historyTab:
            return
        self.stale = False
        if self.file_id is None:
            self._show(file_history.FileHistory([], []))
            return
        db, user, file_id = self.db, self.user, self.file_id
        Op(self, self.lanes, lambda: file_history.history(db, user, file_id)).in_background() \
            .success(self._show).failure(self._failed).run()

    def _show(self, found: file_history.FileHistory) -> None:
        self.loaded = found
        changes = [(c.at.strftime("%Y-%m-%d %H:%M"), c.who, c.text) for c in found.changes]
        if self.file_id is None:  # a new file (issue 13: it read as if written in one batch)
            changes = [("", "", self.tr("A new file: its history starts when it is first saved."))]
        elif not changes:
            changes = [("", "", self.tr("No change of this file is in the audit log: it was filed before the log "
                                        "was kept, or written in one batch (demo data)."))]
        tables.fill(self.ui.changes, [self.tr("When"), self.tr("By"), self.tr("What changed")], changes)
        self.ui.changes.resizeRowsToContents()
        assistance = [(a.campaign, a.item_kind, a.category, "" if a.amount_fen is None else format_fen(a.amount_fen),
                       a.state,
                       a.paid_on.isoformat() if a.paid_on else "") for a in found.assistance]
        tables.fill(self.ui.assistance, [self.tr("Campaign"), self.tr("Item"), self.tr("Category"),
                                         self.tr("Amount (yuan)"), self.tr("State"), self.tr("Paid on")],
                    assistance, right_aligned=(3,), stretch=0)
        if not found.assistance:
            self.ui.assistanceLabel.setText(self.tr("Assistance the household received: none yet"))
        else:
            self.ui.assistanceLabel.setText(self.tr("Assistance the household received"))

    def _failed(self, exc: Exception) -> None:
        self.stale = True
        tables.fill(self.ui.changes, [self.tr("What changed")], [(describe(exc),)])
