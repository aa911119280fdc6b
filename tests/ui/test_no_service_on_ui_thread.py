"""No service call on the UI thread from the dialogs that used to make them (issue 17 item 4, STYLE rule 4): a
write lock held by another lane could freeze the window up to the 10 s busy timeout.

Every public function of every module under songnuan_desktop.services is wrapped so that, while the guard is
armed, a call made on the UI (main) thread is recorded and fails. The dialogs are then driven as a clerk,
reviewer or administrator does: opened, changed, saved (or refused) — each read and write must come from a
lane through ui.ops.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import importlib
import inspect
import pkgutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QMessageBox
from sqlalchemy import select

import songnuan_desktop.services as services
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, Campaign, WorkerFile
from songnuan_desktop.services.campaigns import approval_queue, transitions
from songnuan_desktop.services.access import auth
from songnuan_desktop.services import visits
from songnuan_desktop.services.campaigns.approval_queue import QueueFilter
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.helpers import settled, type_into

PASSWORD = "songnuan2026"
# Words for an error (what ui.messages.describe shows and the command line prints): no database, no file.
NOT_GUARDED = {"songnuan_desktop.services.failures"}


class Guard:
    """Armed: a service function called on the UI thread is recorded (and raises)."""

    def __init__(self) -> None:
        self.armed = False
        self.on_ui_thread: list[str] = []

    def wrap(self, fn: Callable[..., Any], name: str) -> Callable[..., Any]:
        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.armed and threading.current_thread() is threading.main_thread():
                self.on_ui_thread.append(name)
                raise AssertionError(f"{name} called on the UI thread")
            return fn(*args, **kwargs)
        return guarded


@pytest.fixture
def guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[Guard]:
    found = Guard()
    wrappers: dict[Callable[..., Any], Callable[..., Any]] = {}  # one wrapper per function, wherever it is named
    for info in pkgutil.walk_packages(services.__path__, services.__name__ + "."):
        if info.name in NOT_GUARDED:
            continue
        module = importlib.import_module(info.name)
        for name, fn in list(vars(module).items()):
            if (name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ in NOT_GUARDED
                    or not fn.__module__.startswith(services.__name__ + ".")):
                continue
            # also where a capability package re-exports it (services.visits.save_group is visit_calendar's)
            if fn not in wrappers:
                wrappers[fn] = found.wrap(fn, f"{fn.__module__}.{fn.__qualname__}")
            monkeypatch.setattr(module, name, wrappers[fn])
    assert len(wrappers) > 300, len(wrappers)  # the guard covers the services, not a handful of them
    yield found
    found.armed = False


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=60, seed=11)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes answered as read (a modal box would wait for a person)."""
    said: list[str] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a, **_k: said.append(text) or
                            QMessageBox.StandardButton.Ok)
    return said


def _login(db: Database, username: str) -> SessionUser:
    return auth.login(db, username, PASSWORD)


def _shown(qtbot, dialog: QDialog) -> QDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    settled(qtbot, dialog)
    return dialog


def _ok(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """Press the dialog's OK (or Save) as a person does, and wait for the lane's answer."""
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    button = (buttons.button(QDialogButtonBox.StandardButton.Ok)
              or buttons.button(QDialogButtonBox.StandardButton.Save))
    assert button is not None and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)


