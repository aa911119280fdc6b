"""The county screen's two small dialogs: the passphrase for the packages, and what a merge did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTableWidget, QVBoxLayout, QWidget,
)

from songnuan_desktop.ui.widgets.tables import fill

if TYPE_CHECKING:
    from songnuan_desktop.services.county_merge import MergeReport


class PassphraseDialog(QDialog):
    """Typed once: a wrong passphrase is refused by the merge before anything changes."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Passphrase of the packages"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("{0} package(s) chosen. Type the passphrase the county gave the townships; "
                               "it is not stored.").format(count))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Import"))
        self.ok.setEnabled(False)
        self.passphrase.textChanged.connect(lambda text: self.ok.setEnabled(bool(text)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.passphrase.setFocus()

    def text(self) -> str:
        return self.passphrase.text()


class MergeResultDialog(QDialog):
    """The report's summary and one line per package: township, number, export date, what happened."""

    def __init__(self, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from songnuan_desktop.ui.screens.exchange import local_time

        self.setWindowTitle(self.tr("Packages imported"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(report.summary())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        statuses = {"merged": self.tr("Merged"), "unchanged": self.tr("Imported before, nothing changed"),
                    "superseded": self.tr("Superseded by a newer package")}
        self.table = QTableWidget()
        fill(self.table, (self.tr("Township"), self.tr("No."), self.tr("Exported at"), self.tr("Result"),
                          self.tr("Files"), self.tr("New attachments"), self.tr("File name")),
             [(r.office_name, f"{r.sequence:04d}", local_time(r.created_at), statuses.get(r.status, r.status),
               r.rows.get("worker_files", 0), r.attachments_new, r.path.name) for r in report.results],
             right_aligned=(1, 4, 5))
        self.table.setToolTip("\n".join(r.note for r in report.results if r.note))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(860, 320)

    def statuses(self) -> list[str]:
        return [self.table.item(r, 3).text() for r in range(self.table.rowCount())]  # type: ignore[union-attr]
