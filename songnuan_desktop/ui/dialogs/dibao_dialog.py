"""A new 低保线 from a date on; older ones stay for the history."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services import settings
from songnuan_desktop.services.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_dibao_dialog import Ui_DibaoDialog


class DibaoDialog(QDialog):
    def __init__(self, db: Database, by: SessionUser, template: settings.DibaoRow | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.by = db, by
        self.ui = Ui_DibaoDialog()
        self.ui.setupUi(self)
        self.ui.area.addItem(self.tr("Urban"), "urban")
        self.ui.area.addItem(self.tr("Rural"), "rural")
        self.ui.effective.setDate(QDate.currentDate())
        if template is not None:
            self.ui.regionCode.setText(template.region_code)
            self.ui.regionName.setText(template.region_name)
            self.ui.area.setCurrentIndex(max(0, self.ui.area.findData(template.area)))
            self.ui.amount.setValue(template.monthly_fen / 100)

    def accept(self) -> None:
        ui = self.ui
        day = ui.effective.date()
        try:
            settings.add_dibao_line(
                self.db, self.by, ui.regionCode.text().strip(), ui.regionName.text().strip(),
                ui.area.currentData(), round(ui.amount.value() * 100), dt.date(day.year(), day.month(), day.day()),
            )
        except DomainError as exc:
            ui.error.setText(exc.message)
            return
        super().accept()
