"""The 备份 tab of the settings screen: the backups of this database, a backup taken now, an encrypted
backup (database and attachments) to a USB stick, its passphrase typed twice and never stored, and the
restore from a backup (the window closes, the program restores and starts again at the sign-in)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from songnuan_desktop import config
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.backups import backup_archive, backups
from songnuan_desktop.services.backups.backups import BackupInfo
from songnuan_desktop.ui import startup_checks
from songnuan_desktop.ui.dialogs.restore_dialog import ASKED
from songnuan_desktop.ui.generated.ui_settings_screen import Ui_SettingsScreen
from songnuan_desktop.ui.messages import show_error, show_info
from songnuan_desktop.ui.widgets import file_dialogs, tables
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes


class BackupsTab(QObject):
    """Backups are read in the background (each is checked: ~0.5 s on a 100,000-file office)."""

    def __init__(self, ui: Ui_SettingsScreen, db: Database, lanes: Lanes, screen: QWidget) -> None:
        super().__init__(screen)
        self.ui, self.db, self.lanes, self.screen = ui, db, lanes, screen
        self.path = config.sqlite_path(db.url)
        self.user = getattr(screen, "user", None)
        ui.backupNow.clicked.connect(self.backup_now)
        ui.backupToStick.clicked.connect(self.backup_to_stick)
        ui.refreshBackups.clicked.connect(self.load)
        self.admin = follow_role(ui.backupNow, self.user, Action.BACK_UP)  # the administrator's (SPEC), in their name
        follow_role(ui.backupToStick, self.user, Action.ENCRYPT_BACKUP)
        self.restore = QPushButton(self.tr("Restore from a backup…"))
        self.restore.setObjectName("restoreBackup")
        follow_role(self.restore, self.user, Action.RESTORE_BACKUP, self.path is not None)
        self.restore.clicked.connect(self.ask_restore)
        ui.backupsTabButtons.insertWidget(2, self.restore)
        if self.path is None:
            ui.backupsHint.setText(self.tr(
                "The data is on a database server (PostgreSQL): backups are the server's job; "
                "ask its administrator."))
            for button in (ui.backupNow, ui.backupToStick, ui.refreshBackups, self.restore):
                button.setEnabled(False)
        else:
            ui.backupsHint.setText(self.tr(
                "An automatic backup is taken every day the program is used; the newest ones are kept (the setting "
                "\"automatic backups kept\" in Parameters); a backup taken with \"Back up now\" is never deleted "
                "automatically. These backups are kept in {0}, unencrypted, and hold the database only (the "
                "attachments stay in their folder on this computer): never copy them to a stick.\n"
                "\"Back up to a USB stick\" writes one encrypted file with the database and all attachments, "
                "read back and checked; keep its passphrase apart from the stick. \"Restore from a backup…\" "
                "closes the window, puts the chosen backup in place (the current file is kept aside) and opens "
                "the sign-in again (a damaged database offers it at start)."
            ).format(backups.backups_folder()))

    def load(self) -> None:
        if self.path is None:
            return
        stem = self.path.stem
        Op(self, self.lanes, lambda: backups.list_backups(None, stem)).on_cpu().in_background() \
            .success(self.show).failure(lambda exc: show_error(self.screen, exc)).run()

    def show(self, found: list[BackupInfo]) -> None:
        rows = [(f"{b.taken_at:%Y-%m-%d %H:%M:%S}", self.tr("automatic") if b.automatic else self.tr("manual"),
                 b.office_name, "" if b.files_count is None else b.files_count, f"{b.size / 2**20:.1f} MB",
                 self.tr("good") if b.ok else self.tr("damaged: {0}").format(b.problem), str(b.path))
                for b in found]
        headers = [self.tr("Taken at"), self.tr("Kind"), self.tr("Office"), self.tr("Files"), self.tr("Size"),
                   self.tr("State"), self.tr("File")]
        tables.fill(self.ui.backupsTable, headers, rows, right_aligned=(3, 4))

    def backup_now(self) -> None:
        self.ui.backupNow.setEnabled(False)
        db, user = self.db, self.user
        Op(self, self.lanes, lambda: backups.backup_now(db, None, backups.MANUAL, by=user)) \
            .success(self._done).failure(self._failed).run()

    def _done(self, info: BackupInfo) -> None:
        self.ui.backupNow.setEnabled(self.admin)
        show_info(self.screen, self.tr("Backup taken: {0} ({1} files).").format(info.path, info.files_count))
        self.load()

    def _failed(self, exc: Exception) -> None:
        self.ui.backupNow.setEnabled(self.admin)
        show_error(self.screen, exc)

    # restore: the program closes the database first (app.py), so no connection of this window stays open --
    def ask_restore(self) -> None:
        window = self.screen.window()
        answer = QMessageBox.question(self.screen, self.tr("Restore from a backup"), self.tr(
            "The window closes and the database is closed; then you choose the backup. The current database "
            "file is kept aside, not deleted. Afterwards the program opens the sign-in again, on the restored "
            "database. Unsaved work in open windows is lost. Go on?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        window.setProperty(startup_checks.RESTORE_REQUESTED, ASKED)
        if not window.close():  # the clerk kept the window for unsaved work: no restore at the next exit
            window.setProperty(startup_checks.RESTORE_REQUESTED, None)

    # encrypted backup to a stick -------------------------------------------------------------------
    def backup_to_stick(self) -> None:
        from songnuan_desktop.ui.dialogs.backup_passphrase_dialog import BackupPassphraseDialog

        folder = file_dialogs.choose_folder(self.screen, "backup-stick", self.tr("Choose the USB stick or a folder"))
        if folder is None:
            return
        dialog = BackupPassphraseDialog(True, str(folder), self.screen)
        if not dialog.exec():
            return
        passphrase = dialog.passphrase()
        dialog.ui.passphrase.clear()
        self.start_encrypted(folder, passphrase)

    def start_encrypted(self, folder: Path, passphrase: str) -> None:
        assert self.user is not None
        db, actor = self.db, self.user.actor
        Op.with_job(self.screen, self.lanes, lambda job: backup_archive.backup_encrypted(
            db, folder, passphrase, job.progress, job.is_cancelled, actor=actor)) \
            .holding(self.ui.backupToStick).one_at_a_time() \
            .with_progress(self.tr("Writing the encrypted backup to {0}…").format(folder), self.tr("Cancel")) \
            .success(self._encrypted_done).failure(lambda exc: show_error(self.screen, exc)).run()

    def _encrypted_done(self, info: backup_archive.EncryptedBackup) -> None:
        show_info(self.screen, self.tr(
            "Encrypted backup written and checked: {0}\n{1} files, {2} attachments, {3:.1f} MB. "
            "Keep the passphrase apart from the stick: without it the backup cannot be restored.").format(
            info.path, info.files_count, info.attachments, info.size / 2**20))
