"""走访指标 on screen (issue 16 item 5): the calendar's side panel shows the chosen campaign's quota and each
group's progress ("第二慰问组：已走访 5 / 指标 20 户…"), the service's figures; the campaign dialog reads and
saves the quota; 统计's 走访 table shows 指标 / 已走访户数 / 完成率. SONGNUAN_SCREENSHOT=path saves the calendar at
1366×768 as shown (SONGNUAN_SCREENSHOT_STATS the 统计 screen's visit table)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import Campaign
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.reports import statistics
from songnuan_desktop.services.visits import visit_quotas
from songnuan_desktop.ui.dialogs.campaign_dialog import CampaignDialog
from songnuan_desktop.ui.screens.reports import ReportsScreen
from songnuan_desktop.ui.screens.visits import MONTH, VisitsScreen
from songnuan_desktop.ui.widgets.combo_ids import select_id
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled
from tests.demo_offices import DemoOffices

PASSWORD = "songnuan2026"
THIS_WINTER = "2027年元旦春节送温暖"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_offices: DemoOffices) -> Path:
    return demo_offices.file(tmp_path_factory.mktemp("visit-quota") / "demo.db", workers=300, seed=7)


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office.db"
    shutil.copy(demo_file, path)
    db = open_database("sqlite:///" + str(path), create=True)
    yield db
    db.close()


def winter_id(db: Database):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(select(Campaign.id).where(Campaign.name == THIS_WINTER)).one()


def test_the_calendar_shows_each_groups_progress_against_the_quota(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(office, "jingban", PASSWORD)
    screen = VisitsScreen(office, user, Lanes())
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.anchor = dt.date(2026, 11, 16)
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()  # fills the campaign list
    select_id(screen.ui.campaignFilter, winter_id(office))
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()
    assert screen.mode == MONTH
    progress = visit_quotas.progress(office, user.office_id, winter_id(office))
    assert progress.quota is not None and len(progress.lines) == 3
    assert screen.quota.isVisible()
    text = screen.quota.plain_text()
    assert text.splitlines()[0] == f"{THIS_WINTER}走访指标：每个慰问组不少于20户"
    second = next(line for line in progress.lines if line.label == "第二慰问组")
    assert f"第二慰问组：已走访 {second.visited} / 指标 20 户（已安排 {second.planned} 户，" in text
    assert text.count("/ 指标 20 户") == 3
    target = os.environ.get("SONGNUAN_SCREENSHOT")
    if target:
        qtbot.wait(50)
        screen.grab().save(target)
    # a campaign without a quota: no panel
    last = next(c for c in screen.data.campaigns if c.name == "2026年元旦春节送温暖")  # type: ignore[union-attr]
    select_id(screen.ui.campaignFilter, last.id)
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.refresh()
    assert not screen.quota.isVisible()


def test_the_campaign_dialog_reads_and_saves_the_quota(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(office, "jingban", PASSWORD)
    winter = winter_id(office)
    dialog = CampaignDialog(office, user, Lanes(), winter)
    qtbot.addWidget(dialog)
    dialog.show()
    settled(qtbot, dialog)  # the campaign and its quota, read on the database lane
    assert dialog.quota.value() == (visit_quotas.PER_GROUP, 20)
    assert not dialog.quota.changed
    dialog.quota.per.setCurrentIndex(dialog.quota.per.findData(visit_quotas.PER_LEADER))
    dialog.quota.households.setValue(6)
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settled(qtbot, dialog)
    assert not dialog.isVisible(), dialog.ui.error.text()
    assert visit_quotas.quota_of(office, user.office_id, winter) == visit_quotas.Quota(winter, "带队领导", 6)
    again = CampaignDialog(office, user, Lanes(), winter)
    qtbot.addWidget(again)
    settled(qtbot, again)
    again.quota.per.setCurrentIndex(0)  # 不设指标
    again.ui.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settled(qtbot, again)
    assert visit_quotas.quota_of(office, user.office_id, winter) is None


def test_the_statistics_visit_table_shows_the_quota_columns(qtbot, office: Database) -> None:  # type: ignore[no-untyped-def]
    user = auth.login(office, "jingban", PASSWORD)
    screen = ReportsScreen(office, user, Lanes())
    screen.today = dt.date(2026, 11, 20)  # the demo's today: the year 2026
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    with qtbot.waitSignal(screen.shown, timeout=20_000):
        screen.refresh()
    with qtbot.waitSignal(screen.shown, timeout=20_000):
        screen.list.setCurrentRow(statistics.TABLE_KEYS.index("visits_group"))
    widget = screen.table
    headers = [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())]
    assert headers[-3:] == ["指标（户）", "已走访户数", "完成率（%）"]
    table = statistics.table(office, statistics.scope_of(office, user, statistics.Period.of_year(2026)), "visits_group")
    on_screen = [[widget.item(r, c).text() for c in range(widget.columnCount())] for r in range(widget.rowCount())]
    assert on_screen[-1][0] == "合计" and table.total is not None
    assert on_screen[-1][-3:] == [table.text(table.total, i) for i in range(6, 9)]
    assert "完成率为已走访户数除以指标" in screen.note.text()
    target = os.environ.get("SONGNUAN_SCREENSHOT_STATS")
    if target:
        qtbot.wait(50)
        screen.grab().save(target)
