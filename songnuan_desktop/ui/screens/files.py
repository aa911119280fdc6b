"""档案: the list of worker files, filtered as the clerk types (name, pinyin, ID digits, file number, unit);
a file opens in the file form; a row's context menu opens it or prints its 档案表 (preview first)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QMenu, QWidget

from songnuan_desktop.domain.codes import CATEGORIES, FILE_STATUSES
from songnuan_desktop.domain.errors import DomainError
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_export import ExportResult, export_register
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.dialogs.file_sheet_print import FileSheetPrinter
from songnuan_desktop.ui.generated.ui_files_screen import Ui_FilesScreen
from songnuan_desktop.ui.messages import describe, show_error, show_info
from songnuan_desktop.ui.models.file_list_model import COLUMNS, FileListModel
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.workers.lanes import Lanes

if TYPE_CHECKING:
    from songnuan_desktop.ui.dialogs.import_wizard import ImportWizard

TYPING_PAUSE_MS = 120
NUMBER_COLUMNS = (COLUMNS.index("id_number"), COLUMNS.index("phone"))  # sized again when full numbers show
SORTABLE = {"file_no": "file_no", "name": "name", "category": "category", "status": "status",
            "reviewed_date": "reviewed_date"}


class FilesScreen(QWidget):
    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.ui = Ui_FilesScreen()
        self.ui.setupUi(self)
        self.form: FileForm | None = None  # the file open now (one at a time)
        self.model = FileListModel(db, user, lanes, self)
        self.ui.table.setModel(self.model)
        self.ui.table.verticalHeader().setVisible(False)
        self.ui.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.ui.table.horizontalHeader().setStretchLastSection(True)
        self.ui.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.ui.category.addItem(self.tr("All categories"), "")
        for category in CATEGORIES:
            self.ui.category.addItem(category, category)
        self.ui.status.addItem(self.tr("All statuses"), "")
        for status in FILE_STATUSES:
            self.ui.status.addItem(status, status)
        self.pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.apply)
        self.ui.search.textChanged.connect(lambda _text: self.pause.start())
        for combo in (self.ui.category, self.ui.status):
            combo.currentIndexChanged.connect(self.apply)
        for box in (self.ui.notReviewed, self.ui.neverAssisted):
            box.toggled.connect(self.apply)
        self.ui.table.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self.apply())
        self.model.loaded.connect(self._counted)
        self.model.failed.connect(lambda exc: self.ui.count.setText(describe(exc)))
        self.ui.table.activated.connect(self.open_row)  # double-click, and Enter
        self.ui.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.ui.table.customContextMenuRequested.connect(self._context_menu)
        self.menu: QMenu | None = None
        self.printer: FileSheetPrinter | None = None
        self.ui.newFile.clicked.connect(lambda: self.open_file(None))
        follow_role(self.ui.newFile, user, Action.NEW_FILE)
        self.ui.fullNumbers.setVisible(file_list.may_see_full_numbers(user))
        self.ui.fullNumbers.toggled.connect(self.toggle_full_numbers)
        self.ui.importFiles.clicked.connect(self.open_import)
        follow_role(self.ui.importFiles, user, Action.IMPORT_WORKERS)
        self.ui.exportFiles.clicked.connect(self.choose_export_file)
        follow_role(self.ui.exportFiles, user, Action.EXPORT_WORKERS)
        self.wizard: ImportWizard | None = None
        self.started = False
        self.sized = False
        self.size_numbers = False  # the ID and phone columns take the width of what the next page shows

    def open_row(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.model.rows):
            self.open_file(self.model.rows[index.row()].id)

    def row_menu(self, index: QModelIndex) -> QMenu | None:
        """打开 and 打印档案表… for the file of a row (the menu a right-click shows)."""
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        row = self.model.rows[index.row()]
        self.menu = menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_file(row.id))
        menu.addAction(self.tr("Print file sheet…"), lambda: self.print_sheet(row.id, row.file_no, row.name))
        return menu

    def _context_menu(self, point: QPoint) -> None:
        menu = self.row_menu(self.ui.table.indexAt(point))
        if menu is not None:
            menu.popup(self.ui.table.viewport().mapToGlobal(point))

    def print_sheet(self, file_id: uuid.UUID, file_no: str, name: str) -> FileSheetPrinter:
        """The file's 档案表, written as `songnuan print-file` writes it, shown in the preview to print or save."""
        if self.printer is None:
            self.printer = FileSheetPrinter(self, self.db, self.user, self.lanes)
        self.printer.print_sheet(file_id, file_no, name)
        return self.printer

    def open_file(self, file_id: uuid.UUID | None) -> FileForm | None:
        """The file form, modal; the list follows every save."""
        try:
            self.form = FileForm(self.db, self.user, self.lanes, file_id, self)
        except DomainError as exc:  # deleted by someone else since the list was read
            show_error(self, exc)
            return None
        self.form.saved.connect(lambda _id: self.apply())
        self.form.open()
        return self.form

    def toggle_full_numbers(self, on: bool) -> None:
        """Full numbers for an allowed role, logged each time they are turned on (the check and the audit entry on
        the database lane); masked again when off."""
        if not on:
            self._show_numbers(False)
            return
        db, user, shown = self.db, self.user, self.current_filter()

        def refused(exc: Exception) -> None:
            show_error(self, exc)
            self.ui.fullNumbers.setChecked(False)

        Op(self, self.lanes, lambda: file_list.show_full_numbers(db, user, shown)) \
            .holding(self.ui.fullNumbers).success(lambda _: self._show_numbers(True)).failure(refused).run()

    def _show_numbers(self, full: bool) -> None:
        self.size_numbers = True
        self.model.set_filter(self.current_filter(), full_numbers=full)

    def open_import(self) -> ImportWizard:
        """The import wizard, modal; the list shows what it imported."""
        # Imported here, not with the screen: the wizard brings openpyxl, numpy and python-calamine (~0.25 s CPU,
        # ~0.8 s on a busy machine) to a screen opened every day for a dialog used a few times a year.
        from songnuan_desktop.ui.dialogs.import_wizard import ImportWizard

        self.wizard = ImportWizard(self.db, self.user, self.lanes, self)
        self.wizard.imported.connect(self.apply)
        self.wizard.open()
        return self.wizard

    def choose_export_file(self) -> None:
        default = self.tr("Register of hardship workers-{0}.xlsx").format(f"{dt.date.today():%Y%m%d}")
        target = file_dialogs.save_file(self, "register_export", self.tr("Export the register of the files shown"),
                                        self.tr("Excel workbooks (*.xlsx)"), default)
        if target is not None:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        """The register (登记表) of the files the filter shows, written in the background."""
        db, user, flt = self.db, self.user, self.current_filter()
        Op(self, self.lanes, lambda: export_register(db, user, flt, target)) \
            .with_progress(self.tr("Writing the register…")).success(self._exported).run()

    def _exported(self, result: ExportResult) -> None:
        show_info(self, self.tr("{0} files were written to {1}.").format(result.files, result.path))

    def current_filter(self) -> file_list.FileFilter:
        header = self.ui.table.horizontalHeader()
        key = COLUMNS[header.sortIndicatorSection()] if header.sortIndicatorSection() >= 0 else "file_no"
        return file_list.FileFilter(
            text=self.ui.search.text(), category=self.ui.category.currentData() or "",
            status=self.ui.status.currentData() or "", not_reviewed_for_a_year=self.ui.notReviewed.isChecked(),
            never_assisted=self.ui.neverAssisted.isChecked(), sort=SORTABLE.get(key, "file_no"),
            descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        )

    def apply(self) -> None:
        self.pause.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        if not self.started:
            self.started = True
            self.apply()

    def _counted(self, rows: int) -> None:
        if not self.sized and rows:
            self.sized = True  # widths from the first page, so ID numbers and units show whole
            self.ui.table.resizeColumnsToContents()
        elif self.size_numbers and rows:  # full numbers are wider than masked ones, and back
            for column in NUMBER_COLUMNS:
                self.ui.table.resizeColumnToContents(column)
        self.size_numbers = self.size_numbers and not rows
        if not rows and self.model.complete and self._unfiltered():  # a new office: where the files come from
            self.ui.count.setText(self.tr("No files yet: a clerk adds them one household at a time with "
                                          "New file… or takes in a register with Import from Excel…."))
            return
        more = "" if self.model.complete else self.tr(" (scroll for more)")
        self.ui.count.setText(self.tr("{0} files shown{1}").format(rows, more))

    def _unfiltered(self) -> bool:
        """Whether the list asks for every file (in whatever order)."""
        return dataclasses.replace(self.current_filter(), sort="file_no", descending=False) == file_list.FileFilter()
