"""Encrypted backups (.snbak) to a stick and their restore: database and attachments, every failure leaving
the database and the attachments exactly as they were (SPEC §4: nothing personal unencrypted on a stick)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from sqlalchemy import select

from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry, WorkerFile
from songnuan_desktop.services.files import attachments
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.backups import backup_archive, backups
from songnuan_desktop.services.backups.backup_archive import backup_encrypted, restore_encrypted
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop import storage
from tests.demo_offices import DemoOffices
from tests.killing import kill_9_when_writing
from tests.services.backups.test_backups import _add_files, _files

PASS = "备份口令-2026"


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           demo_offices: DemoOffices) -> Iterator[tuple[Path, Database, SessionUser]]:
    monkeypatch.setattr(backups, "backups_folder", lambda: tmp_path / "local-backups")
    path = demo_offices.file(tmp_path / "office" / "songnuan.db", workers=20, seed=3)
    db = open_database(f"sqlite:///{path}")
    clerk = auth.login(db, "jingban", "songnuan2026")
    with db.read() as session:
        ids = session.scalars(select(WorkerFile.id).limit(2)).all()
    for i, file_id in enumerate(ids):
        scan = tmp_path / f"scan{i}.jpg"
        scan.write_bytes(bytes([i]) * 3000 + b"\xff\xd8 scan " * 200)
        attachments.add(db, clerk, file_id, "身份证/户口簿复印件", scan)
    yield path, db, clerk
    db.close()


def _state(path: Path) -> dict[str, str]:
    """SHA-256 of the database file and of every file in its attachments folder."""
    files = path.parent / f"{path.stem}-files"
    found = {"db": hashlib.sha256(path.read_bytes()).hexdigest()}
    for item in sorted(files.rglob("*")) if files.exists() else []:
        if item.is_file():
            found[item.relative_to(files).as_posix()] = hashlib.sha256(item.read_bytes()).hexdigest()
    return found


def test_round_trip_of_database_and_attachments(office: Any, tmp_path: Path) -> None:
    path, db, clerk = office
    stick = tmp_path / "stick"
    stick.mkdir()
    calls: list[tuple[int, int]] = []
    info = backup_encrypted(db, stick, PASS, progress=lambda d, t: calls.append((d, t)), actor=clerk.actor)
    assert [p.name for p in stick.iterdir()] == [info.path.name]  # no .part left on the stick
    assert info.path.suffix == ".snbak" and info.path.name.startswith("送暖备份-")
    assert info.attachments == 2 and info.files_count == 20 and info.size == info.path.stat().st_size
    assert calls[-1] == (1000, 1000) and len(calls) <= 120
    assert not list((tmp_path / "local-backups").iterdir())  # the temporary snapshot is gone
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "backup_encrypted")).one()
        assert entry.username == "jingban" and info.sha256 in entry.after_json and str(info.path) in entry.after_json
    raw = info.path.read_bytes()
    assert b"SQLite format" not in raw and b"scan" not in raw  # nothing readable on the stick
    before = _state(path)
    db.close()
    _add_files(path, 5, "late")  # changes after the backup, and a lost attachment
    files = path.parent / "songnuan-files"
    lost = next(p for p in files.rglob("*") if p.is_file())
    lost.unlink()
    (files / "after.jpg").write_bytes(b"added later")
    changed = _state(path)
    restored = restore_encrypted(path, info.path, PASS)
    assert _files(path) == 20  # the 5 rows written after the backup are gone
    assert {k: v for k, v in _state(path).items() if k != "db"} == {k: v for k, v in before.items() if k != "db"}
    assert backups.quick_check(path) is None
    assert restored.aside.exists() and restored.files_aside is not None
    assert (restored.files_aside / "after.jpg").read_bytes() == b"added later"
    assert hashlib.sha256(restored.aside.read_bytes()).hexdigest() == changed["db"]
    assert not [p for p in path.parent.iterdir() if ".part" in p.name]


@pytest.mark.parametrize("fault", ["wrong passphrase", "flipped byte", "truncated", "not a backup"])
def test_a_bad_backup_changes_nothing(office: Any, tmp_path: Path, fault: str) -> None:
    path, db, _ = office
    info = backup_encrypted(db, tmp_path, PASS)
    db.close()
    data = bytearray(info.path.read_bytes())
    passphrase, code = PASS, {"wrong passphrase": "package_wrong_passphrase", "flipped byte": "package_damaged",
                              "truncated": "package_truncated", "not a backup": "package_unknown"}[fault]
    if fault == "wrong passphrase":
        passphrase = "别的口令别的口令"
    elif fault == "flipped byte":
        data[len(data) // 2] ^= 0x01
    elif fault == "truncated":
        data = data[: len(data) * 2 // 3]
    else:
        data = bytearray(b"PK\x03\x04 a zip, not a backup" * 10)
    info.path.write_bytes(bytes(data))
    before = _state(path)
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(PackageError) as caught:
        backup_archive.restore_encrypted(path, info.path, passphrase)
    assert caught.value.code == code and "备份" in caught.value.message
    assert _state(path) == before and sorted(p.name for p in path.parent.iterdir()) == listing


def test_a_member_named_outside_is_refused() -> None:
    for name in ("../x", "attachments/../../x", "/etc/x", "attachments/C:x", "attachments/a\\b", "other.txt"):
        with pytest.raises(PackageError):
            backup_archive.check_member_name(name)
    backup_archive.check_member_name("attachments/ab/abcdef.jpg")


def test_a_failed_install_puts_everything_back(office: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, db, _ = office
    info = backup_encrypted(db, tmp_path, PASS)
    db.close()
    before = _state(path)
    real = os.replace

    def failing(src: Any, dst: Any) -> None:
        if Path(dst).name == "songnuan-files" and "restoring" in str(src):
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(backup_archive.os, "replace", failing)
    with pytest.raises(OSError):
        restore_encrypted(path, info.path, PASS)
    assert _state(path) == before
    assert not [p for p in path.parent.iterdir() if "before-restore" in p.name or ".part" in p.name]


def test_a_full_stick_is_refused_before_writing(office: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, db, _ = office
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(storage.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(2**30, 2**30, 1024))
    with pytest.raises(ValidationFailed) as caught:
        backup_encrypted(db, stick, PASS)
    assert caught.value.code == "disk_full" and "空间不足" in caught.value.message
    assert list(stick.iterdir()) == []


@pytest.mark.parametrize("when", ["writing", "verifying"])
def test_a_stick_full_or_pulled_mid_backup_leaves_nothing(office: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    _, db, _ = office
    stick = tmp_path / "stick"
    stick.mkdir()
    if when == "writing":
        real = backup_archive._add

        def full(zf: Any, name: str, *args: Any) -> Any:
            if name.startswith("attachments/"):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(zf, name, *args)

        monkeypatch.setattr(backup_archive, "_add", full)
    else:
        def pulled(final: Path, *_args: Any) -> None:
            assert final.exists()
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(backup_archive, "_verify", pulled)
    with pytest.raises(DomainError) as caught:
        backup_encrypted(db, stick, PASS)
    assert caught.value.code == "write_failed" and "没有留下备份文件" in caught.value.message
    assert list(stick.iterdir()) == []
    assert not list((tmp_path / "local-backups").iterdir())


def test_a_cancelled_backup_leaves_nothing(office: Any, tmp_path: Path) -> None:
    _, db, _ = office
    with pytest.raises(backup_archive.BackupCancelled):
        backup_encrypted(db, tmp_path / "office", PASS, is_cancelled=lambda: True)
    assert not list((tmp_path / "office").glob("*.snbak")) and not list((tmp_path / "office").glob(".*.part"))


def test_a_short_passphrase_is_refused(office: Any, tmp_path: Path) -> None:
    _, db, _ = office
    with pytest.raises(ValidationFailed) as caught:
        backup_encrypted(db, tmp_path, "12345")
    assert "至少" in caught.value.message


KILLED_BACKUP = """
import sys, time
from pathlib import Path
from unittest import mock
from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.backups import backup_archive, backups

