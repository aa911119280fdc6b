"""One 基层工会, 工作单位 or 村/社区: new or changed (OrgDialog), or merged into another (OrgMergeDialog).
The choices are read and the change stored on the database lane (ui.ops), the buttons held meanwhile."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.organisation import OrgInput, OrgRow
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_org_dialog import Ui_OrgDialog
from songnuan_desktop.ui.generated.ui_org_merge_dialog import Ui_OrgMergeDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id
from songnuan_desktop.ui.widgets.search_combo import add_searchable, make_searchable
from songnuan_desktop.workers.lanes import Lanes

KINDS = ("union", "unit", "village")  # the order of the kind combo
NATURES = ("", "机关", "事业单位", "国有企业", "集体企业", "民营企业", "个体工商户", "社会组织", "基层自治组织", "其他")


class OrgDialog(QDialog):
    """New (of `kind`) when `existing` is None, else its change; `saved` is the row after saving."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, kind: str, existing: OrgRow | None = None,
                 parent: QWidget | None = None, name: str = "", union_id: uuid.UUID | None = None) -> None:
        """`union_id`: the union a new unit is placed under (chosen once the unions are read)."""
        super().__init__(parent)
        self.db, self.user, self.lanes, self.existing = db, user, lanes, existing
        self.saved: OrgRow | None = None
        self.ui = Ui_OrgDialog()
        self.ui.setupUi(self)
        labels = (self.tr("Grassroots union"), self.tr("Work unit"), self.tr("Village or community"))
        for key, label in zip(KINDS, labels, strict=True):
            self.ui.kind.addItem(label, key)
        self.ui.kind.setCurrentIndex(KINDS.index(existing.kind if existing else kind))
        self.ui.kind.setEnabled(existing is None)
        self.ui.nature.addItems(list(NATURES))
        self.ui.kind.currentIndexChanged.connect(self._kind_changed)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.name.setText(existing.name if existing is not None else name)
        self._kind_changed()
        keep = [existing.parent_id] if existing else []
        office_id = user.office_id
        Op(self, lanes, lambda: _choices(db, office_id, keep)).holding(self.ui.buttons) \
            .success(lambda found: self._fill_choices(*found, union_id)).run()

    def _fill_choices(self, unions: list[OrgRow], villages: list[OrgRow], union_id: uuid.UUID | None) -> None:
        add_id(self.ui.parent, self.tr("(none)"), None)
        for union in unions:
            add_searchable(self.ui.parent, union.name, union.id)
        make_searchable(self.ui.parent)
        self.ui.village.addItem("")
        for village in villages:
            self.ui.village.addItem(village.name)
        if self.existing is not None:
            self._show(self.existing)
        else:
            select_id(self.ui.parent, union_id)

    def _show(self, row: OrgRow) -> None:
        ui = self.ui
        ui.name.setText(row.name)
        select_id(ui.parent, row.parent_id)
        for combo, text in ((ui.village, row.village), (ui.nature, row.nature)):
            if combo.findText(text) < 0:
                combo.addItem(text)
            combo.setCurrentIndex(combo.findText(text))
        ui.regionCode.setText(row.region_code)

    def kind(self) -> str:
        return str(self.ui.kind.currentData())

    def _kind_changed(self) -> None:
        ui, unit = self.ui, self.kind() == "unit"
        for widget in (ui.parentLabel, ui.parent, ui.villageLabel, ui.village, ui.natureLabel, ui.nature):
            widget.setVisible(unit)
        hints = {
            "union": self.tr("A grassroots union (基层工会): work units can be placed under it, files name it."),
            "unit": self.tr("A work unit (工作单位) where workers are employed; its union and village are used for "
                            "rosters split by union or by village."),
            "village": self.tr("A village or community (村/社区); its 12-digit region code finds its minimum living "
                               "standard: its own, else the nearest parent's (township, county)."),
        }
        ui.hint.setText(hints[self.kind()])
        title = self.tr("Change “{0}”").format(self.existing.name) if self.existing else self.tr("New {0}").format(
            ui.kind.currentText())
        self.setWindowTitle(title)

    def data(self) -> OrgInput:
        ui = self.ui
        return OrgInput(self.kind(), ui.name.text(), current_id(ui.parent), ui.village.currentText(),
                        ui.nature.currentText(), ui.regionCode.text())

    def accept(self) -> None:
        db, user, existing, data = self.db, self.user, self.existing, self.data()

        def store() -> OrgRow:
            if existing is None:
                return organisation.create(db, user, data)
            return organisation.update(db, user, existing.id, data, existing.row_version)
        Op(self, self.lanes, store).holding(self.ui.buttons).success(self._saved) \
            .failure(lambda exc: self.ui.error.setText(describe(exc))).one_at_a_time().run()

    def _saved(self, row: OrgRow) -> None:
        self.saved = row
        super().accept()


def _choices(db: Database, office_id: uuid.UUID, keep: list[uuid.UUID | None]) -> tuple[list[OrgRow], list[OrgRow]]:
    """On the database lane: the unions a unit can be placed under (and the one it names), and the villages."""
    unions = organisation.list_units(db, office_id, "union", active_only=True, keep=keep, counts=False)
    return unions, organisation.list_units(db, office_id, "village", active_only=True, counts=False)


class OrgMergeDialog(QDialog):
    """Choose the survivor `merged` goes into; `result` says what moved."""

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, merged: OrgRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes, self.merged = db, user, lanes, merged
        self.result_: organisation.Merged | None = None
        self.ui = Ui_OrgMergeDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(self.tr("Merge “{0}”").format(merged.name))
        self.ui.hint.setText(self.tr(
            "“{0}” is merged into the one chosen below: its {1} files (and the units under it, or in it) then name "
            "that one, and “{0}” is retired. Every moved file is recorded in the audit log; this cannot be undone "
            "by a button.").format(merged.name, merged.files))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        office_id = user.office_id
        Op(self, lanes, lambda: organisation.list_units(db, office_id, merged.kind, active_only=True, counts=False)) \
            .holding(self.ui.buttons).success(self._fill).run()

    def _fill(self, rows: list[OrgRow]) -> None:
        for row in rows:
            if row.id != self.merged.id:
                add_searchable(self.ui.survivor, row.name, row.id)
        make_searchable(self.ui.survivor)

    def accept(self) -> None:
        survivor = current_id(self.ui.survivor)
        if survivor is None:
            self.ui.error.setText(self.tr("Choose the name to merge into."))
            return
        db, user, merged_id = self.db, self.user, self.merged.id
        Op(self, self.lanes, lambda: organisation.merge(db, user, merged_id, survivor)).holding(self.ui.buttons) \
            .success(self._merged).failure(lambda exc: self.ui.error.setText(describe(exc))).one_at_a_time().run()

    def _merged(self, done: organisation.Merged) -> None:
        self.result_ = done
        super().accept()
