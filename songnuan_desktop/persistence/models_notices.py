"""What a notice posted, kept as posted (issue 14 item 3).

A notice (公示) is a public act: what hung on the board on its first day must be printable again
exactly, whatever happens to the items afterwards (an objection, a rejection, a changed amount, a
renamed unit). `services.campaigns.notices.start_notice` writes one snapshot per notice in the transaction that
starts it; nothing changes it afterwards. The printed document — title, paragraphs, period, place,
contact and every row (name, work unit, category, item, amount, the ID already masked, the student of
a 金秋助学 item) — is kept whole in `document_json`; the columns beside it repeat what an auditor
queries. The snapshot travels in the county package (services.exchange.package_export.TABLES).
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, Exchanged


class NoticeSnapshot(Exchanged, Base):
    """The notice as posted: one per notice, written when it starts and never changed."""

    __tablename__ = "notice_snapshots"
    notice_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("notices.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(60))  # as printed: 2026年1月5日至2026年1月9日
    place: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    row_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the opening paragraph as printed (拟对以下 N 名…)
    document_json: Mapped[str] = mapped_column(Text)  # every printed field and row, item ids beside the rows
    sha256: Mapped[str] = mapped_column(String(64))  # of document_json: a reprint says which text it is
    posted_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
