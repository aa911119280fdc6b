"""The passphrase of an encrypted backup: typed twice when backing up, once when restoring; never stored."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from songnuan_desktop.services.backups.backup_archive import MIN_PASSPHRASE
from songnuan_desktop.ui.generated.ui_backup_passphrase_dialog import Ui_BackupPassphraseDialog


class BackupPassphraseDialog(QDialog):
    def __init__(self, confirm: bool, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_BackupPassphraseDialog()
        self.ui.setupUi(self)
        self.confirm = confirm
        self.ui.again.setVisible(confirm)
        self.ui.againLabel.setVisible(confirm)
        if confirm:
            self.ui.hint.setText(self.tr(
                "The backup of the database and all attachments is encrypted with this passphrase and written to "
                "{0}. The passphrase is not stored anywhere: without it the backup cannot be restored. Write it "
                "down and keep it apart from the stick (at least {1} characters).").format(target, MIN_PASSPHRASE))
        else:
            self.ui.hint.setText(self.tr("Type the passphrase that was set when the backup {0} was made.").format(
                target))

    def passphrase(self) -> str:
        return self.ui.passphrase.text()

    def accept(self) -> None:
        first = self.ui.passphrase.text()
        if self.confirm and len(first.strip()) < MIN_PASSPHRASE:
            self.ui.error.setText(self.tr("The passphrase must have at least {0} characters.").format(MIN_PASSPHRASE))
            return
        if not first:
            self.ui.error.setText(self.tr("Type the passphrase."))
            return
        if self.confirm and first != self.ui.again.text():
            self.ui.again.clear()
            self.ui.error.setText(self.tr("The two passphrases differ. Type the same passphrase twice."))
            return
        super().accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.ui.passphrase.clear()
        self.ui.again.clear()
        super().done(result)
