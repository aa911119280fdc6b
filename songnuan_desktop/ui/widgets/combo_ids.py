"""Record ids in combo boxes as plain strings (STYLE rule 15).

Qt stores a Python object given as item data as a PyObject wrapper and `findData` compares wrappers by
identity: a `uuid.UUID` read in another database session is equal but not the same object, so
`findData` misses it and the combo falls back to its first entry. That is how saving an unchanged file
erased its 工作单位 (issue 13). Every combo that carries record ids goes through these three functions.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox


def add_id(combo: QComboBox, text: str, record_id: uuid.UUID | None) -> None:
    """Append an entry carrying `record_id` (None: the "none"/"all" entry)."""
    combo.addItem(text, "" if record_id is None else str(record_id))


def find_id(combo: QComboBox, record_id: uuid.UUID | str | None) -> int:
    """The index of the entry carrying `record_id`, -1 when there is none."""
    return combo.findData("" if record_id is None else str(record_id))


def select_id(combo: QComboBox, record_id: uuid.UUID | str | None, fallback: int = 0) -> bool:
    """Show the entry carrying `record_id`; when there is none, show `fallback` and say False."""
    index = find_id(combo, record_id)
    combo.setCurrentIndex(index if index >= 0 else min(fallback, combo.count() - 1))
    return index >= 0


def current_id(combo: QComboBox) -> uuid.UUID | None:
    data = combo.currentData()
    return uuid.UUID(data) if isinstance(data, str) and data else None
