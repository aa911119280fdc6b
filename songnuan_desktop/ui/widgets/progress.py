"""A progress dialog that follows a background job (shown only when the job takes a while)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from songnuan_desktop.workers.lanes import Job

SHOW_AFTER_MS = 500


def progress_dialog(parent: QWidget, label: str, job: Job, cancel_text: str = "") -> QProgressDialog:
    """Modal to its window, shown after half a second; the cancel button (if any) asks the job to stop."""
    dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
    if not cancel_text:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(parent.window().windowTitle())
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)
    job.signals.progress.connect(lambda done, total: _show(dialog, done, total))
    return dialog


def _show(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(total)
    dialog.setValue(done)
