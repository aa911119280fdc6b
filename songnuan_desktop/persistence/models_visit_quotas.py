"""走访指标 of a campaign (issue 16 item 5): "每个慰问组走访不少于4户".

The seeds' offices set a number of households each 联系点 (contact point) must visit. This schema has no
contact points: a campaign's visits are made by visit groups (慰问组), each led by a 带队领导, so a quota
counts households per visit group or per leader (`per`: 慰问组 | 带队领导). One row per campaign at most;
no row means no quota. services.visits.visit_quotas computes the progress; the row travels in the county
package (services.exchange.package_export.TABLES).
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, Exchanged


class VisitQuota(Exchanged, Base):
    """At least `households` distinct households visited (已走访) per visit group or per leader."""

    __tablename__ = "visit_quotas"
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), unique=True)
    per: Mapped[str] = mapped_column(String(10))  # 慰问组 | 带队领导
    households: Mapped[int] = mapped_column(Integer)
