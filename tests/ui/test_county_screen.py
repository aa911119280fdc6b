"""乡镇汇总 (county) through the real main window over the county demo: the county opens on it, the townships
table counts each township's files, a further package merged through the screen shows up, a wrong
passphrase is refused with the database as it was, and a township still gets its own 报送 screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import func, select

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import ExchangeLog, WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.demo.county import DEMO_PASSPHRASE, register_package_keys, township_name
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.ui.screens import county
from songnuan_desktop.ui.screens.county import CountyScreen
from songnuan_desktop.ui.screens.exchange import ExchangeScreen
from tests.demo_offices import DemoOffices

WAIT = 30_000
WORKERS = 30


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def county_db(tmp_path: Path, demo_offices: DemoOffices) -> Iterator[Database]:
    """build_county(townships=2, workers=WORKERS): a copy of the run's one build."""
    db = open_database(f"sqlite:///{demo_offices.county_file(tmp_path / 'county.db', 2, WORKERS)}")
    yield db
    db.close()


@pytest.fixture
def third_package(tmp_path: Path, county_db: Database, demo_offices: DemoOffices) -> Path:
    """谷陇镇's first package: a township the county has not heard from yet (its key registered); the township
    build_demo(workers=12, seed=11), a copy of the run's build."""
    name, region = township_name(2)
    built = demo_offices.file(tmp_path / "gulong.db", workers=12, seed=11, office_name=name, region_code=region)
    township = open_database(f"sqlite:///{built}")
    try:
        out = tmp_path / "stick"
        out.mkdir()
        path = export_package(township, auth.login(township, "jingban", "songnuan2026"), out, DEMO_PASSPHRASE).path
        register_package_keys(county_db, auth.login(county_db, "xianzong", "songnuan2026"), [path])
        return path
    finally:
        township.close()


