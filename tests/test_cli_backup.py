"""`songnuan backup --to` writes an encrypted backup (never a plain copy on a stick); `songnuan restore` takes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop import cli
from songnuan_desktop.exchange import crypto
from songnuan_desktop.demo.data import PASSWORD
from tests.demo_offices import DemoOffices
from tests.services.backups.test_backups import _add_files, _files


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def demo_file(tmp_path: Path, demo_offices: DemoOffices) -> Path:
    path = demo_offices.file(tmp_path / "office" / "songnuan.db", workers=12, seed=2)
    files = path.parent / "songnuan-files" / "ab"
    files.mkdir(parents=True)
    (files / "ab12.jpg").write_bytes(b"scan" * 100)
    return path


@pytest.fixture
def admin(tmp_path: Path) -> list[str]:
    """Backups and restores are the administrator's (as 设置 › 备份 in the window)."""
    secret = tmp_path / "admin-pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    return ["--user", "admin", "--password-file", str(secret)]


def test_backup_to_a_folder_needs_a_passphrase_file(demo_file: Path, tmp_path: Path, admin: list[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert cli.main(["backup", "--db", str(demo_file), "--to", str(stick), *admin]) == 1
    assert "--passphrase-file" in capsys.readouterr().err
    assert list(stick.iterdir()) == []  # no plain copy either


def test_encrypted_backup_and_restore_from_the_command_line(demo_file: Path, tmp_path: Path, admin: list[str],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    stick, secret = tmp_path / "stick", tmp_path / "口令.txt"
    stick.mkdir()
    secret.write_text("\ufeff备份口令-2026\n第二行不算\n", encoding="utf-8")  # Notepad's BOM
    assert cli.main(["backup", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(secret),
                     *admin]) == 0
    out = capsys.readouterr().out
    (made,) = stick.glob("*.snbak")
    assert "读回核对无误" in out and str(made) in out and "附件 1 个" in out
    assert cli.main(["backup", "--db", str(demo_file), "--list", "--to", str(stick), *admin]) == 0
    assert "加密备份" in capsys.readouterr().out
    _add_files(demo_file, 3, "late")
    scan = demo_file.parent / "songnuan-files" / "ab" / "ab12.jpg"
    scan.write_bytes(b"changed")
    assert cli.main(["restore", "--db", str(demo_file), str(made), *admin]) == 1  # a .snbak needs its passphrase
    assert "--passphrase-file" in capsys.readouterr().err
    wrong = tmp_path / "错.txt"
    wrong.write_text("不是这个口令\n", encoding="utf-8")
    before = _files(demo_file)  # the data; the file itself gains the refused restore's sign-in entry
    assert cli.main(["restore", "--db", str(demo_file), str(made), "--passphrase-file", str(wrong), *admin]) == 1
    err = capsys.readouterr().err
    assert "口令不正确" in err and "未改动" in err
    assert _files(demo_file) == before == 15 and scan.read_bytes() == b"changed"
    assert cli.main(["restore", "--db", str(demo_file), str(made), "--passphrase-file", str(secret), *admin]) == 0
    out = capsys.readouterr().out
    assert "原来的附件文件夹保留为" in out
    assert _files(demo_file) == 12 and scan.read_bytes() == b"scan" * 100
    # Both logged in the administrator's name: the backup in the database kept aside (the backup's own
    # snapshot was taken before its entry), the restore in the restored one.
    (aside,) = demo_file.parent.glob("songnuan.db.before-restore-*.db")
    logged = "SELECT username FROM audit_log WHERE action = ?"
    with sqlite3.connect(aside) as conn:
        assert conn.execute(logged, ("backup_encrypted",)).fetchall() == [("admin",)]
    with sqlite3.connect(demo_file) as conn:
        assert conn.execute(logged, ("restore",)).fetchall() == [("admin",)]
