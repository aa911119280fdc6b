"""The county demo's planted cases, made the way reality makes them.

A household paid last winter in the first township moves to the second and is filed there again — a
new file through the clerk's own service (same ID numbers, the new address and the new work unit) —
and paid again in that township's winter campaign, whose period is the same. Once both townships'
packages are merged, the county's checks find one duplicate file (active in both), one double payment
(two paid items, overlapping periods) and one file whose details differ (address, work unit).

The second township's item is written like the demo's own items (bulk rows and their transitions by
jingban → shenhe → shenpi → caiwu, four eyes kept): its campaign is closed, so the services would rightly
refuse a new item in it today.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import selectinload

from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.audit import Actor
from songnuan_desktop.persistence.bulk import bulk_insert
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, Campaign, ItemTransition, Notice, OrgUnit, User, WorkerFile,
)
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files import worker_files
from songnuan_desktop.demo import data
from songnuan_desktop.demo.campaigns import CAMPAIGN_A
from songnuan_desktop.services.files.worker_files import FileInput

WINTER = CAMPAIGN_A[0]  # 2026年元旦春节送温暖, paid in every demo township
# The second township's steps, on the dates of its winter campaign (notice 2026-01-05 to 01-09).
PATH = (("submitted", dt.date(2025, 12, 16)), ("reviewed", dt.date(2025, 12, 23)),
        ("in_notice", dt.date(2026, 1, 5)), ("approved", dt.date(2026, 1, 12)), ("paid", dt.date(2026, 1, 20)))
ACTOR_OF = {"voided": "jingban", "submitted": "jingban", "reviewed": "shenhe", "in_notice": "shenhe",
            "approved": "shenpi", "paid": "caiwu"}


@dataclass(frozen=True)
class PlantSource:
    """A household of the first township with a paid winter item: what the second township re-files."""

    file: FileInput
    file_no: str
    item_kind: str
    category: str
    tier: str
    amount_fen: int


def pick_source(db: Database, skip: int = 0) -> PlantSource:
    """The first household (by file number; `skip` passes over that many) in 在档 with a paid winter item,
    a bank card and members with ID numbers."""
    with db.read() as session:
        rows = session.execute(
            select(WorkerFile, AssistanceItem).join(AssistanceItem, AssistanceItem.worker_file_id == WorkerFile.id)
            .join(Campaign, Campaign.id == AssistanceItem.campaign_id)
            .where(Campaign.name == WINTER, AssistanceItem.state == "paid", WorkerFile.status == "在档",
                   WorkerFile.deleted.is_(False), WorkerFile.bank_card != "")
            .options(selectinload(WorkerFile.members), selectinload(WorkerFile.causes),
                     selectinload(WorkerFile.incomes), selectinload(WorkerFile.exclusions))
            .order_by(WorkerFile.file_no)).all()
        for file, item in rows:
            if any(m.id_number for m in file.members) and (skip := skip - 1) < 0:
                return PlantSource(worker_files.input_of(file), file.file_no, item.item_kind, item.category,
                                   item.tier, item.amount_fen)
    raise LookupError("no paid winter household with members to plant")


def plant_moved_household(db: Database, source: PlantSource, township: str) -> uuid.UUID:
    """File `source` in this township (new address and work unit) and pay it in this winter's campaign."""
    clerk = auth.login(db, "jingban", data.PASSWORD)
    town = township.removeprefix("黄平县").removesuffix("总工会")
    with db.read() as session:
        unit = session.scalar(select(OrgUnit.id).where(OrgUnit.kind == "unit").order_by(OrgUnit.name))
    moved = replace(source.file, address=f"黄平县{town}新街{len(source.file.name) * 7 + 3}号（租住）",
                    work_unit_id=unit, union_id=None, region_code="")
    saved = worker_files.create(db, clerk, moved, today=dt.date(2025, 10, 20))
    pay_item(db, clerk.actor, saved.id, source)
    return saved.id


def pay_item(db: Database, actor: Actor, file_id: uuid.UUID, source: PlantSource, campaign_name: str = WINTER,
             state: str = "paid") -> uuid.UUID:
    """An item of `source`'s kind and amount for the file, taken along PATH to `state` (or voided from draft)."""
    steps = [("voided", PATH[0][1])] if state == "voided" else list(PATH[:[s for s, _ in PATH].index(state) + 1])
    with db.write(actor) as session:
        campaign = session.scalar(select(Campaign).where(Campaign.name == campaign_name))
        if campaign is None:
            raise LookupError(campaign_name)
        notice = session.scalar(select(Notice.id).where(Notice.campaign_id == campaign.id))
        users = {u.username: u.id for u in session.scalars(select(User))}
        office = campaign.office_id
        at = dt.datetime.combine(dt.date(2025, 12, 15), dt.time(2, 0))
        last = dt.datetime.combine(steps[-1][1], dt.time(2, 30))
        paid = state == "paid"
        item_id = uuid.uuid4()
        item = {"id": item_id, "origin_office_id": office, "created_at": at, "updated_at": last,
                "row_version": 1 + len(steps), "campaign_id": campaign.id, "worker_file_id": file_id,
                "item_kind": source.item_kind, "category": source.category, "tier": source.tier,
                "fund_source": "本级工会经费", "amount_fen": source.amount_fen, "state": state,
                "reason": f"按“{source.tier}”标准{source.amount_fen // 100}元", "override_reason": "",
                "proposed_by": users["jingban"], "reviewed_by": users["shenhe"] if len(steps) > 1 else None,
                "approved_by": users["shenpi"] if len(steps) > 3 else None,
                "notice_id": notice if len(steps) > 2 else None, "paid_on": steps[-1][1] if paid else None,
                "paid_by": users["caiwu"] if paid else None, "paid_method": "card" if paid else ""}
        bulk_insert(session.connection(), cast(Table, AssistanceItem.__table__), [item])
        rows, before = [], "draft"
        for to, day in steps:
            when = dt.datetime.combine(day, dt.time(2, 30))
            rows.append({"id": uuid.uuid4(), "origin_office_id": office, "created_at": when, "updated_at": when,
                         "row_version": 1, "item_id": item_id, "from_state": before, "to_state": to,
                         "actor_id": users[ACTOR_OF[to]], "at": when, "comment": "银行代发" if to == "paid" else ""})
            before = to
        bulk_insert(session.connection(), cast(Table, ItemTransition.__table__), rows)
        audit.append(session, actor, "create", "assistance_items", str(item_id),
                     after={"worker_file_id": str(file_id), "campaign": campaign_name, "state": state,
                            "amount_fen": source.amount_fen, "note": "演示：迁入户在本镇再次慰问（供县级比对发现）"})
    return item_id
