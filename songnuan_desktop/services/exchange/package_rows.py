"""The office's rows for a 报送包, read on a thread of their own while the caller zips and encrypts.

SQLite (json_array in C, the GIL released while it steps) and zlib/AES (the GIL released on large
buffers) then use both cores. All tables are read in one read transaction: the package is one snapshot.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table

from songnuan_desktop.exchange.format import Timings
from songnuan_desktop.persistence.models import Base

_FETCH = 5000
_END = object()


class Joined(str):
    """Several rows' JSON arrays joined by newlines, with how many rows they are."""

    rows: int

    def __new__(cls, text: str, rows: int) -> Joined:
        joined = super().__new__(cls, text)
        joined.rows = rows
        return joined


# Columns that never leave the office: the county gets who did what, not how they sign in.
# must_change_password: whether a user still has to replace a one-time password is the office's own matter
# (a township's users arrive at the county inactive anyway).
_WITHHELD = {("users", "password_hash"): "''", ("users", "must_change_password"): "FALSE"}


def _owner_column(table: Table) -> str:
    return "office_id" if table.name == "audit_log" else "origin_office_id"


def table_batches(conn: Connection, table: Table, office_id: uuid.UUID, timings: Timings) -> Iterator[Any]:
    """Batches of rows: on SQLite a `Joined` string of up to _FETCH rows' JSON arrays (json_array()),
    elsewhere lists of raw driver values.

    In a township's own database nearly every row is the office's, so SQLite is told to scan the table
    (`+column` keeps it off the office index, whose random lookups cost several times a scan)."""
    column = table.c[_owner_column(table)]
    bind = column.type.bind_processor(conn.dialect)
    value = bind(office_id) if bind else office_id
    names = ", ".join(_WITHHELD.get((table.name, c.name), c.name) for c in table.columns)
    started = time.perf_counter()
    if conn.dialect.name == "sqlite":
        # One step of SQLite per _FETCH rows, each returning them joined: the GIL is released for the
        # whole step, where a step per row would hand it back and forth with the zipping thread.
        raw: Any = conn.connection.driver_connection
        sql = (f"SELECT max(r), count(*), group_concat(j, char(10)) FROM (SELECT _rowid_ AS r, "
               f"json_array({names}) AS j FROM {table.name} WHERE _rowid_ > ? AND +{column.name} = ? "
               f"ORDER BY _rowid_ LIMIT {_FETCH})")
        last: int = -(2**63)
        while True:
            last_seen, count, joined = raw.execute(sql, (last, value)).fetchone()
            if not count:
                break
            last = last_seen
            timings.rows += time.perf_counter() - started
            yield Joined(joined, count)
            started = time.perf_counter()
    else:
        cursor = conn.exec_driver_sql(f"SELECT {names} FROM {table.name} WHERE {column.name} = %(o)s", {"o": value})
        while batch := cursor.fetchmany(_FETCH):
            timings.rows += time.perf_counter() - started
            yield list(batch)
            started = time.perf_counter()
    timings.rows += time.perf_counter() - started


class RowReader:
    """Reads `tables` in order on a thread; `table()` gives the next table's rows (or JSON lines' batches
    when `encoded`). Leaving the `with` stops the thread, also when the writer failed half-way."""

    def __init__(self, engine: Engine, tables: Sequence[str], office_id: uuid.UUID, timings: Timings) -> None:
        self.encoded = engine.dialect.name == "sqlite"
        self._engine, self._tables, self._office_id, self._timings = engine, tables, office_id, timings
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=16)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="package-rows", daemon=True)
        self.audit_tip: dict[str, Any] | None = None  # the audit chain's tip in the rows' snapshot

    def __enter__(self) -> RowReader:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _put(self, item: Any) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            with self._snapshot() as conn:
                # First, so the rows below are read in the snapshot this read starts (and is read in).
                sql = "SELECT last_seq, last_hash FROM audit_head WHERE id = 1"
                tip = (conn.connection.driver_connection.execute(sql).fetchone() if self.encoded  # its own BEGIN
                       else conn.exec_driver_sql(sql).first())
                self.audit_tip = {"seq": int(tip[0]), "hash": str(tip[1])} if tip is not None else None
                for name in self._tables:
                    for batch in table_batches(conn, Base.metadata.tables[name], self._office_id, self._timings):
                        if self._stop.is_set():
                            return
                        self._put(batch)
                    self._put(_END)
        except Exception as exc:  # noqa: BLE001 - handed to the writer's thread, which raises it
            self._put(exc)

    def _snapshot(self) -> Any:
        if self.encoded:
            conn = self._engine.connect()
            conn.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]
            return conn  # closing it returns it to the pool, which rolls the read transaction back
        return self._engine.connect().execution_options(isolation_level="REPEATABLE READ")

    def table(self) -> Iterator[Any]:
        return self._lines() if self.encoded else (row for batch in self._lines() for row in batch)

    def _lines(self) -> Iterator[Any]:
        while True:
            started = time.perf_counter()
            item = self._queue.get()
            self._timings.wait += time.perf_counter() - started
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
