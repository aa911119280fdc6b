"""Attachments: a scan or photo is copied into the data folder under its SHA-256 and recorded.

Files are stored content-addressed (`ab/abcdef….jpg`), so the same scan added twice is kept once
and the county can ask for exactly the files it has not received, by hash.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from songnuan_desktop.domain.codes import ATTACHMENT_KINDS
from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import Attachment, WorkerFile
from songnuan_desktop.services.session_user import SessionUser

MAX_BYTES = 50 * 2**20
CHUNK = 1 << 20


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
    """Copy to a temporary file in `folder` while hashing; then move it to its content address."""
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = folder / sha[:2] / (sha + source.suffix.lower())
        target.parent.mkdir(exist_ok=True)
        if target.exists():
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
        return sha, size, target
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def add(db: Database, by: SessionUser, worker_file_id: uuid.UUID, kind: str, source: Path) -> AttachmentInfo:
    by.require(Role.CLERK, "添加附件")
    if kind not in ATTACHMENT_KINDS:
        raise ValidationFailed("attachment_kind", f"附件类别“{kind}”不在目录中，请从列表中选择。", {"field": "kind"})
    if not source.is_file():
        raise ValidationFailed("attachment_missing", f"找不到文件：{source}", {"field": "path"})
    if source.stat().st_size > MAX_BYTES:
        raise ValidationFailed(
            "attachment_size", f"文件“{source.name}”超过 {MAX_BYTES // 2**20} MB，请先压缩或分页扫描。",
            {"field": "path"},
        )
    sha, size, stored = _hash_copy(source, db.attachments_dir)
    with db.write(by.actor) as session:
        if session.get(WorkerFile, worker_file_id) is None:
            raise NotFound("worker_file", "找不到该档案，可能已被删除。")
        row = Attachment(
            origin_office_id=by.office_id, worker_file_id=worker_file_id, kind=kind, original_name=source.name,
            stored_path=stored.relative_to(db.attachments_dir).as_posix(), sha256=sha, size_bytes=size,
        )
        session.add(row)
        session.flush()
        return _info(db, row)


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
    digest = hashlib.sha256()
    with info.path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == info.sha256


def copy_out(info: AttachmentInfo, target: Path) -> Path:
    shutil.copyfile(info.path, target)
    return target
