"""A new 低保线 from a date on; older ones stay for the history. Stored on the database lane (ui.ops), the buttons
held meanwhile; the dialog closes once it is stored."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.domain.regions import chain, is_region_code
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_dibao_dialog import Ui_DibaoDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes


class DibaoDialog(QDialog):
    def __init__(self, db: Database, by: SessionUser, lanes: Lanes, template: settings.DibaoRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.by, self.lanes = db, by, lanes
        self.ui = Ui_DibaoDialog()
        self.ui.setupUi(self)
        self.ui.area.addItem(self.tr("Urban"), "urban")
        self.ui.area.addItem(self.tr("Rural"), "rural")
        self.ui.effective.setDate(QDate.currentDate())
        self.ui.regionCode.textChanged.connect(self._region_hint)
        if template is not None:
            self.ui.regionCode.setText(template.region_code)
            self.ui.regionName.setText(template.region_name)
            self.ui.area.setCurrentIndex(max(0, self.ui.area.findData(template.area)))
            self.ui.amount.setValue(template.monthly_fen / 100)

    def _region_hint(self) -> None:
        """Whom a line for this code serves: the code and every code under it without a line of its own."""
        code = self.ui.regionCode.text().strip()
        self.ui.error.setStyleSheet("color: #555555;")
        self.ui.error.setText(self.tr(
            "Applies to {0} and to every township, village and file under it that has no standard of its own; "
            "a code without one uses its nearest parent's ({1}).").format(code, " → ".join(chain(code)))
            if is_region_code(code) else "")

    def accept(self) -> None:
        ui = self.ui
        day = ui.effective.date()
        db, by, code, name = self.db, self.by, ui.regionCode.text().strip(), ui.regionName.text().strip()
        area, fen, effective = ui.area.currentData(), round(ui.amount.value() * 100), dt.date(
            day.year(), day.month(), day.day())
        Op(self, self.lanes, lambda: settings.add_dibao_line(db, by, code, name, area, fen, effective)) \
            .holding(ui.buttons).success(lambda _row: super(DibaoDialog, self).accept()) \
            .failure(self._refused).one_at_a_time().run()

    def _refused(self, exc: Exception) -> None:
        self.ui.error.setStyleSheet("color: #b00020;")
        self.ui.error.setText(describe(exc))