real = backup_archive._add
def slow(zf, name, *args):
    if name.startswith("attachments/"):
        print("writing", flush=True)
        time.sleep(60)
    return real(zf, name, *args)

backups.backups_folder = lambda: Path(sys.argv[3])
db = open_database("sqlite:///" + sys.argv[1])
with mock.patch.object(crypto, "SCRYPT_N", 2**10), mock.patch.object(backup_archive, "_add", slow):
    backup_archive.backup_encrypted(db, Path(sys.argv[2]), "备份口令-2026")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_during_the_backup_leaves_no_file_and_the_next_run_cleans_up(office: Any, tmp_path: Path) -> None:
    path, db, _ = office
    stick, local = tmp_path / "stick", tmp_path / "local-backups"
    stick.mkdir()
    pid = kill_9_when_writing(KILLED_BACKUP, str(path), str(stick), str(local))
    assert not list(stick.glob("*.snbak"))
    assert [p.name for p in stick.iterdir()] and all(p.name.endswith(f".{pid}.part") for p in stick.iterdir())
    left = [p for p in local.iterdir() if ".part" in p.name]
    assert left  # the killed backup's snapshot folder (the database in the clear), named with its pid
    running = local / f".songnuan-snbak-{os.getpid()}-abcd.part"  # a backup of a running process
    running.mkdir()
    assert sorted(backups.remove_stale_parts(local)) == sorted(left)  # its process is gone: at once
    assert running.exists()  # younger than an hour and its process runs
    old = time.time() - 2 * 3600
    os.utime(running, (old, old))
    assert backups.remove_stale_parts(local) == [running]
    info = backup_encrypted(db, stick, PASS)  # the next backup removes the stick's leftover (its pid is gone)
    assert [p.name for p in stick.iterdir()] == [info.path.name]


def test_leftovers_of_a_killed_backup_are_removed_at_the_next_start(office: Any, tmp_path: Path) -> None:
    """backups.remove_leftovers (called by every command and the window's start, beside publications.recover):
    a dead process's snapshot in the backups folder and a killed restore's copy beside the database go; a running
    process's stays."""
    path, db, _ = office
    local = tmp_path / "local-backups"
    local.mkdir(exist_ok=True)
    dead = local / ".songnuan-snbak-999999999-abcd.part"
    dead.mkdir()
    (dead / "songnuan.db").write_bytes(b"the database in the clear")
    restoring = path.parent / ".songnuan-restoring-999999999-ef01.part"
    restoring.write_bytes(b"decrypted copy")
    running = local / f".songnuan-snbak-{os.getpid()}-abcd.part"
    running.mkdir()
    backups.remove_leftovers(db)
    assert not dead.exists() and not restoring.exists()
    assert running.exists()
