"""打印档案表 from the window: the file's 档案表 written on the database lane by `services.files.file_sheet`
(the same publish path and audit entry as the command `songnuan print-file`), then shown in the
preview-and-print dialog through the screen's PaperDesk (ui/dialogs/papers.py, the one way to a paper),
where it is printed or saved under a name the clerk chooses. Only the words of the sheet live here:
its title, the name offered to save it as, and what the progress dialog says.

The module brings reportlab: screens import it when the sheet is first asked for.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files.file_sheet import export_file_sheet
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.papers import PaperDesk
from songnuan_desktop.workers.lanes import Lanes


class FileSheetPrinter:
    """One per screen or form; `print_sheet` writes a file's 档案表 and opens the preview
    (`desk.previewed` carries the dialog)."""

    def __init__(self, owner: QWidget, db: Database, user: SessionUser, lanes: Lanes) -> None:
        self.db, self.user = db, user
        self.desk = PaperDesk(owner, lanes)

    def print_sheet(self, file_id: uuid.UUID, file_no: str, name: str) -> bool:
        """Start writing the sheet; False while another is being written."""
        db, user = self.db, self.user
        saved = QCoreApplication.translate("FileSheetPrinter", "File sheet-{0}-{1}.pdf").format(file_no, name)
        title = QCoreApplication.translate("FileSheetPrinter", "File sheet of {0} ({1})").format(name, file_no)
        label = QCoreApplication.translate("FileSheetPrinter", "Writing the file sheet…")

        def write(path: Path) -> Path:
            return export_file_sheet(db, user, file_id, path)

        return self.desk.show(label, title, saved, write)
