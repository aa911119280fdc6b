"""设置 › 组织机构: the office's 基层工会, 工作单位 and 村/社区 — new, renamed, merged, retired or brought back.

A clerk or an administrator edits (services.office.organisation); every other role reads. The list filters as
the clerk types (part of the name or its pinyin initials), by kind, and shows retired ones on request.
Read and written on the database lane (ui.ops); the table is filled when the rows come back.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.organisation import OrgRow
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.dialogs.org_dialog import OrgDialog, OrgMergeDialog
from songnuan_desktop.ui.generated.ui_settings_screen import Ui_SettingsScreen
from songnuan_desktop.ui.messages import show_info
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import tables
from songnuan_desktop.ui.widgets.refusals import enable, role_reason
from songnuan_desktop.ui.widgets.search_combo import search_key
from songnuan_desktop.workers.lanes import Lanes

KINDS = ("union", "unit", "village")


class OrgTab(QObject):
    def __init__(self, ui: Ui_SettingsScreen, db: Database, user: SessionUser, lanes: Lanes,
                 owner: QWidget) -> None:
        super().__init__(owner)
        self.ui, self.db, self.user, self.lanes, self.owner = ui, db, user, lanes, owner
        self.rows: dict[str, OrgRow] = {}
        self.labels = {"union": self.tr("Grassroots union"), "unit": self.tr("Work unit"),
                       "village": self.tr("Village or community")}
        for kind in KINDS:
            ui.orgKind.addItem(self.labels[kind], kind)
        self.refused = role_reason(user, Action.EDIT_ORGANISATION)  # "" when allowed; else the buttons' tooltip
        editable = not self.refused
        for button in (ui.addOrg, ui.editOrg, ui.mergeOrg, ui.retireOrg):
            enable(button, self.refused)
        ui.orgKind.currentIndexChanged.connect(lambda _i: self.load())
        ui.orgShowRetired.toggled.connect(lambda _on: self.load())
        ui.orgSearch.textChanged.connect(lambda _t: self.load())
        ui.addOrg.clicked.connect(self.add)
        ui.editOrg.clicked.connect(self.edit)
        ui.mergeOrg.clicked.connect(self.merge)
        ui.retireOrg.clicked.connect(self.retire)
        ui.orgTable.itemSelectionChanged.connect(self._selection_changed)
        if editable:
            ui.orgTable.cellDoubleClicked.connect(lambda *_: self.edit())

    def kind(self) -> str:
        return str(self.ui.orgKind.currentData())

    def load(self, select: uuid.UUID | None = None) -> None:
        db, office_id, kind = self.db, self.user.office_id, self.kind()
        typed = self.ui.orgSearch.text().strip().lower()
        active_only = not self.ui.orgShowRetired.isChecked()
        Op(self.ui.tabs, self.lanes, lambda: _listed(db, office_id, kind, active_only, typed)) \
            .success(lambda listed: self._show(kind, *listed, select)).run()

    def _show(self, kind: str, rows: list[OrgRow], units: dict[str, int], select: uuid.UUID | None) -> None:
        if kind != self.kind():
            return  # another kind was chosen meanwhile: its own rows follow
        self.rows = {str(r.id): r for r in rows}
        state = {True: self.tr("in use"), False: self.tr("retired")}
        cells: list[tuple[object, ...]]
        if kind == "unit":
            headers = [self.tr("Name"), self.tr("Grassroots union"), self.tr("Village or community"), self.tr("Nature"),
                       self.tr("Region code"), self.tr("Files"), self.tr("State")]
            cells = [(r.name, r.parent_name, r.village, r.nature, r.region_code, r.files, state[r.active])
                     for r in rows]
        else:
            counted = self.tr("Files") if kind == "union" else self.tr("Units")
            headers = [self.tr("Name"), self.tr("Region code"), counted, self.tr("State")]
            cells = [(r.name, r.region_code, units.get(r.name, 0) if kind == "village" else r.files, state[r.active])
                     for r in rows]
        tables.fill(self.ui.orgTable, headers, cells, list(self.rows), right_aligned=(len(headers) - 2,), stretch=0)
        if select is not None:
            self._select(str(select))
        self._selection_changed()

    def _select(self, key: str) -> None:
        table = self.ui.orgTable
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                table.setCurrentCell(row, 0)
                return

    def selected(self) -> OrgRow | None:
        key = tables.selected_key(self.ui.orgTable)
        return self.rows.get(key) if key is not None else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.ui.retireOrg.setText(self.tr("Bring back") if row and not row.active else self.tr("Retire"))
        for button in (self.ui.editOrg, self.ui.retireOrg):
            enable(button, self.refused, row is not None)
        enable(self.ui.mergeOrg, self.refused, row is not None and row.active)

    # actions ---------------------------------------------------------------------------------------------
    def add(self) -> None:
        dialog = OrgDialog(self.db, self.user, self.lanes, self.kind(), None, self.owner)
        if dialog.exec() and dialog.saved is not None:
            self._show_kind(dialog.saved.kind)
            self.load(dialog.saved.id)
            self._status(self.tr("“{0}” was added.").format(dialog.saved.name))

    def edit(self) -> None:
        row = self._chosen()
        if row is None:
            return
        dialog = OrgDialog(self.db, self.user, self.lanes, row.kind, row, self.owner)
        if dialog.exec() and dialog.saved is not None:
            self.load(dialog.saved.id)
            self._status(self.tr("“{0}” was saved.").format(dialog.saved.name))

    def merge(self) -> None:
        row = self._chosen()
        if row is None:
            return
        dialog = OrgMergeDialog(self.db, self.user, self.lanes, row, self.owner)
        if dialog.exec() and dialog.result_ is not None:
            done = dialog.result_
            self.load()
            self._status(self.tr("“{0}” was merged into “{1}”: {2} files and {3} units now name “{1}”.").format(
                done.merged, done.survivor, done.files, done.units))

    def retire(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row.active:
            answer = QMessageBox.question(
                self.owner, self.tr("Retire"),
                self.tr("Retire “{0}”? It is no longer offered for new files; the {1} files that name it keep "
                              "it.").format(row.name, row.files))
            if answer != QMessageBox.StandardButton.Yes:
                return
        db, user = self.db, self.user
        Op(self.ui.tabs, self.lanes, lambda: organisation.set_active(db, user, row.id, not row.active)) \
            .holding(self.ui.retireOrg).success(self._retired).run()

    def _retired(self, saved: OrgRow) -> None:
        self.load(saved.id)
        self._status(self.tr("“{0}” is in use again.").format(saved.name) if saved.active
                     else self.tr("“{0}” was retired.").format(saved.name))

    def _chosen(self) -> OrgRow | None:
        row = self.selected()
        if row is None:
            show_info(self.owner, self.tr("Choose a row in the table first."))
        return row

    def _show_kind(self, kind: str) -> None:
        if kind != self.kind():
            self.ui.orgKind.setCurrentIndex(KINDS.index(kind))

    def _status(self, text: str) -> None:
        self.ui.orgStatus.setText(text)


def _listed(db: Database, office_id: uuid.UUID, kind: str, active_only: bool,
            typed: str) -> tuple[list[OrgRow], dict[str, int]]:
    """On the database lane: the rows of `kind` matching what was typed; for villages, their units counted."""
    rows = [r for r in organisation.list_units(db, office_id, kind, active_only=active_only)
            if not typed or typed in search_key(r.name)]
    if kind != "village":
        return rows, {}
    counts: dict[str, int] = {}
    for unit in organisation.list_units(db, office_id, "unit"):
        counts[unit.village] = counts.get(unit.village, 0) + 1
    return rows, {v.name: counts.get(v.name, 0) for v in rows}
