"""Many rows into one table at once: Core executemany, with a fast path for SQLite.

Used where thousands of rows go in together (the demo office, an Excel import, a county merge).
The rows bypass the ORM, so its per-row audit hook and its defaults do not run: the caller writes
one summary audit entry and gives every column a value.
"""

from __future__ import annotations

import datetime as dt
import gc
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Dialect, Table, Uuid, insert, inspect

CHUNK = 20_000  # rows per executemany: large enough to be fast, small enough to bound the memory


def bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (plain dicts keyed by column key) into `table` in the connection's transaction.

    Every row must carry every column of the table, defaults included: nothing fills them in. On
    SQLite the values are turned into their stored text here, column by column, exactly as
    SQLAlchemy's own SQLite types would store them, and handed to the driver's executemany: several
    times faster than Core for 100,000 rows. Other dialects take the plain Core executemany.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    columns = list(table.columns)
    keys = [c.key for c in columns]
    sql = str(insert(table).compile(dialect=conn.dialect, column_keys=keys))
    converters = [_sqlite_text(c, conn.dialect) for c in columns]
    pick = operator.itemgetter(*keys)
    for start in range(0, len(rows), CHUNK):
        values: list[Any] = list(zip(*map(pick, rows[start:start + CHUNK]), strict=True))  # column by column
        for i, convert in enumerate(converters):
            if convert is not None:
                values[i] = _converted(columns[i], convert, values[i])
        conn.exec_driver_sql(sql, list(zip(*values, strict=True)))


def _converted(column: Column[Any], convert: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """One column's values as the driver takes them."""
    if isinstance(column.type, DateTime):  # few distinct moments: convert each once
        text = {v: convert(v) for v in dict.fromkeys(values) if v is not None}
        text[None] = None
        return list(map(text.__getitem__, values))
    if column.nullable:
        return [None if v is None else convert(v) for v in values]
    return list(map(convert, values))


def _sqlite_text(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """The bind processor of `column` on SQLite; the common types by a faster equivalent."""
    if isinstance(column.type, Uuid):
        return operator.attrgetter("hex")
    if isinstance(column.type, DateTime):
        return _datetime_text
    if isinstance(column.type, Date):
        return dt.date.isoformat
    if isinstance(column.type, Boolean):
        return int
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _datetime_text(value: dt.datetime) -> str:
    """SQLAlchemy's SQLite DATETIME text: always six digits of microseconds."""
    text = value.isoformat(" ")
    return text if value.microsecond else text + ".000000"


def full_row(obj: Any) -> dict[str, Any]:
    """An unsaved ORM object as a row for `bulk_insert`: every column, the model's defaults filled in."""
    row: dict[str, Any] = {}
    for attr in inspect(obj).mapper.column_attrs:
        column = attr.columns[0]
        value = getattr(obj, attr.key)
        if value is None and column.default is not None:
            default = column.default
            value = default.arg(None) if default.is_callable else default.arg  # type: ignore[attr-defined]
        row[column.key] = value
    return row


@contextmanager
def bulk_cache(conn: Connection, kib: int) -> Iterator[None]:
    """A larger SQLite page cache (`kib` KiB) while bulk rows go in: random UUID keys scatter every index
    over the file, and a cache that holds them saves most of the page reads. No-op elsewhere."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size={-abs(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size or -2000)}")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while bulk rows are made and written: they are tens of thousands of
    short-lived dicts and lists without cycles, and its passes over them (and over every object the program
    holds) are pure cost. Process-wide; a cycle made meanwhile elsewhere is collected after. Where collection
    is already off (the window collects on its UI thread, ui.collector) nothing changes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
