"""One 基层工会, 工作单位 or 村/社区: new or changed (OrgDialog), or merged into another (OrgMergeDialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import organisation
from songnuan_desktop.services.office.organisation import OrgInput, OrgRow
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_org_dialog import Ui_OrgDialog
from songnuan_desktop.ui.generated.ui_org_merge_dialog import Ui_OrgMergeDialog
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id, select_id
from songnuan_desktop.ui.widgets.search_combo import add_searchable, make_searchable

KINDS = ("union", "unit", "village")  # the order of the kind combo
NATURES = ("", "机关", "事业单位", "国有企业", "集体企业", "民营企业", "个体工商户", "社会组织", "基层自治组织", "其他")


class OrgDialog(QDialog):
    """New (of `kind`) when `existing` is None, else its change; `saved` is the row after saving."""

    def __init__(self, db: Database, user: SessionUser, kind: str, existing: OrgRow | None = None,
                 parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.db, self.user, self.existing = db, user, existing
        self.saved: OrgRow | None = None
        self.ui = Ui_OrgDialog()
        self.ui.setupUi(self)
        labels = (self.tr("Grassroots union"), self.tr("Work unit"), self.tr("Village or community"))
        for key, label in zip(KINDS, labels, strict=True):
            self.ui.kind.addItem(label, key)
        self.ui.kind.setCurrentIndex(KINDS.index(existing.kind if existing else kind))
        self.ui.kind.setEnabled(existing is None)
        self.ui.nature.addItems(list(NATURES))
        self._fill_choices()
        self.ui.kind.currentIndexChanged.connect(self._kind_changed)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        if existing is not None:
            self._show(existing)
        else:
            self.ui.name.setText(name)
        self._kind_changed()

    def _fill_choices(self) -> None:
        keep = [self.existing.parent_id] if self.existing else []
        add_id(self.ui.parent, self.tr("(none)"), None)
        unions = organisation.list_units(self.db, self.user.office_id, "union", active_only=True, keep=keep,
                                         counts=False)
        for union in unions:
            add_searchable(self.ui.parent, union.name, union.id)
        make_searchable(self.ui.parent)
        self.ui.village.addItem("")
        for village in organisation.list_units(self.db, self.user.office_id, "village", active_only=True, counts=False):
            self.ui.village.addItem(village.name)

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
        try:
            if self.existing is None:
                self.saved = organisation.create(self.db, self.user, self.data())
            else:
                self.saved = organisation.update(self.db, self.user, self.existing.id, self.data(),
                                                 self.existing.row_version)
        except DomainError as exc:
            self.ui.error.setText(exc.message)
            return
        super().accept()


class OrgMergeDialog(QDialog):
    """Choose the survivor `merged` goes into; `result` says what moved."""

    def __init__(self, db: Database, user: SessionUser, merged: OrgRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.merged = db, user, merged
        self.result_: organisation.Merged | None = None
        self.ui = Ui_OrgMergeDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(self.tr("Merge “{0}”").format(merged.name))
        self.ui.hint.setText(self.tr(
            "“{0}” is merged into the one chosen below: its {1} files (and the units under it, or in it) then name "
            "that one, and “{0}” is retired. Every moved file is recorded in the audit log; this cannot be undone "
            "by a button.").format(merged.name, merged.files))
        for row in organisation.list_units(db, user.office_id, merged.kind, active_only=True, counts=False):
            if row.id != merged.id:
                add_searchable(self.ui.survivor, row.name, row.id)
        make_searchable(self.ui.survivor)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def accept(self) -> None:
        survivor = current_id(self.ui.survivor)
        if survivor is None:
            self.ui.error.setText(self.tr("Choose the name to merge into."))
            return
        try:
            self.result_ = organisation.merge(self.db, self.user, self.merged.id, survivor)
        except DomainError as exc:
            self.ui.error.setText(exc.message)
            return
        super().accept()