def _accepted(dialog: QDialog) -> bool:
    return dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_the_file_form_reads_saves_reviews_reveals_and_exits_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard, told: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from songnuan_desktop.ui.dialogs.file_exit_dialog import FileExitDialog
    from songnuan_desktop.ui.dialogs.file_form import FileForm

    clerk, approver = _login(demo, "jingban"), _login(demo, "shenpi")
    with demo.read() as session:
        file_id = session.scalars(select(WorkerFile.id).where(WorkerFile.status == "在档")
                                  .order_by(WorkerFile.file_no)).first()
    assert file_id is not None
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    scan = tmp_path / "诊断书.jpg"
    scan.write_bytes(b"\xff\xd8 a scan" * 1000)
    lanes = Lanes()
    guard.armed = True

    form = _shown(qtbot, FileForm(demo, clerk, lanes, file_id))
    assert isinstance(form, FileForm) and form.detail is not None and form.ui.eligibility.text()
    type_into(qtbot, form.ui.address, "旧州镇新街 8 号")
    qtbot.mouseClick(form.ui.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settled(qtbot, form)
    assert "已保存" in form.ui.error.text()
    qtbot.mouseClick(form.ui.reviewButton, Qt.MouseButton.LeftButton)
    settled(qtbot, form)
    assert told and "年度复核" in told[-1]
    form.ui.tabs.setCurrentWidget(form.ui.attachmentsTab)
    form.attachments.add(scan)
    settled(qtbot, form.ui.attachmentsTab)
    assert form.ui.attachments.rowCount() >= 1
    form.ui.attachments.selectRow(0)
    qtbot.mouseClick(form.ui.openAttachment, Qt.MouseButton.LeftButton)
    settled(qtbot, form.ui.attachmentsTab)
    assert opened
    form.ui.tabs.setCurrentWidget(form.ui.historyTab)
    qtbot.waitUntil(lambda: form.history.loaded is not None, timeout=10_000)

    exit_dialog = _shown(qtbot, FileExitDialog(demo, clerk, lanes, file_id, form))
    exit_dialog.ui.exitStatus.setCurrentText("脱困")
    _ok(qtbot, exit_dialog)
    assert _accepted(exit_dialog)
    form.load(file_id)
    settled(qtbot, form)
    assert form.ui.name.isReadOnly() and "脱困" in form.ui.readOnlyHint.text()

    masked = _shown(qtbot, FileForm(demo, approver, lanes, file_id))
    assert isinstance(masked, FileForm) and masked.ui.revealNumbers.isVisible()
    qtbot.mouseClick(masked.ui.revealNumbers, Qt.MouseButton.LeftButton)
    settled(qtbot, masked)
    assert "*" not in masked.ui.idNumber.text()

    new = _shown(qtbot, FileForm(demo, clerk, lanes))
    assert isinstance(new, FileForm)
    type_into(qtbot, new.ui.name, "张三")
    type_into(qtbot, new.ui.idNumber, "522622198001010018")
    new.ui.category.setCurrentIndex(new.ui.category.findData("相对困难"))
    new.ui.mainCause.setCurrentText("患重特大疾病")
    qtbot.mouseClick(new.ui.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    settled(qtbot, new)
    guard.armed = False
    assert new.detail is not None, new.ui.error.text()
    assert guard.on_ui_thread == []
    lanes.wait()


def _items(db: Database, user: SessionUser, state: ItemState) -> list[approval_queue.QueueItem]:
    with db.read() as session:
        campaign_ids = list(session.scalars(select(Campaign.id).order_by(Campaign.start_date.desc())))
    for campaign_id in campaign_ids:
        found = approval_queue.campaign_items(db, user, campaign_id, QueueFilter(states=(state,)))
        if found:
            return found
    return []


def test_campaign_list_dialogs_store_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard, told: list[str],
) -> None:
    from songnuan_desktop.ui.dialogs.campaign_dialog import CampaignDialog
    from songnuan_desktop.ui.dialogs.notice_dialogs import ItemChangeDialog, NoticeDialog, ObjectionDialog
    from songnuan_desktop.ui.dialogs.proposal_dialogs import FilePickerDialog

    clerk, reviewer = _login(demo, "jingban"), _login(demo, "shenhe")
    drafts = _items(demo, clerk, ItemState.DRAFT)
    reviewed = _items(demo, reviewer, ItemState.REVIEWED)
    if len(reviewed) < 2:  # reviewed here, before the guard, as the reviewer would on the approval screen
        submitted = _items(demo, reviewer, ItemState.SUBMITTED)[:3]
        transitions.transition(demo, reviewer, [i.item_id for i in submitted], ItemState.REVIEWED)
        reviewed = _items(demo, reviewer, ItemState.REVIEWED)
    assert drafts and len(reviewed) >= 2
    with demo.read() as session:
        campaign_id = session.scalars(select(Campaign.id).order_by(Campaign.start_date.desc())).first()
    lanes = Lanes()
    guard.armed = True

    new = _shown(qtbot, CampaignDialog(demo, clerk, lanes))
    assert isinstance(new, CampaignDialog) and new.ui.standards.rowCount() > 0  # the office's standards, read
    type_into(qtbot, new.ui.name, "春节送温暖（测试）")
    new.ui.totalBudget.setText("50000")
    new.quota.per.setCurrentIndex(1)
    new.quota.households.setValue(12)
    _ok(qtbot, new)
    assert _accepted(new), new.ui.error.text()
    assert new.view is not None
    again = _shown(qtbot, CampaignDialog(demo, clerk, lanes, new.view.id))
    assert isinstance(again, CampaignDialog) and again.ui.name.text() == "春节送温暖（测试）"
    assert again.quota.value()[1] == 12  # the quota read back with the campaign
    _ok(qtbot, again)
    assert _accepted(again), again.ui.error.text()

    item = drafts[0]
    change = _shown(qtbot, ItemChangeDialog(demo, clerk, lanes, item, {}, None))
    assert isinstance(change, ItemChangeDialog)
    change.ui.amount.setText(str(item.amount_fen // 100 + 10))
    change.ui.reason.setText("核实后增加")
    _ok(qtbot, change)
    assert _accepted(change), change.ui.error.text()

    picker = FilePickerDialog(demo, clerk, lanes, campaign_id)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.loaded, timeout=10_000):
        picker.show()
    picker.select_rows([0])
    _ok(qtbot, picker)
    assert _accepted(picker) or picker.ui.refusalsLabel.text()  # proposed, or refused in words

    chosen = [i for i in reviewed if i.campaign_id == reviewed[0].campaign_id][:2]
    notice = _shown(qtbot, NoticeDialog(demo, reviewer, lanes, chosen[0].campaign_id, chosen, 5))
    assert isinstance(notice, NoticeDialog)
    if not notice.ui.place.text():
        type_into(qtbot, notice.ui.place, "镇政务公开栏")
        type_into(qtbot, notice.ui.contact, "李经办 0855-1234567")
    notice.ui.startDate.setDate(dt.date.today())
    _ok(qtbot, notice)
    assert _accepted(notice), notice.ui.error.text()

    objection = _shown(qtbot, ObjectionDialog(demo, reviewer, lanes, chosen[0], False))
    assert isinstance(objection, ObjectionDialog)
    type_into(qtbot, objection.ui.raisedBy, "王村民")
    objection.ui.content.setPlainText("家中已有人就业")
    _ok(qtbot, objection)
    assert _accepted(objection), objection.ui.error.text()
    resolve = _shown(qtbot, ObjectionDialog(demo, reviewer, lanes, chosen[0], True))
    assert isinstance(resolve, ObjectionDialog) and resolve.ui.raisedBy.text() == "王村民"  # read on the lane
    resolve.ui.outcome.setPlainText("经复核，情况属实，维持")
    _ok(qtbot, resolve)
    guard.armed = False
    assert _accepted(resolve) or resolve.ui.error.text()
    assert guard.on_ui_thread == []
    assert not [t for t in told if "UI thread" in t]
    lanes.wait()


def test_password_group_and_audit_log_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard, told: list[str],
) -> None:
    from songnuan_desktop.ui.dialogs.password_dialog import PasswordDialog
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.ui.screens.visit_tools import GroupDialog
    from songnuan_desktop.ui.screens.visits import VisitsScreen

    clerk, admin = _login(demo, "jingban"), _login(demo, "admin")
    lanes = Lanes()
    calendar = VisitsScreen(demo, clerk, lanes)  # built unguarded: the screen's own reads are not this test's
    qtbot.addWidget(calendar)
    settings_screen = SettingsScreen(demo, admin, lanes)
    qtbot.addWidget(settings_screen)
    group = visits.groups(demo, clerk.office_id)[0]
    lanes.wait()
    guard.armed = True

    password = _shown(qtbot, PasswordDialog(demo, clerk, lanes))
    assert isinstance(password, PasswordDialog)
    password.ui.old.setText(PASSWORD)
    password.ui.new.setText("Xinmima2027")
    password.ui.confirm.setText("Xinmima2027")
    _ok(qtbot, password)
    assert _accepted(password), password.ui.error.text()

    editor = _shown(qtbot, GroupDialog(calendar, group, calendar))
    assert isinstance(editor, GroupDialog)
    editor.leader.setText(editor.leader.text() + "（组长）")
    _ok(qtbot, editor)
    assert _accepted(editor) and editor.saved is not None
    listing = calendar.tools.manage_groups()
    settled(qtbot, listing)
    listing.reject()

    settings_screen.load_audit()
    settled(qtbot, settings_screen.ui.auditTab)
    guard.armed = False
    assert settings_screen.ui.auditTable.rowCount() > 0
    assert guard.on_ui_thread == []
    assert auth.login(demo, "jingban", "Xinmima2027").username == "jingban"
    lanes.wait()


def test_the_guard_catches_a_call_on_the_ui_thread(qtbot, demo: Database, guard: Guard) -> None:  # type: ignore[no-untyped-def]
    """The other half: the guard is not asleep."""
    from songnuan_desktop.services.files import file_detail

    clerk = _login(demo, "jingban")
    guard.armed = True
    with pytest.raises(AssertionError, match="UI thread"):
        file_detail.load(demo, clerk, uuid.uuid4())
    guard.armed = False
    assert guard.on_ui_thread == ["songnuan_desktop.services.files.file_detail.load"]


def test_sign_in_lock_and_sign_out_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard, told: list[str],
) -> None:
    """The password (scrypt) is checked on the lane at sign-in and unlock; 注销 writes its logout there."""
    from songnuan_desktop.ui.dialogs.login import LockDialog, LoginDialog
    from songnuan_desktop.ui.main_window import MainWindow
    from tests.ui.sessions_helpers import when_shown

    clerk = _login(demo, "jingban")
    lanes = Lanes()
    guard.armed = True
    window = MainWindow(demo, clerk, lanes)  # its office and idle minutes read on the lane, the home screen too
    qtbot.addWidget(window)
    lanes.wait()
    assert window.windowTitle().startswith("黄平县旧州镇总工会") and window.idle.limit_ms == 10 * 60_000

    login = _shown(qtbot, LoginDialog(demo, lanes, "旧州镇总工会"))
    assert isinstance(login, LoginDialog)
    type_into(qtbot, login.ui.username, "jingban")
    type_into(qtbot, login.ui.password, "wrong-password1")
    _ok(qtbot, login)
    assert login.isVisible() and "不正确" in login.ui.error.text()  # refused in words, the dialog open
    type_into(qtbot, login.ui.password, PASSWORD)
    _ok(qtbot, login)
    assert _accepted(login) and login.user is not None and login.user.username == "jingban"

    lock = _shown(qtbot, LockDialog(demo, lanes, clerk, "旧州镇总工会"))
    assert isinstance(lock, LockDialog)
    type_into(qtbot, lock.ui.password, "wrong-password1")
    _ok(qtbot, lock)
    assert lock.isVisible() and "不正确" in lock.ui.error.text()
    type_into(qtbot, lock.ui.password, PASSWORD)
    _ok(qtbot, lock)
    assert _accepted(lock)

    when_shown(LoginDialog, lambda dialog: dialog.reject())  # nobody signs in after: the program ends
    assert window.sign_out() is False
    lanes.wait()
    guard.armed = False
    assert guard.on_ui_thread == []
    with demo.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last is not None and (last.action, last.username) == ("logout", "jingban")


