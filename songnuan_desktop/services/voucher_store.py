"""The voucher rows behind services.vouchers: the counter, new numbers, reprints and voids.

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

from sqlalchemy import Row, Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from songnuan_desktop.domain.vouchers import voucher_number
from songnuan_desktop.persistence import audit
from songnuan_desktop.persistence.base import utcnow
from songnuan_desktop.persistence.bulk import bulk_insert, full_row
from songnuan_desktop.persistence.models import Voucher, VoucherCounter
from songnuan_desktop.services.session_user import SessionUser

CHUNK = 500
VOUCHERS = cast(Table, Voucher.__table__)
COUNTERS = cast(Table, VoucherCounter.__table__)


@dataclass(frozen=True)
class Numbered:
    """A voucher as a print needs it."""

    id: uuid.UUID
    item_id: uuid.UUID
    number: str
    printed_at: dt.datetime
    reprint_count: int


def allocate(session: Session, by: SessionUser, wants: Sequence[tuple[uuid.UUID, int, str]]
             ) -> list[tuple[uuid.UUID, int, int, str]]:
    """(item id, year, seq, number) for each (item id, year, campaign code), in the order given: the
    next numbers of the office's series of each year, the counter locked until the transaction ends."""
    out = []
    for year, group in groupby(sorted(wants, key=lambda w: w[1]), key=lambda w: w[1]):
        wanted = list(group)
        last = _locked_counter(session, by, year)
        for n, (item_id, _, code) in enumerate(wanted, start=1):
            out.append((item_id, year, last + n, voucher_number(year, code, last + n)))
        key = {"office_id": by.office_id, "year": year}
        session.connection().execute(update(COUNTERS).filter_by(**key).values(last_seq=last + len(wanted)))
        audit.append(session, by.actor, "update", COUNTERS.name, f"{by.office_id}:{year}",
                     {"last_seq": last}, {"last_seq": last + len(wanted)})
    order = {w[0]: n for n, w in enumerate(wants)}
    return sorted(out, key=lambda r: order[r[0]])


def _locked_counter(session: Session, by: SessionUser, year: int) -> int:
    conn = session.connection()
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    made = conn.execute(insert(COUNTERS).values(office_id=by.office_id, year=year, last_seq=0)
                        .on_conflict_do_nothing())
    if made.rowcount == 1:
        audit.append(session, by.actor, "create", COUNTERS.name, f"{by.office_id}:{year}", None,
                     {"office_id": str(by.office_id), "year": year, "last_seq": 0})
    return int(conn.execute(select(COUNTERS.c.last_seq).filter_by(office_id=by.office_id, year=year)
                            .with_for_update()).scalar_one())


def insert_vouchers(session: Session, by: SessionUser, numbered: Sequence[tuple[uuid.UUID, int, int, str]]
                    ) -> dict[uuid.UUID, Numbered]:
    if not numbered:
        return {}
    now = utcnow()
    template = full_row(Voucher(origin_office_id=by.office_id, office_id=by.office_id, printed_at=now,
                                printed_by=by.id, reprint_count=0, void_reason="", item_id=numbered[0][0],
                                year=0, seq=0, number=""))
    rows = [{**template, "id": uuid.uuid4(), "item_id": item_id, "year": year, "seq": seq, "number": number,
             "created_at": now, "updated_at": now} for item_id, year, seq, number in numbered]
    bulk_insert(session.connection(), VOUCHERS, rows)
    audit.append_many(session, by.actor, "create", VOUCHERS.name, audit.created_entries(rows))
    return {r["item_id"]: Numbered(r["id"], r["item_id"], r["number"], now, 0) for r in rows}


def live_vouchers(session: Session, item_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Row[Any]]:
    """The voucher in force of each item that has one (at most one: uq_vouchers_item_live)."""
    v = Voucher
    found: dict[uuid.UUID, Row[Any]] = {}
    for start in range(0, len(item_ids), CHUNK):
        query = (select(v.id, v.item_id, v.number, v.printed_at, v.reprint_count, v.row_version)
                 .where(v.item_id.in_(item_ids[start:start + CHUNK]), v.voided_at.is_(None)))
        found.update({row.item_id: row for row in session.execute(query)})
    return found


def mark_reprinted(session: Session, by: SessionUser, rows: Sequence[Row[Any]]) -> dict[uuid.UUID, Numbered]:
    """Count one more print of each voucher (补打); the number stays."""
    if not rows:
        return {}
    now = utcnow()
    params = [{"b_id": r.id, "b_version": r.row_version, "b_next": r.row_version + 1,
               "b_count": r.reprint_count + 1} for r in rows]
    statement = (update(VOUCHERS).where(VOUCHERS.c.id == bindparam("b_id"),
                                        VOUCHERS.c.row_version == bindparam("b_version"))
                 .values(row_version=bindparam("b_next"), reprint_count=bindparam("b_count"), updated_at=now))
    session.connection().execute(statement, params)
    audit.append_many(session, by.actor, "update", VOUCHERS.name, audit.changed_entries(
        [(str(r.id), {"reprint_count": r.reprint_count}, {"reprint_count": r.reprint_count + 1}) for r in rows]))
    return {r.item_id: Numbered(r.id, r.item_id, r.number, r.printed_at, r.reprint_count + 1) for r in rows}


def mark_voided(session: Session, by: SessionUser, row: Row[Any], reason: str) -> None:
    """作废 through the ORM (one row; its mapper event writes the audit entry)."""
    voucher = session.get_one(Voucher, row.id)
    voucher.voided_at = utcnow()
    voucher.voided_by = by.id
    voucher.void_reason = reason[:200]
    session.flush()  # row_version is the mapper's version counter: it moves by itself
