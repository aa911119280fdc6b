"""设置's signing key line: the fingerprint shown read-only, 打印密钥登记表 writes the sheet (administrator only)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QInputDialog, QMessageBox

from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.office import key_register, keys
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.ui.screens.settings import SettingsScreen
from songnuan_desktop.workers.lanes import Lanes
from tests.ui.helpers import settled


def test_the_key_line_and_its_sheet(qtbot, ui_db: Database, ui_admin: SessionUser, tmp_path: Path,  # type: ignore[no-untyped-def]
                                    monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    screen = SettingsScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    settled(qtbot, screen.ui.tabs)  # read on the database lane
    info = keys.office_key(ui_db)
    assert info is not None and info.fingerprint in screen.ui.signingKey.text()
    assert screen.ui.printKeySheet.isEnabled()
    out = tmp_path / "密钥登记表.pdf"
    with qtbot.waitSignal(screen.key_line.printed, timeout=10_000):
        screen.key_line.print_to(out)
    text = PdfReader(out).pages[0].extract_text()
    assert all(group in text for group in info.fingerprint.split("-"))
    clerk = SessionUser(ui_admin.id, "jingban", "李经办", ui_admin.office_id, frozenset({Role.CLERK}))
    other = SettingsScreen(ui_db, clerk, Lanes())
    qtbot.addWidget(other)
    assert not other.ui.printKeySheet.isEnabled()


def test_registering_the_other_offices_key(qtbot, ui_db: Database, ui_admin: SessionUser, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    screen = SettingsScreen(ui_db, ui_admin, Lanes())
    qtbot.addWidget(screen)
    assert screen.ui.registerKey.isEnabled()
    typed = iter([("黄平县总工会", True), ("3f2a" * 16, True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: next(typed))
    with qtbot.waitSignal(screen.key_line.registered, timeout=10_000) as done:
        screen.ui.registerKey.click()
    assert done.args[0].office_name == "黄平县总工会" and done.args[0].fingerprint == "-".join(["3F2A"] * 16)
    assert [k.fingerprint for k in key_register.registered_keys(ui_db)] == ["-".join(["3F2A"] * 16)]