def test_users_dibao_organisation_and_settings_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard, told: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:

    from songnuan_desktop.services.access import users
    from songnuan_desktop.services.office import settings
    from songnuan_desktop.ui.dialogs.dibao_dialog import DibaoDialog
    from songnuan_desktop.ui.dialogs.file_form import FileForm
    from songnuan_desktop.ui.dialogs.org_dialog import OrgDialog
    from songnuan_desktop.ui.dialogs.user_dialog import ResetPasswordDialog, UserDialog
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from tests.ui.sessions_helpers import when_shown

    admin, clerk = _login(demo, "admin"), _login(demo, "jingban")
    target = next(u for u in users.list_users(demo, admin.office_id) if u.username == "jingban")
    line = settings.dibao_lines(demo, admin.office_id)[0]
    days = settings.get(demo, admin.office_id, "notice_working_days")
    with demo.read() as session:
        file_id = session.scalars(select(WorkerFile.id).where(WorkerFile.status == "在档")
                                  .order_by(WorkerFile.file_no)).first()
    lanes = Lanes()
    screen = SettingsScreen(demo, admin, lanes)  # built unguarded (its backups folder): its refresh is guarded
    qtbot.addWidget(screen)
    guard.armed = True

    new_user = _shown(qtbot, UserDialog(demo, admin, lanes))
    assert isinstance(new_user, UserDialog)
    type_into(qtbot, new_user.ui.username, "xinren")
    type_into(qtbot, new_user.ui.displayName, "孙新人")
    type_into(qtbot, new_user.ui.password, "Xinren2026")
    type_into(qtbot, new_user.ui.repeat, "Xinren2062")
    new_user.ui.roleClerk.setChecked(True)
    _ok(qtbot, new_user)
    assert new_user.isVisible() and "不一致" in new_user.ui.error.text()  # refused in words, nothing stored
    type_into(qtbot, new_user.ui.repeat, "Xinren2026")
    _ok(qtbot, new_user)
    assert _accepted(new_user), new_user.ui.error.text()

    reset = _shown(qtbot, ResetPasswordDialog(demo, admin, lanes, target))
    assert isinstance(reset, ResetPasswordDialog)
    type_into(qtbot, reset.ui.password, "Reset2026a")
    type_into(qtbot, reset.ui.repeat, "Reset2026a")
    _ok(qtbot, reset)
    assert _accepted(reset), reset.ui.error.text()

    dibao = _shown(qtbot, DibaoDialog(demo, admin, lanes, line))
    assert isinstance(dibao, DibaoDialog)
    dibao.ui.amount.setValue(dibao.ui.amount.value() + 20)
    _ok(qtbot, dibao)
    assert _accepted(dibao), dibao.ui.error.text()

    org = _shown(qtbot, OrgDialog(demo, clerk, lanes, "unit"))
    assert isinstance(org, OrgDialog) and org.ui.parent.count() > 1  # the unions offered, read on the lane
    type_into(qtbot, org.ui.name, "黄平县兴旺建材厂")
    type_into(qtbot, org.ui.regionCode, "522622101")
    _ok(qtbot, org)
    assert _accepted(org) and org.saved is not None, org.ui.error.text()

    form = _shown(qtbot, FileForm(demo, clerk, lanes, file_id))
    assert isinstance(form, FileForm)
    form.ui.workUnit.lineEdit().setText("旧州镇新建砖厂")

    def fill(dialog: OrgDialog) -> None:
        settled(qtbot, dialog)
        dialog.ui.regionCode.setText("522622101")
        dialog.accept()
    when_shown(OrgDialog, fill)
    assert form.orgs.add_new("unit")
    settled(qtbot, form.orgs.union)  # the lists read again on the lane
    assert form.ui.workUnit.currentText() == "旧州镇新建砖厂"
    form.clean = None  # nothing to save: let the test close it without asking

    screen.show()
    screen.refresh()
    settled(qtbot, screen.ui.tabs)
    settled(qtbot, screen.ui.auditTab)
    for table in (screen.ui.parametersTable, screen.ui.dibaoTable, screen.ui.usersTable, screen.ui.auditTable):
        assert table.rowCount() > 0, table.objectName()
    assert "旧州镇总工会" in screen.ui.office.text()
    parameters = screen.ui.parametersTable
    parameters.selectRow(next(r for r in range(parameters.rowCount())
                              if parameters.item(r, 0).text() == "公示期（工作日）"))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (days + 2, True)))
    screen.ui.editParameter.click()
    settled(qtbot, screen.ui.tabs)
    guard.armed = False
    assert guard.on_ui_thread == []
    assert not [t for t in told if "UI thread" in t]
    assert settings.get(demo, admin.office_id, "notice_working_days") == days + 2
    assert auth.login(demo, "xinren", "Xinren2026").must_change_password
    lanes.wait()


