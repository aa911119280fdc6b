"""What the approval screen shows beside a selected queue item, read in one go on the database lane.

Public API:

- `item_detail(db, item_id, worker_file_id, today=None) -> ItemDetail` — the household size and the
  file judged today (per-capita monthly income, its ratio to the 低保线, the sentences), the item's
  transitions (who, when, comment) and its objections. The queue row (`approval_queue.QueueItem`)
  already carries the name, unit, masked numbers, tier, amount, fund source and the reason as proposed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from songnuan_desktop.domain.errors import NotFound
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import HouseholdMember
from songnuan_desktop.services.campaigns.approval_queue import HistoryLine, item_history
from songnuan_desktop.services.county.county_flags import flags_on
from songnuan_desktop.services.files.eligibility import judge_file
from songnuan_desktop.services.campaigns.notices import ObjectionView, objections_of


@dataclass(frozen=True)
class ItemDetail:
    item_id: uuid.UUID
    household_size: int
    per_capita_monthly_fen: int
    ratio_percent: Decimal | None  # per capita ÷ 低保线; None without a 低保线
    category_now: str  # the category the file is judged to be in today
    sentences: tuple[str, ...]  # the judgement of today, in words
    history: tuple[HistoryLine, ...]
    objections: tuple[ObjectionView, ...]
    file_missing: bool = False  # the file was deleted since: no judgement
    county_flags: tuple[str, ...] = ()  # the county's flags in force on the item or its file (下发)


def item_detail(db: Database, item_id: uuid.UUID, worker_file_id: uuid.UUID,
                today: dt.date | None = None) -> ItemDetail:
    history = tuple(item_history(db, item_id))
    objections = tuple(objections_of(db, item_id))
    with db.read() as session:
        size = 1 + (session.scalar(select(func.count()).select_from(HouseholdMember)
                                   .where(HouseholdMember.worker_file_id == worker_file_id)) or 0)
        flags = flags_on(session, item_id, worker_file_id)
    try:
        judged = judge_file(db, worker_file_id, on=today)
    except NotFound as exc:
        return ItemDetail(item_id, size, 0, None, "", (exc.message,), history, objections, file_missing=True,
                          county_flags=flags)
    return ItemDetail(item_id, size, judged.per_capita_monthly_fen, judged.ratio_percent, judged.category,
                      tuple(judged.sentences), history, objections, county_flags=flags)
