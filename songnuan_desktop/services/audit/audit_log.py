"""Reading and verifying the audit log's hash chain.

Damage is named for what it is: an entry whose content no longer matches its own hash was edited
(被修改); a gap in the numbers or a link that no longer holds means entries are missing or were put in
(缺失/插入); a chain that ends before its recorded tip lost its end (末尾被删除). A chain recomputed
after an edit holds together by itself: only an anchor kept outside the file (the tip printed on a
paper, carried in a package, kept at the county) shows it, see `check_anchor`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from songnuan_desktop.domain.audit_chain import GENESIS, entry_hash, short_tip
from songnuan_desktop.domain.codes import ENTITY_LABELS
from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.persistence.audit import hashed_fields
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.persistence.models import AuditEntry, AuditHead, TownshipAuditEntry

BATCH = 5_000
MAX_PROBLEMS = 50  # named one by one; beyond them only counted
MODIFIED, MISSING, INSERTED, TRUNCATED, REWRITTEN = "modified", "missing", "inserted", "truncated", "rewritten"
# The words for an entry's action in a problem; audit_text has the full list but reads this module.
_VERBS = {"create": "新建", "update": "修改", "delete": "删除"}


@dataclass(frozen=True)
class ChainProblem:
    """One place where the chain is damaged: what kind, at which entry, never the entry's values."""

    kind: str
    seq: int
    detail: str
    at: dt.datetime | None = None
    action: str = ""
    entity: str = ""

    @property
    def text(self) -> str:
        if self.at is None:
            return f"第 {self.seq} 条 — {self.detail}"
        when = local_text(self.at)
        what = f"{_VERBS.get(self.action, '其他操作')}{ENTITY_LABELS.get(self.entity, '其他记录')}"
        return f"第 {self.seq} 条（{when}，{what}）— {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    bad_seq: int | None = None
    reason: str = ""
    problems: tuple[ChainProblem, ...] = ()
    more: int = 0  # problems found beyond MAX_PROBLEMS
    tip: tuple[int, str] = (0, GENESIS)  # the last entry's number and hash as walked

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计日志完整：共 {self.entries} 条，哈希链校验通过（{short_tip(*self.tip)}）。"
        head = f"审计日志被改动：{self.problems[0].text}" if self.problems else \
            f"审计日志被改动：第 {self.bad_seq} 条 — {self.reason}"
        others = len(self.problems) - 1 + self.more
        return head + (f"；另有 {others} 处问题" if others > 0 else "")

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


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


class _Walk:
    """The chain read in order; every damaged place noted (the first MAX_PROBLEMS by name)."""

    def __init__(self) -> None:
        self.prev_hash, self.expected, self.count, self.last = GENESIS, 1, 0, 0
        self.problems: list[ChainProblem] = []
        self.more = 0

    def note(self, kind: str, seq: int, detail: str, entry: Any = None) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        at, action, entity = (entry.at, entry.action, entry.entity) if entry is not None else (None, "", "")
        self.problems.append(ChainProblem(kind, seq, detail, at, action, entity))

    def step(self, entry: Any) -> None:
        gap = entry.seq != self.expected
        if gap:
            missing = (f"第 {self.expected} 条" if entry.seq == self.expected + 1
                       else f"第 {self.expected}–{entry.seq - 1} 条")
            self.note(MISSING, entry.seq, f"缺少{missing}（记录被删除）", entry)
        if entry_hash(entry.prev_hash, hashed_fields(entry)) != entry.entry_hash:
            self.note(MODIFIED, entry.seq, "这条记录被修改：内容已被改动，与它记下的哈希不符", entry)
        elif entry.prev_hash != self.prev_hash and not gap:
            self.note(INSERTED, entry.seq, "与上一条的链接断开：此前有记录缺失或被插入，或上一条被改写后重算了哈希",
                      entry)
        self.prev_hash, self.expected, self.last = entry.entry_hash, entry.seq + 1, entry.seq
        self.count += 1

    def against_head(self, head: AuditHead) -> None:
        if head.last_seq > self.last:
            self.note(TRUNCATED, head.last_seq, f"日志末尾的记录被删除：链尾记着到第 {head.last_seq} 条，"
                      f"日志只到第 {self.last} 条")
        elif head.last_seq < self.last:
            self.note(INSERTED, head.last_seq + 1, f"链尾之后多出第 {head.last_seq + 1}–{self.last} 条（记录被插入）")
        elif head.last_hash != self.prev_hash:
            self.note(REWRITTEN, head.last_seq, "链尾的哈希与最后一条不符：日志被改写后重算过")

    def report(self) -> ChainReport:
        if not self.problems:
            return ChainReport(True, self.count, tip=(self.last, self.prev_hash))
        first = self.problems[0]
        return ChainReport(False, self.count, first.seq, first.detail, tuple(self.problems), self.more,
                           (self.last, self.prev_hash))


def _model(township_id: uuid.UUID | None) -> Any:
    return TownshipAuditEntry if township_id is not None else AuditEntry


def _entries(session: Any, township_id: uuid.UUID | None, up_to: int | None = None) -> Any:
    """The chain's entries in order, a batch at a time."""
    model = _model(township_id)
    last = 0
    while True:
        query = select(model).where(model.seq > last).order_by(model.seq).limit(BATCH)
        if township_id is not None:
            query = query.where(model.office_id == township_id)
        if up_to is not None:
            query = query.where(model.seq <= up_to)
        rows = session.scalars(query).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = rows[-1].seq
        session.expunge_all()


def verify_chain(db: Database, township_id: uuid.UUID | None = None) -> ChainReport:
    """Walk the whole chain; every entry whose content, link or number is off is named with its kind.

    With `township_id` (at the county): that township's log as merged from its packages
    (township_audit_log); its end is checked against the package's tip when the package is merged."""
    walk = _Walk()
    with db.read() as session:
        for entry in _entries(session, township_id):
            walk.step(entry)
        head = session.get(AuditHead, 1) if township_id is None else None
        if head is not None:
            walk.against_head(head)
    return walk.report()


def recent(db: Database, limit: int = 200, entity_id: str | None = None) -> list[AuditRow]:
    with db.read() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        if entity_id:
            query = query.where(AuditEntry.entity_id == entity_id)
        return [
            AuditRow(e.seq, e.at, e.username, e.action, e.entity, e.entity_id, e.before_json, e.after_json)
            for e in session.scalars(query)
        ]
