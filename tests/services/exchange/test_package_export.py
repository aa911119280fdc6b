"""报送包 export of the demo office: round trip, refusals, and failures that leave no package behind."""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import DomainError, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.exchange import crypto
from songnuan_desktop.exchange import format as package_format
from songnuan_desktop.exchange.crypto import PackageError
from songnuan_desktop.exchange.format import OpenedPackage
from songnuan_desktop.persistence.database import Database, open_database
from songnuan_desktop.persistence.models import AuditEntry, ExchangeLog, WorkerFile
from songnuan_desktop.services.files import attachments
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.exchange import package_export
from songnuan_desktop.services.exchange.package_export import TABLES, export_package, next_sequence
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop import storage
from tests.demo_offices import DemoOffices
from tests.killing import kill_9_when_writing

PASS = "县总工会-2026"


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory,
         demo_offices: DemoOffices) -> Iterator[tuple[Path, Database, SessionUser]]:
    path = demo_offices.file(tmp_path_factory.mktemp("pkg") / "demo.db", workers=40, seed=5)
    db = open_database(f"sqlite:///{path}")
    clerk = auth.login(db, "jingban", "songnuan2026")
    with db.read() as session:
        file_id = session.scalars(select(WorkerFile.id).limit(1)).one()
    scan = path.parent / "scan.jpg"
    scan.write_bytes(b"\xff\xd8 scan " * 500)
    attachments.add(db, clerk, file_id, "身份证/户口簿复印件", scan)
    yield path, db, clerk
    db.close()


def _last_sequence(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.max(ExchangeLog.sequence))) or 0


def test_round_trip_of_the_demo_office(demo: Any, tmp_path: Path) -> None:
    path, db, clerk = demo
    calls: list[tuple[int, int]] = []
    info = export_package(db, clerk, tmp_path, PASS, progress=lambda d, t: calls.append((d, t)))
    assert info.path.parent == tmp_path and info.path.name.startswith("报送包-") and info.path.suffix == ".snpkg"
    assert f"-{info.sequence:04d}-" in info.path.name
    assert [p.name for p in tmp_path.iterdir()] == [info.path.name]  # no temporary file left
    assert calls[-1][0] == calls[-1][1]
    with OpenedPackage(info.path, PASS) as package:
        counts = package.manifest.row_counts
        assert set(counts) == set(TABLES) and counts == info.row_counts
        assert counts["worker_files"] == 40 and counts["household_members"] > 40 and counts["audit_log"] > 0
        with db.engine.connect() as conn:
            for table in ("worker_files", "assistance_items", "vouchers", "visits"):
                assert counts[table] == conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for row in list(package.rows("worker_files"))[::13]:
                stored = conn.exec_driver_sql("SELECT file_no, name, id_number, bank_card FROM worker_files "
                                              "WHERE id = ?", (row["id"],)).one()
                assert (row["file_no"], row["name"], row["id_number"], row["bank_card"]) == tuple(stored)
        assert package.manifest.raw["office"]["name"] == info.office_name
        assert package.manifest.sequence == info.sequence
        assert len(package.manifest.raw["attachments"]) == info.attachments == 1
        sha = next(iter(package.manifest.raw["attachments"]))
        assert package.attachment(sha) == b"\xff\xd8 scan " * 500
    with db.read() as session:
        logged = session.scalars(select(ExchangeLog).where(ExchangeLog.sequence == info.sequence)).one()
        assert (logged.direction, logged.file_name, logged.sha256) == ("out", info.path.name, info.sha256)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export_package")
                                .order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.username == "jingban" and str(info.path) in entry.after_json


def test_each_export_takes_the_next_sequence(demo: Any, tmp_path: Path) -> None:
    _, db, clerk = demo
    first = export_package(db, clerk, tmp_path, PASS)
    second = export_package(db, clerk, tmp_path, PASS)
    assert second.sequence == first.sequence + 1


def test_the_wrong_passphrase_opens_nothing(demo: Any, tmp_path: Path) -> None:
    _, db, clerk = demo
    info = export_package(db, clerk, tmp_path, PASS)
    with pytest.raises(PackageError) as caught:
        OpenedPackage(info.path, "别的口令")
    assert caught.value.code == "package_wrong_passphrase"


def test_a_flipped_byte_in_the_written_package_is_damage(demo: Any, tmp_path: Path) -> None:
    _, db, clerk = demo
    info = export_package(db, clerk, tmp_path, PASS)
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0x40
    info.path.write_bytes(bytes(data))
    with pytest.raises(PackageError) as caught:
        OpenedPackage(info.path, PASS)
    assert caught.value.code == "package_damaged"


def test_only_a_clerk_or_an_admin_exports(demo: Any, tmp_path: Path) -> None:
    _, db, clerk = demo
    reviewer = dataclasses.replace(clerk, roles=frozenset({Role.REVIEWER}))
    with pytest.raises(PermissionDenied):
        export_package(db, reviewer, tmp_path, PASS)
    admin = dataclasses.replace(clerk, roles=frozenset({Role.ADMIN}))
    assert export_package(db, admin, tmp_path, PASS).path.exists()


