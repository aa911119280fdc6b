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
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from sqlalchemy import select

import songnuan_desktop.services as services
from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Campaign, WorkerFile
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
