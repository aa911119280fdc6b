"""bulk_insert: many rows at once, stored exactly as SQLAlchemy's own Core insert would store them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import cast

from sqlalchemy import (
    Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, Time, Uuid, insert, select,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect

from songnuan_desktop.persistence.bulk import _sqlite_text, bulk_insert
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import (
    AssistanceItem, HardshipCause, HouseholdMember, IncomeItem, ItemTransition, Voucher, WorkerFile,
)


def test_bulk_insert_stores_what_sqlalchemy_would() -> None:
    """The fast SQLite path writes the same text as SQLAlchemy's own column types."""
    dialect = sqlite_dialect.dialect()
    samples = {
        "Uuid": uuid.UUID("0bdcb7ed-5638-4aa7-80c7-da5ec94ac864"), "DateTime": dt.datetime(2026, 1, 13, 0, 41, 10),
        "Date": dt.date(2026, 2, 28), "Boolean": True,
    }
    checked = 0
    for model in (WorkerFile, HouseholdMember, HardshipCause, IncomeItem, AssistanceItem, ItemTransition, Voucher):
        for column in cast(Table, model.__table__).columns:
            sample = samples.get(type(column.type).__name__)
            if sample is None:
                continue
            ours = _sqlite_text(column, dialect)
            theirs = column.type.dialect_impl(dialect).bind_processor(dialect)
            assert ours is not None and theirs is not None
            assert ours(sample) == theirs(sample), column
            checked += 1
    assert checked > 30
    created_at = _sqlite_text(cast(Table, WorkerFile.__table__).c.created_at, dialect)
    assert created_at is not None
    assert created_at(dt.datetime(2026, 1, 13, 0, 41, 10, 5)) == "2026-01-13 00:41:10.000005"


def _columns() -> list[Column]:
    """Every column type the models use, nullable and not."""
    return [
        Column("id", Uuid, primary_key=True), Column("n", Integer, nullable=False), Column("name", String(20)),
        Column("note", Text, nullable=False), Column("at", DateTime, nullable=False), Column("day", Date),
        Column("start", Time), Column("flag", Boolean, nullable=False), Column("ref", Uuid),
    ]


def _twin_tables() -> tuple[Table, Table]:
    metadata = MetaData()
    return Table("bulk_fast", metadata, *_columns()), Table("bulk_core", metadata, *_columns())


def _rows(n: int) -> list[dict]:
    moment = dt.datetime(2026, 1, 13, 0, 41, 10)
    return [{
        "id": uuid.UUID(int=k + 1, version=4), "n": k, "name": None if k % 3 else f"名{k}", "note": "",
        "at": moment + dt.timedelta(microseconds=k % 2, minutes=k % 5),
        "day": None if k % 2 else dt.date(2026, 2, k % 28 + 1), "start": dt.time(9, k % 60),
        "flag": bool(k % 2), "ref": None if k % 4 else uuid.UUID(int=k + 7, version=4),
    } for k in range(n)]


def test_bulk_insert_matches_core_insert_on_every_dialect(db: Database) -> None:
    fast, core = _twin_tables()
    rows = _rows(50)
    with db.engine.begin() as conn:
        fast.metadata.create_all(conn)
        bulk_insert(conn, fast, rows)
        bulk_insert(conn, fast, [])
        conn.execute(insert(core), rows)
    with db.engine.connect() as conn:
        stored = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM bulk_fast ORDER BY n")]
        expected = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM bulk_core ORDER BY n")]
        read_back = [dict(r._mapping) for r in conn.execute(select(fast).order_by(fast.c.n))]
    assert stored == expected
    assert read_back == rows
