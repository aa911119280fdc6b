"""A progress dialog that follows a background job (shown only when the job takes a while)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from songnuan_desktop.workers.lanes import Job, Lanes

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


class JobRunner:
    """A screen's background work, one job at a time, on the database lane with a progress dialog; the
    result goes to `done`, a failure to `on_error`, both on the UI thread."""

    def __init__(self, owner: QWidget, lanes: Lanes, on_error: Callable[[Exception], None]) -> None:
        self.owner, self.lanes, self.on_error = owner, lanes, on_error
        self.dialog: QProgressDialog | None = None

    @property
    def busy(self) -> bool:
        return self.dialog is not None

    def run(self, label: str, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None]) -> bool:
        """Start `fn(*args)`; False (and nothing started) while another job of this screen runs."""
        if self.busy:
            return False
        job = self.lanes.submit(self.lanes.db, fn, *args, owner=self.owner, on_done=lambda v: self._ran(done, v),
                                on_error=self._failed)
        self.dialog = progress_dialog(self.owner, label, job)
        return True

    def _end(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _ran(self, done: Callable[[Any], None], value: Any) -> None:
        self._end()
        done(value)

    def _failed(self, exc: Exception) -> None:
        self._end()
        self.on_error(exc)
