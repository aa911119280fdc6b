"""Reading and verifying the audit log's hash chain."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from songnuan_desktop.domain.audit_chain import GENESIS, entry_hash
from songnuan_desktop.persistence.audit import hashed_fields
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, AuditHead, TownshipAuditEntry

BATCH = 5_000


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    bad_seq: int | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计日志完整：共 {self.entries} 条，哈希链校验通过。"
        return f"审计日志被改动：第 {self.bad_seq} 条 — {self.reason}"


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: str
    before_json: str
    after_json: str


def verify_chain(db: Database, township_id: uuid.UUID | None = None) -> ChainReport:
    """Walk the chain in order; the first entry whose content, link or number is off is named.

    With `township_id` (at the county): that township's log as merged from its packages
    (township_audit_log). The package is authenticated, so what the township's database held is what
    is checked here; its chain tip is not sent, so only a cut-off end would go unseen."""
    model: Any = TownshipAuditEntry if township_id is not None else AuditEntry
    prev_hash, expected_seq, count = GENESIS, 1, 0
    with db.read() as session:
        last = 0
        while True:
            query = select(model).where(model.seq > last).order_by(model.seq).limit(BATCH)
            if township_id is not None:
                query = query.where(model.office_id == township_id)
            rows = session.scalars(query).all()
            for entry in rows:
                problem = _problem(entry, expected_seq, prev_hash)
                if problem:
                    return ChainReport(False, count, entry.seq, problem)
                prev_hash, expected_seq, count = entry.entry_hash, entry.seq + 1, count + 1
            if len(rows) < BATCH:
                break
            last = rows[-1].seq
            session.expunge_all()
        head = session.get(AuditHead, 1) if township_id is None else None
    if head is not None and (head.last_seq != count or head.last_hash != prev_hash):
        return ChainReport(False, count, head.last_seq, "日志末尾的记录被删除（链尾与记录不符）")
    return ChainReport(True, count)


def _problem(entry: Any, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return f"缺少第 {expected_seq} 条（记录被删除）"
    if entry.prev_hash != prev_hash:
        return "与上一条的链接不符（前一条被改动或删除）"
    if entry_hash(entry.prev_hash, hashed_fields(entry)) != entry.entry_hash:
        return f"内容与哈希不符（{entry.action} {entry.entity} 被改动）"
    return ""


def recent(db: Database, limit: int = 200, entity_id: str | None = None) -> list[AuditRow]:
    with db.read() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        return [
            AuditRow(e.seq, e.at, e.username, e.action, e.entity, e.entity_id, e.before_json, e.after_json)
            for e in session.scalars(query)
        ]
