"""What a person can read in a widget tree, and which of it is English (issue 13, item 7).

Walked without a screenshot: texts, window titles, tooltips, placeholder texts, combo items, list and
tree items, table headers and file-dialog filters of every widget under a top-level one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QDialogButtonBox, QFileDialog, QGroupBox, QHeaderView,
    QLabel, QLineEdit, QListView, QMenu, QPlainTextEdit, QTabWidget, QTextEdit, QWidget, QWizard, QWizardPage,
)

# Words allowed in a Chinese screen: product names, units, formats, codes.
ALLOWED = {
    "pdf", "excel", "xlsx", "xls", "csv", "zip", "jpg", "jpeg", "png", "usb", "id", "jz", "songnuan",
    "sqlite", "wal", "ok", "ca", "kb", "mb", "gb", "tb", "qt", "aes", "gcm", "sha", "a", "b", "c", "d",
    "x", "m", "am", "pm", "tif", "tiff", "bmp", "bak", "snb", "snp", "snd", "db", "txt", "ui", "rsa",
    "ed", "ppm", "gif", "webp", "heic", "ini", "log", "json", "html", "mm", "cm", "dpi", "snpkg", "sndec",
    "ctrl", "shift", "alt", "esc", "del", "tab", "enter", "zs",  # keys; pinyin initials as the search hint shows
    "wps", "et", "ods",  # WPS Office and its .et sheets, OpenDocument sheets: registers come in these formats
}
_TOKEN = re.compile(r"[A-Za-z0-9_]+")


def english_words(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """English words in `text` that are not product names, units or formats, nor in `allowed` (data such
    as login names); mnemonics (&N) ignored, and tokens with digits in them (codes: SWN01, 7B41)."""
    cleaned = re.sub(r"&(?=\w)", "", text)
    cleaned = re.sub(r"\*\.[A-Za-z0-9]+", "", cleaned)  # file patterns such as *.pdf
    cleaned = re.sub(r"[A-Za-z]:[\\/]\S*|/\S+", "", cleaned)  # paths
    cleaned = re.sub(r"\{\d+\}|%\d|%[sdn]", "", cleaned)
    cleaned = re.sub(r"\b[0-9A-F]{4}(?:-[0-9A-F]{4}){3,}\b", "", cleaned)  # key fingerprints
    return [w for w in _TOKEN.findall(cleaned)
            if len(w) > 1 and w.isascii() and w.isalpha() and w.lower() not in ALLOWED and w not in allowed]


def texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read under `root` (hidden children included:
    they show when a state changes)."""
    for widget in [root, *root.findChildren(QWidget)]:
        yield from _own_texts(widget)


def _own_texts(w: QWidget) -> Iterator[tuple[str, str]]:
    name = f"{type(w).__name__}#{w.objectName()}"
    if w.isWindow():
        yield name + ".windowTitle", w.windowTitle()
    yield name + ".toolTip", w.toolTip()
    yield name + ".whatsThis", w.whatsThis()
    if isinstance(w, QAbstractButton):
        yield name + ".text", w.text()
    if isinstance(w, QLabel):
        yield name + ".text", re.sub(r"<[^>]+>|&\w+;", " ", w.text())
    if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
        yield name + ".placeholder", w.placeholderText()
    if isinstance(w, QGroupBox):
        yield name + ".title", w.title()
    if isinstance(w, QComboBox):
        for i in range(w.count()):
            yield f"{name}.item[{i}]", w.itemText(i)
    if isinstance(w, QTabWidget):
        for i in range(w.count()):
            yield f"{name}.tab[{i}]", w.tabText(i)
            yield f"{name}.tabToolTip[{i}]", w.tabToolTip(i)
    if isinstance(w, QMenu):
        for action in w.actions():
            yield f"{name}.action", action.text()
    if isinstance(w, QWizardPage):
        yield name + ".title", w.title()
        yield name + ".subTitle", w.subTitle()
    if isinstance(w, QWizard):
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                      QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
            yield f"{name}.button", w.buttonText(which)
    if isinstance(w, QDialogButtonBox):
        for button in w.buttons():
            yield f"{name}.button", button.text()
    if isinstance(w, QFileDialog):
        for pattern in w.nameFilters():
            yield f"{name}.filter", pattern
    if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
        # A file dialog's lists show the disk's own names: only their headers are ours to translate.
        in_file_dialog = isinstance(w.window(), QFileDialog)
        columns = 1 if isinstance(w, QListView) else w.model().columnCount()  # a list model hides columnCount
        yield from _model_texts(name, w.model(), columns, 0 if in_file_dialog else 50)


def _model_texts(name: str, model: QAbstractItemModel, columns: int, rows: int) -> Iterator[tuple[str, str]]:
    for section in range(columns):
        yield f"{name}.header[{section}]", str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        tip = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        yield f"{name}.headerTip[{section}]", str(tip or "")
    for row in range(min(model.rowCount(), rows)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield f"{name}.cell[{row},{column}]", value


def english(root: QWidget, allowed: frozenset[str] = frozenset()) -> list[str]:
    """'where: text' for every visible text under `root` that holds English (`allowed`: data words)."""
    return [f"{where}: {text!r}" for where, text in texts(root) if text and english_words(text, allowed)]
