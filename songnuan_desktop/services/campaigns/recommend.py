"""按规则推荐: the households the rules would put on a campaign's list, shown before anything is added.

- `recommend(db, by, campaign_id, today=None) -> Recommendation` — clerk. Reads only: every eligible
  在档 household without an item in the campaign, as `assistance.propose(…, ALL)` would choose them
  (deepest hardship and highest amount first while the budgets last), each with its reason and amount,
  and those left out with the reason each. Nothing is written and nothing is logged.
- `add_recommended(db, by, recommendation, today=None) -> ProposalResult` — the clerk confirmed the
  list: exactly those households are proposed, all or nothing, through `assistance.propose` (which
  writes the items and the audit entry). If a household was proposed by someone else since, or its
  amount is no longer the one shown, nothing is added and the clerk is told to recommend again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import cast

from songnuan_desktop.domain.eligibility import Judgement, yuan_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.campaigns import assistance, campaigns
from songnuan_desktop.services.campaigns.assistance import ALL, LeftOut, ProposalResult
from songnuan_desktop.services.office.session_user import SessionUser


@dataclass(frozen=True)
class Recommended:
    file_id: uuid.UUID
    file_no: str
    name: str
    category: str
    tier: str
    amount_fen: int
    reason: str


@dataclass(frozen=True)
class Recommendation:
    campaign_id: uuid.UUID
    campaign: str
    on: dt.date
    rows: tuple[Recommended, ...]
    left_out: tuple[LeftOut, ...]

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)

    def message(self) -> str:
        text = f"按规则可列入 {len(self.rows)} 户，合计 {yuan_text(self.total_fen)} 元"
        return text + (f"；未列入 {len(self.left_out)} 户（见原因）。" if self.left_out else "。")


def recommend(db: Database, by: SessionUser, campaign_id: uuid.UUID, today: dt.date | None = None) -> Recommendation:
    """Who the rules would add, why and how much; the database is not changed (see the module doc)."""
    by.require(Action.RECOMMEND)
    assistance.require_signed_in(by, "按规则推荐")
    on = today or dt.date.today()
    with db.read() as session:
        campaign = campaigns.load(session, by.office_id, campaign_id)
        source = assistance.fund_source_of(campaign, None)
        candidates, chosen = assistance.choose(session, by, campaign, ALL, {}, {}, source, on)
        rows = []
        for c in sorted(chosen, key=lambda c: c.row.file_no):
            judgement = cast(Judgement, c.judgement)
            rows.append(Recommended(c.row.id, c.row.file_no, c.row.name, judgement.category, c.tier, c.amount_fen,
                                    assistance.reason_of(judgement, c)))
        left = tuple(LeftOut(c.row.id, c.row.file_no, c.row.name, c.refusal) for c in candidates if c.refusal)
        name = campaign.name
        session.rollback()  # nothing the rules touched is kept
    return Recommendation(campaign_id, name, on, tuple(rows), left)


def add_recommended(db: Database, by: SessionUser, recommendation: Recommendation,
                    today: dt.date | None = None) -> ProposalResult:
    """The confirmed list added as drafts, all or nothing (see the module doc)."""
    expect = {r.file_id: r.amount_fen for r in recommendation.rows}
    return assistance.propose(db, by, recommendation.campaign_id, list(expect), today=today or recommendation.on,
                              expect=expect)


__all__ = ["Recommendation", "Recommended", "add_recommended", "recommend"]
