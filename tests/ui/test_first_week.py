"""A clerk's first week, through the real main window, from an empty database (issue 13, "must show").

The office is set up in the wizard, its people are added in 设置, files are typed in the form and a register is
imported, a campaign is made and filled by 按规则推荐, then it goes through the four eyes (clerk → reviewer →
notice → approver), is paid and sent to the county. Every step checks the database file itself.

Only the system's own file and folder dialogs are bypassed, by calling the method they would call.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QMessageBox, QWizard
from sqlalchemy import func, select

from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, AuditEntry, Campaign, DibaoLine, ExchangeLog, HouseholdMember, Notice, Office, OrgUnit,
    Publication, User, UserRole, Voucher, WorkerFile,
)
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.services.office import office
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.documents.messy_register import make_id
from tests.ui.helpers import settled, type_into

WAIT = 20_000
OFFICE, REGION, COUNTY = "旧州镇总工会", "522622", "黄平县"
ADMIN = ("admin", "王芳", "Wangfang2026")  # 工会办公室: 管理员, also the clerk and the finance officer
REVIEWER = ("shenhe", "潘国强", "Shenhe2026")
APPROVER = ("shenpi", "龙正华", "Shenpi2026")  # 镇总工会主席
PASSPHRASE = "旧州镇报送口令2026"


def count(db: Database, model: Any, *where: Any) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def modal(qtbot, kind: type, act: Callable[[Any], None], trigger: Callable[[], None]) -> None:  # type: ignore[no-untyped-def]
    """A modal dialog opened with exec(): answered from the event loop it runs, as a person would."""
    seen: list[Any] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, answer)  # not open yet
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, answer)
    trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)


def answer_later(kind: type, act: Callable[[Any], None]) -> None:
    """Answer the next modal dialog of `kind` from inside the event loop its exec() runs."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)


def click(qtbot, button: Any) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def standard(box: QDialogButtonBox, which: QDialogButtonBox.StandardButton) -> Any:
    button = box.button(which)
    assert button is not None
    return button


class Journey:
    """The program as app._session runs it: one window per signed-in user."""

    def __init__(self, qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.db = qtbot, db
        self.window: MainWindow | None = None
        self.steps: list[tuple[str, float]] = []
        self.started = time.perf_counter()

    def step(self, name: str) -> None:
        self.steps.append((name, time.perf_counter() - self.started))

    def sign_in(self, username: str, password: str) -> MainWindow:
        """The sign-in dialog, then the main window built for that user (the previous one closed, as 退出程序)."""
        from songnuan_desktop.ui.dialogs.login import LoginDialog

        self.close()
        login = LoginDialog(self.db, Lanes(), office.local_office(self.db).name)
        self.qtbot.addWidget(login)
        login.show()
        type_into(self.qtbot, login.ui.username, username)
        type_into(self.qtbot, login.ui.password, password)
        self.qtbot.keyClick(login.ui.password, Qt.Key.Key_Return)
        settled(self.qtbot, login)  # checked (scrypt) on the database lane
        assert login.user is not None, login.ui.error.text()
        self.window = window = MainWindow(self.db, login.user)
        self.qtbot.addWidget(window)
        window.show_as_last_time()
        assert window.windowTitle().startswith(OFFICE)
        return window

    def switch_to(self, username: str, password: str, own: str = "") -> MainWindow:
        """文件 › 切换用户: the sign-in over the window; a one-time password from the administrator is replaced by
        the user's own (`own`) before anything else; the window is rebuilt for the new user's roles."""
        from songnuan_desktop.ui.dialogs.login import LoginDialog
        from songnuan_desktop.ui.dialogs.password_dialog import PasswordDialog

        window = self.window
        assert window is not None
        answered: list[str] = []

        def set_own(dialog: PasswordDialog) -> None:
            assert dialog.first
            type_into(self.qtbot, dialog.ui.new, own)
            type_into(self.qtbot, dialog.ui.confirm, own)
            dialog.accept()
            settled(self.qtbot, dialog)  # stored (scrypt) on the database lane
            assert not dialog.isVisible(), dialog.ui.error.text()
            answered.append("own password")

        def sign(dialog: LoginDialog) -> None:
            type_into(self.qtbot, dialog.ui.username, username)
            type_into(self.qtbot, dialog.ui.password, password)
            if own:
                answer_later(PasswordDialog, set_own)
            self.qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)
            settled(self.qtbot, dialog)
            assert not dialog.isVisible(), dialog.ui.error.text()
            answered.append("signed in")

        answer_later(LoginDialog, sign)
        window.ui.actionSwitchUser.trigger()
        assert answered == ["signed in", "own password"] if own else ["signed in"]
        assert window.user.username == username and window.windowTitle().startswith(OFFICE)
        return window

    @property
    def user(self) -> SessionUser:
        assert self.window is not None
        return self.window.user

    def screen(self, key: str) -> Any:
        assert self.window is not None
        return self.window.show_screen(key)

    def close(self) -> None:
        if self.window is not None:
            self.window.lanes.wait()
            self.window.close()
            self.window = None


