"""The audit chain's tips kept outside a township's database: at the county, one per package taken in."""

from __future__ import annotations

import datetime as dt
from uuid import UUID as _UUID

from sqlalchemy import DateTime, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, utcnow


class AuditAnchor(Base):
    """审计锚点: the tip (entry number and hash) of a township's audit chain as one of its packages carried
    it. The county's copy of the township's log is replaced by each newer package; these stay, so a
    township whose history was rewritten after an earlier package disagrees with them."""

    __tablename__ = "audit_anchors"
    office_id: Mapped[_UUID] = mapped_column(Uuid, primary_key=True)
    package_sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
