"""发放 › 核验凭证: scan a voucher's QR code (a scanner types it and presses Enter) or type its number, and
see what the database says of it before handing over money (services.payouts.voucher_check, on the database lane)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem, QWidget

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.payouts.voucher_check import LIVE, VoucherCheck, check_voucher
from songnuan_desktop.ui.generated.ui_voucher_check_dialog import Ui_VoucherCheckDialog
from songnuan_desktop.ui.messages import describe
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes

GOOD, BAD = "#1b5e20", "#b71c1c"


class VoucherCheckDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_VoucherCheckDialog()
        self.ui.setupUi(self)
        self.ui.facts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.ui.facts.setWordWrap(True)
        self.ui.check.clicked.connect(self.check)
        self.ui.code.returnPressed.connect(self.check)
        self.result: VoucherCheck | None = None

    def check(self) -> None:
        text = self.ui.code.text()
        if not text.strip():
            return
        self.ui.check.setEnabled(False)
        self.ui.verdict.setText(self.tr("Checking…"))
        db, user = self.db, self.user
        Op(self, self.lanes, lambda: check_voucher(db, user, text)).success(self._show).failure(self._failed).run()

    def _show(self, result: VoucherCheck) -> None:
        self.result = result
        self.ui.check.setEnabled(True)
        color = GOOD if result.verdict == LIVE else BAD
        self.ui.verdict.setText(f'<p style="color:{color}; font-size:14pt; font-weight:bold">'
                                f"{escape(result.headline)}</p>")
        self.ui.facts.setRowCount(len(result.facts))
        for row, (label, value) in enumerate(result.facts):
            self.ui.facts.setItem(row, 0, QTableWidgetItem(label))
            self.ui.facts.setItem(row, 1, QTableWidgetItem(value))
        self.ui.facts.resizeRowsToContents()
        self.ui.code.selectAll()  # the next scan replaces it
        self.ui.code.setFocus()

    def _failed(self, exc: Exception) -> None:
        self.result = None
        self.ui.check.setEnabled(True)
        self.ui.facts.setRowCount(0)
        self.ui.verdict.setText(f'<p style="color:{BAD}">{escape(describe(exc))}</p>')
        self.ui.code.selectAll()
        self.ui.code.setFocus()
