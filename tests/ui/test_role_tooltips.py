"""A button grey for want of a role says why (its tooltip, domain.permissions.why_not); one grey only because
nothing is chosen keeps its own tooltip, and the role's reason stays through selection changes (档案, 发放, 走访)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from songnuan_desktop.domain.permissions import Action, refusal, why_not
from songnuan_desktop.domain.roles import ROLES_SEEING_FULL_IDS
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.screens.files import FilesScreen
from songnuan_desktop.ui.dialogs.visit_dialogs import VisitDialog
from songnuan_desktop.ui.screens.payouts import PayoutsScreen
from songnuan_desktop.ui.screens.visits import VisitsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices
from tests.ui.helpers import payouts_on

APPROVED = "2026年金秋助学"  # the demo's approved campaign: some vouchers printed, none paid
WAIT = 20_000
REPRINT_OWN = "再次打印所选项的凭证，标注“补打”及次数。"  # the form's own tooltip, in Chinese


def test_the_reason_names_the_roles_as_a_refusal_does() -> None:
    assert why_not(Action.PRINT_VOUCHERS) == "需要经办人或财务角色，当前用户没有该角色。"
    assert why_not(Action.NEW_FILE) == "需要经办人角色，当前用户没有该角色。"
    assert why_not(ROLES_SEEING_FULL_IDS) == "需要经办人、审核人或财务角色，当前用户没有该角色。"
    assert str(refusal(Action.NEW_CAMPAIGN, "张三")) == (
        "“新建活动”需要经办人、审批人或管理员角色，当前用户“张三”没有该角色。")


def _hover_tooltip(button) -> str:  # type: ignore[no-untyped-def]
    """What Qt shows when the mouse rests on `button` (a tooltip event, as the mouse resting sends)."""
    QToolTip.hideText()
    centre = button.rect().center()
    QApplication.sendEvent(button, QHelpEvent(QEvent.Type.ToolTip, centre, button.mapToGlobal(centre)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_an_administrator_alone_sees_why_new_file_is_grey(qtbot, ui_db: Database, ui_admin: SessionUser) -> None:  # type: ignore[no-untyped-def]
    screen = FilesScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    for button, action in ((screen.ui.newFile, Action.NEW_FILE), (screen.ui.importFiles, Action.IMPORT_WORKERS)):
        assert not button.isEnabled()
        assert button.toolTip() == why_not(action)
    assert _hover_tooltip(screen.ui.newFile) == "需要经办人角色，当前用户没有该角色。"  # shown though disabled


def test_a_clerk_sees_no_reason_on_the_files_screen(qtbot, ui_db: Database, ui_clerk: SessionUser) -> None:  # type: ignore[no-untyped-def]
    screen = FilesScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(screen)
    assert screen.ui.newFile.isEnabled() and screen.ui.newFile.toolTip() == ""


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=160, seed=5)  # as tests/ui/test_payouts_screen.py


def _payouts(qtbot, db: Database, username: str) -> PayoutsScreen:  # type: ignore[no-untyped-def]
    return payouts_on(qtbot, db, auth.login(db, username, "songnuan2026"), APPROVED, timeout=WAIT)


def _select_printed(screen: PayoutsScreen) -> None:
    rows = [i for i in range(screen.proxy.rowCount())
            if screen.model.rows[screen.proxy.mapToSource(screen.proxy.index(i, 0)).row()].voucher]
    assert rows
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    screen.ui.items.selectionModel().select(screen.proxy.index(rows[0], 0), flags)
    assert screen.selected()


def test_payouts_grey_for_nothing_chosen_says_no_role_reason(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    screen = _payouts(qtbot, demo, "jingban")  # 经办人: may print, reprint and void
    ui = screen.ui
    assert not screen.selected()
    for button in (ui.reprintVouchers, ui.printVoided, ui.voidVoucher):
        assert not button.isEnabled()  # nothing chosen
        assert "角色" not in button.toolTip()
    assert ui.reprintVouchers.toolTip() == REPRINT_OWN
    assert ui.confirmPaid.toolTip() == why_not(Action.MARK_PAID)  # 确认发放 is finance's
    _select_printed(screen)
    assert ui.reprintVouchers.isEnabled() and ui.reprintVouchers.toolTip() == REPRINT_OWN
    assert ui.confirmPaid.toolTip() == why_not(Action.MARK_PAID)


def test_payouts_role_reason_stays_after_a_selection_change(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    screen = _payouts(qtbot, demo, "shenhe")  # 审核人: neither prints nor voids vouchers
    ui = screen.ui
    assert ui.reprintVouchers.toolTip() == why_not(Action.PRINT_VOUCHERS)
    _select_printed(screen)
    assert not ui.reprintVouchers.isEnabled()
    assert ui.reprintVouchers.toolTip() == "需要经办人或财务角色，当前用户没有该角色。"
    assert ui.voidVoucher.toolTip() == why_not(Action.VOID_VOUCHER)
    assert ui.bankList.isEnabled()  # a reviewer sees full numbers: the bank list is theirs too
    ui.items.selectionModel().clearSelection()
    assert ui.reprintVouchers.toolTip() == why_not(Action.PRINT_VOUCHERS)


def _visits(qtbot, db: Database, username: str) -> VisitsScreen:  # type: ignore[no-untyped-def]
    screen = VisitsScreen(db, auth.login(db, username, "songnuan2026"), Lanes())
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.refresh()
    return screen


def test_visits_grey_for_want_of_the_clerk_role_say_why(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    clerk = _visits(qtbot, demo, "jingban")  # 经办人: plans, changes and records visits
    assert clerk.ui.newVisit.isEnabled() and clerk.ui.autoPlan.isEnabled()
    assert not clerk.ui.editVisit.isEnabled() and "角色" not in clerk.ui.editVisit.toolTip()  # nothing chosen
    assert clerk.data is not None and clerk.data.visits
    clerk.choose(clerk.data.visits[0])
    assert clerk.ui.editVisit.isEnabled() and clerk.ui.deleteVisit.isEnabled()

    reviewer = _visits(qtbot, demo, "shenhe")  # 审核人: sees the calendar, plans nothing
    assert reviewer.ui.newVisit.toolTip() == why_not(Action.ADD_VISIT) == "需要经办人角色，当前用户没有该角色。"
    assert not reviewer.ui.autoPlan.isEnabled() and reviewer.ui.autoPlan.toolTip() == why_not(Action.PLAN_VISITS)
    assert reviewer.data is not None
    reviewer.choose(reviewer.data.visits[0])
    for button, action in ((reviewer.ui.editVisit, Action.EDIT_VISIT), (reviewer.ui.recordOutcome, Action.RECORD_VISIT),
                           (reviewer.ui.deleteVisit, Action.DELETE_VISIT)):
        assert not button.isEnabled() and button.toolTip() == why_not(action)
    assert _hover_tooltip(reviewer.ui.deleteVisit) == why_not(Action.DELETE_VISIT)


def test_double_clicks_plan_visits_for_the_clerk_only(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    reviewer = _visits(qtbot, demo, "shenhe")
    assert reviewer.data is not None
    visit = reviewer.data.visits[0]
    reviewer.month.day_activated.emit(visit.date)  # an empty place of a day, double-clicked
    reviewer.month.visit_activated.emit(visit)
    assert reviewer.dialog is None  # no form whose 保存 the service would refuse
    assert reviewer.selected is not None and reviewer.selected.id == visit.id  # the visit chosen: its details shown

    clerk = _visits(qtbot, demo, "jingban")
    clerk.month.day_activated.emit(visit.date)
    assert isinstance(clerk.dialog, VisitDialog) and clerk.dialog.windowTitle() == "新建走访"
    clerk.dialog.reject()


def test_only_the_clerk_drags_a_visit_to_another_day(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    reviewer = _visits(qtbot, demo, "shenhe")
    month = reviewer.month
    qtbot.waitUntil(lambda: bool(month._lines))  # painted: the visits' lines are where the mouse finds them
    line, visit = month._lines[0]
    grab = QPoint(round(line.center().x()), round(line.center().y()))
    other = month.cell_rect(visit.date + dt.timedelta(days=1 if visit.date.weekday() < 6 else -1)).center()
    drop = QPoint(round(other.x()), round(other.y()))
    QTest.mousePress(month, Qt.MouseButton.LeftButton, pos=grab)
    for k in range(1, 6):
        QTest.mouseMove(month, grab + (drop - grab) * k / 5)
    with qtbot.assertNotEmitted(month.visit_dropped):
        QTest.mouseRelease(month, Qt.MouseButton.LeftButton, pos=drop)
    assert not month.movable and not reviewer.grid.movable
    clerk = _visits(qtbot, demo, "jingban")
    assert clerk.month.movable and clerk.grid.movable  # the drag itself: tests/ui/test_visits_screen.py
