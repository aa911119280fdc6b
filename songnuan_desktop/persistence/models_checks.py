"""Spot-checks (抽查) of paid households: the drawn sample, its seed, and each call-back or home check."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from songnuan_desktop.persistence.base import Base, Exchanged


class SpotCheck(Exchanged, Base):
    """One draw: the campaign, the share, the seed and the population it was drawn from.

    Drawing again with the same seed from the same population gives the same households: an
    auditor can repeat the draw and see that nobody was picked or left out by hand.
    """

    __tablename__ = "spot_checks"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    drawn_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    percent: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)  # paid items the sample was drawn from
    note: Mapped[str] = mapped_column(Text, default="")
    entries: Mapped[list[SpotCheckEntry]] = relationship(
        back_populates="spot_check", cascade="all, delete-orphan", order_by="SpotCheckEntry.position")


class SpotCheckEntry(Exchanged, Base):
    """One drawn household and what its check found (empty until it is checked)."""

    __tablename__ = "spot_check_entries"
    __table_args__ = (UniqueConstraint("spot_check_id", "item_id"),)
    spot_check_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("spot_checks.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("assistance_items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    checked_on: Mapped[dt.date | None] = mapped_column(Date)
    checked_by: Mapped[str] = mapped_column(String(60), default="")  # who called or visited
    method: Mapped[str] = mapped_column(String(10), default="")  # 电话回访 | 入户核查
    result: Mapped[str] = mapped_column(String(10), default="")  # 属实 | 不属实 | 联系不上
    note: Mapped[str] = mapped_column(String(500), default="")
    spot_check: Mapped[SpotCheck] = relationship(back_populates="entries")
