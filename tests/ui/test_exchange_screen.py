"""报送 (township) through the real widgets over a demo office: the passphrase typed twice, a folder chosen,
the export run on the lane and its package verified and listed; mismatched or empty passphrases refused
with nothing written; a role without export rights sees the button disabled; a cancelled export leaves
nothing; the drive list never offers pseudo or system mounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from PySide6.QtCore import Qt

from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.exchange.package_export import SUFFIX, export_history
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.screens import exchange
from songnuan_desktop.ui.screens.exchange import ExchangeScreen
from songnuan_desktop.ui.widgets.volumes import is_removable, listed
from songnuan_desktop.workers.lanes import Lanes
from tests.demo_offices import DemoOffices

PASS = "县总工会-2026"
WAIT = 20_000


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def demo(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=50, seed=7)


def _screen(qtbot, db: Database, user: SessionUser) -> ExchangeScreen:  # type: ignore[no-untyped-def]
    screen = ExchangeScreen(db, user, Lanes())
    qtbot.addWidget(screen)
    screen.resize(1080, 720)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=WAIT):
        screen.refresh()
    return screen


def _type(screen: ExchangeScreen, first: str, again: str) -> None:
    # QTest cannot type Chinese key by key (it aborts); what the edits hold is what counts
    screen.ui.passphrase.setText(first)
    screen.ui.passphraseAgain.setText(again)


def test_clerk_exports_to_a_folder_and_the_history_lists_it(qtbot, demo: Database, stick: Path) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, auth.login(demo, "jingban", "songnuan2026"))
    assert "0001" in screen.ui.summary.text() and screen.ui.history.rowCount() == 0
    shown = {screen.ui.counts.item(r, c).text(): screen.ui.counts.item(r, c + 1).text()  # type: ignore[union-attr]
             for r in range(screen.ui.counts.rowCount()) for c in (0, 2) if screen.ui.counts.item(r, c)}
    assert shown["困难职工档案"] == "50" and "审计日志" in "".join(shown)
    screen.set_target(stick)
    _type(screen, PASS, PASS)
    with qtbot.waitSignal(screen.exported, timeout=WAIT) as done, qtbot.waitSignal(screen.loaded, timeout=WAIT):
        qtbot.mouseClick(screen.ui.exportPackage, Qt.MouseButton.LeftButton)
    info = done.args[0]
    packages = list(stick.glob(f"*{SUFFIX}"))
    assert packages == [info.path] and not list(stick.glob(".*"))
    with OpenedPackage(info.path, PASS) as package:
        assert package.manifest.raw["sequence"] == 1
    assert screen.dialog is not None and info.path.name in screen.dialog.text()
    assert "校验" in screen.dialog.text() and "口令" in screen.dialog.text()
    assert screen.ui.passphrase.text() == "" and screen.ui.passphraseAgain.text() == ""  # never kept
    history = screen.ui.history
    assert history.rowCount() == 1
    assert history.item(0, 0).text() == "0001" and history.item(0, 2).text() == info.path.name  # type: ignore[union-attr]
    assert history.item(0, 7).toolTip() == info.sha256 == export_history(demo)[0].sha256  # type: ignore[union-attr]
    assert "0002" in screen.ui.summary.text()
    screen.dialog.close()


def test_mismatched_or_empty_passphrases_are_refused(qtbot, demo: Database, stick: Path) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, auth.login(demo, "admin", "songnuan2026"))
    screen.set_target(stick)
    assert screen.export() is False
    assert "口令" in screen.ui.exportHint.text()
    _type(screen, PASS, PASS + "x")
    qtbot.mouseClick(screen.ui.exportPackage, Qt.MouseButton.LeftButton)
    assert screen.job is None and "不一致" in screen.ui.exportHint.text()
    assert list(stick.iterdir()) == [] and export_history(demo) == []


def test_no_target_is_refused(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, auth.login(demo, "jingban", "songnuan2026"))
    _type(screen, PASS, PASS)
    assert screen.export() is False and "U盘" in screen.ui.exportHint.text()


def test_a_role_without_export_rights_sees_the_button_disabled(qtbot, demo: Database) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, auth.login(demo, "shenpi", "songnuan2026"))
    assert not screen.ui.exportPackage.isEnabled() and not screen.ui.passphrase.isEnabled()
    assert "经办人" in screen.ui.exportHint.text() and screen.export() is False
    assert not screen.ui.importDecisions.isEnabled()


def test_a_cancelled_export_leaves_nothing(qtbot, demo: Database, stick: Path) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, demo, auth.login(demo, "jingban", "songnuan2026"))
    screen.set_target(stick)
    _type(screen, PASS, PASS)
    with mock.patch.object(exchange, "show_error") as shown, \
            qtbot.waitSignal(screen.export_failed, timeout=WAIT) as failed:
        assert screen.export()
        assert screen.job is not None
        screen.job.cancel()  # what the progress dialog's Cancel button does
    assert "取消" in str(failed.args[0]) and shown.called
    assert list(stick.iterdir()) == [] and export_history(demo) == []
    assert screen.ui.exportPackage.isEnabled()


def test_drives_offered() -> None:
    assert listed("/media/clerk/KINGSTON", "vfat", False) and is_removable("/media/clerk/KINGSTON")
    assert listed("/run/media/clerk/U", "exfat", False) and is_removable("/run/media/clerk/U")
    assert not listed("/", "ext4", False) and not is_removable("/")  # issue 13: the root was offered
    assert not listed("/home", "ext4", False) and not listed("/media", "ext4", False)
    assert listed("E:/", "NTFS", False, system_drive="C:") and not listed("C:/", "NTFS", False, system_drive="C:")
    assert not listed("/media/clerk/CDROM", "iso9660", True)  # read-only
    assert not listed("/proc", "proc", False) and not listed("/dev/shm", "tmpfs", False)
    assert not listed("/boot/efi", "vfat", False) and not listed("/run/user/1000", "ext4", False)
    assert is_removable("E:/", system_drive="C:") and not is_removable("C:/", system_drive="C:")