@pytest.fixture
def journey(qtbot, tmp_path: Path, demo_offices: DemoOffices) -> Iterator[Journey]:  # type: ignore[no-untyped-def]
    from songnuan_desktop import config

    (config.data_dir() / "window.ini").unlink(missing_ok=True)
    copy = demo_offices.migrated("sqlite:///" + str(tmp_path / "songnuan.db"))  # empty, at head: not set up yet
    trip = Journey(qtbot, next(copy))
    yield trip
    trip.close()
    copy.close()
    print("\n".join(f"{seconds:6.1f} s  {name}" for name, seconds in trip.steps))


# --- the steps --------------------------------------------------------------------------------------------------

def set_up_office(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.setup_wizard import SetupWizard

    assert office.needs_setup(db)
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    ui = wizard.ui
    type_into(qtbot, ui.officeName, OFFICE)
    type_into(qtbot, ui.regionCode, REGION)
    type_into(qtbot, ui.regionName, COUNTY)
    ui.dibaoUrban.setValue(790)
    ui.dibaoRural.setValue(520)
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is ui.adminPage, ui.officePage.subTitle()
    username, name, password = ADMIN
    type_into(qtbot, ui.displayName, name)
    type_into(qtbot, ui.username, username)
    type_into(qtbot, ui.password, password)
    type_into(qtbot, ui.confirm, password)
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    assert not office.needs_setup(db)
    with db.read() as session:
        assert session.scalars(select(Office.name)).all() == [OFFICE]
        assert session.scalars(select(UserRole.role).join(User).where(User.username == username)).all() == ["admin"]
        assert {(d.area, d.monthly_fen) for d in session.scalars(select(DibaoLine))} == {
            ("urban", 79_000), ("rural", 52_000)}


def add_user(qtbot, trip: Journey, username: str, name: str, password: str, roles: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.user_dialog import UserDialog

    settings = trip.screen("settings")

    def fill(dialog: UserDialog) -> None:
        ui = dialog.ui
        type_into(qtbot, ui.username, username)
        type_into(qtbot, ui.displayName, name)
        type_into(qtbot, ui.password, password)
        repeat = getattr(ui, "repeat", None)  # the password typed twice (issue 13, sessions)
        if isinstance(repeat, QLineEdit):
            type_into(qtbot, repeat, password)
        for role in roles:
            getattr(ui, "role" + role.capitalize()).setChecked(True)
        click(qtbot, standard(ui.buttons, QDialogButtonBox.StandardButton.Ok))
        settled(qtbot, dialog)  # checked and stored (scrypt) on the database lane
        assert not dialog.isVisible(), ui.error.text()

    modal(qtbot, UserDialog, fill, lambda: click(qtbot, settings.ui.addUser))
    with trip.db.read() as session:
        held = session.scalars(select(UserRole.role).join(User).where(User.username == username)).all()
    assert sorted(held) == sorted(roles)


def give_own_roles(qtbot, trip: Journey, roles: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """The administrator is also the clerk and the finance officer of a small office: 修改用户 on their own row."""
    from songnuan_desktop.ui.dialogs.user_dialog import UserDialog

    settings = trip.screen("settings")
    settled(qtbot, settings.ui.tabs)  # the users read again on the database lane
    table = settings.ui.usersTable
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == ADMIN[0])
    table.setCurrentCell(row, 0)

    def tick(dialog: UserDialog) -> None:
        for role in roles:
            getattr(dialog.ui, "role" + role.capitalize()).setChecked(True)
        click(qtbot, standard(dialog.ui.buttons, QDialogButtonBox.StandardButton.Ok))
        settled(qtbot, dialog)  # stored on the database lane
        assert not dialog.isVisible(), dialog.ui.error.text()

    modal(qtbot, UserDialog, tick, lambda: click(qtbot, settings.ui.editUser))
    with trip.db.read() as session:
        held = set(session.scalars(select(UserRole.role).join(User).where(User.username == ADMIN[0])))
    assert held == {"admin", *roles}


UNIONS = {"旧州镇教育工会": ("旧州镇中心学校", "黄平县旧州中学"), "旧州镇卫生院工会": ("旧州镇卫生院",)}


def add_units(qtbot, trip: Journey) -> None:  # type: ignore[no-untyped-def]
    """设置 › 组织机构: each union, then its units under it, through 新增… and its dialog."""
    from songnuan_desktop.ui.dialogs.org_dialog import OrgDialog

    settings = trip.screen("settings")
    settings.ui.tabs.setCurrentWidget(settings.ui.orgTab)

    def new(kind: str, name: str, union: str = "") -> None:
        settings.ui.orgKind.setCurrentIndex(settings.ui.orgKind.findData(kind))

        def fill(dialog: OrgDialog) -> None:
            settled(qtbot, dialog)  # its choices read on the database lane
            type_into(qtbot, dialog.ui.name, name)
            if union:
                dialog.ui.parent.setCurrentIndex(dialog.ui.parent.findText(union))
                assert dialog.ui.parent.currentText() == union
            click(qtbot, standard(dialog.ui.buttons, QDialogButtonBox.StandardButton.Save))
            settled(qtbot, dialog)  # stored on the database lane
            assert not dialog.isVisible(), dialog.ui.error.text()

        modal(qtbot, OrgDialog, fill, lambda: click(qtbot, settings.ui.addOrg))

    for union, units in UNIONS.items():
        new("union", union)
        for unit in units:
            new("unit", unit, union)
    with trip.db.read() as session:
        parents = dict(session.execute(select(OrgUnit.name, OrgUnit.parent_id).where(OrgUnit.kind == "unit")).all())
        unions: dict[Any, str] = dict(session.execute(select(OrgUnit.id, OrgUnit.name)
                                                      .where(OrgUnit.kind == "union")).all())
    assert {unit: unions.get(parent) for unit, parent in parents.items()} == {
        unit: union for union, units in UNIONS.items() for unit in units}


# (name, born, sex, unit, category, main cause, head income a month, members: (name, relation, born, sex))
FILES = (
    ("杨光明", "19750312", "男", "旧州镇中心学校", "深度困难", "患重特大疾病", "600",
     (("吴秀兰", "配偶", "19770820", "女"), ("杨小雨", "女", "20100505", "女"))),
    ("潘德芳", "19800709", "女", "旧州镇卫生院", "相对困难", "子女上学", "900", ()),
    ("龙文华", "19681125", "男", "黄平县旧州中学", "深度困难", "无劳动能力", "500", ()),
)


def type_file(qtbot, trip: Journey, spec: tuple[Any, ...], sequence: int) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.widgets.household_tables import ID_NUMBER, NAME, RELATION

    name, born, sex, unit, category, cause, income, members = spec
    files = trip.screen("files")
    click(qtbot, files.ui.newFile)
    form = files.form
    assert form is not None and form.isVisible()
    settled(qtbot, form)  # the unions and units offered, read on the database lane
    ui = form.ui
    type_into(qtbot, ui.name, name)
    type_into(qtbot, ui.idNumber, make_id(born, sequence, sex))
    qtbot.keyClick(ui.idNumber, Qt.Key.Key_Return)
    assert ui.sex.text() == sex
    ui.tabs.setCurrentWidget(ui.employmentTab)
    ui.workUnit.setCurrentIndex(ui.workUnit.findText(unit))
    assert ui.workUnit.currentText() == unit
    ui.tabs.setCurrentWidget(ui.hardshipTab)
    ui.category.setCurrentText(category)
    ui.mainCause.setCurrentText(cause)
    type_into(qtbot, ui.headIncome, income)
    if members:
        ui.tabs.setCurrentWidget(ui.membersTab)
    for offset, (member, relation, member_born, member_sex) in enumerate(members, start=1):
        click(qtbot, ui.addMember)
        row = ui.members.rowCount() - 1
        cell = ui.members.cellWidget(row, NAME)
        assert isinstance(cell, QLineEdit)
        type_into(qtbot, cell, member)
        combo = ui.members.cellWidget(row, RELATION)
        assert isinstance(combo, QComboBox)
        combo.setCurrentText(relation)
        number = ui.members.cellWidget(row, ID_NUMBER)
        assert isinstance(number, QLineEdit)
        type_into(qtbot, number, make_id(member_born, sequence + 10 * offset, member_sex))
    assert ui.mainCause.currentText() == cause
    click(qtbot, standard(ui.buttons, QDialogButtonBox.StandardButton.Save))
    settled(qtbot, form)  # stored on the database lane
    assert form.detail is not None, ui.error.text()
    assert "已保存" in ui.error.text()
    qtbot.waitUntil(lambda: name in [files.model.rows[i].name for i in range(files.model.rowCount())], timeout=WAIT)
    form.close()
    with trip.db.read() as session:
        saved = session.scalars(select(WorkerFile).where(WorkerFile.name == name)).one()
        unit_name = session.scalar(select(OrgUnit.name).where(OrgUnit.id == saved.work_unit_id))
        kept = session.scalar(select(func.count()).select_from(HouseholdMember)
                              .where(HouseholdMember.worker_file_id == saved.id))
        assert (saved.category, unit_name, kept) == (category, unit, len(members))


REGISTER = (  # 花名册 from the 教育工会: one person of a known unit, one of a unit the office does not have yet
    ("吴建国", "19720418", "男", "旧州镇中心学校", "深度困难", 3, 450, "患重特大疾病"),
    ("张桂英", "19830214", "女", "旧州镇农机站", "相对困难", 2, 700, "下岗失业"),
)


def write_register(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(["序号", "姓名", "性别", "民族", "公民身份号码", "工作单位", "困难类别", "家庭人口",
                  "人均月收入（元）", "致困原因", "家庭住址"])
    for seq, (name, born, sex, unit, category, people, income, cause) in enumerate(REGISTER, start=1):
        sheet.append([seq, name, sex, "汉族", make_id(born, 40 + seq, sex), unit, category, people, income, cause,
                      f"旧州镇西街{seq}号"])
    book.save(path)
    return path


def import_register(qtbot, trip: Journey, path: Path) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.import_wizard import PREVIEW, RESULT

    files = trip.screen("files")
    click(qtbot, files.ui.importFiles)
    wizard = files.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.open_file(path)  # what the system's 打开 dialog (choose_file) hands over
    qtbot.waitUntil(lambda: not wizard.busy and wizard.ui.sheet.count() == 1, timeout=WAIT)
    click(qtbot, wizard.ui.next)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.ui.mapping.rowCount() > 0, timeout=WAIT)
    assert wizard.edited_mapping()[5] == "id_number" and wizard.edited_mapping()[2] == "name"  # columns from 1
    click(qtbot, wizard.ui.next)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.tried is not None, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == PREVIEW
    assert count(trip.db, WorkerFile) == 3  # the preview writes nothing
    assert "新建档案 2 份" in wizard.ui.summary.text()
    click(qtbot, wizard.ui.run)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.outcome is not None, timeout=WAIT)
    assert wizard.ui.pages.currentIndex() == RESULT
    wizard.close()
    assert count(trip.db, WorkerFile) == 5
    with trip.db.read() as session:
        assert session.scalar(select(OrgUnit.kind).where(OrgUnit.name == "旧州镇农机站")) == "unit"  # added
        assert set(session.scalars(select(WorkerFile.name).where(WorkerFile.work_unit_id.is_not(None)))) == {
            *(f[0] for f in FILES), *(r[0] for r in REGISTER)}


CAMPAIGN = "2027年元旦春节送温暖"


def make_campaign(qtbot, trip: Journey) -> Any:  # type: ignore[no-untyped-def]
    screen = trip.screen("campaigns")
    qtbot.waitUntil(lambda: screen.ui.newCampaign.isEnabled(), timeout=WAIT)
    click(qtbot, screen.ui.newCampaign)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    settled(qtbot, dialog)  # the office's standards, read on the database lane
    assert dialog.ui.standards.rowCount() >= 3  # the office's payment standards, before saving
    type_into(qtbot, dialog.ui.name, CAMPAIGN)
    type_into(qtbot, dialog.ui.totalBudget, "30000")
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        click(qtbot, standard(dialog.ui.buttons, QDialogButtonBox.StandardButton.Save))
    assert not dialog.isVisible(), dialog.ui.error.text()
    with trip.db.read() as session:
        saved = session.scalars(select(Campaign)).one()
        assert (saved.name, saved.kind, saved.total_budget_fen) == (CAMPAIGN, "送温暖", 3_000_000)
    return screen


def items_in(db: Database, *states: str) -> dict[str, str]:
    """name → state of the campaign's items (in those states, if given)."""
    with db.read() as session:
        query = select(WorkerFile.name, AssistanceItem.state).join(WorkerFile)
        if states:
            query = query.where(AssistanceItem.state.in_(states))
        return {name: state for name, state in session.execute(query)}


def recommend(qtbot, trip: Journey, screen: Any) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.proposal_dialogs import ProposalResultDialog

    click(qtbot, screen.ui.proposeAll)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ProposalResultDialog) and screen.dialog.isVisible(),
                    timeout=WAIT)
    shown = screen.dialog
    assert count(trip.db, AssistanceItem) == 0  # the list is shown first (issue 13 item 3): nothing added yet
    assert shown.ui.proposed.rowCount() == 5
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        click(qtbot, standard(shown.ui.buttons, QDialogButtonBox.StandardButton.Ok))  # OK adds exactly that list
    proposed = items_in(trip.db)
    assert len(proposed) == 5 and set(proposed.values()) == {"draft"}
    return proposed


