"""Every change flushed through a service session lands in the hash-chained audit log.

Mapper events (`after_insert`, `after_update`, `after_delete` on every mapped class, see `install`)
turn each row the ORM writes into an audit entry, so no ORM change can go unlogged. Bulk paths that
write with Core statements (imports, proposals, transitions, vouchers, visit planning) fire no mapper
event: they log their rows themselves with `append_many` and `created_entries`/`changed_entries`.
Sessions carry their actor in `session.info["actor"]`; a write with no actor is refused, because an
anonymous change could not be answered for.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, event, insert, inspect, select, update
from sqlalchemy.orm import Session, object_session

from songnuan_desktop.domain.audit_chain import GENESIS, canonical, entry_hash
from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.persistence.base import Base, utcnow
from songnuan_desktop.persistence.bulk import bulk_insert
from songnuan_desktop.persistence.models_core import LOCAL_OFFICE_KEY, AuditEntry, AuditFileIndex, AuditHead, LocalInfo

SECRET_COLUMNS = frozenset({"password_hash"})
NOT_AUDITED = (AuditEntry, AuditHead, AuditFileIndex)
# A worker file's own row and the rows that belong to it: their entries are indexed by the file.
FILE_TABLE = "worker_files"
FILE_CHILD_TABLES = frozenset({"household_members", "hardship_causes", "income_items", "attachments",
                               "file_exclusions"})


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    username: str
    office_id: uuid.UUID | None = None


SYSTEM = Actor(None, "system")


class MissingActor(RuntimeError):
    """A session tried to write without saying who acts."""


def install() -> None:
    """Hook the audit log into every mapped class (idempotent)."""
    if event.contains(Base, "after_insert", _after_insert):
        return
    event.listen(Base, "after_insert", _after_insert, propagate=True)
    event.listen(Base, "after_update", _after_update, propagate=True)
    event.listen(Base, "after_delete", _after_delete, propagate=True)
    event.listen(Base, "before_update", _only_own, propagate=True)
    event.listen(Base, "before_delete", _only_own, propagate=True)
    event.listen(Session, "after_commit", _forget_head)
    event.listen(Session, "after_rollback", _forget_head)


def _only_own(_mapper: Any, _conn: Any, target: Any) -> None:
    """A row made by another office (a township's, merged at the county; the county's, sent back to a
    township) is read-only here: only that office changes it, and sends it again."""
    origin = getattr(target, "origin_office_id", None)
    session = object_session(target)
    actor = session.info.get("actor") if session is not None else None
    if origin is not None and actor is not None and actor.office_id is not None and origin != actor.office_id:
        raise PermissionDenied("read_only_record", "这条记录是其他单位建立并报送来的，在本单位只能查看，"
                               "不能修改或删除；如需更正，请由该单位修改后重新报送。", {"entity": target.__tablename__})


def _forget_head(session: Session) -> None:
    # The tip is read again, under lock, by the next transaction.
    session.info.pop("audit_head", None)


_AS_IS = frozenset({str, int, bool, float, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def plain_value(value: Any) -> Any:
    """A column's value as the log writes it (dates and ids as text): what a row read back is compared with."""
    return _plain(value)


def _snapshot(obj: Any, committed: bool = False) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if committed:
            hist = state.attrs[attr.key].history
            value = (hist.deleted or hist.unchanged or [None])[0]
        else:
            value = getattr(obj, attr.key)
        out[attr.key] = "***" if attr.key in SECRET_COLUMNS else _plain(value)
    return out


