"""Gifts in kind (慰问品, issue 16 item 3): a campaign's kinds, each item's goods, the stock (no Qt).

- `kinds_of(db, campaign)` / `set_kinds(db, by, campaign, kinds)` — the campaign's kinds (名称, 单位, 单价 in fen),
  in order; a kind already on an item's goods or in the stock cannot be removed (its name, unit and value may be
  corrected while nothing of it was handed out).
- `set_item_goods(db, by, item_id, quantities, goods_only=False)` — an item's goods (kind id → quantity; 0 or
  absent removes the line), beside its cash or, with `goods_only`, instead of it (the cash becomes 0). Only while
  the item may still be edited (草稿, 退回, 待审核, 初审通过 — the same rule and roles as its amount,
  services.campaigns.assistance.EDITABLE): what was posted and approved is what is handed.
- `receive(db, by, campaign, kind_id, quantity, received_on, received_from, handled_by, note)` — goods into the
  campaign's stock (a negative quantity corrects an earlier receipt; the stock received never goes below 0).
- `stock(db, campaign)` — per kind: received, handed out (the goods of the items paid: 已发放 and 已抽查 — the
  roster the household signed is the receipt), approved and not yet handed (reserved), left = received − handed,
  and the shortfall if the stock does not cover what is reserved.
- `handed_out(db, campaign)` — who got what, when, confirmed by whom, and the visit it went with (a visit done,
  已走访, that carried the item), for the office's own check of the stock.
- `goods_by_item(session, item_ids)` — the goods of items as `ItemGoods` (for the roster, the summary);
  `to_hand_over(session, item_ids)` — for the route sheet: the goods of the approved (or paid) items, and the items
  whose goods stay at the office; `goods_text(lines)` — 大米1袋、食用油1桶; `summed(lines)` — added up per kind.

Goods are handed only with an approved item: the route sheet shows them to hand over for an approved item only
(待审批，不得发放 otherwise), the roster lists approved items, and an item is paid only from 已批准. No voucher
number is consumed by goods alone: services.payouts.vouchers refuses an item whose cash is 0.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from songnuan_desktop.domain.errors import NotFound, ValidationFailed
from songnuan_desktop.domain.paper_dates import date_text
from songnuan_desktop.domain.permissions import Action
from songnuan_desktop.domain.states import PAID_STATES, STATE_LABELS, ItemState, state_values
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, User, Visit, VisitGroup, VisitHousehold, WorkerFile,
)
from songnuan_desktop.persistence.models_goods import GoodsKind, GoodsLine, GoodsReceipt
from songnuan_desktop.services.campaigns import campaigns
from songnuan_desktop.services.campaigns.assistance import EDITABLE, require_signed_in, who
from songnuan_desktop.services.office.session_user import SessionUser

__all__ = ["GoodsKindInput", "GoodsKindView", "Handed", "ItemGoods", "StockLine", "campaign_has_goods", "goods_by_item",
           "goods_text", "handed_out", "kinds_of", "receive", "set_item_goods", "set_kinds", "stock", "stock_in",
           "summed", "to_hand_over"]

PAID = state_values(PAID_STATES)
APPROVED = ItemState.APPROVED.value
CHUNK = 900


@dataclass(frozen=True)
class GoodsKindInput:
    name: str
    unit: str
    unit_value_fen: int


@dataclass(frozen=True)
class GoodsKindView:
    id: uuid.UUID
    name: str
    unit: str
    unit_value_fen: int


@dataclass(frozen=True)
class ItemGoods:
    """So many of one kind on one item."""

    kind_id: uuid.UUID
    name: str
    unit: str
    quantity: int
    unit_value_fen: int

    @property
    def value_fen(self) -> int:
        return self.quantity * self.unit_value_fen

    @property
    def text(self) -> str:
        return f"{self.name}{self.quantity}{self.unit}"


@dataclass(frozen=True)
class StockLine:
    kind_id: uuid.UUID
    name: str
    unit: str
    unit_value_fen: int
    received: int
    handed: int  # with the items paid
    reserved: int  # on approved items not yet paid

    @property
    def left(self) -> int:
        return self.received - self.handed

    @property
    def short(self) -> int:
        """What the stock left lacks for the approved items still to be handed."""
        return max(0, self.reserved - self.left)

    @property
    def handed_fen(self) -> int:
        return self.handed * self.unit_value_fen


@dataclass(frozen=True)
class Handed:
    """One household's goods handed: what, when, confirmed by whom, and the visit that carried them."""

    item_id: uuid.UUID
    name: str
    file_no: str
    goods: str  # 大米1袋、食用油1桶
    paid_on: dt.date | None
    confirmed_by: str
    visit: str  # 2026年12月5日 第一慰问组（组长 王某） or ""