def submit_all(qtbot, trip: Journey, screen: Any) -> None:  # type: ignore[no-untyped-def]
    screen.ui.items.setFocus()
    screen.ui.items.selectAll()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        click(qtbot, screen.ui.submitItems)
    assert set(items_in(trip.db).values()) == {"submitted"}, screen.ui.message.text()


def approval_screen(qtbot, trip: Journey, today: dt.date | None = None) -> Any:  # type: ignore[no-untyped-def]
    screen = trip.screen("approval")
    if today is not None:
        screen.today = today  # the screen's clock (None: the real today), as the demo office sets its own
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
        screen.refresh()
    return screen


def tick_all_and(qtbot, screen: Any, button: Any) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, screen.ui.tickAll)
    assert screen.model.checked
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
        click(qtbot, button)
        if button is screen.ui.approve:
            assert screen.confirm is not None
            click(qtbot, screen.confirm.button(QMessageBox.StandardButton.Yes))


def review(qtbot, trip: Journey) -> None:  # type: ignore[no-untyped-def]
    screen = approval_screen(qtbot, trip)
    assert {i.state for i in screen.model.items()} == {"submitted"}
    tick_all_and(qtbot, screen, screen.ui.review)
    assert set(items_in(trip.db).values()) == {"reviewed"}, screen.ui.outcome.text()
    with trip.db.read() as session:
        reviewers = set(session.scalars(select(User.username).join(AssistanceItem,
                                                                   AssistanceItem.reviewed_by == User.id)))
    assert reviewers == {REVIEWER[0]}


