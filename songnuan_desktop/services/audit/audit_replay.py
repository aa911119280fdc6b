"""Data rows against their audit history: the values that decide who is paid what, replayed from the log.

The audit hook logs every change made through the program: a row's "create" entry holds all its values,
each "update" the values it changed. Replaying those `after` values gives, for every row, what the
program last wrote into the fields that matter for money — a worker file's payee name, ID number, bank
and card; an item's payee, amount and state; a voucher's number, item and void. A row whose stored value
differs was changed outside the program (a sqlite3 shell, a hex editor): it is named by its file or
voucher number and the field's label, never by the values.

At the county the same replay runs on a township's rows (origin_office_id) against its merged log
(township_audit_log). The demo builder writes its rows in bulk with one summary entry; such rows have
no history to replay and are counted, not named, in a database whose log has that summary.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, or_, select

from songnuan_desktop.persistence.audit import plain_value
from songnuan_desktop.persistence.base import Base
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.audit.audit_text import FIELD_LABELS
from songnuan_desktop.services.office.office import local_office_id

# The fields that matter for money, per table.
TRACKED: dict[str, tuple[str, ...]] = {
    "worker_files": ("name", "id_number", "bank_name", "bank_card"),
    "assistance_items": ("worker_file_id", "amount_fen", "state"),
    "vouchers": ("number", "item_id", "voided_at"),
}
LABELS = {**FIELD_LABELS, "worker_file_id": "领取人档案", "number": "凭证号", "item_id": "所付名单项",
          "voided_at": "作废"}
NAMED_BY = {"worker_files": ("file_no",)}  # kept from the log to name a row that is gone
DEMO_ACTION = "demo_generate"
BATCH = 20_000
CHANGED, VANISHED, UNRECORDED = "changed", "vanished", "unrecorded"


@dataclass(frozen=True)
class ReplayFinding:
    kind: str  # changed | vanished (logged, not deleted by the program, gone) | unrecorded (no entry at all)
    table: str
    record: str  # 档案 HP-0012, 档案 HP-0012 的名单项, 凭证 2026-000123
    fields: tuple[str, ...] = ()  # the labels of the fields that differ

    @property
    def text(self) -> str:
        if self.kind == CHANGED:
            return f"{self.record}：{'、'.join(self.fields)}与审计日志记下的不同（在程序之外被改动）"
        if self.kind == VANISHED:
            return f"{self.record}：审计日志里有它，数据库里却没有了，也没有删除记录（在程序之外被删除）"
        return f"{self.record}：审计日志里没有它的建立记录（在程序之外写入）"


@dataclass(frozen=True)
class ReplayReport:
    checked: int  # rows compared
    findings: tuple[ReplayFinding, ...]
    bulk_rows: int  # rows of the demo's bulk writes, without a history
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def message(self) -> str:
        if self.ok:
            note = f"（另有 {self.bulk_rows} 行为演示数据批量写入，没有逐行记录）" if self.bulk_rows else ""
            return f"档案、名单项和凭证的关键字段与审计日志相符：核对 {self.checked} 行{note}。"
        return (f"发现 {len(self.findings)} 行关键字段与审计日志不符（在程序之外被改动）：请不要据此发放，"
                "从最近的备份恢复这些记录，并报告县总工会核查。")


def _log_table(township_id: uuid.UUID | None) -> Table:
    return Base.metadata.tables["township_audit_log" if township_id is not None else "audit_log"]


def _history(conn: Connection, township_id: uuid.UUID | None) -> tuple[dict[tuple[str, str], dict[str, Any]],
                                                                        dt.datetime | None]:
    """(table, row id) → the tracked fields' last values written by the program ({}: deleted); and when the
    demo's bulk write was logged (None: no demo here)."""
    log = _log_table(township_id)
    query = (select(log.c.at, log.c.action, log.c.entity, log.c.entity_id, log.c.after_json)
             .where(or_(log.c.entity.in_(TRACKED), log.c.action == DEMO_ACTION)).order_by(log.c.seq))
    if township_id is not None:
        query = query.where(log.c.office_id == township_id)
    known: dict[tuple[str, str], dict[str, Any]] = {}
    demo: dt.datetime | None = None
    for at, action, entity, entity_id, after_json in conn.execute(query).yield_per(BATCH):
        if action == DEMO_ACTION:
            demo = at
        elif action == "delete":
            known[(entity, entity_id)] = {}
        elif action in ("create", "update") and entity in TRACKED:
            fields = TRACKED[entity]
            if action == "update" and not any(f'"{f}"' in after_json for f in fields):
                continue  # most updates touch other columns: no JSON to read
            after = json.loads(after_json) if after_json else {}
            values = known.setdefault((entity, entity_id), {}) if action == "update" else {}
            values.update({f: after[f] for f in (*fields, *NAMED_BY.get(entity, ())) if f in after})
            values["\0alive"] = True
            known[(entity, entity_id)] = values
    return known, demo