def goods_text(lines: Iterable[ItemGoods]) -> str:
    return "、".join(g.text for g in lines if g.quantity)


# --- kinds ------------------------------------------------------------------------------------------

def _campaign(session: Session, by: SessionUser, campaign: uuid.UUID | str, lock: bool = False) -> Campaign:
    campaign_id = campaign if isinstance(campaign, uuid.UUID) else uuid.UUID(str(campaign))
    return campaigns.load(session, by.office_id, campaign_id, lock=lock)


def _kinds(session: Session, campaign_id: uuid.UUID) -> list[GoodsKind]:
    return list(session.scalars(select(GoodsKind).where(GoodsKind.campaign_id == campaign_id)
                                .order_by(GoodsKind.position, GoodsKind.name)))


def kinds_of(db: Database, by: SessionUser, campaign: uuid.UUID | str) -> list[GoodsKindView]:
    with db.read() as session:
        c = _campaign(session, by, campaign)
        return [GoodsKindView(k.id, k.name, k.unit, k.unit_value_fen) for k in _kinds(session, c.id)]


def _checked_kind(k: GoodsKindInput) -> GoodsKindInput:
    name, unit = k.name.strip(), k.unit.strip()
    if not name:
        raise ValidationFailed("goods_name", "慰问品须填写名称（如 大米）。", {"field": "name"})
    if not unit:
        raise ValidationFailed("goods_unit", f"慰问品“{name}”须填写计量单位（如 袋、桶、床）。", {"field": "unit"})
    if len(name) > 30 or len(unit) > 8:
        raise ValidationFailed("goods_too_long", f"慰问品“{name}”的名称（30字以内）或单位（8字以内）过长。",
                               {"field": "name"})
    if k.unit_value_fen <= 0:
        raise ValidationFailed("goods_value", f"慰问品“{name}”的单价应大于0元（统计按数量×单价折合金额）。",
                               {"field": "unit_value_fen"})
    return GoodsKindInput(name, unit, k.unit_value_fen)


def set_kinds(db: Database, by: SessionUser, campaign: uuid.UUID | str,
              kinds: Sequence[GoodsKindInput]) -> list[GoodsKindView]:
    """The campaign's kinds as given, in order, matched to the ones there by name."""
    by.require(Action.SET_GOODS)
    wanted = [_checked_kind(k) for k in kinds]
    names = [k.name for k in wanted]
    if len(set(names)) != len(names):
        raise ValidationFailed("goods_duplicate", "同一活动的慰问品名称不能重复。", {"field": "name"})
    with db.write(by.actor) as session:
        c = _campaign(session, by, campaign, lock=True)
        if c.status == "closed":
            raise ValidationFailed("campaign_closed", f"活动“{c.name}”已结束，不能再修改慰问品。")
        there = {k.name: k for k in _kinds(session, c.id)}
        for gone in set(there) - set(names):
            kind = there[gone]
            used = session.scalar(select(func.count()).select_from(GoodsLine).where(GoodsLine.kind_id == kind.id))
            received = session.scalar(select(func.count()).select_from(GoodsReceipt)
                                      .where(GoodsReceipt.kind_id == kind.id))
            if used or received:
                raise ValidationFailed("goods_in_use", f"慰问品“{gone}”已列入{used}个名单项或已有入库记录，不能删除。",
                                       {"field": "name", "name": gone})
            session.delete(kind)
        for position, k in enumerate(wanted):
            kind = there.get(k.name)
            if kind is None:
                session.add(GoodsKind(origin_office_id=by.office_id, campaign_id=c.id, name=k.name, unit=k.unit,
                                      unit_value_fen=k.unit_value_fen, position=position))
                continue
            if (kind.unit, kind.unit_value_fen) != (k.unit, k.unit_value_fen) and _handed(session, c.id, kind.id):
                raise ValidationFailed("goods_handed", f"慰问品“{k.name}”已有发放，不能再改单位或单价。",
                                       {"field": "unit_value_fen", "name": k.name})
            if (kind.unit, kind.unit_value_fen, kind.position) != (k.unit, k.unit_value_fen, position):
                kind.unit, kind.unit_value_fen, kind.position = k.unit, k.unit_value_fen, position
        session.flush()
        return [GoodsKindView(k.id, k.name, k.unit, k.unit_value_fen) for k in _kinds(session, c.id)]