def start_notice(qtbot, trip: Journey) -> dt.date:  # type: ignore[no-untyped-def]
    screen = trip.screen("campaigns")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=WAIT)
    screen.ui.items.setFocus()
    screen.ui.items.selectAll()
    click(qtbot, screen.ui.startNotice)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    settled(qtbot, dialog)  # an earlier notice's place and contact, read on the database lane
    type_into(qtbot, dialog.ui.place, "旧州镇总工会公示栏")
    type_into(qtbot, dialog.ui.contact, "潘国强 0855-2441234")
    assert dialog.ui.startDate.date().toPython() == dt.date.today()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        click(qtbot, standard(dialog.ui.buttons, QDialogButtonBox.StandardButton.Ok))
    assert not dialog.isVisible(), dialog.ui.error.text()
    assert set(items_in(trip.db).values()) == {"in_notice"}
    with trip.db.read() as session:
        notice = session.scalars(select(Notice)).one()
        assert notice.place == "旧州镇总工会公示栏" and notice.end_date > notice.start_date
        return notice.end_date


def approve(qtbot, trip: Journey, notice_end: dt.date) -> None:  # type: ignore[no-untyped-def]
    during = approval_screen(qtbot, trip, today=notice_end)  # the notice's last day: not yet
    assert all("公示期" in i.waiting for i in during.model.items())
    screen = approval_screen(qtbot, trip, today=notice_end + dt.timedelta(days=1))  # the clock moved past it
    assert {i.state for i in screen.model.items()} == {"in_notice"}
    tick_all_and(qtbot, screen, screen.ui.approve)
    assert set(items_in(trip.db).values()) == {"approved"}, screen.ui.outcome.text()
    with trip.db.read() as session:
        approvers = set(session.scalars(select(User.username).join(AssistanceItem,
                                                                   AssistanceItem.approved_by == User.id)))
    assert approvers == {APPROVER[0]}