def test_visit_and_outcome_dialogs_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard, told: list[str],
) -> None:
    from songnuan_desktop.ui.dialogs.visit_dialogs import OutcomeDialog, VisitDialog

    clerk = _login(demo, "jingban")
    groups = visits.groups(demo, clerk.office_id)
    lanes = Lanes()
    guard.armed = True

    day = dt.date.today() + dt.timedelta(days=200)
    new = _shown(qtbot, VisitDialog(demo, clerk, lanes, groups, [], day=day, start=dt.time(10)))
    assert isinstance(new, VisitDialog)
    type_into(qtbot, new.ui.search, "王")
    new.search()
    settled(qtbot, new.ui.found)  # searched on the lane
    assert new.ui.found.count() > 0
    new.ui.found.setCurrentRow(0)
    new.add_found()
    _ok(qtbot, new)
    assert _accepted(new) and new.visit is not None, new.ui.message.text()

    outcome = _shown(qtbot, OutcomeDialog(demo, clerk, lanes, new.visit))
    assert isinstance(outcome, OutcomeDialog)
    outcome.ui.notHome.setChecked(True)
    _ok(qtbot, outcome)
    guard.armed = False
    assert guard.on_ui_thread == []
    assert _accepted(outcome), outcome.ui.message.text()
    lanes.wait()


