"""The two editable tables of the file form: household members, and other income and rigid expenses.

Every cell is a real input widget (line edit or list), so a clerk types into a member's ID number as
into any other field and the birth date beside it follows as they type.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem, QWidget

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.ids import birth_date, check_id, normalize_id
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.services.files.worker_files import IncomeInput, MemberInput
from songnuan_desktop.ui.widgets.field_message import mark, money

NAME, RELATION, ID_NUMBER, BORN, HEALTH, IDENTITY, UNIT, INCOME, NOTE = range(9)
DIRECTION, KIND, AMOUNT, INCOME_NOTE = range(4)
DIRECTIONS = {"income": "收入", "expense": "刚性支出"}


def _combo(values: tuple[str, ...], current: str, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(values))
    combo.setEditable(editable)
    if current and current not in values:
        combo.addItem(current)
    combo.setCurrentText(current)
    return combo


def _money_text(fen: int) -> str:
    return format_fen(fen) if fen else ""


class MembersTable(QObject):
    """家庭成员 in a QTableWidget; `problems()` lists what would stop a save, in Chinese."""

    changed = Signal()

    def __init__(self, table: QTableWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        headers = [self.tr("Name"), self.tr("Relation to head"), self.tr("ID number"), self.tr("Date of birth"),
                   self.tr("Health"), self.tr("Status"), self.tr("Work unit or school"),
                   self.tr("Monthly income (yuan)"), self.tr("Note")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NAME, 80), (RELATION, 96), (ID_NUMBER, 168), (BORN, 92), (HEALTH, 104),
                              (IDENTITY, 76), (INCOME, 104), (NOTE, 96)):
            table.setColumnWidth(column, width)

    def _edit(self, row: int, column: int) -> QLineEdit:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QLineEdit)
        return widget

    def _choice(self, row: int, column: int) -> QComboBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    def set_members(self, members: tuple[MemberInput, ...]) -> None:
        self.table.setRowCount(0)
        for member in members:
            self.add(member)

    def add(self, member: MemberInput | None = None) -> int:
        # A new member is the spouse only while there is none; after that the clerk chooses (a second
        # member silently became a second 配偶).
        spouse = any(self._choice(r, RELATION).currentText() == "配偶" for r in range(self.table.rowCount()))
        m = member or MemberInput(name="", relation="" if spouse else "配偶")
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in ((NAME, m.name), (ID_NUMBER, m.id_number), (UNIT, m.unit_or_school),
                             (INCOME, _money_text(m.monthly_income_fen)), (NOTE, m.note)):
            edit = QLineEdit(text)
            edit.setFrame(False)
            edit.textChanged.connect(self.changed)
            self.table.setCellWidget(row, column, edit)
        number = self._edit(row, ID_NUMBER)
        number.textChanged.connect(lambda _t: self._born(number))
        number.editingFinished.connect(lambda: self._upgrade(number))
        self._edit(row, INCOME).setAlignment(Qt.AlignmentFlag.AlignRight)
        for column, values, current, editable in (
            (RELATION, ("",) + codes.RELATIONS, m.relation, False), (HEALTH, codes.HEALTH_STATUSES, m.health, True),
            (IDENTITY, ("",) + codes.MEMBER_IDENTITIES, m.identity, True),
        ):
            combo = _combo(values, current, editable)
            combo.currentTextChanged.connect(self.changed)
            self.table.setCellWidget(row, column, combo)
        born = QTableWidgetItem()
        born.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, BORN, born)
        self._born(self._edit(row, ID_NUMBER))
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, ID_NUMBER) is widget:
                return row
        return -1

    def _upgrade(self, edit: QLineEdit) -> None:
        """A 15-digit legacy number becomes its 18-digit form when the clerk leaves the cell."""
        text = normalize_id(edit.text())
        if len(text) == 15 and text.isdigit():
            number, _reason = check_id(text)
            if number:
                edit.setText(number)

    def _born(self, edit: QLineEdit) -> None:
        row = self._row_of(edit)
        if row < 0:
            return
        number, _reason = check_id(edit.text()) if len(normalize_id(edit.text())) == 18 else (None, None)
        item = self.table.item(row, BORN)
        if item is not None:
            item.setText(birth_date(number).isoformat() if number else "")
        mark(edit, bool(edit.text().strip()) and "*" not in edit.text() and number is None
             and len(normalize_id(edit.text())) >= 18)

    def members(self) -> tuple[MemberInput, ...]:
        found = []
        for row in range(self.table.rowCount()):
            income = money(self._edit(row, INCOME).text(), "月收入")
            found.append(MemberInput(
                name=self._edit(row, NAME).text().strip(), relation=self._choice(row, RELATION).currentText(),
                id_number=normalize_id(self._edit(row, ID_NUMBER).text()),
                health=self._choice(row, HEALTH).currentText().strip(),
                identity=self._choice(row, IDENTITY).currentText().strip(),
                unit_or_school=self._edit(row, UNIT).text().strip(), monthly_income_fen=income.value or 0,
                note=self._edit(row, NOTE).text().strip(),
            ))
        return tuple(found)

    def problems(self) -> list[str]:
        """What the form can say before the service is asked: amounts and ID numbers, per member."""
        found = []
        for row in range(self.table.rowCount()):
            who = f"第{row + 1}位家庭成员"
            if self._edit(row, NAME).text().strip() and not self._choice(row, RELATION).currentText():
                found.append(f"请选择{who}与户主的关系。")
            income = money(self._edit(row, INCOME).text(), f"{who}的月收入")
            if income.reason:
                found.append(income.reason)
            text = self._edit(row, ID_NUMBER).text()
            if text.strip() and "*" not in text:
                number, reason = check_id(text)
                if number is None:
                    found.append(f"{who}的{reason}")
        return found

    def monthly_total_fen(self) -> int:
        return sum(m.monthly_income_fen for m in self.members())


class IncomesTable(QObject):
    """Other income and rigid expenses, as yearly amounts."""

    changed = Signal()

    def __init__(self, table: QTableWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        headers = [self.tr("Income or expense"), self.tr("Kind"), self.tr("Yearly amount (yuan)"), self.tr("Note")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(INCOME_NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((DIRECTION, 120), (KIND, 160), (AMOUNT, 140)):
            table.setColumnWidth(column, width)

    def set_items(self, items: tuple[IncomeInput, ...]) -> None:
        self.table.setRowCount(0)
        for item in items:
            self.add(item)

    def add(self, item: IncomeInput | None = None) -> int:
        i = item or IncomeInput("income", codes.INCOME_KINDS[0], 0)
        row = self.table.rowCount()
        self.table.insertRow(row)
        direction = QComboBox()
        for code, label in DIRECTIONS.items():
            direction.addItem(label, code)
        direction.setCurrentIndex(max(0, direction.findData(i.direction)))
        kind = _combo(self._kinds(i.direction), i.kind, editable=True)
        direction.currentIndexChanged.connect(lambda _i, d=direction, k=kind: self._kinds_for(d, k))
        amount, note = QLineEdit(_money_text(i.annual_fen)), QLineEdit(i.note)
        amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        for edit in (amount, note):
            edit.setFrame(False)
            edit.textChanged.connect(self.changed)
        kind.currentTextChanged.connect(self.changed)
        cells: tuple[tuple[int, QWidget], ...] = ((DIRECTION, direction), (KIND, kind), (AMOUNT, amount),
                                                  (INCOME_NOTE, note))
        for column, widget in cells:
            self.table.setCellWidget(row, column, widget)
        return row

    @staticmethod
    def _kinds(direction: str) -> tuple[str, ...]:
        return codes.INCOME_KINDS if direction == "income" else codes.EXPENSE_KINDS

    def _kinds_for(self, direction: QComboBox, kind: QComboBox) -> None:
        kind.clear()
        kind.addItems(list(self._kinds(str(direction.currentData()))))
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def _cells(self, row: int) -> tuple[QComboBox, QComboBox, QLineEdit, QLineEdit]:
        widgets = [self.table.cellWidget(row, c) for c in range(4)]
        direction, kind, amount, note = widgets
        assert isinstance(direction, QComboBox) and isinstance(kind, QComboBox)
        assert isinstance(amount, QLineEdit) and isinstance(note, QLineEdit)
        return direction, kind, amount, note

    def items(self) -> tuple[IncomeInput, ...]:
        found = []
        for row in range(self.table.rowCount()):
            direction, kind, amount, note = self._cells(row)
            fen = money(amount.text(), "年金额").value or 0
            found.append(IncomeInput(str(direction.currentData()), kind.currentText().strip(), fen,
                                     note.text().strip()))
        return tuple(found)

    def problems(self) -> list[str]:
        found = []
        for row in range(self.table.rowCount()):
            direction, kind, amount, _note = self._cells(row)
            parsed = money(amount.text(), f"第{row + 1}行的年金额")
            mark(amount, bool(parsed.reason))
            if parsed.reason:
                found.append(parsed.reason)
            if not kind.currentText().strip():
                found.append(f"第{row + 1}行：请填写收支类别")
        return found
