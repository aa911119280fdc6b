"""A progress dialog that follows a background job (shown only when the job takes a while). ui.ops shows it for
an op `with_progress`; `progress_dialog` is for the screens that still submit to the lanes by hand."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from songnuan_desktop.workers.lanes import Job

SHOW_AFTER_MS = 500


def progress_dialog(parent: QWidget, label: str, job: Job, cancel_text: str = "") -> QProgressDialog:
    """Modal to its window, shown after half a second; the cancel button (if any) asks the job to stop."""
    dialog = waiting_dialog(parent, label, job.cancel, cancel_text)
    job.signals.progress.connect(lambda done, total: show_progress(dialog, done, total))
    return dialog


def waiting_dialog(parent: QWidget, label: str, cancel: Callable[[], None], cancel_text: str = "") -> QProgressDialog:
    """The dialog alone (ui.ops feeds it `show_progress` from the job's reports): modal to its window, shown
    after half a second; its cancel button (if any) calls `cancel`."""
    dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
    if not cancel_text:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(parent.window().windowTitle())
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel)
    return dialog


def show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(total)
    dialog.setValue(done)
