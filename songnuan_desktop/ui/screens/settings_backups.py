"""The 备份 tab of the settings screen: the backups of this database, and a backup taken now."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from songnuan_desktop import config
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services import backups
from songnuan_desktop.services.backups import BackupInfo
from songnuan_desktop.ui.generated.ui_settings_screen import Ui_SettingsScreen
from songnuan_desktop.ui.messages import show_error, show_info
from songnuan_desktop.ui.widgets import tables
from songnuan_desktop.workers.lanes import Lanes


class BackupsTab(QObject):
    """Backups are read in the background (each is checked: ~0.5 s on a 100,000-file office)."""

    def __init__(self, ui: Ui_SettingsScreen, db: Database, lanes: Lanes, screen: QWidget) -> None:
        super().__init__(screen)
        self.ui, self.db, self.lanes, self.screen = ui, db, lanes, screen
        self.path = config.sqlite_path(db.url)
        ui.backupNow.clicked.connect(self.backup_now)
        ui.refreshBackups.clicked.connect(self.load)
        if self.path is None:
            ui.backupsHint.setText(self.tr(
                "The data is on a database server (PostgreSQL): backups are the server's job; "
                "ask its administrator."))
            for button in (ui.backupNow, ui.refreshBackups):
                button.setEnabled(False)
        else:
            ui.backupsHint.setText(self.tr(
                "An automatic backup is taken every day the program is used; the newest ones are kept (the setting "
                "\"automatic backups kept\"); a backup taken with this button is never deleted automatically. "
                "Backups are kept in {0}. To restore one, close the program and run: songnuan restore BACKUP "
                "(a damaged database offers it at start).").format(backups.backups_folder()))

    def load(self) -> None:
        if self.path is None:
            return
        self.lanes.submit(self.lanes.cpu, backups.list_backups, None, self.path.stem,
                          on_done=self.show, on_error=lambda exc: show_error(self.screen, exc), owner=self)

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
        self.lanes.submit(self.lanes.db, backups.backup_now, self.db, None, backups.MANUAL,
                          on_done=self._done, on_error=self._failed, owner=self)

    def _done(self, info: BackupInfo) -> None:
        self.ui.backupNow.setEnabled(True)
        show_info(self.screen, self.tr("Backup taken: {0} ({1} files).").format(info.path, info.files_count))
        self.load()

    def _failed(self, exc: Exception) -> None:
        self.ui.backupNow.setEnabled(True)
        show_error(self.screen, exc)
