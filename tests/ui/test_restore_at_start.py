"""A damaged database at start leads to the restore dialog, not a crash (issue 7 item 5, SPEC §4)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models_core import AuditEntry
from songnuan_desktop.services.backups import backups
from songnuan_desktop.services.office import office
from songnuan_desktop.ui import startup_checks
from songnuan_desktop.ui.dialogs import restore_dialog
from songnuan_desktop.ui.dialogs.restore_dialog import RestoreDialog
from tests.services.backups.test_backups import _corrupt, _files


@pytest.fixture
def damaged(ui_db: Database, tmp_path: Path) -> tuple[Path, Path, backups.BackupInfo]:
    """The office file damaged after a good manual backup and a damaged automatic one were taken."""
    path = Path(ui_db.url.removeprefix("sqlite:///"))
    folder = tmp_path / "backups"
    good = backups.backup_now(ui_db, folder, reason="manual")
    bad = backups.backup_now(ui_db, folder)
    _corrupt(bad.path)
    ui_db.close()
    _corrupt(path)
    assert backups.quick_check(path) is not None
    return path, folder, good


def test_damaged_file_at_start_offers_the_restore_then_opens(damaged) -> None:  # type: ignore[no-untyped-def]
    path, _folder, good = damaged
    offered: list[str] = []

    def offer(db_path: Path, problem: str) -> bool:
        offered.append(problem)
        backups.restore(db_path, good.path)
        return True

    db = startup_checks.open_checked("sqlite:///" + str(path), offer)
    assert db is not None and offered
    try:
        assert office.local_office(db).name == good.office_name
    finally:
        db.close()


def test_declined_restore_opens_nothing_and_changes_nothing(damaged) -> None:  # type: ignore[no-untyped-def]
    path, _folder, _good = damaged
    before = path.read_bytes()
    assert startup_checks.open_checked("sqlite:///" + str(path), lambda _p, _q: False) is None
    assert path.read_bytes() == before


def test_restore_dialog_lists_backups_and_restores_the_chosen(
    damaged, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path, folder, good = damaged
    shown: list[str] = []
    monkeypatch.setattr(restore_dialog.QMessageBox, "information", lambda _w, _t, text: shown.append(text))
    dialog = RestoreDialog(path, "database disk image is malformed", folder=folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ui.table.rowCount() == 2, timeout=10_000)
    assert dialog.chosen() == next(b for b in dialog.backups if b.ok)
    assert "损坏" in dialog.ui.table.item(0, 4).text() and "完好" in dialog.ui.table.item(1, 4).text()
    dialog.grab().save(str(Path("/tmp/restore_dialog.png")))
    dialog.restore_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.kept_aside is not None
    assert dialog.kept_aside.exists() and shown
    assert backups.quick_check(path) is None and _files(path) == good.files_count


def test_damage_found_after_the_window_asks_to_restore(
    ui_db: Database, qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QWidget

    from songnuan_desktop.workers.lanes import Lanes

    path = Path(ui_db.url.removeprefix("sqlite:///"))
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _corrupt(path)
    asked: list[str] = []
    monkeypatch.setattr(startup_checks.QMessageBox, "warning",
                        lambda _w, _t, text, _b: asked.append(text) or startup_checks.QMessageBox.StandardButton.Yes)
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    lanes = Lanes()
    startup_checks.start_background_work(window, ui_db, lanes, limit=0)  # as for a big file
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert window.property(startup_checks.RESTORE_REQUESTED)
    assert not window.isVisible()
    lanes.wait()


def test_sound_file_gets_its_daily_backup_after_the_window(ui_db: Database, qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from songnuan_desktop.workers.lanes import Lanes

    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "daily")
    window = QWidget()
    qtbot.addWidget(window)
    lanes = Lanes()
    startup_checks.start_background_work(window, ui_db, lanes, limit=0)
    qtbot.waitUntil(lambda: any((tmp_path / "daily").glob("*-auto.db")), timeout=10_000)
    lanes.wait()
    assert not backups.auto_backup_due(ui_db, tmp_path / "daily")
    open_database(ui_db.url).close()


def test_settings_backups_tab_takes_and_lists_a_backup(
    qtbot, ui_db: Database, ui_admin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from songnuan_desktop.ui.screens import settings_backups
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.workers.lanes import Lanes

    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "kept")
    told: list[str] = []
    monkeypatch.setattr(settings_backups, "show_info", lambda _w, text: told.append(text))
    screen = SettingsScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(screen)
    screen.resize(1100, 560)
    screen.show()
    screen.refresh()
    screen.ui.tabs.setCurrentWidget(screen.ui.backupsTab)
    screen.ui.backupNow.click()
    qtbot.waitUntil(lambda: screen.ui.backupsTable.rowCount() == 1, timeout=10_000)
    screen.lanes.wait()
    assert told and "备份" in told[0]
    assert screen.ui.backupsTable.item(0, 1).text() == "手动"
    assert screen.ui.backupsTable.item(0, 5).text() == "完好"
    with ui_db.read() as session:  # logged in the administrator's name, not as the program's own (系统)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup")).one()
        assert (entry.user_id, entry.username) == (ui_admin.id, ui_admin.username)
    screen.grab().save("/tmp/settings_backups.png")


def test_only_the_administrator_may_take_a_backup_from_settings(qtbot, ui_db: Database, ui_clerk) -> None:  # type: ignore[no-untyped-def]
    """SPEC: backups are the administrator's; a clerk sees 立即备份, 备份到U盘 and 恢复 greyed (the service would
    refuse them: backups.backup_now(by=clerk) requires Action.BACK_UP)."""
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.workers.lanes import Lanes

    screen = SettingsScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(screen)
    screen.refresh()
    assert not screen.ui.backupNow.isEnabled() and not screen.ui.backupToStick.isEnabled()
    screen.lanes.wait()
