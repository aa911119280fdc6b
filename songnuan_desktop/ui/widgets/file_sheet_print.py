"""打印档案表 from the window: the file's 档案表 written on the database lane by `services.file_sheet`
(the same publish path and audit entry as the command `songnuan print-file`), then shown in the
preview-and-print dialog, where it is printed or saved under a name the clerk chooses.

The PDF is written into a temporary folder the printer owns (removed with it): only 另存为 puts a copy
where the clerk wants it. The module brings reportlab: screens import it when the sheet is first asked for.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.file_sheet import export_file_sheet
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from songnuan_desktop.ui.messages import show_error
from songnuan_desktop.ui.widgets.progress import JobRunner
from songnuan_desktop.workers.lanes import Lanes


class FileSheetPrinter:
    """One per screen or form; `print_sheet` writes a file's 档案表 and opens the preview."""

    def __init__(self, owner: QWidget, db: Database, user: SessionUser, lanes: Lanes) -> None:
        self.owner, self.db, self.user = owner, db, user
        self.runner = JobRunner(owner, lanes, lambda exc: show_error(owner, exc))
        self.temp: tempfile.TemporaryDirectory[str] | None = None
        self.preview: PdfPreviewDialog | None = None
        self.shown: Callable[[PdfPreviewDialog], None] | None = None  # tests hear of each preview

    def print_sheet(self, file_id: uuid.UUID, file_no: str, name: str) -> bool:
        """Start writing the sheet; False while another is being written."""
        if self.temp is None:
            self.temp = tempfile.TemporaryDirectory(prefix="songnuan-sheet-", ignore_cleanup_errors=True)
        saved = QCoreApplication.translate("FileSheetPrinter", "File sheet-{0}-{1}.pdf").format(file_no, name)
        path = Path(self.temp.name) / f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}-{saved}"
        title = QCoreApplication.translate("FileSheetPrinter", "File sheet of {0} ({1})").format(name, file_no)
        label = QCoreApplication.translate("FileSheetPrinter", "Writing the file sheet…")
        return self.runner.run(label, export_file_sheet, self.db, self.user, file_id, path,
                               done=lambda written: self._show(written, title, saved))

    def _show(self, path: Path, title: str, saved: str) -> None:
        self.preview = PdfPreviewDialog(path, title, saved, self.owner.window())
        self.preview.open()
        if self.shown is not None:
            self.shown(self.preview)