def _handed(session: Session, campaign_id: uuid.UUID, kind_id: uuid.UUID) -> int:
    return int(session.scalar(
        select(func.coalesce(func.sum(GoodsLine.quantity), 0))
        .join(AssistanceItem, AssistanceItem.id == GoodsLine.item_id)
        .where(GoodsLine.kind_id == kind_id, AssistanceItem.campaign_id == campaign_id,
               AssistanceItem.state.in_(PAID))) or 0)


# --- an item's goods ---------------------------------------------------------------------------------

def set_item_goods(db: Database, by: SessionUser, item_id: uuid.UUID, quantities: Mapping[uuid.UUID, int],
                   goods_only: bool = False) -> list[ItemGoods]:
    """The item's goods as given; with `goods_only` its cash becomes 0 (goods instead of cash)."""
    by.require(Action.CHANGE_ITEM_GOODS)
    if any(q < 0 for q in quantities.values()):
        raise ValidationFailed("goods_quantity", "慰问品数量不能为负数。", {"field": "quantity"})
    with db.write(by.actor) as session:
        found = session.execute(
            select(AssistanceItem, WorkerFile.name, WorkerFile.file_no)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(AssistanceItem.id == item_id, Campaign.office_id == by.office_id)
            .with_for_update(of=AssistanceItem)).first()
        if found is None:
            raise NotFound("assistance_item", "找不到该名单项，可能已被删除。", {"id": str(item_id)})
        item, label = found[0], who(found[1], found[2])
        state = ItemState(item.state)
        if state not in EDITABLE:
            raise ValidationFailed("not_editable", f"{label}的名单项为“{STATE_LABELS[state]}”，不能修改慰问品；"
                                   "公示、批准后发放的就是公示和批准的内容。")
        by.require(EDITABLE[state], f"修改“{STATE_LABELS[state]}”名单项的慰问品")
        kinds = {k.id: k for k in _kinds(session, item.campaign_id)}
        unknown = [k for k in quantities if k not in kinds]
        if unknown:
            raise ValidationFailed("goods_kind", "所选慰问品不属于该名单项的活动，请先在活动中设置慰问品。",
                                   {"field": "kind_id"})
        lines = {line.kind_id: line for line in session.scalars(select(GoodsLine).where(GoodsLine.item_id == item.id))}
        if goods_only and not any(quantities.values()):
            raise ValidationFailed("goods_only_empty", f"{label}：只发慰问品时须至少填写一种慰问品的数量。",
                                   {"field": "quantity"})
        if not goods_only and item.amount_fen <= 0 and not any(quantities.values()):
            raise ValidationFailed("nothing_given", f"{label}：名单项既无慰问金也无慰问品，请填写慰问品或修改金额。",
                                   {"field": "quantity"})
        for kind_id, line in lines.items():
            if not quantities.get(kind_id):
                session.delete(line)
        for kind_id, quantity in quantities.items():
            if not quantity:
                continue
            line = lines.get(kind_id)
            if line is None:
                session.add(GoodsLine(origin_office_id=by.office_id, item_id=item.id, kind_id=kind_id,
                                      quantity=quantity))
            elif line.quantity != quantity:
                line.quantity = quantity
        if goods_only and item.amount_fen:
            item.amount_fen = 0
            if item.notice_id is not None:
                item.notice_id = None  # the public saw other figures: a new notice before approval
        session.flush()
        return goods_by_item(session, [item.id]).get(item.id, [])


