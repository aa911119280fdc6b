"""A combo box of records the clerk can type into: matches anywhere in the name or its pinyin initials.

The items keep their ids as strings (combo_ids); each item also carries its search key (name, full
pinyin and initials) under SEARCH_ROLE, and the completer matches the typed text inside that key, so
"建材" and "jc" both offer 兴旺建材厂. The completer works on the combo's own model: choosing an
entry selects that very item (and its id), never a look-alike by text. Text that names no item is put
back to the chosen item when the field is left, so a half-typed name never saves.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from songnuan_desktop.domain.names import pinyin_keys
from songnuan_desktop.ui.widgets.combo_ids import add_id

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class _NameCompleter(QCompleter):
    """Matches the search key, writes the shown name into the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


def search_key(name: str) -> str:
    pinyin, initials = pinyin_keys(name)
    return f"{name}|{pinyin}|{initials}".lower()


def make_searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = _NameCompleter(combo.model(), combo)
    completer.setCompletionRole(SEARCH_ROLE)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    if line is not None:
        line.editingFinished.connect(lambda: _settle(combo))


def add_searchable(combo: QComboBox, text: str, record_id: uuid.UUID | None, key: str | None = None) -> None:
    """Append an entry carrying `record_id`, found by `key` (default: the text's own search key)."""
    add_id(combo, text, record_id)
    combo.setItemData(combo.count() - 1, search_key(text) if key is None else key, SEARCH_ROLE)


def _settle(combo: QComboBox) -> None:
    """The field shows an item's name: the one typed exactly, else the one chosen before."""
    line = combo.lineEdit()
    if line is None:
        return
    text = line.text().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchExactly) if text else -1
    if index >= 0 and index != combo.currentIndex():
        combo.setCurrentIndex(index)
    elif line.text() != combo.itemText(combo.currentIndex()):
        line.setText(combo.itemText(combo.currentIndex()))
