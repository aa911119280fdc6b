"""Confirming payouts (确认发放) and reconciling a campaign's money (SPEC §3 Payout, §4).

- `mark_paid(db, by, item_ids, paid_on, method) -> TransitionDone` — finance marks approved items paid,
  one or a signed roster page at once (`services.payouts.roster.roster_pages` says which items a page holds),
  all or nothing, through `services.campaigns.transitions` (roles, file still 在档, the move approved → paid, who
  and when in the item's transitions and the audit log; `paid_on` is the given date). On top of it:
  an item is paid at most once, ever — an item that carries a payment is refused naming the date and
  who confirmed it, whatever its state now; the date may not lie in the future nor before the item was
  approved; a card payout needs a card in the household's file.
- `reconciliation(db, campaign_id) -> Reconciliation` — approved (awaiting payment), printed (has a live
  voucher), paid and voided items with counts and amounts, beside the budget
  (`campaign_budget.budget_status`); every mismatch said in words in `problems`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session, aliased

from songnuan_desktop.domain.eligibility import date_text, yuan_text
from songnuan_desktop.domain.errors import BatchRefused, RefusedItem, ValidationFailed
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import APPROVED_OR_LATER, PAID_STATES, STATE_LABELS, ItemState, state_values
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AssistanceItem, ItemTransition, User, Voucher, WorkerFile
from songnuan_desktop.services.campaigns.assistance import require_signed_in, who
from songnuan_desktop.services.campaigns.campaign_budget import BudgetStatus, budget_status
from songnuan_desktop.services.office.session_user import SessionUser
from songnuan_desktop.services.campaigns.transitions import TransitionDone, apply

ACTION = "确认发放"
METHODS = {"cash": "现金", "card": "银行卡"}


def mark_paid(db: Database, by: SessionUser, item_ids: Sequence[uuid.UUID], paid_on: dt.date, method: str,
              today: dt.date | None = None) -> TransitionDone:
    """Mark the items paid on `paid_on` by `method`, all or nothing: "cash", "card", or "" for each item the
    way the roster prints it (card when the household's file has one, else cash) — a signed roster page
    mixes both."""
    require_signed_in(by, ACTION)
    by.require(Action.MARK_PAID)
    if method and method not in METHODS:
        raise ValidationFailed("paid_method", "发放方式应为现金（cash）或银行卡（card）。", {"method": method})
    today = today or dt.date.today()
    if paid_on > today:
        raise ValidationFailed("paid_on", f"发放日期 {date_text(paid_on)} 晚于今天，须在实际发放后确认。",
                               {"paid_on": paid_on.isoformat()})
    ids = tuple(dict.fromkeys(item_ids))
    with db.write(by.actor) as session:
        refused = _refusals(session, by, ids, paid_on, method)
        if refused:
            raise BatchRefused.of("transition_refused", ACTION, refused, {"to_state": ItemState.PAID.value})
        how = f"{METHODS[method]}发放" if method else "按签收表所列方式发放"
        done = apply(session, by, ids, ItemState.PAID, f"{how}，发放日期 {paid_on.isoformat()}", paid_on,
                     paid_method=method)
    return TransitionDone(ItemState.PAID, done)


def _refusals(session: Session, by: SessionUser, ids: Sequence[uuid.UUID], paid_on: dt.date,
              method: str) -> list[RefusedItem]:
    """What `transitions` does not know: paid before (ever), a date before approval, a card without card."""
    payer = aliased(User)
    approved = (select(ItemTransition.item_id, func.max(ItemTransition.at).label("at"))
                .where(ItemTransition.item_id.in_(ids), ItemTransition.to_state == ItemState.APPROVED.value)
                .group_by(ItemTransition.item_id).subquery())
    rows = session.execute(
        select(AssistanceItem.id, AssistanceItem.paid_on, payer.display_name, WorkerFile.name, WorkerFile.file_no,
               WorkerFile.bank_card, approved.c.at)
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .outerjoin(payer, payer.id == AssistanceItem.paid_by)
        .outerjoin(approved, approved.c.item_id == AssistanceItem.id)
        .where(AssistanceItem.id.in_(ids))
        .with_for_update(of=AssistanceItem.__table__)).all()
    refused = []
    for r in rows:
        reason = ""
        if r.paid_on is not None:
            reason = (f"已于 {date_text(r.paid_on)} 由 {r.display_name or '（未知用户）'} 确认发放，"
                      "同一名单项只能发放一次")
        elif r.at is not None and paid_on < r.at.date():
            reason = f"发放日期 {date_text(paid_on)} 早于审批通过日期 {date_text(r.at.date())}"
        elif method == "card" and not (r.bank_card or "").strip():
            reason = "档案中没有银行卡号，不能按银行卡发放；请先补录银行卡或按现金发放"
        if reason:
            refused.append(RefusedItem(r.id, who(r.name, r.file_no), reason))
    return refused


# --- reconciliation ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    count: int
    fen: int

    def text(self) -> str:
        return f"{self.count} 项 {yuan_text(self.fen)} 元"


@dataclass(frozen=True)
class Reconciliation:
    approved: Figure  # approved, awaiting payment
    printed: Figure  # approved or paid items with a live voucher
    paid: Figure  # paid (and since sampled)
    voided: Figure  # items voided
    voided_vouchers: int  # spoiled vouchers kept with their numbers
    budget: BudgetStatus
    problems: tuple[str, ...]  # every mismatch in words; empty when the figures reconcile

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        total = self.budget.total
        out = [f"已批准待发放：{self.approved.text()}", f"已打印凭证：{self.printed.text()}",
               f"已发放：{self.paid.text()}", f"已作废：{self.voided.text()}（作废凭证 {self.voided_vouchers} 张）",
               f"总预算 {yuan_text(total.budget_fen)} 元：已发放 {yuan_text(total.used_fen)} 元，"
               f"已占用 {yuan_text(total.reserved_fen)} 元，尚余 {yuan_text(total.left_fen)} 元"]
        return out + (list(self.problems) if self.problems else ["核对无误。"])


def reconciliation(db: Database, campaign_id: uuid.UUID) -> Reconciliation:
    """The campaign's payout figures beside its budget, with every mismatch in words."""
    budget = budget_status(db, campaign_id)
    with db.read() as session:
        figures = _figures(session, campaign_id)
        printed = _printed(session, campaign_id)
        voided_vouchers = session.scalar(
            select(func.count()).select_from(Voucher).join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
            .where(AssistanceItem.campaign_id == campaign_id, Voucher.voided_at.is_not(None))) or 0
        problems = _problems(session, campaign_id, figures, budget)
    return Reconciliation(figures.get(ItemState.APPROVED.value, Figure(0, 0)), printed, _paid(figures),
                          figures.get(ItemState.VOIDED.value, Figure(0, 0)), int(voided_vouchers), budget,
                          tuple(problems))


def _figures(session: Session, campaign_id: uuid.UUID) -> dict[str, Figure]:
    rows = session.execute(
        select(AssistanceItem.state, func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
        .where(AssistanceItem.campaign_id == campaign_id).group_by(AssistanceItem.state))
    return {state: Figure(int(count), int(fen)) for state, count, fen in rows}


def _paid(figures: dict[str, Figure]) -> Figure:
    found = [figures[s] for s in state_values(PAID_STATES) if s in figures]
    return Figure(sum(f.count for f in found), sum(f.fen for f in found))


def _live_vouchers(campaign_id: uuid.UUID) -> Subquery:
    return (select(Voucher.item_id, func.count().label("n"), func.min(Voucher.number).label("number"))
            .join(AssistanceItem, AssistanceItem.id == Voucher.item_id)
            .where(AssistanceItem.campaign_id == campaign_id, Voucher.voided_at.is_(None))
            .group_by(Voucher.item_id).subquery())


def _printed(session: Session, campaign_id: uuid.UUID) -> Figure:
    live = _live_vouchers(campaign_id)
    count, fen = session.execute(
        select(func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
        .join(live, live.c.item_id == AssistanceItem.id)
        .where(AssistanceItem.state.in_(state_values(APPROVED_OR_LATER)))).one()
    return Figure(int(count), int(fen))


def _problems(session: Session, campaign_id: uuid.UUID, figures: dict[str, Figure],
              budget: BudgetStatus) -> list[str]:
    paid, out = _paid(figures), []
    if paid.fen != budget.total.used_fen:
        out.append(f"已发放金额 {yuan_text(paid.fen)} 元与预算“已发放” {yuan_text(budget.total.used_fen)} 元"
                   "不一致，请核查。")
    for line in (budget.total, *budget.lines):
        if line.left_fen < 0:
            out.append(f"{line.label}超支：预算 {yuan_text(line.budget_fen)} 元，已发放 {yuan_text(line.used_fen)} 元、"
                       f"已占用 {yuan_text(line.reserved_fen)} 元，超出 {yuan_text(-line.left_fen)} 元。")
    unconfirmed = session.scalar(select(func.count()).select_from(AssistanceItem).where(
        AssistanceItem.campaign_id == campaign_id, AssistanceItem.state.in_(state_values(PAID_STATES)),
        (AssistanceItem.paid_on.is_(None)) | (AssistanceItem.paid_by.is_(None)))) or 0
    if unconfirmed:
        out.append(f"{unconfirmed} 项标为已发放，但没有发放日期或确认人，请财务补录确认。")
    live = _live_vouchers(campaign_id)
    rows = session.execute(
        select(AssistanceItem.state, live.c.n, live.c.number, WorkerFile.name, AssistanceItem.paid_method)
        .join(live, live.c.item_id == AssistanceItem.id)
        .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
        .where((live.c.n > 1) | AssistanceItem.state.not_in(state_values(APPROVED_OR_LATER)))
        .order_by(live.c.number)).all()
    for r in rows:
        if r.n > 1:
            out.append(f"{r.name}的名单项有 {r.n} 张有效凭证（{r.number} 等），同一项只能有一张，请作废多余的凭证。")
        else:
            out.append(f"凭证 {r.number}（{r.name}）对应的名单项为“{STATE_LABELS[ItemState(r.state)]}”，"
                       "凭证仍有效，请作废该凭证。")
    out += _cash_without_voucher(session, campaign_id, live)
    return out


def _cash_without_voucher(session: Session, campaign_id: uuid.UUID, live: Subquery) -> list[str]:
    count, fen = session.execute(
        select(func.count(), func.coalesce(func.sum(AssistanceItem.amount_fen), 0))
        .outerjoin(live, live.c.item_id == AssistanceItem.id)
        .where(AssistanceItem.campaign_id == campaign_id, AssistanceItem.state.in_(state_values(PAID_STATES)),
               AssistanceItem.paid_method == "cash", AssistanceItem.amount_fen > 0,  # goods alone: no voucher
               live.c.item_id.is_(None))).one()
    if not count:
        return []
    return [f"{count} 项现金发放（{yuan_text(int(fen))} 元）没有有效的发放凭证，请补打凭证或说明。"]
