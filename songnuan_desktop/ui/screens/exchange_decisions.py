"""The 报送 screen's "decisions from the county union" box: import a 下发包 (file dialog, passphrase, the
database lane with a progress dialog) and the county's flags on this township's records.

The passphrase is asked each time and not kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from songnuan_desktop.domain.codes import COUNTY_FLAG_KINDS
from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.county import decisions_import
from songnuan_desktop.services.county.decisions_import import DecisionsResult, LastDecisions, ReceivedFlag
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_exchange_screen import Ui_ExchangeScreen
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Job, Lanes

RED, GREEN = "#b00020", "#1b5e20"


def _load(db: Database) -> tuple[LastDecisions | None, list[ReceivedFlag]]:
    return decisions_import.last_decisions(db), decisions_import.received_flags(db)


class DecisionsPanel(QObject):
    loaded = Signal()
    imported = Signal(object)  # DecisionsResult
    import_failed = Signal(object)  # the exception, after it was shown

    def __init__(self, screen: QWidget, ui: Ui_ExchangeScreen, db: Database, user: SessionUser,
                 lanes: Lanes) -> None:
        super().__init__(screen)
        self.screen, self.ui, self.db, self.user, self.lanes = screen, ui, db, user, lanes
        self.job: Job | None = None  # the import running now
        self.dialog: QMessageBox | None = None  # the last result message (tests read it)
        self.flags: list[ReceivedFlag] = []
        self.allowed = follow_role(self.ui.importDecisions, user, Action.IMPORT_DECISIONS)
        self.ui.flags.verticalHeader().setVisible(False)
        self.ui.flags.verticalHeader().setDefaultSectionSize(screen.fontMetrics().height() + 8)
        self.ui.importDecisions.clicked.connect(lambda: self.choose_and_import())

    def refresh(self) -> None:
        db = self.db
        Op(self, self.lanes, lambda: _load(db)).in_background().success(self._arrived).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self._say(describe(exc), RED)

    def _arrived(self, loaded: tuple[LastDecisions | None, list[ReceivedFlag]]) -> None:
        last, self.flags = loaded
        if last is None:
            self._say(self.tr("No decisions package imported yet. Standards, final lists and flags on items sent "
                              "back by the county union are imported here."), "")
        else:
            self._say(self.tr("Last decisions package: No. {0:04d} from {1}, exported on {2}, imported by {3}. "
                              "Flags in force: {4}.").format(
                last.sequence, last.county_name, local_text(last.created_at), last.imported_by,
                sum(1 for f in self.flags if not f.withdrawn)), "")
        status = {False: self.tr("In force"), True: self.tr("Withdrawn")}
        fill(self.ui.flags, (self.tr("Flag"), self.tr("About"), self.tr("What the county says"), self.tr("Date"),
                             self.tr("Status")),
             [(COUNTY_FLAG_KINDS.get(f.kind, f.kind), f.subject, f.text, local_text(f.created_at)[:10],
               status[f.withdrawn]) for f in self.flags], stretch=2)
        for row, flag in enumerate(self.flags):
            cell = self.ui.flags.item(row, 2)
            if cell is not None:
                cell.setToolTip(flag.text)
        self.loaded.emit()

    # import -----------------------------------------------------------------------------------------
    def choose_and_import(self) -> bool:
        if not self.allowed or self.job is not None:
            return False
        path = file_dialogs.open_file(self.screen, "package", self.tr("Choose the county's decisions package"),
                                      self.tr("Decisions package (*.snpkg)"))
        if path is None:
            return False
        passphrase, ok = QInputDialog.getText(self.screen, self.tr("Passphrase"),
                                              self.tr("The passphrase of the county's packages:"),
                                              QLineEdit.EchoMode.Password)
        if not ok or not passphrase:
            return False
        return self.start_import(path, passphrase)

    def start_import(self, path: Path, passphrase: str) -> bool:
        if not self.allowed or self.job is not None:
            return False
        db, user = self.db, self.user
        self.job = Op.with_job(self.screen, self.lanes, lambda job: decisions_import.import_decisions(
            db, user, path, passphrase, job.progress)) \
            .holding(self.ui.importDecisions).with_progress(self.tr("Importing {0}…").format(path.name)) \
            .success(self._imported).failure(self._import_failed).run()
        return True

    def _imported(self, result: DecisionsResult) -> None:
        self.job = None
        if result.status == "unchanged":
            text = self.tr("Decisions package No. {0:04d} from {1} was imported before; nothing was changed.").format(
                result.sequence, result.county_name)
        else:
            text = self.tr("Decisions package No. {0:04d} from {1} imported.\n\nStandards now in force: {2}\n"
                           "Flags received: {3} (withdrawn: {4})\nAttachments the county has received: {5} "
                           "(they are not sent again)").format(
                result.sequence, result.county_name, result.standards, result.flags, result.flags_withdrawn,
                result.receipts)
            if result.replaced_own:
                text += "\n" + self.tr(
                    "{0} of this office's own standards of the same date (living standard "
                    "lines, payment standards or settings) were replaced by the county's."
                ).format(result.replaced_own)
        self.dialog = QMessageBox(QMessageBox.Icon.Information, self.tr("Decisions imported"), text,
                                  QMessageBox.StandardButton.Ok, self.screen)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        self.imported.emit(result)
        self.refresh()

    def _import_failed(self, exc: Exception) -> None:
        self.job = None
        self._say(describe(exc), RED)
        show_error(self.screen, exc)
        self.import_failed.emit(exc)

    def _say(self, text: str, color: str) -> None:
        self.ui.decisionsText.setStyleSheet(f"color: {color};" if color else "")
        self.ui.decisionsText.setText(text)