def _rows(conn: Connection, name: str, origin: uuid.UUID | None) -> Iterator[Any]:
    table = Base.metadata.tables[name]
    query = select(table.c.id, *[table.c[f] for f in (*TRACKED[name], *NAMED_BY.get(name, ()))], table.c.created_at)
    if origin is not None:
        query = query.where(table.c.origin_office_id == origin)
    yield from conn.execute(query).yield_per(BATCH)


class _Names:
    """A row named for a person who checks it: by file number or voucher number, never a value."""

    def __init__(self, conn: Connection, origin: uuid.UUID | None) -> None:
        files, items = Base.metadata.tables["worker_files"], Base.metadata.tables["assistance_items"]
        query = select(files.c.id, files.c.file_no)
        if origin is not None:
            query = query.where(files.c.origin_office_id == origin)
        self.file_no = {str(i): str(n) for i, n in conn.execute(query)}
        query = select(items.c.id, items.c.worker_file_id)
        if origin is not None:
            query = query.where(items.c.origin_office_id == origin)
        self.item_file = {str(i): str(f) for i, f in conn.execute(query)}

    def of(self, name: str, row_id: str, values: dict[str, Any]) -> str:
        if name == "worker_files":
            return f"档案 {values.get('file_no') or self.file_no.get(row_id, '（编号不明）')}"
        if name == "assistance_items":
            file_id = str(values.get("worker_file_id") or self.item_file.get(row_id, ""))
            return f"档案 {self.file_no.get(file_id, '（编号不明）')} 的帮扶名单项"
        return f"凭证 {values.get('number') or '（编号不明）'}"


def replay_check(db: Database, township_id: uuid.UUID | None = None) -> ReplayReport:
    """Compare the money fields of every worker file, assistance item and voucher with their history: this
    office's rows against its audit_log, or with `township_id` (at the county) that township's rows against
    its merged log."""
    started = time.perf_counter()
    with db.read() as session:
        conn = session.connection()
        # At a township its own rows (a county's own hold none), at the county one township's.
        origin = township_id if township_id is not None else local_office_id(session)
        known, demo = _history(conn, township_id)
        names = _Names(conn, origin)
        findings: list[ReplayFinding] = []
        checked = bulk = 0
        for name, fields in TRACKED.items():
            seen: set[str] = set()
            for row in _rows(conn, name, origin):
                row_id = str(row[0])
                seen.add(row_id)
                values = dict(zip(fields, row[1:], strict=False))
                history = known.get((name, row_id))
                if history is None:
                    if demo is not None and row[-1] <= demo:  # written by the demo, before its summary entry
                        bulk += 1
                    else:
                        findings.append(ReplayFinding(UNRECORDED, name, names.of(name, row_id, {
                            "file_no": row[-2] if name == "worker_files" else None, **values})))
                    continue
                checked += 1
                differ = tuple(LABELS.get(f, f) for f in fields if f in history
                               and plain_value(values[f]) != history[f])
                if differ or not history:
                    record = names.of(name, row_id, {"file_no": row[-2] if name == "worker_files" else None,
                                                     **{f: history.get(f, values[f]) for f in fields}})
                    findings.append(ReplayFinding(CHANGED, name, record, differ or ("已删除的记录",)))
            findings.extend(ReplayFinding(VANISHED, table, names.of(table, row_id, values))
                            for (table, row_id), values in known.items()
                            if table == name and values and row_id not in seen)
    return ReplayReport(checked, tuple(findings), bulk, time.perf_counter() - started)