def _diff(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if attr.key in SECRET_COLUMNS:
            old, new = "***", "***（已更改）"
        before[attr.key], after[attr.key] = _plain(old), _plain(new)
    return before, after


def _entity_id(obj: Any) -> str:
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    return ":".join(str(v) for v in identity)


# Mapper events fire once per written row, orphans removed by a cascade included, after every
# default, key and foreign key is known and while the history still holds the old values.
def _after_insert(_mapper: Any, _conn: Any, target: Any) -> None:
    _record(target, "create", None, _snapshot(target))


def _after_update(_mapper: Any, _conn: Any, target: Any) -> None:
    before, after = _diff(target)
    if after:
        _record(target, "update", before, after)


def _after_delete(_mapper: Any, _conn: Any, target: Any) -> None:
    _record(target, "delete", _snapshot(target, committed=True), None)


def _record(target: Any, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    if isinstance(target, NOT_AUDITED):
        return
    session = object_session(target)
    if session is None:
        return
    actor = session.info.get("actor")
    if not isinstance(actor, Actor):
        raise MissingActor("写入数据库的会话没有注明操作人")
    append(session, actor, action, inspect(target).mapper.local_table.name, _entity_id(target), before, after,
           file_id=getattr(target, "worker_file_id", None))


def append(
    session: Session, actor: Actor, action: str, entity: str, entity_id: str = "",
    before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, file_id: Any = None,
) -> None:
    """Append one entry to the chain (also for events that change no row: login, showing an ID).
    `file_id`: the worker file a child row belongs to, when its logged values do not say (an update)."""
    append_many(session, actor, action, entity, [(entity_id, before, after)], file_id=file_id)


def append_many(
    session: Session, actor: Actor, action: str, entity: str,
    changes: Sequence[tuple[str, dict[str, Any] | None, dict[str, Any] | None]], file_id: Any = None,
) -> None:
    """Append one entry per (entity_id, before, after), in order, with one insert for them all.

    Rows written in bulk (an Excel import) get the same entries the mapper events give rows written
    one by one: `created_entries` makes them from the rows' values.
    """
    if not changes:
        return
    # A Table's name is SQLAlchemy's quoted_name, a str subclass: the driver looked for an adapter of it on
    # every row (10,000 attribute lookups in an import). The same text as a plain str.
    entity = str(entity)
    conn = session.connection()
    seq, prev = _head(session)
    at = utcnow()
    office_id = actor.office_id if actor.office_id is not None else _local_office(session)
    entries = []
    # The hashed fields every entry of this call shares, made plain once: `_hashed` of each entry, the same dict.
    shared = {"office_id": _plain(office_id), "at": _plain(at), "user_id": _plain(actor.user_id),
              "username": actor.username, "action": action, "entity": entity}
    for entity_id, before, after in changes:
        seq += 1
        entry_uuid = uuid.uuid4()
        before_json = canonical(before) if before is not None else ""
        after_json = canonical(after) if after is not None else ""
        values: dict[str, Any] = {
            "seq": seq, "uuid": entry_uuid, "office_id": office_id, "at": at, "user_id": actor.user_id,
            "username": actor.username, "action": action, "entity": entity, "entity_id": entity_id,
            "before_json": before_json, "after_json": after_json, "prev_hash": prev,
        }
        values["entry_hash"] = prev = entry_hash(prev, {**shared, "seq": seq, "uuid": str(entry_uuid),
                                                        "entity_id": entity_id, "before": before_json,
                                                        "after": after_json})
        entries.append(values)
    bulk_insert(conn, _table(AuditEntry), entries)
    if entity == FILE_TABLE or entity in FILE_CHILD_TABLES:
        index = [{"file_id": owner, "seq": values["seq"]} for values, (entity_id, before, after) in zip(
            entries, changes, strict=True) if (owner := file_of(entity, entity_id, before, after, file_id))]
        bulk_insert(conn, _table(AuditFileIndex), index)
    conn.execute(update(_table(AuditHead)).where(AuditHead.id == 1).values(last_seq=seq, last_hash=prev))
    session.info["audit_head"] = (seq, prev)


def file_of(entity: str, entity_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
            file_id: Any = None) -> uuid.UUID | None:
    """The worker file an entry is about, for the index (None: not a file's)."""
    if entity == FILE_TABLE:
        value: Any = entity_id
    elif entity in FILE_CHILD_TABLES:
        value = (after or {}).get("worker_file_id") or (before or {}).get("worker_file_id") or file_id
    else:
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def created_entries(rows: Sequence[dict[str, Any]]) -> list[tuple[str, None, dict[str, Any]]]:
    """The "create" entries of rows inserted in bulk, as the mapper event would write them."""
    # Most values are plain already, and the others (the office's id, a unit's, the day, the moment) repeat
    # down the rows: each is made plain once (10,000 rows × 50 columns in an import, issue 15 item 6).
    as_is, kept, made = _AS_IS, _KEPT, _Plained()
    return [(str(row["id"]), None, {k: "***" if k in SECRET_COLUMNS else v if type(v) in as_is else made[v]
                                    if type(v) in kept else _plain(v) for k, v in row.items()}) for row in rows]


_KEPT = frozenset({uuid.UUID, dt.date, dt.datetime})  # hashable, and never equal to one another


class _Plained(dict[Any, Any]):
    """value → _plain(value), made on first use. Keyed by the value: a date and a datetime are never equal."""

    def __missing__(self, value: Any) -> Any:
        self[value] = plain = _plain(value)
        return plain


def changed_entries(
    changes: Sequence[tuple[str, dict[str, Any], dict[str, Any]]],
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """The "update" entries of rows changed in bulk, as the mapper event writes them: (id, before, after)
    of the columns whose value changed, values made plain; rows with no change give no entry."""
    out = []
    for entity_id, before, after in changes:
        keys = [k for k in after if after[k] != before.get(k)]
        if keys:
            out.append((entity_id, {k: _plain(before.get(k)) for k in keys}, {k: _plain(after[k]) for k in keys}))
    return out


def _local_office(session: Session) -> uuid.UUID | None:
    """This database's office, for an entry whose actor names none (the command line, the system): every
    entry of an office's database is that office's, so its 报送包 carries the whole chain to the county."""
    # On the connection, not through the session: this may run inside a flush (the mapper events).
    value = session.connection().execute(select(LocalInfo.value).where(LocalInfo.key == LOCAL_OFFICE_KEY)).scalar()
    return uuid.UUID(value) if value else None


def _head(session: Session) -> tuple[int, str]:
    """The chain's tip, read once per transaction under a row lock (PostgreSQL) or the write lock (SQLite)."""
    cached = session.info.get("audit_head")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    conn = session.connection()
    table = _table(AuditHead)
    row = conn.execute(
        select(table.c.last_seq, table.c.last_hash).where(table.c.id == 1).with_for_update()
    ).first()
    if row is None:
        conn.execute(insert(table), {"id": 1, "last_seq": 0, "last_hash": GENESIS})
        return 0, GENESIS
    return int(row[0]), str(row[1])


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return _hashed({c.key: getattr(entry, c.key) for c in inspect(AuditEntry).mapper.column_attrs})


def _hashed(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": values["seq"], "uuid": _plain(values["uuid"]), "office_id": _plain(values["office_id"]),
        "at": _plain(values["at"]), "user_id": _plain(values["user_id"]), "username": values["username"],
        "action": values["action"], "entity": values["entity"], "entity_id": values["entity_id"],
        "before": values["before_json"], "after": values["after_json"],
    }
