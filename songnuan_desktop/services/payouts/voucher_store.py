"""The voucher rows behind services.payouts.vouchers: the counter, new numbers, reprints and voids.

Rows are written with Core (a print may number a thousand items) and each gets the audit entry the
ORM's mapper events would give it (`audit.created_entries` / `audit.changed_entries`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from songnuan_desktop.domain.vouchers import voucher_number
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.bulk import bulk_insert, full_row
from songnuan_desktop.persistence.models import Voucher, VoucherCounter
from songnuan_desktop.persistence.models_campaign import VoucherCampaignCounter
from songnuan_desktop.services.publishing.publish_marks import voucher_floor
from songnuan_desktop.services.office.session_user import SessionUser

CHUNK = 500
VOUCHERS = cast(Table, Voucher.__table__)
COUNTERS = cast(Table, VoucherCounter.__table__)
CAMPAIGN_COUNTERS = cast(Table, VoucherCampaignCounter.__table__)


@dataclass(frozen=True)
class Numbered:
    """A voucher as a print needs it."""

    id: uuid.UUID
    item_id: uuid.UUID
    number: str
    printed_at: dt.datetime
    reprint_count: int
    reprinted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Wanted:
    """An item to number: its campaign's id, year and code."""

    item_id: uuid.UUID
    campaign_id: uuid.UUID
    year: int
    code: str


@dataclass(frozen=True)
class Allocated:
    item_id: uuid.UUID
    year: int
    series: str  # "" the office's year series, else the campaign's code
    seq: int
    number: str


PER_YEAR, PER_CAMPAIGN = "per_year", "per_campaign"


def allocate(session: Session, by: SessionUser, wants: Sequence[Wanted], series: str = PER_YEAR
             ) -> list[Allocated]:
    """The next numbers, in the order given, the counters locked until the transaction ends. `series`
    (setting voucher_series): per_year — one gapless sequence per office and year across its campaigns;
    per_campaign — one per campaign. Either way a number never collides with one given before in the other
    series (after the setting was changed): a series whose counter is behind the highest seq already used
    under the same year and code goes on from there; and a campaign's series goes on past the floor a
    restore of an older database set (services.publishing.publish_marks), as the year's counter is raised itself."""
    out: list[Allocated] = []
    if series == PER_CAMPAIGN:
        for campaign_id, group in groupby(sorted(wants, key=lambda w: str(w.campaign_id)),
                                          key=lambda w: w.campaign_id):
            wanted = list(group)
            year, code = wanted[0].year, wanted[0].code
            last = max(_locked_campaign_counter(session, by, campaign_id), _used(session, by, year, {code}),
                       voucher_floor(session, by.office_id, year, code))
            out += [Allocated(w.item_id, year, code, last + n, voucher_number(year, code, last + n))
                    for n, w in enumerate(wanted, start=1)]
            _advance(session, by, CAMPAIGN_COUNTERS, {"campaign_id": campaign_id}, str(campaign_id), last,
                     last + len(wanted))
    else:
        for year, group in groupby(sorted(wants, key=lambda w: w.year), key=lambda w: w.year):
            wanted = list(group)
            last = max(_locked_counter(session, by, year), _used(session, by, year, {w.code for w in wanted}))
            out += [Allocated(w.item_id, year, "", last + n, voucher_number(year, w.code, last + n))
                    for n, w in enumerate(wanted, start=1)]
            _advance(session, by, COUNTERS, {"office_id": by.office_id, "year": year}, f"{by.office_id}:{year}",
                     last, last + len(wanted))
    order = {w.item_id: n for n, w in enumerate(wants)}
    return sorted(out, key=lambda r: order[r.item_id])


def _advance(session: Session, by: SessionUser, table: Table, key: dict[str, Any], audit_key: str, last: int,
             to: int) -> None:
    session.connection().execute(update(table).filter_by(**key).values(last_seq=to))
    audit.append(session, by.actor, "update", table.name, audit_key, {"last_seq": last}, {"last_seq": to})


def _used(session: Session, by: SessionUser, year: int, codes: set[str]) -> int:
    """The highest seq of the office's numbers year-CODE-…, for each code (0 if none): a range of the
    (office, number) index — '.' follows '-' — so it costs a look-up, not a scan."""
    v = VOUCHERS.c
    found = 0
    for code in codes:
        prefix = f"{year}-{code}-"
        found = max(found, session.connection().execute(
            select(func.max(v.seq)).where(v.office_id == by.office_id, v.number >= prefix,
                                          v.number < prefix[:-1] + ".")).scalar() or 0)
    return int(found)


def _insert(session: Session) -> Any:
    return postgresql.insert if session.connection().dialect.name == "postgresql" else sqlite.insert