def goods_by_item(session: Session, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ItemGoods]]:
    """The goods of each item (items without goods absent), in the campaign's order of kinds."""
    out: dict[uuid.UUID, list[ItemGoods]] = {}
    ids = list(item_ids)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(GoodsLine.item_id, GoodsKind.id, GoodsKind.name, GoodsKind.unit, GoodsLine.quantity,
                   GoodsKind.unit_value_fen)
            .join(GoodsKind, GoodsKind.id == GoodsLine.kind_id)
            .where(GoodsLine.item_id.in_(ids[start:start + CHUNK]), GoodsLine.quantity > 0)
            .order_by(GoodsLine.item_id, GoodsKind.position, GoodsKind.name))
        for item_id, kind_id, name, unit, quantity, value in rows:
            out.setdefault(item_id, []).append(ItemGoods(kind_id, name, unit, int(quantity), int(value)))
    return out


def campaign_has_goods(session: Session, campaign_id: uuid.UUID) -> bool:
    return session.scalar(select(func.count()).select_from(GoodsKind)
                          .where(GoodsKind.campaign_id == campaign_id)) != 0


# --- the stock ---------------------------------------------------------------------------------------

def receive(db: Database, by: SessionUser, campaign: uuid.UUID | str, kind_id: uuid.UUID, quantity: int,
            received_on: dt.date, received_from: str = "", handled_by: str = "", note: str = "") -> StockLine:
    """Goods into the campaign's stock; a negative quantity corrects an earlier receipt (with a note)."""
    by.require(Action.RECEIVE_GOODS)
    recorder = require_signed_in(by, "登记慰问品入库")
    if quantity == 0:
        raise ValidationFailed("goods_quantity", "入库数量不能为0。", {"field": "quantity"})
    if quantity < 0 and not note.strip():
        raise ValidationFailed("goods_correction", "冲减入库数量须在备注中说明原因。", {"field": "note"})
    with db.write(by.actor) as session:
        c = _campaign(session, by, campaign, lock=True)
        kind = session.get(GoodsKind, kind_id)
        if kind is None or kind.campaign_id != c.id:
            raise ValidationFailed("goods_kind", "所选慰问品不属于该活动。", {"field": "kind_id"})
        line = _stock(session, c.id, kind_id)[0]
        if line.received + quantity < line.handed:
            raise ValidationFailed("goods_below_handed",
                                   f"冲减后{kind.name}入库{line.received + quantity}{kind.unit}，少于已发放的"
                                   f"{line.handed}{kind.unit}，不能冲减。", {"field": "quantity"})
        session.add(GoodsReceipt(origin_office_id=by.office_id, campaign_id=c.id, kind_id=kind_id, quantity=quantity,
                                 received_on=received_on, received_from=received_from.strip(),
                                 handled_by=handled_by.strip(), note=note.strip(), recorded_by=recorder))
        session.flush()
        return _stock(session, c.id, kind_id)[0]


def stock(db: Database, by: SessionUser, campaign: uuid.UUID | str) -> list[StockLine]:
    with db.read() as session:
        return _stock(session, _campaign(session, by, campaign).id)


def stock_in(session: Session, campaign_id: uuid.UUID) -> list[StockLine]:
    return _stock(session, campaign_id)


