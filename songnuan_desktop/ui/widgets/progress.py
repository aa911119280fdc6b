"""The progress dialog of an op `with_progress` (ui.ops): shown only when the job takes a while."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

SHOW_AFTER_MS = 500
MAX_WIDTH = 640  # wider labels wrap


def waiting_dialog(parent: QWidget, label: str, cancel: Callable[[], None], cancel_text: str = "") -> QProgressDialog:
    """Modal to its window, shown after half a second (ui.ops feeds it `show_progress` from the job's reports);
    its cancel button (if any) calls `cancel`, which asks the job to stop."""
    dialog = QProgressDialog(label, cancel_text, 0, 0, parent)
    words = QLabel(label, dialog)  # a long file name wraps instead of being cut off with "…"
    words.setWordWrap(True)
    dialog.setLabel(words)
    dialog.setMinimumWidth(min(MAX_WIDTH, words.fontMetrics().horizontalAdvance(label) + 60))
    if not cancel_text:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(parent.window().windowTitle())
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel)
    # QProgressDialog starts its show-after timer only on setValue(minimum): without it a job that never
    # reports (most database work) ran with no dialog at all, however long it took.
    dialog.setValue(0)
    return dialog


def show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(total)
    dialog.setValue(done)
