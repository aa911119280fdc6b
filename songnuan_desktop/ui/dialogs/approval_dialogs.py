"""The two dialogs of the approval screen: the reason for returning or rejecting, and a refused batch."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QPushButton, QTableWidgetItem, QWidget

from songnuan_desktop.domain.errors import BatchRefused
from songnuan_desktop.ui.generated.ui_reason_dialog import Ui_ReasonDialog
from songnuan_desktop.ui.generated.ui_refusal_dialog import Ui_RefusalDialog

WRAP_ROWS_UP_TO = 200


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
    """Every refused item — person (file no.) and why — in a list; the batch changed nothing.

    When `the_rest` items of the batch were not refused, 仅处理可以办理的 N 项 accepts the dialog (the
    screen then does those in one transaction); 关闭 rejects it and nothing is done."""

    def __init__(self, refused: BatchRefused, parent: QWidget | None = None, the_rest: int = 0) -> None:
        super().__init__(parent)
        self.ui = Ui_RefusalDialog()
        self.ui.setupUi(self)
        summary = refused.message.splitlines()[0]
        self.the_rest: QPushButton | None = None
        if the_rest > 0:
            summary += self.tr(" The other {0} items can be done: do only those, or close and change nothing.").format(
                the_rest)
            self.the_rest = self.ui.buttons.addButton(self.tr("Do only the {0} items that can be done").format(
                the_rest), QDialogButtonBox.ButtonRole.AcceptRole)
            self.ui.buttons.accepted.connect(self.accept)
            self.ui.buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)  # Enter changes nothing
        self.ui.summary.setText(summary)
        table = self.ui.refusals
        table.setColumnCount(2)
        table.setHorizontalHeaderLabels([self.tr("Person (file no.)"), self.tr("Why it was refused")])
        table.verticalHeader().setVisible(False)
        table.setRowCount(len(refused.refusals))
        for row, item in enumerate(refused.refusals):
            table.setItem(row, 0, QTableWidgetItem(item.who))
            why = QTableWidgetItem(item.reason)
            why.setToolTip(item.reason)
            table.setItem(row, 1, why)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Row heights once the reason column has its width; wrapped rows cost a layout pass each, so
        # a long list keeps one line a row (the tooltip and a wider window show the rest).
        if self.ui.refusals.rowCount() <= WRAP_ROWS_UP_TO:
            QTimer.singleShot(0, self.ui.refusals.resizeRowsToContents)

    def rows(self) -> list[tuple[str, str]]:
        table = self.ui.refusals
        return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
