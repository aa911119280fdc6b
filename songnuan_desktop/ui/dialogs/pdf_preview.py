"""A written PDF shown in the program (QtPdf's QPdfView), printed through the system print dialog, or saved.

QtPdf is imported when a PDF is first shown (the only imports left in functions here). Where it cannot be
imported (an install made before the program depended on PySide6-Pdf) the dialog says so in words and still
offers to save the file or open it with the system's PDF viewer: the file is written either way.

A paper that carries numbers (vouchers) is shown as its 样张 with a `Numbering`: nothing is allocated
while it is looked at or when the dialog is closed; 打印 (once the system print dialog is accepted) or
另存为 runs `Numbering.write` on the database lane — the service numbers, logs and publishes the paper in
one commit (services.publishing.publish) — and then prints or keeps the numbered file, which the dialog shows from
then on. A refusal (printed by someone else meanwhile) is shown and the 样张 stays.

Printing renders each page with QPdfDocument.render into the printer's painter, at the printer's
resolution up to MAX_PRINT_DPI (a 1200-dpi A4 page as one image would take half a gigabyte; 300 dpi
is what an office laser prints text and rules at).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

from songnuan_desktop.ui.generated.ui_pdf_preview_dialog import Ui_PdfPreviewDialog
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets.refusals import show_refusal
from songnuan_desktop.workers.lanes import Lanes

MAX_PRINT_DPI = 300
AVAILABLE: bool | None = None  # None: try the import once; tests set False to see the degraded dialog


def qtpdf_available() -> bool:
    global AVAILABLE
    if AVAILABLE is None:
        try:
            # in a function: an install without PySide6-Pdf still shows the dialog (save, open elsewhere)
            from PySide6 import QtPdf, QtPdfWidgets  # noqa: F401 - only whether they load
        except ImportError:
            AVAILABLE = False
        else:
            AVAILABLE = True
    return AVAILABLE


def print_pdf(document: Any, printer: Any, step: Callable[[int, int], bool] | None = None) -> int:
    """Every page of `document` (a loaded QPdfDocument) in the printer's page range, each fitted to the
    printer's full page; `step(done, total)` is told after each page and stops the print when it says
    False. Returns the pages sent."""
    count = document.pageCount()
    first = max(1, printer.fromPage() or 1)
    last = min(count, printer.toPage() or count)
    pages = list(range(first - 1, last))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    sent = 0
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            _draw_page(painter, document, page, dpi)
            sent += 1
            if step is not None and not step(sent, len(pages)):
                break
    finally:
        painter.end()
    return sent


def _draw_page(painter: QPainter, document: Any, page: int, dpi: int) -> None:
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = document.render(page, size)
    target = painter.viewport()
    fitted = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    corner = QPoint(target.x() + (target.width() - fitted.width()) // 2,
                    target.y() + (target.height() - fitted.height()) // 2)
    painter.drawImage(QRect(corner, fitted), image)


def prepare_printer(printer: Any, document: Any) -> None:
    """The whole sheet is the PDF's (its own margins), the paper the size of its first page."""
    printer.setFullPage(True)
    if document.pageCount():
        printer.setPageSize(QPageSize(document.pagePointSize(0), QPageSize.Unit.Point))
    printer.setFromTo(0, 0)


@dataclass(frozen=True)
class Numbering:
    """How a 样张 becomes its numbered paper: `write(target)` numbers and writes it to `target` on the
    database lane (e.g. services.payouts.vouchers.print_vouchers of the sample's items); `said(result)` in words."""

    lanes: Lanes
    label: str  # the progress dialog's words while it is numbered
    write: Callable[[Path], Any]
    said: Callable[[Any], str]
    note: str  # what the 样张 is, shown above it until it is numbered


