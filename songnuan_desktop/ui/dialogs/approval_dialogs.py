"""The two dialogs of the approval screen: the reason for returning or rejecting, and a refused batch."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.ui.generated.ui_reason_dialog import Ui_ReasonDialog
from songnuan_desktop.ui.generated.ui_refusal_dialog import Ui_RefusalDialog


class ReasonDialog(QDialog):
    """Asks for the reason; OK stays disabled until there is one (the service refuses without it too)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ReasonDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        self.ui.prompt.setText(prompt)
        self.ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.ui.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason())))
        self.ui.reason.setFocus()

    def reason(self) -> str:
        return self.ui.reason.toPlainText().strip()


class RefusalDialog(QDialog):
    """Every refused item — person (file no.) and why — in a list; the batch changed nothing."""

    def __init__(self, refused: BatchRefused, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RefusalDialog()
        self.ui.setupUi(self)
        self.ui.summary.setText(refused.message.splitlines()[0])
        table = self.ui.refusals
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels([self.tr("Person (file no.)"), self.tr("Why it was refused")])
        table.verticalHeader().setVisible(False)
        table.setRowCount(len(refused.refusals))
        for row, item in enumerate(refused.refusals):
            table.setItem(row, 0, QTableWidgetItem(item.who))
            table.setItem(row, 1, QTableWidgetItem(item.reason))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if len(refused.refusals) <= 200:  # wrapped rows cost a layout pass each: only for short lists
            table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str]]:
        table = self.ui.refusals
        return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
