"""What the county exchange adds: the townships' audit logs at the county, the county's flags, and at a
township the attachments the county has acknowledged."""

from __future__ import annotations

import datetime as dt
import uuid
from uuid import UUID as _UUID

from sqlalchemy import Boolean, DateTime, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, Exchanged, utcnow


class TownshipAuditEntry(Base):
    """A township's audit log as merged at the county, entry for entry as the township chained it.

    The county's own audit_log stays its own chain; a merge replaces a township's entries here."""

    __tablename__ = "township_audit_log"
    # The column is called uuid, which hides the module inside this class: hence _UUID.
    office_id: Mapped[_UUID] = mapped_column(Uuid, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    uuid: Mapped[_UUID] = mapped_column(Uuid)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user_id: Mapped[_UUID | None] = mapped_column(Uuid)
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(160), default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class CountyFlag(Exchanged, Base):
    """县总工会标记: the county's word on a township's record (a double payment, a duplicate file, the
    final list), made at the county and sent back in its decisions package; the township reads it.

    `office_id` is the township the flag is about; `origin_office_id` the county that made it."""

    __tablename__ = "county_flags"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    entity: Mapped[str] = mapped_column(String(40))  # assistance_items | worker_files | campaigns
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text, default="")
    by_username: Mapped[str] = mapped_column(String(40), default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class CountyReceipt(Base):
    """At a township: an attachment the county said (in a decisions package) it has; the next 报送包
    leaves it out."""

    __tablename__ = "county_receipts"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    package_sequence: Mapped[int] = mapped_column(Integer)  # the township's package that carried it
    acknowledged_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