def _stock(session: Session, campaign_id: uuid.UUID, kind_id: uuid.UUID | None = None) -> list[StockLine]:
    kinds = [k for k in _kinds(session, campaign_id) if kind_id is None or k.id == kind_id]
    received = dict(session.execute(
        select(GoodsReceipt.kind_id, func.sum(GoodsReceipt.quantity))
        .where(GoodsReceipt.campaign_id == campaign_id).group_by(GoodsReceipt.kind_id)).all())
    by_state = session.execute(
        select(GoodsLine.kind_id, AssistanceItem.state, func.sum(GoodsLine.quantity))
        .join(AssistanceItem, AssistanceItem.id == GoodsLine.item_id)
        .where(AssistanceItem.campaign_id == campaign_id, AssistanceItem.state.in_((*PAID, APPROVED)))
        .group_by(GoodsLine.kind_id, AssistanceItem.state)).all()
    handed: dict[uuid.UUID, int] = {}
    reserved: dict[uuid.UUID, int] = {}
    for kid, state, quantity in by_state:
        book = reserved if state == APPROVED else handed
        book[kid] = book.get(kid, 0) + int(quantity)
    return [StockLine(k.id, k.name, k.unit, k.unit_value_fen, int(received.get(k.id) or 0), handed.get(k.id, 0),
                      reserved.get(k.id, 0)) for k in kinds]


def handed_out(db: Database, by: SessionUser, campaign: uuid.UUID | str) -> list[Handed]:
    """Each paid item with goods: who got what, when, who confirmed, and the visit done that carried it."""
    with db.read() as session:
        c = _campaign(session, by, campaign)
        rows = session.execute(
            select(AssistanceItem.id, WorkerFile.name, WorkerFile.file_no, AssistanceItem.paid_on,
                   User.display_name)
            .join(WorkerFile, WorkerFile.id == AssistanceItem.worker_file_id)
            .outerjoin(User, User.id == AssistanceItem.paid_by)
            .where(AssistanceItem.campaign_id == c.id, AssistanceItem.state.in_(PAID),
                   AssistanceItem.id.in_(select(GoodsLine.item_id)))
            .order_by(WorkerFile.file_no)).all()
        goods = goods_by_item(session, [r.id for r in rows])
        visits: dict[uuid.UUID, str] = {}
        for item_id, day, group, leader in session.execute(
                select(VisitHousehold.item_id, Visit.date, VisitGroup.name, VisitGroup.leader)
                .join(Visit, Visit.id == VisitHousehold.visit_id).join(VisitGroup, VisitGroup.id == Visit.group_id)
                .where(Visit.campaign_id == c.id, Visit.deleted.is_(False), Visit.outcome == "已走访",
                       VisitHousehold.item_id.is_not(None)).order_by(Visit.date)):
            visits.setdefault(item_id, f"{date_text(day)} {group}（组长 {leader}）")
        return [Handed(r.id, r.name, r.file_no, goods_text(goods.get(r.id, [])), r.paid_on, r.display_name or "",
                       visits.get(r.id, "")) for r in rows]


def to_hand_over(session: Session,
                 item_ids: Sequence[uuid.UUID]) -> tuple[dict[uuid.UUID, list[ItemGoods]], set[uuid.UUID]]:
    """For a route sheet: the goods of the items that may be handed (approved, or paid already), and the items
    whose goods must stay at the office (any other state: 待审批，不得发放)."""
    ids = list(dict.fromkeys(item_ids))
    found = goods_by_item(session, ids)
    if not found:
        return {}, set()
    states = dict(session.execute(select(AssistanceItem.id, AssistanceItem.state)
                                  .where(AssistanceItem.id.in_(list(found)))).all())
    handable = {APPROVED, ItemState.PAID.value}
    return ({i: g for i, g in found.items() if states.get(i) in handable},
            {i for i in found if states.get(i) not in handable})


def summed(lines: Iterable[ItemGoods]) -> str:
    """大米9袋、食用油9桶: the lines added up per kind, in the order first met."""
    total: dict[tuple[str, str], int] = {}
    for g in lines:
        total[(g.name, g.unit)] = total.get((g.name, g.unit), 0) + g.quantity
    return "、".join(f"{name}{quantity}{unit}" for (name, unit), quantity in total.items() if quantity)
