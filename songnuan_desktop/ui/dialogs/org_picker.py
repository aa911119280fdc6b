"""The file form's 基层工会 and 工作单位: searchable lists (name or pinyin initials) with 新增… beside each.

Only active ones are offered; the one an old file names stays shown (marked 已停用) and is kept on save,
even when it is retired or unknown here — a form never erases what the clerk did not touch. Choosing a
work unit while the union is empty fills in the unit's own union (what the roster would use anyway).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.org_dialog import OrgDialog
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id
from songnuan_desktop.ui.widgets.search_combo import add_searchable, make_searchable
from songnuan_desktop.workers.lanes import Lanes


Lists = dict[str, list[organisation.OrgRow]]  # "union" and "unit": the rows offered


def offered(db: Database, office_id: uuid.UUID, union_id: uuid.UUID | None, unit_id: uuid.UUID | None) -> Lists:
    """The unions and units offered today, plus the ones a file names (run with the file's read)."""
    return {kind: organisation.list_units(db, office_id, kind, active_only=True, keep=[chosen], counts=False)
            for kind, chosen in (("union", union_id), ("unit", unit_id))}


class OrgPickers(QObject):
    changed = Signal()

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, form: QFormLayout, unit: QComboBox,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.owner = db, user, lanes, parent
        self.unit = unit
        self.union = QComboBox(parent)
        self.union.setObjectName("union")
        self.parents: dict[str, uuid.UUID | None] = {}  # a unit's id → its union
        found: Any = form.getWidgetPosition(unit)  # (row, role)
        position = int(found[0])
        self.new_unit = self._with_button(form, position, unit)
        self.union_label = QLabel(self.tr("Grassroots union"), parent)
        self.union_label.setBuddy(self.union)
        holder = QWidget(parent)
        self.new_union = self._button_row(holder, self.union)
        form.insertRow(position, self.union_label, holder)
        for combo in (self.union, self.unit):
            make_searchable(combo)
            combo.setMinimumContentsLength(24)
            line = combo.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr("type part of the name or its pinyin initials"))
        self.new_union.clicked.connect(lambda: self.add_new("union"))
        self.new_unit.clicked.connect(lambda: self.add_new("unit"))
        self.unit.activated.connect(self._unit_chosen)

    def _with_button(self, form: QFormLayout, row: int, combo: QComboBox) -> QPushButton:
        form.removeWidget(combo)
        holder = QWidget(self.owner)
        button = self._button_row(holder, combo)
        form.setWidget(row, QFormLayout.ItemRole.FieldRole, holder)
        return button

    def _button_row(self, holder: QWidget, combo: QComboBox) -> QPushButton:
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        combo.setParent(holder)
        line.addWidget(combo, 1)
        button = QPushButton(self.tr("New…"), holder)
        button.setAutoDefault(False)
        line.addWidget(button)
        return button

    def widgets(self) -> tuple[QWidget, ...]:
        return self.union, self.unit, self.new_union, self.new_unit

    # filling ------------------------------------------------------------------------------------------
    def fill(self, union_id: uuid.UUID | None, unit_id: uuid.UUID | None, lists: Lists) -> None:
        """The lists as offered today, plus what this file names; the file's choices selected. `lists` as read
        on the database lane (`offered`: with the file, or after 新增…)."""
        for combo, kind, chosen in ((self.union, "union", union_id), (self.unit, "unit", unit_id)):
            combo.blockSignals(True)
            combo.clear()
            add_id(combo, self.tr("(none)"), None)
            for row in lists[kind]:
                text = row.name if row.active else self.tr("{0} (retired)").format(row.name)
                add_searchable(combo, text, row.id)
                if kind == "unit":
                    self.parents[str(row.id)] = row.parent_id
            if not select_id(combo, chosen) and chosen is not None:
                add_id(combo, self.tr("(a unit no longer listed)"), chosen)  # kept, never erased
                select_id(combo, chosen)
            combo.blockSignals(False)

    def values(self) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        return current_id(self.union), current_id(self.unit)

    # choosing -----------------------------------------------------------------------------------------
    def _unit_chosen(self) -> None:
        unit = current_id(self.unit)
        union = self.parents.get(str(unit)) if unit else None
        if union is not None and current_id(self.union) is None:
            select_id(self.union, union)
        self.changed.emit()

    def add_new(self, kind: str) -> bool:
        """新增…: a small dialog (the typed text as the name); the new one is then chosen once the lists are
        read again on the database lane (the 新增… buttons held meanwhile). The op belongs to the union list, not
        to the form, so the form's save (one at a time) is not refused while it runs."""
        combo = self.union if kind == "union" else self.unit
        text = combo.currentText().strip()
        typed = text if combo.findText(text) < 0 else ""  # a name typed that is not in the list yet
        dialog = OrgDialog(self.db, self.user, self.lanes, kind, None, self.owner, name=typed,
                           union_id=current_id(self.union) if kind == "unit" else None)
        if not dialog.exec() or dialog.saved is None:
            return False
        union, unit = self.values()
        if kind == "union":
            union = dialog.saved.id
        else:
            unit = dialog.saved.id
            union = union or dialog.saved.parent_id
        db, office_id = self.db, self.user.office_id
        Op(self.union, self.lanes, lambda: offered(db, office_id, union, unit)) \
            .holding(self.new_union, self.new_unit).success(lambda lists: self._refilled(union, unit, lists)).run()
        return True

    def _refilled(self, union: uuid.UUID | None, unit: uuid.UUID | None, lists: Lists) -> None:
        self.fill(union, unit, lists)
        self.changed.emit()
