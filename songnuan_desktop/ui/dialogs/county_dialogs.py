"""The county screen's small dialogs: the packages' passphrase, what a merge did, a flag, the final list to
confirm, and the decisions packages written."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QVBoxLayout,
    QWidget,
)

from songnuan_desktop.domain.codes import COUNTY_FLAG_KINDS
from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.services.county.county_decisions import CampaignChoice, DecisionsExport
from songnuan_desktop.services.county.county_merge import MergeReport
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.ui.widgets.combo_ids import add_id, current_id


class PassphraseDialog(QDialog):
    """The packages' passphrase, never stored. Typed once to import (a wrong one is refused by the merge before
    anything changes); typed twice to send decisions (`decisions_to`: the folder), since a township could not
    open a package written with a slip of the finger."""

    def __init__(self, count: int, parent: QWidget | None = None, decisions_to: str | None = None) -> None:
        super().__init__(parent)
        self.confirm = decisions_to is not None
        self.setWindowTitle(self.tr("Passphrase of the packages"))
        layout = QVBoxLayout(self)
        if decisions_to is None:
            intro = QLabel(self.tr("{0} package(s) chosen. Type the passphrase the county gave the townships; "
                                   "it is not stored.").format(count))
        else:
            intro = QLabel(self.tr("One decisions package per township ({0}) will be written to {1}. Type the "
                                   "passphrase the townships use for their packages, twice; it is not stored.")
                           .format(count, decisions_to))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        if self.confirm:
            form.addRow(self.tr("Again:"), self.again)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Write") if self.confirm else self.tr("Import"))
        self.ok.setEnabled(False)
        self.passphrase.textChanged.connect(lambda text: self.ok.setEnabled(bool(text)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.passphrase.setFocus()

    def accept(self) -> None:
        if self.confirm and self.passphrase.text() != self.again.text():
            self.again.clear()
            self.error.setText(self.tr("The two passphrases differ. Type the same passphrase twice."))
            return
        super().accept()

    def text(self) -> str:
        return self.passphrase.text()


class MergeResultDialog(QDialog):
    """The report's summary and one line per package: township, number, export date, what happened."""

    def __init__(self, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
             [(r.office_name, f"{r.sequence:04d}", local_text(r.created_at), statuses.get(r.status, r.status),
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


class FlagDialog(QDialog):
    """标记: the kind (preselected from the finding) and the county's words, prefilled and editable."""

    def __init__(self, subject: str, kind: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Flag for the township"))
        layout = QVBoxLayout(self)
        about = QLabel(subject)
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        self.kind = QComboBox()
        for code, label in COUNTY_FLAG_KINDS.items():
            if code != "final":  # the final list is confirmed on a campaign, from the flags tab
                self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        form.addRow(self.tr("Kind:"), self.kind)
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().height() * 5)
        form.addRow(self.tr("The county's words:"), self.text)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Flag"))
        self.text.textChanged.connect(lambda: ok.setEnabled(bool(self.text.toPlainText().strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        return str(self.kind.currentData()), self.text.toPlainText().strip()


class FinalListDialog(QDialog):
    """确认最终名单: a township, one of its campaigns, an optional note."""

    def __init__(self, choices: Sequence[CampaignChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = list(choices)
        self.setWindowTitle(self.tr("Confirm a final list"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The township's approved, paid and sampled items of the campaign are counted and "
                               "added up; the count and total go back to the township as the county's confirmation."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.township = QComboBox()
        for name in dict.fromkeys(c.office_name for c in self.choices):
            self.township.addItem(name)
        self.campaign = QComboBox()
        self.note = QLineEdit()
        form.addRow(self.tr("Township:"), self.township)
        form.addRow(self.tr("Campaign:"), self.campaign)
        form.addRow(self.tr("Note (optional):"), self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Confirm"))
        self.township.currentTextChanged.connect(self._campaigns)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._campaigns(self.township.currentText())
        self.resize(520, self.sizeHint().height())

    def _campaigns(self, township: str) -> None:
        self.campaign.clear()
        for c in self.choices:
            if c.office_name == township:
                add_id(self.campaign, c.name, c.campaign_id)
        self.ok.setEnabled(self.campaign.count() > 0)

    def values(self) -> tuple[uuid.UUID, str]:
        chosen = current_id(self.campaign)
        assert chosen is not None  # OK is enabled only with a campaign to choose
        return chosen, self.note.text().strip()


class DecisionsSentDialog(QDialog):
    """The decisions packages written: township, number, file."""

    def __init__(self, export: DecisionsExport, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decisions packages written"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("{0} Folder: {1}").format(export.summary(), folder))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = QTableWidget()
        fill(self.table, (self.tr("Township"), self.tr("No."), self.tr("Flags"), self.tr("File name")),
             [(p.office_name, f"{p.sequence:04d}", p.row_counts.get("county_flags", 0), p.path.name)
              for p in export.packages], right_aligned=(1, 2))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(860, 300)

    def files(self) -> list[str]:
        return [self.table.item(r, 3).text() for r in range(self.table.rowCount())]  # type: ignore[union-attr]