class PdfPreviewDialog(QDialog):
    """Shows `path`; `title` names the document (发放凭证 of …), `saved_name` is the name offered to save as;
    `numbering` makes it a 样张 numbered only when printed or saved (see the module doc)."""

    numbered = Signal(object)  # what Numbering.write returned: the paper is numbered and written

    def __init__(self, path: Path, title: str, saved_name: str = "", parent: QWidget | None = None,
                 numbering: Numbering | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PdfPreviewDialog()
        self.ui.setupUi(self)
        self.path, self.saved_name = path, saved_name or path.name
        self.numbering = numbering
        self.setWindowTitle(title)
        self.document: Any = None
        self.view: Any = None
        self.ui.saveAs.clicked.connect(self.choose_save_as)
        self.ui.openExternal.clicked.connect(self.open_external)
        self.ui.printButton.clicked.connect(self.choose_printer)
        if qtpdf_available():
            self._show_document()
        else:
            self._degraded()
        self._show_note()
        self._fit(parent)

    def _show_note(self) -> None:
        sample = self.numbering is not None
        self.ui.sampleNote.setVisible(sample)
        if self.numbering is not None:
            self.ui.sampleNote.setText(self.numbering.note)

    def _show_document(self) -> None:
        # only once qtpdf_available() said yes: it may be missing from an older install
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.ui.unavailable.hide()
        self.document = QPdfDocument(self)
        error = self.document.load(str(self.path))
        if error != QPdfDocument.Error.None_:
            self.ui.summary.setText(self.tr("The file could not be read for the preview: {0}").format(self.path))
            self.ui.printButton.setEnabled(False)
            return
        self.view = QPdfView(self.ui.viewHolder)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.ui.viewLayout.addWidget(self.view)
        zooms: list[tuple[str, Any, float]] = [(self.tr("Fit width"), QPdfView.ZoomMode.FitToWidth, 0.0),
                                               (self.tr("Whole page"), QPdfView.ZoomMode.FitInView, 0.0)]
        zooms += [(f"{p} %", QPdfView.ZoomMode.Custom, p / 100) for p in (50, 75, 100, 150, 200)]
        for label, mode, factor in zooms:
            self.ui.zoom.addItem(label, (mode, factor))
        self.ui.zoom.currentIndexChanged.connect(self._zoom)
        self._zoom()
        self.ui.summary.setText(self.tr("{0} pages · {1}").format(self.page_count(), self.saved_name))

    def _degraded(self) -> None:
        self.ui.printButton.hide()
        self.ui.zoom.hide()
        self.ui.summary.setText(self.saved_name)

    def _zoom(self) -> None:
        mode, factor = self.ui.zoom.currentData()
        self.view.setZoomMode(mode)
        if factor:  # a custom zoom
            self.view.setZoomFactor(factor)

    def _fit(self, parent: QWidget | None) -> None:
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry().size()
            self.resize(min(900, room.width() - 40), min(room.height() - 60, 900))

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    # saving and opening -----------------------------------------------------------------------------
    def choose_save_as(self) -> None:
        name = file_dialogs.save_file(self, "papers", self.tr("Save as"), self.tr("PDF files (*.pdf)"),
                                      self.saved_name)
        if name is not None:
            self.save_to(name)

    def save_to(self, target: Path) -> Path:
        """A copy of the shown file at `target`; a 样张 is numbered and written there instead (on the lane:
        `numbered` says when)."""
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if self.numbering is not None:
            self._number(target, lambda: self.ui.summary.setText(self.tr("Saved to {0}").format(target)))
            return target
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Save as"), self.tr("The file could not be saved to {0}: {1}").format(
                target, exc.strerror or exc))
            raise
        self.ui.summary.setText(self.tr("Saved to {0}").format(target))
        return target

    def open_external(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    # printing ---------------------------------------------------------------------------------------
    def choose_printer(self) -> None:
        if self.document is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.document)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count())
        if self.numbering is not None:  # every page numbered is printed: no number without its paper
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, False)
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, False)
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, False)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_chosen(printer)

    def print_chosen(self, printer: Any) -> None:
        """The system print dialog was accepted: a 样张 is numbered first, then its numbered file printed."""
        if self.numbering is None:
            self._print_or_say(printer)
        else:
            self._number(self.path.with_name(f"{self.path.stem}-编号.pdf"), lambda: self._print_or_say(printer))

    def _print_or_say(self, printer: Any) -> None:
        try:
            self.print_to(printer)
        except OSError:
            QMessageBox.warning(self, self.tr("Print"), self.tr(
                "The printer could not be started. Check that it is switched on and connected, then press "
                "“Print…” here again; the file shown is kept (you may also save it)."))

    # numbering a 样张 -------------------------------------------------------------------------------
    def _number(self, target: Path, then: Callable[[], Any]) -> None:
        numbering = self.numbering
        if numbering is None:
            return

        def done(result: Any) -> None:
            self.numbering = None  # from now on this is the numbered paper: print and save it as it is
            self.path = target
            if self.document is not None:
                self.document.load(str(target))
            self._show_note()
            self.ui.summary.setText(numbering.said(result))
            self.numbered.emit(result)
            then()

        Op(self, numbering.lanes, lambda: numbering.write(target)).with_progress(numbering.label) \
            .one_at_a_time().success(done).failure(self._numbering_failed).run()

    def _numbering_failed(self, exc: Exception) -> None:
        show_refusal(self, exc)  # nothing was numbered: the 样张 stays

    def print_to(self, printer: Any) -> int:
        """Send the pages to `printer`, a progress dialog in front when there are more than a few."""
        progress = QProgressDialog(self.tr("Printing…"), self.tr("Stop"), 0, self.page_count(), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            sent = print_pdf(self.document, printer, step)
        finally:
            progress.close()
            progress.deleteLater()
        self.ui.summary.setText(self.tr("{0} pages sent to the printer “{1}”.").format(
            sent, printer.printerName() or printer.outputFileName()))
        return sent
