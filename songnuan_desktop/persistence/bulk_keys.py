"""PostgreSQL: foreign keys of COPYed rows checked once per table, not once per row.

PostgreSQL checks a foreign key of an inserted row by a trigger that runs one query per row and key after
the statement: for the county merge's million rows that was about half of the server's CPU (2.7 million
such queries; `perf` on the backend: 54 % of its samples under AfterTriggerEndQuery). `KeyChecks` lets the
caller insert with those triggers off for its own statements only (`SET LOCAL session_replication_role =
replica`, as pg_restore does) and then checks every foreign key of the rows it inserted by one query per
table, as the triggers would have: a row whose key columns are all set must find its parent row (MATCH
SIMPLE), and the parent rows are locked FOR KEY SHARE so that another transaction cannot delete them
before the commit. The caller names its rows by one column's value (a township's origin_office_id).

Only where it is allowed and changes nothing else: the role may set session_replication_role (a
superuser, or GRANT SET ON PARAMETER from PostgreSQL 15 on), and the tables have no trigger but the
foreign keys' own (a user trigger would be skipped too). Otherwise `KeyChecks.open` gives None and the
caller inserts with the triggers as usual. The setting is LOCAL: a rollback or the commit ends it, and the
caller turns it back after each of its COPY statements, so no other statement of the transaction (a
delete, the audit log) runs without its triggers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

_FOREIGN_KEYS = """
SELECT cl.relname, c.conname, parent.relname,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
       ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(n, i)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i),
       c.confmatchtype
FROM pg_constraint c
JOIN pg_class cl ON cl.oid = c.conrelid
JOIN pg_class parent ON parent.oid = c.confrelid
WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace AND cl.relname = ANY(%s)
ORDER BY cl.relname, c.conname
"""

_USER_TRIGGERS = """
SELECT count(*) FROM pg_trigger t JOIN pg_class cl ON cl.oid = t.tgrelid
WHERE NOT t.tgisinternal AND cl.relnamespace = current_schema()::regnamespace AND cl.relname = ANY(%s)
"""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class _Key:
    name: str
    table: str
    parent: str
    columns: tuple[str, ...]
    parent_columns: tuple[str, ...]

    def set_in(self, alias: str) -> str:
        return " AND ".join(f"{alias}.{_q(c)} IS NOT NULL" for c in self.columns)

    def matches(self, child: str, parent: str) -> str:
        return " AND ".join(f"{parent}.{_q(p)} = {child}.{_q(c)}"
                            for c, p in zip(self.columns, self.parent_columns, strict=True))

    def message(self) -> str:  # PostgreSQL's own words for the same refusal
        return f'insert or update on table "{self.table}" violates foreign key constraint "{self.name}"'


class KeyChecks:
    def __init__(self, conn: Connection, keys: list[_Key], parents_with: set[str], by: str) -> None:
        self._conn = conn
        self._keys: dict[str, list[_Key]] = {}
        for key in keys:
            self._keys.setdefault(key.table, []).append(key)
        self._parents_with = parents_with  # parent tables that have the `by` column
        self._by = by
        self._was = str(conn.exec_driver_sql("SELECT current_setting('session_replication_role')").scalar())

    @classmethod
    def open(cls, conn: Connection, tables: Sequence[str], by: str) -> KeyChecks | None:
        """Checks for `tables` on this connection, or None where the triggers must do it (see the module)."""
        if conn.dialect.name != "postgresql" or not _may_skip_triggers(conn):
            return None
        names = list(tables)
        if conn.exec_driver_sql(_USER_TRIGGERS, (names,)).scalar():
            return None
        keys = []
        for table, name, parent, columns, parent_columns, match in conn.exec_driver_sql(_FOREIGN_KEYS, (names,)):
            if match != "s":  # MATCH FULL (not used here): leave it to the triggers
                return None
            keys.append(_Key(name, table, parent, tuple(columns), tuple(parent_columns)))
        parents = sorted({k.parent for k in keys})
        with_by = {r[0] for r in conn.exec_driver_sql(
            "SELECT cl.relname FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid "
            "WHERE cl.relnamespace = current_schema()::regnamespace AND cl.relname = ANY(%s) "
            "AND a.attname = %s AND NOT a.attisdropped", (parents, by))}
        return cls(conn, keys, with_by, by)

    @contextmanager
    def unchecked(self) -> Iterator[None]:
        """This connection's own statements inside run without the foreign keys' triggers; `check` after."""
        self._conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        yield  # an error: the transaction is rolled back, and the setting with it
        self._conn.exec_driver_sql(f"SET LOCAL session_replication_role = {self._was}")

    def check(self, table: str, by_column: str, value: Any) -> str | None:
        """The rows of `table` whose `by_column` is `value` (all written by this transaction, and so every row
        of `value` in their parent tables): PostgreSQL's message for the first foreign key one of them breaks,
        or None when every one holds, the parent rows of other values then locked FOR KEY SHARE.

        One query for the table: its rows' key values, each distinct value looked up once in the parent's
        unique index (OFFSET 0 keeps the planner from hashing the whole parent table instead: without
        statistics it did, and the merge's checks grew with the county to 9.5 s)."""
        keys = self._keys.get(table, [])
        if not keys:
            return None
        columns = sorted({c for k in keys for c in k.columns})
        parts = []
        for i, key in enumerate(keys):
            cols = ", ".join(f"c.{_q(c)}" for c in key.columns)
            theirs = (f"p.{_q(self._by)} IS DISTINCT FROM %(value)s" if key.parent in self._parents_with
                      else "true")
            parts.append(
                f"SELECT {i}, count(*) FILTER (WHERE f.found IS NULL), count(*) FILTER (WHERE f.theirs) "
                f"FROM (SELECT DISTINCT {cols} FROM c WHERE {key.set_in('c')}) c "
                f"LEFT JOIN LATERAL (SELECT true AS found, {theirs} AS theirs FROM {_q(key.parent)} p "
                f"WHERE {key.matches('c', 'p')} OFFSET 0) f ON true")
        sql = (f"WITH c AS MATERIALIZED (SELECT {', '.join(_q(c) for c in columns)} FROM {_q(table)} "
               f"WHERE {_q(by_column)} = %(value)s) " + " UNION ALL ".join(parts))
        found = sorted(self._conn.exec_driver_sql(sql, {"value": value}).all())
        for i, missing, _theirs in found:
            if missing:
                return keys[i].message()
        for i, _missing, theirs in found:
            if theirs:
                self._lock(keys[i], by_column, value)
        return None

    def _lock(self, key: _Key, by_column: str, value: Any) -> None:
        """The parent rows of other values locked as the trigger locks them (those of `value` are this
        transaction's own: no other one sees them)."""
        inside = (f"EXISTS (SELECT 1 FROM {_q(key.table)} c WHERE c.{_q(by_column)} = %(value)s "
                  f"AND {key.matches('c', 'p')})")
        if key.parent in self._parents_with:
            inside += f" AND p.{_q(self._by)} IS DISTINCT FROM %(value)s"
        self._conn.exec_driver_sql(f"SELECT 1 FROM {_q(key.parent)} p WHERE {inside} FOR KEY SHARE OF p",
                                   {"value": value})


def _may_skip_triggers(conn: Connection) -> bool:
    raw: Any = conn.connection.driver_connection
    if raw.info.server_version >= 150000:
        sql = "SELECT has_parameter_privilege('session_replication_role', 'SET')"
    else:
        sql = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    return bool(conn.exec_driver_sql(sql).scalar())
