"""First run: the office, its region and 低保线, and the first administrator.

The checks and the setting up run on the database lane (issue 17 item 4: no service call on the UI thread);
the wizard needs their answer before it can turn the page, so it waits for it with `ops.result`, painted and
disabled meanwhile (a second click on 完成 cannot set the office up twice)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget, QWizard

from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.regions import county_of, is_region_code
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import setup
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.generated.ui_setup_wizard import Ui_SetupWizard
from songnuan_desktop.workers.lanes import Lanes

LEVELS = ("township", "county")  # the order of the level combo's items
T = TypeVar("T")


class SetupWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None, lanes: Lanes | None = None) -> None:
        super().__init__(parent)
        self.db, self.lanes = db, lanes or Lanes()
        self.ui = Ui_SetupWizard()
        self.ui.setupUi(self)
        self.office_id: uuid.UUID | None = None
        self.admin_username = ""
        self.ui.regionCode.textChanged.connect(self._region_hint)

    def _region_hint(self) -> None:
        """Where the 低保线 typed here will be kept, and whom it serves (domain.regions' one rule)."""
        code = self.ui.regionCode.text().strip()
        self.ui.regionHint.setText(self.tr(
            "The minimum living standard is kept under the county code {0}: every township, village and file of "
            "the county is judged by it unless one has a standard of its own (Settings › Minimum living standard)."
        ).format(county_of(code)) if is_region_code(code) else "")

    def data(self) -> setup.SetupData:
        ui = self.ui
        return setup.SetupData(
            office_name=ui.officeName.text().strip(),
            region_code=ui.regionCode.text().strip(),
            region_name=ui.regionName.text().strip(),
            dibao_urban_fen=round(ui.dibaoUrban.value() * 100),
            dibao_rural_fen=round(ui.dibaoRural.value() * 100),
            admin_username=ui.username.text().strip(),
            admin_display_name=ui.displayName.text().strip(),
            admin_password=ui.password.text(),
            level=LEVELS[ui.level.currentIndex()],
        )

    def validateCurrentPage(self) -> bool:
        self.ui.error.clear()
        if self.currentPage() is self.ui.officePage:
            return self._check_office()
        if self.ui.password.text() != self.ui.confirm.text():
            self.ui.error.setText(self.tr("The two passwords differ. Type the same password twice."))
            return False
        db, data = self.db, self.data()
        try:
            self.office_id = self._on_lane(lambda: setup.initialize(db, data))
        except DomainError as exc:
            self.ui.error.setText(exc.message)
            return False
        self.admin_username = self.data().admin_username
        return True

    def _check_office(self) -> bool:
        data = self.data()
        # The administrator page is not filled in yet: check only this page's fields.
        page = setup.SetupData(data.office_name, data.region_code, data.region_name, data.dibao_urban_fen,
                               data.dibao_rural_fen, "admin", "—", "placeholder1", data.level)
        try:
            self._on_lane(lambda: setup.validate(page))
        except DomainError as exc:
            self.ui.officePage.setSubTitle(exc.message)
            return False
        return True

    def _on_lane(self, work: Callable[[], T]) -> T:
        """`work`'s answer from the database lane, the wizard disabled until it comes (its failure raised)."""
        self.setEnabled(False)
        try:
            return ops.result(self.lanes, work)
        finally:
            self.setEnabled(True)
