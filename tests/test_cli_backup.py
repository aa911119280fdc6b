"""`songnuan backup --to` writes an encrypted backup (never a plain copy on a stick); `songnuan restore` takes it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop import cli
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.demo import build_demo
from tests.services.test_backups import _add_files, _files


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "office" / "songnuan.db"
    path.parent.mkdir()
    db = open_database(f"sqlite:///{path}")
    build_demo(db, workers=12, seed=2)
    db.close()
    files = path.parent / "songnuan-files" / "ab"
    files.mkdir(parents=True)
    (files / "ab12.jpg").write_bytes(b"scan" * 100)
    return path


def test_backup_to_a_folder_needs_a_passphrase_file(demo_file: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    assert cli.main(["backup", "--db", str(demo_file), "--to", str(stick)]) == 1
    assert "--passphrase-file" in capsys.readouterr().err
    assert list(stick.iterdir()) == []  # no plain copy either


def test_encrypted_backup_and_restore_from_the_command_line(demo_file: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    stick, secret = tmp_path / "stick", tmp_path / "口令.txt"
    stick.mkdir()
    secret.write_text("\ufeff备份口令-2026\n第二行不算\n", encoding="utf-8")  # Notepad's BOM
    assert cli.main(["backup", "--db", str(demo_file), "--to", str(stick), "--passphrase-file", str(secret)]) == 0
    out = capsys.readouterr().out
    (made,) = stick.glob("*.snbak")
    assert "读回核对无误" in out and str(made) in out and "附件 1 个" in out
    assert cli.main(["backup", "--list", "--to", str(stick)]) == 0
    assert "加密备份" in capsys.readouterr().out
    _add_files(demo_file, 3, "late")
    scan = demo_file.parent / "songnuan-files" / "ab" / "ab12.jpg"
    scan.write_bytes(b"changed")
    assert cli.main(["restore", "--db", str(demo_file), str(made)]) == 1  # a .snbak needs its passphrase
    assert "--passphrase-file" in capsys.readouterr().err
    wrong = tmp_path / "错.txt"
    wrong.write_text("不是这个口令\n", encoding="utf-8")
    before = hashlib.sha256(demo_file.read_bytes()).hexdigest()
    assert cli.main(["restore", "--db", str(demo_file), str(made), "--passphrase-file", str(wrong)]) == 1
    err = capsys.readouterr().err
    assert "口令不正确" in err and "未改动" in err
    assert hashlib.sha256(demo_file.read_bytes()).hexdigest() == before and scan.read_bytes() == b"changed"
    assert cli.main(["restore", "--db", str(demo_file), str(made), "--passphrase-file", str(secret)]) == 0
    out = capsys.readouterr().out
    assert "原来的附件文件夹保留为" in out
    assert _files(demo_file) == 12 and scan.read_bytes() == b"scan" * 100