def test_full_numbers_on_the_files_screen_are_logged_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, demo: Database, guard: Guard) -> None:
    """显示完整号码 writes an audit entry (file_list.show_full_numbers): on the lane, the list reloaded unmasked."""
    from songnuan_desktop.services.audit import audit_log
    from songnuan_desktop.ui.screens.files import FilesScreen

    screen = FilesScreen(demo, _login(demo, "jingban"), Lanes())
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.refresh()
    guard.armed = True
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.ui.fullNumbers.setChecked(True)
    guard.armed = False
    assert "*" not in screen.model.rows[0].id_number
    assert audit_log.recent(demo, 1)[0].action == "list_full_numbers"
    assert guard.on_ui_thread == []


def test_start_up_reads_the_office_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, qapp, demo: Database, guard: Guard, told: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """app._session as a clerk's start runs it, armed from the opening of the file to the window's close: the
    office (sign-in and title), the idle minutes, the window and its home screen, the background check and the
    daily backup (whether one is due and the copy) — none on the UI thread. A change of the idle minutes in
    设置 then reaches the window."""
    from songnuan_desktop import app as app_module
    from songnuan_desktop.services.backups import backups
    from songnuan_desktop.ui.dialogs.login import LoginDialog
    from songnuan_desktop.ui.main_window import MainWindow
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from tests.ui.sessions_helpers import when_shown

    url = demo.url
    demo.close()
    kept = Path(url.removeprefix("sqlite:///")).parent / "backups"
    monkeypatch.setattr(backups, "backups_folder", lambda: kept)
    monkeypatch.setattr(app_module, "may_create", lambda _url: False)
    offices: list[str] = []

    def sign_in_as_admin(dialog: LoginDialog) -> None:
        offices.append(dialog.ui.office.text())
        type_into(qtbot, dialog.ui.username, "admin")
        type_into(qtbot, dialog.ui.password, PASSWORD)
        dialog.accept()  # checked on the lane; the dialog closes when the answer comes back

    seen: dict[str, object] = {}

    def clerk_works() -> int:  # app.exec(): the window is up; the background work ends; 设置 changes the lock
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: any(kept.glob("*")), timeout=20_000)  # the daily backup, after the check
        window.lanes.wait()
        seen["title"] = window.windowTitle()
        screen = window.show_screen("settings")
        assert isinstance(screen, SettingsScreen)
        qtbot.waitUntil(lambda: screen.ui.parametersTable.rowCount() > 0, timeout=10_000)
        seen["idle before"] = window.idle.limit_ms
        table = screen.ui.parametersTable
        table.selectRow(next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "无操作自动锁定（分钟）"))
        monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (3, True)))
        screen.ui.editParameter.click()
        qtbot.waitUntil(lambda: window.idle.limit_ms == 3 * 60_000, timeout=10_000)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)  # start-up's objects set aside (collector)
        window.close()
        return 0

    when_shown(LoginDialog, sign_in_as_admin)
    monkeypatch.setattr(qapp, "exec", clerk_works)
    guard.armed = True
    assert app_module._session(qapp, url, "") == 0
    guard.armed = False
    assert guard.on_ui_thread == []
    assert offices == ["黄平县旧州镇总工会"] and str(seen["title"]).startswith("黄平县旧州镇总工会")
    assert seen["idle before"] == 10 * 60_000
    assert not [t for t in told if "UI thread" in t]


