"""Budgets of a campaign: what each line holds (used, reserved) and whether more fits.

The total budget is the campaign's; a sub-budget line (`CampaignBudget`) applies to the items whose
category and fund source match the line's non-empty fields. `used` is what items paid (or paid and
sampled) hold, `reserved` what items in any other holding state hold (draft … approved, returned,
objection); `left` = budget − used − reserved.

- `budget_status(db, campaign_id) -> BudgetStatus` — the figures for the total and every line.
- `BudgetBook(session, campaign).refusal(category, fund_source, fen)` — why `fen` more does not fit,
  naming the budget and by how much ('' when it fits); used by proposing and by changing an amount.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from songnuan_desktop.domain.eligibility import yuan_text
from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.domain.states import HOLDING_STATES, PAID_STATES
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, Campaign



@dataclass(frozen=True)
class BudgetLine:
    """A sub-budget: by category, by fund source, or both (an empty field means any)."""

    amount_fen: int
    category: str = ""
    fund_source: str = ""

    @property
    def label(self) -> str:
        return "、".join(p for p in (self.category, self.fund_source) if p) + "预算"


@dataclass(frozen=True)
class BudgetFigures:
    label: str  # 总预算 / 深度困难预算 / 上级拨付预算 …
    category: str
    fund_source: str
    budget_fen: int
    used_fen: int  # paid (and sampled)
    reserved_fen: int  # holding items not yet paid
    items: int

    @property
    def left_fen(self) -> int:
        return self.budget_fen - self.used_fen - self.reserved_fen


@dataclass(frozen=True)
class BudgetStatus:
    total: BudgetFigures
    lines: tuple[BudgetFigures, ...]  # the sub-budgets, in the campaign's order

    @property
    def by_category(self) -> tuple[BudgetFigures, ...]:
        return tuple(b for b in self.lines if b.category and not b.fund_source)

    @property
    def by_fund_source(self) -> tuple[BudgetFigures, ...]:
        return tuple(b for b in self.lines if b.fund_source and not b.category)


# --- the budget book: what each line holds, and whether more fits -----------------------------------

class BudgetBook:
    """The budgets of one campaign and what its holding items hold, read in the writing session."""

    def __init__(self, session: Session, campaign: Campaign) -> None:
        self.total = campaign.total_budget_fen
        self.lines = [BudgetLine(b.amount_fen, b.category, b.fund_source) for b in campaign.budgets
                      if b.category or b.fund_source]
        # (category, fund source) → [used, reserved, count]
        self.held: dict[tuple[str, str], list[int]] = {}
        rows = session.execute(
            select(AssistanceItem.category, AssistanceItem.fund_source, AssistanceItem.state,
                   func.sum(AssistanceItem.amount_fen), func.count())
            .where(AssistanceItem.campaign_id == campaign.id, AssistanceItem.state.in_(HOLDING_STATES))
            .group_by(AssistanceItem.category, AssistanceItem.fund_source, AssistanceItem.state))
        for category, source, state, fen, count in rows:
            self.add(category, source, int(fen or 0), paid=state in PAID_STATES, count=int(count))

    def add(self, category: str, fund_source: str, fen: int, paid: bool = False, count: int = 1) -> None:
        held = self.held.setdefault((category, fund_source), [0, 0, 0])
        held[0 if paid else 1] += fen
        held[2] += count

    def figures(self, line: BudgetLine | None) -> BudgetFigures:
        used = reserved = count = 0
        for (category, source), (u, r, n) in self.held.items():
            if line is None or _applies(line, category, source):
                used, reserved, count = used + u, reserved + r, count + n
        if line is None:
            return BudgetFigures("总预算", "", "", self.total, used, reserved, count)
        return BudgetFigures(line.label, line.category, line.fund_source, line.amount_fen, used, reserved, count)

    def refusal(self, category: str, fund_source: str, fen: int) -> str:
        """Why `fen` more for (category, fund source) does not fit, naming the budget and by how much; ''."""
        for line in (None, *self.lines):
            if line is not None and not _applies(line, category, fund_source):
                continue
            figures = self.figures(line)
            if fen > figures.left_fen:
                return (f"超出{figures.label}：预算 {yuan_text(figures.budget_fen)} 元，已发放 "
                        f"{yuan_text(figures.used_fen)} 元、已占用 {yuan_text(figures.reserved_fen)} 元，尚余 "
                        f"{yuan_text(max(figures.left_fen, 0))} 元，本次 {yuan_text(fen)} 元，超出 "
                        f"{yuan_text(fen - max(figures.left_fen, 0))} 元")
        return ""


def _applies(line: BudgetLine, category: str, fund_source: str) -> bool:
    return line.category in ("", category) and line.fund_source in ("", fund_source)


def budget_status(db: Database, campaign_id: uuid.UUID) -> BudgetStatus:
    """Used / reserved / left for the total and each sub-budget of the campaign."""
    with db.read() as session:
        campaign = session.scalar(select(Campaign).where(Campaign.id == campaign_id)
                                  .options(selectinload(Campaign.budgets)))
        if campaign is None:
            raise NotFound("campaign", "找不到该活动，可能已被删除。", {"id": str(campaign_id)})
        book = BudgetBook(session, campaign)
        return BudgetStatus(book.figures(None), tuple(book.figures(line) for line in book.lines))
