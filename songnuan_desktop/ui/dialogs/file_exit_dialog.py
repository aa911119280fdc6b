"""解困/脱困/注销 of a worker file, with the reason and a note; saved on the database lane (ui.ops), the
buttons held meanwhile, closed when stored, the refusal shown in the dialog."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.domain import codes
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_file_exit_dialog import Ui_FileExitDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes


class FileExitDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, file_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.file_id = db, user, lanes, file_id
        self.ui = Ui_FileExitDialog()
        self.ui.setupUi(self)
        self.ui.exitStatus.addItems(list(worker_files.EXIT_STATUSES))
        self.ui.exitReason.addItems(list(codes.EXIT_REASONS))

    def accept(self) -> None:
        db, user, file_id = self.db, self.user, self.file_id
        status, reason, note = (self.ui.exitStatus.currentText(), self.ui.exitReason.currentText(),
                                self.ui.exitNote.text().strip())
        Op(self, self.lanes, lambda: worker_files.close(db, user, file_id, status, reason, note)) \
            .holding(self.ui.buttons).success(lambda _saved: super(FileExitDialog, self).accept()) \
            .failure(lambda exc: self.ui.error.setText(describe(exc))).one_at_a_time().run()
