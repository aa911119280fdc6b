"""At start: the SQLite file is checked, then checked whole in the background and backed up once a day,
never delaying the window.

Before opening: a missing file is refused (only the data folder's own database is made on the first run),
a read-only one is said to be read-only, and a 0-byte, non-SQLite or cut-short file is damaged — never
migrated into an empty office nor offered the setup wizard, but offered the restore. quick_check reads the
whole file (0.45 s on the 100,000-file demo, 321 MB), so only a small file is quick_checked before the
window opens. After the window is shown, PRAGMA integrity_check runs on the cpu lane (it also finds an
index that disagrees with its table, which quick_check does not); a damaged result offers the restore.
The daily automatic backup runs on the db lane after a sound check; the `.part` files a killed backup left
in the backups folder (older than an hour) are removed first.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop import config
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.sqlite_files import (DatabaseDamaged, check_file, describe_problems,
                                                       integrity_problems, quick_check)
from songnuan_desktop.services.backups import backups
from songnuan_desktop.services.publishing import publications
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes

log = logging.getLogger("songnuan")

# Checked before the window when smaller than this (~45 ms at the 0.7 GB/s measured on a warm cache).
INLINE_CHECK_BYTES = 32 * 2**20
RESTORE_REQUESTED = "songnuan_restore_problem"
DAMAGE_FOUND = "songnuan_damage_found"  # set on the window: no automatic backup of a damaged file
# Every day of use: a program left open over midnight takes the next day's backup within the hour.
BACKUP_POLL_MS = 60 * 60 * 1000

Offer = Callable[[Path, str], bool]


def check_before_open(path: Path | None, limit: int = INLINE_CHECK_BYTES, create: bool = False) -> str | None:
    """The damage found in a SQLite file before it is opened; None when sound (or big: checked later).

    A 0-byte or non-SQLite file, or one cut short, is damaged whatever its size; a small file is also
    quick_checked. A missing file (unless `create`) or a read-only one raises DatabaseMissing or
    DatabaseReadOnly: they are not damaged and a restore would not help."""
    if path is None:
        return None
    try:
        check_file(path, create)
    except DatabaseDamaged as exc:
        return str(exc.fields["problem"])
    if not path.exists() or path.stat().st_size > limit:
        return None
    return quick_check(path)


def offer_restore(path: Path, problem: str, parent: QWidget | None = None) -> bool:
    """The restore dialog; True when a backup was put in place."""
    # Imported for a damaged file only: the dialog brings cryptography (the .snbak backups), which a sound start
    # never needs (~0.1 s CPU measured; this module is on every start's path).
    from songnuan_desktop.ui.dialogs.restore_dialog import RestoreDialog

    log.error("database damaged: %s: %s", path, problem)
    dialog = RestoreDialog(path, problem, parent=parent)
    return bool(dialog.exec())


def open_checked(url: str, offer: Offer = offer_restore, limit: int = INLINE_CHECK_BYTES,
                 create: bool = False) -> Database | None:
    """Open the database; a damaged SQLite file leads to `offer` (the restore), never to the setup wizard nor
    a crash. `create`: a missing file may be made (the first run on the data folder's database only).

    None when the clerk declined or the file cannot be opened (said in a message)."""
    path = config.sqlite_path(url)
    try:
        problem = check_before_open(path, limit, create)
        if path is not None and problem is not None:
            if not offer(path, problem):
                return None
            create = False  # a backup is in place now
        return open_database(url, create=create)
    except DatabaseDamaged as exc:  # found by SQLite while opening or upgrading
        if path is not None and offer(path, str(exc.fields["problem"])):
            return open_checked(url, offer, limit)
        return None
    except DomainError as exc:  # missing or read-only: a restore would not help
        log.error("cannot open database %s: %s", url, exc.code)
        _cannot_open(exc.message)
        return None
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged in full
        log.error("cannot open database %s\n%s", url, traceback.format_exc())
        problem = quick_check(path) if path is not None and path.exists() else None
        if path is not None and problem is not None:
            return open_checked(url, offer, limit) if offer(path, problem) else None
        _cannot_open(QCoreApplication.translate(
            "startup", "The database cannot be opened: {0}\n\n{1}\n\n"
            "The database file was not changed.").format(url, describe(exc)))
        return None


def _cannot_open(text: str) -> None:
    QMessageBox.critical(None, QCoreApplication.translate("startup", "Songnuan"), text)


def start_background_work(window: QWidget, db: Database, lanes: Lanes, limit: int = INLINE_CHECK_BYTES) -> None:
    """After the window is shown: PRAGMA integrity_check on the cpu lane, then the daily backup (db lane).

    A small file was quick_checked before it was opened (open_checked); integrity_check also compares
    every index with its table, which quick_check does not (a flipped byte in an index page passes it).
    A damaged file is never backed up: its copy would push good automatic backups out. `limit` no longer
    matters here (every file is checked whole in the background); callers still pass it."""
    path = config.sqlite_path(db.url)
    if path is None:
        _recover(window, db, lanes)
        return
    # what a killed backup left behind
    Op(window, lanes, lambda: backups.remove_stale_parts()).on_cpu().in_background() \
        .failure(lambda exc: log.warning("stale backup parts not removed: %s", exc)).run()

    def checked(problem: str | None) -> None:
        if not check.is_cancelled():  # a cancelled check found nothing: not "sound", so no backup either
            _checked(window, db, lanes, path, problem)

    check = Op.with_job(window, lanes, lambda job: background_problem(path, job.is_cancelled)).on_cpu() \
        .in_background().success(checked).failure(lambda exc: log.error("integrity_check failed: %s", exc)).run()
    assert check is not None  # not one_at_a_time: always started
    # Closing the program within the check's seconds (a big county file) does not wait for its end.
    if (app := QCoreApplication.instance()) is not None:
        app.aboutToQuit.connect(check.cancel)
    timer = QTimer(window)
    timer.setInterval(BACKUP_POLL_MS)
    timer.timeout.connect(lambda: _backup_if_due(window, db, lanes))
    timer.start()


def _recover(window: QWidget, db: Database, lanes: Lanes) -> None:
    """What a killed print or export left pending is settled (services.publishing.publications), and what a
    killed backup left removed (backups.remove_leftovers), on the database lane."""
    Op(window, lanes, lambda: _settle(db)).in_background().success(lambda lines: _recovered(window, lines)) \
        .failure(lambda exc: log.error("publications not recovered: %s", exc)).run()


def _settle(db: Database) -> list[str]:
    lines = publications.recover(db)
    backups.remove_leftovers(db)
    return lines


def _recovered(window: QWidget, lines: list[str]) -> None:
    """Which vouchers or packages a killed print or export numbered without its paper
    (services.publishing.publications)."""
    if lines:
        QMessageBox.information(window, QCoreApplication.translate("startup", "Songnuan"), "\n\n".join(lines))


def background_problem(path: Path, is_cancelled: Callable[[], bool] | None = None) -> str | None:
    """What PRAGMA integrity_check finds in the file, in a line for the message; None when sound (or cancelled)."""
    began = time.perf_counter()
    problems = integrity_problems(path, is_cancelled=is_cancelled)
    log.info("integrity_check of %s: %d problems, %.2f s", path, len(problems), time.perf_counter() - began)
    return describe_problems(problems) if problems else None


def _checked(window: QWidget, db: Database, lanes: Lanes, path: Path, problem: str | None) -> None:
    if problem is None:
        log.info("integrity_check ok: %s", path)
        # Only on a sound file, and not while integrity_check reads it: SQLite aborted the process once when
        # the two read a damaged file at the same time (a CI run of the flipped-index fault test).
        _recover(window, db, lanes)
        _backup_if_due(window, db, lanes)
        return
    log.error("database damaged: %s: %s", path, problem)
    window.setProperty(DAMAGE_FOUND, problem)
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
    """Whether one is due is asked on the database lane too (it lists the backups folder), not here."""
    if owner.property(DAMAGE_FOUND):
        return
    Op(owner, lanes, lambda: _backup_when_due(db)).in_background().success(_backed_up) \
        .failure(lambda exc: log.error("automatic backup failed: %s", exc)).run()


def _backup_when_due(db: Database) -> backups.BackupInfo | None:
    return backups.backup_now(db) if backups.auto_backup_due(db) else None


def _backed_up(info: backups.BackupInfo | None) -> None:
    if info is not None:
        log.info("automatic backup done: %s (ok %s)", info.path, info.ok)
