"""At start: the SQLite file is checked (PRAGMA quick_check) and backed up once a day, never delaying the window.

quick_check reads the whole file: 0.45 s on the 100,000-file demo (321 MB), so only a small file is
checked before the window opens; a big one is checked on the cpu lane after the window is shown, and a
damaged result offers the restore. The daily automatic backup runs on the db lane after that; the
`.part` files a killed backup left in the backups folder (older than an hour) are removed first.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop import config
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.sqlite_files import quick_check
from songnuan_desktop.services import backups
from songnuan_desktop.workers.lanes import Lanes

log = logging.getLogger("songnuan")

# Checked before the window when smaller than this (~45 ms at the 0.7 GB/s measured on a warm cache).
INLINE_CHECK_BYTES = 32 * 2**20
RESTORE_REQUESTED = "songnuan_restore_problem"
# Every day of use: a program left open over midnight takes the next day's backup within the hour.
BACKUP_POLL_MS = 60 * 60 * 1000

Offer = Callable[[Path, str], bool]


def check_before_open(path: Path | None, limit: int = INLINE_CHECK_BYTES) -> str | None:
    """The problem of a small SQLite file found before it is opened; None when sound, big or not SQLite."""
    if path is None or not path.exists() or path.stat().st_size > limit:
        return None
    return quick_check(path)


def offer_restore(path: Path, problem: str, parent: QWidget | None = None) -> bool:
    """The restore dialog; True when a backup was put in place."""
    from songnuan_desktop.ui.dialogs.restore_dialog import RestoreDialog

    log.error("database damaged: %s: %s", path, problem)
    dialog = RestoreDialog(path, problem, parent=parent)
    return bool(dialog.exec())


def open_checked(url: str, offer: Offer = offer_restore, limit: int = INLINE_CHECK_BYTES) -> Database | None:
    """Open the database; a damaged SQLite file leads to `offer` (the restore), never to a crash.

    None when the clerk declined or the file cannot be opened (said in a message)."""
    path = config.sqlite_path(url)
    problem = check_before_open(path, limit)
    if path is not None and problem is not None and not offer(path, problem):
        return None
    try:
        return open_database(url)
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged in full
        log.error("cannot open database %s\n%s", url, traceback.format_exc())
        problem = quick_check(path) if path is not None and path.exists() else None
        if path is not None and problem is not None:
            return open_database(url) if offer(path, problem) else None
        title = QCoreApplication.translate("startup", "Songnuan")
        QMessageBox.critical(None, title, QCoreApplication.translate(
            "startup", "The database cannot be opened: {0}\n\n{1}\n\n"
            "The database file was not changed.").format(url, exc))
        return None


def start_background_work(window: QWidget, db: Database, lanes: Lanes, limit: int = INLINE_CHECK_BYTES) -> None:
    """After the window is shown: quick_check a big file (cpu lane), then the daily backup (db lane).

    A small file was checked before it was opened (open_checked)."""
    path = config.sqlite_path(db.url)
    if path is None:
        return
    lanes.submit(lanes.cpu, backups.remove_stale_parts, owner=window,  # what a killed backup left behind
                 on_error=lambda exc: log.warning("stale backup parts not removed: %s", exc))
    if path.stat().st_size <= limit:
        _backup_if_due(window, db, lanes)
    else:
        lanes.submit(lanes.cpu, quick_check, path, owner=window,
                     on_done=lambda problem: _checked(window, db, lanes, path, problem),
                     on_error=lambda exc: log.error("quick_check failed: %s", exc))
    timer = QTimer(window)
    timer.setInterval(BACKUP_POLL_MS)
    timer.timeout.connect(lambda: _backup_if_due(window, db, lanes))
    timer.start()


def _checked(window: QWidget, db: Database, lanes: Lanes, path: Path, problem: str | None) -> None:
    if problem is None:
        log.info("quick_check ok: %s", path)
        _backup_if_due(window, db, lanes)
        return
    log.error("database damaged: %s: %s", path, problem)
    title = QCoreApplication.translate("startup", "Songnuan")
    answer = QMessageBox.warning(window, title, QCoreApplication.translate(
        "startup", "The database file is damaged:\n{0}\n\nRestore it from a backup now? "
        "The program closes the database, lets you choose a backup and starts again; "
        "the damaged file is kept aside.").format(problem),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    if answer == QMessageBox.StandardButton.Yes:
        window.setProperty(RESTORE_REQUESTED, problem)
        window.close()


def _backup_if_due(owner: QObject, db: Database, lanes: Lanes) -> None:
    if not backups.auto_backup_due(db):
        return
    lanes.submit(lanes.db, backups.backup_now, db, owner=owner,
                 on_done=lambda info: log.info("automatic backup done: %s (ok %s)", info.path, info.ok),
                 on_error=lambda exc: log.error("automatic backup failed: %s", exc))
