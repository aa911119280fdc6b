"""报送 (township): choose a USB stick or a folder, see what the next package will hold, type the county's
passphrase twice, export (cancellable, read back and verified by the service), and the history of exports.

The drives are listed on the file lane (QStorageInfo can stall on a sleeping network drive); the preview
and history on the database lane. The passphrase lives only in the two line edits and is cleared after
each export and when the screen is left.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStorageInfo, Qt, Signal
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import QHeaderView, QMessageBox, QWidget

from songnuan_desktop.domain.codes import ENTITY_LABELS
from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.exchange import package_export
from songnuan_desktop.services.exchange.package_export import ExportPreview, ExportRecord, PackageInfo
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.generated.ui_exchange_screen import Ui_ExchangeScreen
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.screens.exchange_decisions import DecisionsPanel
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.ui.widgets.volumes import Volume, format_size, mounted_volumes
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.tables import fill
from songnuan_desktop.workers.lanes import Job, Lanes

RED, GREEN = "#b00020", "#1b5e20"
def _load(db: Database) -> tuple[ExportPreview, list[ExportRecord]]:
    return package_export.export_preview(db), package_export.export_history(db)


class ExchangeScreen(QWidget):
    loaded = Signal()  # the preview and the history are on screen
    volumes_listed = Signal()
    exported = Signal(object)  # PackageInfo
    export_failed = Signal(object)  # the exception, after it was shown

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_ExchangeScreen()
        self.ui.setupUi(self)
        self.target: Path | None = None
        self.volumes: list[Volume] = []
        self.preview: ExportPreview | None = None
        self.job: Job | None = None  # the export running now (its progress dialog's Cancel calls job.cancel)
        self.dialog: QMessageBox | None = None  # the last success message (tests read it)
        self.allowed = follow_role(self.ui.exportPackage, user, Action.EXPORT_PACKAGE)
        row_height = self.fontMetrics().height() + 8
        for table in (self.ui.volumes, self.ui.counts, self.ui.history):
            table.verticalHeader().setDefaultSectionSize(row_height)
            table.verticalHeader().setVisible(False)
        self.ui.refreshVolumes.clicked.connect(self.list_volumes)
        self.ui.chooseFolder.clicked.connect(self.choose_folder)
        self.ui.volumes.itemSelectionChanged.connect(self._volume_chosen)
        self.ui.exportPackage.clicked.connect(self.export)
        self.ui.passphraseAgain.returnPressed.connect(self.export)
        for edit in (self.ui.passphrase, self.ui.passphraseAgain):
            edit.textChanged.connect(lambda _t: self.ui.exportHint.clear() if self.allowed else None)
        if not self.allowed:
            for widget in (self.ui.passphrase, self.ui.passphraseAgain):
                widget.setEnabled(False)
            self._hint(self.tr("Exporting is for the clerk or the administrator; you are signed in as {0}.")
                       .format(self.user.role_text), RED)
        self._show_target()
        self.decisions = DecisionsPanel(self, self.ui, db, user, lanes)

    # loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """main_window calls it when the screen is shown."""
        self.list_volumes()
        self.decisions.refresh()
        db = self.db
        Op(self, self.lanes, lambda: _load(db)).in_background().success(self._arrived).failure(self._failed).run()

    def list_volumes(self) -> None:
        Op(self, self.lanes, mounted_volumes).on_cpu().in_background() \
            .success(self._volumes_arrived).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self._message(describe(exc), RED)

    def _volumes_arrived(self, volumes: list[Volume]) -> None:
        self.volumes = volumes
        table = self.ui.volumes
        table.blockSignals(True)
        kinds = {True: self.tr("Removable"), False: self.tr("Local disk")}
        fill(table, (self.tr("Name"), self.tr("Location"), self.tr("Free space"), self.tr("Kind")),
             [(v.name, v.root, format_size(v.free_bytes), kinds[v.removable]) for v in volumes],
             keys=[v.root for v in volumes], right_aligned=(2,), stretch=1)
        for row, volume in enumerate(volumes):
            if volume.removable:
                for column in range(table.columnCount()):
                    cell = table.item(row, column)
                    if cell is not None:
                        font = QFont(cell.font())
                        font.setBold(True)
                        cell.setFont(font)
            if self.target is not None and Path(volume.root) == self.target:
                table.selectRow(row)
        table.blockSignals(False)
        self.volumes_listed.emit()

    def _arrived(self, loaded: tuple[ExportPreview, list[ExportRecord]]) -> None:
        self.preview, records = loaded
        self._show_preview(self.preview)
        self._show_history(records)
        self.loaded.emit()

    def _show_preview(self, p: ExportPreview) -> None:
        self.ui.officeName.setText(p.office.name)
        lines = [self.tr("Next package: No. {0:04d}").format(p.sequence), self.tr("File name: {0}").format(p.file_name),
                 self.tr("Attachments not yet at the county: {0} files, {1}").format(
                     p.attachments, format_size(p.attachment_bytes))]
        last = p.last
        lines.append(self.tr("Last export: No. {0:04d} on {1}, to {2}").format(
            last.sequence, local_text(last.created_at), last.folder or last.file_name) if last
            else self.tr("Nothing exported yet."))
        self.ui.summary.setText("\n".join(lines))
        parts = [(ENTITY_LABELS.get(name) or self.tr("Audit log entries"), count)
                 for name, count in p.row_counts.items()]
        half = (len(parts) + 1) // 2
        rows = [(*parts[i], *(parts[i + half] if i + half < len(parts) else ("", ""))) for i in range(half)]
        fill(self.ui.counts, (self.tr("Part"), self.tr("Rows"), self.tr("Part"), self.tr("Rows")), rows,
             right_aligned=(1, 3))
        self.ui.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def _show_history(self, records: list[ExportRecord]) -> None:
        headers = (self.tr("No."), self.tr("Time"), self.tr("File name"), self.tr("Size"), self.tr("Rows"),
                   self.tr("Exported by"), self.tr("Written to"), self.tr("SHA-256"))
        fill(self.ui.history, headers, [
            (f"{r.sequence:04d}", local_text(r.created_at), r.file_name, format_size(r.size_bytes), r.rows,
             r.by_username, r.folder, r.sha256[:16]) for r in records],
             keys=[r.sequence for r in records], right_aligned=(0, 3, 4), stretch=6)
        for row, record in enumerate(records):
            cell = self.ui.history.item(row, 7)
            if cell is not None:
                cell.setToolTip(record.sha256)

    # where to write ---------------------------------------------------------------------------------
    def _volume_chosen(self) -> None:
        rows = self.ui.volumes.selectionModel().selectedRows()
        if rows:
            self.set_target(Path(self.volumes[rows[0].row()].root))

    def choose_folder(self) -> None:
        folder = file_dialogs.choose_folder(self, "package", self.tr("Where to write the package"), self.target)
        if folder is not None:
            self.ui.volumes.clearSelection()
            self.set_target(folder)

    def set_target(self, folder: Path) -> None:
        self.target = folder
        self._show_target()

    def _show_target(self) -> None:
        if self.target is None:
            self.ui.targetLabel.setText(self.tr("Plug in the USB stick and choose it in the list, or choose a folder."))
            return
        try:
            free = format_size(QStorageInfo(str(self.target)).bytesAvailable())
        except OSError:  # pragma: no cover - QStorageInfo does not raise; kept for odd platforms
            free = "?"
        self.ui.targetLabel.setText(self.tr("The package will be written to {0} ({1} free).").format(
            self.target, free))

    # export -----------------------------------------------------------------------------------------
    def export(self) -> bool:
        """Start the export; False (with the reason under the button) when it cannot start."""
        if not self.allowed or self.job is not None:
            return False
        first, again = self.ui.passphrase.text(), self.ui.passphraseAgain.text()
        if not first:
            return self._refuse(self.tr("Type the passphrase the county union gave you."))
        if first != again:
            self.ui.passphraseAgain.clear()
            return self._refuse(self.tr("The two passphrases differ. Type it again in the second line."))
        if self.target is None:
            return self._refuse(self.tr("Choose where to write first: the USB stick in the list, or a folder."))
        self._hint("", GREEN)
        db, user, target = self.db, self.user, self.target
        self.job = Op.with_job(self, self.lanes, lambda job: package_export.export_package(
            db, user, target, first, job.progress, job.is_cancelled)) \
            .holding(self.ui.exportPackage) \
            .with_progress(self.tr("Writing the package to {0}…").format(target), self.tr("Cancel")) \
            .success(self._exported).failure(self._export_failed).run()
        return True

    def _refuse(self, text: str) -> bool:
        self._hint(text, RED)
        return False

    def _exported(self, info: PackageInfo) -> None:
        self.job = None
        self._clear_passphrase()
        text = self.tr(
            "The package was written, read back and verified.\n\nFile: {0}\nFolder: {1}\nNumber: {2:04d}\n"
            "Size: {3}\nRows: {4}, attachments: {5}\n\nKeep the passphrase apart from the USB stick: never write it "
            "on the stick or carry them together.").format(
            info.path.name, info.path.parent, info.sequence, format_size(info.size_bytes),
            sum(info.row_counts.values()), info.attachments)
        self._message(self.tr("Package No. {0:04d} written and verified.").format(info.sequence), GREEN)
        self.dialog = QMessageBox(QMessageBox.Icon.Information, self.tr("Package exported"), text,
                                  QMessageBox.StandardButton.Ok, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        self.exported.emit(info)
        self.refresh()

    def _export_failed(self, exc: Exception) -> None:
        self.job = None
        self._hint(describe(exc), RED)
        show_error(self, exc)
        self.export_failed.emit(exc)

    # plumbing ---------------------------------------------------------------------------------------
    def _clear_passphrase(self) -> None:
        self.ui.passphrase.clear()
        self.ui.passphraseAgain.clear()

    def _hint(self, text: str, color: str) -> None:
        self.ui.exportHint.setStyleSheet(f"color: {color};")
        self.ui.exportHint.setText(text)

    def _message(self, text: str, color: str) -> None:
        self.ui.message.setStyleSheet(f"color: {color};")
        self.ui.message.setText(text)

    def hideEvent(self, event: QHideEvent) -> None:
        if self.job is None:
            self._clear_passphrase()  # nothing typed stays behind when the clerk walks away
        super().hideEvent(event)

