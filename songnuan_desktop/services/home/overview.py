"""What the home screen shows: the office's campaigns with their items counted by state."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select

from songnuan_desktop.domain.states import APPROVED_OR_LATER, PAID_STATES, ItemState
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign


@dataclass(frozen=True)
class CampaignLine:
    id: uuid.UUID
    name: str
    kind: str
    start_date: dt.date
    end_date: dt.date
    status: str
    budget_fen: int
    items: int
    pending: int  # waiting in the approval chain
    approved_fen: int
    paid_fen: int


def campaigns(db: Database, office_id: uuid.UUID) -> list[CampaignLine]:
    """One query: counts and sums per campaign and state, folded per campaign."""
    with db.read() as session:
        found = session.scalars(
            select(Campaign).where(Campaign.office_id == office_id, Campaign.deleted.is_(False))
            .order_by(Campaign.start_date.desc())
        ).all()
        sums = session.execute(
            select(AssistanceItem.campaign_id, AssistanceItem.state, func.count(), func.sum(AssistanceItem.amount_fen))
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(Campaign.office_id == office_id)
            .group_by(AssistanceItem.campaign_id, AssistanceItem.state)
        ).all()
    by_campaign: dict[uuid.UUID, dict[str, tuple[int, int]]] = {}
    for campaign_id, state, count, total in sums:
        by_campaign.setdefault(campaign_id, {})[state] = (int(count), int(total or 0))
    return [_line(c, by_campaign.get(c.id, {})) for c in found]


def _line(c: Campaign, states: dict[str, tuple[int, int]]) -> CampaignLine:
    def total(kinds: Collection[ItemState], index: int) -> int:
        return sum(states.get(k.value, (0, 0))[index] for k in kinds)

    waiting = (ItemState.SUBMITTED, ItemState.REVIEWED, ItemState.IN_NOTICE, ItemState.OBJECTION)
    return CampaignLine(
        c.id, c.name, c.kind, c.start_date, c.end_date, c.status, c.total_budget_fen,
        items=sum(n for n, _ in states.values()), pending=total(waiting, 0),
        approved_fen=total(APPROVED_OR_LATER, 1), paid_fen=total(PAID_STATES, 1),
    )
