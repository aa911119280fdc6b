"""Attachments removed and replaced with their history kept (issue 13): the row is marked deleted, the
stored file stays, the log and the file's 历史 name it; a replacement is one transaction naming both."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from songnuan_desktop.domain.errors import NotFound, PermissionDenied, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Attachment, AuditEntry
from songnuan_desktop.services.files import attachments, file_history, worker_files
from songnuan_desktop.services.access import auth, users
from songnuan_desktop.services.office.session_user import SessionUser
from tests.services.files.test_worker_files import household

KIND = "诊断证明及医疗票据"


@pytest.fixture
def clerk(office_db: Database, admin: SessionUser) -> SessionUser:
    users.create_user(office_db, admin, "jingban", "李经办", "Jingban2024", frozenset({Role.CLERK}), one_time=False)
    return auth.login(office_db, "jingban", "Jingban2024")


def _scan(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _audit_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_removed_attachment_leaves_the_list_keeps_its_file_and_is_named_in_the_history(
    office_db: Database, clerk: SessionUser, tmp_path: Path,
) -> None:
    file_id = worker_files.create(office_db, clerk, household()).id
    added = attachments.add(office_db, clerk, file_id, KIND, _scan(tmp_path, "诊断书.jpg", b"scan one"))
    attachments.remove(office_db, clerk, added.id)
    assert attachments.list_for(office_db, file_id) == []
    assert added.path.is_file() and attachments.verify(added)  # the stored copy stays
    with office_db.read() as session:
        row = session.get(Attachment, added.id)
        assert row is not None and row.deleted
    texts = [c.text for c in file_history.history(office_db, clerk, file_id).changes]
    assert texts[0] == f"删除附件：{KIND}“诊断书.jpg”"
    assert texts[1] == f"添加附件：{KIND}“诊断书.jpg”"
    before = _audit_count(office_db)
    with pytest.raises(NotFound):
        attachments.remove(office_db, clerk, added.id)  # removed twice: said, nothing written
    assert _audit_count(office_db) == before


def test_replacement_is_one_change_naming_both(office_db: Database, clerk: SessionUser, tmp_path: Path) -> None:
    file_id = worker_files.create(office_db, clerk, household()).id
    old = attachments.add(office_db, clerk, file_id, KIND, _scan(tmp_path, "旧的.jpg", b"blurred"))
    new = attachments.replace(office_db, clerk, old.id, _scan(tmp_path, "清楚的.jpg", b"sharp"))
    assert [a.original_name for a in attachments.list_for(office_db, file_id)] == ["清楚的.jpg"]
    assert new.kind == KIND and old.path.is_file() and new.path.is_file()
    texts = [c.text for c in file_history.history(office_db, clerk, file_id).changes]
    assert texts[0] == f"替换附件：{KIND}“旧的.jpg” 换为 {KIND}“清楚的.jpg”"


def test_a_failed_replacement_changes_nothing(office_db: Database, clerk: SessionUser, tmp_path: Path) -> None:
    file_id = worker_files.create(office_db, clerk, household()).id
    old = attachments.add(office_db, clerk, file_id, KIND, _scan(tmp_path, "旧的.jpg", b"blurred"))
    before = _audit_count(office_db)
    with pytest.raises(ValidationFailed):
        attachments.replace(office_db, clerk, old.id, tmp_path / "不存在.jpg")
    with pytest.raises(ValidationFailed):
        attachments.replace(office_db, clerk, old.id, _scan(tmp_path, "x.jpg", b"x"), kind="不在目录里")
    assert [a.id for a in attachments.list_for(office_db, file_id)] == [old.id]
    assert _audit_count(office_db) == before


def test_only_a_clerk_removes(office_db: Database, admin: SessionUser, clerk: SessionUser, tmp_path: Path) -> None:
    file_id = worker_files.create(office_db, clerk, household()).id
    added = attachments.add(office_db, clerk, file_id, KIND, _scan(tmp_path, "a.jpg", b"a"))
    with pytest.raises(PermissionDenied):
        attachments.remove(office_db, admin, added.id)
    assert len(attachments.list_for(office_db, file_id)) == 1


def test_an_exited_file_keeps_its_attachments(office_db: Database, clerk: SessionUser, tmp_path: Path) -> None:
    file_id = worker_files.create(office_db, clerk, household()).id
    added = attachments.add(office_db, clerk, file_id, KIND, _scan(tmp_path, "a.jpg", b"a"))
    worker_files.close(office_db, clerk, file_id, "脱困", "已脱困")
    before = _audit_count(office_db)
    for change in (lambda: attachments.remove(office_db, clerk, added.id),
                   lambda: attachments.replace(office_db, clerk, added.id, _scan(tmp_path, "b.jpg", b"b"))):
        with pytest.raises(ValidationFailed, match="已脱困"):
            change()
    assert [a.id for a in attachments.list_for(office_db, file_id)] == [added.id]
    assert _audit_count(office_db) == before
