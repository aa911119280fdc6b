"""GUI bootstrap: Chinese locale and translations, database (backed up and upgraded), setup, sign-in."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from songnuan_desktop import config

log = logging.getLogger("songnuan")
FREEZE_AFTER_MS = 1500


def make_application() -> QApplication:
    from songnuan_desktop.ui import assets, collector, i18n  # first: importing ui protects None (none_guard)

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    collector.install(app)  # reference cycles freed on the UI thread only, never on a lane's (ui.collector)
    app.setApplicationName("Songnuan")
    app.setApplicationDisplayName("送暖")
    assets.ensure_built()
    app.setProperty("songnuan_translators", i18n.install(app))
    return app


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from songnuan_desktop.services import failures
    from songnuan_desktop.ui.messages import describe

    failures.log_failure(exc, "window (unhandled)")  # as the job relay logs: long digit runs masked

    QMessageBox.critical(None, QCoreApplication.translate("app", "Songnuan"), describe(exc))


def run(url: str, username: str = "") -> int:
    """The program as a clerk starts it; after a restore from a backup it starts again."""
    config.setup_logging()
    app = make_application()
    sys.excepthook = _excepthook
    while True:
        code = _session(app, url, username)
        if code is not None:
            return code


def _session(app: QApplication, url: str, username: str) -> int | None:
    """Sign-in to closing the window; None when the clerk asked to restore a damaged file (then restored)."""
    from songnuan_desktop.ui import collector, startup_checks

    db = startup_checks.open_checked(url, create=may_create(url))
    if db is None:
        return 2
    from songnuan_desktop.services.office import office
    from songnuan_desktop.ui import ops
    from songnuan_desktop.ui.dialogs.login import sign_in
    from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard
    from songnuan_desktop.ui.main_window import MainWindow, WindowStart, read_start
    from songnuan_desktop.workers.lanes import Lanes

    def start() -> WindowStart | None:  # on the database lane: None while the office is not set up
        return None if office.needs_setup(db) else read_start(db)

    lanes = Lanes()  # the window's lanes from the first sign-in on (its password is stored on the db lane)
    # The office and its idle minutes, read once on the database lane (issue 17 item 4), for the sign-in
    # and the window.
    found = ops.result(lanes, start)
    if found is None:
        wizard = SetupWizard(db, lanes=lanes)
        if not wizard.exec():
            return 0
        username = wizard.admin_username
        found = ops.result(lanes, lambda: read_start(db))
    # a one-time password: their own first
    user = sign_in(db, lanes, found.office.name, username=username)
    if user is None:
        return 0
    window = MainWindow(db, user, lanes, found)
    window.show_as_last_time()
    # Start-up's objects out of later collections (ui.collector), once the window has painted and its first
    # screen is built: the one full collection it takes (~0.1 s) is not in the way of the first paint.
    QTimer.singleShot(FREEZE_AFTER_MS, app, lambda: collector.freeze(app))
    # Never before the window: a check of a big file and the daily backup run in the background.
    startup_checks.start_background_work(window, db, window.lanes)
    if db.upgrade_result is not None and db.upgrade_result.backup is not None:
        title = QCoreApplication.translate("app", "Songnuan")
        QMessageBox.information(window, title, QCoreApplication.translate(
            "app", "The database was made by an older version and has been upgraded. "
            "The copy from before the upgrade is kept at:\n{0}").format(db.upgrade_result.backup))
    code = app.exec()
    window.lanes.wait()
    db.close()
    problem = window.property(startup_checks.RESTORE_REQUESTED)
    path = config.sqlite_path(url)
    if problem and path is not None:
        from songnuan_desktop.ui.dialogs.restore_dialog import ASKED

        # Restored: sign in again on the restored file. Asked in 设置 and then cancelled: the file is as it
        # was, so the clerk comes back to the sign-in, not to a closed program.
        if startup_checks.offer_restore(path, str(problem)) or problem == ASKED:
            return None
    return code


def may_create(url: str) -> bool:
    """Only the data folder's own database is made when missing (a fresh install's first run, which then
    shows the setup wizard); a path given with --db or SONGNUAN_DATABASE_URL must exist."""
    path = config.sqlite_path(url)
    return path is not None and path.resolve() == Path(config.default_database()).resolve()


def self_test(url: str, screenshots: Path | None = None) -> int:
    """Open the real main window and every screen once; print what happened; 0 when all went well."""
    started = time.perf_counter()
    app = make_application()
    from songnuan_desktop.ui import selftest

    return selftest.run(app, url, started, screenshots, create=may_create(url))
