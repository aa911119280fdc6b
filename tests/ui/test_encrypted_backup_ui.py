"""设置 › 备份: 备份到U盘（加密） through the passphrase dialog and the progress dialog; the restore dialog takes
a .snbak chosen from a stick; stale .part files of a killed backup are removed at start."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from PySide6.QtWidgets import QDialog, QProgressDialog

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.backups import backup_archive, backups
from songnuan_desktop.ui import ops, startup_checks
from songnuan_desktop.ui.dialogs import backup_passphrase_dialog, restore_dialog
from songnuan_desktop.ui.dialogs.backup_passphrase_dialog import BackupPassphraseDialog
from songnuan_desktop.ui.dialogs.restore_dialog import RestoreDialog

PASS = "备份口令-2026"


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


def test_the_passphrase_is_typed_twice_and_long_enough(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = BackupPassphraseDialog(True, "E:\\")
    qtbot.addWidget(dialog)
    dialog.ui.passphrase.setText("12345")
    dialog.ui.again.setText("12345")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "至少" in dialog.ui.error.text()
    dialog.ui.passphrase.setText(PASS)
    dialog.ui.again.setText(PASS + "x")
    dialog.accept()
    assert "不一样" in dialog.ui.error.text() and dialog.ui.again.text() == ""
    dialog.ui.again.setText(PASS)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.passphrase() == PASS
    assert dialog.ui.again.text() == ""  # not kept in the widget
    once = BackupPassphraseDialog(False, "送暖备份.snbak")
    qtbot.addWidget(once)
    assert once.ui.again.isHidden()


def test_backup_to_a_stick_from_the_settings_tab(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, ui_admin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from songnuan_desktop.ui.screens import settings_backups
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.ui.widgets import file_dialogs
    from songnuan_desktop.workers.lanes import Lanes

    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "kept")
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *_a: stick)

    def typed(dialog: BackupPassphraseDialog) -> int:
        dialog.ui.passphrase.setText(PASS)
        dialog.ui.again.setText(PASS)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(backup_passphrase_dialog.BackupPassphraseDialog, "exec", typed)
    told: list[str] = []
    monkeypatch.setattr(settings_backups, "show_info", lambda _w, text: told.append(text))
    screen = SettingsScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.refresh()
    screen.ui.tabs.setCurrentWidget(screen.ui.backupsTab)
    assert screen.ui.backupToStick.isEnabled() and screen.ui.backupToStick.text() == "备份到U盘（加密）…"
    assert "只含数据库" in screen.ui.backupsHint.text()
    screen.ui.backupToStick.click()
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    screen.lanes.wait()
    (made,) = stick.glob("*.snbak")
    assert "读回核对无误" in told[0] and str(made) in told[0]
    assert not ops.busy(screen) and screen.ui.backupToStick.isEnabled()
    assert not [d for d in screen.findChildren(QProgressDialog) if d.isVisible()]  # the progress dialog is gone


def test_a_clerk_cannot_back_up_to_a_stick(qtbot, ui_db: Database, ui_clerk) -> None:  # type: ignore[no-untyped-def]
    from songnuan_desktop.ui.screens.settings import SettingsScreen
    from songnuan_desktop.workers.lanes import Lanes

    screen = SettingsScreen(ui_db, ui_clerk, Lanes())
    qtbot.addWidget(screen)
    assert not screen.ui.backupToStick.isEnabled()


def test_restore_dialog_takes_an_encrypted_backup_file(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "kept")
    path = Path(ui_db.url.removeprefix("sqlite:///"))
    made = backup_archive.backup_encrypted(ui_db, tmp_path, PASS)  # its audit entry comes after the snapshot
    entries = _audit_entries(path)
    ui_db.close()
    later = path.parent / f"{path.stem}-files" / "later.jpg"
    later.parent.mkdir(exist_ok=True)
    later.write_bytes(b"added after the backup")
    shown: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(restore_dialog.QMessageBox, "information", lambda _w, _t, text: shown.append(text))
    monkeypatch.setattr(restore_dialog.QMessageBox, "warning", lambda _w, _t, text: warned.append(text))
    dialog = RestoreDialog(path, "database disk image is malformed", folder=tmp_path / "kept")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.file_button.text() == "选择备份文件…"
    dialog.restore_file(made.path, "别的口令别的口令")
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert "口令不正确" in warned[0] and "没有改动" in warned[0]
    assert _audit_entries(path) == entries and later.exists()
    dialog.restore_file(made.path, PASS)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.kept_aside is not None
    assert _audit_entries(path) == entries - 1 and not later.exists() and "附件" in shown[0]


def _audit_entries(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def test_stale_parts_of_a_killed_backup_are_removed_at_start(  # type: ignore[no-untyped-def]
    qtbot, ui_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from PySide6.QtWidgets import QWidget

    from songnuan_desktop.workers.lanes import Lanes

    folder = tmp_path / "daily"
    folder.mkdir()
    monkeypatch.setattr(backups, "backups_folder", lambda: folder)
    stale, fresh = folder / "songnuan-20260101-120000-auto.db.part", folder / ".songnuan-snbak-x.part"
    stale.write_bytes(b"half")
    fresh.mkdir()
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    window = QWidget()
    qtbot.addWidget(window)
    lanes = Lanes()
    startup_checks.start_background_work(window, ui_db, lanes, limit=0)
    qtbot.waitUntil(lambda: not stale.exists(), timeout=10_000)
    lanes.wait()
    assert fresh.exists()  # younger than an hour: it may be a backup running now
