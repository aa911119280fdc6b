"""The county's decisions through the 乡镇汇总 screen: flag the planted double payment (the kind and a sentence
naming the other township prefilled), the 已标记 marker and the 县总工会标记 tab, withdraw a flag, write one
下发包 per township, and the township that made the double payment takes its package in and sees the flags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county.county_merge import merge_packages
from songnuan_desktop.services.county.decisions_import import import_decisions, received_flags
from songnuan_desktop.demo.county import (
    DEMO_PASSPHRASE, _township_package, register_county_key, register_package_keys, set_up_county, township_name,
)
from songnuan_desktop.ui import ops
from songnuan_desktop.ui.main_window import MainWindow
from songnuan_desktop.ui.screens.county import CountyScreen
from tests.demo_offices import DemoOffices

WAIT = 30_000
WORKERS = 25


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


def _county_and_townships(db: Database, folder: Path) -> None:
    """build_county's county in `db`, keeping the two townships' databases (township-1.db, township-2.db)."""
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        set_up_county(db)
        planted: list = []  # type: ignore[type-arg]
        packages = [_township_package(folder, i, WORKERS, 1 + i, lambda _t: None, planted) for i in range(2)]
        xianzong = auth.login(db, "xianzong", "songnuan2026")
        register_package_keys(db, xianzong, packages)  # each side registers the other's signing key
        for i in range(2):
            township = open_database(f"sqlite:///{folder / f'township-{i + 1}.db'}")
            register_county_key(township, auth.login(township, "admin", "songnuan2026"), db)
            township.close()
        merge_packages(db, xianzong, packages, DEMO_PASSPHRASE)


@pytest.fixture
def county(tmp_path: Path, demo_offices: DemoOffices) -> Iterator[tuple[Database, list[Path]]]:
    """The county and its two townships' databases (township-1.db, township-2.db): a copy of the run's build."""
    path = demo_offices.made(tmp_path / "county.db", "county_flags_ui", _county_and_townships)
    db = open_database(f"sqlite:///{path}")
    yield db, [tmp_path / f"township-{i + 1}.db" for i in range(2)]
    db.close()


def _screen(qtbot, db: Database, user: str = "xianzong") -> tuple[MainWindow, CountyScreen]:  # type: ignore[no-untyped-def]
    window = MainWindow(db, auth.login(db, user, "songnuan2026"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    screen = window.screens["exchange"]
    assert isinstance(screen, CountyScreen)
    qtbot.waitUntil(lambda: screen.checks is not None and screen.ui.townships.rowCount() > 0, timeout=WAIT)
    return window, screen


def _flag_entry(qtbot, screen: CountyScreen, row: int, **kw: str) -> None:  # type: ignore[no-untyped-def]
    tree = screen.ui.doublePayments
    screen.ui.tabs.setCurrentIndex(1)
    tree.setCurrentItem(tree.topLevelItem(0).child(row))
    before = len(screen.flags.flags)
    with qtbot.waitSignal(screen.flags.changed, timeout=WAIT):
        assert screen.flags.flag_current(**kw)
    qtbot.waitUntil(lambda: len(screen.flags.flags) == before + 1, timeout=WAIT)


def test_flag_withdraw_send_and_the_township_sees_it(qtbot, county, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, townships = county
    window, screen = _screen(qtbot, db)
    first, second = township_name(0)[0], township_name(1)[0]
    assert screen.ui.issueDecisions.isEnabled() and not screen.ui.flagButton.isEnabled()
    tree = screen.ui.doublePayments
    finding = tree.topLevelItem(0)
    marker = tree.columnCount() - 2
    assert tree.headerItem().text(marker) == "县总工会标记"
    screen.ui.tabs.setCurrentIndex(1)
    tree.setCurrentItem(finding)  # the whole finding: one flag per township's item
    whole = screen.flags.selection()
    assert whole is not None and len(whole.targets) == finding.childCount()
    assert {t.entity for t in whole.targets} == {"assistance_items"}
    paid_in_second = next(i for i in range(finding.childCount()) if finding.child(i).text(0) == second)
    tree.setCurrentItem(finding.child(paid_in_second))
    chosen = screen.flags.selection()
    assert chosen is not None and chosen.kind == "double_payment" and screen.ui.flagButton.isEnabled()
    assert chosen.text == f"与{first}同期重复发放（同一身份证号），请核实后收回。"

    _flag_entry(qtbot, screen, paid_in_second)
    assert finding.child(paid_in_second).text(marker) == "已标记"
    assert finding.child(1 - paid_in_second).text(marker) == ""
    _flag_entry(qtbot, screen, 1 - paid_in_second, kind="hold", text="暂缓发放，待县总工会核实")
    table = screen.ui.flagsTable
    assert table.rowCount() == 2 and screen.ui.tabs.tabText(4) == "县总工会标记（2）"
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(7)] for r in range(2)}  # type: ignore[union-attr]
    assert rows[second][2] == "重复发放" and rows[second][3] == chosen.text and rows[second][6] == "有效"
    assert rows[first][2] == "暂缓发放" and rows[first][5] == "xianzong"

    screen.ui.tabs.setCurrentIndex(4)
    row = next(r for r in range(2) if table.item(r, 0).text() == first)  # type: ignore[union-attr]
    table.selectRow(row)
    assert screen.ui.withdrawFlag.isEnabled()
    flag_id = table.item(row, 0).data(256)  # type: ignore[union-attr]
    with qtbot.waitSignal(screen.flags.changed, timeout=WAIT):
        assert screen.flags.withdraw(flag_id, "已核实，可以发放")
    qtbot.waitUntil(lambda: sum(f.withdrawn for f in screen.flags.flags) == 1, timeout=WAIT)
    assert screen.ui.tabs.tabText(4) == "县总工会标记（1）"
    assert finding.child(1 - paid_in_second).text(marker) == ""  # withdrawn: no marker
    assert finding.child(paid_in_second).text(marker) == "已标记"

    out = tmp_path / "stick"
    out.mkdir()
    with qtbot.waitSignal(screen.flags.decisions_sent, timeout=WAIT) as sent:
        assert screen.flags.send_decisions_to(out, DEMO_PASSPHRASE)
    packages = sorted(out.glob("*.snpkg"))
    assert len(packages) == 2 and {p.office_name for p in sent.args[0].packages} == {first, second}
    assert sorted(screen.flags.dialog.files()) == [p.name for p in packages]  # type: ignore[union-attr]
    assert screen.ui.issueDecisions.isEnabled()
    window.lanes.wait()

    township = open_database(f"sqlite:///{townships[1]}")
    try:
        mine = next(p for p in sent.args[0].packages if p.office_name == second).path
        result = import_decisions(township, auth.login(township, "jingban", "songnuan2026"), mine, DEMO_PASSPHRASE)
        assert result.status == "applied" and result.flags == 1 and result.flags_withdrawn == 0
        [flag] = received_flags(township)
        assert flag.kind == "double_payment" and flag.text == chosen.text and not flag.withdrawn
    finally:
        township.close()
    township = open_database(f"sqlite:///{townships[0]}")
    try:
        theirs = next(p for p in sent.args[0].packages if p.office_name == first).path
        result = import_decisions(township, auth.login(township, "jingban", "songnuan2026"), theirs, DEMO_PASSPHRASE)
        assert result.flags == 0 and result.flags_withdrawn == 1
        assert [f.withdrawn for f in received_flags(township)] == [True]
    finally:
        township.close()


def test_confirm_a_final_list_through_the_screen(qtbot, county) -> None:  # type: ignore[no-untyped-def]
    db, _ = county
    window, screen = _screen(qtbot, db, user="admin")
    from songnuan_desktop.services.county.county_decisions import final_list_choices

    choices = final_list_choices(db, auth.login(db, "admin", "songnuan2026"))
    errors: list = []  # type: ignore[type-arg]
    screen.flags.failed.connect(errors.append)
    with mock.patch("songnuan_desktop.ui.screens.county_flags.show_error"):
        for choice in choices:  # the first campaign with approved items gets confirmed
            with qtbot.waitSignals([screen.flags.changed], timeout=WAIT, raising=False) as done:
                screen.flags.confirm_final(choice.campaign_id)
                qtbot.waitUntil(lambda: not ops.busy(screen), timeout=WAIT)
            if done.signal_triggered:
                break
    qtbot.waitUntil(lambda: len(screen.flags.flags) == 1, timeout=WAIT)
    [flag] = screen.flags.flags
    assert flag.kind == "final" and flag.entity == "campaigns" and "最终名单" in flag.text
    assert screen.ui.flagsTable.item(0, 2).text() == "县总工会确认（最终名单）"  # type: ignore[union-attr]
    window.lanes.wait()


def test_without_the_county_role_nothing_can_be_flagged_or_sent(qtbot, county) -> None:  # type: ignore[no-untyped-def]
    db, _ = county
    window, screen = _screen(qtbot, db)
    screen.flags.allowed = False  # a county database's user with neither role cannot reach the screen
    screen.ui.tabs.setCurrentIndex(1)
    tree = screen.ui.doublePayments
    tree.setCurrentItem(tree.topLevelItem(0))
    assert not screen.ui.flagButton.isEnabled()
    assert screen.ui.flagButton.toolTip() == "需要县总工会或管理员角色，当前用户没有该角色。"  # why it is grey
    window.lanes.wait()
