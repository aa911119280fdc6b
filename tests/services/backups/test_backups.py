"""Backups and restore on real SQLite files (SPEC §4: data never lost, a damaged file never a crash)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from songnuan_desktop.domain.errors import DomainError, ValidationFailed
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.services.backups import backups
from songnuan_desktop.services.office import settings
from songnuan_desktop.services.office.session_user import SessionUser
from tests.demo_offices import DemoOffices


def _files(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT count(*) FROM worker_files").fetchone()[0])
    finally:
        conn.close()


def _add_files(path: Path, n: int, tag: str) -> None:
    """Rows written the raw way (a copy of the first file with new ids): fast, and a real write."""
    conn = sqlite3.connect(str(path), timeout=10)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(worker_files)")]
        first = conn.execute("SELECT * FROM worker_files LIMIT 1").fetchone()
        for i in range(n):
            row = dict(zip(cols, first, strict=True))
            row["id"] = f"{tag}{i:08d}".ljust(32, "0")[:32]
            row["file_no"] = f"{tag}-{i}"
            marks = ",".join("?" for _ in cols)
            conn.execute(f"INSERT INTO worker_files ({','.join(cols)}) VALUES ({marks})", list(row.values()))
            conn.commit()
    finally:
        conn.close()


def _corrupt(path: Path) -> None:
    """Overwrite the middle of a page deep in the file (not the header): quick_check must notice."""
    data = bytearray(path.read_bytes())
    page = 4096
    start = (len(data) // page - 2) * page + 100
    data[start:start + 2000] = bytes((b ^ 0xA5) for b in data[start:start + 2000])
    path.write_bytes(bytes(data))


@pytest.fixture
def demo_db(sqlite_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(sqlite_url, workers=30, seed=1)


def _path(db: Database) -> Path:
    from songnuan_desktop.config import sqlite_path

    path = sqlite_path(db.url)
    assert path is not None
    return path


def test_backup_while_another_connection_writes_is_consistent(demo_db: Database, tmp_path: Path) -> None:
    before = _files(_path(demo_db))
    writer = threading.Thread(target=_add_files, args=(_path(demo_db), 300, "w"))
    writer.start()
    info = backups.backup_now(demo_db, tmp_path / "b")
    writer.join()
    assert info.ok and info.reason == "auto" and info.office_name
    assert before <= _files(info.path) <= before + 300
    assert backups.quick_check(info.path) is None
    # One self-contained file: no -wal beside it, readable on its own.
    assert not Path(str(info.path) + "-wal").exists()
    assert info.path.name.startswith("songnuan-") and info.path.name.endswith("-auto.db")


def test_generations_pruned_and_manual_backups_kept(office_db: Database, admin: SessionUser, tmp_path: Path) -> None:
    if not office_db.url.startswith("sqlite"):
        pytest.skip("SQLite only")
    settings.set_value(office_db, admin, "backup_generations", 2)
    folder = tmp_path / "b"
    manual = backups.backup_now(office_db, folder, reason="manual")
    autos = [backups.backup_now(office_db, folder) for _ in range(4)]
    names = {p.name for p in folder.glob("*.db")}
    assert manual.path.name in names
    assert {a.path.name for a in autos[-2:]} <= names
    assert not {a.path.name for a in autos[:2]} & names
    listed = backups.list_backups(folder)
    assert len(listed) == 3 and all(b.ok for b in listed)
    assert listed[0].taken_at >= listed[-1].taken_at


def test_auto_backup_due_once_a_day(office_db: Database, tmp_path: Path) -> None:
    if not office_db.url.startswith("sqlite"):
        assert not backups.auto_backup_due(office_db)
        with pytest.raises(DomainError, match="服务器"):
            backups.backup_now(office_db, tmp_path)
        return
    folder = tmp_path / "b"
    assert backups.auto_backup_due(office_db, folder)
    backups.backup_now(office_db, folder, reason="manual")
    assert backups.auto_backup_due(office_db, folder)
    backups.backup_now(office_db, folder)
    assert not backups.auto_backup_due(office_db, folder)
    assert backups.auto_backup_due(office_db, folder, today=dt.date.today() + dt.timedelta(days=1))


def test_damaged_backup_is_listed_not_ok(demo_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    good = backups.backup_now(demo_db, folder, reason="manual")
    bad = backups.backup_now(demo_db, folder)
    _corrupt(bad.path)
    (folder / "songnuan-20260101-000000-auto.db").write_bytes(b"not a database at all" * 100)
    listed = {b.path.name: b for b in backups.list_backups(folder)}
    assert listed[good.path.name].ok
    assert not listed[bad.path.name].ok and listed[bad.path.name].problem
    assert not listed["songnuan-20260101-000000-auto.db"].ok


def test_quick_check_detects_a_corrupted_copy(demo_db: Database, tmp_path: Path) -> None:
    info = backups.backup_now(demo_db, tmp_path)
    assert backups.quick_check(info.path) is None
    _corrupt(info.path)
    assert backups.quick_check(info.path) is not None


def test_restore_keeps_the_current_file_aside(demo_db: Database, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _path(demo_db)
    info = backups.backup_now(demo_db, tmp_path / "b")
    _add_files(path, 5, "late")
    after = _files(path)
    demo_db.close()
    synced: list[Path] = []
    monkeypatch.setattr(backups, "fsync_dir", lambda folder: synced.append(folder))
    aside = backups.restore(path, info.path)
    assert synced == [path.parent]  # the renames (aside, in) are made durable, not left to the next flush
    assert aside.name.startswith("songnuan.db.before-restore-") and aside.exists()
    assert _files(aside) == after  # the WAL went with it: nothing of the current file is lost
    assert _files(path) == info.files_count == after - 5
    reopened = open_database(demo_db.url)
    try:
        from songnuan_desktop.services.office import office

        assert office.local_office(reopened).name == info.office_name
    finally:
        reopened.close()


def test_restore_failing_part_way_leaves_the_database_as_it_was(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _path(demo_db)
    info = backups.backup_now(demo_db, tmp_path / "b")
    _add_files(path, 5, "late")
    demo_db.close()
    before = _files(path)

    def fail(_incoming: Path, _db_path: Path) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(backups, "_install", fail)
    with pytest.raises(OSError, match="pulled"):
        backups.restore(path, info.path)
    assert _files(path) == before and backups.quick_check(path) is None
    left = [p.name for p in path.parent.glob("songnuan.db*")]
    assert not [name for name in left if ".before-restore-" in name or ".restoring" in name]


def test_restore_refuses_a_damaged_backup(demo_db: Database, tmp_path: Path) -> None:
    path = _path(demo_db)
    info = backups.backup_now(demo_db, tmp_path / "b")
    demo_db.close()
    _corrupt(info.path)
    before = path.read_bytes()
    with pytest.raises(ValidationFailed):
        backups.restore(path, info.path)
    assert path.read_bytes() == before


def test_plain_restore_refuses_an_encrypted_backup_in_words(demo_db: Database, tmp_path: Path) -> None:
    """A .snbak needs its passphrase: backups.restore (the plain .db path) says where to restore it, changes nothing."""
    path = _path(demo_db)
    demo_db.close()
    snbak = tmp_path / "songnuan-20261206.snbak"
    snbak.write_bytes(b"PK\x03\x04 encrypted")
    before = path.read_bytes()
    listing = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(ValidationFailed) as caught:
        backups.restore(path, snbak)
    assert caught.value.code == "backup_encrypted" and "口令" in caught.value.message
    assert path.read_bytes() == before and sorted(p.name for p in path.parent.iterdir()) == listing


def test_cli_backup_list_and_restore(demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from songnuan_desktop import cli

    path = _path(demo_db)
    folder = backups.backups_folder()
    secret = tmp_path / "pw.txt"
    secret.write_text("songnuan2026\n", encoding="utf-8")
    admin = ["--user", "admin", "--password-file", str(secret)]  # backups and restores are the admin's
    assert cli.main(["backup", "--db", str(path), *admin]) == 0
    made = Path(capsys.readouterr().out.split("已备份：", 1)[1].split("（", 1)[0])
    assert made.parent == folder and made.name.endswith("-manual.db")
    assert cli.main(["backup", "--db", str(path), "--list", *admin]) == 0
    assert "完好" in capsys.readouterr().out
    _add_files(path, 3, "late")
    demo_db.close()
    assert cli.main(["restore", "--db", str(path), str(made), *admin]) == 0
    assert "before-restore" in capsys.readouterr().out
    assert _files(path) == _files(made)
    _corrupt(made)
    assert cli.main(["restore", "--db", str(path), str(made), *admin]) == 1
    assert "未改动" in capsys.readouterr().err


def test_two_restores_in_one_second_keep_both_previous_files(demo_db: Database, tmp_path: Path) -> None:
    path = _path(demo_db)
    info = backups.backup_now(demo_db, tmp_path / "b")
    demo_db.close()
    when = dt.datetime(2026, 11, 23, 9, 0, 0)
    first = backups.restore(path, info.path, now=when)
    second = backups.restore(path, info.path, now=when)
    assert first != second and first.exists() and second.exists()
