"""The engine: SQLite pragmas on every connection (STYLE rule 5), foreign keys, savepoints, names."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from sqlalchemy import func, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from songnuan_desktop.persistence.audit import SYSTEM
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence import engine
from songnuan_desktop.persistence.engine import BUSY_TIMEOUT_MS
from songnuan_desktop.persistence.models import LocalInfo, Office


def _pragmas(conn) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
    }


EXPECTED_PRAGMAS = {
    "foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "busy_timeout": BUSY_TIMEOUT_MS,
}


def test_every_pooled_sqlite_connection_gets_the_pragmas(sqlite_db: Database) -> None:
    engine = sqlite_db.engine
    engine.dispose()  # the connections below are opened fresh, not left over from the migration
    with engine.connect() as first, engine.connect() as second:
        assert first.connection.dbapi_connection is not second.connection.dbapi_connection
        assert _pragmas(first) == EXPECTED_PRAGMAS
        assert _pragmas(second) == EXPECTED_PRAGMAS
    assert BUSY_TIMEOUT_MS >= 1000  # a second writer waits instead of failing at once


def test_none_is_bound_as_null_through_the_registered_adapter(sqlite_db: Database) -> None:
    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)] is engine._null
    with sqlite_db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw.execute("SELECT ? IS NULL, typeof(?)", (None, None)).fetchone() == (1, "null")
        raw.execute("CREATE TEMP TABLE nulls (a, b)")
        raw.executemany("INSERT INTO nulls VALUES (?, ?)", [(None, 1), [2, None]])
        assert raw.execute("SELECT a, b FROM nulls ORDER BY rowid").fetchall() == [(None, 1), (2, None)]


def test_sqlite_refuses_a_foreign_key_to_a_missing_row(sqlite_db: Database) -> None:
    missing = uuid.uuid4()
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_db.engine.begin() as conn:
        conn.execute(insert(Office.__table__).values(
            id=uuid.uuid4(), origin_office_id=missing, name="幽灵镇总工会", level="township",
            region_code="522622", parent_id=missing,
        ))
    with sqlite_db.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Office.__table__)) == 0


def test_a_savepoint_rolls_back_alone_on_sqlite(sqlite_db: Database) -> None:
    with sqlite_db.write(SYSTEM) as session:
        session.add(LocalInfo(key="kept", value="1"))
        nested = session.begin_nested()
        session.add(LocalInfo(key="undone", value="2"))
        session.flush()
        assert session.get(LocalInfo, "undone") is not None
        nested.rollback()
        session.add(LocalInfo(key="after", value="3"))
    with sqlite_db.read() as session:
        keys = set(session.scalars(select(LocalInfo.key)))
    assert keys == {"kept", "after"}


def test_constraints_carry_the_naming_convention(db: Database) -> None:
    inspector = inspect(db.engine)
    uniques = {c["name"] for c in inspector.get_unique_constraints("users")}
    assert "uq_users_office_id_username" in uniques
    foreign = {c["name"] for c in inspector.get_foreign_keys("users")}
    assert {"fk_users_office_id_offices", "fk_users_origin_office_id_offices"} <= foreign
    assert inspector.get_pk_constraint("users")["name"] == "pk_users"
    indexes = {i["name"] for i in inspector.get_indexes("worker_files")}
    assert "ix_worker_files_id_number" in indexes


def test_no_constraint_in_the_database_is_left_unnamed(db: Database) -> None:
    inspector = inspect(db.engine)
    unnamed = []
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        for kind, items in (
            ("unique", inspector.get_unique_constraints(table)),
            ("foreign key", inspector.get_foreign_keys(table)),
            ("index", inspector.get_indexes(table)),
        ):
            unnamed += [
                f"{table}: {kind} {item.get('column_names')}" for item in items if not item.get("name")
            ]
        if not inspector.get_pk_constraint(table).get("name"):
            unnamed.append(f"{table}: primary key")
    assert unnamed == []


def test_two_writers_that_read_first_wait_for_each_other_instead_of_failing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every unit of work reads (the audit tip) before it writes; on SQLite a deferred BEGIN would
    make the second of two such writers fail at once. Database.write takes the lock first."""
    import threading

    from songnuan_desktop.persistence.audit import Actor
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.persistence.models import AuditHead
    from sqlalchemy import select

    url = "sqlite:///" + str(tmp_path / "two.db")
    first, second = open_database(url, create=True), open_database(url)
    actor = Actor(None, "test")
    read_done, go_on = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with first.write(actor) as session:
                session.scalar(select(AuditHead.last_seq))
                read_done.set()
                go_on.wait(5)
                from songnuan_desktop.persistence import audit
                audit.append(session, actor, "test", "none")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    read_done.wait(5)
    timer = threading.Timer(0.3, go_on.set)
    timer.start()
    from songnuan_desktop.persistence import audit
    with second.write(actor) as session:  # waits for the first to commit, then appends after it
        audit.append(session, actor, "test", "none")
    thread.join(10)
    assert errors == []
    with second.read() as session:
        assert session.scalar(select(AuditHead.last_seq)) == 2
    from songnuan_desktop.services.audit.audit_log import verify_chain
    assert verify_chain(second).ok
    first.close()
    second.close()
