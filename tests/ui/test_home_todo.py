"""首页 as the clerk's day (issue 13 item 9), in the real main window over the demo office: the to-do list of
each role in Chinese with its counts, and each line opening its screen with the filter set — 审批 on the
state, 档案 on 在档 not reviewed for a year, 发放 on the campaign and its vouchers, 活动 on the notice's
campaign, 走访日历 on the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from songnuan_desktop.domain.states import ItemState
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo.data import DEMO_TODAY, PASSWORD
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.ui.screens.approval import ApprovalScreen
from songnuan_desktop.ui.screens.campaigns import CampaignsScreen
from songnuan_desktop.ui.screens.files import FilesScreen
from songnuan_desktop.ui.screens.home import HomeScreen
from songnuan_desktop.ui.screens.payouts import PayoutsScreen
from songnuan_desktop.ui.screens.visits import DAY, VisitsScreen
from tests.demo_offices import DemoOffices


@pytest.fixture
def demo(demo_offices: DemoOffices, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.db"
    demo_offices.file(path, workers=300, seed=7)
    db = open_database("sqlite:///" + str(path))
    yield db
    db.close()


def home_of(qtbot, db: Database, username: str, today: dt.date | None,  # type: ignore[no-untyped-def]
            password: str = PASSWORD) -> tuple[MainWindow, HomeScreen]:
    """The main window at 1366×768 signed in as `username`, its 首页 loaded for `today` (None: the real today)."""
    window = MainWindow(db, auth.login(db, username, password))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    qtbot.waitUntil(lambda: home.loaded, timeout=10_000)
    if today is None:
        return window, home
    home.loaded, home.today = False, today
    home.refresh()
    qtbot.waitUntil(lambda: home.loaded, timeout=10_000)
    return window, home


def line_texts(home: HomeScreen) -> list[str]:
    return [b.text() for b in home.line_buttons]


def click_line(qtbot, home: HomeScreen, words: str):  # type: ignore[no-untyped-def]
    button = next(b for b in home.line_buttons if words in b.text())
    with qtbot.waitSignal(home.opened, timeout=10_000) as opened:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    return opened.args[0]


def test_the_clerks_day_and_where_each_line_leads(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    window, home = home_of(qtbot, demo, "jingban", DEMO_TODAY)
    assert home.ui.todoTitle.text() == "今日待办（2026年11月20日）"
    assert line_texts(home) == ["草稿待提交：15 项  ›", "被退回、待修改后重新提交：8 项  ›",
                                "2026年金秋助学：已批准、尚未打印凭证 23 项  ›", "超过一年未复核的在档档案：29 户  ›"]
    assert not home.ui.todoEmpty.isVisible()

    approval = click_line(qtbot, home, "被退回")
    assert window.ui.screens.currentWidget() is approval is window.screens["approval"]
    assert isinstance(approval, ApprovalScreen)
    assert approval.current_filter().states == (ItemState.RETURNED,)
    qtbot.waitUntil(lambda: approval.ui.count.text().endswith("共 8 项"), timeout=10_000)

    window.show_screen("home")
    files = click_line(qtbot, home, "未复核")
    assert files is window.screens["files"] and isinstance(files, FilesScreen)
    flt = files.current_filter()
    assert (flt.status, flt.not_reviewed_for_a_year, flt.text, flt.category) == ("在档", True, "", "")
    qtbot.waitUntil(lambda: files.model.complete and len(files.model.rows) == 29, timeout=10_000)

    window.show_screen("home")
    payouts = window.screens["payouts"]
    assert isinstance(payouts, PayoutsScreen)
    with qtbot.waitSignal(payouts.loaded, timeout=10_000):
        click_line(qtbot, home, "尚未打印凭证")
    assert payouts.ui.campaign.currentText() == "2026年金秋助学"
    assert payouts.ui.stateFilter.currentData() == "unprinted"
    assert payouts.model.rowCount() == 23
    window.lanes.wait()


def test_a_reviewers_day_opens_the_notice_and_the_visits(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    window, home = home_of(qtbot, demo, "shenhe", dt.date(2026, 11, 12))
    assert line_texts(home) == [
        "已提交、待您审核：13 项（不含本人经办）  ›", "初审通过、待公示：18 项  ›", "异议待处理：5 项  ›",
        "2027年元旦春节送温暖：公示 2026年11月16日 期满，27 项  ›", "今天走访：4 次，10 户  ›",
        "明天走访：2 次，2 户  ›"]
    campaigns = window.screens["campaigns"]
    assert isinstance(campaigns, CampaignsScreen)
    with qtbot.waitSignal(campaigns.loaded, timeout=10_000):
        click_line(qtbot, home, "期满")
    qtbot.waitUntil(lambda: campaigns.ui.campaigns.currentRow() >= 0, timeout=10_000)
    assert campaigns.summaries[campaigns.ui.campaigns.currentRow()].name == "2027年元旦春节送温暖"
    assert campaigns.current_filter().states == (ItemState.IN_NOTICE,)

    window.show_screen("home")
    visits = window.screens["visits"]
    assert isinstance(visits, VisitsScreen)
    with qtbot.waitSignal(visits.loaded, timeout=10_000):
        click_line(qtbot, home, "明天走访")
    qtbot.waitUntil(lambda: visits.mode == DAY and visits.grid.days == [dt.date(2026, 11, 13)], timeout=10_000)
    assert len(visits.grid.visits) == 2
    window.lanes.wait()


def test_nothing_to_do_is_said(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    _window, home = home_of(qtbot, demo, "admin", DEMO_TODAY)
    assert home.line_buttons == [] and home.ui.todoEmpty.isVisible()
    assert home.ui.todoEmpty.text() == "今天没有待办事项。"


def test_finance_opens_the_vouchers_printed_and_not_yet_paid(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    """凭证已打印、尚未确认发放 opens 发放 on exactly those items (it opened on every 已批准 item)."""
    window, home = home_of(qtbot, demo, "caiwu", DEMO_TODAY)
    payouts = window.screens["payouts"]
    assert isinstance(payouts, PayoutsScreen)
    line = next(b.text() for b in home.line_buttons if "凭证已打印" in b.text())
    count = int(line.rsplit("发放", 1)[1].split()[0])  # "2026年金秋助学：凭证已打印、尚未确认发放 16 项  ›"
    with qtbot.waitSignal(payouts.loaded, timeout=10_000):
        click_line(qtbot, home, "凭证已打印")
    assert payouts.ui.stateFilter.currentText() == "凭证已打印、尚未发放"
    assert payouts.model.rowCount() == count > 0
    rows = [payouts.model.rows[i] for i in range(payouts.model.rowCount())]
    assert all(r.item.state == ItemState.APPROVED and r.voucher for r in rows)
    window.lanes.wait()


def test_a_new_offices_administrator_is_sent_to_add_the_users(  # type: ignore[no-untyped-def]
        qtbot, demo_offices: DemoOffices, tmp_path: Path, setup_data) -> None:
    """Seen on an empty database: after the setup wizard the administrator's 档案 buttons are grey (only a
    经办人 files or imports) and the to-do list said there was nothing to do. It names the roles nobody holds
    and opens 设置 on 用户."""
    from songnuan_desktop.ui.screens.settings import SettingsScreen

    db = open_database("sqlite:///" + str(demo_offices.office_file(tmp_path / "office.db", setup_data)))
    try:
        window, home = home_of(qtbot, db, setup_data.admin_username, None, setup_data.admin_password)
        assert line_texts(home) == ["本单位还没有经办人、审核人、审批人、财务账号：请在“设置 › 用户”中添加"
                                    "（提名、审核、审批须由不同的人办理）  ›"]
        assert home.line_buttons[0].toolTip() == "打开“设置”"
        settings = click_line(qtbot, home, "还没有")
        assert settings is window.screens["settings"] and isinstance(settings, SettingsScreen)
        assert settings.ui.tabs.currentWidget() is settings.ui.usersTab
        window.close()
    finally:
        db.close()
