"""Chinese by default: Qt's own qtbase translations, ours, and QLocale zh_CN for dates and calendars."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from songnuan_desktop.ui import assets

DEFAULT_LANGUAGE = "zh_CN"


def install(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Load and install the translators; returns them (they must outlive the application)."""
    language = language or os.environ.get("SONGNUAN_LANGUAGE", DEFAULT_LANGUAGE)
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    if language.startswith("en"):
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_dir), (f"songnuan_{language}", str(assets.QM_DIR))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
