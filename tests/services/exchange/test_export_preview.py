"""The 报送 screen's services: what the next package will hold (counted, not read) and the history of
exports, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest

from songnuan_desktop.exchange import crypto
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.exchange import package_export
from songnuan_desktop.demo import build_demo
from songnuan_desktop.services.exchange.package_export import export_history, export_package, export_preview
from tests.demo_offices import DemoOffices

PASS = "县总工会-2026"


@pytest.fixture(autouse=True)
def cheap_scrypt() -> Iterator[None]:
    with mock.patch.object(crypto, "SCRYPT_N", 2**10):
        yield


@pytest.fixture
def demo(db_url: str, demo_offices: DemoOffices) -> Iterator[Database]:
    yield from demo_offices.opened(db_url, workers=30, seed=7)


def test_preview_counts_what_the_package_holds_and_history_is_newest_first(demo: Database, tmp_path: Path) -> None:
    db = demo
    clerk = auth.login(db, "jingban", "songnuan2026")
    before = export_preview(db)
    assert before.sequence == 1 and before.last is None and export_history(db) == []
    assert before.file_name.startswith("报送包-") and "-0001-" in before.file_name
    assert before.row_counts["worker_files"] == 30 and set(before.row_counts) == set(package_export.TABLES)

    first = export_package(db, clerk, tmp_path, PASS)
    assert first.row_counts == before.row_counts  # counted exactly as the package reads them
    assert first.path.name == before.file_name
    assert before.attachments == first.attachments

    second_dir = tmp_path / "stick"
    second_dir.mkdir()
    second = export_package(db, clerk, second_dir, PASS)
    history = export_history(db)
    assert [r.sequence for r in history] == [2, 1]
    newest = history[0]
    assert newest.file_name == second.path.name and newest.sha256 == second.sha256
    assert newest.size_bytes == second.size_bytes and newest.by_username == "jingban"
    assert newest.rows == sum(second.row_counts.values())
    assert Path(newest.folder) == second_dir and Path(history[1].folder) == tmp_path
    assert len(export_history(db, limit=1)) == 1

    after = export_preview(db)
    assert after.sequence == 3 and "-0003-" in after.file_name
    assert after.last == newest


def test_preview_of_attachments_counts_each_file_once(sqlite_db: Database, tmp_path: Path) -> None:
    from sqlalchemy import select

    from songnuan_desktop.persistence.models import WorkerFile
    from songnuan_desktop.services.files import attachments

    build_demo(sqlite_db, workers=5, seed=7)
    clerk = auth.login(sqlite_db, "jingban", "songnuan2026")
    with sqlite_db.read() as session:
        file_ids = session.scalars(select(WorkerFile.id).limit(2)).all()
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8 scan " * 300)
    for file_id in file_ids:  # the same scan on two files: one file in the package
        attachments.add(sqlite_db, clerk, file_id, "身份证/户口簿复印件", scan)
    preview = export_preview(sqlite_db)
    assert (preview.attachments, preview.attachment_bytes) == (1, scan.stat().st_size)
    assert preview.row_counts["attachments"] == 2
