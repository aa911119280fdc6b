"""Visit groups and visits (走访慰问)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from songnuan_desktop.persistence.base import Base, Exchanged


class VisitGroup(Exchanged, Base):
    """慰问组: a leading official and members; reused across campaigns."""

    __tablename__ = "visit_groups"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    leader: Mapped[str] = mapped_column(String(60))
    members: Mapped[str] = mapped_column(String(200), default="")
    vehicle: Mapped[str] = mapped_column(String(60), default="")
    contact: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Visit(Exchanged, Base):
    __tablename__ = "visits"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    group_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("visit_groups.id"), index=True)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    purpose: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(10), default="计划")
    outcome_json: Mapped[str] = mapped_column(Text, default="")  # the five "clears"
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    households: Mapped[list[VisitHousehold]] = relationship(
        cascade="all, delete-orphan", order_by="VisitHousehold.position"
    )
    group: Mapped[VisitGroup] = relationship()


class VisitHousehold(Exchanged, Base):
    __tablename__ = "visit_households"
    visit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("visits.id"), index=True)
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    item_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("assistance_items.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
