"""Attachments are copied into the data folder under their hash and recorded with it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from songnuan_desktop.domain.errors import PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.models import WorkerFile
from songnuan_desktop.services.files import attachments
from songnuan_desktop.services.access import auth, users


@pytest.fixture
def clerk(office_db, admin):  # type: ignore[no-untyped-def]
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}))
    return auth.login(office_db, "jingban", "Jingban2024")


@pytest.fixture
def worker_file(office_db, clerk):  # type: ignore[no-untyped-def]
    with office_db.write(clerk.actor) as session:
        row = WorkerFile(origin_office_id=clerk.office_id, office_id=clerk.office_id, file_no="JZ-2026-0001",
                         name="张三", id_number="522622198001010012", filed_date=dt.date(2026, 1, 5))
        session.add(row)
        session.flush()
        return row.id


def test_add_copies_hashes_and_records(office_db, clerk, worker_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "身份证.JPG"
    scan.write_bytes(b"\xff\xd8 fake jpeg " * 1000)
    info = attachments.add(office_db, clerk, worker_file, "身份证/户口簿复印件", scan)
    assert info.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert info.path.is_file() and info.path.parent.parent == office_db.attachments_dir
    assert info.path.suffix == ".jpg" and info.original_name == "身份证.JPG"
    assert attachments.verify(info)
    again = attachments.add(office_db, clerk, worker_file, "照片", scan)  # same content: stored once
    assert again.path == info.path
    assert [a.kind for a in attachments.list_for(office_db, worker_file)] == ["身份证/户口簿复印件", "照片"]
    info.path.write_bytes(b"changed")
    assert not attachments.verify(info)


def test_refusals_leave_nothing(office_db, clerk, admin, worker_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "a.png"
    scan.write_bytes(b"png")
    with pytest.raises(ValidationFailed, match="不在目录中"):
        attachments.add(office_db, clerk, worker_file, "随便什么", scan)
    with pytest.raises(ValidationFailed, match="找不到文件"):
        attachments.add(office_db, clerk, worker_file, "照片", tmp_path / "missing.png")
    with pytest.raises(PermissionDenied):
        attachments.add(office_db, admin, worker_file, "照片", scan)
    assert attachments.list_for(office_db, worker_file) == []
