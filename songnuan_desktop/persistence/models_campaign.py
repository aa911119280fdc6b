"""Campaigns, assistance items with their transitions, notices, objections and vouchers."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from songnuan_desktop.persistence.base import Base, Exchanged, utcnow


class Campaign(Exchanged, Base):
    """活动/批次, e.g. 2027年元旦春节送温暖."""

    __tablename__ = "campaigns"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(12))  # used in voucher numbers: SWN01
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    total_budget_fen: Mapped[int] = mapped_column(Integer, default=0)
    lookback_months: Mapped[int] = mapped_column(Integer, default=12)
    notice_days: Mapped[int] = mapped_column(Integer, default=5)
    status: Mapped[str] = mapped_column(String(10), default="active")  # planning | active | closed
    note: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    budgets: Mapped[list[CampaignBudget]] = relationship(cascade="all, delete-orphan")
    standards: Mapped[list[CampaignStandard]] = relationship(
        cascade="all, delete-orphan", order_by="CampaignStandard.position"
    )


class CampaignBudget(Exchanged, Base):
    """A sub-budget of a campaign by category and/or fund source (empty means any)."""

    __tablename__ = "campaign_budgets"
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    category: Mapped[str] = mapped_column(String(20), default="")
    fund_source: Mapped[str] = mapped_column(String(20), default="")
    amount_fen: Mapped[int] = mapped_column(Integer)


class CampaignStandard(Exchanged, Base):
    """补助标准 of one campaign: amount per item kind and tier, copied from the office's standards
    when the campaign is created and editable for this campaign alone."""

    __tablename__ = "campaign_standards"
    __table_args__ = (UniqueConstraint("campaign_id", "item_kind", "tier"),)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(40))  # 困难类别, 劳模-级别, 高中/大学 or 一般
    amount_fen: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class AssistanceItem(Exchanged, Base):
    """帮扶/慰问名单项: one household in one campaign, with tier, amount and state."""

    __tablename__ = "assistance_items"
    __table_args__ = (
        # One item per household per campaign, unless the earlier one was rejected or voided.
        Index(
            "uq_assistance_items_campaign_household", "campaign_id", "worker_file_id", unique=True,
            sqlite_where=text("state NOT IN ('rejected', 'voided')"),
            postgresql_where=text("state NOT IN ('rejected', 'voided')"),
        ),
        Index("ix_assistance_items_campaign_state", "campaign_id", "state"),
    )
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"))
    worker_file_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("worker_files.id"), index=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(40), default="")
    fund_source: Mapped[str] = mapped_column(String(20), default="本级工会经费")
    amount_fen: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    reason: Mapped[str] = mapped_column(Text, default="")  # eligibility in words
    override_reason: Mapped[str] = mapped_column(String(200), default="")
    proposed_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    approved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    notice_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("notices.id"))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    paid_method: Mapped[str] = mapped_column(String(10), default="")  # cash | card
    transitions: Mapped[list[ItemTransition]] = relationship(
        cascade="all, delete-orphan", order_by="ItemTransition.at"
    )
    campaign: Mapped[Campaign] = relationship()
    notice: Mapped[Notice | None] = relationship()


class ItemTransition(Exchanged, Base):
    __tablename__ = "item_transitions"
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("assistance_items.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")


class Notice(Exchanged, Base):
    """公示: a set of reviewed items shown publicly for N working days."""

    __tablename__ = "notices"
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    started_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    campaign: Mapped[Campaign] = relationship()


class Objection(Exchanged, Base):
    """异议 against an item: who raised it, what, and the outcome of the re-check."""

    __tablename__ = "objections"
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("assistance_items.id"), index=True)
    raised_on: Mapped[dt.date] = mapped_column(Date)
    raised_by: Mapped[str] = mapped_column(String(60))
    content: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(Text, default="")
    item: Mapped[AssistanceItem] = relationship()
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)


class VoucherCounter(Base):
    """Last voucher sequence of an office's series of one year (setting voucher_series = per_year); bumped in
    the transaction that prints."""

    __tablename__ = "voucher_counters"
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class VoucherCampaignCounter(Base):
    """Last voucher sequence of one campaign's own series (setting voucher_series = per_campaign): what an
    auditor checks is one campaign, so its numbers run 1, 2, 3 … with no gap left by another campaign."""

    __tablename__ = "voucher_campaign_counters"
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), primary_key=True)
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Voucher(Exchanged, Base):
    """困难补助资金发放凭证: number gapless within its series (the office's year, or one campaign), never reused."""

    __tablename__ = "vouchers"
    # Numbers are unique per office: every township's first voucher is …-000001, and the county holds them all.
    __table_args__ = (
        UniqueConstraint("office_id", "year", "series", "seq"), UniqueConstraint("office_id", "number"),
        # An item has at most one live voucher: a second print is a 补打 of it, a new number only after a void.
        Index("uq_vouchers_item_live", "item_id", unique=True, sqlite_where=text("voided_at IS NULL"),
              postgresql_where=text("voided_at IS NULL")),
    )
    office_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("offices.id"))
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("assistance_items.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    # The series the seq counts in: "" the office's year (per_year), else the campaign's code (per_campaign).
    series: Mapped[str] = mapped_column(String(12), default="", server_default="")
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(40))
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    printed_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    # The latest 补打: when and by whom (every one of them is in the audit log).
    reprinted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reprinted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    item: Mapped[AssistanceItem] = relationship()
