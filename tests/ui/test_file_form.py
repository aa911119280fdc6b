"""The file form through its widgets, as a clerk (or an approver) uses it, over a real SQLite office."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.services.audit import audit_log
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.ui.dialogs.file_form import FileForm
from songnuan_desktop.ui.screens.files import FilesScreen
from songnuan_desktop.ui.widgets.household_tables import ID_NUMBER, NAME, RELATION
from songnuan_desktop.workers.lanes import Lanes
from tests.services.files.test_worker_files import BAD_CARD, CARD, HEAD, SON, WIFE, household, make_id
from tests.ui.helpers import settled, type_into


@pytest.fixture
def lanes() -> Lanes:
    return Lanes()


def _form(qtbot, db, user, lanes, file_id=None) -> FileForm:  # type: ignore[no-untyped-def]
    form = FileForm(db, user, lanes, file_id)
    qtbot.addWidget(form)
    form.show()
    settled(qtbot, form)  # the file read on the database lane
    return form


def _save(qtbot, form: FileForm) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(form.ui.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settled(qtbot, form)  # stored (or refused) on the database lane


def _cell(form: FileForm, row: int, column: int) -> QLineEdit:
    widget = form.ui.members.cellWidget(row, column)
    assert isinstance(widget, QLineEdit)
    return widget


def _fill_head(qtbot, form: FileForm, name: str, number: str) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, form.ui.name, name)
    type_into(qtbot, form.ui.idNumber, number)
    qtbot.keyClick(form.ui.idNumber, Qt.Key.Key_Return)
    form.ui.category.setCurrentText("相对困难")
    form.ui.mainCause.setCurrentText("患重特大疾病")


def test_clerk_creates_a_file_with_two_members_and_sees_them_again(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    screen = FilesScreen(ui_db, ui_clerk, lanes)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.mouseClick(screen.ui.newFile, Qt.MouseButton.LeftButton)
    form = screen.form
    assert form is not None and form.windowTitle() == "新建困难职工档案"
    settled(qtbot, form)  # the unions and units offered, read on the database lane
    _fill_head(qtbot, form, "张三", HEAD)
    assert (form.ui.sex.text(), form.ui.birthDate.text()) == ("男", "1980-01-01")
    for name, relation, number in (("李梅", "配偶", WIFE), ("张小明", "子", SON)):
        qtbot.mouseClick(form.ui.addMember, Qt.MouseButton.LeftButton)
        row = form.ui.members.rowCount() - 1
        type_into(qtbot, _cell(form, row, NAME), name)
        combo = form.ui.members.cellWidget(row, RELATION)
        assert isinstance(combo, QComboBox)
        combo.setCurrentText(relation)
        type_into(qtbot, _cell(form, row, ID_NUMBER), number)
    assert form.ui.members.item(1, 3).text() == "2008-07-10"  # birth date follows the ID as it is typed
    type_into(qtbot, form.ui.headIncome, "1500")
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        _save(qtbot, form)
    assert "已保存，档案编号" in form.ui.error.text()
    assert "张三" in [screen.model.rows[i].name for i in range(screen.model.rowCount())]  # the list follows
    assert form.detail is not None
    assert "认定：" in form.ui.eligibility.text() and "低保线" in form.ui.eligibility.text()

    again = _form(qtbot, ui_db, ui_clerk, lanes, form.detail.id)
    assert again.ui.members.rowCount() == 2
    assert [_cell(again, r, NAME).text() for r in range(2)] == ["李梅", "张小明"]
    assert _cell(again, 0, ID_NUMBER).text() == WIFE
    assert again.ui.headIncome.text() == "1,500.00"
    assert again.ui.householdSummary.text().startswith("家庭人口 3 人")


def test_enter_on_a_row_opens_the_file(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(ui_db, ui_clerk, household())
    screen = FilesScreen(ui_db, ui_clerk, lanes)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.refresh()
    screen.ui.table.setFocus()
    screen.ui.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.keyClick(screen.ui.table, Qt.Key.Key_Return)
    assert screen.form is not None
    settled(qtbot, screen.form)
    assert screen.form.detail is not None
    assert screen.form.detail.id == saved.id and saved.file_no in screen.form.ui.header.text()


def test_a_second_file_for_the_same_person_is_refused_naming_the_first(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    first = worker_files.create(ui_db, ui_clerk, household())
    form = _form(qtbot, ui_db, ui_clerk, lanes)
    _fill_head(qtbot, form, "张叁", WIFE)  # the wife is a member of the first file
    _save(qtbot, form)
    assert "一人只能在一份有效档案中" in form.ui.error.text() and first.file_no in form.ui.error.text()
    assert form.isVisible() and form.detail is None
    assert form.ui.name.text() == "张叁" and form.ui.idNumber.text() == WIFE  # the input is kept
    assert form.ui.tabs.currentWidget() is form.ui.personTab and form.ui.idMessage.isVisible()


def test_a_15_digit_id_is_converted_and_fills_sex_and_birth(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    full = make_id("19650412", "031")
    old = full[:6] + full[8:17]  # the 15-digit form of the same person
    form = _form(qtbot, ui_db, ui_clerk, lanes)
    type_into(qtbot, form.ui.idNumber, old)
    qtbot.keyClick(form.ui.idNumber, Qt.Key.Key_Return)
    assert form.ui.idNumber.text() == full
    assert (form.ui.sex.text(), form.ui.birthDate.text()) == ("男", "1965-04-12")
    assert "已转换为18位" in form.ui.idMessage.text()
    type_into(qtbot, form.ui.idNumber, HEAD[:-1] + ("0" if HEAD[-1] != "0" else "1"))
    assert "校验位" in form.ui.idMessage.text() and form.ui.sex.text() == ""


def test_an_id_of_a_code_unknown_to_the_table_is_saved_once_the_clerk_confirms(  # type: ignore[no-untyped-def]
        qtbot, ui_db, ui_clerk, lanes, monkeypatch) -> None:
    """Issue 15: the code table may lag behind a new county; the number is warned, not refused."""
    from PySide6.QtWidgets import QMessageBox
    from stdnum.cn import ric

    body = "52269919800101001"  # 贵州 52, county 2699 in no era of the table
    number = body + ric.calc_check_digit(body + "0")
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def question(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    form = _form(qtbot, ui_db, ui_clerk, lanes)
    _fill_head(qtbot, form, "杨新县", number)
    assert "522699" in form.ui.idMessage.text() and "8a5a00" in form.ui.idMessage.styleSheet()  # a warning
    assert form.ui.sex.text() == "男"
    _save(qtbot, form)
    assert form.detail is None and len(asked) == 1 and number in asked[0]  # 否: back to the form, nothing saved
    _save(qtbot, form)
    assert form.detail is not None and form.detail.data.id_number == number
    assert "522699" in form.ui.error.text()  # the saved file's warnings
    _save(qtbot, form)
    assert len(asked) == 2  # confirmed once for this number: not asked again


def test_a_card_failing_the_check_digit_is_only_a_warning(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, ui_db, ui_clerk, lanes)
    _fill_head(qtbot, form, "张三", HEAD)
    form.ui.tabs.setCurrentWidget(form.ui.accountTab)
    type_into(qtbot, form.ui.bankCard, BAD_CARD)
    assert "校验位不符" in form.ui.cardMessage.text() and "8a5a00" in form.ui.cardMessage.styleSheet()
    type_into(qtbot, form.ui.bankCard, "12345")
    qtbot.keyClick(form.ui.bankCard, Qt.Key.Key_Return)
    assert "应为12到19位数字" in form.ui.cardMessage.text() and "b00020" in form.ui.cardMessage.styleSheet()
    type_into(qtbot, form.ui.bankCard, BAD_CARD)
    _save(qtbot, form)
    assert form.detail is not None and "已保存" in form.ui.error.text() and "校验位不符" in form.ui.error.text()


def test_an_approver_sees_masked_numbers_until_revealing_them_which_is_logged(qtbot, ui_db, ui_admin, ui_clerk,  # type: ignore[no-untyped-def]
                                                                              lanes) -> None:
    saved = worker_files.create(ui_db, ui_clerk, household())
    users.create_user(ui_db, ui_admin, "shenpi", "赵主席", "Shenpi2024", frozenset({Role.APPROVER}))
    approver = auth.login(ui_db, "shenpi", "Shenpi2024")
    form = _form(qtbot, ui_db, approver, lanes, saved.id)
    assert form.ui.idNumber.text() == HEAD[:6] + "********" + HEAD[-4:]
    assert form.ui.bankCard.text() == "**** " + CARD[-4:] and "*" in _cell(form, 0, ID_NUMBER).text()
    assert form.ui.revealNumbers.isVisible() and form.ui.name.isReadOnly()
    born = f"{HEAD[6:10]}-{HEAD[10:12]}-{HEAD[12:14]}"
    assert form.ui.sex.text() in ("男", "女") and born not in form.ui.birthDate.text()  # would give the ID back
    assert form.ui.birthDate.text() == "（随身份证号隐藏）"
    qtbot.mouseClick(form.ui.revealNumbers, Qt.MouseButton.LeftButton)
    settled(qtbot, form)
    assert form.ui.idNumber.text() == HEAD and form.ui.bankCard.text() == CARD
    assert form.ui.birthDate.text() == born
    entry = audit_log.recent(ui_db, 1)[0]
    assert (entry.username, entry.action, entry.entity_id) == ("shenpi", "show_full_numbers", str(saved.id))
    clerk_form = _form(qtbot, ui_db, ui_clerk, lanes, saved.id)
    assert clerk_form.ui.idNumber.text() == HEAD and not clerk_form.ui.revealNumbers.isVisible()


def test_an_exited_file_opens_read_only(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    saved = worker_files.create(ui_db, ui_clerk, household())
    worker_files.close(ui_db, ui_clerk, saved.id, "脱困", "已脱困", "再就业")
    form = _form(qtbot, ui_db, ui_clerk, lanes, saved.id)
    assert form.ui.name.text() == "张三" and form.ui.name.isReadOnly() and _cell(form, 0, NAME).isReadOnly()
    assert not form.ui.category.isEnabled() and not form.ui.addMember.isEnabled()
    assert not form.ui.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert not form.ui.reviewButton.isEnabled() and not form.ui.exitButton.isEnabled()
    assert "脱困" in form.ui.readOnlyHint.text() and form.ui.readOnlyHint.isVisible()


def test_a_stale_save_is_refused_and_the_input_kept(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    data = household()
    saved = worker_files.create(ui_db, ui_clerk, data)
    form = _form(qtbot, ui_db, ui_clerk, lanes, saved.id)
    worker_files.update(ui_db, ui_clerk, saved.id, dataclasses.replace(data, address="旧州镇"), saved.row_version)
    type_into(qtbot, form.ui.phone, "13900001111")
    _save(qtbot, form)
    assert "已被他人修改" in form.ui.error.text() and form.ui.phone.text() == "13900001111"


def test_the_history_tab_tells_changes_in_chinese(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    data = household()
    saved = worker_files.create(ui_db, ui_clerk, data)
    worker_files.update(ui_db, ui_clerk, saved.id, dataclasses.replace(data, category="深度困难"), saved.row_version)
    form = _form(qtbot, ui_db, ui_clerk, lanes, saved.id)
    form.ui.tabs.setCurrentWidget(form.ui.historyTab)
    qtbot.waitUntil(lambda: form.ui.changes.rowCount() == 2, timeout=10_000)
    texts = [form.ui.changes.item(r, 2).text() for r in range(2)]
    assert texts[0] == "修改档案：困难类别 由“相对困难”改为“深度困难”"
    assert texts[1].startswith("新建档案 ") and "添加家庭成员：李梅（配偶" in texts[1]
    assert form.ui.changes.item(0, 1).text() == "李经办（jingban）"
    assert form.ui.assistanceLabel.text() == "本户得到的帮扶：暂无"


def test_a_scan_is_added_listed_and_opened_from_a_copy(qtbot, ui_db, ui_clerk, lanes, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    saved = worker_files.create(ui_db, ui_clerk, household())
    form = _form(qtbot, ui_db, ui_clerk, lanes, saved.id)
    form.ui.tabs.setCurrentWidget(form.ui.attachmentsTab)
    form.ui.attachmentKind.setCurrentText("诊断证明及医疗票据")
    scan = tmp_path / "诊断书.jpg"
    scan.write_bytes(b"\xff\xd8 a scan")
    form.attachments.add(scan)  # what the file chooser hands over
    settled(qtbot, form.ui.attachmentsTab)  # copied, hashed and stored on the database lane
    assert form.ui.attachments.rowCount() == 1
    assert [form.ui.attachments.item(0, c).text() for c in range(2)] == ["诊断证明及医疗票据", "诊断书.jpg"]
    form.ui.attachments.selectRow(0)
    qtbot.mouseClick(form.ui.openAttachment, Qt.MouseButton.LeftButton)
    settled(qtbot, form.ui.attachmentsTab)  # checked and copied out on the file lane
    assert form.attachments.opened is not None and opened == [str(form.attachments.opened)]
    assert form.attachments.opened.read_bytes() == scan.read_bytes() and form.attachments.opened != scan


def test_exit_through_the_dialog_makes_the_form_read_only(qtbot, ui_db, ui_clerk, lanes) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.file_exit_dialog import FileExitDialog

    saved = worker_files.create(ui_db, ui_clerk, household())
    form = _form(qtbot, ui_db, ui_clerk, lanes, saved.id)
    dialog = FileExitDialog(ui_db, ui_clerk, lanes, saved.id, form)
    qtbot.addWidget(dialog)
    dialog.ui.exitStatus.setCurrentText("注销")
    dialog.ui.exitReason.setCurrentText("调离")
    dialog.accept()
    settled(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    form.load(saved.id)
    settled(qtbot, form)
    assert form.ui.name.isReadOnly() and "注销" in form.ui.header.text() and "调离" in form.ui.readOnlyHint.text()
