"""Every paper from the window, the one way (STYLE 17; issue 13 item 3): a screen's PDF — vouchers, the
notice, the roster, the spot-check list, the route sheet — is written on the database lane into the
screen's temporary folder (the service logs the print as it always does), then shown in the
PdfPreviewDialog to print through the system dialog or save where the clerk chooses.

A paper that carries numbers is written as its 样张 (`sample`) and handed a `Numbering`: the numbers are
allocated only when the clerk prints or saves it from the preview, never when it opens.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from songnuan_desktop.ui.dialogs.pdf_preview import Numbering, PdfPreviewDialog
from songnuan_desktop.ui.messages import show_error
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Lanes

Write = Callable[[Path], Any]  # writes the PDF to the path it is given, on the database lane


class PaperDesk(QObject):
    """One screen's papers: `show` writes and previews; `previewed` carries each dialog it opens."""

    previewed = Signal(object)  # the PdfPreviewDialog just opened
    numbered = Signal(object)  # a 样张 was numbered (what its Numbering.write returned)

    def __init__(self, owner: QWidget, lanes: Lanes, on_error: Callable[[Exception], None] | None = None) -> None:
        """`on_error` words a failure on the owner (by default a message box over it)."""
        super().__init__(owner)
        self.owner, self.lanes = owner, lanes
        self.on_error: Callable[[Exception], None] = on_error or (lambda exc: show_error(owner, exc))
        self.temp: tempfile.TemporaryDirectory[str] | None = None
        self.dialog: PdfPreviewDialog | None = None

    def file_for(self, saved_name: str) -> Path:
        """A fresh file in the screen's temporary folder (removed with the screen)."""
        if self.temp is None:
            self.temp = tempfile.TemporaryDirectory(prefix="songnuan-", ignore_cleanup_errors=True)
        return Path(self.temp.name) / f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}-{saved_name}"

    def show(self, label: str, title: str, saved_name: str, write: Write,
             written: Callable[[Any], None] | None = None) -> bool:
        """Write the paper on the lane, then preview it; `written(result)` first (the screen's message).
        False when the screen is busy with another job."""
        path = self.file_for(saved_name)

        def done(result: Any) -> None:
            if written is not None:
                written(result)
            self.preview(path, title, saved_name)

        return self._write(label, write, path, done)

    def show_sample(self, label: str, title: str, saved_name: str, sample: Write,
                    numbering: Callable[[Any], Numbering]) -> bool:
        """Write the 样张 on the lane and preview it; `numbering(sample_result)` says how it is numbered
        when printed or saved."""
        path = self.file_for(saved_name)

        def done(result: Any) -> None:
            self.preview(path, title, saved_name, numbering(result))

        return self._write(label, sample, path, done)

    def _write(self, label: str, write: Write, path: Path, done: Callable[[Any], None]) -> bool:
        """On the database lane with a progress dialog, one job of the owner at a time (ui.ops)."""
        return Op(self.owner, self.lanes, lambda: write(path)).with_progress(label).one_at_a_time() \
            .success(done).failure(self.on_error).run() is not None

    def preview(self, path: Path, title: str, saved_name: str = "",
                numbering: Numbering | None = None) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(path, title, saved_name, self.owner.window(), numbering)
        dialog.numbered.connect(self.numbered.emit)
        self.dialog = dialog
        dialog.open()
        self.previewed.emit(dialog)
        return dialog
