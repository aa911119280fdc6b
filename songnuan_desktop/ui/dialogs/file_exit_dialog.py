"""解困/脱困/注销 of a worker file, with the reason and a note."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_file_exit_dialog import Ui_FileExitDialog


class FileExitDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, file_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.file_id = db, user, file_id
        self.ui = Ui_FileExitDialog()
        self.ui.setupUi(self)
        self.ui.exitStatus.addItems(list(worker_files.EXIT_STATUSES))
        self.ui.exitReason.addItems(list(codes.EXIT_REASONS))

    def accept(self) -> None:
        try:
            worker_files.close(self.db, self.user, self.file_id, self.ui.exitStatus.currentText(),
                               self.ui.exitReason.currentText(), self.ui.exitNote.text().strip())
        except DomainError as exc:
            self.ui.error.setText(exc.message)
            return
        super().accept()