def _nothing_left(db: Database, folder: Path, before: int) -> None:
    assert list(folder.iterdir()) == []
    assert _last_sequence(db) == before
    assert next_sequence(db, auth_office(db)) == before + 1


def auth_office(db: Database) -> Any:
    from songnuan_desktop.services.office.office import local_office

    return local_office(db).id


def test_a_full_stick_is_refused_before_writing(demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, db, clerk = demo
    before = _last_sequence(db)
    monkeypatch.setattr(storage.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(2**30, 2**30, 1024))
    with pytest.raises(ValidationFailed) as caught:
        export_package(db, clerk, tmp_path, PASS)
    assert caught.value.code == "disk_full" and "空间不足" in caught.value.message
    _nothing_left(db, tmp_path, before)


@pytest.mark.parametrize("when", ["writing", "verifying"])
def test_a_stick_pulled_mid_export_leaves_nothing(demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  when: str) -> None:
    _, db, clerk = demo
    before = _last_sequence(db)
    pulled = OSError(errno.EIO, "Input/output error")
    if when == "writing":
        real = package_format._write_table
        tables_done: list[str] = []

        def failing(zf: Any, table: Any) -> Any:
            tables_done.append(table.name)
            if len(tables_done) == 5:
                raise pulled
            return real(zf, table)

        monkeypatch.setattr(package_format, "_write_table", failing)
    else:
        def gone(path: Path, *_args: Any) -> None:
            assert path.exists()  # the final name existed, and must be gone afterwards
            raise pulled

        monkeypatch.setattr(package_export, "verify_written", gone)
    with pytest.raises(DomainError) as caught:
        export_package(db, clerk, tmp_path, PASS)
    assert caught.value.code == "write_failed" and "U盘" in caught.value.message
    _nothing_left(db, tmp_path, before)


def test_a_cancelled_export_leaves_nothing(demo: Any, tmp_path: Path) -> None:
    _, db, clerk = demo
    before = _last_sequence(db)
    with pytest.raises(package_export.ExportCancelled):
        export_package(db, clerk, tmp_path, PASS, is_cancelled=lambda: True)
    _nothing_left(db, tmp_path, before)


KILLED_EXPORT = """
import sys, time
from pathlib import Path
from unittest import mock
from songnuan_desktop.exchange import crypto, format as package_format
from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.exchange.package_export import export_package

real = package_format._write_table
def slow(zf, table):
    if table.name == "worker_files":
        print("writing", flush=True)
        time.sleep(60)
    return real(zf, table)

db = open_database("sqlite:///" + sys.argv[1])
user = auth.login(db, "jingban", "songnuan2026")
with mock.patch.object(crypto, "SCRYPT_N", 2**10), mock.patch.object(package_format, "_write_table", slow):
    export_package(db, user, Path(sys.argv[2]), "k")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_during_export_leaves_no_package(demo: Any, tmp_path: Path) -> None:
    path, db, _ = demo
    before = _last_sequence(db)
    pid = kill_9_when_writing(KILLED_EXPORT, str(path), str(tmp_path))
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".snpkg"]  # at most a hidden .part remains
    assert _last_sequence(db) == before
    left = [p for p in tmp_path.iterdir() if p.name.endswith(f".{pid}.part")]
    assert left  # the killed export's part; the next export to this folder removes it (its pid is gone)
    info = export_package(db, demo[2], tmp_path, PASS)
    assert [p.name for p in tmp_path.iterdir()] == [info.path.name]


def test_the_next_export_removes_only_stale_parts(demo: Any, tmp_path: Path) -> None:
    _, db, clerk = demo
    old = tmp_path / ".报送包-旧.999999999.part"  # no such process
    busy = tmp_path / f".报送包-写入中.{os.getppid()}.part"  # a running process, written just now
    aged = tmp_path / f".报送包-很久以前.{os.getppid()}.part"
    other = tmp_path / "笔记.part"  # not ours: left alone
    for path in (old, busy, aged, other):
        path.write_bytes(b"x" * 100)
    os.utime(aged, (1_000_000, 1_000_000))
    info = export_package(db, clerk, tmp_path, PASS)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([info.path.name, busy.name, other.name])


def test_a_read_error_on_the_reading_thread_reaches_the_export(demo: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from songnuan_desktop.services.exchange import package_rows

    _, db, clerk = demo
    before = _last_sequence(db)
    real = package_rows.table_batches

    def failing(conn: Any, table: Any, *args: Any) -> Any:
        if table.name == "household_members":
            raise RuntimeError("disk I/O error")
        return real(conn, table, *args)

    monkeypatch.setattr(package_rows, "table_batches", failing)
    with pytest.raises(RuntimeError, match="disk I/O error"):
        export_package(db, clerk, tmp_path, PASS)
    _nothing_left(db, tmp_path, before)
