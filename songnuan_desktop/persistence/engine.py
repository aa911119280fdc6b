"""Engines: SQLite with the pragmas of STYLE rule 5 on every connection, or PostgreSQL."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
# Execution option of a session's connection: on SQLite, begin with BEGIN IMMEDIATE (see _on_begin).
WRITE_LOCK_FIRST = "songnuan_write_lock_first"


def _null(_value: None) -> None:
    return None


# Python 3.11's sqlite3 binds None through its adapter protocol: a miss in the adapter registry, then two
# attribute lookups, one of which raises and clears an AttributeError — 0.35 µs a value, more than binding
# it. An adapter registered for None is found at once (200,000 rows of 10 values, 5 of them None: 0.78 s →
# 0.48 s CPU). Process-wide; what is bound does not change: None is still NULL (tests/persistence/test_engine).
sqlite3.register_adapter(type(None), _null)


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (SAVEPOINT works).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Money is written through every connection: a committed payout survives a power cut.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred BEGIN reads under a snapshot and upgrades to the write lock at the first write; if
        # another process committed in between, that upgrade fails at once (SQLITE_BUSY, busy_timeout
        # not consulted). A unit of work that reads what it then writes (the voucher counter) asks for
        # the write lock first, and a second writer waits in busy_timeout instead.
        immediate = connection.get_execution_options().get(WRITE_LOCK_FIRST)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def lock_for_writing(session: Session) -> None:
    """Call first in a unit of work that reads what it will write: SQLite takes its write lock now
    (BEGIN IMMEDIATE); on PostgreSQL nothing changes (lock the rows with SELECT … FOR UPDATE).
    `Database.write` does it for every unit of work; a second call in the same one changes nothing."""
    transaction = session.get_transaction()
    if transaction is not None and session.info.get(WRITE_LOCK_FIRST) is transaction:
        return
    session.connection(execution_options={WRITE_LOCK_FIRST: True})
    session.info[WRITE_LOCK_FIRST] = session.get_transaction()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
