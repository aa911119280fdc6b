"""GUI bootstrap: Chinese locale and translations, database (backed up and upgraded), setup, sign-in."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from songnuan_desktop import config
from songnuan_desktop.persistence.database import Database, open_database

log = logging.getLogger("songnuan")


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Songnuan")
    app.setApplicationDisplayName("送暖")
    from songnuan_desktop.ui import assets, i18n

    assets.ensure_built()
    app.setProperty("songnuan_translators", i18n.install(app))
    return app


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unhandled error", exc_info=(kind, exc, tb))
    from songnuan_desktop.ui.messages import describe

    QMessageBox.critical(None, QCoreApplication.translate("app", "Songnuan"), describe(exc))


def setup_logging() -> Path:
    path = config.data_dir() / "songnuan.log"
    logging.basicConfig(filename=path, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        encoding="utf-8")
    return path


def open_or_explain(url: str) -> Database | None:
    try:
        return open_database(url)
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged in full
        log.error("cannot open database %s\n%s", url, traceback.format_exc())
        title = QCoreApplication.translate("app", "Songnuan")
        QMessageBox.critical(None, title, QCoreApplication.translate(
            "app", "The database cannot be opened: {0}\n\n{1}\n\nThe database file was not changed.").format(url, exc))
        return None


def run(url: str, username: str = "") -> int:
    """The program as a clerk starts it."""
    setup_logging()
    app = make_application()
    sys.excepthook = _excepthook
    db = open_or_explain(url)
    if db is None:
        return 2
    from songnuan_desktop.services import office
    from songnuan_desktop.ui.dialogs.login import LoginDialog
    from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard
    from songnuan_desktop.ui.main_window import MainWindow

    if office.needs_setup(db):
        wizard = SetupWizard(db)
        if not wizard.exec():
            return 0
        username = wizard.admin_username
    login = LoginDialog(db, office.local_office(db).name, username=username)
    if not login.exec() or login.user is None:
        return 0
    window = MainWindow(db, login.user)
    window.show()
    if db.upgrade_result is not None and db.upgrade_result.backup is not None:
        title = QCoreApplication.translate("app", "Songnuan")
        QMessageBox.information(window, title, QCoreApplication.translate(
            "app", "The database was made by an older version and has been upgraded. "
            "The copy from before the upgrade is kept at:\n{0}").format(db.upgrade_result.backup))
    code = app.exec()
    db.close()
    return code


def self_test(url: str, screenshots: Path | None = None) -> int:
    """Open the real main window and every screen once; print what happened; 0 when all went well."""
    started = time.perf_counter()
    app = make_application()
    from songnuan_desktop.ui import selftest

    return selftest.run(app, url, started, screenshots)
