"""The file form's attachments and history tabs (they read on their own, after the file is saved)."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import attachments, file_history
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_file_form import Ui_FileForm
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.widgets import field_message, file_dialogs, tables
from songnuan_desktop.workers.lanes import Lanes


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 2**20 else f"{size / 2**20:.1f} MB"


class AttachmentsTab(QObject):
    def __init__(self, ui: Ui_FileForm, db: Database, user: SessionUser, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui, self.db, self.user, self.dialog = ui, db, user, parent
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

    def load(self, file_id: uuid.UUID | None, editable: bool) -> None:
        self.file_id, self.editable = file_id, editable
        self.ui.addAttachment.setEnabled(file_id is not None and editable)
        self.ui.attachmentKind.setEnabled(file_id is not None and editable)
        if file_id is None:
            field_message.show(self.ui.attachmentsMessage, self.tr("Save the file first; then add its scans."), True)
        self.items = attachments.list_for(self.db, file_id) if file_id else []
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
        try:
            attachments.add(self.db, self.user, self.file_id, self.ui.attachmentKind.currentText(), path)
        except DomainError as exc:
            field_message.show(self.ui.attachmentsMessage, exc.message)
            return
        field_message.show(self.ui.attachmentsMessage)
        self.load(self.file_id, True)

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
        self._change(lambda: attachments.remove(self.db, self.user, info.id),
                     self.tr("Attachment “{0}” removed.").format(info.original_name))

    def choose_replacement(self) -> None:
        info = self.current()
        if info is None:
            return
        path = self._pick(self.tr("Replace “{0}” with").format(info.original_name))
        if path is not None:
            self.replace(info, path)

    def replace(self, info: attachments.AttachmentInfo, path: Path) -> None:
        self._change(lambda: attachments.replace(self.db, self.user, info.id, path),
                     self.tr("“{0}” replaced by “{1}”.").format(info.original_name, path.name))

    def _change(self, change: Callable[[], object], done: str) -> None:
        try:
            change()
        except DomainError as exc:
            field_message.show(self.ui.attachmentsMessage, exc.message)
            return
        self.load(self.file_id, self.editable)
        field_message.show(self.ui.attachmentsMessage, done, True)

    def open_current(self) -> None:
        row = tables.selected_key(self.ui.attachments)
        if row is None:
            row = 0 if self.items else None
        if row is None:
            return
        info = self.items[row]
        if not attachments.verify(info):
            field_message.show(self.ui.attachmentsMessage, self.tr(
                "The stored copy of “{0}” is missing or was changed since it was added; it cannot be opened. "
                "Restore it from a backup.").format(info.original_name))
            return
        folder = Path(tempfile.mkdtemp(prefix="songnuan-"))
        self.opened = attachments.copy_out(info, folder / info.original_name)
        field_message.show(self.ui.attachmentsMessage)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.opened)))


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
        self.lanes.submit(self.lanes.db, file_history.history, self.db, self.user, self.file_id,
                          on_done=self._show, on_error=self._failed, owner=self)

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
