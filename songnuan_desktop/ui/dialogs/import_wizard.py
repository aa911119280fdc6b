"""The register import as a clerk does it: file and sheet → header and columns → preview → import.

Nothing is written before the last step. The preview is the import itself, rolled back (a dry run),
so what it lists — new, updated, unchanged, rejected with the reason — is exactly what the import
will do. Reading and trying run in the background with a progress dialog after half a second.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from songnuan_desktop.documents.register_columns import FIELDS, REQUIRED
from songnuan_desktop.documents.register_template import write_register_template
from songnuan_desktop.documents.register_reader import (
    HeaderGuess,
    ReadCancelled,
    RegisterRead,
    SheetInfo,
    detect_header,
    find_register_sheet,
    header_at,
    list_sheets,
    peek,
    read_register,
    write_rejected,
)
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.parsing import shown
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_import import ImportResult, import_register
from songnuan_desktop.ui.generated.ui_import_wizard import Ui_ImportWizard
from songnuan_desktop.ui.messages import describe, show_error
from songnuan_desktop.ui.widgets import file_dialogs
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.workers.lanes import Job, JobContext, Lanes

FILE, HEADER, PREVIEW, RESULT = range(4)
PEEK_ROWS = 12
WRAP_ROWS_UP_TO = 2000
REJECTED, NEW, UPDATED, KEPT, SAME = "rejected", "new", "updated", "kept", "same"
OUTCOME_COLOURS = {REJECTED: "#fde2e1", KEPT: "#fff4d6", UPDATED: "#e3f0ff"}


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_and_try(db: Database, user: SessionUser, path: Path, sheet: str, header: HeaderGuess,
                  update_existing: bool, progress: Any, is_cancelled: Any) -> tuple[RegisterRead, ImportResult]:
    """Read the register and try the import (rolled back): the preview. Progress: reading, then trying."""
    read = read_register(path, sheet=sheet, header=header, is_cancelled=is_cancelled,
                         progress=lambda done, total: progress(done, 2 * max(total, 1)))
    total = max(len(read.rows), 1)
    tried = import_register(db, user, read, update_existing=update_existing, source=path.name, dry_run=True,
                            is_cancelled=is_cancelled, progress=lambda done, _t: progress(total + done, 2 * total))
    return read, tried


def _try_again(db: Database, user: SessionUser, read: RegisterRead, path: Path, update_existing: bool,
               progress: Any, is_cancelled: Any) -> tuple[RegisterRead, ImportResult]:
    tried = import_register(db, user, read, update_existing=update_existing, source=path.name, dry_run=True,
                            progress=progress, is_cancelled=is_cancelled)
    return read, tried


class ImportWizard(QDialog):
    imported = Signal()  # files were written: the list shows them

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportWizard()
        self.ui.setupUi(self)
        self.db, self.user, self.lanes = db, user, lanes
        self.path: Path | None = None
        self.header: HeaderGuess | None = None
        self.read: RegisterRead | None = None
        self.tried: ImportResult | None = None
        self.outcome: ImportResult | None = None
        self.job: Job | None = None
        self._filling = False
        self.ui.browse.clicked.connect(self.choose_file)
        self.ui.saveTemplate.clicked.connect(self.choose_template_file)
        self.ui.back.clicked.connect(lambda: self._show(self.ui.pages.currentIndex() - 1))
        self.ui.next.clicked.connect(self.go_next)
        self.ui.run.clicked.connect(self.run_import)
        self.ui.saveRejected.clicked.connect(self.choose_rejected_file)
        self.ui.headerRow.valueChanged.connect(self._header_row_changed)
        self.ui.updateExisting.toggled.connect(lambda _on: self._preview(again=True))
        self.ui.sheet.currentIndexChanged.connect(lambda _i: self._forget_header())
        for table in (self.ui.sheetPreview, self.ui.mapping, self.ui.previewTable, self.ui.resultTable):
            table.verticalHeader().setVisible(False)
        self.ui.mapping.setColumnCount(3)
        self.ui.mapping.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Header in the file"),
                                                   self.tr("Imported as")])
        self.ui.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for table in (self.ui.previewTable, self.ui.resultTable):
            table.setColumnCount(5)
            table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Name"), self.tr("ID number"),
                                             self.tr("Result"), self.tr("Reason or note")])
        self._show(FILE)

    # --- steps -----------------------------------------------------------------------------------

    def _show(self, page: int) -> None:
        page = max(FILE, min(RESULT, page))
        self.ui.pages.setCurrentIndex(page)
        titles = [self.tr("1 Choose the file"), self.tr("2 Header and columns"), self.tr("3 Preview"),
                  self.tr("4 Done")]
        self.ui.steps.setText("  →  ".join(f"【{t}】" if i == page else t for i, t in enumerate(titles)))
        done = self.outcome is not None
        self.ui.back.setEnabled(FILE < page < RESULT and not self.busy)
        self.ui.next.setVisible(page < PREVIEW)
        self.ui.next.setEnabled(not self.busy and (page != FILE or self.ui.sheet.count() > 0)
                                and (page != HEADER or self._mapping_ok()))
        self.ui.run.setVisible(page == PREVIEW)
        self.ui.run.setEnabled(page == PREVIEW and not self.busy and self.tried is not None
                               and bool(self.tried.imported or self.tried.updated))
        self.ui.close.setText(self.tr("Close") if done or page == FILE else self.tr("Cancel"))
        self.ui.saveRejected.setVisible(done and bool(self.outcome and self.outcome.rejected))

    def go_next(self) -> None:
        page = self.ui.pages.currentIndex()
        if page == FILE:
            self._show(HEADER)
            if self.header is None:
                self._detect()
        elif page == HEADER:
            self._preview()

    # --- 1 file and sheet ------------------------------------------------------------------------

    def choose_file(self) -> None:
        path = file_dialogs.open_file(self, "register", self.tr("Choose the register"),
                                      self.tr("Registers (*.xlsx *.xls *.et *.ods *.csv *.txt);;All files (*)"))
        if path is not None:
            self.open_file(path)

    def choose_template_file(self) -> None:
        target = file_dialogs.save_file(self, "register", self.tr("Save the register template"),
                                        self.tr("Excel workbooks (*.xlsx)"), self.tr("register template.xlsx"))
        if target is not None:
            self.save_template_to(target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx"))

    def save_template_to(self, target: Path) -> Path | None:
        """The template written where the clerk chose; said under the file line, or why it could not be."""
        try:
            saved = write_register_template(target)
        except OSError as exc:
            show_error(self, ValidationFailed("save", f"无法保存到“{target}”：{exc.strerror or exc}。"
                                              "请换一个位置，或关闭正在打开它的 Excel 后再试。"))
            return None
        self.ui.fileMessage.setText(self.tr(
            "The template was saved to {0}. Fill it in (one row per household; delete the example row), "
            "save it, then choose it with “Choose file…”.").format(saved))
        return saved

    def open_file(self, path: Path) -> None:
        self.path = path
        self.ui.path.setText(str(path))
        self.ui.sheet.clear()
        self._forget_header()
        self.ui.fileMessage.setText(self.tr("Reading the sheets…"))
        self._start(lambda _job: self._sheets_of(path), done=self._sheets_read, on_cpu=True)

    @staticmethod
    def _sheets_of(path: Path) -> tuple[list[SheetInfo], str | None]:
        sheets = list_sheets(path)
        try:
            found = find_register_sheet(path)[0]
        except ValidationFailed:
            found = None
        return sheets, found

    def _sheets_read(self, value: tuple[list[SheetInfo], str | None]) -> None:
        sheets, found = value
        self._filling = True
        for info in sheets:
            self.ui.sheet.addItem(self.tr("{0} ({1} rows)").format(info.name, info.rows), info.name)
        if found is not None:
            self.ui.sheet.setCurrentIndex(self.ui.sheet.findData(found))
        self._filling = False
        self._forget_header()
        self.ui.fileMessage.setText(
            self.tr("The register was found on sheet “{0}”.").format(found) if found else
            self.tr("No sheet has a header with a name and an ID number column in its first 30 rows; "
                    "choose the sheet and point at the header row on the next step."))
        self._show(FILE)

    def _forget_header(self) -> None:
        if self._filling:
            return
        self.header, self.read, self.tried = None, None, None

    # --- 2 header and columns --------------------------------------------------------------------

    @property
    def sheet_name(self) -> str:
        return str(self.ui.sheet.currentData() or "")

    def _detect(self) -> None:
        assert self.path is not None
        path, sheet = self.path, self.sheet_name
        self._start(lambda _job: self._detect_in(path, sheet), done=self._detected, on_cpu=True)

    @staticmethod
    def _detect_in(path: Path, sheet: str) -> tuple[HeaderGuess, list[list[str]]]:
        try:
            header = detect_header(path, sheet)
        except ValidationFailed:
            header = header_at(path, sheet, 1)
        return header, peek(path, sheet, PEEK_ROWS)

    def _detected(self, value: tuple[HeaderGuess, list[list[str]]]) -> None:
        header, top = value
        table = self.ui.sheetPreview
        width = max((len(r) for r in top), default=0)
        table.setRowCount(len(top))
        table.setColumnCount(width)
        table.setHorizontalHeaderLabels([_column_letter(c) for c in range(1, width + 1)])
        table.setVerticalHeaderLabels([str(n) for n in range(1, len(top) + 1)])
        table.verticalHeader().setVisible(True)
        for r, cells in enumerate(top):
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        self._filling = True
        self.ui.headerRow.setValue(header.row)
        self._filling = False
        self._fill_mapping(header)

    def _header_row_changed(self, row: int) -> None:
        if self._filling or self.path is None:
            return
        path, sheet = self.path, self.sheet_name
        self._start(lambda _job: header_at(path, sheet, row), done=self._fill_mapping, on_cpu=True)

    def _fill_mapping(self, header: HeaderGuess) -> None:
        self.header, self.read, self.tried = header, None, None
        for r in range(self.ui.sheetPreview.rowCount()):
            for c in range(self.ui.sheetPreview.columnCount()):
                item = self.ui.sheetPreview.item(r, c)
                if item is not None:
                    item.setBackground(QColor("#e3f0ff") if r + 1 == header.row else QColor(Qt.GlobalColor.white))
        columns = [c for c, title in enumerate(header.titles, start=1) if title]
        table = self.ui.mapping
        table.setRowCount(len(columns))
        for r, column in enumerate(columns):
            table.setItem(r, 0, QTableWidgetItem(_column_letter(column)))
            table.setItem(r, 1, QTableWidgetItem(header.titles[column - 1]))
            combo = QComboBox()
            combo.addItem(self.tr("Not imported"), "")
            for key, spec in FIELDS.items():
                combo.addItem(spec.label, key)
            combo.setCurrentIndex(max(0, combo.findData(header.mapping.get(column, ""))))
            combo.setProperty("column", column)
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            table.setCellWidget(r, 2, combo)
        table.resizeColumnToContents(0)
        table.setColumnWidth(2, 160)
        self._mapping_changed()

    def edited_mapping(self) -> dict[int, str]:
        mapping: dict[int, str] = {}
        for r in range(self.ui.mapping.rowCount()):
            combo = self.ui.mapping.cellWidget(r, 2)
            if isinstance(combo, QComboBox) and combo.currentData():
                mapping[int(combo.property("column"))] = str(combo.currentData())
        return mapping

    def set_mapping(self, column: int, key: str) -> None:
        """Set what one column is imported as (as the clerk does with the combo box)."""
        for r in range(self.ui.mapping.rowCount()):
            combo = self.ui.mapping.cellWidget(r, 2)
            if isinstance(combo, QComboBox) and int(combo.property("column")) == column:
                combo.setCurrentIndex(combo.findData(key))

    def _mapping_problem(self) -> str:
        mapping = self.edited_mapping()
        keys = list(mapping.values())
        twice = sorted({FIELDS[k].label for k in keys if keys.count(k) > 1})
        if twice:
            return self.tr("{0} is chosen for more than one column: keep it on one column only.").format(
                "、".join(twice))
        missing = [FIELDS[k].label for k in REQUIRED if k not in keys]
        if missing:
            return self.tr("No column is imported as {0}: a file needs it. Choose the column, or check the "
                           "header row.").format("、".join(missing))
        return ""

    def _mapping_ok(self) -> bool:
        return self.header is not None and not self._mapping_problem()

    def _mapping_changed(self) -> None:
        self.read, self.tried = None, None
        problem = self._mapping_problem()
        self.ui.mappingMessage.setStyleSheet("color: #b00020;" if problem else "")
        self.ui.mappingMessage.setText(problem or self.tr("{0} columns will be imported.").format(
            len(self.edited_mapping())))
        self._show(self.ui.pages.currentIndex())

    # --- 3 preview -------------------------------------------------------------------------------

    def _preview(self, again: bool = False) -> None:
        if self.path is None or self.header is None or self.busy:
            return
        if again and self.read is None:
            return
        self._show(PREVIEW)
        self.ui.summary.setText(self.tr("Reading the register and checking every row…"))
        self.ui.previewTable.setRowCount(0)
        update = self.ui.updateExisting.isChecked()
        db, user, path, read = self.db, self.user, self.path, self.read
        if again and read is not None:
            self._start(lambda job: _try_again(db, user, read, path, update, job.progress, job.is_cancelled),
                        done=self._previewed, label=self.tr("Checking the rows against the files…"))
            return
        header = HeaderGuess(self.header.row, self.edited_mapping(), [], list(self.header.titles))
        sheet = self.sheet_name
        self._start(lambda job: _read_and_try(db, user, path, sheet, header, update, job.progress, job.is_cancelled),
                    done=self._previewed, label=self.tr("Reading the register and checking every row…"))

    def _previewed(self, value: tuple[RegisterRead, ImportResult]) -> None:
        self.read, self.tried = value
        self.ui.summary.setText(self.tr("If you import now: {0}").format(self.tried.message()))
        self._fill_outcomes(self.ui.previewTable, self.tried, self.read)
        self._show(PREVIEW)

    def _fill_outcomes(self, table: QTableWidget, result: ImportResult, read: RegisterRead) -> None:
        names = {r.row: (r.values.get("name", ""), r.values.get("id_number", "")) for r in read.rows}
        notes: dict[int, list[str]] = {}
        for row, warning in result.warnings:
            notes.setdefault(row, []).append(warning)
        lines: list[tuple[int, str, str, str]] = [
            (r.row, REJECTED, self.tr("Rejected"), r.reason) for r in result.rejected]
        for done_list, kind, label in (
                (result.imported, NEW, self.tr("New file")), (result.updated, UPDATED, self.tr("Update file")),
                (result.kept, KEPT, self.tr("Has a file, not updated")),
                (result.unchanged, SAME, self.tr("Same as the file"))):
            lines.extend((d.row, kind, f"{label} {d.file_no}", "；".join(notes.get(d.row, []))) for d in done_list)
        order = {REJECTED: 0, KEPT: 1, UPDATED: 2, NEW: 3, SAME: 4}
        lines.sort(key=lambda line: (order[line[1]], line[0]))
        raw = {r.row: r.raw for r in result.rejected}
        table.setUpdatesEnabled(False)
        table.setRowCount(len(lines))
        for i, (row, kind, label, note) in enumerate(lines):
            name, number = names.get(row, ("", ""))
            if not name and row in raw:
                name, number = self._name_and_id(raw[row])
            cells = [str(row), name, number, label, note]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4 and text:
                    item.setToolTip(text)
                if kind in OUTCOME_COLOURS:
                    item.setBackground(QColor(OUTCOME_COLOURS[kind]))
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(i, c, item)
        for c in range(4):
            table.resizeColumnToContents(c)
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if len(lines) <= WRAP_ROWS_UP_TO:  # long reasons wrap (once laid out); a huge register keeps one line
            QTimer.singleShot(0, table.resizeRowsToContents)
        table.setUpdatesEnabled(True)

    def _name_and_id(self, raw: list[Any]) -> tuple[str, str]:
        if self.header is None:
            return "", ""
        mapping = self.edited_mapping()
        found = {key: raw[c - 1] for c, key in mapping.items() if c <= len(raw) and key in ("name", "id_number")}
        name, number = found.get("name"), found.get("id_number")
        return ("" if name is None else shown(name)), ("" if number is None else shown(number))

    # --- 4 import --------------------------------------------------------------------------------

    def run_import(self) -> None:
        if self.read is None or self.path is None or self.busy:
            return
        db, user, read, update, source = (self.db, self.user, self.read, self.ui.updateExisting.isChecked(),
                                          self.path.name)
        self._start(lambda job: import_register(db, user, read, update_existing=update, source=source,
                                                progress=job.progress, is_cancelled=job.is_cancelled),
                    done=self._imported, label=self.tr("Importing…"))

    def _imported(self, result: ImportResult) -> None:
        self.outcome = result
        self.ui.resultText.setText(self.tr("Imported from {0}: {1}").format(
            self.path.name if self.path else "", result.message()))
        self._show(RESULT)
        if self.read is not None:
            self._fill_outcomes(self.ui.resultTable, result, self.read)
        self.imported.emit()

    def choose_rejected_file(self) -> None:
        default = (self.path or Path.home()).with_name(f"{(self.path or Path('花名册')).stem}-退回修改.xlsx")
        target = file_dialogs.save_file(self, "register", self.tr("Save the rejected rows"),
                                        self.tr("Excel workbooks (*.xlsx)"), default)
        if target is not None:
            self.save_rejected_to(target)

    def save_rejected_to(self, target: Path) -> Path | None:
        if self.outcome is None or self.read is None:
            return None
        try:
            saved = write_rejected(self.outcome.as_read(self.read), target)
        except OSError as exc:
            show_error(self, ValidationFailed("save", f"无法保存到“{target}”：{exc.strerror or exc}。"
                                              "请换一个位置，或关闭正在打开它的 Excel 后再试。"))
            return None
        self.ui.resultText.setText(self.ui.resultText.text() + "\n" + self.tr(
            "The rejected rows were saved to {0}: correct them there and import that file.").format(saved))
        return saved

    # --- background work -------------------------------------------------------------------------

    def _start(self, work: Callable[[JobContext], Any], done: Callable[[Any], None], label: str = "",
               on_cpu: bool = False) -> None:
        """One job at a time (ui.ops): reading the file on the file lane without a dialog, reading and checking
        the rows on the database lane with a progress dialog whose 停止 asks the job to stop."""
        op = Op.with_job(self, self.lanes, work).one_at_a_time().success(lambda v: self._finished(done, v)) \
            .failure(self._failed)
        if on_cpu:
            op.on_cpu()
        if label:
            op.with_progress(label, self.tr("Stop"))
        self.job = op.run()
        self._show(self.ui.pages.currentIndex())

    @property
    def busy(self) -> bool:
        """A job of the wizard is running (its buttons wait)."""
        return ops.busy(self)

    def _finished(self, done: Callable[[Any], None], value: Any) -> None:
        done(value)
        self._show(self.ui.pages.currentIndex())

    def _failed(self, exc: Exception) -> None:
        page = self.ui.pages.currentIndex()
        if isinstance(exc, ReadCancelled):
            self.ui.summary.setText(describe(exc))
        elif page == FILE:
            self.ui.fileMessage.setText(describe(exc))
            self.ui.sheet.clear()
        elif isinstance(exc, DomainError) and page == PREVIEW:
            self.ui.summary.setText(describe(exc))
        else:
            show_error(self, exc)
        self._show(page)

    def reject(self) -> None:
        if self.job is not None and self.busy:
            self.job.cancel()
        super().reject()
