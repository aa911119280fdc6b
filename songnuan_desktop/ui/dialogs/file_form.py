"""档案表单: one worker file in tabs — person, employment, hardship, household, income, causes,
account, attachments, history. Checks as the clerk types; the service has the last word on save.

Every read and write runs on the database lane (ui.ops, STYLE rule 4): the file, its attachments and its
eligibility are read in one job when it opens (`ready` turns True once shown) and again in the job that
saves, reviews or exits it; the buttons are held while one runs, so a write lock held by another lane never
freezes the window."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QWidget,
)

from songnuan_desktop.domain import codes
from songnuan_desktop.domain.eligibility import Judgement
from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.domain.ids import birth_date, check_id, id_warning, normalize_id, sex_of
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.parsing import Parsed, parse_bank_card, parse_phone
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.settings import EXCLUSION_LABELS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.files import attachments, eligibility, file_detail, file_sheet, worker_files
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_files import FileInput
from songnuan_desktop.ui.dialogs.file_exit_dialog import FileExitDialog
from songnuan_desktop.ui.dialogs.file_form_tabs import AttachmentsTab, HistoryTab
from songnuan_desktop.ui.dialogs.org_picker import Lists, OrgPickers, offered
from songnuan_desktop.ui.dialogs.papers import PaperDesk
from songnuan_desktop.ui.generated.ui_file_form import Ui_FileForm
from songnuan_desktop.ui.messages import describe, show_info
from songnuan_desktop.ui.ops import Op
from songnuan_desktop.ui.widgets import field_message, id_warnings
from songnuan_desktop.ui.widgets.household_tables import IncomesTable, MembersTable
from songnuan_desktop.ui.widgets.refusals import follow_role
from songnuan_desktop.workers.lanes import Lanes

DISABILITIES = ("",) + tuple(f"{kind}{grade}" for kind in codes.DISABILITY_KINDS for grade in codes.DISABILITY_GRADES)
NO_CAUSE = ""


@dataclasses.dataclass(frozen=True)
class _Stored:
    """The file as stored now: what the form shows, read in one job on the database lane."""

    detail: file_detail.FileDetail
    lists: Lists  # the unions and units offered, with the ones the file names
    attachments: list[attachments.AttachmentInfo]
    judgement: Judgement | None
    not_judged: str = ""  # why no judgement, in words: the form stays usable, the reason shown in its place


def _read(db: Database, user: SessionUser, file_id: uuid.UUID) -> _Stored:
    detail = file_detail.load(db, user, file_id)
    lists = offered(db, user.office_id, detail.data.union_id, detail.data.work_unit_id)
    found = attachments.list_for(db, file_id)
    try:
        return _Stored(detail, lists, found, eligibility.judge_file(db, file_id))
    except Exception as exc:  # noqa: BLE001 - the form stays usable; the reason is shown in its place
        return _Stored(detail, lists, found, None, describe(exc))


def _save(db: Database, user: SessionUser, detail: file_detail.FileDetail | None,
          data: FileInput) -> tuple[worker_files.FileSaved, _Stored]:
    """On the database lane: the file created or updated, then read again as stored."""
    if detail is None:
        saved = worker_files.create(db, user, data)
    else:
        saved = worker_files.update(db, user, detail.id, data, detail.row_version)
    return saved, _read(db, user, saved.id)


def _set(combo: QComboBox, value: str) -> None:
    """Select `value`, adding it when an older file holds a value the lists no longer offer."""
    if combo.findText(value) < 0:
        combo.addItem(value)
    combo.setCurrentIndex(combo.findText(value))


class FileForm(QDialog):
    saved = Signal(object)  # the file's id, after every save, review or exit

    def __init__(self, db: Database, user: SessionUser, lanes: Lanes, file_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.user, self.lanes = db, user, lanes
        self.detail: file_detail.FileDetail | None = None
        self.ready = False  # the form shows the stored file (or a new, empty one)
        self._close_when_saved = False  # 关闭 → 保存: the form closes once the save is stored
        self._converted = ""  # the 18-digit number a 15-digit one was just converted to (its note shown)
        self.confirmed_ids: set[str] = set()  # numbers with an unknown region code the clerk has confirmed
        self.ui = Ui_FileForm()
        self.ui.setupUi(self)
        self.members = MembersTable(self.ui.members, self)
        self.incomes = IncomesTable(self.ui.incomes, self)
        self.attachments = AttachmentsTab(self.ui, db, user, lanes, self)
        self.history = HistoryTab(self.ui, db, user, lanes, self)
        self.papers = PaperDesk(self, lanes)
        self.exclusions: dict[str, QCheckBox] = {}
        self.clean: FileInput | None = None  # what the form showed when loaded or saved: unsaved changes differ
        self._fill_lists()
        self._connect()
        for table in (self.ui.members, self.ui.incomes):
            table.installEventFilter(self)
        self.load(file_id)

    # set-up ---------------------------------------------------------------------------------------
    def _fill_lists(self) -> None:
        ui = self.ui
        for combo, values in (
            (ui.ethnicity, codes.ETHNICITIES), (ui.politicalStatus, codes.POLITICAL_STATUSES),
            (ui.maritalStatus, ("",) + codes.MARITAL_STATUSES), (ui.hukouType, ("",) + codes.HUKOU_TYPES),
            (ui.housing, ("",) + codes.HOUSING_TYPES), (ui.health, codes.HEALTH_STATUSES),
            (ui.disability, DISABILITIES), (ui.employmentStatus, codes.EMPLOYMENT_STATUSES),
            (ui.workerType, codes.WORKER_TYPES), (ui.modelWorkerLevel, codes.MODEL_WORKER_LEVELS),
            (ui.mainCause, ("",) + codes.CAUSES),
        ):
            combo.addItems(list(values))
        for combo in self._secondary():
            combo.addItems([NO_CAUSE, *codes.CAUSES])
        self.orgs = OrgPickers(self.db, self.user, self.lanes, ui.employmentForm, ui.workUnit, self)
        for key, label in EXCLUSION_LABELS.items():
            if key != "dues_unpaid":  # follows 会费已缴 on the employment tab
                box = QCheckBox(label)
                self.exclusions[key] = box
                ui.exclusionsLayout.addWidget(box)
        for button in ui.buttons.buttons():  # Enter in a field finishes the field; it does not save the file
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        ui.eventDate.setDate(QDate.currentDate())
        ui.eventDate.setEnabled(False)
        ui.tabs.setCurrentIndex(0)

    def _fill_categories(self, current: str) -> None:
        """New files are offered the current 困难类别 only; an old file's legacy one is shown, marked, and kept."""
        combo = self.ui.category
        combo.clear()
        for value in ("", *codes.CATEGORIES_CURRENT):
            combo.addItem(value, value)
        if current and current not in codes.CATEGORIES_CURRENT:
            combo.addItem(self.tr("{0} (old category)").format(current), current)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def _secondary(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return self.ui.secondaryCause1, self.ui.secondaryCause2, self.ui.secondaryCause3

    def _connect(self) -> None:
        ui = self.ui
        ui.idNumber.textEdited.connect(lambda _t: self._check_id(finished=False))
        ui.idNumber.editingFinished.connect(lambda: self._check_id(finished=True))
        ui.phone.textEdited.connect(lambda _t: self._check_phone(finished=False))
        ui.phone.editingFinished.connect(lambda: self._check_phone(finished=True))
        ui.bankCard.textEdited.connect(lambda _t: self._check_card(finished=False))
        ui.bankCard.editingFinished.connect(lambda: self._check_card(finished=True))
        ui.name.editingFinished.connect(self._check_name)
        for edit, message, label in ((ui.headIncome, ui.headIncomeMessage, "户主月收入"),
                                     (ui.medicalSelfpaid, ui.medicalSelfpaidMessage, "医疗自付费用"),
                                     (ui.disasterLoss, ui.disasterLossMessage, "灾害损失")):
            edit.textEdited.connect(lambda _t, e=edit, m=message, lb=label: field_message.show_parsed(
                m, field_message.money(e.text(), lb), e))
        ui.hasEventDate.toggled.connect(ui.eventDate.setEnabled)
        ui.addMember.clicked.connect(lambda: self.members.add())
        ui.removeMember.clicked.connect(self.members.remove_current)
        ui.addIncome.clicked.connect(lambda: self.incomes.add())
        ui.removeIncome.clicked.connect(self.incomes.remove_current)
        self.members.changed.connect(self._household_changed)
        ui.revealNumbers.clicked.connect(self.reveal)
        ui.reviewButton.clicked.connect(self.review)
        ui.exitButton.clicked.connect(self.exit_file)
        ui.printSheet.clicked.connect(self.print_sheet)

    # loading --------------------------------------------------------------------------------------
    def load(self, file_id: uuid.UUID | None, then: Callable[[], None] | None = None) -> None:
        """Show the file as stored (read on the database lane), or a new empty one; `then()` once shown."""
        self.ready = False
        db, user = self.db, self.user
        if file_id is None:  # shown at once; the unions and units to choose from follow from the lane
            self.detail = None
            self._fill(FileInput(name="", id_number="", category=""), {"union": [], "unit": []})
            self._after_load(None)
            Op(self, self.lanes, lambda: offered(db, user.office_id, None, None)).holding(*self._action_buttons()) \
                .success(self._offered).failure(lambda exc: field_message.show(self.ui.error, describe(exc))).run()
            return
        Op(self, self.lanes, lambda: _read(db, user, file_id)).holding(*self._action_buttons()) \
            .success(lambda stored: self._show_stored(stored, then)) \
            .failure(lambda exc: field_message.show(self.ui.error, describe(exc))).run()

    def _offered(self, lists: Lists) -> None:
        self.orgs.fill(*self.orgs.values(), lists)
        self.ready = True

    def _action_buttons(self) -> tuple[QWidget, ...]:
        """Held while a job of the form runs."""
        ui = self.ui
        return ui.buttons, ui.reviewButton, ui.exitButton, ui.printSheet, ui.revealNumbers

    def _show_stored(self, stored: _Stored, then: Callable[[], None] | None = None) -> None:
        self.detail = stored.detail
        self._fill(stored.detail.data, stored.lists)
        self._after_load(stored)
        self.ready = True
        if then is not None:
            then()

    def _after_load(self, stored: _Stored | None) -> None:
        detail, ui = self.detail, self.ui
        file_id = detail.id if detail else None
        exited = detail is not None and detail.status in worker_files.EXIT_STATUSES
        open_file = not exited and not (detail and detail.masked)
        editable = self.user.may(Action.EDIT_FILE) and open_file
        self._set_editable(editable)
        self.clean = self.collect()[0] if editable else None
        ui.revealNumbers.setVisible(bool(detail and detail.masked))
        follow_role(ui.reviewButton, self.user, Action.REVIEW_FILE, open_file and file_id is not None)
        follow_role(ui.exitButton, self.user, Action.EXIT_FILE, open_file and file_id is not None)
        ui.printSheet.setEnabled(file_id is not None)
        self._header()
        self._hint(exited, editable)
        self.attachments.show(file_id, editable, stored.attachments if stored else [])
        self.history.load(file_id)
        self._judge(stored)

    def _header(self) -> None:
        d = self.detail
        if d is None:
            self.setWindowTitle(self.tr("New worker file"))
            self.ui.header.setText(self.tr("New worker file"))
            return
        self.setWindowTitle(self.tr("Worker file {0} — {1}").format(d.file_no, d.data.name))
        self.ui.header.setText(self.tr("File {0} · {1} · {2} · filed {3} · last reviewed {4}").format(
            d.file_no, d.data.name, d.status, _date(d.filed_date), _date(d.reviewed_date)))

    def _hint(self, exited: bool, editable: bool) -> None:
        d, text = self.detail, ""
        if exited and d is not None:
            text = self.tr("This file exited ({0}, {1}) on {2}; it is kept and can be read, not changed.").format(
                d.status, d.exit_reason, _date(d.exit_date))
        elif d is not None and d.masked:
            text = self.tr("ID and card numbers are masked for your role; “Show full numbers” shows them and "
                           "records that you looked.")
        elif not editable:
            text = self.tr("Only a clerk can change worker files; you can read this one.")
        self.ui.readOnlyHint.setText(text)
        self.ui.readOnlyHint.setVisible(bool(text))

    def _fill(self, data: FileInput, lists: Lists) -> None:
        ui = self.ui
        for edit, text in ((ui.name, data.name), (ui.idNumber, data.id_number), (ui.phone, data.phone),
                           (ui.address, data.address), (ui.regionCode, data.region_code),
                           (ui.medicalInsurance, data.medical_insurance), (ui.bankName, data.bank_name),
                           (ui.bankBranch, data.bank_branch), (ui.bankCard, data.bank_card),
                           (ui.headIncome, _yuan(data.monthly_income_fen)),
                           (ui.medicalSelfpaid, _yuan(data.medical_selfpaid_fen)),
                           (ui.disasterLoss, _yuan(data.disaster_loss_fen))):
            edit.setText(text)
        for combo, value in ((ui.ethnicity, data.ethnicity), (ui.politicalStatus, data.political_status),
                             (ui.maritalStatus, data.marital_status), (ui.hukouType, data.hukou_type),
                             (ui.housing, data.housing), (ui.health, data.health), (ui.disability, data.disability),
                             (ui.employmentStatus, data.employment_status), (ui.workerType, data.worker_type),
                             (ui.modelWorkerLevel, data.model_worker_level)):
            _set(combo, value)
        self._fill_categories(data.category)
        self.orgs.fill(data.union_id, data.work_unit_id, lists)
        for box, flag in ((ui.singleParent, data.single_parent), (ui.zeroEmployment, data.zero_employment),
                          (ui.selfHelpCapable, data.self_help_capable), (ui.duesPaid, data.dues_paid)):
            box.setChecked(flag)
        ui.situation.setPlainText(data.situation)
        ui.hasEventDate.setChecked(data.hardship_event_date is not None)
        if data.hardship_event_date:
            ui.eventDate.setDate(QDate(data.hardship_event_date))
        for key, box in self.exclusions.items():
            box.setChecked(key in data.exclusions)
        causes = list(data.causes) + [NO_CAUSE] * 4
        _set(ui.mainCause, causes[0])
        for combo, cause in zip(self._secondary(), causes[1:4], strict=True):
            _set(combo, cause)
        self.members.set_members(data.members)
        self.incomes.set_items(data.incomes)
        self._derived(data.id_number)
        self._household_changed()
        for label in self._messages():
            field_message.show(label)

    def _messages(self) -> tuple[QLabel, ...]:
        ui = self.ui
        return (ui.nameMessage, ui.idMessage, ui.phoneMessage, ui.categoryMessage, ui.headIncomeMessage,
                ui.medicalSelfpaidMessage, ui.disasterLossMessage, ui.membersMessage, ui.incomesMessage,
                ui.causesMessage, ui.cardMessage, ui.error)

    def _set_editable(self, editable: bool) -> None:
        for tab in (self.ui.personTab, self.ui.employmentTab, self.ui.hardshipTab, self.ui.membersTab,
                    self.ui.incomeTab, self.ui.causesTab, self.ui.accountTab):
            for widget in tab.findChildren(QWidget):
                if isinstance(widget, QLineEdit | QPlainTextEdit):
                    widget.setReadOnly(not editable or widget in (self.ui.sex, self.ui.birthDate))
                elif isinstance(widget, QComboBox | QCheckBox | QDateEdit | QPushButton):
                    widget.setEnabled(editable)
        self.ui.eventDate.setEnabled(editable and self.ui.hasEventDate.isChecked())
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)

    # checks as the clerk types --------------------------------------------------------------------
    def _check_id(self, finished: bool) -> None:
        edit, text = self.ui.idNumber, normalize_id(self.ui.idNumber.text())
        if "*" in text:
            return
        if finished and text and text == self._converted:
            return  # the focus left after Enter (editingFinished again): the conversion note stays
        self._converted = ""
        if finished and len(text) == 15 and text.isdigit():
            number, reason = check_id(text)
            if number:
                self._converted = number
                edit.setText(number)
                field_message.show(self.ui.idMessage, self.tr(
                    "A 15-digit old number: converted to its 18-digit form {0}.").format(number), warning=True)
                field_message.mark(edit, False)
                self._derived(number)
                return
        if len(text) < 18 and not finished:
            field_message.show(self.ui.idMessage)
            field_message.mark(edit, False)
            self._derived("")
            return
        number, reason = check_id(text) if text else (None, "请填写户主身份证号")
        unknown_region = id_warning(number) if number else None
        field_message.show(self.ui.idMessage, unknown_region or ("" if number else f"{reason}。"),
                           warning=bool(unknown_region))
        field_message.mark(edit, number is None)
        self._derived(number or "")

    def _derived(self, number: str) -> None:
        if "*" in number and self.detail is not None and self.detail.masked:
            self.ui.sex.setText(self.detail.sex)
            self.ui.birthDate.setText(self.tr("(hidden with the ID number)"))
            return
        valid = bool(number) and "*" not in number and check_id(number)[0] is not None
        self.ui.sex.setText(sex_of(number) if valid else "")
        self.ui.birthDate.setText(birth_date(number).isoformat() if valid else "")

    def _check_phone(self, finished: bool) -> None:
        text = self.ui.phone.text()
        if "*" in text or (not finished and sum(c.isdigit() for c in text) < 11):
            field_message.show(self.ui.phoneMessage)
            field_message.mark(self.ui.phone, False)
            return
        field_message.show_parsed(self.ui.phoneMessage, parse_phone(text, "手机"), self.ui.phone)

    def _check_card(self, finished: bool) -> None:
        text = self.ui.bankCard.text()
        if "*" in text or (not finished and sum(c.isdigit() for c in text) < 16):
            field_message.show(self.ui.cardMessage)
            field_message.mark(self.ui.bankCard, False)
            return
        field_message.show_parsed(self.ui.cardMessage, parse_bank_card(text), self.ui.bankCard)

    def _check_name(self) -> None:
        empty = not self.ui.name.text().strip()
        field_message.show(self.ui.nameMessage, "请填写户主姓名。" if empty else "")
        field_message.mark(self.ui.name, empty)

    def _household_changed(self) -> None:
        size = 1 + self.ui.members.rowCount()
        self.ui.householdSummary.setText(self.tr("Household of {0}; members' monthly income {1} yuan").format(
            size, format_fen(self.members.monthly_total_fen())))

    # saving ---------------------------------------------------------------------------------------
    def collect(self) -> tuple[FileInput, list[str]]:
        """The form as the service's input, and what the form already knows is wrong."""
        ui, problems = self.ui, []
        amounts: dict[str, Parsed[int]] = {}
        for key, edit, label in (("monthly_income_fen", ui.headIncome, "户主月收入"),
                                 ("medical_selfpaid_fen", ui.medicalSelfpaid, "医疗自付费用"),
                                 ("disaster_loss_fen", ui.disasterLoss, "灾害损失")):
            amounts[key] = field_message.money(edit.text(), label)
            if amounts[key].reason:
                problems.append(str(amounts[key].reason))
        problems += self.members.problems() + self.incomes.problems()
        union_id, unit_id = self.orgs.values()
        causes = tuple(c for c in [ui.mainCause.currentText(), *(c.currentText() for c in self._secondary())]
                       if c != NO_CAUSE)
        data = FileInput(
            name=ui.name.text().strip(), id_number=normalize_id(ui.idNumber.text()), category=_category(ui.category),
            phone=ui.phone.text().strip(), address=ui.address.text().strip(), region_code=ui.regionCode.text().strip(),
            hukou_type=ui.hukouType.currentText(), ethnicity=ui.ethnicity.currentText().strip(),
            political_status=ui.politicalStatus.currentText(), marital_status=ui.maritalStatus.currentText(),
            health=ui.health.currentText().strip(), disability=ui.disability.currentText().strip(),
            housing=ui.housing.currentText().strip(), medical_insurance=ui.medicalInsurance.text().strip(),
            work_unit_id=unit_id, union_id=union_id, employment_status=ui.employmentStatus.currentText(),
            worker_type=ui.workerType.currentText(), model_worker_level=ui.modelWorkerLevel.currentText(),
            dues_paid=ui.duesPaid.isChecked(), single_parent=ui.singleParent.isChecked(),
            zero_employment=ui.zeroEmployment.isChecked(), self_help_capable=ui.selfHelpCapable.isChecked(),
            situation=ui.situation.toPlainText().strip(), monthly_income_fen=amounts["monthly_income_fen"].value or 0,
            bank_name=ui.bankName.text().strip(), bank_branch=ui.bankBranch.text().strip(),
            bank_card=ui.bankCard.text().strip(), causes=causes, members=self.members.members(),
            incomes=self.incomes.items(),
            hardship_event_date=ui.eventDate.date().toPython() if ui.hasEventDate.isChecked() else None,
            medical_selfpaid_fen=amounts["medical_selfpaid_fen"].value or 0,
            disaster_loss_fen=amounts["disaster_loss_fen"].value or 0,
            exclusions=tuple(k for k, box in self.exclusions.items() if box.isChecked()),
        )
        if self.detail is not None:
            data = dataclasses.replace(data, filed_date=self.detail.data.filed_date)
        return data, problems

    def accept(self) -> None:
        """Save, and stay open: the eligibility, warnings and history of the saved file are shown."""
        self._close_when_saved = False
        self.save()

    def save(self) -> bool:
        """Stored on the database lane; False when nothing was sent (the reason shown, or declined)."""
        if not self.ready:
            return False
        data, problems = self.collect()
        if problems:
            self._refuse(problems[0], "members" if self.members.problems() else "")
            return False
        people = [("户主" + data.name, data.id_number), *((m.name, m.id_number) for m in data.members)]
        if not id_warnings.confirm(self, people, self.confirmed_ids):
            return False
        db, user, detail = self.db, self.user, self.detail
        return Op(self, self.lanes, lambda: _save(db, user, detail, data)).holding(*self._action_buttons()) \
            .success(self._saved).failure(self._save_refused).one_at_a_time().run() is not None

    def _saved(self, result: tuple[worker_files.FileSaved, _Stored]) -> None:
        saved, stored = result
        self._show_stored(stored)
        note = self.tr("Saved as file {0}.").format(saved.file_no)
        self._status(" ".join([note, *saved.warnings]), warning=bool(saved.warnings))
        self.saved.emit(saved.id)
        if self._close_when_saved:
            self._close_when_saved = False
            super().reject()

    def _save_refused(self, exc: Exception) -> None:
        self._close_when_saved = False
        if isinstance(exc, ValidationFailed):
            self._refuse(exc.message, str(exc.fields.get("field", "")))
        else:
            self._refuse(exc.message if isinstance(exc, DomainError) else describe(exc), "")

    # closing ------------------------------------------------------------------------------------------
    def unsaved(self) -> bool:
        return self.clean is not None and self.collect()[0] != self.clean

    def reject(self) -> None:
        """Esc, 关闭 and the window's close button: unsaved changes are never thrown away without asking."""
        if self.unsaved():
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self, self.tr("Unsaved changes"),
                self.tr("This file has changes that are not saved. Save them before closing?"),
                buttons.Save | buttons.Discard | buttons.Cancel, buttons.Cancel)
            if answer == buttons.Cancel:
                return
            if answer == buttons.Save:
                # closed once stored; refused: the reason is shown under its field, the input stays
                self._close_when_saved = self.save()
                return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never saves the dialog: it moves to the next field."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the household tables: an Esc a cell editor did not use stops at its table (it used to close the
        whole form from a member's date cell)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and watched in (self.ui.members, self.ui.incomes)):
            return True
        return super().eventFilter(watched, event)

    def _status(self, text: str, warning: bool = False) -> None:
        self.ui.error.setStyleSheet(field_message.WARNING_STYLE if warning else "color: #1b5e20;")
        self.ui.error.setText(text)

    def _refuse(self, message: str, field: str) -> None:
        """The refusal under the field it concerns, on its tab, and at the bottom; input stays."""
        ui = self.ui
        places: dict[str, tuple[QWidget, QLabel]] = {
            "name": (ui.personTab, ui.nameMessage), "id_number": (ui.personTab, ui.idMessage),
            "phone": (ui.personTab, ui.phoneMessage), "category": (ui.hardshipTab, ui.categoryMessage),
            "causes": (ui.causesTab, ui.causesMessage), "members": (ui.membersTab, ui.membersMessage),
            "bank_card": (ui.accountTab, ui.cardMessage), "exclusions": (ui.hardshipTab, ui.categoryMessage),
        }
        if field == "region_code":  # no message line of its own: its tab and the line at the bottom
            ui.tabs.setCurrentWidget(ui.personTab)
            ui.regionCode.setFocus()
        if field in places:
            tab, label = places[field]
            ui.tabs.setCurrentWidget(tab)
            field_message.show(label, message)
        field_message.show(ui.error, message)

    # actions --------------------------------------------------------------------------------------
    def reveal(self) -> None:
        if self.detail is None:
            return
        db, user, file_id = self.db, self.user, self.detail.id
        Op(self, self.lanes, lambda: file_detail.reveal(db, user, file_id)).holding(*self._action_buttons()) \
            .success(self._revealed).one_at_a_time().run()

    def _revealed(self, full: file_detail.FileDetail) -> None:
        self.detail = full
        ui, data = self.ui, full.data
        ui.idNumber.setText(data.id_number)
        ui.phone.setText(data.phone)
        ui.bankCard.setText(data.bank_card)
        self._derived(data.id_number)
        self.members.set_members(data.members)
        self._set_editable(False)
        ui.revealNumbers.setVisible(False)
        ui.readOnlyHint.setText(self.tr("Full numbers shown; your look was recorded in the audit log."))
        self.history.load(full.id)

    def review(self) -> None:
        if self.detail is None:
            return
        db, user, file_id = self.db, self.user, self.detail.id
        Op(self, self.lanes, lambda: worker_files.review(db, user, file_id)).holding(*self._action_buttons()) \
            .success(self._reviewed).one_at_a_time().run()

    def _reviewed(self, saved: worker_files.FileSaved) -> None:
        if self.detail is None:
            return
        self.detail = dataclasses.replace(self.detail, row_version=saved.row_version, reviewed_date=dt.date.today())
        self._header()
        self.history.load(saved.id)
        show_info(self, self.tr("The annual review of file {0} is recorded for {1}.").format(
            saved.file_no, dt.date.today().isoformat()))
        self.saved.emit(saved.id)

    def exit_file(self) -> None:
        if self.detail is None:
            return
        file_id = self.detail.id
        dialog = FileExitDialog(self.db, self.user, self.lanes, file_id, self)
        if dialog.exec():
            self.load(file_id, then=lambda: self.saved.emit(file_id))

    def print_sheet(self) -> None:
        """打印档案表…: written on the database lane as `songnuan print-file` writes it (logged, published),
        then shown in the preview to print or save. Unsaved changes are not on it: the form says so first."""
        if self.detail is None:
            return
        if self.unsaved():
            show_info(self, self.tr("The file sheet shows the file as saved; save your changes first to have "
                                    "them on it."))
            return
        file_id, file_no = self.detail.id, self.detail.file_no
        self.papers.show(self.tr("Writing the file sheet…"), self.tr("File sheet {0}").format(file_no),
                         f"档案表-{file_no}.pdf",
                         lambda path: file_sheet.export_file_sheet(self.db, self.user, file_id, path))

    def _judge(self, stored: _Stored | None) -> None:
        if stored is None:
            self.ui.eligibility.setText(self.tr("Save the file to see its eligibility in words."))
            return
        judgement = stored.judgement
        if judgement is None:
            self.ui.eligibility.setText(stored.not_judged)
            return
        lines = [self.tr("Result: {0}").format(judgement.category), *(f"• {s}" for s in judgement.sentences)]
        self.ui.eligibility.setText("\n".join(lines))


def _category(combo: QComboBox) -> str:
    value = combo.currentData()
    return value if isinstance(value, str) else combo.currentText()


def _yuan(fen: int) -> str:
    return format_fen(fen) if fen else ""


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"
