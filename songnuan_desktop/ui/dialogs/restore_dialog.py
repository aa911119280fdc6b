"""恢复备份: the database file is damaged (or the clerk asked); choose a backup, see its date and counts, restore.

Besides the local backups, 选择备份文件… takes a file from anywhere: a `.db` backup, or an encrypted `.snbak`
from a stick (its passphrase asked; decrypted and checked in the background, attachments put back too).

Asked from 设置 › 备份 (issue 13: the tab told the clerk to close the program and run `songnuan restore`), the
window sets startup_checks.RESTORE_REQUESTED to ASKED and closes; the program (app.py) closes the database,
shows this dialog and starts again at the sign-in, on the restored file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QMessageBox, QPushButton, QTableWidgetItem,
                               QWidget)

from songnuan_desktop.services.backups import backup_archive, backups
from songnuan_desktop.services.backups.backups import BackupInfo
from songnuan_desktop.ui.dialogs.backup_passphrase_dialog import BackupPassphraseDialog
from songnuan_desktop.ui.generated.ui_restore_dialog import Ui_RestoreDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes

# The "problem" of a restore the administrator asked for in 设置 › 备份 (the file is not damaged).
ASKED = "asked in settings"


class RestoreDialog(QDialog):
    """Lists the backups of `db_path` (read in the background: each is checked, ~0.5 s on a big one)."""

    def __init__(self, db_path: Path, problem: str, folder: Path | None = None, parent: QWidget | None = None,
                 lanes: Lanes | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RestoreDialog()
        self.ui.setupUi(self)
        self.db_path, self.folder = db_path, folder
        self.lanes = lanes or Lanes()
        self.backups: list[BackupInfo] = []
        self.kept_aside: Path | None = None
        if problem == ASKED:
            self.ui.problem.setText(self.tr(
                "Restore the database {0} from a backup: choose the backup below, or a backup file from a USB "
                "stick. Afterwards the program opens the sign-in again, on the restored database. Cancel leaves "
                "the database as it is and ends the program.").format(db_path))
        else:
            self.ui.problem.setText(self.tr(
                "The database file {0} is damaged:\n{1}\n\nChoose a backup to restore it from.").format(
                db_path, problem))
        self.restore_button = QPushButton(self.tr("Restore the chosen backup"))
        self.restore_button.setEnabled(False)
        self.ui.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.file_button = QPushButton(self.tr("Choose a backup file…"))
        self.ui.buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.file_button.clicked.connect(self.choose_file)
        self.ui.table.itemSelectionChanged.connect(self._selection_changed)
        self.ui.table.setColumnCount(5)
        self.ui.table.setHorizontalHeaderLabels([
            self.tr("Taken at"), self.tr("Kind"), self.tr("Office"), self.tr("Files"), self.tr("State"),
        ])
        stem = db_path.stem
        Op(self, self.lanes, lambda: backups.list_backups(folder, stem)).on_cpu().in_background() \
            .success(self.show_backups).failure(self._failed).run()

    def show_backups(self, found: list[BackupInfo]) -> None:
        self.backups = found
        table = self.ui.table
        table.setRowCount(len(found))
        for row, info in enumerate(found):
            kind = self.tr("automatic") if info.automatic else self.tr("manual")
            first_line = info.problem.replace("*** in database main ***", "").strip().splitlines()[:1]
            state = self.tr("good") if info.ok else self.tr("damaged: {0}").format("".join(first_line))
            files = "" if info.files_count is None else str(info.files_count)
            cells = [f"{info.taken_at:%Y-%m-%d %H:%M}", kind, info.office_name, files, state]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(info.problem or str(info.path))
                if not info.ok:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        good = [row for row, info in enumerate(found) if info.ok]
        if good:
            table.selectRow(good[0])  # the newest good backup
            self.ui.status.setText(self.tr("{0} backups found; the newest good one is chosen.").format(len(found)))
        else:
            self.ui.status.setText(self.tr(
                "No good backup was found in {0}. Close the program and ask the administrator for help; "
                "the database file was not changed.").format(self.folder or backups.backups_folder()))

    def chosen(self) -> BackupInfo | None:
        rows = self.ui.table.selectionModel().selectedRows()
        if not rows:
            return None
        info = self.backups[rows[0].row()]
        return info if info.ok else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _failed(self, exc: Exception) -> None:
        self.ui.status.setText(describe(exc))

    def restore_chosen(self) -> None:
        info = self.chosen()
        if info is None:
            return
        try:
            self.kept_aside = backups.restore(self.db_path, info.path)
        except Exception as exc:  # noqa: BLE001 - shown; restore leaves the current file as it was
            QMessageBox.warning(self, self.windowTitle(), describe(exc))
            return
        QMessageBox.information(self, self.windowTitle(), self.tr(
            "The database was restored from the backup of {0}. The damaged file is kept at:\n{1}").format(
            f"{info.taken_at:%Y-%m-%d %H:%M}", self.kept_aside))
        self.accept()

    # a backup file from anywhere (a stick) ----------------------------------------------------------
    def choose_file(self) -> None:
        path = file_dialogs.open_file(self, "backup-file", self.tr("Choose a backup file"), self.tr(
            "Songnuan backups (*.snbak *.db);;Encrypted backups (*.snbak);;Local backups (*.db)"))
        if path is not None:
            self.restore_file(path)

    def restore_file(self, path: Path, passphrase: str | None = None) -> None:
        """A `.db` is restored at once; a `.snbak` asks its passphrase, then decrypts on the cpu lane."""
        if path.suffix.lower() != backup_archive.SUFFIX:
            self._restore_now(path)
            return
        if passphrase is None:
            dialog = BackupPassphraseDialog(False, path.name, self)
            if not dialog.exec():
                return
            passphrase = dialog.passphrase()
            dialog.ui.passphrase.clear()
        db_path, chosen = self.db_path, passphrase
        Op(self, self.lanes, lambda: backup_archive.restore_encrypted(db_path, path, chosen)).on_cpu() \
            .holding(self.file_button).with_progress(self.tr("Decrypting and checking the backup…")) \
            .one_at_a_time().success(self._encrypted_restored).failure(self._encrypted_failed).run()

    def _encrypted_restored(self, restored: backup_archive.Restored) -> None:
        self.kept_aside = restored.aside
        facts = restored.manifest
        QMessageBox.information(self, self.windowTitle(), self.tr(
            "The database and its attachments were restored from the encrypted backup of {0} ({1}, {2} files, "
            "{3} attachments). The previous database file is kept at:\n{4}").format(
            facts.get("taken_at", "").replace("T", " "), facts.get("office", ""), facts.get("files_count", ""),
            len(facts.get("attachments", {})), restored.aside))
        self.accept()

    def _encrypted_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.windowTitle(), self.tr("{0}\n\nThe database was not changed.").format(
            describe(exc)))

    def _restore_now(self, path: Path) -> None:
        try:
            self.kept_aside = backups.restore(self.db_path, path)
        except Exception as exc:  # noqa: BLE001 - shown; restore leaves the current file as it was
            QMessageBox.warning(self, self.windowTitle(), describe(exc))
            return
        QMessageBox.information(self, self.windowTitle(), self.tr(
            "The database was restored from {0}. The previous file is kept at:\n{1}").format(path, self.kept_aside))
        self.accept()