def payouts_screen(qtbot, trip: Journey) -> Any:  # type: ignore[no-untyped-def]
    screen = trip.screen("payouts")
    qtbot.waitUntil(lambda: screen.detail is not None and screen.ui.campaign.currentText() == CAMPAIGN, timeout=WAIT)
    return screen


def print_vouchers(qtbot, trip: Journey, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    screen = payouts_screen(qtbot, trip)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        click(qtbot, screen.ui.printVouchers)  # nothing selected: every approved item without a voucher
    preview = shown.args[0]  # a child of the screen, deleted when closed
    assert preview.page_count() == 5
    assert count(trip.db, Voucher) == 0  # the preview is a 样张: no number is taken before printing
    printed = folder / "printed.pdf"

    def print_to_file(dialog: QPrintDialog) -> None:
        # Qt's own print dialog (no printer on the test machine: it prints to a PDF file, named here)
        name = dialog.findChild(QLineEdit, "filename")
        assert isinstance(name, QLineEdit) and dialog.printer().outputFormat() == QPrinter.OutputFormat.PdfFormat
        type_into(qtbot, name, str(printed))
        dialog.accept()

    with qtbot.waitSignal(preview.numbered, timeout=WAIT):
        modal(qtbot, QPrintDialog, print_to_file, lambda: click(qtbot, preview.ui.printButton))
    qtbot.waitUntil(printed.exists, timeout=WAIT)
    assert len(pypdf.PdfReader(printed).pages) == 5
    preview.close()
    with trip.db.read() as session:
        numbers = sorted(session.scalars(select(Voucher.number).where(Voucher.voided_at.is_(None))))
        by = set(session.scalars(select(User.username).join(Voucher, Voucher.printed_by == User.id)))
    assert len(set(numbers)) == 5 and by == {ADMIN[0]}
    return numbers


def print_roster(qtbot, trip: Journey) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.dialogs.payout_dialogs import RosterDialog

    screen = payouts_screen(qtbot, trip)
    click(qtbot, screen.ui.roster)
    dialog = screen.dialog
    assert isinstance(dialog, RosterDialog)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        click(qtbot, standard(dialog.ui.buttons, QDialogButtonBox.StandardButton.Ok))
    preview = shown.args[0]  # a child of the screen, deleted when closed
    assert preview.page_count() >= 1
    preview.close()
    with trip.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Publication).where(
            Publication.kind == "roster", Publication.state == "published")) == 1