def _county_window(qtbot, db: Database) -> tuple[MainWindow, CountyScreen]:  # type: ignore[no-untyped-def]
    window = MainWindow(db, auth.login(db, "xianzong", "songnuan2026"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    screen = window.ui.screens.currentWidget()
    assert isinstance(screen, CountyScreen)
    qtbot.waitUntil(lambda: screen.checks is not None and screen.ui.townships.rowCount() > 0, timeout=WAIT)
    return window, screen


def _column(screen: CountyScreen, title: str) -> dict[str, str]:
    table = screen.ui.townships
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
    c = headers.index(title)
    return {table.item(r, 0).text(): table.item(r, c).text() for r in range(table.rowCount())}  # type: ignore[union-attr]


def _files_per_township(db: Database) -> dict[str, int]:
    from songnuan_desktop.persistence.models import Office

    with db.read() as session:
        rows = session.execute(select(Office.name, func.count(WorkerFile.id)).join(
            WorkerFile, WorkerFile.office_id == Office.id).group_by(Office.name)).all()
    return {name: count for name, count in rows}


def _exchange_rows(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(ExchangeLog)) or 0


def test_county_opens_on_the_townships_screen_with_their_counts(qtbot, county_db: Database) -> None:  # type: ignore[no-untyped-def]
    window, screen = _county_window(qtbot, county_db)
    nav = window.ui.navigation
    assert nav.currentItem().text() == "乡镇汇总" and window.screens["exchange"] is screen
    assert screen.ui.townships.rowCount() == 2
    assert _column(screen, "档案总数") == {k: str(v) for k, v in _files_per_township(county_db).items()}
    assert set(_column(screen, "最新包号").values()) == {"0001"}
    assert "2 个乡镇" in screen.ui.totals.text()
    tabs = [screen.ui.tabs.tabText(i) for i in range(screen.ui.tabs.count())]
    assert tabs[0].startswith("重复建档（") and tabs[1].startswith("重复发放（") and tabs[3] == "统计表"
    assert screen.ui.issueDecisions.isEnabled()  # xianzong sends the decisions
    window.lanes.wait()


def test_findings_show_the_planted_household_and_the_tables_export(qtbot, county_db: Database,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    window, screen = _county_window(qtbot, county_db)
    assert screen.checks is not None and screen.checks.double_payments  # build_county plants one
    tree = screen.ui.doublePayments
    finding = tree.topLevelItem(0)
    assert finding.childCount() >= 2 and finding.isExpanded()
    townships = {finding.child(i).text(0) for i in range(finding.childCount())}
    assert townships == {township_name(0)[0], township_name(1)[0]}
    assert all(finding.child(i).text(tree.columnCount() - 1) for i in range(finding.childCount()))  # 说明
    assert screen.ui.tabs.tabText(1) == f"重复发放（{len(screen.checks.double_payments)}）"
    assert screen.ui.reportChoice.count() == 3 and screen.ui.reportTable.rowCount() == 3  # 2 townships + 合计
    assert screen.ui.reportTable.item(2, 0).text() == "合计"  # type: ignore[union-attr]
    out = tmp_path / "县级统计.xlsx"
    with qtbot.waitSignal(screen.report_exported, timeout=WAIT):
        assert screen.export_report_to(out)
    assert out.stat().st_size > 0 and "统计表已写入" in screen.ui.message.text()
    window.lanes.wait()


def test_a_further_package_merged_through_the_screen_shows_up(qtbot, county_db: Database,  # type: ignore[no-untyped-def]
                                                               third_package: Path) -> None:
    window, screen = _county_window(qtbot, county_db)
    with qtbot.waitSignal(screen.merged, timeout=WAIT) as done, qtbot.waitSignal(screen.loaded, timeout=WAIT):
        assert screen.merge([third_package], DEMO_PASSPHRASE)
    assert [r.status for r in done.args[0].results] == ["merged"]
    assert screen.dialog is not None and screen.dialog.statuses() == ["已汇总"]  # type: ignore[attr-defined]
    assert "汇总了 1 个乡镇的报送包" in screen.dialog.summary.text()  # type: ignore[attr-defined]
    assert screen.ui.townships.rowCount() == 3
    assert _column(screen, "档案总数")[township_name(2)[0]] == "12"
    with qtbot.waitSignal(screen.merged, timeout=WAIT), qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.merge([third_package], DEMO_PASSPHRASE)  # the same package again changes nothing
    assert screen.dialog.statuses() == ["已导入过，未改动"]  # type: ignore[attr-defined]
    window.lanes.wait()


def test_a_wrong_passphrase_is_refused_and_changes_nothing(qtbot, county_db: Database,  # type: ignore[no-untyped-def]
                                                            third_package: Path) -> None:
    window, screen = _county_window(qtbot, county_db)
    before = (_exchange_rows(county_db), _files_per_township(county_db))
    with mock.patch.object(county, "show_error") as shown, qtbot.waitSignal(screen.merge_failed, timeout=WAIT):
        screen.merge([third_package], "不是这个口令")
    text = shown.call_args.args[1].message
    assert third_package.name in text and "数据库没有任何改动" in text
    assert "数据库没有任何改动" in screen.ui.message.text() and screen.ui.importPackages.isEnabled()
    assert (_exchange_rows(county_db), _files_per_township(county_db)) == before
    assert screen.ui.townships.rowCount() == 2
    window.lanes.wait()


def test_a_township_still_gets_its_own_send_screen(qtbot, ui_db: Database, ui_admin) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_db, ui_admin)
    qtbot.addWidget(window)
    assert isinstance(window.screens["exchange"], ExchangeScreen)
    assert window.ui.navigation.item(7).text() == "报送" and window.ui.navigation.currentRow() == 0
    window.lanes.wait()


def test_stale_packages_are_marked() -> None:
    now = county.utc_now()
    assert county.is_stale(now - county.STALE_AFTER - county.dt.timedelta(minutes=1), now)
    assert not county.is_stale(now - county.dt.timedelta(days=3), now)
