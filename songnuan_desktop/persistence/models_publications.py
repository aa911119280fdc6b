"""Files being published (commit before publish, STYLE 13): one row per document, package or backup.

The row is written in the same transaction as the numbers, sequence or audit entry the file carries, while
the file still sits under its hidden temporary name; only after the commit is it renamed into place, and a
second short transaction marks the row published. A row left `pending` by a process that is gone tells the
next start what to finish (services.publishing.publications.recover).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, utcnow

PENDING, PUBLISHED, ROLLED_FORWARD, MISSING = "pending", "published", "rolled_forward", "missing"


class Publication(Base):
    """A local record, never exchanged: where a file of this PC was (being) written and what it carries."""

    __tablename__ = "publications"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(32))  # vouchers, roster, export_package, backup_encrypted, …
    final_path: Mapped[str] = mapped_column(Text)
    temp_path: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    pid: Mapped[int] = mapped_column(Integer)
    by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    by_username: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending | published | rolled_forward | missing
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    carries_json: Mapped[str] = mapped_column(Text)  # voucher numbers, a package sequence: never personal data