def confirm_paid(qtbot, trip: Journey) -> None:  # type: ignore[no-untyped-def]
    screen = payouts_screen(qtbot, trip)
    click(qtbot, screen.ui.confirmPaid)
    dialog = screen.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.pages_list), timeout=WAIT)
    assert len(dialog.item_ids()) == 5  # the one signed roster page holds them all
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        click(qtbot, standard(dialog.ui.buttons, QDialogButtonBox.StandardButton.Ok))
    assert set(items_in(trip.db).values()) == {"paid"}, screen.ui.message.text()
    with trip.db.read() as session:
        assert set(session.execute(select(AssistanceItem.paid_on, User.username)
                                   .join(User, AssistanceItem.paid_by == User.id))) == {(dt.date.today(), ADMIN[0])}


def export_package(qtbot, trip: Journey, stick: Path) -> Path:  # type: ignore[no-untyped-def]
    screen = trip.screen("exchange")
    qtbot.waitUntil(lambda: screen.ui.exportPackage.isEnabled(), timeout=WAIT)
    stick.mkdir()
    screen.set_target(stick)  # what the folder dialog (选择文件夹…) hands over; a USB stick would be listed
    screen.ui.passphrase.setText(PASSPHRASE)  # QTest cannot type Chinese key by key; what the edits hold counts
    screen.ui.passphraseAgain.setText(PASSPHRASE)
    with qtbot.waitSignal(screen.exported, timeout=WAIT) as done:
        click(qtbot, screen.ui.exportPackage)
    info = done.args[0]
    assert info.path.parent == stick and info.path.exists()
    with OpenedPackage(info.path, PASSPHRASE) as package:
        assert package.manifest.raw["sequence"] == 1
    with trip.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ExchangeLog).where(ExchangeLog.direction == "out")) == 1
    return Path(info.path)


