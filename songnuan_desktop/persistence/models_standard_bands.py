"""补助标准按家庭人口分档 (issue 16 item 4): one tier of a campaign's standards as a table of household-size
bands — 1人户550元，2人户900元，3人及以上户1100元. A tier with bands is paid by the band of the household's
size (家庭人口: the worker and the members the file counts); a tier without bands keeps its one amount
(campaign_standards)."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, Exchanged


class CampaignStandardBand(Exchanged, Base):
    """One band: households of min_persons … max_persons persons (None: and more) get amount_fen."""

    __tablename__ = "campaign_standard_bands"
    __table_args__ = (UniqueConstraint("campaign_id", "item_kind", "tier", "min_persons"),)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    tier: Mapped[str] = mapped_column(String(40))
    min_persons: Mapped[int] = mapped_column(Integer)
    max_persons: Mapped[int | None] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
