"""The one way to ask for a file or a folder (STYLE rule 17): each dialog starts in the folder last used
for the same purpose, remembered in folders.ini in the data folder beside window.ini (issue 13: every
dialog started in the home folder, so a clerk clicked down to the USB stick again for every package).

Callers give a `purpose` (a short fixed key such as "register", "package", "backup"), a translated
caption and translated filters, e.g. ``self.tr("Excel workbooks (*.xlsx)")``. The static QFileDialog
functions stay underneath, called with positional arguments only, so a test may replace them.

Native dialogs speak the language of the system; where that is not Chinese while the program is, Qt's
own dialog is used instead, which reads Chinese through the qtbase translation (ui/i18n.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from songnuan_desktop import config

FILE_NAME = "folders.ini"


def open_file(parent: QWidget | None, purpose: str, caption: str, filters: str,
              fallback: Path | None = None) -> Path | None:
    """One existing file chosen by the user, or None when they cancelled. `fallback`: where to start while
    this purpose has no folder remembered (e.g. the USB stick found)."""
    start = str(start_folder(purpose, fallback))
    name, _ = QFileDialog.getOpenFileName(parent, caption, start, filters, "", _options())
    return _remember_file(purpose, name)


def open_files(parent: QWidget | None, purpose: str, caption: str, filters: str,
               fallback: Path | None = None) -> list[Path]:
    """Existing files chosen by the user (empty when they cancelled)."""
    start = str(start_folder(purpose, fallback))
    names, _ = QFileDialog.getOpenFileNames(parent, caption, start, filters, "", _options())
    paths = [Path(name) for name in names if name]
    if paths:
        remember(purpose, paths[0].parent)
    return paths


def save_file(parent: QWidget | None, purpose: str, caption: str, filters: str,
              suggested: str | Path) -> Path | None:
    """Where to write a new file: `suggested` is a file name (or a path whose folder is used when this
    purpose has no remembered folder yet). None when the user cancelled."""
    suggested = Path(suggested)
    fallback = suggested.parent if suggested.is_absolute() else None
    start = start_folder(purpose, fallback) / suggested.name
    name, _ = QFileDialog.getSaveFileName(parent, caption, str(start), filters, "", _options())
    return _remember_file(purpose, name)


def choose_folder(parent: QWidget | None, purpose: str, caption: str,
                  fallback: str | Path | None = None) -> Path | None:
    """A folder chosen by the user (a USB stick, a backup folder), or None when they cancelled."""
    start = start_folder(purpose, Path(fallback) if fallback else None)
    options = _options() | QFileDialog.Option.ShowDirsOnly
    name = QFileDialog.getExistingDirectory(parent, caption, str(start), options)
    if not name:
        return None
    remember(purpose, Path(name))
    return Path(name)


def start_folder(purpose: str, fallback: Path | None = None) -> Path:
    """The folder last used for `purpose` while it still exists; else `fallback`, else the home folder."""
    value = _settings().value(_key(purpose), "")
    for candidate in (Path(str(value)) if value else None, fallback):
        if candidate is not None and candidate.is_dir():
            return candidate
    return Path.home()


def remember(purpose: str, folder: Path) -> None:
    try:
        settings = _settings()
        settings.setValue(_key(purpose), str(folder))
        settings.sync()
    except OSError:
        pass  # a read-only data folder: the next dialog starts in the home folder, nothing else is lost


def _remember_file(purpose: str, name: str) -> Path | None:
    if not name:
        return None
    path = Path(name)
    remember(purpose, path.parent)
    return path


def _options() -> QFileDialog.Option:
    """Qt's own dialog only where the system's would speak another language than the program."""
    system = QLocale.system().language()
    if system != QLocale().language():
        return QFileDialog.Option.DontUseNativeDialog
    return QFileDialog.Option(0)


def _key(purpose: str) -> str:
    return "folders/" + purpose


def _settings() -> QSettings:
    return QSettings(str(config.data_dir() / FILE_NAME), QSettings.Format.IniFormat)