# --- the week ---------------------------------------------------------------------------------------------------

def test_a_first_week_from_an_empty_database(qtbot, journey: Journey, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    trip, db = journey, journey.db

    # Monday: the office, its administrator, its people
    set_up_office(qtbot, db)
    trip.step("setup wizard")
    trip.sign_in(ADMIN[0], ADMIN[2])
    add_user(qtbot, trip, *REVIEWER, ("reviewer",))
    add_user(qtbot, trip, *APPROVER, ("approver",))
    give_own_roles(qtbot, trip, ("clerk", "finance"))
    trip.switch_to(ADMIN[0], ADMIN[2])  # 切换用户 to themself: the new roles count from the next sign-in
    assert trip.user.roles == {"admin", "clerk", "finance"}
    trip.step("users")
    add_units(qtbot, trip)
    trip.step("units and unions")

    # Tuesday: three files typed in, the first with two household members
    for sequence, spec in enumerate(FILES, start=1):
        type_file(qtbot, trip, spec, sequence)
    assert count(db, WorkerFile) == 3 and count(db, HouseholdMember) == 2
    trip.step("three files typed in")
    import_register(qtbot, trip, write_register(tmp_path / "教育工会花名册.xlsx"))
    trip.step("register imported")

    # Wednesday: the winter campaign, filled by the rules, submitted for review
    screen = make_campaign(qtbot, trip)
    proposed = recommend(qtbot, trip, screen)
    trip.step(f"campaign and 按规则推荐 ({len(proposed)} households)")
    submit_all(qtbot, trip, screen)
    trip.step("submitted")

    # Thursday: the reviewer checks the list and puts it up on the notice board
    trip.switch_to(REVIEWER[0], REVIEWER[2], own="Panguoqiang7")  # first sign-in: their own password
    with db.read() as session:  # the administrator's one-time passwords: replaced by the reviewer's own
        assert {u: m for u, m in session.execute(select(User.username, User.must_change_password))} == {
            ADMIN[0]: False, REVIEWER[0]: False, APPROVER[0]: True}
    review(qtbot, trip)
    trip.step("reviewed by another user")
    notice_end = start_notice(qtbot, trip)
    trip.step("public notice")

    # The week after the notice: the chairman approves
    trip.switch_to(APPROVER[0], APPROVER[2], own="Longzhenghua8")
    approve(qtbot, trip, notice_end)
    trip.step("approved by a third user")

    # Friday: the clerk prints the vouchers and the roster, the finance officer confirms the payment
    trip.switch_to(ADMIN[0], ADMIN[2])
    print_vouchers(qtbot, trip, tmp_path)
    trip.step("vouchers printed (numbered at print)")
    print_roster(qtbot, trip)
    trip.step("roster")
    confirm_paid(qtbot, trip)
    trip.step("confirmed paid")
    export_package(qtbot, trip, tmp_path / "U盘")
    trip.step("package exported")
    trip.close()
    assert count(db, AuditEntry) > 0
