"""Gifts in kind (慰问品, issue 16 item 3): a campaign's kinds of goods, the goods of each item, the stock received.

- `GoodsKind`: what a campaign gives in kind — 名称 (大米), 单位 (袋), 单价 in fen (what one unit is worth: the
  totals value goods at quantity × unit value).
- `GoodsLine`: the goods of one assistance item (kind, quantity), beside its cash (`AssistanceItem.amount_fen`,
  0 for an item of goods alone). Handed out = the lines of the items paid (已发放/已抽查): the roster is the
  receipt; an item of goods alone gets no voucher number.
- `GoodsReceipt`: a quantity of a kind received into the campaign's stock, on a date, from whom, with a note.
  Left = received − handed out (services.campaigns.goods.stock).
All three travel in the county package (services.exchange.package_export.TABLES).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from songnuan_desktop.persistence.base import Base, Exchanged


class GoodsKind(Exchanged, Base):
    """慰问品种类 of one campaign: 大米 / 袋 / 15000 fen."""

    __tablename__ = "goods_kinds"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    unit: Mapped[str] = mapped_column(String(8))
    unit_value_fen: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class GoodsLine(Exchanged, Base):
    """The goods of one item: so many of one kind."""

    __tablename__ = "goods_lines"
    __table_args__ = (UniqueConstraint("item_id", "kind_id"),)
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("assistance_items.id"), index=True)
    kind_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("goods_kinds.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)


class GoodsReceipt(Exchanged, Base):
    """慰问品入库: so many of a kind received into the campaign's stock."""

    __tablename__ = "goods_receipts"
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("campaigns.id"), index=True)
    kind_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("goods_kinds.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[dt.date] = mapped_column(Date)
    received_from: Mapped[str] = mapped_column(String(100), default="")  # 来源：上级工会拨付 / 某超市采购
    handled_by: Mapped[str] = mapped_column(String(60), default="")  # 经手人
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