def _locked_counter(session: Session, by: SessionUser, year: int) -> int:
    conn = session.connection()
    made = conn.execute(_insert(session)(COUNTERS).values(office_id=by.office_id, year=year, last_seq=0)
                        .on_conflict_do_nothing())
    if made.rowcount == 1:
        audit.append(session, by.actor, "create", COUNTERS.name, f"{by.office_id}:{year}", None,
                     {"office_id": str(by.office_id), "year": year, "last_seq": 0})
    return int(conn.execute(select(COUNTERS.c.last_seq).filter_by(office_id=by.office_id, year=year)
                            .with_for_update()).scalar_one())


def _locked_campaign_counter(session: Session, by: SessionUser, campaign_id: uuid.UUID) -> int:
    conn = session.connection()
    made = conn.execute(_insert(session)(CAMPAIGN_COUNTERS).values(campaign_id=campaign_id, office_id=by.office_id,
                                                                   last_seq=0).on_conflict_do_nothing())
    if made.rowcount == 1:
        audit.append(session, by.actor, "create", CAMPAIGN_COUNTERS.name, str(campaign_id), None,
                     {"campaign_id": str(campaign_id), "office_id": str(by.office_id), "last_seq": 0})
    return int(conn.execute(select(CAMPAIGN_COUNTERS.c.last_seq).filter_by(campaign_id=campaign_id)
                            .with_for_update()).scalar_one())


def insert_vouchers(session: Session, by: SessionUser, numbered: Sequence[Allocated]) -> dict[uuid.UUID, Numbered]:
    if not numbered:
        return {}
    now = utcnow()
    template = full_row(Voucher(origin_office_id=by.office_id, office_id=by.office_id, printed_at=now,
                                printed_by=by.id, reprint_count=0, void_reason="", item_id=numbered[0].item_id,
                                year=0, series="", seq=0, number=""))
    rows = [{**template, "id": uuid.uuid4(), "item_id": a.item_id, "year": a.year, "series": a.series, "seq": a.seq,
             "number": a.number, "created_at": now, "updated_at": now} for a in numbered]
    bulk_insert(session.connection(), VOUCHERS, rows)
    audit.append_many(session, by.actor, "create", VOUCHERS.name, audit.created_entries(rows))
    return {r["item_id"]: Numbered(r["id"], r["item_id"], r["number"], now, 0) for r in rows}


def live_vouchers(session: Session, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Row[Any]]:
    """The voucher in force of each item that has one (at most one: uq_vouchers_item_live)."""
    v = Voucher
    found: dict[uuid.UUID, Row[Any]] = {}
    for start in range(0, len(item_ids), CHUNK):
        query = (select(v.id, v.item_id, v.number, v.printed_at, v.reprint_count, v.reprinted_at,
                        v.reprinted_by, v.row_version)
                 .where(v.item_id.in_(item_ids[start:start + CHUNK]), v.voided_at.is_(None)))
        found.update({row.item_id: row for row in session.execute(query)})
    return found


def mark_reprinted(session: Session, by: SessionUser, rows: Sequence[Row[Any]]) -> dict[uuid.UUID, Numbered]:
    """Count one more print of each voucher (补打) and record when and by whom; the number stays."""
    if not rows:
        return {}
    now = utcnow()
    params = [{"b_id": r.id, "b_version": r.row_version, "b_next": r.row_version + 1,
               "b_count": r.reprint_count + 1} for r in rows]
    statement = (update(VOUCHERS).where(VOUCHERS.c.id == bindparam("b_id"),
                                        VOUCHERS.c.row_version == bindparam("b_version"))
                 .values(row_version=bindparam("b_next"), reprint_count=bindparam("b_count"), reprinted_at=now,
                         reprinted_by=by.id, updated_at=now))
    session.connection().execute(statement, params)
    audit.append_many(session, by.actor, "update", VOUCHERS.name, audit.changed_entries(
        [(str(r.id), {"reprint_count": r.reprint_count, "reprinted_at": r.reprinted_at, "reprinted_by": r.reprinted_by},
          {"reprint_count": r.reprint_count + 1, "reprinted_at": now, "reprinted_by": by.id}) for r in rows]))
    return {r.item_id: Numbered(r.id, r.item_id, r.number, r.printed_at, r.reprint_count + 1, now) for r in rows}


def mark_voided(session: Session, by: SessionUser, row: Row[Any], reason: str) -> None:
    """作废 through the ORM (one row; its mapper event writes the audit entry)."""
    voucher = session.get_one(Voucher, row.id)
    voucher.voided_at = utcnow()
    voucher.voided_by = by.id
    voucher.void_reason = reason[:200]
    session.flush()  # row_version is the mapper's version counter: it moves by itself
