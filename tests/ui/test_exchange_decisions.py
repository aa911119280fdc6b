"""The 报送 screen's decisions box: a county's 下发包 imported on the lane (result message, flags listed in
Chinese), the same package again unchanged, a wrong passphrase refused with the reason shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import select

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import WorkerFile
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.county.county_decisions import add_flag, export_decisions
from songnuan_desktop.services.county.county_merge import merge_packages
from songnuan_desktop.demo.county import (
    DEMO_PASSPHRASE, register_county_key, register_package_keys,
)
from songnuan_desktop.services.office.office import local_office
from songnuan_desktop.services.exchange.package_export import export_package
from songnuan_desktop.ui.screens.exchange import ExchangeScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices

WAIT = 20_000
PASSWORD = "songnuan2026"


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def township(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    """build_demo(workers=20, seed=9): a copy of the run's build."""
    yield from demo_offices.opened(sqlite_url, workers=20, seed=9)


@pytest.fixture
def decisions(township: Database, tmp_path: Path, demo_offices: DemoOffices) -> tuple[Database, Path]:
    out = tmp_path / "stick"
    out.mkdir()
    package = export_package(township, auth.login(township, "jingban", PASSWORD), out, DEMO_PASSPHRASE).path
    county = open_database(f"sqlite:///{demo_offices.county_office_file(tmp_path / 'county' / 'county.db')}")
    try:  # set_up_county's county
        xianzong = auth.login(county, "xianzong", PASSWORD)
        register_package_keys(county, xianzong, [package])  # each side registers the other's signing key
        register_county_key(township, auth.login(township, "admin", PASSWORD), county)
        merge_packages(county, xianzong, [package], DEMO_PASSPHRASE)
        with township.read() as session:
            file_id = session.scalar(select(WorkerFile.id).order_by(WorkerFile.file_no).limit(1))
        add_flag(county, xianzong, local_office(township).id, "worker_files", file_id, "duplicate_file",
                 "与重安镇档案同一身份证号，请核实")
        written = export_decisions(county, xianzong, out, DEMO_PASSPHRASE).packages
    finally:
        county.close()
    return township, written[0].path


def _screen(qtbot, db: Database, username: str) -> ExchangeScreen:  # type: ignore[no-untyped-def]
    screen = ExchangeScreen(db, auth.login(db, username, PASSWORD), Lanes())
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    with qtbot.waitSignal(screen.decisions.loaded, timeout=WAIT):
        screen.refresh()
    return screen


def test_import_shows_the_result_and_the_flags(qtbot, decisions: tuple[Database, Path]) -> None:  # type: ignore[no-untyped-def]
    db, package = decisions
    screen = _screen(qtbot, db, "jingban")
    assert screen.ui.flags.rowCount() == 0 and "尚未导入" in screen.ui.decisionsText.text()
    with qtbot.waitSignal(screen.decisions.imported, timeout=WAIT), \
            qtbot.waitSignal(screen.decisions.loaded, timeout=WAIT):
        assert screen.decisions.start_import(package, DEMO_PASSPHRASE)
    text = screen.decisions.dialog.text()
    assert "已导入黄平县总工会第 0001 号下发包" in text and "收到的标记：1 条" in text
    assert screen.ui.flags.rowCount() == 1
    assert screen.ui.flags.item(0, 0).text() == "重复建档" and "同一身份证号" in screen.ui.flags.item(0, 2).text()
    assert screen.ui.flags.item(0, 4).text() == "有效"
    assert "第 0001 号" in screen.ui.decisionsText.text()
    with qtbot.waitSignal(screen.decisions.imported, timeout=WAIT):
        assert screen.decisions.start_import(package, DEMO_PASSPHRASE)
    assert "此前已导入" in screen.decisions.dialog.text()


def test_a_wrong_passphrase_is_refused_and_said(qtbot, decisions: tuple[Database, Path]) -> None:  # type: ignore[no-untyped-def]
    db, package = decisions
    screen = _screen(qtbot, db, "jingban")
    with mock.patch("songnuan_desktop.ui.screens.exchange_decisions.show_error"), \
            qtbot.waitSignal(screen.decisions.import_failed, timeout=WAIT):
        screen.decisions.start_import(package, "不对的口令")
    assert "不能导入" in screen.ui.decisionsText.text() and screen.ui.flags.rowCount() == 0
    assert screen.ui.importDecisions.isEnabled()


def test_a_role_without_rights_cannot_import(qtbot, decisions: tuple[Database, Path]) -> None:  # type: ignore[no-untyped-def]
    db, package = decisions
    screen = _screen(qtbot, db, "shenpi")
    assert not screen.ui.importDecisions.isEnabled() and screen.decisions.start_import(package, "x") is False
