"""Attachments: a scan or photo is copied into the data folder under its SHA-256 and recorded.

Files are stored content-addressed (`ab/abcdef….jpg`), so the same scan added twice is kept once
and the county can ask for exactly the files it has not received, by hash.

An attachment is never erased: removing it marks its row deleted (the stored file stays, the audit
log names it), and replacing it removes the old one and adds the new one in one transaction, so the
file's 历史 tells "替换附件" with both names (issue 13).
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.codes import ATTACHMENT_KINDS
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Attachment, WorkerFile
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.files.worker_files import EXIT_STATUSES
from songnuan_desktop.storage import file_sha256, hash_copy

MAX_BYTES = 50 * 2**20


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    worker_file_id: uuid.UUID
    kind: str
    original_name: str
    sha256: str
    size_bytes: int
    path: Path


def _hash_copy(source: Path, folder: Path) -> tuple[str, int, Path]:
    """Copied into `folder` while hashed, then moved to its content address (kept once)."""
    return hash_copy(source, folder, lambda sha: folder / sha[:2] / (sha + source.suffix.lower()))


def _check_source(kind: str, source: Path) -> None:
    if kind not in ATTACHMENT_KINDS:
        raise ValidationFailed("attachment_kind", f"附件类别“{kind}”不在目录中，请从列表中选择。", {"field": "kind"})
    if not source.is_file():
        raise ValidationFailed("attachment_missing", f"找不到文件：{source}", {"field": "path"})
    if source.stat().st_size > MAX_BYTES:
        raise ValidationFailed(
            "attachment_size", f"文件“{source.name}”超过 {MAX_BYTES // 2**20} MB，请先压缩或分页扫描。",
            {"field": "path"},
        )


def add(db: Database, by: SessionUser, worker_file_id: uuid.UUID, kind: str, source: Path) -> AttachmentInfo:
    by.require(Action.ADD_ATTACHMENT)
    _check_source(kind, source)
    sha, size, stored = _hash_copy(source, db.attachments_dir)
    with db.write(by.actor) as session:
        if session.get(WorkerFile, worker_file_id) is None:
            raise NotFound("worker_file", "找不到该档案，可能已被删除。")
        return _info(db, _new_row(session, by, worker_file_id, kind, source.name, stored, sha, size, db))


def _new_row(session: Session, by: SessionUser, worker_file_id: uuid.UUID, kind: str, name: str, stored: Path,
             sha: str, size: int, db: Database) -> Attachment:
    row = Attachment(
        origin_office_id=by.office_id, worker_file_id=worker_file_id, kind=kind, original_name=name,
        stored_path=stored.relative_to(db.attachments_dir).as_posix(), sha256=sha, size_bytes=size,
    )
    session.add(row)
    session.flush()
    return row


def _current(session: Session, by: SessionUser, attachment_id: uuid.UUID) -> Attachment:
    row = session.get(Attachment, attachment_id)
    owner = session.get(WorkerFile, row.worker_file_id) if row is not None else None
    if row is None or row.deleted or owner is None or owner.office_id != by.office_id:
        raise NotFound("attachment", "找不到这个附件，可能已被他人删除或替换；请关闭档案后重新打开。")
    _check_open(owner)
    return row


def _check_open(owner: WorkerFile) -> None:
    """What an exited file had stays as it was (the form shows it read-only). A late scan may still be added
    (add does not ask: the county's package tests add scans to exited demo files)."""
    if owner.status in EXIT_STATUSES:
        raise ValidationFailed("file_exited", f"档案 {owner.file_no} 已{owner.status}，只能查看，附件不能再删除或"
                               "替换。", {"field": "attachments"})


def remove(db: Database, by: SessionUser, attachment_id: uuid.UUID) -> None:
    """Mark the attachment deleted; its stored file stays (a backup, the county and the log still name it)."""
    by.require(Action.DELETE_ATTACHMENT)
    with db.write(by.actor) as session:
        _current(session, by, attachment_id).deleted = True


def replace(db: Database, by: SessionUser, attachment_id: uuid.UUID, source: Path,
            kind: str | None = None) -> AttachmentInfo:
    """The old attachment removed and `source` added in its place (same kind unless given), in one
    transaction: either both happen or neither. The new file is stored first (content-addressed, harmless
    when the transaction then fails)."""
    by.require(Action.REPLACE_ATTACHMENT)
    with db.read() as session:
        old_kind = _current(session, by, attachment_id).kind
    kind = kind or old_kind
    _check_source(kind, source)
    sha, size, stored = _hash_copy(source, db.attachments_dir)
    with db.write(by.actor) as session:
        old = _current(session, by, attachment_id)
        old.deleted = True
        session.flush()  # the removal is logged before the addition: the history reads them as one
        return _info(db, _new_row(session, by, old.worker_file_id, kind, source.name, stored, sha, size, db))


def _info(db: Database, row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(row.id, row.worker_file_id, row.kind, row.original_name, row.sha256, row.size_bytes,
                          db.attachments_dir / row.stored_path)


def list_for(db: Database, worker_file_id: uuid.UUID) -> list[AttachmentInfo]:
    with db.read() as session:
        rows = session.scalars(select(Attachment).where(
            Attachment.worker_file_id == worker_file_id, Attachment.deleted.is_(False)
        ).order_by(Attachment.created_at))
        return [_info(db, r) for r in rows]


def verify(info: AttachmentInfo) -> bool:
    """True when the stored file is still exactly what was recorded."""
    if not info.path.is_file():
        return False
    return file_sha256(info.path)[0] == info.sha256


def copy_out(info: AttachmentInfo, target: Path) -> Path:
    shutil.copyfile(info.path, target)
    return target
