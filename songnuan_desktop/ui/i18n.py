"""Chinese by default: Qt's own qtbase translations, ours, and QLocale zh_CN for dates and calendars."""

from __future__ import annotations

import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from songnuan_desktop.ui import assets

DEFAULT_LANGUAGE = "zh_CN"

# Qt's own words that qtbase_zh_CN.qm does not translate: Qt 6 added a mnemonic ("&Look in:") or moved
# the word to another context after the translation was made, so every Qt file dialog read "Look in:"
# and "Files of type:" (issue 13). Our .ts carries them under Qt's context; our translator is installed
# after qtbase and so is asked first. tests/ui/test_no_english.py walks Qt's dialogs for more.
QT_GAPS = (
    ("QFileDialog", QT_TRANSLATE_NOOP("QFileDialog", "&Look in:")),
    ("QFileDialog", QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:")),
    ("QAbstractFileIconProvider", QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive")),
    ("QPrintSettingsOutput", QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Page &Set:")),
    ("QPageSetupWidget", QT_TRANSLATE_NOOP("QPageSetupWidget", "Page &order:")),
    ("QPageSetupWidget", QT_TRANSLATE_NOOP("QPageSetupWidget", "Pages &per sheet:")),
)


def install(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Load and install the translators; returns them (they must outlive the application)."""
    language = language or os.environ.get("SONGNUAN_LANGUAGE", DEFAULT_LANGUAGE)
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    if language.startswith("en"):
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # ours last: Qt asks the last installed first, so our words for Qt's gaps win
    for name, folder in ((f"qtbase_{language}", qt_dir), (f"songnuan_{language}", str(assets.QM_DIR))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