def test_first_start_on_an_empty_database_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, qapp, sqlite_url: str, guard: Guard, told: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first run: the file made, the setup wizard's check and set-up, the new office read for the sign-in
    and the window — armed throughout, as app._session runs it on a fresh install."""
    from PySide6.QtWidgets import QWizard

    from songnuan_desktop import app as app_module
    from songnuan_desktop.services.backups import backups
    from songnuan_desktop.ui.dialogs.login import LoginDialog
    from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard
    from songnuan_desktop.ui.main_window import MainWindow
    from tests.ui.sessions_helpers import when_shown

    kept = Path(sqlite_url.removeprefix("sqlite:///")).parent / "backups"
    monkeypatch.setattr(backups, "backups_folder", lambda: kept)
    monkeypatch.setattr(app_module, "may_create", lambda _url: True)  # as the data folder's own database
    seen: dict[str, object] = {}

    def set_up(wizard: SetupWizard) -> None:
        ui = wizard.ui
        type_into(qtbot, ui.officeName, "谷陇镇总工会")
        type_into(qtbot, ui.regionCode, "522622103")
        type_into(qtbot, ui.regionName, "黄平县")
        wizard.button(QWizard.WizardButton.NextButton).click()  # checked on the lane
        seen["admin page"] = wizard.currentPage() is ui.adminPage
        for widget, text in ((ui.displayName, "王芳"), (ui.username, "wangfang"), (ui.password, "abc12345"),
                             (ui.confirm, "abc12345")):
            type_into(qtbot, widget, text)
        wizard.button(QWizard.WizardButton.FinishButton).click()  # set up on the lane

    def sign_in(dialog: LoginDialog) -> None:
        seen["office"], seen["username"] = dialog.ui.office.text(), dialog.ui.username.text()
        type_into(qtbot, dialog.ui.password, "abc12345")
        dialog.accept()

    def look_and_leave() -> int:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: any(kept.glob("*")), timeout=20_000)  # the first daily backup
        window.lanes.wait()
        seen["title"] = window.windowTitle()
        window.close()
        return 0

    when_shown(SetupWizard, set_up)
    when_shown(LoginDialog, sign_in)
    monkeypatch.setattr(qapp, "exec", look_and_leave)
    guard.armed = True
    assert app_module._session(qapp, sqlite_url, "") == 0
    guard.armed = False
    assert guard.on_ui_thread == []
    assert seen["admin page"] and seen["office"] == "谷陇镇总工会" and seen["username"] == "wangfang"
    assert str(seen["title"]).startswith("谷陇镇总工会 — 王芳")
    assert not [t for t in told if "UI thread" in t]
